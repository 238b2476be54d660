"""The inline Markdown subset of prose (bold, italic, links, notes, line breaks, character
references): parse, summarise, render."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup, escape

from pubkit.source.model import NO_REFERENCES, References

MISSING_TARGET = "missing:"
"""Link target meaning 'the URL is not known yet': printed as plain text, reported by check."""

SAFE_SCHEMES = ("http://", "https://", "mailto:")
# A run of "_" counts whole (it is a run of word characters); tried from its first "_"
# only, else "_+(?!\w)" scanned from every "_" of a run to its end (quadratic).
_STRAY = re.compile(r"\*+|(?<!\w)_+|(?<!_)_++(?!\w)")


@cache
def _parser() -> MarkdownIt:
    # Only what prose may carry; everything else (HTML, images, code) stays literal
    # text, so translator text cannot become markup. Character references ("&amp;") are
    # decoded into text, which is escaped like any other; an autolink (<https://…>) is a
    # link, its address its text, which the markdown check compares as any link.
    md = MarkdownIt("zero", {"html": False})
    md.enable(["emphasis", "link", "escape", "newline", "entity", "autolink"])
    md.inline.ruler.before("link", "footnote_ref", _footnote_ref)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # schemes: see render()
    # A pure function of the URL, and the same few URLs recur in every catalog.
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    return md


_SYNTAX = re.compile(r"[*_\[\]\\\n&<]")  # characters that can start inline markup

NOTE_LABEL = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""What a footnote label may be: letters, digits, '-' and '_', at most 64 of them, so
that a reference is found looking at most 67 characters ahead (linear in the text)."""
# A table's delimiter row in a text: tried from each "|" only, scanning its spaces once.
_TABLE_ROW = re.compile(r"\|[ \t]*+:?-{3,}")
_NOTE_REF = re.compile(r"\[\^([A-Za-z0-9_-]{1,64})\]")


def _footnote_ref(state: StateInline, silent: bool) -> bool:
    """``[^label]``: a footnote reference (its definition is the source's business)."""
    if not state.src.startswith("[^", state.pos):
        return False
    found = _NOTE_REF.match(state.src, state.pos, min(state.posMax, state.pos + 68))
    if found is None:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"label": found.group(1)}
    state.pos = found.end()
    return True


@lru_cache(maxsize=16384)
def tokens(text: str, references: References = NO_REFERENCES) -> tuple[Token, ...]:
    """The inline tokens of ``text`` (parsed once: checks ask for them several times);
    ``[words][label]`` links to the target ``references`` gives the label, if any."""
    if not _SYNTAX.search(text):  # plain prose, as most paragraphs are
        return (Token("text", "", 0, content=text),) if text else ()
    parsed = _parser().parseInline(text, references.env() if references.targets else {})
    return tuple(parsed[0].children or ()) if parsed else ()


@dataclass(frozen=True)
class MarkupSummary:
    """What a check compares between a source segment and its translation."""

    links: tuple[str, ...]
    strong: int
    emphasis: int
    stray_markers: tuple[str, ...]
    notes: tuple[str, ...] = ()
    """The labels of the footnote references, in order."""
    literal: tuple[str, ...] = ()
    """Markdown that would print as typed: a ``[^`` that is no footnote reference, a
    table's delimiter row ``|---``, a ``[words][label]`` whose label is not defined."""
    breaks: int = 0
    """Line breaks (a backslash at the end of a line)."""


# "][" glued: a reference link "[words][label]" that found no definition (a defined one
# is a link token, never text).
_REFERENCE = re.compile(r"\]\[")


def summarise(text: str, references: References = NO_REFERENCES) -> MarkupSummary:
    links: list[str] = []
    strong = emphasis = breaks = 0
    stray: list[str] = []
    notes: list[str] = []
    literal: list[str] = []
    for token in tokens(text, references):
        if token.type == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif token.type == "strong_open":
            strong += 1
        elif token.type == "em_open":
            emphasis += 1
        elif token.type == "hardbreak":
            breaks += 1
        elif token.type == "footnote_ref":
            notes.append(token.meta["label"])
        elif token.type == "text":
            if "*" in token.content or "_" in token.content:
                stray.extend(_STRAY.findall(token.content))
            if "[^" in token.content:
                literal.extend("[^" for _ in range(token.content.count("[^")))
            if "|" in token.content:
                literal.extend("|---" for _ in _TABLE_ROW.finditer(token.content))
            if "][" in token.content:
                literal.extend("][" for _ in _REFERENCE.finditer(token.content))
    return MarkupSummary(
        tuple(links), strong, emphasis, tuple(stray), tuple(notes), tuple(literal), breaks
    )


def note_labels(text: str) -> tuple[str, ...]:
    """The labels of the footnote references of ``text``, in order."""
    if "[^" not in text:
        return ()
    return tuple(t.meta["label"] for t in tokens(text) if t.type == "footnote_ref")


def plain(text: str, references: References = NO_REFERENCES) -> str:
    """The words of ``text`` without markup: link texts kept, targets and markers dropped,
    a line break a space."""
    return "".join(
        t.content if t.type == "text" else " "
        for t in tokens(text, references)
        if t.type in ("text", "hardbreak")
    )


_TAGS = {
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "em_open": "<em>",
    "em_close": "</em>",
    "hardbreak": "<br>",
}
TAG_MARK = "\ue000"
"""Stands where a tag goes while typography sees the whole text (see render)."""
KEEP_OPEN = "\ue001"
KEEP_CLOSE = "\ue002"
"""Put around runs to print whole (pubkit.render.breaks), printed as <span class="keep">."""
UNHYPHENATED_OPEN = "\ue003"
UNHYPHENATED_CLOSE = "\ue004"
"""Put around runs not to hyphenate, printed as <span class="nohyphen">."""
_SPANS = {
    KEEP_OPEN: '<span class="keep">',
    KEEP_CLOSE: "</span>",
    UNHYPHENATED_OPEN: '<span class="nohyphen">',
    UNHYPHENATED_CLOSE: "</span>",
}
_OWN_MARKS = str.maketrans(dict.fromkeys([TAG_MARK, *_SPANS], "\ufffd"))
_OWN_MARKS_EXCEPT_SPANS = str.maketrans({TAG_MARK: "\ufffd"})


def _unchanged(text: str) -> str:
    return text


@dataclass(frozen=True, eq=False)
class NoteCalls:
    """How one text prints its footnote references: ``calls`` holds, for each label
    the edition knows, the markup of the call; ``first`` the markup of the first call
    of a label whose note is placed here (the note itself, for a PDF's page foot).
    A reference to any other label prints as typed. Compared by identity, so that
    :func:`render` can cache on it."""

    calls: dict[str, Markup]
    first: dict[str, Markup]


@lru_cache(maxsize=8192)
def render(
    text: str,
    typeset: Callable[[str], str] = _unchanged,
    notes: NoteCalls | None = None,
    references: References = NO_REFERENCES,
) -> Markup:
    """Safe HTML for one prose text: every character of it escaped except our own tags.

    Typography needs the whole sentence (a quotation mark closes after an italic word,
    a space precedes the "!" after a link), so the text runs are joined with
    :data:`TAG_MARK` where tags go, typeset once, and split again. Link targets never
    go through ``typeset``; links with a missing or unsafe target render as text.
    Footnote references print as ``notes`` says (:class:`NoteCalls`), else as typed;
    ``[words][label]`` links to the target ``references`` gives the label.
    """
    runs: list[list[str]] = [[]]
    tags: list[str] = []
    link_stack: list[bool] = []
    placed: set[str] = set()
    for token in tokens(text, references):
        kind = token.type
        if kind == "text":
            runs[-1].append(token.content.translate(_OWN_MARKS))
        elif kind == "softbreak":
            runs[-1].append(" ")
        elif kind == "footnote_ref":
            label = token.meta["label"]
            if notes is None or label not in notes.calls:
                runs[-1].append(f"[^{label}]")
                continue
            if label in notes.first and label not in placed:
                placed.add(label)
                tags.append(str(notes.first[label]))
            else:
                tags.append(str(notes.calls[label]))
            runs.append([])
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
    first = _collapsed(typeset_runs[0])
    out = [_printed(first)]
    last = first[-1:]  # the last character printed so far
    for tag, typeset_run in zip(tags, typeset_runs[1:], strict=True):
        out.append(tag)
        run = _collapsed(typeset_run)
        glued = last and not last.isspace() and _GLUED.match(run)
        out.append(_printed((BREAK if glued else "") + run))
        last = run[-1:] or last
    return Markup("".join(out))


# What WeasyPrint is given, printed as before but laid out in time linear in the text.
# WeasyPrint lays each line out from the rest of its text box whenever the characters it
# tries first hold no break opportunity: a run of spaces, a word of thousands of letters
# (which overflow-wrap breaks), or words longer than a line in a long heading cost time
# quadratic in the text (100,000 spaces: 17 s; a word of 80,000 letters: 155 s; a
# heading of 1,000 words of 60 letters: 28 s). So:
# - a run of spaces, tabs and line breaks is one space, as HTML prints it anyway;
# - a run of more than LONG_RUN characters without a space (longer than any word or
#   address: a typing accident or an attack) may break every PIECE characters;
# - a text longer than CHUNK characters is cut, at spaces, into inline boxes (<span>)
#   of about CHUNK characters, so that the rest of a box is never long;
# - WeasyPrint breaks an over-long word (overflow-wrap) only where it starts a line:
#   a word of GLUED characters or more glued to the text before a tag ("x**aaaa…**")
#   may break at the tag.
# The break opportunities are zero width spaces: nothing is printed, and a line breaks
# there only when the word cannot fit. No text of the brief has any of these.
BREAK = "\u200b"
"""Zero width space: a line may break here, and nothing is printed."""
LONG_RUN = 200
PIECE = 16
CHUNK = 4096
GLUED = 40
_COLLAPSIBLE = re.compile(r"[ \t\n]{2,}")
_LONG_RUN = re.compile(rf"[^ \t\n\u200b]{{{LONG_RUN + 1},}}")
_GLUED = re.compile(rf"[^ \t\n\u200b]{{{GLUED}}}")
_CUT = re.compile("[ \u200b]")


def _collapsed(text: str) -> str:
    return _COLLAPSIBLE.sub(" ", text) if "  " in text or "\t" in text or "\n" in text else text


def _printed(text: str) -> str:
    """``text`` escaped, with the break opportunities and boxes described above."""
    if len(text) > LONG_RUN:
        text = _LONG_RUN.sub(_pieces, text)
    if len(text) <= CHUNK:
        return _kept(str(escape(text)))
    boxes, start = [], 0
    while start < len(text):
        cut = _CUT.search(text, start + CHUNK)  # after a space or a break opportunity
        end = cut.end() if cut is not None else len(text)
        boxes.append(f"<span>{_kept(str(escape(text[start:end])))}</span>")
        start = end
    return "".join(boxes)


_SPAN_TABLE = str.maketrans(_SPANS)


def escaped(text: str) -> Markup:
    """Plain text (no Markdown) as safe HTML, its keep marks printed as spans."""
    return Markup(_kept(str(escape(text.translate(_OWN_MARKS_EXCEPT_SPANS)))))


def _kept(escaped: str) -> str:
    if KEEP_OPEN not in escaped and UNHYPHENATED_OPEN not in escaped:
        return escaped
    return escaped.translate(_SPAN_TABLE)


def verbatim(text: str) -> Markup:
    """Safe HTML for a code block's text, printed as typed (``white-space: pre-wrap``):
    escaped line by line, with the break opportunities and boxes of prose (above) for
    a line that holds a run longer than LONG_RUN or is longer than CHUNK."""
    lines = text.translate(_OWN_MARKS).split("\n")  # marks typed in code are no spans
    return Markup("\n".join(_printed(line) for line in lines))


def _pieces(match: re.Match[str]) -> str:
    """The run split every PIECE characters (never before a combining mark)."""
    run = match.group()
    pieces, start = [], 0
    while start < len(run):
        end = min(len(run), start + PIECE)
        while end < len(run) and unicodedata.combining(run[end]):
            end += 1
        pieces.append(run[start:end])
        start = end
    return BREAK.join(pieces)
