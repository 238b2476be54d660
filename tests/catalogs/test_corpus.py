"""The real catalogs of ../shared/corpora/po-real-world.tar.xz (git, gnome-shell, sphinx,
python-docs-fr): each read and written as ``msgcat`` writes it, or refused at file:line;
update as ``msgmerge --previous`` on the 25 that hold plural, obsolete and fuzzy entries."""

from __future__ import annotations

import shutil
import tarfile
from collections import Counter
from pathlib import Path

import pytest

from pubkit.catalogs import workflow
from pubkit.catalogs.merge import merge_catalog
from pubkit.catalogs.pofile import catalog_text, read_catalog
from pubkit.catalogs.poformat import format_po
from pubkit.catalogs.poread import parse_po
from pubkit.errors import PubkitError

from ..conftest import FIXTURES, REPO, MakeProject
from .gettext_tools import catalog_facts, msgcat, msgmerge
from .templates import derive_template

CORPUS = REPO.parent / "shared" / "corpora" / "po-real-world.tar.xz"
PROJECTS = {"git": 20, "gnome-shell": 94, "python-docs-fr": 123, "sphinx": 57}
"""Each project of the corpus and how many catalogs it holds."""

REFUSED = {
    "sphinx/tests/roots/test-intl/xx/LC_MESSAGES/table.po": "duplicate entry (first at line 31)",
}
"""Catalogs pubkit refuses, with the reason; msgcat refuses each of them too."""


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus unpacked once per session (never copied into the repository)."""
    if not CORPUS.is_file():
        pytest.fail(f"the real catalogs are missing: {CORPUS} (see HELPERS.md)", pytrace=False)
    target = tmp_path_factory.mktemp("corpus")
    with tarfile.open(CORPUS, "r:xz") as archive:
        archive.extractall(target, filter="data")
    return target / "catalog-fidelity"


@pytest.mark.slow
@pytest.mark.parametrize("project", PROJECTS)
def test_read_and_write_is_msgcat(corpus: Path, project: str) -> None:
    paths = sorted((corpus / project).rglob("*.po"))
    assert len(paths) == PROJECTS[project]
    problems = []
    for path in paths:
        name = str(path.relative_to(corpus))
        expected = msgcat(path)
        try:
            text = catalog_text(read_catalog(path, name), name)
        except PubkitError as error:
            if REFUSED.get(name) != error.message or error.line is None or expected is not None:
                problems.append(f"{error} (msgcat {'refuses' if expected is None else 'reads'} it)")
            continue
        if name in REFUSED:
            problems.append(f"{name}: read, expected refused: {REFUSED[name]}")
        elif expected is None:
            problems.append(f"{name}: read, but msgcat refuses it")
        elif text.encode("utf-8") != expected:
            problems.append(f"{name}: written otherwise than msgcat writes it")
    assert problems == []


def _body(text: str) -> str:
    """Everything after the header entry."""
    return text[text.find("\n\n") :]


def _header_lines(text: str) -> Counter[str]:
    """The header entry's lines (msgmerge moves the fields it knows to the front)."""
    return Counter(text[: text.find("\n\n")].splitlines())


@pytest.mark.slow
def test_update_is_msgmerge_previous(corpus: Path, tmp_path: Path) -> None:
    """Each sample catalog merged with a template its project's next release could bring
    (templates.py: messages gone, edited, turned plural or singular, given another
    context, obsolete ones back, new ones): pubkit keeps every translation msgmerge
    keeps, with the same fuzzy flags, previous fields, plural forms and comments."""
    names = (corpus / "merge-sample.txt").read_text(encoding="utf-8").split()
    assert len(names) == 25
    problems, seen = [], Counter[str]()
    for name in names:
        old = read_catalog(corpus / name, name)
        template = tmp_path / "next.pot"
        template.write_bytes(derive_template(old, name).encode("utf-8"))
        expected = msgmerge(corpus / name, template).decode("utf-8")
        text = format_po(merge_catalog(old, read_catalog(template)))
        entries = catalog_facts(text)[1]
        if entries != catalog_facts(expected)[1]:
            problems.append(f"{name}: entries differ from msgmerge's")
        elif _header_lines(text) != _header_lines(expected):
            problems.append(f"{name}: header lines differ from msgmerge's")
        elif _body(text) != _body(expected):
            problems.append(f"{name}: written otherwise than msgmerge writes it")
        for facts in entries:
            plural = "plural " if facts[3] else ""
            seen[f"{'obsolete' if facts[0] else 'active'} {plural}entries"] += 1
            seen["fuzzy entries"] += facts[5]
            seen["previous msgids"] += facts[7] is not None
    assert problems == []
    # The comparison is meaningful: it covered each kind of entry, many of each.
    assert min(seen.values()) >= 20, seen
    assert len(seen) == 6, seen


@pytest.mark.slow
def test_a_refused_catalog_is_left_as_it_was(
    corpus: Path, make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project((FIXTURES / "update" / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = project.po_path(project.publications[0], "fr")
    shutil.copyfile(corpus / next(iter(REFUSED)), path)
    before = path.read_bytes()
    with pytest.raises(PubkitError, match="duplicate entry") as caught:
        workflow.update(project)
    assert (caught.value.path, caught.value.line) == ("locale/fr/LC_MESSAGES/doc.po", 40)
    assert path.read_bytes() == before


def test_the_corpus_forms_without_the_corpus() -> None:
    """Not slow: the forms the corpus showed pubkit losing, read and written."""
    text = (
        'msgid ""\r\nmsgstr ""\r\n"Project-Id-Version:  x \\n"\r\n"X-Generator:Gedit \\n"\r\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\r\n\r\n'
        '#\r\n#.\r\n#: a.c:1 b.c : 2\r\nmsgid "a"\r\nmsgstr "b\u2028c\x85d"\r\n'
    )
    catalog = parse_po(text, "x.po")
    assert catalog.metadata["Project-Id-Version"] == "x"
    assert catalog.metadata["X-Generator"] == "Gedit"
    (entry,) = catalog
    assert (entry.tcomment, entry.comment, entry.msgstr) == ("\r", "\r", "b\u2028c\x85d")
    # gettext splits at spaces and tabs only: "2\r" is a file name, ":" another.
    assert entry.occurrences == [("a.c", "1"), ("b.c", ""), (":", ""), ("2\r", "")]
    header = 'msgid ""\nmsgstr ""\n"Project-Id-Version:  x \\n"\n"X-Generator:Gedit \\n"\n'
    header += '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    assert format_po(catalog).startswith(header + "\n# \r\n#. \r\n#: a.c:1 b.c : 2\r\nmsgid")
