"""The checks' test project: a source with one example of each thing the rules look
at, its French translation and glossary; helpers that edit and check its catalogs on
disk, and that build the rules' contexts in memory to call a rule directly."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from pubkit.catalogs import workflow
from pubkit.catalogs.pofile import FUZZY, read_catalog, write_catalog
from pubkit.catalogs.views import CatalogView, EntryView
from pubkit.checks.context import LanguageContext, SourceContext
from pubkit.checks.findings import Finding
from pubkit.checks.glossary import Glossary, Term
from pubkit.checks.runner import check_project
from pubkit.config import Project
from pubkit.locales.plurals import plural_forms
from pubkit.render.fonts import Fonts
from pubkit.source.segments import Segment

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
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
        if entry.msgid in fuzzy:
            entry.flags.append(FUZZY)
    write_catalog(catalog, path)


def line_of(project: Project, msgid: str, lang: str = "fr") -> int:
    entry = next(e for e in read_catalog(po_path(project, lang)) if e.msgid == msgid)
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


# -- in memory: a rule called directly on contexts built without files ----------------------

MEMORY_GLOSSARY = Glossary(
    "glossary.csv",
    ("fr", "bm"),
    (
        Term("JNIM", {"fr": "JNIM", "bm": "JNIM"}, "acronym, keep as is", 2),
        Term("junta", {"fr": "junte", "bm": "sɔrɔdasi fanga"}, "military junta", 3),
        Term("caliphate", {"fr": "califat"}, "", 4),
    ),
)
"""GLOSSARY, as read_glossary reads it."""


def memory_source(text: str = SOURCE) -> SourceContext:
    """SOURCE (or ``text``) as if read from content/doc.md, with the glossary."""
    return SourceContext.parse(text, path="content/doc.md", glossary=MEMORY_GLOSSARY)


def header(lang: str = "fr", **fields: str) -> dict[str, str]:
    """A valid header for ``lang``, with ``fields`` changed ("Language_Team": a dash)."""
    metadata = {
        "Project-Id-Version": "doc",
        "PO-Revision-Date": "2026-01-02 03:04+0000",
        "Last-Translator": "French translation team",
        "Language-Team": "French",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
    }
    metadata.update({name.replace("_", "-"): value for name, value in fields.items()})
    return metadata


def entry(
    msgid: str,
    msgstr: str = "",
    *,
    msgctxt: str | None = None,
    fuzzy: bool = False,
    comment: str = "Paragraph",
    line: int = 20,
    msgid_plural: str = "",
    forms: dict[int, str] | None = None,
) -> EntryView:
    flags = [FUZZY] if fuzzy else []
    return EntryView(msgid, msgstr, msgctxt, msgid_plural, forms or {}, flags, comment, line)


def memory_catalog(
    *entries: EntryView,
    lang: str = "fr",
    metadata: dict[str, str] | None = None,
    source: SourceContext | None = None,
    fonts: Fonts | None = None,
) -> LanguageContext:
    """The context of a catalog of ``entries`` under ``metadata`` (default: a valid
    header), with its PO text for the lines of header fields: line 3 is the first field."""
    metadata = header(lang) if metadata is None else metadata
    text = ['msgid ""', 'msgstr ""', *(f'"{name}: {value}\\n"' for name, value in metadata.items())]
    return LanguageContext.of(
        source or memory_source(),
        lang,
        CatalogView(metadata, entries),
        fonts=fonts,
        po_text="\n".join(text) + "\n",
    )


EntryRule = Callable[[Segment, EntryView, LanguageContext], Iterable[str]]


def messages(
    rule: EntryRule, msgid: str, msgstr: str, ctx: LanguageContext | None = None, **kw: Any
) -> list[str]:
    """What ``rule`` says of one entry (``kw``: see :func:`entry`), in ``ctx`` (default:
    a French catalog of that entry alone)."""
    item = entry(msgid, msgstr, **kw)
    ctx = ctx or memory_catalog(item)
    return list(rule(ctx.source.segment(item), item, ctx))
