"""Many publications, one memory: a project's catalogs prefill another publication's, as
``msgmerge --compendium`` does, saying where each prefill comes from."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pubkit.catalogs import workflow
from pubkit.catalogs.memory import PREFILLED, Remembered, prefill
from pubkit.catalogs.pofile import FUZZY, read_catalog, write_catalog
from pubkit.checks.runner import check_project
from pubkit.config import Project, load_project
from pubkit.errors import PubkitError

FRONT = """\
---
slug: {slug}
title: {title}
author: A. Writer
publisher: Rosa-Luxemburg-Stiftung
imprint:
  published_by: Published by the Rosa-Luxemburg-Stiftung West Africa Office
licence: {licence}
disclaimer: {disclaimer}
---

{body}
"""
LICENCE_TEXT = (
    "This publication or parts of it can be used by others for free as long as they "
    "provide a proper reference to the original publication."
)
VIEWS = (
    "The content of this publication does not necessarily reflect the {}views of the foundation."
)
FIRST = FRONT.format(
    slug="first",
    title="The junta under pressure",
    licence=LICENCE_TEXT,
    disclaimer=VIEWS.format(""),
    body="The army holds Gao.\n\nThe junta is under pressure.",
)
SECOND = FRONT.format(
    slug="second",
    title="Elections in the Sahel",
    licence=LICENCE_TEXT,
    disclaimer=VIEWS.format("official "),
    body="The junta is under pressure.\n\nThe junta postponed the elections.",
)
TOML = """\
source-language = "en"
glossary = "glossary.csv"

[[publications]]
source = "content/first.md"
domain = "first"
{second}
[languages.en]
[languages.fr]
fallback = ["en"]
"""
SECOND_PUBLICATION = '\n[[publications]]\nsource = "content/second.md"\ndomain = "second"\n'
FRENCH = {
    "The junta under pressure": "La junte sous pression",
    "Published by the Rosa-Luxemburg-Stiftung West Africa Office": (
        "Publié par le bureau Afrique de l'Ouest de la Rosa-Luxemburg-Stiftung"
    ),
    "This publication or parts of it can be used by others for free as long as they "
    "provide a proper reference to the original publication.": (
        "Cette publication peut être utilisée gratuitement par d'autres, en tout ou en "
        "partie, à condition de citer la publication originale."
    ),
    "The content of this publication does not necessarily reflect the views of the "
    "foundation.": "Le contenu de cette publication ne reflète pas nécessairement les "
    "positions de la fondation.",
    "The army holds Gao.": "L'armée tient Gao.",
    "The junta is under pressure.": "La junte est sous pression.",
}
LICENCE, DISCLAIMER = list(FRENCH)[2], list(FRENCH)[3]
NEW_DISCLAIMER = DISCLAIMER.replace("the views", "the official views")


def make(root: Path, second: bool) -> Project:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "first.md").write_text(FIRST, encoding="utf-8")
    (root / "content" / "second.md").write_text(SECOND, encoding="utf-8")
    (root / "glossary.csv").write_text("en,fr,note\njunta,junte,\n", encoding="utf-8")
    text = TOML.format(second=SECOND_PUBLICATION if second else "")
    (root / "pubkit.toml").write_text(text, encoding="utf-8")
    return load_project(root)


def translate(project: Project, domain: str, texts: dict[str, str], fuzzy: set[str]) -> None:
    [publication] = [p for p in project.publications if p.domain == domain]
    path = project.po_path(publication, "fr")
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            if entry.msgid in fuzzy:
                entry.flags.append(FUZZY)
    write_catalog(catalog, path)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The first publication translated into French, then a second one configured."""
    first = make(tmp_path / "project", second=False)
    workflow.init(first, ["en", "fr"])
    translate(first, "first", FRENCH, fuzzy={"The army holds Gao."})
    return make(tmp_path / "project", second=True)


def entries(project: Project, domain: str) -> dict[str, object]:
    [publication] = [p for p in project.publications if p.domain == domain]
    return {e.msgid: e for e in read_catalog(project.po_path(publication, "fr"))}


def test_update_creates_the_new_publications_catalogs_prefilled(project: Project) -> None:
    written = {w.path: w for w in workflow.update(project)}
    created = written["locale/fr/LC_MESSAGES/second.po"]
    assert created.changed
    assert created.detail == (
        "created: a configured language without a catalog; "
        "4 prefilled from other publications (3 exact, 1 fuzzy)"
    )
    assert written["locale/en/LC_MESSAGES/second.po"].detail == workflow.CREATED  # no prefill
    second = entries(project, "second")
    for msgid in (LICENCE, "The junta is under pressure."):  # boilerplate and body: exact
        entry = second[msgid]
        assert entry.msgstr == FRENCH[msgid] and FUZZY not in entry.flags  # type: ignore[attr-defined]
        assert entry.tcomment == "prefilled from first"  # type: ignore[attr-defined]
    near = second[NEW_DISCLAIMER]
    assert near.msgstr == FRENCH[DISCLAIMER] and FUZZY in near.flags  # type: ignore[attr-defined]
    assert near.previous_msgid == DISCLAIMER  # type: ignore[attr-defined]
    assert near.tcomment == "prefilled from first"  # type: ignore[attr-defined]
    assert second["Elections in the Sahel"].msgstr == ""  # type: ignore[attr-defined]
    assert second["The junta postponed the elections."].msgstr == ""  # type: ignore[attr-defined]
    # the first publication's catalog is left as it was: it had nothing to take
    assert "prefilled" not in written["locale/fr/LC_MESSAGES/first.po"].detail


def test_prefill_never_overwrites_a_translation(project: Project) -> None:
    workflow.update(project)
    mine = {LICENCE: "Ma licence à moi.", NEW_DISCLAIMER: "Mon avertissement."}
    translate(project, "second", mine, fuzzy={NEW_DISCLAIMER})
    path = project.po_path(project.publications[1], "fr")
    for entry in (catalog := read_catalog(path)):
        if entry.msgid == "The junta is under pressure.":
            entry.msgstr, entry.tcomment = "", ""  # cleared: taken from memory again
    write_catalog(catalog, path)
    details = {w.path: w.detail for w in workflow.update(project)}
    assert details["locale/fr/LC_MESSAGES/second.po"].endswith(
        "; 1 prefilled from other publications (1 exact, 0 fuzzy)"
    )
    second = entries(project, "second")
    assert second[LICENCE].msgstr == mine[LICENCE]  # type: ignore[attr-defined]
    assert second[NEW_DISCLAIMER].msgstr == mine[NEW_DISCLAIMER]  # type: ignore[attr-defined]
    again = second["The junta is under pressure."]
    assert again.msgstr == FRENCH["The junta is under pressure."]  # type: ignore[attr-defined]


def test_init_creates_only_the_missing_catalogs_prefilled(project: Project) -> None:
    first = project.po_path(project.publications[0], "fr")
    before = first.read_bytes()
    written = {w.path: w for w in workflow.init(project, ["fr"])}
    kept = written["locale/fr/LC_MESSAGES/first.po"]
    assert not kept.changed and kept.detail.startswith("exists: kept")
    assert first.read_bytes() == before  # never overwritten
    created = written["locale/fr/LC_MESSAGES/second.po"]
    assert created.detail == (
        "nplurals=2; plural=(n > 1); 4 prefilled from other publications (3 exact, 1 fuzzy)"
    )
    assert entries(project, "second")[LICENCE].msgstr == FRENCH[LICENCE]  # type: ignore[attr-defined]
    with pytest.raises(PubkitError, match="catalog exists already"):
        workflow.init(project, ["fr"])  # every catalog of French exists now


def test_exact_fuzzy_memory_stays_fuzzy_and_comments_follow() -> None:
    import polib

    catalog = polib.POFile()
    for msgid in ("Same words.", "Other words entirely different here.", "Kept."):
        catalog.append(polib.POEntry(msgid=msgid, msgstr="Gardé." if msgid == "Kept." else ""))
    remembered = [
        Remembered(None, "Same  words.", "Mêmes mots.", True, "Translator: check", "a"),
        Remembered(None, "Kept.", "Autre.", False, "", "a"),
    ]
    done = prefill(catalog, remembered)
    assert (done.exact, done.fuzzy) == (0, 1)
    same = catalog.find("Same words.")
    assert same is not None and same.msgstr == "Mêmes mots." and FUZZY in same.flags
    assert same.tcomment == f"{PREFILLED}a\nTranslator: check"
    kept = catalog.find("Kept.")
    assert kept is not None and kept.msgstr == "Gardé." and not kept.tcomment


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
def test_prefilled_catalogs_survive_msgcat(project: Project) -> None:
    workflow.update(project)
    path = project.po_path(project.publications[1], "fr")
    done = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
    assert done.stdout == path.read_bytes()
    assert b"# prefilled from first\n" in done.stdout


def test_the_glossary_is_shared_by_every_publication(project: Project) -> None:
    workflow.update(project)
    translate(
        project, "second", {"The junta postponed the elections.": "L'armée a reporté."}, set()
    )
    findings = [f for f in check_project(project, ["fr"]) if f.check == "glossary"]
    assert [(f.path, f.severity) for f in findings] == [
        ("locale/fr/LC_MESSAGES/second.po", "error")
    ]
    assert "'junte'" in findings[0].message
