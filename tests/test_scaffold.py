"""pubkit new: a publication repository made offline, refused over anything there, and
released at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pubkit import scaffold
from pubkit.catalogs.pofile import read_catalog
from pubkit.checks.runner import check_project
from pubkit.config import load_project
from pubkit.errors import PubkitError
from pubkit.scaffold import new_publication, slugify

from .conftest import THEME_LABELS
from .helpers import cli_env


def test_a_new_publication(tmp_path: Path) -> None:
    folder = tmp_path / "dakar"
    made = new_publication(folder, ["en", "fr", "wo"], "Water for Dakar's future")
    slug = "water-for-dakars-future"
    assert set(made.files) == {
        "pubkit.toml",
        f"content/{slug}.md",
        "locale/glossary.csv",
        ".gitignore",
        ".github/workflows/pubkit.yml",
        ".pre-commit-config.yaml",
        "requirements.txt",
        "README.md",
        f"locale/{slug}.pot",
        "locale/pubkit-theme.pot",
        *(f"locale/{lang}/LC_MESSAGES/{slug}.po" for lang in ("en", "fr", "wo")),
        *(f"locale/{lang}/LC_MESSAGES/pubkit-theme.po" for lang in ("en", "fr", "wo")),
    }
    assert all((folder / name).is_file() for name in made.files)
    project = load_project(folder)
    assert project.source_language == "en"
    assert [lang.code for lang in project.languages] == ["en", "fr", "wo"]
    assert [lang.threshold for lang in project.languages] == [100, 0, 0]
    assert read_catalog(project.theme_po_path("fr"))[1].msgstr == "Mentions légales"
    source = (folder / "content" / f"{slug}.md").read_text(encoding="utf-8")
    assert 'title: "Water for Dakar\'s future"' in source
    for block in ("::: lead", "::: pullquote", "## ", "**bold**", "[a link]("):
        assert block in source
    findings = check_project(project)
    assert [f for f in findings if f.severity == "error"] == []
    assert not any(f.check == "pullquote" for f in findings)  # the example's quote is right
    workflow = yaml.safe_load((folder / ".github/workflows/pubkit.yml").read_text())
    runs = [step.get("run") for step in workflow["jobs"]["publish"]["steps"]]
    assert "pubkit check" in runs and "pubkit release" in runs
    hooks = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"][0]["hooks"][0]["entry"] == "pubkit check"
    assert "/dist/" in (folder / ".gitignore").read_text()


@pytest.mark.parametrize(
    ("languages", "title", "message"),
    [
        ([], "T", "--languages needs at least one language code"),
        (["en", "french"], "T", "--languages: 'french' is not a language code"),
        (["en", "FR"], "T", "--languages: language code 'FR' must be written 'fr'"),
        (["en"], "two\nlines", "--title needs one line of text"),
        (["en"], "  ", "--title needs one line of text"),
    ],
)
def test_bad_arguments_write_nothing(
    tmp_path: Path, languages: list[str], title: str, message: str
) -> None:
    with pytest.raises(PubkitError) as error:
        new_publication(tmp_path / "new", languages, title)
    assert error.value.message.startswith(message)
    assert not (tmp_path / "new").exists()


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(PubkitError) as error:
        new_publication(tmp_path, ["en"], "A brief")
    assert str(error.value) == (
        f"{tmp_path}: the folder is not empty (1 entries): pubkit new makes a publication in "
        "a new or empty folder, and never writes over files"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with pytest.raises(PubkitError, match="is not a folder"):
        new_publication(tmp_path / "notes.txt", ["en"], "A brief")
    new_publication(tmp_path / "empty", ["fr"], "Une note")  # a new folder
    assert load_project(tmp_path / "empty").source_language == "fr"


def test_slugs() -> None:
    assert slugify("Mali's Islamists are on the rise") == "malis-islamists-are-on-the-rise"
    assert slugify("L'eau à Dakar — 2026") == "leau-a-dakar-2026"
    assert slugify("!!!") == "brief" and slugify("Pubkit Theme") == "brief"


class _Dist:
    def __init__(self, text: str | None) -> None:
        self.text = text

    def read_text(self, name: str) -> str | None:
        return self.text


@pytest.mark.parametrize(
    ("direct_url", "requirement"),
    [
        (None, ""),
        ({"url": "file:///tmp/x/pubkit-0.1.0-py3-none-any.whl", "archive_info": {}}, ""),
        (
            {"url": "https://example.org/pubkit-0.1.0-py3-none-any.whl", "archive_info": {}},
            "pubkit @ https://example.org/pubkit-0.1.0-py3-none-any.whl\n",
        ),
        (
            {"url": "https://example.org/pubkit", "vcs_info": {"vcs": "git", "commit_id": "abc"}},
            "pubkit @ git+https://example.org/pubkit@abc\n",
        ),
    ],
)
def test_ci_installs_pubkit_from_where_it_came(
    monkeypatch: pytest.MonkeyPatch, direct_url: Any, requirement: str
) -> None:
    text = None if direct_url is None else json.dumps(direct_url)
    monkeypatch.setattr(scaffold.metadata, "distribution", lambda name: _Dist(text))
    assert scaffold._requirement() == requirement


@pytest.mark.slow
def test_release_works_right_after_pubkit_new(tmp_path: Path) -> None:
    def pubkit(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pubkit", *args],
            cwd=cwd,
            env=cli_env(),
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    done = pubkit("new", "brief", "--languages", "en,fr,wo", "--title", "Water for Dakar")
    assert done.returncode == 0, done.stderr
    assert "wrote     brief/pubkit.toml" in done.stdout
    folder = tmp_path / "brief"
    done = pubkit("release", "--version", "0.1", cwd=folder)
    assert done.returncode == 0, done.stderr
    released = folder / "dist" / "water-for-dakar" / "0.1"
    for lang in ("en", "fr", "wo"):
        assert (released / f"water-for-dakar-{lang}.pdf").is_file()
        assert (released / f"water-for-dakar-{lang}-print.pdf").is_file()
    # Wolof has no translation of the theme's words: said, not silently English.
    wolof = f"locale/wo/LC_MESSAGES/pubkit-theme.po: {THEME_LABELS} labels are not translated"
    assert wolof in done.stderr
    again = pubkit("new", "brief", cwd=tmp_path)
    assert again.returncode == 1 and again.stderr.startswith("pubkit: brief: the folder is not")
