"""Language typography applied at render time: quotation marks, apostrophes, French spacing."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from pubkit.locales.typography import NBSP, NNBSP, Conventions, conventions

TAG_MARK = "\ue000"  # where inline markup stands (pubkit.source.inline.render)

_SPACED_DASH = re.compile(r" ([–—]) ")  # a spaced dash never starts a line
_OPENERS = "([{—–-/"
# Translator text is untrusted: each pattern is linear in it. A run of spaces is tried
# from its start only (the look-behind) and never given back (``*+``): tried from every
# space of a run that no mark follows, "[ ]*;" took time quadratic in the run's length.
_SPACES = "[ \u00a0\u202f]"
_SPACE_BEFORE_HIGH = re.compile(rf"(?<!{_SPACES}){_SPACES}*+([;!?]+)")
# After a word, markup or a closing bracket or quote ("(français) :"), not after a space
# or an opening mark; a colon inside a word or an address ("10:30", "https:") is left.
_SPACE_BEFORE_COLON = re.compile(rf"(?<=[\w\ue000)\]»”’]){_SPACES}*+:(?=\s|$)")
_SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \u00a0]%")
_GROUPED_NUMBER = re.compile(r"(?<![\d\u202f.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])")


@cache
def typesetter(lang: str, quoted: bool = False) -> Callable[[str], str]:
    """A function that prints plain typed text the way ``lang`` is typeset.

    ``quoted`` text already stands inside quotation marks (a pull quote), so the
    quotations within it take the inner marks.
    """
    rules = conventions(lang)
    if quoted:
        rules = Conventions(
            rules.inner_quotes, rules.quotes, rules.french_spacing, rules.group_digits
        )

    def typeset(text: str) -> str:
        text = text.replace("...", "…")
        text = _SPACED_DASH.sub(NBSP + r"\1 ", text)
        text = _quotes(text, rules)
        if rules.french_spacing:
            text = _french_spacing(text, rules)
        if rules.group_digits:
            text = _GROUPED_NUMBER.sub(_narrow_groups, text)
        return text

    return typeset


def _narrow_groups(match: re.Match[str]) -> str:
    """'20 000' typed with any space prints with narrow no-break spaces."""
    return re.sub(r"[ \u00a0]", NNBSP, match.group(0))


def _quotes(text: str, rules: Conventions) -> str:
    out: list[str] = []
    previous = ""
    for char in text:
        opens = previous == "" or previous.isspace() or previous in _OPENERS
        if char == '"':
            out.append(rules.quotes[0] if opens else rules.quotes[1])
        elif char in "“«":
            out.append(rules.quotes[0])
        elif char in "”»":
            out.append(rules.quotes[1])
        elif char == "'":
            out.append(rules.inner_quotes[0] if opens else "’")
        else:
            out.append(char)
        if char != TAG_MARK:  # markup is invisible to typography
            previous = char
    return "".join(out)


def _french_spacing(text: str, rules: Conventions) -> str:
    if rules.quotes[0] in "«‹":  # guillemets take spaces inside; “inner quotes” do not
        opening_space, closing_space = _quote_spacing(rules.quotes)
        text = opening_space.sub(rules.quotes[0] + NNBSP, text)
        text = closing_space.sub(NNBSP + rules.quotes[1], text)

    def high(match: re.Match[str]) -> str:
        start = match.start()
        if start == 0 or (text[start - 1].isspace() and not match.group(0)[0].isspace()):
            return match.group(0)
        return NNBSP + match.group(1)

    text = _SPACE_BEFORE_HIGH.sub(high, text)
    text = _SPACE_BEFORE_PERCENT.sub(NNBSP + "%", text)
    return _SPACE_BEFORE_COLON.sub(NBSP + ":", text)


@cache
def _quote_spacing(quotes: tuple[str, str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    opening, closing = map(re.escape, quotes)
    return (
        re.compile(rf"{opening}{_SPACES}*+"),
        re.compile(rf"(?<!{_SPACES}){_SPACES}*+{closing}"),
    )
