"""untranslated, fuzzy, identical and outdated: how far a catalog is from its source."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pubkit.catalogs.pofile import FUZZY
from pubkit.catalogs.views import EntryView
from pubkit.checks.context import LanguageContext
from pubkit.checks.glossary import Glossary, fold
from pubkit.source.segments import Segment


def check_fuzzy(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if FUZZY in entry.flags:
        yield "fuzzy translation: not printed until a translator checks it and removes 'fuzzy'"


def check_untranslated(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if ctx.is_source or FUZZY in entry.flags:
        return
    if not entry.msgstr and not any(entry.msgstr_plural.values()):
        yield f"untranslated: the {ctx.lang} edition prints the fallback language here"


_NAME_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def only_names(text: str, glossary: Glossary | None) -> bool:
    """True when every word is capitalised or part of a glossary term: text that stays
    the same in every language."""
    words = text
    if glossary is not None:
        folded = fold(text)
        kept, last = [], 0
        for _, start, end in glossary.occurrences(text):
            kept.append(folded[last:start])
            last = end
        kept.append(folded[last:])
        words = " ".join(kept)
    return all(
        word[0].isupper() or not any(c.isalpha() for c in word)
        for word in _NAME_WORD.findall(words)
    )


def check_identical(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if ctx.is_source or FUZZY in entry.flags or entry.msgstr != entry.msgid:
        return
    if not only_names(ctx.plain(entry.msgid), ctx.glossary):
        yield "translation is identical to the source"


def check_outdated(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    missing = sum(1 for key in ctx.source.segments if key not in ctx.entries)
    stale = sum(1 for key in ctx.entries if key not in ctx.source.segments)
    if missing or stale:
        yield (
            ctx.header_line,
            (
                f"catalog is out of date with {ctx.source.path}: {missing} source text(s) "
                f"missing, {stale} entr(y/ies) no longer in the source (run 'pubkit update')"
            ),
        )
