"""The document model: frozen dataclasses, every piece of prose with its source location."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "lead", "paragraph", "pullquote", "bullet_item", "ordered_item"]


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line in a source file, printed as ``path:line``."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Prose:
    """A translatable piece of text: inline Markdown, whitespace-normalised, NFC.

    ``role`` says what the text is (title, heading, paragraph…); it becomes the
    extracted comment, and the msgctxt when the same words play two roles.
    """

    role: str
    text: str
    location: Location
    level: int = 0


@dataclass(frozen=True)
class Credit:
    """An imprint line: a translatable role label and a name that is never translated."""

    role: Prose
    name: str


@dataclass(frozen=True)
class Meta:
    """The front matter. Prose fields are translated; names, slug and date are not."""

    slug: str
    title: Prose
    author: str
    publisher: str
    subtitle: Prose | None = None
    author_bio: Prose | None = None
    office: str | None = None
    date: str | None = None
    keywords: Prose | None = None
    published_by: Prose | None = None
    credits: tuple[Credit, ...] = ()
    licence: Prose | None = None
    disclaimer: Prose | None = None
    translation_credit: Prose | None = None
    translators: tuple[str, ...] = ()
    translation_organisation: str | None = None


# -- the body's structure ---------------------------------------------------------------
# The structure of the body is the source's alone: its nodes point into
# ``Document.blocks`` by index, so a translation replaces texts and can never add,
# remove or move a block, a list item, a table cell or a note.


@dataclass(frozen=True)
class Text:
    """A block of prose (paragraph, heading, lead, pull quote…): ``Document.blocks[index]``."""

    index: int


@dataclass(frozen=True)
class ListBlock:
    """A bullet or numbered list; an item holds blocks, nested lists among them."""

    ordered: bool
    start: int
    items: tuple[tuple[Node, ...], ...]
    location: Location


@dataclass(frozen=True)
class Table:
    """A GFM pipe table: its header and body cells (None: an empty cell), each column's
    alignment ("left", "center", "right" or ""), and its caption (``Table: …``)."""

    header: tuple[int | None, ...]
    rows: tuple[tuple[int | None, ...], ...]
    align: tuple[str, ...]
    caption: int | None
    location: Location


@dataclass(frozen=True)
class Quote:
    """A block quote (``> …``): its blocks and, when its last paragraph starts with a
    dash (``— Name``), that paragraph as its attribution."""

    body: tuple[Node, ...]
    attribution: int | None
    location: Location


@dataclass(frozen=True)
class Figure:
    """An image alone in its paragraph (``![alt](path)``), with its alt text, and the
    paragraphs ``Figure: …`` (caption) and ``Credit: …`` after it, when there. ``src``
    is the editor's path, relative to the source's folder; no translation can change it."""

    src: str
    alt: int
    caption: int | None
    credit: int | None
    location: Location


@dataclass(frozen=True)
class Box:
    """An info box (``::: box Title`` … ``:::``): its title, when there is one, and its
    paragraphs and lists."""

    title: int | None
    body: tuple[Node, ...]
    location: Location


@dataclass(frozen=True)
class Code:
    """A code block (fenced or indented): printed verbatim in the monospace face, never a
    segment, never translated."""

    text: str
    location: Location


@dataclass(frozen=True)
class Rule:
    """A thematic break (``---``, ``***``, ``___``): printed as a separator."""

    location: Location


Node = Text | ListBlock | Table | Quote | Figure | Box | Code | Rule
"""A node of the body tree."""


@dataclass(frozen=True)
class Note:
    """A footnote definition (``[^label]: text``): its paragraphs, called by
    ``[^label]`` in the text; numbered in the order of the first calls."""

    label: str
    body: tuple[Node, ...]
    location: Location


@dataclass(frozen=True)
class References:
    """The link reference definitions of a source (``[label]: https://…``): each label,
    normalised as CommonMark compares them, and its target. Only the source defines
    them; a text's ``[words][label]`` links to the target of its label."""

    targets: tuple[tuple[str, str], ...] = ()

    def env(self) -> dict[str, dict[str, dict[str, str]]]:
        """The ``env`` markdown-it's inline parser resolves references from."""
        return {"references": {label: {"href": href, "title": ""} for label, href in self.targets}}


NO_REFERENCES = References()


@dataclass(frozen=True)
class Document:
    """A publication in one language: front matter and body blocks in reading order.

    ``blocks`` is every piece of body prose in reading order; ``body`` is the tree of
    the body's structure, whose leaves index ``blocks``."""

    path: str
    lang: str
    meta: Meta
    blocks: tuple[Prose, ...]
    body: tuple[Node, ...] = ()
    notes: tuple[Note, ...] = ()
    references: References = NO_REFERENCES

    def prose(self) -> Iterator[Prose]:
        """Every translatable piece, front matter first, in document order."""
        meta = self.meta
        for field in (meta.title, meta.subtitle, meta.author_bio, meta.keywords):
            if field is not None:
                yield field
        if meta.published_by is not None:
            yield meta.published_by
        for credit in meta.credits:
            yield credit.role
        for field in (meta.licence, meta.disclaimer, meta.translation_credit):
            if field is not None:
                yield field
        yield from self.blocks

    def map_prose(self, change: Callable[[Prose], str], lang: str) -> Document:
        """A copy in ``lang`` with every prose text replaced by ``change(prose)``."""

        def swap(prose: Prose | None) -> Prose | None:
            if prose is None:
                return None
            return dataclasses.replace(prose, text=change(prose))

        meta = self.meta
        new_meta = dataclasses.replace(
            meta,
            title=dataclasses.replace(meta.title, text=change(meta.title)),
            subtitle=swap(meta.subtitle),
            author_bio=swap(meta.author_bio),
            keywords=swap(meta.keywords),
            published_by=swap(meta.published_by),
            credits=tuple(
                Credit(role=dataclasses.replace(c.role, text=change(c.role)), name=c.name)
                for c in meta.credits
            ),
            licence=swap(meta.licence),
            disclaimer=swap(meta.disclaimer),
            translation_credit=swap(meta.translation_credit),
        )
        blocks = tuple(dataclasses.replace(b, text=change(b)) for b in self.blocks)
        return dataclasses.replace(self, lang=lang, meta=new_meta, blocks=blocks)
