"""glyphs: each character a translation prints (and its capital, in capitals) has a glyph."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from pubkit.catalogs.views import EntryView
from pubkit.checks.context import LanguageContext
from pubkit.locales.typography import NBSP, NNBSP, conventions
from pubkit.render.fonts import Fonts
from pubkit.source.segments import Segment

CAPITAL_ROLES = frozenset({"title", "heading", "pullquote"})
"""The roles the design prints in capitals (``text-transform: uppercase``), so that the
capital of each of their characters must exist too (their comments in
``segments.ROLE_COMMENTS`` tell translators so)."""


def _describe(char: str) -> str:
    shown = "\u25cc" + char if unicodedata.category(char).startswith("M") else char
    return f"'{shown}' U+{ord(char):04X} {unicodedata.name(char, '<unnamed>')}"


def _glyph_problem(char: str, fonts: Fonts, capital_of: str | None = None) -> str | None:
    missing = fonts.missing(char)
    if not missing:
        return None
    total = len(fonts.cmaps)
    where = f"all {total} fonts" if len(missing) == total else ", ".join(missing)
    why = f" (capital of '{capital_of}': this text prints in capitals)" if capital_of else ""
    return f"{_describe(char)}{why} is missing from {where}"


def check_glyphs(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text, fonts = ctx.text(entry), ctx.fonts
    if text is None or fonts is None or not fonts.cmaps:
        return
    chars = set(text)
    wanted: dict[str, str | None] = dict.fromkeys(chars)
    if segment.role in CAPITAL_ROLES:
        for char in chars:
            for capital in char.upper():
                wanted.setdefault(capital, char)
    if fonts.all_present(wanted.keys()):
        return
    problems = [char for char in wanted if fonts.missing(char)]
    for char in sorted(problems):
        problem = _glyph_problem(char, fonts, wanted[char])
        if problem is not None:
            yield problem


def typography_characters(lang: str) -> str:
    """The characters the renderer's typography may print in ``lang`` that a translator
    need not type: quotation marks, apostrophe, ellipsis and no-break spaces."""
    rules = conventions(lang)
    chars = {*rules.quotes, *rules.inner_quotes, "’", "…"}
    if rules.french_spacing:
        chars |= {NBSP, NNBSP}
    if rules.group_digits:
        chars.add(NNBSP)
    return "".join(sorted(chars))


def check_typography_glyphs(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    if ctx.fonts is None:
        return
    for char in typography_characters(ctx.lang):
        problem = _glyph_problem(char, ctx.fonts)
        if problem is not None:
            yield ctx.header_line, f"{ctx.lang} typography prints {problem}"
