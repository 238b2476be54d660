"""Read a source file (YAML front matter + CommonMark body) into a Document."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from pubkit.errors import PubkitError
from pubkit.fileio import Roots, project_file, read_utf8
from pubkit.source.inline import NOTE_LABEL, note_labels
from pubkit.source.model import (
    Box,
    Code,
    Credit,
    Document,
    Figure,
    ListBlock,
    Location,
    Meta,
    Node,
    Note,
    Prose,
    Quote,
    References,
    Rule,
    Table,
    Text,
)

CONTAINERS = {"lead": "lead", "pullquote": "pullquote", "box": "box"}
"""The ``::: name`` blocks: the role of their paragraphs. A box's name may be followed by
its title (``::: box Key findings``)."""
MAX_LIST_DEPTH = 4
"""Lists nest this deep at most: deeper is unreadable in print (and bounds recursion)."""
ATTRIBUTION = ("— ", "-- ")
"""A block quote's last paragraph starting with one of these is its attribution."""
CAPTION = "Table:"
"""A paragraph right after a table starting with this is its caption (as in pandoc)."""
FIGURE_CAPTION = "Figure:"
FIGURE_CREDIT = "Credit:"
"""Paragraphs right after a figure starting with these are its caption, then its credit."""
# A paragraph that is one image and nothing else: "![", an alt text without brackets,
# "](", a destination and an optional title on one line, ")". Possessive: linear.
_FIGURE = re.compile(r"!\[[^\[\]\n]*+\]\([^\n]*\)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# "![" then "](" with no "]" between. A try stops at the next "![": the plain form,
# r"!\[[^\]]*\]\(", scanned from every "![" to the next "]", quadratic in a paragraph of
# "![" alone; a later "![" that finds "](" is as good for saying there is an image.
_IMAGE = re.compile(r"!\[(?:[^\]!]|!(?!\[))*+\]\(")
_UNSUPPORTED = {
    "html_block": "raw HTML",
}
_CODE = ("fence", "code_block")
# The HTML blocks of CommonMark that are markup, never text: comments, processing
# instructions, declarations, CDATA and block-level elements (CommonMark's kinds 2 to 6).
# A line that starts with another tag (<script>, <b>, kinds 1 and 7) stays text, as HTML
# in prose does (pubkit.source.inline).
_HTML_BLOCK = re.compile(
    r"<(?:!--|\?|![a-z]|!\[CDATA\[|/?(?:" + "|".join(block_names) + r")(?=\s|/?>|$))",
    re.IGNORECASE,
)
# A GFM table's delimiter row ("|---|:--:|") that markdown-it did not take for a table
# (its columns do not match the header's): still a table, never a paragraph.
# Possessive: with "[ \t]*" twice in a row at its end, a long run of spaces followed by
# anything else was split every way before failing (quadratic).
_TABLE_DELIMITER = re.compile(r"\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?[ \t]*+")


def normalize(text: str) -> str:
    """Collapse runs of whitespace to one space, trim, and compose to Unicode NFC."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


HARD_BREAK = "\\\n"
"""A line break in prose, as segments write it: a backslash at the end of a line."""


def normalize_prose(text: str) -> str:
    """:func:`normalize`, keeping CommonMark's hard line breaks (a line ending in a
    backslash or in two spaces) as :data:`HARD_BREAK`, the one way segments write them.
    Idempotent: a text normalised already is unchanged."""
    if "\n" not in text:
        return normalize(text)
    pieces: list[list[str]] = [[]]
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if number < len(lines) - 1:
            backslashes = len(line) - len(line.rstrip("\\"))
            if backslashes % 2:
                pieces[-1].append(line[:-1])
                pieces.append([])
                continue
            if line.endswith("  "):
                pieces[-1].append(line)
                pieces.append([])
                continue
        pieces[-1].append(line)
    texts = [normalize(" ".join(piece)) for piece in pieces]
    while texts and not texts[-1]:  # a break at the end of a block prints nothing
        texts.pop()
    while texts and not texts[0]:
        texts.pop(0)
    return HARD_BREAK.join(texts)


def body_parser() -> MarkdownIt:
    """CommonMark without raw HTML, plus the ``::: name`` containers of pubkit sources.

    GFM tables and HTML blocks are recognised only to be reported as unsupported: the
    "html" option stays off (it would also let the inline rules read HTML)."""
    md = MarkdownIt("commonmark", {"html": False})
    md.enable("table")
    md.block.ruler.after(
        "html_block",
        "pubkit_html_block",
        _html_block,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    container_plugin(md, "pubkit", validate=lambda params, *args: True)
    # Footnote definitions ("[^label]: text") where they stand; references are inline.
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    # Only the block structure is needed here: inline markup is parsed where it is
    # rendered or checked (pubkit.source.inline), so skip markdown-it's inline pass.
    md.disable("inline")
    return md


def _html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An ``html_block`` token for a line that starts an HTML block (see _HTML_BLOCK)."""
    if state.is_code_block(start):
        return False
    begin = state.bMarks[start] + state.tShift[start]
    if not _HTML_BLOCK.match(state.src, begin, state.eMarks[start]):
        return False
    if not silent:  # reported where it starts, so its end need not be found
        token = state.push("html_block", "", 0)
        token.map = [start, start + 1]
        state.line = start + 1
    return True


def read_document(
    path: Path, display_path: str | None = None, lang: str = "en", *, root: Roots = None
) -> Document:
    """Parse the source file at ``path``, a regular file of the project under ``root``
    (:func:`pubkit.fileio.project_file`); errors name ``display_path:line``."""
    shown = display_path or str(path)
    return parse_document(read_utf8(path, shown, "source", root), shown, lang)


_SHARED: dict[tuple[str, int, int, str], Document] = {}


def read_document_shared(
    path: Path, display_path: str | None = None, *, root: Roots = None
) -> Document:
    """read_document, parsed once per file version: Documents are immutable, so safe."""
    try:
        checked = project_file(path, root, "source", display_path)
        stat = checked.stat()
    except (OSError, PubkitError):
        return read_document(path, display_path, root=root)
    key = (str(checked), stat.st_mtime_ns, stat.st_size, display_path or str(path))
    if key not in _SHARED:
        _SHARED[key] = read_document(path, display_path, root=root)
    return _SHARED[key]


def parse_document(text: str, path: str, lang: str = "en") -> Document:
    """Parse source text; ``path`` is used for locations and error messages."""
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise PubkitError(
            "missing front matter: the file must start with '---', YAML keys, and '---'", path, 1
        )
    meta = _parse_front_matter(match.group(1), path, first_line=2)
    body_offset = text[: match.end()].count("\n")
    env: dict[str, Any] = {}
    builder = _BodyBuilder(body_parser().parse(text[match.end() :], env), path, body_offset)
    body = builder.nodes(None)
    builder.check_notes()
    return Document(
        path=path,
        lang=lang,
        meta=meta,
        blocks=tuple(builder.blocks),
        body=body,
        notes=tuple(builder.notes),
        references=References(
            tuple((label, str(found["href"])) for label, found in env.get("references", {}).items())
        ),
    )


# -- front matter -------------------------------------------------------------------------


MAX_NESTING = 32
"""Deeper YAML than this is refused: a front matter is three levels deep, and PyYAML
composes nodes recursively, so "[[[[…" would exhaust Python's stack."""


class _Refused(Exception):
    """YAML that is valid but that a front matter may not use: what, and its 0-based line."""

    def __init__(self, problem: str, line: int):
        super().__init__(problem)
        self.problem, self.line = problem, line


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases and deep nesting while it composes.

    An alias (``*name``) repeats its anchor's node wherever it stands: a few bytes
    could make a list of thousands of copies of a long text, each then read and printed.
    A front matter has no use for them."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line if event.start_mark is not None else 0
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(f"aliases (*{event.anchor}) are not supported", line)
        if self._depth >= MAX_NESTING:
            raise _Refused(f"nested more than {MAX_NESTING} levels deep", line)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Fields:
    """A YAML mapping node with the line of each key, checked against the allowed keys."""

    def __init__(self, node: yaml.Node, path: str, offset: int, allowed: set[str], what: str):
        if not isinstance(node, yaml.MappingNode):
            raise PubkitError(f"{what} must be a mapping of keys", path, _line(node, offset))
        self.path, self.offset = path, offset
        self.nodes: dict[str, yaml.Node] = {}
        self.line_of: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = _line(key_node, offset)
            if not isinstance(key_node, yaml.ScalarNode):
                raise PubkitError(f"{what} keys must be text", path, line)
            key = str(key_node.value)
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise PubkitError(f"unknown {what} key {key!r} (known: {known})", path, line)
            if key in self.nodes:
                raise PubkitError(f"duplicate {what} key {key!r}", path, line)
            self.nodes[key] = value_node
            self.line_of[key] = line
        self.line = _line(node, offset)

    def text(self, key: str, required: bool = False) -> str | None:
        node = self.nodes.get(key)
        if node is None:
            if required:
                raise PubkitError(f"front matter needs {key!r}", self.path, self.line)
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            raise PubkitError(f"{key!r} must be text", self.path, self.line_of[key])
        value = normalize(str(node.value))
        if not value:
            raise PubkitError(f"{key!r} is empty", self.path, self.line_of[key])
        return value

    def prose(self, key: str, role: str, required: bool = False) -> Prose | None:
        value = self.text(key, required)
        if value is None:
            return None
        return Prose(role=role, text=value, location=Location(self.path, self.line_of[key]))

    def names(self, key: str) -> tuple[str, ...]:
        node = self.nodes.get(key)
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode) or not all(
            isinstance(item, yaml.ScalarNode) for item in node.value
        ):
            raise PubkitError(f"{key!r} must be a list of names", self.path, self.line_of[key])
        return tuple(normalize(str(item.value)) for item in node.value)

    def sub(self, key: str, allowed: set[str]) -> _Fields | None:
        node = self.nodes.get(key)
        return None if node is None else _Fields(node, self.path, self.offset, allowed, key)


def _line(node: yaml.Node, offset: int) -> int:
    return int(node.start_mark.line) + offset


MAX_SLUG = 200
"""The longest slug: it names files (``<slug>-<lang>-print.pdf``, and their temporary
names while they are written), which hold at most 255 bytes."""


def _parse_front_matter(yaml_text: str, path: str, first_line: int) -> Meta:
    offset = first_line
    try:
        root = yaml.compose(yaml_text, Loader=_FrontMatterLoader)
    except _Refused as exc:
        raise PubkitError(f"front matter: {exc.problem}", path, exc.line + offset) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark is not None else first_line
        raise PubkitError(f"front matter is not valid YAML: {exc.problem}", path, line) from None
    except yaml.reader.ReaderError as exc:  # a control character, which YAML forbids
        line = yaml_text.count("\n", 0, exc.position) + offset
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise PubkitError(
            f"front matter is not valid YAML: {shown} is not allowed in YAML", path, line
        ) from None
    except yaml.YAMLError as exc:
        raise PubkitError(f"front matter is not valid YAML: {exc}", path, first_line) from None
    if root is None:
        raise PubkitError("front matter is empty", path, first_line)
    top = _Fields(
        root,
        path,
        offset,
        {
            "slug", "title", "subtitle", "author", "author_bio", "publisher", "office",
            "date", "keywords", "imprint", "licence", "disclaimer", "translation",
        },
        "front matter",
    )  # fmt: skip
    slug = top.text("slug", required=True)
    assert slug is not None
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise PubkitError(
            "slug must be lower-case letters, digits and hyphens", path, top.line_of["slug"]
        )
    if len(slug) > MAX_SLUG:
        raise PubkitError(
            f"slug must be at most {MAX_SLUG} characters long (it names files)",
            path,
            top.line_of["slug"],
        )
    date = top.text("date")
    if date is not None:
        if not _DATE.fullmatch(date):
            raise PubkitError("date must be written YYYY-MM-DD", path, top.line_of["date"])
        try:
            datetime.date.fromisoformat(date)
        except ValueError as exc:
            raise PubkitError(
                f"date {date} is not a calendar date ({exc})", path, top.line_of["date"]
            ) from None
    title = top.prose("title", "title", required=True)
    author = top.text("author", required=True)
    publisher = top.text("publisher", required=True)
    assert title is not None and author is not None and publisher is not None

    imprint = top.sub("imprint", {"published_by", "credits"})
    credits: list[Credit] = []
    published_by = None
    if imprint is not None:
        published_by = imprint.prose("published_by", "imprint-publisher")
        credits_node = imprint.nodes.get("credits")
        if credits_node is not None:
            if not isinstance(credits_node, yaml.SequenceNode):
                raise PubkitError(
                    "'credits' must be a list of {role, name}", path, imprint.line_of["credits"]
                )
            for item in credits_node.value:
                entry = _Fields(item, path, offset, {"role", "name"}, "credit")
                role = entry.prose("role", "imprint-role", required=True)
                name = entry.text("name", required=True)
                assert role is not None and name is not None
                credits.append(Credit(role=role, name=name))
    translation = top.sub("translation", {"credit", "translators", "organisation"})
    return Meta(
        slug=slug,
        title=title,
        author=author,
        publisher=publisher,
        subtitle=top.prose("subtitle", "subtitle"),
        author_bio=top.prose("author_bio", "author-bio"),
        office=top.text("office"),
        date=date,
        keywords=top.prose("keywords", "keywords"),
        published_by=published_by,
        credits=tuple(credits),
        licence=top.prose("licence", "licence"),
        disclaimer=top.prose("disclaimer", "disclaimer"),
        translation_credit=translation.prose("credit", "translation-credit")
        if translation
        else None,
        translators=translation.names("translators") if translation else (),
        translation_organisation=translation.text("organisation") if translation else None,
    )


# -- body ---------------------------------------------------------------------------------


class _BodyBuilder:
    """Walks markdown-it's block tokens once, building the tree and collecting the prose.

    A rule per token type (``_UNSUPPORTED`` refuses, the methods below build); each
    nesting construct reads its children with :meth:`nodes` until its closing token."""

    def __init__(self, tokens: list[Token], path: str, offset: int):
        self.tokens, self.path, self.offset = tokens, path, offset
        self.pos = 0
        self.blocks: list[Prose] = []
        self.container: str | None = None
        self.container_line = 0
        self.lists: list[str] = []  # the item role of each open list, outermost first
        self.notes: list[Note] = []
        self.in_note = False
        self.in_quote = False

    def line(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + self.offset + 1

    def error(self, message: str, token: Token) -> PubkitError:
        return PubkitError(message, self.path, self.line(token))

    def nodes(self, until: str | None) -> tuple[Node, ...]:
        """The nodes up to the token of type ``until`` (consumed), or to the end."""
        found: list[Node] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if until is not None and token.type == until:
                self.pos += 1
                return tuple(found)
            self.pos += 1
            found.extend(self.node(token))
        return tuple(found)

    def text(self, role: str, opener: Token) -> Text:
        inline = self.tokens[self.pos]
        prose = _prose(inline, role, self.path, self.line(opener), opener)
        if role in ("bullet_item", "ordered_item") and len(self.lists) > 1:
            prose = replace(prose, level=len(self.lists))
        self.blocks.append(prose)
        self.pos += 2  # the inline token and the closing one
        return Text(len(self.blocks) - 1)

    def node(self, token: Token) -> tuple[Node, ...]:
        kind = token.type
        if kind in _UNSUPPORTED:
            raise self.error(f"{_UNSUPPORTED[kind]} are not supported", token)
        if kind == "paragraph_open":
            if _FIGURE.fullmatch(self.tokens[self.pos].content.strip()):
                return (self.figure(token),)
            if self.in_note:
                return (self.text("footnote", token),)
            role = self.lists[-1] if self.lists else self.container or "paragraph"
            if self.in_quote and not self.lists:
                role = "quote"
            return (self.text(role, token),)
        if kind == "footnote_reference_open":
            self.note(token)
            return ()
        if self.in_note:
            raise self.error("a footnote holds paragraphs only", token)
        if kind in _CODE:
            if self.container in ("lead", "pullquote"):
                raise self.error(f"a code block cannot stand inside '::: {self.container}'", token)
            return (Code(token.content.removesuffix("\n"), Location(self.path, self.line(token))),)
        if kind == "hr":
            if self.lists or self.container or self.in_quote:
                raise self.error(
                    "a thematic break stands at the top level, not inside a block", token
                )
            return (Rule(Location(self.path, self.line(token))),)
        if kind == "heading_open":
            if self.container is not None:
                raise self.error(f"headings cannot stand inside '::: {self.container}'", token)
            if self.lists or self.in_quote:
                raise self.error("headings cannot stand inside a list or a block quote", token)
            return (self.text("heading", token),)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return (self.list_block(token),)
        if kind == "container_pubkit_open":
            return self.container_block(token)
        if kind == "table_open":
            return (self.table(token),)
        if kind == "blockquote_open":
            return (self.quote(token),)
        return ()

    def quote(self, token: Token) -> Quote:
        if self.in_quote or self.container:
            raise self.error(
                "a block quote cannot stand inside a block quote or a ':::' block", token
            )
        self.in_quote = True
        body = self.nodes("blockquote_close")
        self.in_quote = False
        attribution = None
        last = body[-1] if body else None
        if (
            len(body) > 1
            and isinstance(last, Text)
            and self.blocks[last.index].text.startswith(ATTRIBUTION)
        ):
            prose = self.blocks[last.index]
            text = prose.text.split(" ", 1)[1].strip()
            self.blocks[last.index] = replace(prose, role="quote_attribution", text=text)
            attribution, body = last.index, body[:-1]
        return Quote(body, attribution, Location(self.path, self.line(token)))

    def table(self, token: Token) -> Table:
        """A pipe table, cell by cell; a paragraph right after it that starts with
        ``Table:`` is its caption (pandoc's syntax)."""
        if self.lists or self.container or self.in_note or self.in_quote:
            raise self.error("a table stands at the top level, not inside a block", token)
        line = self.line(token)
        header: list[int | None] = []
        rows: list[list[int | None]] = []
        align: list[str] = []
        row_line = line
        while self.tokens[self.pos].type != "table_close":
            cell = self.tokens[self.pos]
            self.pos += 1
            if cell.type == "tr_open":
                row_line = self.line(cell) if cell.map else row_line
                if self.tokens[self.pos].type == "td_open":
                    rows.append([])
            elif cell.type in ("th_open", "td_open"):
                inline = self.tokens[self.pos]
                self.pos += 2  # the inline token and the closing one
                index = None
                if inline.content.strip():
                    role = "table_header" if cell.type == "th_open" else "table_cell"
                    prose = _prose(inline, role, self.path, row_line)
                    self.blocks.append(prose)
                    index = len(self.blocks) - 1
                if cell.type == "th_open":
                    header.append(index)
                    style = str(cell.attrs.get("style", ""))
                    align.append(style.removeprefix("text-align:"))
                else:
                    rows[-1].append(index)
        self.pos += 1
        caption = None
        following = self.tokens[self.pos : self.pos + 2]
        if (
            len(following) == 2
            and following[0].type == "paragraph_open"
            and following[1].content.startswith(CAPTION)
        ):
            prose = _prose(following[1], "table_caption", self.path, self.line(following[0]))
            self.blocks.append(replace(prose, text=normalize_prose(prose.text[len(CAPTION) :])))
            self.pos += 3
            caption = len(self.blocks) - 1
        location = Location(self.path, line)
        return Table(tuple(header), tuple(map(tuple, rows)), tuple(align), caption, location)

    def figure(self, token: Token) -> Figure:
        """An image alone in its paragraph, then optional paragraphs ``Figure: …``
        (its caption) and ``Credit: …``. Its path is the editor's: a file of the project
        relative to the source (read when the edition is made, pubkit.source.images)."""
        if self.lists or self.container or self.in_note or self.in_quote:
            raise self.error("a figure stands at the top level, not inside a block", token)
        line = self.line(token)
        inline = self.tokens[self.pos]
        found = [t for t in _image_parser().parseInline(inline.content.strip())[0].children or ()]
        if len(found) != 1 or found[0].type != "image":
            raise self.error(f"images are not supported in prose: {FIGURE_HINT}", token)
        image = found[0]
        src = unquote(str(image.attrs.get("src", "")))
        if image.attrs.get("title"):
            raise self.error(
                "a figure's title is not printed: write its caption as a paragraph "
                f"'{FIGURE_CAPTION} …' after the image",
                token,
            )
        if not src or _SCHEME.match(src) or src.startswith(("/", "\\")) or "\\" in src:
            raise self.error(
                f"a figure's image is a file of the project, its path relative to the "
                f"source's folder (not {src!r})",
                token,
            )
        alt = normalize(image.content)
        if not alt:
            raise self.error(
                f"a figure needs alt text saying what the image shows: {FIGURE_HINT}", token
            )
        self.pos += 2  # the inline token and the closing one
        self.blocks.append(Prose("figure_alt", alt, Location(self.path, line)))
        parts: dict[str, int] = {"alt": len(self.blocks) - 1}
        for prefix, role in ((FIGURE_CAPTION, "figure_caption"), (FIGURE_CREDIT, "figure_credit")):
            following = self.tokens[self.pos : self.pos + 2]
            if (
                len(following) == 2
                and following[0].type == "paragraph_open"
                and following[1].content.startswith(prefix)
            ):
                prose = _prose(following[1], role, self.path, self.line(following[0]))
                text = normalize_prose(prose.text[len(prefix) :])
                self.blocks.append(replace(prose, text=text))
                self.pos += 3
                parts[role] = len(self.blocks) - 1
        return Figure(
            src,
            parts["alt"],
            parts.get("figure_caption"),
            parts.get("figure_credit"),
            Location(self.path, line),
        )

    def note(self, token: Token) -> None:
        label = token.meta["label"]
        if not NOTE_LABEL.fullmatch(label):
            raise self.error(
                f"footnote label [^{label}]: use letters, digits, '-' and '_' (at most 64)",
                token,
            )
        if any(note.label == label for note in self.notes):
            raise self.error(f"footnote [^{label}] is defined twice", token)
        if self.lists or self.container or self.in_note or self.in_quote:
            raise self.error("a footnote is defined at the top level, not inside a block", token)
        self.in_note = True
        body = self.nodes("footnote_reference_close")
        self.in_note = False
        self.notes.append(Note(label, body, Location(self.path, self.line(token))))

    def check_notes(self) -> None:
        """Every reference defined, every definition referenced, and references only
        where a call can print: not in headings, pull quotes or notes."""
        defined = {note.label for note in self.notes}
        called: set[str] = set()
        for prose in self.blocks:
            labels = note_labels(prose.text)
            if not labels:
                continue
            if prose.role in ("heading", "pullquote", "footnote", "box_title"):
                where = {
                    "heading": "a heading",
                    "pullquote": "a pull quote",
                    "box_title": "a box's title",
                }
                shown = where.get(prose.role, "a footnote")
                raise PubkitError(
                    f"a footnote reference cannot stand in {shown}", self.path, prose.location.line
                )
            for label in labels:
                if label not in defined:
                    raise PubkitError(
                        f"footnote [^{label}] is not defined (add a line '[^{label}]: …')",
                        self.path,
                        prose.location.line,
                    )
            called.update(labels)
        for note in self.notes:
            if note.label not in called:
                raise PubkitError(
                    f"footnote [^{note.label}] is never referenced: it would not print",
                    self.path,
                    note.location.line,
                )

    def list_block(self, token: Token) -> ListBlock:
        if len(self.lists) >= MAX_LIST_DEPTH:
            raise self.error(f"lists nest at most {MAX_LIST_DEPTH} levels deep", token)
        ordered = token.type == "ordered_list_open"
        self.lists.append("ordered_item" if ordered else "bullet_item")
        close = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[tuple[Node, ...]] = []
        while self.tokens[self.pos].type != close:
            self.pos += 1  # list_item_open
            items.append(self.nodes("list_item_close"))
        self.pos += 1
        self.lists.pop()
        start = int(token.attrs.get("start", 1)) if ordered else 1
        return ListBlock(ordered, start, tuple(items), Location(self.path, self.line(token)))

    def container_block(self, token: Token) -> tuple[Node, ...]:
        name, _, title = token.info.strip().partition(" ")
        if name != "box":
            name, title = token.info.strip(), ""
        if name not in CONTAINERS:
            raise self.error(f"unknown block '::: {name}' (known: {', '.join(CONTAINERS)})", token)
        if self.container is not None or self.in_quote or self.lists:
            raise self.error("'::: ' blocks stand at the top level, not inside a block", token)
        self.container, self.container_line = name, self.line(token)
        heading = None
        if normalize(title):
            where = Location(self.path, self.container_line)
            self.blocks.append(Prose("box_title", normalize(title), where))
            heading = len(self.blocks) - 1
        found = self.nodes("container_pubkit_close")
        if not self.tokens[self.pos - 1].markup:
            raise PubkitError(
                f"'::: {name}' is not closed (end it with a line ':::')",
                self.path,
                self.container_line,
            )
        self.container = None
        if name == "box":
            return (Box(heading, found, Location(self.path, self.container_line)),)
        return found


FIGURE_HINT = (
    "a figure is an image alone in its paragraph, '![what it shows](file.png)', "
    f"its caption a paragraph '{FIGURE_CAPTION} …' after it"
)


@cache
def _image_parser() -> MarkdownIt:
    """What reads a figure's image: markdown-it's image rule (alt text, destination
    and title decoded as CommonMark does), run only on a paragraph that _FIGURE says is
    one image on one line."""
    return MarkdownIt("zero").enable(["image", "escape", "entity"])


def _prose(inline: Token, role: str, path: str, line: int, opener: Token | None = None) -> Prose:
    if _IMAGE.search(inline.content):
        raise PubkitError(f"images are not supported in prose: {FIGURE_HINT}", path, line)
    for number, text in enumerate(inline.content.split("\n")):
        if "|" in text and _TABLE_DELIMITER.fullmatch(text.strip()):
            header = line + max(number - 1, 0)  # the table starts on the row above
            raise PubkitError(
                "this table's delimiter row has not as many columns as its header row: "
                "it would print as text",
                path,
                header,
            )
    level = int(opener.tag[1:]) if role == "heading" and opener is not None else 0
    return Prose(
        role=role,
        text=normalize_prose(inline.content),
        location=Location(path, line),
        level=level,
    )
