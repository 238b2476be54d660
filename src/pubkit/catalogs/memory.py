"""Many publications, one memory: what a project's other catalogs of a language already
translate prefills a publication's untranslated entries, as ``msgmerge --compendium``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from pubkit.catalogs.matching import Matcher
from pubkit.catalogs.pofile import FUZZY, Catalog, read_catalog
from pubkit.config import Project, Publication

PREFILLED = "prefilled from "
"""How a prefilled entry's translator comment begins, then the publication's domain:
``# prefilled from mali-islamists-rise``. A translator comment, because it is what
msgcat and msgmerge keep as it is, pubkit's update keeps with the translation, and
Poedit, Lokalize and Weblate show beside it (extracted ``#.`` comments are the
template's, replaced on every update; msgmerge itself records no source)."""


@dataclass(frozen=True)
class Remembered:
    """A translation another publication's catalog holds, and where it comes from."""

    msgctxt: str | None
    msgid: str
    msgstr: str
    fuzzy: bool
    tcomment: str
    domain: str


@dataclass(frozen=True)
class Prefill:
    """How many entries a catalog took from the memory: as translated, and as fuzzy."""

    exact: int = 0
    fuzzy: int = 0

    def __str__(self) -> str:
        total = self.exact + self.fuzzy
        if not total:
            return ""
        return f"{total} prefilled from other publications ({self.exact} exact, {self.fuzzy} fuzzy)"


def memory(project: Project, publication: Publication, lang: str) -> list[Remembered]:
    """The translations of ``lang`` in the catalogs of the project's other publications,
    in the order they are configured: what msgmerge would take from a compendium made of
    them (entries with a translation, obsolete ones left out)."""
    found = []
    for other in project.publications:
        path = project.po_path(other, lang)
        if other == publication or not os.path.lexists(path):
            continue
        catalog = read_catalog(path, project.relative(path), project.root)
        found += [
            Remembered(
                entry.msgctxt,
                entry.msgid,
                entry.msgstr,
                FUZZY in entry.flags,
                entry.tcomment or "",
                other.domain,
            )
            for entry in catalog
            if entry.msgstr and not entry.msgid_plural and not entry.obsolete
        ]
    return found


def prefill(catalog: Catalog, remembered: Sequence[Remembered]) -> Prefill:
    """Fill each untranslated entry of ``catalog`` from ``remembered``, as msgmerge
    fills a new catalog from a compendium: the same message (context, and text up to
    whitespace) as its translation, fuzzy if it was fuzzy there; else the most similar
    translated message (the similarity of pubkit's merge), fuzzy, with the text it
    translated as the previous msgid. A translation, even fuzzy, is never replaced.
    Each prefilled entry says where it comes from in a translator comment."""
    if not remembered:
        return Prefill()
    exact: dict[tuple[str | None, str], Remembered] = {}
    for item in remembered:  # the first configured publication, and a translated one, wins
        key = (item.msgctxt, _squash(item.msgid))
        if key not in exact or (exact[key].fuzzy and not item.fuzzy):
            exact[key] = item
    near = [item for item in remembered if not item.fuzzy]
    matcher = Matcher([item.msgid for item in near])
    counts = {"exact": 0, "fuzzy": 0}
    for entry in catalog:
        if entry.obsolete or entry.msgstr or entry.msgid_plural or FUZZY in entry.flags:
            continue
        same = exact.get((entry.msgctxt, _squash(entry.msgid)))
        if same is not None:
            item = same
            entry.msgstr = item.msgstr
            if item.fuzzy:
                entry.flags.append(FUZZY)
            counts["fuzzy" if item.fuzzy else "exact"] += 1
        else:
            best = matcher.best(entry.msgid)
            if best is None:
                continue
            item = near[best]
            entry.msgstr = item.msgstr
            entry.flags.append(FUZZY)
            entry.previous_msgctxt = item.msgctxt
            entry.previous_msgid = item.msgid
            counts["fuzzy"] += 1
        entry.tcomment = _comment(item)
    return Prefill(**counts)


def _comment(item: Remembered) -> str:
    """The source of a prefill, then the translator comments it had there (msgmerge
    copies those), without the note of an earlier prefill."""
    kept = [line for line in item.tcomment.splitlines() if not line.startswith(PREFILLED)]
    return "\n".join([PREFILLED + item.domain, *kept])


def _squash(text: str) -> str:
    return " ".join(text.split())
