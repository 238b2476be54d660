"""Language typography applied at render time: quotation marks, apostrophes, punctuation
spacing and digit groups, each as the language's data says (pubkit.locales.typography)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import cache

from pubkit.locales.typography import NBSP, NNBSP, Conventions, conventions, marks

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
_SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \u00a0\u202f]%")
_GROUPED_NUMBER = re.compile(r"(?<![\d\u202f.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])")


@cache
def typesetter(lang: str, quoted: bool = False) -> Callable[[str], str]:
    """A function that prints plain typed text the way ``lang`` is typeset.

    ``quoted`` text already stands inside quotation marks (a pull quote), so the
    quotations within it take the inner marks.
    """
    rules = conventions(lang)
    if quoted:
        rules = dataclasses.replace(rules, quotes=rules.inner_quotes, inner_quotes=rules.quotes)
    group, percent = rules.group, rules.percent

    def groups(match: re.Match[str]) -> str:
        """'20 000' typed with any space prints with the language's own (French: narrow
        no-break spaces)."""
        assert group is not None
        return _TYPED_SPACE.sub(group, match.group(0))

    def typeset(text: str) -> str:
        text = text.replace("...", "…")
        text = _SPACED_DASH.sub(NBSP + r"\1 ", text)
        text = _quotes(text, rules)
        if rules.french_spacing:
            text = _french_spacing(text, rules)
        if percent is not None:
            text = _SPACE_BEFORE_PERCENT.sub(percent + "%", text)
        if group is not None:
            text = _GROUPED_NUMBER.sub(groups, text)
        return text

    return typeset


_TYPED_SPACE = re.compile("[ \u00a0\u202f]")


def _quotes(text: str, rules: Conventions) -> str:
    out: list[str] = []
    previous = ""
    letter_apostrophe = rules.apostrophe != "’"
    for index, char in enumerate(text):
        opens = previous == "" or previous.isspace() or previous in _OPENERS
        if char == '"':
            out.append(rules.quotes[0] if opens else rules.quotes[1])
        elif char in "“«":
            out.append(rules.quotes[0])
        elif char in "”»":
            out.append(rules.quotes[1])
        elif char == "'":
            if opens:
                out.append(rules.inner_quotes[0])
            elif letter_apostrophe and previous.isalpha() and _letter_follows(text, index):
                out.append(rules.apostrophe)  # a letter of the word (Hausa jamaʼa)
            else:
                out.append("’")
        else:
            out.append(char)
        if char != TAG_MARK:  # markup is invisible to typography
            previous = char
    return "".join(out)


def _letter_follows(text: str, index: int) -> bool:
    """Whether the next visible character after ``index`` is a letter."""
    for char in text[index + 1 :]:
        if char != TAG_MARK:
            return char.isalpha()
    return False


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
    return _SPACE_BEFORE_COLON.sub(NBSP + ":", text)


@cache
def _quote_spacing(quotes: tuple[str, str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    opening, closing = map(re.escape, quotes)
    return (
        re.compile(rf"{opening}{_SPACES}*+"),
        re.compile(rf"(?<!{_SPACES}){_SPACES}*+{closing}"),
    )


_LANG_ATTRIBUTE = re.compile(r'\slang="([A-Za-z0-9-]{1,64})"')


def language_stylesheet(html: str) -> str:
    """CSS that gives each language of ``html`` (its ``lang`` attributes) its quotation
    marks for the design's ``open-quote`` and ``close-quote`` (a pull quote's marks),
    inside guillemets the narrow no-break space where the language spaces them, and
    hyphenation wherever pyphen has a dictionary for the language: ``hyphens: auto`` on
    the root, inherited, and WeasyPrint hyphenates with pyphen's dictionary for the
    text's language, so a language without one is not hyphenated.

    Every selector is inside ``:where()``: of no specificity, so that any rule of the
    design's stylesheets overrides it (a lead or the imprint set ``hyphens: manual``)."""
    rules = [":where(:root) { hyphens: auto; }"]
    for lang in sorted(set(_LANG_ATTRIBUTE.findall(html))):
        entry = marks(lang)  # the table alone: a render process imports no Babel
        opening, closing = entry["quotes"][0], entry["quotes"][1]
        if entry.get("spacing") == "french" and opening in "«‹":
            opening, closing = opening + NNBSP, NNBSP + closing
        quotes = " ".join(_css_string(m) for m in (opening, closing, *entry["inner"]))
        rules.append(
            f":where(:root:lang({lang}), :not(:lang({lang})) > :lang({lang})) "
            f"{{ quotes: {quotes}; }}"
        )
    return "\n".join(rules) + "\n"


def _css_string(text: str) -> str:
    """``text`` as a CSS string, each character escaped: quotation marks need it."""
    return '"' + "".join(f"\\{ord(char):X} " for char in text).rstrip() + '"'
