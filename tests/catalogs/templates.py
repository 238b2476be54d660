"""A new template for an existing catalog, as a project's next release would bring: some
messages gone, some edited, some turned plural or singular, some given another context,
some obsolete ones back, some new. Seeded, so that every run merges the same."""

from __future__ import annotations

import random

from pubkit.catalogs.poformat import format_po
from pubkit.catalogs.poread import Catalog, Entry

TEMPLATE_HEADER = {
    "Project-Id-Version": "next",
    "Report-Msgid-Bugs-To": "bugs@example.org",
    "POT-Creation-Date": "2030-01-02 03:04+0000",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def edited(text: str, rng: random.Random) -> str:
    """``text`` after a small edit, of the kind that makes a translation fuzzy: a word
    inserted where a space is (or at the end)."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    at = rng.choice(spaces) if spaces else len(text)
    return f"{text[:at]} revised{text[at:]}"


def derive_template(catalog: Catalog, seed: str) -> str:
    """The text of a template for ``catalog``'s project after a release's changes."""
    rng = random.Random(seed)
    pot = Catalog(wrapwidth=79)
    pot.metadata = dict(TEMPLATE_HEADER)
    pot.metadata_is_fuzzy = ["fuzzy"]
    keys: set[tuple[str | None, str]] = set()

    def add(entry: Entry) -> None:
        if entry.msgid and (entry.msgctxt, entry.msgid) not in keys:
            keys.add((entry.msgctxt, entry.msgid))
            pot.append(entry)

    for old in catalog:
        if old.obsolete and rng.random() >= 0.2:
            continue  # most obsolete messages stay gone; the others come back
        change = rng.random()
        if change < 0.08 and not old.obsolete:
            continue  # the message is gone
        entry = Entry(
            msgid=old.msgid,
            msgctxt=old.msgctxt,
            msgid_plural=old.msgid_plural,
            msgstr_plural={0: "", 1: ""} if old.msgid_plural else {},
            comment=old.comment,
            occurrences=list(old.occurrences),
            flags=[flag for flag in old.flags if flag != "fuzzy"],
        )
        if change < 0.16:
            entry.msgid = edited(old.msgid, rng)
            if old.msgid_plural and rng.random() < 0.5:
                entry.msgid_plural = edited(old.msgid_plural, rng)
        elif change < 0.18:  # a singular message becomes plural, or a plural one singular
            entry.msgid_plural = "" if old.msgid_plural else f"{old.msgid} (several)"
            entry.msgstr_plural = {} if old.msgid_plural else {0: "", 1: ""}
        elif change < 0.20:
            entry.msgctxt = f"{old.msgctxt or ''}revised"
        add(entry)
    for number in range(3):
        add(Entry(msgid=f"A message new in the release, number {number}", occurrences=[]))
    return format_po(pot)
