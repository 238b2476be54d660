"""glyphs: each character a translation prints (and its capital, in capitals) has a glyph."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence

from pubkit.catalogs.views import EntryView
from pubkit.checks.context import LanguageContext
from pubkit.checks.findings import Finding
from pubkit.config import Project
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
    need not type: quotation marks, apostrophes, ellipsis, the no-break space before a
    spaced dash, and the spaces of the language's punctuation and numbers."""
    rules = conventions(lang)
    chars = {*rules.quotes, *rules.inner_quotes, "’", rules.apostrophe, "…", NBSP}
    if rules.french_spacing:
        chars |= {NBSP, NNBSP}
    chars |= {space for space in (rules.group, rules.percent) if space is not None}
    return "".join(sorted(chars))


def design_findings(project: Project, langs: Sequence[str], fonts: Fonts) -> list[Finding]:
    """A design error for each font of the design that lacks a character the typography
    of one of ``langs`` prints (French's narrow no-break space…): reported against the
    font, once per run, never against a translator's catalog, and counted against that
    language's editions alone (:mod:`pubkit.publish.policy`)."""
    findings = []
    for lang in dict.fromkeys(langs):
        chars = [c for c in typography_characters(lang) if fonts.missing(c)]
        for name, _ in fonts.cmaps:
            lacking = [c for c in chars if name in fonts.missing(c)]
            if lacking:
                shown = fonts.shown.get(name) or project.relative(project.fonts_dir / name)
                message = (
                    f"the design's font lacks {', '.join(map(_describe, lacking))}, which "
                    f"{lang} typography prints: choose a font that has "
                    f"{'it' if len(lacking) == 1 else 'them'}"
                )
                findings.append(Finding(shown, 0, "error", "glyphs", message, lang))
    return findings
