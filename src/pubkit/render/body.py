"""The body tree of an Edition as its template sees it: blocks, list items and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from pubkit.source import inline
from pubkit.source.model import (
    Box,
    Code,
    Document,
    Figure,
    ListBlock,
    Node,
    Prose,
    Quote,
    Rule,
    Table,
)
from pubkit.source.model import Text as TextNode


@dataclass(frozen=True)
class Text:
    """Prose as the template sees it: safe HTML, and a lang attribute when the text
    comes from another language of the fallback chain."""

    html: Markup
    attr: Markup

    def __bool__(self) -> bool:
        return bool(self.html)

    def __html__(self) -> str:
        return str(self.html)


NO_TEXT = Text(Markup(""), Markup(""))


@dataclass(frozen=True)
class Cell:
    """A table cell: its text and the class of its column's alignment."""

    text: Text
    align: str


@dataclass(frozen=True)
class Block:
    """A body block as the template sees it: its kind (a prose role, "list", "table",
    "blockquote", "figure", "info_box", "code" or "rule"), its text (a code block's: its
    verbatim lines) and heading level, and what it holds (a
    list's items, a table's header and rows, a quote's or a box's blocks; a table's text
    is its caption, a quote's its attribution, a box's its title; a figure's its caption,
    with its image's ``src``, its ``alt`` text, escaped plain text, and its ``credit``)."""

    kind: str
    text: Text
    level: int = 0
    items: tuple[Item, ...] = ()
    tag: str = ""
    start: int = 1
    header: tuple[Cell, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    blocks: tuple[Block, ...] = ()
    src: str = ""
    alt: Text = NO_TEXT
    credit: Text = NO_TEXT


@dataclass(frozen=True)
class Item:
    """A list item: the text of its first paragraph and the blocks that follow it."""

    text: Text
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Endnote:
    """A footnote printed at the end (the HTML edition): its number and paragraphs."""

    number: int
    paragraphs: tuple[Text, ...]


Render = Callable[[Prose, "inline.NoteCalls | None"], Text]
"""Renders one prose text (typography, fallback language) with its footnote calls."""


class Notes:
    """The footnotes of an edition: numbered in the order of their first calls in its
    text (a translation may reorder a sentence's calls), and printed either at the foot
    of the page that calls them (``at="foot"``: the PDFs, where WeasyPrint moves an
    element of ``float: footnote`` there and numbers it) or at the end with links both
    ways (``at="end"``: the HTML edition)."""

    def __init__(self, document: Document, render: Render, at: str):
        self.render, self.at = render, at
        self.document = document
        self.defined = {note.label: note for note in document.notes}
        self.number: dict[str, int] = {}
        self.first_in: dict[str, int] = {}  # label: index of the block of its first call
        for index, prose in enumerate(document.blocks):
            if prose.role == "footnote":
                continue
            for label in inline.note_labels(prose.text):
                if label in self.defined and label not in self.number:
                    self.number[label] = len(self.number) + 1
                    self.first_in[label] = index
        self.calls = {label: self._call(n, first=False) for label, n in self.number.items()}

    def _call(self, number: int, first: bool) -> Markup:
        if self.at == "foot":  # WeasyPrint's footnote-call prints the first one
            return Markup('<sup class="footnote-ref">%d</sup>') % number
        anchor = Markup(' id="fnref-%d"') % number if first else Markup("")
        return Markup('<sup class="footnote-ref"><a href="#fn-%d"%s>%d</a></sup>') % (
            number,
            anchor,
            number,
        )

    def paragraphs(self, label: str) -> tuple[Text, ...]:
        blocks = self.document.blocks
        return tuple(
            self.render(blocks[node.index], None)
            for node in self.defined[label].body
            if isinstance(node, TextNode)
        )

    def calls_of(self, index: int, prose: Prose) -> inline.NoteCalls | None:
        """How the block ``document.blocks[index]`` prints its calls; None without any."""
        labels = [label for label in inline.note_labels(prose.text) if label in self.number]
        if not labels or prose.role == "footnote":
            return None
        first: dict[str, Markup] = {}
        for label in labels:
            if self.first_in[label] != index:
                continue
            if self.at == "foot":
                first[label] = self._foot(label)
            else:
                first[label] = self._call(self.number[label], first=True)
        return inline.NoteCalls(self.calls, first)

    def _foot(self, label: str) -> Markup:
        parts = [
            Markup('<span class="footnote-paragraph"%s>%s</span>') % (text.attr, text.html)
            for text in self.paragraphs(label)
        ]
        return Markup('<span class="footnote">%s</span>') % Markup("").join(parts)

    def endnotes(self) -> tuple[Endnote, ...]:
        """The notes the HTML edition prints at its end, in number order."""
        if self.at != "end":
            return ()
        ordered = sorted(self.number.items(), key=lambda item: item[1])
        return tuple(Endnote(number, self.paragraphs(label)) for label, number in ordered)


@dataclass(frozen=True)
class Look:
    """How the blocks' texts print: ``text(i)`` renders ``document.blocks[i]``,
    ``plain(i)`` gives it as escaped plain text (a figure's alt text), ``src(figure)``
    the address of a figure's image in this output."""

    text: Callable[[int], Text]
    plain: Callable[[int], Text]
    src: Callable[[Figure], str]


def blocks(nodes: tuple[Node, ...], document: Document, look: Look) -> tuple[Block, ...]:
    """The template's view of the body tree (``Document.body``), printed as ``look`` says."""
    text = look.text
    prose = document.blocks
    found: list[Block] = []
    for node in nodes:
        if isinstance(node, TextNode):
            item = prose[node.index]
            found.append(Block(item.role, text(node.index), item.level))
        elif isinstance(node, ListBlock):
            items = []
            for children in node.items:
                first = children[0] if children else None
                if isinstance(first, TextNode):
                    lead, rest = text(first.index), children[1:]
                else:
                    lead, rest = NO_TEXT, children
                items.append(Item(lead, blocks(rest, document, look)))
            tag = "ol" if node.ordered else "ul"
            found.append(Block("list", NO_TEXT, items=tuple(items), tag=tag, start=node.start))
        elif isinstance(node, Table):
            found.append(_table(node, text))
        elif isinstance(node, Quote):
            attribution = NO_TEXT if node.attribution is None else text(node.attribution)
            found.append(Block("blockquote", attribution, blocks=blocks(node.body, document, look)))
        elif isinstance(node, Figure):
            found.append(
                Block(
                    "figure",
                    NO_TEXT if node.caption is None else text(node.caption),
                    src=look.src(node),
                    alt=look.plain(node.alt),
                    credit=NO_TEXT if node.credit is None else text(node.credit),
                )
            )
        elif isinstance(node, Code):
            found.append(Block("code", Text(inline.verbatim(node.text), Markup(""))))
        elif isinstance(node, Rule):
            found.append(Block("rule", NO_TEXT))
        elif isinstance(node, Box):
            title = NO_TEXT if node.title is None else text(node.title)
            found.append(Block("info_box", title, blocks=blocks(node.body, document, look)))
    return tuple(found)


def _table(node: Table, text: Callable[[int], Text]) -> Block:
    def cells(row: tuple[int | None, ...]) -> tuple[Cell, ...]:
        return tuple(
            Cell(NO_TEXT if index is None else text(index), f"align-{align}" if align else "")
            for index, align in zip(row, node.align, strict=False)
        )

    caption = NO_TEXT if node.caption is None else text(node.caption)
    return Block(
        "table", caption, header=cells(node.header), rows=tuple(cells(row) for row in node.rows)
    )
