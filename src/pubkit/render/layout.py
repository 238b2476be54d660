"""What WeasyPrint's line breaking made of the text: a typesetting report per edition.

WeasyPrint has no paragraph-wide optimiser and no ``hyphenate-limit-lines``: the theme
and :mod:`pubkit.render.breaks` prevent what they can, and this report reads the laid-out
boxes for what remains: hyphenated line ends, runs of them, names split across lines,
paragraphs that end on the tail of a hyphenated word, short last lines and lines wider
than their column, each with its page number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pubkit.locales.typography import capitalises_nouns
from pubkit.render.breaks import word_at_break

HYPHENS = "-\u2010\u2011\u00ad"
MAX_HYPHEN_RUN = 2
"""At most this many consecutive lines may end with a hyphen."""
SHORT_LAST_LINE = 0.15
"""A paragraph's last line narrower than this share of its column is short."""
OVERFULL_TOLERANCE = 0.5
"""Points a line may exceed its column (rounding) before it counts as overfull."""

FIXED_BY_KEEPING = frozenset(
    {"name-hyphenated", "hyphen-run", "fragment", "hyphen-before-last-line"}
)
"""Faults pubkit repairs by laying the edition out again with the word kept whole."""

FAULT_KINDS = (
    "name-hyphenated",
    "hyphen-run",
    "fragment",
    "hyphen-before-last-line",
    "short-last-line",
    "overfull",
)


@dataclass(frozen=True)
class Fault:
    """One typesetting fault: its kind, its page (from 1) and the text it concerns."""

    kind: str
    page: int
    text: str
    word: str | None = None
    """For a fault at a hyphenated line end: the word as typed, to keep whole."""

    def message(self) -> str:
        what = {
            "name-hyphenated": "capitalised word (a name) hyphenated",
            "hyphen-run": f"more than {MAX_HYPHEN_RUN} hyphenated lines in a row",
            "fragment": "paragraph ends on the tail of a hyphenated word",
            "hyphen-before-last-line": "last full line of a paragraph hyphenated",
            "short-last-line": "short last line",
            "overfull": "line wider than its column",
        }[self.kind]
        return f"page {self.page}: {what}: {self.text!r}"


@dataclass(frozen=True)
class LayoutReport:
    """The line ends of one laid-out edition and the faults among them."""

    lines: int = 0
    hyphenated: int = 0
    faults: tuple[Fault, ...] = field(default=())

    def count(self, kind: str) -> int:
        return sum(1 for fault in self.faults if fault.kind == kind)

    def words_to_keep(self) -> frozenset[str]:
        """The words whose hyphenation made a fault that keeping them whole repairs."""
        return frozenset(
            fault.word for fault in self.faults if fault.kind in FIXED_BY_KEEPING and fault.word
        )

    def summary(self) -> dict[str, int]:
        """What the manifest records: counts per kind."""
        counts = {"lines": self.lines, "hyphenated": self.hyphenated}
        counts.update({kind: self.count(kind) for kind in FAULT_KINDS})
        return counts


@dataclass(frozen=True)
class _Line:
    page: int
    text: str
    width: float
    available: float


def inspect_layout(document: Any, lang: str) -> LayoutReport:
    """The report of a WeasyPrint ``Document`` laid out for ``lang``."""
    names = not capitalises_nouns(lang)
    lines = hyphenated = 0
    faults: list[Fault] = []
    for paragraph in _paragraphs(document):
        lines += len(paragraph)
        run = 0
        for number, line in enumerate(paragraph):
            following = paragraph[number + 1] if number + 1 < len(paragraph) else None
            if line.width > line.available + OVERFULL_TOLERANCE:
                faults.append(Fault("overfull", line.page, line.text.strip()))
            broken = following is not None and _hyphenated(line.text, following.text)
            if not broken:
                run = 0
                continue
            assert following is not None
            hyphenated += 1
            run += 1
            shown = _split_word(line.text, following.text)
            typed = word_at_break(line.text, following.text)
            if run == MAX_HYPHEN_RUN + 1:
                faults.append(Fault("hyphen-run", line.page, shown, typed))
            if names and shown[:1].isupper():
                faults.append(Fault("name-hyphenated", line.page, shown, typed))
            if number + 2 == len(paragraph):
                alone = len(following.text.split()) == 1
                kind = "fragment" if alone else "hyphen-before-last-line"
                faults.append(Fault(kind, following.page, shown, typed))
        last = paragraph[-1]
        if len(paragraph) > 1 and last.width < SHORT_LAST_LINE * last.available:
            faults.append(Fault("short-last-line", last.page, last.text.strip()))
    return LayoutReport(lines, hyphenated, tuple(faults))


def _hyphenated(text: str, following: str) -> bool:
    """A line that ends inside a word: on a hyphen, with letters on both sides."""
    stripped = text.rstrip()
    return (
        len(stripped) >= 2
        and stripped[-1] in HYPHENS
        and stripped[-2].isalpha()
        and following.lstrip()[:1].isalpha()
        and stripped == text  # no space after the hyphen: "– " ends a clause, not a word
    )


def _split_word(text: str, following: str) -> str:
    head = text.rstrip().rsplit(None, 1)[-1]
    tail = following.lstrip().split(None, 1)[0] if following.strip() else ""
    return f"{head}{tail}"


def _paragraphs(document: Any) -> Iterator[list[_Line]]:
    """The lines of each block of text, in order, a block split across pages as one."""
    from weasyprint.formatting_structure import boxes

    current: list[_Line] = []
    current_element: object = None
    for page_number, page in enumerate(document.pages, 1):
        for block in _line_containers(page._page_box, boxes):
            element = getattr(block, "element", None)
            if element is not current_element or element is None:
                if current:
                    yield current
                current, current_element = [], element
            available = float(block.width)
            for line in block.children:
                if isinstance(line, boxes.LineBox):
                    text, width = _line_text(line, boxes)
                    if text.strip():
                        current.append(_Line(page_number, text, width, available))
    if current:
        yield current


def _line_containers(box: Any, boxes: Any) -> Iterator[Any]:
    """Block containers holding lines, in document order, margin boxes left out (the
    running title is page furniture, not text)."""
    stack = [box]
    while stack:
        current = stack.pop()
        if isinstance(current, boxes.MarginBox):
            continue
        children = getattr(current, "children", ())
        if any(isinstance(child, boxes.LineBox) for child in children):
            yield current
        stack.extend(reversed([c for c in children if not isinstance(c, boxes.LineBox)]))


def _line_text(line: Any, boxes: Any) -> tuple[str, float]:
    """The characters of a line as printed, and the width they take."""
    parts: list[str] = []
    left = right = None
    stack = [line]
    while stack:
        current = stack.pop()
        if isinstance(current, boxes.TextBox):
            parts.append(current.text)
            start = float(current.position_x)
            end = start + float(current.margin_width())
            left = start if left is None else min(left, start)
            right = end if right is None else max(right, end)
        else:
            stack.extend(reversed(list(getattr(current, "children", ()))))
    width = 0.0 if left is None or right is None else right - left
    return "".join(parts), width
