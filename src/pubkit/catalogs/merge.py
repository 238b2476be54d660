"""Merging: an old catalog brought up to date with a new template, losing no translation,
as ``msgmerge --previous`` does."""

from __future__ import annotations

import re

import polib

from pubkit.catalogs.matching import Matcher
from pubkit.catalogs.pofile import FUZZY, Catalog
from pubkit.catalogs.poread import Entry, lone_blank
from pubkit.catalogs.template import nplurals_of, untranslated

_RANGE = re.compile(r"(?:^|[\s,])range:[\s,]+([0-9]+)\.\.([0-9]+)")
FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
"""The header fields msgmerge takes from the template; the catalog's others stay."""


def merge_catalog(old: polib.POFile, pot: polib.POFile) -> Catalog:
    """Bring ``old`` up to date with ``pot`` without ever losing a translation.

    As ``msgmerge --previous``: an entry of the template takes the translation of the
    old entry with its msgctxt and msgid (obsolete or not; one whose msgid differs only
    in white space too, where msgmerge would look for the closest), else of the closest
    translated one (:class:`~pubkit.catalogs.matching.Matcher`), marked fuzzy. The
    translator's comment, the fuzzy flag and the translation come from the old entry,
    everything else from the template. A fuzzy translation shows the msgctxt and msgids
    it was made for (``#|``): the old entry's, or its own previous ones if it was fuzzy
    already. An old entry no template entry takes stays as an obsolete entry, its
    extracted comments and references dropped.
    """
    merged = Catalog(wrapwidth=79)
    merged.header = old.header
    merged.header_entry = old.header_entry if isinstance(old, Catalog) else None
    merged.metadata = dict(old.metadata)
    merged.metadata.update({k: pot.metadata[k] for k in FROM_TEMPLATE if k in pot.metadata})
    merged.metadata_is_fuzzy = old.metadata_is_fuzzy
    nplurals = nplurals_of(old)
    olds = [e for e in old if not e.obsolete] + old.obsolete_entries()
    exact = {(e.msgctxt, e.msgid): e for e in reversed(olds)}
    loose = {(e.msgctxt, _squash(e.msgid)): e for e in reversed(olds)}
    candidates = [e for e in old if translated(e)]  # in the catalog's order, as msgmerge
    matcher = Matcher([e.msgid for e in candidates], [e.msgctxt for e in candidates])
    used: set[int] = set()
    for template in pot:
        entry = untranslated(template, nplurals)
        source = exact.get((entry.msgctxt, entry.msgid)) or loose.get(
            (entry.msgctxt, _squash(entry.msgid))
        )
        fuzzy = False
        if source is None:
            best = matcher.best(entry.msgid, entry.msgctxt)
            source, fuzzy = (None, False) if best is None else (candidates[best], True)
        if source is not None:
            _take(entry, source, nplurals, fuzzy)
            used.add(id(source))
        merged.append(entry)
    for source in old:  # in the order of the old catalog
        if id(source) not in used and translated(source):
            merged.append(_obsolete(source))
    return merged


def translated(entry: polib.POEntry) -> bool:
    """Whether ``entry`` holds a translation, as gettext tells: its first form is not empty."""
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)


def _take(entry: Entry, source: polib.POEntry, nplurals: int, fuzzy: bool) -> None:
    """Give the template's ``entry`` the translation of ``source``, as msgmerge's
    message_merge does."""
    entry.tcomment = source.tcomment
    if "#" in lone_blank(source):
        entry.lone_blank = entry.lone_blank | {"#"}
    if not entry.msgid_plural:
        entry.msgstr = source.msgstr_plural.get(0, "") if source.msgid_plural else source.msgstr
    elif source.msgid_plural:
        entry.msgstr_plural = dict(source.msgstr_plural)
    else:  # the one translation for every form, for the translator to tell apart
        entry.msgstr_plural = dict.fromkeys(range(nplurals), source.msgstr)
    # A translation made for another plural, or for another range of numbers, needs
    # the translator's eye.
    fuzzy = fuzzy or FUZZY in source.flags or entry.msgid_plural != source.msgid_plural
    old_range, new_range = _range(source.flags), _range(entry.flags)
    if old_range and not (
        new_range and old_range[0] <= new_range[0] <= new_range[1] <= old_range[1]
    ):
        fuzzy = True
    if not (fuzzy and translated(entry)):
        return
    entry.flags = [FUZZY, *entry.flags]
    if FUZZY in source.flags:
        # A translation already fuzzy keeps the text it was made for (if it says), so that
        # a second edit does not hide the first from the translator.
        entry.previous_msgctxt = source.previous_msgctxt
        entry.previous_msgid = source.previous_msgid
        entry.previous_msgid_plural = source.previous_msgid_plural
    else:
        entry.previous_msgctxt = source.msgctxt
        entry.previous_msgid = source.msgid
        entry.previous_msgid_plural = source.msgid_plural or None


def _range(flags: list[str]) -> tuple[int, int] | None:
    """The "range: MIN..MAX" of a flag list, as gettext reads it, if any."""
    found = _RANGE.search(" ".join(flags))
    if found is None or int(found.group(1)) > int(found.group(2)):
        return None
    return int(found.group(1)), int(found.group(2))


def _obsolete(source: polib.POEntry) -> polib.POEntry:
    """``source`` as an obsolete entry: all it holds but its extracted comments and
    references, which belong to a source text no longer there."""
    entry = Entry(
        msgid=source.msgid,
        msgctxt=source.msgctxt,
        msgstr=source.msgstr,
        msgid_plural=source.msgid_plural,
        msgstr_plural=dict(source.msgstr_plural),
        tcomment=source.tcomment,
        flags=list(source.flags),
        previous_msgctxt=source.previous_msgctxt,
        previous_msgid=source.previous_msgid,
        previous_msgid_plural=source.previous_msgid_plural,
        obsolete=True,
    )
    entry.lone_blank = lone_blank(source) & {"#"}
    return entry


def _squash(text: str) -> str:
    return " ".join(text.split())
