"""source-lint, for editors: links whose target is missing, names spelled two ways; and
the figures' images, which a build needs."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pubkit.errors import PubkitError
from pubkit.source.images import read_image
from pubkit.source.inline import MISSING_TARGET, summarise, tokens
from pubkit.source.model import Figure, Prose, References

if TYPE_CHECKING:
    from pubkit.checks.context import SourceContext


def _missing_links(prose: Prose, references: References) -> list[str]:
    found: list[str] = []
    inside: list[str] | None = None
    for token in tokens(prose.text, references):
        if token.type == "link_open":
            inside = [] if token.attrs.get("href") == MISSING_TARGET else None
        elif token.type == "link_close":
            if inside is not None:
                found.append("".join(inside))
            inside = None
        elif inside is not None and token.type == "text":
            inside.append(token.content)
    return found


def _lines(text: str, offsets: list[int]) -> list[int]:
    """The line of each offset of ``text``, the text's line breaks found once (counting
    them again for each finding was quadratic in a source of many findings)."""
    breaks = [m.start() for m in re.finditer("\n", text)]
    return [bisect.bisect_left(breaks, offset) + 1 for offset in offsets]


def check_missing_links(source: SourceContext) -> Iterator[tuple[int, str]]:
    links = sorted(
        (prose.location.line, number, text)
        for prose in source.document.prose()
        if MISSING_TARGET in prose.text
        for number, text in enumerate(_missing_links(prose, source.document.references))
    )
    if not links:
        return
    raw = source.raw  # read only now: a source seldom has a finding
    target = re.compile(r"\]\(\s*<?" + re.escape(MISSING_TARGET) + r">?\s*\)")
    exact = _lines(raw, [m.start() for m in target.finditer(raw)])
    lines = exact if len(exact) == len(links) else [line for line, _, _ in links]
    for line, (_, _, text) in zip(lines, links, strict=True):
        yield line, f"link target missing for {text!r}"


def check_literal_markdown(source: SourceContext) -> Iterator[tuple[int, str]]:
    """Markdown that would print as typed: a ``[^`` that is no footnote reference (a
    label with a space…), a reference in the front matter, where no note is called, or
    a table's delimiter row within a paragraph, a reference link ``[words][label]``
    whose label no definition names."""
    body = {id(prose) for prose in source.document.blocks}
    for prose in source.document.prose():
        if "[^" not in prose.text and "|" not in prose.text and "][" not in prose.text:
            continue
        summary = summarise(prose.text, source.document.references)
        if "][" in summary.literal:
            yield (
                prose.location.line,
                "'[words][label]' will print as typed: no line '[label]: https://…' defines "
                "its label",
            )
        if "|---" in summary.literal:
            yield prose.location.line, "'|---' will print as typed: a table stands on its own lines"
        if "[^" in summary.literal:
            yield (
                prose.location.line,
                "'[^' will print as typed: a footnote reference is [^label] (letters, "
                "digits, '-', '_')",
            )
        elif summary.notes and id(prose) not in body:
            yield prose.location.line, "a footnote reference in the front matter prints as typed"


def check_figure_images(source: SourceContext) -> Iterator[tuple[int, str]]:
    """Each figure's image a readable PNG, JPEG or SVG file of the project, as a build
    reads it (:func:`pubkit.source.images.read_image`), in the source's language."""
    if source.file is None:  # a source in memory: its images have no folder
        return
    for node in source.document.body:
        if isinstance(node, Figure):
            try:
                read_image(node, source.file.parent, source.language, source.root)
            except PubkitError as exc:
                yield node.location.line, exc.message


_WORD = re.compile(r"\w+")
MIN_NAME = 5
MAX_NAME = 64
"""Longer words are not names: each candidate is bucketed by its one-letter deletions,
which costs the square of its length."""
MAX_SPELLINGS = 16
"""More words than this that one deletion makes the same ("Koubffa" … "Kouzffa") are a
pattern, not a name spelled two ways: comparing them pairwise would cost the square of
their number, so only the word they make, if it is a name, is compared with each."""


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1 or a == b:
        return False
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        return a[start + 1 :] == b[start + 1 :]
    return a[start:] == b[start + 1 :]


ENDING = 2


def _only_ending(a: str, b: str) -> bool:
    """True when two words differ only in their last ``ENDING`` letters: an inflection
    ("Emirati"/"Emiratis", "Africa"/"African", "Salafist"/"Salafism"), not a misspelling."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(len(a), len(b)) - ENDING


# A word inside a sentence: the character before it (past spaces and opening quotes
# or brackets) exists in the same text and does not end a sentence.
_BEFORE_WORD = " \t\u00a0\u202f\"'“‘«(["
_SENTENCE_END = ".!?:…\n"


def _inside_sentence(text: str, words: set[str]) -> set[str]:
    """Those of ``words`` that occur at least once inside a sentence of ``text``."""
    if not words:
        return set()
    # Only the words' own first letters are searched for, so re skips most of the text.
    firsts = re.escape("".join(sorted({word[0] for word in words})))
    found: set[str] = set()
    for match in re.finditer(rf"\b[{firsts}]\w*", text):
        word = match.group()
        if word in found or word not in words:
            continue
        before = match.start() - 1
        while before >= 0 and text[before] in _BEFORE_WORD:
            before -= 1
        if before >= 0 and text[before] not in _SENTENCE_END:
            found.add(word)
    return found


def check_name_spellings(source: SourceContext) -> Iterator[tuple[int, str]]:
    """Capitalised words of at least ``MIN_NAME`` letters one edit apart ("Kouffa" and
    "Khouffa"). A name is a word never written in lower case that is capitalised at least
    once inside a sentence, so "These"/"Those" at sentence starts are not names; words
    differing only in their ending are inflections, not two spellings."""
    text = "\n".join(source.plain(prose.text) for prose in source.document.prose())
    every = Counter(_WORD.findall(text))  # each distinct word once from here on
    lower = {word.casefold() for word in every if not word[0].isupper()}
    counts = {word: n for word, n in every.items() if word[0].isupper()}
    candidates = {w for w in counts if MIN_NAME <= len(w) <= MAX_NAME and w.casefold() not in lower}
    inside = _inside_sentence(text, candidates)
    names = sorted(inside)
    # Words at distance 1 share a one-deletion variant (or one is the other's variant).
    buckets: dict[str, list[str]] = defaultdict(list)
    for name in names:
        buckets[name].append(name)
        for index in range(len(name)):
            buckets[name[:index] + name[index + 1 :]].append(name)
    pairs: set[tuple[str, str]] = set()
    for key, bucket in buckets.items():
        if len(bucket) <= MAX_SPELLINGS:
            compared: Iterable[tuple[str, str]] = itertools.combinations(bucket, 2)
        else:
            compared = ((key, word) for word in bucket) if key in inside else ()
        for a, b in compared:
            if a != b and not _only_ending(a, b) and _one_edit(a, b):
                pairs.add((min(a, b), max(a, b)))
    if not pairs:
        return
    raw = source.raw
    wanted = {w for pair in pairs for w in pair}
    first: dict[str, int] = {}
    for found in _WORD.finditer(raw):  # a whole word: no word character either side
        word = found.group()
        if word in wanted and word not in first:
            first[word] = found.start()
    ordered = sorted(pairs)
    rares = [min(pair, key=lambda w: (counts[w], -first.get(w, 0))) for pair in ordered]
    lines = _lines(raw, [first.get(rare, 0) for rare in rares])
    for (a, b), rare, line in zip(ordered, rares, lines, strict=True):
        common = b if rare == a else a
        yield (
            line,
            (
                f"name spelled two ways: {rare!r} ({counts[rare]}×) and "
                f"{common!r} ({counts[common]}×)"
            ),
        )
