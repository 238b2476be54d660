"""numbers, glossary and pullquote: what a translation must say as its source does."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pubkit.catalogs.views import EntryView
from pubkit.checks.context import LanguageContext
from pubkit.checks.findings import listing
from pubkit.checks.numbers import number_values, show
from pubkit.source.segments import Segment, fold_quotation


def check_numbers(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    if text is None or (ctx.is_source and text == entry.msgid):
        return
    source = ctx.source.numbers(entry.msgid)
    target = number_values(ctx.plain(text), ctx.lang)
    if source == target:
        return
    if source - target:
        yield f"number(s) of the source missing: {listing(source - target, show)}"
    if target - source:
        yield f"number(s) not in the source: {listing(target - source, show)}"


def check_glossary(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    glossary = ctx.glossary
    if text is None or glossary is None:
        return
    for term, form in glossary.missing(ctx.plain(entry.msgid), ctx.plain(text), ctx.lang):
        yield f"{term.en!r} must be translated {form!r} ({glossary.path}:{term.line})"


_SPACED_QUOTE = re.compile(r'\s*"\s*')


def _fold_quotation(text: str) -> str:
    """``segments.fold_quotation``, and the spaces French sets inside « » ignored too."""
    return _SPACED_QUOTE.sub('"', fold_quotation(text))


def check_pullquote(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if segment.role != "pullquote":
        return
    text = ctx.text(entry)
    paragraph = ctx.source.quoted_paragraph(segment.key)
    if text is None or paragraph is None:
        return
    paragraph_entry = ctx.entries.get(ctx.source.key_of[paragraph])
    if paragraph_entry is None:
        return
    paragraph_text = ctx.text(paragraph_entry)
    if paragraph_text is None:
        return
    needle = _fold_quotation(ctx.plain(text)).rstrip(".!?")
    if needle not in _fold_quotation(ctx.plain(paragraph_text)):
        yield (
            f"the pull quote does not repeat the translation of the paragraph it quotes "
            f"({paragraph.location}, entry at line {paragraph_entry.linenum}): "
            "use the same words"
        )
