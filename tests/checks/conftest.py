"""The checks' test project: a source with one example of each thing the rules look
at, its French translation and glossary, and helpers that edit and check its catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubkit.catalogs import catalog as cat
from pubkit.catalogs import workflow
from pubkit.checks.findings import Finding
from pubkit.checks.runner import check_project
from pubkit.config import Project

from ..conftest import MakeProject

SOURCE = """\
---
slug: doc
title: The junta of Mali
author: A. Writer
publisher: Pub
---

## Why Bamako?

The 20,000-strong army lost **Kidal** in 2023 to the [JNIM](https://example.org/jnim).

Both leaders want an "Islamic caliphate" in Mali. The rest is *detail*: 5 %.

::: pullquote
Both leaders want an "Islamic caliphate" in Mali.
:::

## Assimi Goïta

Kouffa met the juntas of [Burkina Faso](missing:) at 14:30.

Then Khouffa left; Kouffa stayed.
"""
TITLE = "The junta of Mali"
HEADING = "Why Bamako?"
ARMY = "The 20,000-strong army lost **Kidal** in 2023 to the [JNIM](https://example.org/jnim)."
LEADERS = 'Both leaders want an "Islamic caliphate" in Mali. The rest is *detail*: 5 %.'
QUOTE = 'Both leaders want an "Islamic caliphate" in Mali.'
NAMES = "Assimi Goïta"
MEETING = "Kouffa met the juntas of [Burkina Faso](missing:) at 14:30."
LEFT = "Then Khouffa left; Kouffa stayed."

FRENCH = {
    TITLE: "La junte du Mali",
    HEADING: "Pourquoi Bamako ?",
    ARMY: "L’armée de 20\u202f000 hommes a perdu **Kidal** en 2023 face au "
    "[JNIM](https://example.org/jnim).",
    LEADERS: "Les deux chefs veulent un « califat islamique » au Mali. "
    "Le reste est un *détail* : 5 %.",
    QUOTE: "Les deux chefs veulent un « califat islamique » au Mali.",
    NAMES: NAMES,
    MEETING: "Kouffa a rencontré les juntes du [Burkina Faso](missing:) à 14:30.",
    LEFT: "Puis Khouffa est parti ; Kouffa est resté.",
}
GLOSSARY = """\
en,fr,bm,note
JNIM,JNIM,JNIM,"acronym, keep as is"
junta,junte,sɔrɔdasi fanga,military junta
caliphate,califat,,
"""


# -- helpers --------------------------------------------------------------------------------


def po_path(project: Project, lang: str = "fr") -> Path:
    return project.po_path(project.publications[0], lang)


def translate(
    project: Project, lang: str, texts: dict[str, str], fuzzy: frozenset[str] = frozenset()
) -> None:
    """Set the msgstr (and fuzzy flag) of entries by msgid, through pubkit's catalog API."""
    path = po_path(project, lang)
    catalog = cat.read_catalog(path)
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
        if entry.msgid in fuzzy:
            entry.flags.append(cat.FUZZY)
    cat.write_catalog(catalog, path)


def line_of(project: Project, msgid: str, lang: str = "fr") -> int:
    entry = next(e for e in cat.read_catalog(po_path(project, lang)) if e.msgid == msgid)
    return int(entry.linenum)


def edit_po(project: Project, old: str, new: str, lang: str = "fr") -> None:
    path = po_path(project, lang)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def of(findings: list[Finding], check: str, lang: str | None = "fr") -> list[Finding]:
    return [f for f in findings if f.check == check and f.lang == lang]


@pytest.fixture
def french(make_project: MakeProject) -> Project:
    """A project whose French catalog is completely and correctly translated."""
    project = make_project(SOURCE, glossary=GLOSSARY)
    workflow.init(project, ["en", "fr"])
    translate(project, "fr", FRENCH)
    return project


def changed(project: Project, msgid: str, msgstr: str, lang: str = "fr") -> list[Finding]:
    translate(project, lang, {msgid: msgstr})
    return check_project(project, [lang])
