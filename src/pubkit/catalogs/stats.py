"""What a catalog or an edition holds: its usable translations and its completion in words."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass

import polib

from pubkit.catalogs.pofile import FUZZY, Catalog
from pubkit.source.segments import Key

_MARKUP = re.compile(r"\]\([^)]*\)|[*_\[\]]")
_MARKERS = re.compile(r"[*_\[\]]")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def translations(catalog: Catalog, is_source: bool) -> dict[Key, str]:
    """The usable translations: neither fuzzy nor empty. In the source language's
    catalog an empty msgstr means 'as in the source'."""
    result: dict[Key, str] = {}
    for entry in catalog:
        if entry.obsolete or FUZZY in entry.flags:
            continue
        if entry.msgstr:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
        elif is_source:
            result[(entry.msgctxt, entry.msgid)] = entry.msgid
    return result


@dataclass(frozen=True)
class Stats:
    """Completion of one catalog, in entries and in source words."""

    lang: str
    entries: int
    translated: int
    fuzzy: int
    untranslated: int
    words: int
    words_translated: int
    words_fuzzy: int
    words_untranslated: int

    @property
    def percent(self) -> float:
        """Share of source words translated (fuzzy never counts)."""
        return 100.0 if not self.words else round(100 * self.words_translated / self.words, 1)


def count_words(text: str) -> int:
    """Words of prose, not counting Markdown markers or link targets."""
    return len(_WORD.findall(_without_markup(text)))


def _without_markup(text: str) -> str:
    """``_MARKUP.sub(" ", text)`` in linear time. After the last ")", "](" cannot start a
    link target, and _MARKUP tried there would scan to the end from each "](": only
    markers are replaced there. Before it, each try ends at the next ")"."""
    last = text.rfind(")") + 1
    return _MARKUP.sub(" ", text[:last]) + _MARKERS.sub(" ", text[last:])


def catalog_stats(catalog: Catalog, lang: str, is_source: bool) -> Stats:
    """Completion of ``catalog``'s active entries; in the source language's catalog an
    empty msgstr counts as translated (it means 'as in the source')."""
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for entry in catalog:
        if entry.obsolete:
            continue
        if FUZZY in entry.flags:
            state = "fuzzy"
        elif is_source or _translated(entry):
            state = "translated"
        else:
            state = "untranslated"
        counts[state][0] += 1
        counts[state][1] += count_words(entry.msgid)
    return _stats(lang, counts)


def _translated(entry: polib.POEntry) -> bool:
    """Whether an entry has its translation: its msgstr, or every plural form."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _stats(lang: str, counts: dict[str, list[int]]) -> Stats:
    return Stats(
        lang=lang,
        entries=sum(c[0] for c in counts.values()),
        translated=counts["translated"][0],
        fuzzy=counts["fuzzy"][0],
        untranslated=counts["untranslated"][0],
        words=sum(c[1] for c in counts.values()),
        words_translated=counts["translated"][1],
        words_fuzzy=counts["fuzzy"][1],
        words_untranslated=counts["untranslated"][1],
    )


def edition_stats(
    lang: str, keys: Iterable[Key], translated: Container[Key], fuzzy: Container[Key]
) -> Stats:
    """Completion of an edition over the source's own segments (one per distinct key): a
    segment its catalog lacks counts as untranslated, so an empty or outdated catalog is
    never complete, whatever the entries it does hold."""
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for key in dict.fromkeys(keys):
        state = "translated" if key in translated else "fuzzy" if key in fuzzy else "untranslated"
        counts[state][0] += 1
        counts[state][1] += count_words(key[1])
    return _stats(lang, counts)
