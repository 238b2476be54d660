"""The inline Markdown subset of prose (bold, italic, links): parse, summarise, render safely."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

MISSING_TARGET = "missing:"
"""Link target meaning 'the URL is not known yet': printed as plain text, reported by check."""

SAFE_SCHEMES = ("http://", "https://", "mailto:")
# A run of "_" counts whole (it is a run of word characters); tried from its first "_"
# only, else "_+(?!\w)" scanned from every "_" of a run to its end (quadratic).
_STRAY = re.compile(r"\*+|(?<!\w)_+|(?<!_)_++(?!\w)")


@cache
def _parser() -> MarkdownIt:
    # Only what prose may carry; everything else (HTML, images, code, autolinks,
    # entities) stays literal text, so translator text cannot become markup.
    md = MarkdownIt("zero", {"html": False})
    md.enable(["emphasis", "link", "escape", "newline"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # schemes: see render()
    # A pure function of the URL, and the same few URLs recur in every catalog.
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    return md


_SYNTAX = re.compile(r"[*_\[\]\\\n]")  # characters that can start inline markup


@lru_cache(maxsize=16384)
def tokens(text: str) -> tuple[Token, ...]:
    """The inline tokens of ``text`` (parsed once: checks ask for them several times)."""
    if not _SYNTAX.search(text):  # plain prose, as most paragraphs are
        return (Token("text", "", 0, content=text),) if text else ()
    parsed = _parser().parseInline(text)
    return tuple(parsed[0].children or ()) if parsed else ()


@dataclass(frozen=True)
class MarkupSummary:
    """What a check compares between a source segment and its translation."""

    links: tuple[str, ...]
    strong: int
    emphasis: int
    stray_markers: tuple[str, ...]


def summarise(text: str) -> MarkupSummary:
    links: list[str] = []
    strong = emphasis = 0
    stray: list[str] = []
    for token in tokens(text):
        if token.type == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif token.type == "strong_open":
            strong += 1
        elif token.type == "em_open":
            emphasis += 1
        elif token.type == "text" and ("*" in token.content or "_" in token.content):
            stray.extend(_STRAY.findall(token.content))
    return MarkupSummary(tuple(links), strong, emphasis, tuple(stray))


def plain(text: str) -> str:
    """The words of ``text`` without markup: link texts kept, targets and markers dropped."""
    return "".join(t.content for t in tokens(text) if t.type == "text")


_TAGS = {
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "em_open": "<em>",
    "em_close": "</em>",
    "hardbreak": "<br>",
}
TAG_MARK = "\ue000"
"""Stands where a tag goes while typography sees the whole text (see render)."""


def _unchanged(text: str) -> str:
    return text


@lru_cache(maxsize=8192)
def render(text: str, typeset: Callable[[str], str] = _unchanged) -> Markup:
    """Safe HTML for one prose text: every character of it escaped except our own tags.

    Typography needs the whole sentence (a quotation mark closes after an italic word,
    a space precedes the "!" after a link), so the text runs are joined with
    :data:`TAG_MARK` where tags go, typeset once, and split again. Link targets never
    go through ``typeset``; links with a missing or unsafe target render as text.
    """
    runs: list[list[str]] = [[]]
    tags: list[str] = []
    link_stack: list[bool] = []
    for token in tokens(text):
        kind = token.type
        if kind == "text":
            runs[-1].append(token.content.replace(TAG_MARK, "\ufffd"))
        elif kind == "softbreak":
            runs[-1].append(" ")
        elif kind in ("link_open", "link_close") or kind in _TAGS:
            if kind == "link_open":
                href = str(token.attrs.get("href", ""))
                usable = href.startswith(SAFE_SCHEMES)
                link_stack.append(usable)
                if usable:
                    tag = f'<a href="{escape(href)}">'
                elif href == MISSING_TARGET:
                    tag = '<span class="link-missing">'
                else:
                    tag = '<span class="link-unsafe">'
            elif kind == "link_close":
                tag = "</a>" if link_stack.pop() else "</span>"
            else:
                tag = _TAGS[kind]
            tags.append(tag)
            runs.append([])
    typeset_runs = typeset(TAG_MARK.join("".join(run) for run in runs)).split(TAG_MARK)
    out = [str(escape(typeset_runs[0]))]
    last = typeset_runs[0][-1:]  # the last character printed so far
    for tag, run in zip(tags, typeset_runs[1:], strict=True):
        out.append(tag)
        if last and not last.isspace() and _LONG_WORD.match(run):
            run = BREAK + run
        out.append(str(escape(run)))
        last = run[-1:] or last
    return Markup("".join(out))


# WeasyPrint breaks an over-long word (overflow-wrap, styles/brief.css) only where it
# starts a line: one glued to the text before a tag ("x**aaaa…**") ran off the page. A
# word of 64 characters or more (longer than any word or usual address) glued so gets
# a break opportunity at the tag, used only when it cannot fit on the line.
BREAK = "\u200b"
"""Zero width space: a line may break here, and nothing is printed."""
_LONG_WORD = re.compile(r"[^\s\u200b]{64}")
