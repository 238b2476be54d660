"""Merging: an old catalog brought up to date with a new template, losing no translation,
as ``msgmerge --previous`` does."""

from __future__ import annotations

import polib

from pubkit.catalogs.matching import Matcher
from pubkit.catalogs.pofile import FUZZY, Catalog
from pubkit.catalogs.poread import Entry, lone_blank
from pubkit.catalogs.template import nplurals_of, untranslated

FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
"""The header fields msgmerge takes from the template; the catalog's others stay."""


def merge_catalog(old: polib.POFile, pot: polib.POFile) -> Catalog:
    """Bring ``old`` up to date with ``pot`` without ever losing a translation.

    As ``msgmerge --previous``: an entry of the template takes the translation of the
    old entry with its msgctxt and msgid (obsolete or not; one whose msgid differs only
    in white space too, which msgmerge would mark fuzzy), else of the closest translated
    one, marked fuzzy with that entry's msgctxt and msgids as previous fields (its own
    previous fields if it was fuzzy already). The translator's comment, the fuzzy flag
    and the plural forms come from the old entry, everything else from the template. An
    old translated entry no template entry takes stays as an obsolete entry, its
    extracted comments and references dropped.
    """
    merged = Catalog(wrapwidth=79)
    merged.header = old.header
    merged.header_entry = old.header_entry if isinstance(old, Catalog) else None
    merged.metadata = dict(old.metadata)
    merged.metadata["POT-Creation-Date"] = merged.metadata.get("POT-Creation-Date", "")
    merged.metadata.update({k: pot.metadata[k] for k in FROM_TEMPLATE if k in pot.metadata})
    merged.metadata_is_fuzzy = old.metadata_is_fuzzy
    nplurals = nplurals_of(old.metadata)
    olds = [e for e in old if not e.obsolete] + old.obsolete_entries()
    exact = {(e.msgctxt, e.msgid): e for e in reversed(olds)}
    loose = {(e.msgctxt, _squash(e.msgid)): e for e in reversed(olds)}
    candidates = [e for e in olds if translated(e)]
    matcher = Matcher([e.msgid for e in candidates])
    used: set[int] = set()
    for template in pot:
        entry = untranslated(template, nplurals)
        source = exact.get((entry.msgctxt, entry.msgid)) or loose.get(
            (entry.msgctxt, _squash(entry.msgid))
        )
        if source is not None:
            _take(entry, source, nplurals, fuzzy=False)
        elif (best := matcher.best(entry.msgid)) is not None:
            source = candidates[best]
            _take(entry, source, nplurals, fuzzy=True)
        if source is not None:
            used.add(id(source))
        merged.append(entry)
    for source in old:  # in the order of the old catalog
        if id(source) not in used and translated(source):
            merged.append(_obsolete(source))
    return merged


def translated(entry: polib.POEntry) -> bool:
    """Whether ``entry`` holds a translation, as gettext tells: its first form is not empty."""
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)


def _take(entry: polib.POEntry, source: polib.POEntry, nplurals: int, fuzzy: bool) -> None:
    """Give the template's ``entry`` the translation of ``source``, as msgmerge does."""
    entry.tcomment = source.tcomment
    if isinstance(entry, Entry) and "#" in lone_blank(source):
        entry.lone_blank = entry.lone_blank | {"#"}
    # A translation of a singular message for a plural one, or the other way round,
    # needs the translator's eye.
    fuzzy = fuzzy or bool(entry.msgid_plural) != bool(source.msgid_plural)
    if not entry.msgid_plural:
        entry.msgstr = source.msgstr_plural.get(0, "") if source.msgid_plural else source.msgstr
    elif source.msgid_plural:
        entry.msgstr_plural = dict(source.msgstr_plural)
    else:
        entry.msgstr_plural = dict.fromkeys(range(nplurals), source.msgstr)
    if FUZZY in source.flags:
        # A translation already fuzzy keeps the text it was made for (if it says), so that
        # a second edit does not hide the first from the translator.
        entry.previous_msgctxt = source.previous_msgctxt
        entry.previous_msgid = source.previous_msgid
        entry.previous_msgid_plural = source.previous_msgid_plural
    elif fuzzy:
        entry.previous_msgctxt = source.msgctxt
        entry.previous_msgid = source.msgid
        entry.previous_msgid_plural = source.msgid_plural or None
    if fuzzy or FUZZY in source.flags:
        entry.flags = [FUZZY, *entry.flags]


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
