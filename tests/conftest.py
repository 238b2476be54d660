"""Shared fixtures: small throw-away projects, fixed dates, golden-file comparison."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from pubkit.catalogs.pofile import read_catalog, write_catalog
from pubkit.config import Project, load_project
from pubkit.theme.files import PACKAGED
from pubkit.theme.labels import Labels

REPO = Path(__file__).resolve().parent.parent
THEME_LABELS = (PACKAGED / "pubkit-theme.pot").read_text(encoding="utf-8").count("\nmsgctxt ")
"""How many labels the default theme has."""
THEME_FONTS = PACKAGED / "fonts"
"""The default theme's fonts (the Noto fonts the tests print with)."""
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REGENERATE = os.environ.get("PUBKIT_REGENERATE_GOLDEN") == "1"

# A shell started in the background (`make test &`, some CI runners) ignores SIGINT, and
# the processes it starts inherit that: the tests that interrupt pubkit with SIGINT would
# then see it ignored. A handler, unlike SIG_IGN, is reset to the default by exec.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

PUBKIT_TOML = """\
source-language = "en"
glossary = "glossary.csv"

[[publications]]
source = "content/doc.md"
domain = "doc"

[languages.en]
[languages.fr]
fallback = ["en"]
threshold = 100
[languages.bm]
fallback = ["fr", "en"]
threshold = 100
"""


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2026-01-02 03:04 UTC: catalogs and PDFs carry dates, goldens must not move.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767323040")


MakeProject = Callable[..., Project]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """A project in tmp_path with the given source text, printed with the default theme."""

    def make(source: str, toml: str = PUBKIT_TOML, glossary: str = "en,fr,bm,note\n") -> Project:
        root = tmp_path / "project"
        (root / "content").mkdir(parents=True, exist_ok=True)
        (root / "pubkit.toml").write_text(toml, encoding="utf-8")
        (root / "content" / "doc.md").write_text(source, encoding="utf-8")
        (root / "glossary.csv").write_text(glossary, encoding="utf-8")
        return load_project(root)

    return make


def assert_golden(actual: str, golden: Path) -> None:
    """Compare with a golden file; PUBKIT_REGENERATE_GOLDEN=1 rewrites it on purpose."""
    if REGENERATE or not golden.exists():
        if not REGENERATE:
            pytest.fail(f"golden file {golden} is missing: run with PUBKIT_REGENERATE_GOLDEN=1")
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def copy_real_project(target: Path) -> Project:
    """The files of the real project that a build or a release reads, copied to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "pyproject.toml", target / "pyproject.toml")
    for folder in ("content", "locale"):
        shutil.copytree(REPO / folder, target / folder)
    return load_project(target)


def set_office(project: Project, lang: str, office: str) -> None:
    """Translate the office name(s) in ``lang``'s catalog of the theme's words."""
    path = project.theme_po_path(lang)
    catalog = read_catalog(path)
    found = [entry for entry in catalog if entry.msgctxt == "office"]
    assert found
    for entry in found:
        entry.msgstr = office
    write_catalog(catalog, path)


def copy_theme(project: Project) -> Path:
    """The default theme copied whole into the project's theme folder (styles/), as a
    project that replaces every file would have it; the folder."""
    shutil.copytree(PACKAGED, project.styles_dir)
    return project.styles_dir


def labels_of(project: Project, lang: str) -> Labels:
    """The theme's words as ``lang``'s editions print them."""
    from pubkit.render.edition import make_edition

    return make_edition(project, project.publications[0], lang).labels


def set_msgstr(project: Project, lang: str, texts: dict[str, str]) -> None:
    """Set the msgstr of entries by msgid, through pubkit's catalog API."""
    path = project.po_path(project.publications[0], lang)
    catalog = read_catalog(path)
    found = set()
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            found.add(entry.msgid)
    assert found == set(texts)
    write_catalog(catalog, path)
