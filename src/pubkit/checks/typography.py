"""typography: spacing and final punctuation, with French rules where the language has them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pubkit.catalogs.views import EntryView
from pubkit.checks.context import LanguageContext
from pubkit.source.segments import Segment

_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)\S+", re.IGNORECASE)
# Where _URL can start, found in time linear in the text. _URL.finditer alone tries the
# scheme from every letter of a run such as "a.a.a.a…", each try scanning to the run's
# end: quadratic (100 KB of "a." took 48 s). Here a run of scheme characters is scanned
# once, from its start, and only when "://" ends it; "mailto:" and "www." are fixed.
_URL_CANDIDATE = re.compile(
    r"(?<![a-z0-9+.-])(?P<scheme>[a-z0-9+.-]++)(?=://\S)|\b(?:mailto:|www\.)(?=\S)",
    re.IGNORECASE,
)
_SCHEME_START = re.compile(r"\b[a-z]", re.IGNORECASE)
# Each pattern starts with the character it looks for, so that re can skip to it.
_NO_SPACE_BEFORE = re.compile(r"[;:!?](?<=[^\s;:!?][;:!?])")
_NO_SPACE_AFTER_OPENING = re.compile(r"«(?=\S)")
_NO_SPACE_BEFORE_CLOSING = re.compile(r"»(?<=\S»)")
_DOUBLED_SPACE = re.compile(r"\s{2,}")
_CLOSERS = "\"'”’»›)]*_ \u00a0\u202f\t\n"


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``_URL.finditer(text)``, found in linear time.

    A match of _URL runs to the end of its word (``\\S+``), so only the first start in
    a word counts. A scheme starts at the first letter of its run that no word character
    precedes: any later one reaches the same "://", and a "mailto:" or "www." inside
    the run would start at such a letter too.
    """
    spans: list[tuple[int, int]] = []
    end = 0
    for candidate in _URL_CANDIDATE.finditer(text):
        start = candidate.start()
        if start < end:  # inside the address found last
            continue
        if candidate.group("scheme") is not None:
            letter = _SCHEME_START.search(text, start, candidate.end())
            if letter is None:
                continue
            start = letter.start()
        match = _URL.match(text, start)
        assert match is not None  # a candidate start is where _URL matches
        spans.append(match.span())
        end = match.end()
    return spans


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by as many spaces."""
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], " " * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def final_punctuation(text: str) -> str:
    """The sentence-final mark of plain text: '.', '?', '!', ':', '…' or '' (none)."""
    text = text.rstrip(_CLOSERS)
    if text.endswith(("…", "...")):
        return "…"
    return text[-1] if text and text[-1] in ".?!:" else ""


def _mark(mark: str) -> str:
    return repr(mark) if mark else "no final punctuation"


def _excerpt(text: str, position: int) -> str:
    start = position
    while start > 0 and not text[start - 1].isspace() and position - start < 20:
        start -= 1
    end = position + 1
    while end < len(text) and not text[end].isspace() and end - position < 20:
        end += 1
    return text[start:end]


def _excerpts(text: str, positions: list[int]) -> str:
    shown = [repr(_excerpt(text, p)) for p in positions[:3]]
    return ", ".join(shown) + (f" and {len(positions) - 3} more" if len(positions) > 3 else "")


def check_typography(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    if text is None or (ctx.is_source and text == entry.msgid):
        return
    if text != text.strip():
        yield "leading or trailing whitespace"
    if _DOUBLED_SPACE.search(text.strip()):
        yield "doubled space"
    printed = ctx.plain(text)
    if ctx.french:
        masked, lowered = printed, printed.lower()
        if "://" in printed or "www." in lowered or "mailto:" in lowered:  # else no URL
            masked = _masked(printed, url_spans(printed))
        missing = [
            m.start()
            for m in _NO_SPACE_BEFORE.finditer(masked)
            if not (
                masked[m.start() - 1].isdigit()
                and m.end() < len(masked)
                and masked[m.end()].isdigit()
            )
        ]
        if missing:
            yield f"no space before ; : ! ? ({ctx.lang} typography): {_excerpts(masked, missing)}"
        inside = [m.start() for m in _NO_SPACE_AFTER_OPENING.finditer(masked)]
        inside += [m.start() for m in _NO_SPACE_BEFORE_CLOSING.finditer(masked)]
        if inside:
            shown = _excerpts(masked, sorted(inside))
            yield f"no space inside « » ({ctx.lang} typography): {shown}"
    want, got = final_punctuation(ctx.plain(entry.msgid)), final_punctuation(printed)
    if want != got:
        yield f"ends with {_mark(got)} but the source ends with {_mark(want)}"
