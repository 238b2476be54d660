"""Merging: an old catalog brought up to date with a new template, losing no translation."""

from __future__ import annotations

import polib

from pubkit.catalogs.matching import Matcher
from pubkit.catalogs.pofile import FUZZY, Catalog
from pubkit.catalogs.template import nplurals, untranslated


def merge_catalog(old: Catalog, pot: Catalog) -> Catalog:
    """Bring ``old`` up to date with ``pot`` without ever losing a translation.

    Unchanged entries keep their translation; changed ones take the closest old
    translation, marked fuzzy with the previous msgid (as ``msgmerge --previous``);
    entries no longer in the source stay as obsolete entries.
    """
    merged = polib.POFile(wrapwidth=79)
    merged.header = old.header
    merged.metadata = dict(old.metadata)
    merged.metadata["POT-Creation-Date"] = pot.metadata.get(
        "POT-Creation-Date", merged.metadata.get("POT-Creation-Date", "")
    )
    merged.metadata_is_fuzzy = old.metadata_is_fuzzy
    olds = [e for e in old if not e.obsolete] + old.obsolete_entries()
    exact = {(e.msgctxt, e.msgid): e for e in reversed(olds)}
    loose = {(e.msgctxt, _squash(e.msgid)): e for e in reversed(olds)}
    used: set[int] = set()
    pending: list[polib.POEntry] = []
    count = nplurals(merged)
    for template in pot:
        entry = untranslated(template, count)
        match = exact.get((entry.msgctxt, entry.msgid)) or loose.get(
            (entry.msgctxt, _squash(entry.msgid))
        )
        if match is not None:
            used.add(id(match))
            entry.msgstr = match.msgstr
            if entry.msgid_plural and match.msgid_plural:
                entry.msgstr_plural = dict(match.msgstr_plural)
            entry.tcomment = match.tcomment
            entry.flags = list(match.flags)
            if FUZZY in match.flags:
                entry.previous_msgctxt = match.previous_msgctxt
                entry.previous_msgid = match.previous_msgid
        else:
            pending.append(entry)
        merged.append(entry)
    candidates = [e for e in olds if id(e) not in used and e.msgstr]
    matcher = Matcher([e.msgid for e in candidates])
    for entry in pending:
        best = matcher.best(entry.msgid)
        if best is None:
            continue
        source = candidates[best]
        used.add(id(source))
        entry.msgstr = source.msgstr
        entry.tcomment = source.tcomment
        entry.flags = [FUZZY, *(f for f in source.flags if f != FUZZY)]
        # As msgmerge: a translation already fuzzy keeps the text it was made for, so
        # that a second edit does not hide the first from the translator.
        previous = FUZZY in source.flags and source.previous_msgid
        entry.previous_msgctxt = source.previous_msgctxt if previous else source.msgctxt
        entry.previous_msgid = source.previous_msgid if previous else source.msgid
    for source in olds:
        if id(source) in used or not (source.msgstr or any(source.msgstr_plural.values())):
            continue
        kept = polib.POEntry(
            msgid=source.msgid,
            msgctxt=source.msgctxt,
            msgstr=source.msgstr,
            tcomment=source.tcomment,
            flags=list(source.flags),
            obsolete=True,
        )
        if source.msgid_plural:
            kept.msgid_plural = source.msgid_plural
            kept.msgstr_plural = dict(source.msgstr_plural)
        merged.append(kept)
    return merged


def _squash(text: str) -> str:
    return " ".join(text.split())
