"""Split a Document into translatable segments keyed by meaning, in document order."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pubkit.source.inline import note_labels
from pubkit.source.model import Document, Location, Prose, Table, Text

ROLE_COMMENTS = {
    "title": "Title of the publication; printed in capitals on the cover",
    "subtitle": "Subtitle",
    "author-bio": "Author biography (title page)",
    "keywords": "Keywords of the PDF metadata, comma-separated",
    "imprint-publisher": "Imprint: publisher line",
    "imprint-role": "Imprint: role label printed before a person's name",
    "licence": "Imprint: licence",
    "disclaimer": "Imprint: disclaimer",
    "translation-credit": (
        "Imprint: credit for the English translation of the original; keep the names, "
        "and say that they translated the English version"
    ),
    "heading": "Section heading; printed in capitals",
    "lead": "Lead paragraph",
    "paragraph": "Paragraph",
    "pullquote": "Pull quote",
    "bullet_item": "List item",
    "ordered_item": "Numbered list item",
    "quote": "Block quote",
    "quote_attribution": "Attribution of a block quote (who said it); printed after a dash",
    "table_header": "Table column header",
    "table_cell": "Table cell",
    "table_caption": "Table caption; printed above the table",
    "footnote": (
        "Footnote; printed at the foot of the page that calls it, numbered by the typesetter"
    ),
    "figure_alt": (
        "Alt text of a figure: what the image shows, for readers who cannot see it (screen "
        "readers, the tagged PDF); never printed; plain text, no markup"
    ),
    "figure_caption": "Figure caption; printed under the image",
    "figure_credit": "Figure credit (who made the image or its data); printed after the caption",
    "box_title": "Title of an info box",
    "box": "Info box paragraph",
}


# What every comment of a role starts with, whatever _comment adds ("(level 2)", "; …").
_ROLE_PREFIXES = {
    role: comment.split(";")[0].split(" (")[0] for role, comment in ROLE_COMMENTS.items()
}


def entry_role(msgctxt: str | None, comment: str) -> str:
    """The role of a catalog entry the source no longer has: its msgctxt when that names
    a role (``extract_segments`` writes the role there), else the role whose comment in
    ``ROLE_COMMENTS`` the entry's extracted comment starts with; "paragraph" if none.
    A catalog carries the role as data only in msgctxt, so the comment is read back."""
    if msgctxt is not None and msgctxt in ROLE_COMMENTS:
        return msgctxt
    for role, prefix in _ROLE_PREFIXES.items():
        if comment.startswith(prefix):
            return role
    return "paragraph"


Key = tuple[str | None, str]
"""A catalog key: (msgctxt, msgid)."""


def segment_id(key: Key) -> str:
    """The stable id of a catalog entry, derived from its key alone as gettext keys a
    message (msgctxt, EOT, msgid): the same in the PO, XLIFF units, TMX units and the
    segments a release records, whatever the entry's position."""
    msgctxt, msgid = key
    gettext_key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return "s" + hashlib.sha256(gettext_key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Segment:
    """One catalog entry: the text to translate, its key and what helps a translator."""

    msgid: str
    msgctxt: str | None
    role: str
    comment: str
    references: tuple[Location, ...]

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def id(self) -> str:
        return segment_id(self.key)


_QUOTES = "“”„«»‘’‚‹›'"
_MARKUP = re.compile(r"\*\*|\*|__|_")


def fold_quotation(text: str) -> str:
    """Text compared ignoring case, quotation-mark style, emphasis markers and spacing."""
    text = _MARKUP.sub("", text)
    for quote in _QUOTES:  # 30 times faster than str.translate on non-ASCII text
        if quote in text:
            text = text.replace(quote, '"')
    text = text.casefold()
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split()).strip(' "')


QUOTE_REACH = 50
"""How many blocks away from a pull quote its paragraph is looked for, each way. Searching
the whole document for each pull quote cost pull quotes × paragraphs (quadratic in a
source of many pull quotes that repeat nothing); a pull quote stands near its paragraph
(the brief's are 1 to 7 blocks from theirs)."""


def quoted_blocks(blocks: Sequence[Prose]) -> dict[Location, Prose]:
    """For each pull quote (by location), the body paragraph containing its words.

    The nearest such paragraph wins, searching outward from the quote up to
    :data:`QUOTE_REACH` blocks each way; each paragraph is folded at most once.
    """
    folded: dict[int, str] = {}

    def contains(index: int, needle: str) -> bool:
        block = blocks[index]
        if block.role not in ("paragraph", "lead"):
            return False
        if index not in folded:
            folded[index] = fold_quotation(block.text)
        return needle in folded[index]

    found: dict[Location, Prose] = {}
    for index, block in enumerate(blocks):
        if block.role != "pullquote":
            continue
        needle = fold_quotation(block.text).rstrip(".!?")
        for distance in range(1, min(len(blocks), QUOTE_REACH + 1)):
            near = [i for i in (index - distance, index + distance) if 0 <= i < len(blocks)]
            match = next((i for i in near if contains(i, needle)), None)
            if match is not None:
                found[block.location] = blocks[match]
                break
    return found


def prose_keys(document: Document) -> list[Key]:
    """The catalog key of each ``document.prose()`` item, aligned with it."""
    roles_of: dict[str, set[str]] = {}
    for prose in document.prose():
        roles_of.setdefault(prose.text, set()).add(prose.role)
    return [
        (prose.role if len(roles_of[prose.text]) > 1 else None, prose.text)
        for prose in document.prose()
    ]


def extract_segments(
    document: Document, quoted: dict[Location, Prose] | None = None
) -> tuple[Segment, ...]:
    """One segment per distinct (role, text); identical text in one role shares an entry.

    msgctxt is the role, and only where the same words play several roles, so entries
    are keyed by meaning and never by position. ``quoted``: ``quoted_blocks(document.
    blocks)``, if the caller has it already.
    """
    if quoted is None:
        quoted = quoted_blocks(document.blocks)
    order: list[Key] = []
    found: dict[Key, tuple[Prose, list[Location]]] = {}
    for prose, key in zip(document.prose(), prose_keys(document), strict=True):
        if key in found:
            found[key][1].append(prose.location)
        else:
            order.append(key)
            found[key] = (prose, [prose.location])
    labels = {
        document.blocks[node.index].location: note.label
        for note in document.notes
        for node in note.body
        if isinstance(node, Text)
    }
    columns = _columns(document)
    segments = []
    for key in order:
        prose, locations = found[key]
        segments.append(
            Segment(
                msgid=key[1],
                msgctxt=key[0],
                role=prose.role,
                comment=_comment(prose, quoted, labels, columns),
                references=tuple(locations),
            )
        )
    return tuple(segments)


def _columns(document: Document) -> dict[int, str]:
    """For each table cell (by ``id`` of its Prose), the header of its column."""
    blocks = document.blocks
    found: dict[int, str] = {}
    for node in document.body:
        if not isinstance(node, Table):
            continue
        for row in node.rows:
            for cell, head in zip(row, node.header, strict=False):
                if cell is not None and head is not None:
                    found[id(blocks[cell])] = blocks[head].text
    return found


def _comment(
    prose: Prose,
    quoted: dict[Location, Prose],
    labels: dict[Location, str],
    columns: dict[int, str],
) -> str:
    comment = ROLE_COMMENTS.get(prose.role, prose.role)
    if prose.role == "table_cell":
        if id(prose) in columns:
            comment += f" (column {columns[id(prose)]!r})"
        comment += "; write numbers as your language does"
    if prose.role == "footnote" and prose.location in labels:
        comment = comment.replace("Footnote", f"Footnote [^{labels[prose.location]}]", 1)
    calls = list(dict.fromkeys(note_labels(prose.text)))
    if len(calls) == 1:
        comment += f"; keep the footnote reference [^{calls[0]}] after the words it annotates"
    elif calls:
        shown = ", ".join(f"[^{label}]" for label in calls)
        comment += f"; keep the footnote references {shown} after the words they annotate"
    if "\\\n" in prose.text:
        comment += "; a backslash at the end of a line is a line break: keep it"
    if "][" in prose.text:
        comment += (
            "; in a reference link [words][label] translate the words and keep the label, "
            "which names the source's address"
        )
    if prose.role == "heading":
        comment = f"Section heading (level {prose.level}); printed in capitals"
    if prose.role in ("bullet_item", "ordered_item") and prose.level > 1:
        comment += f" (level {prose.level})"
    if prose.role == "pullquote":
        source = quoted.get(prose.location)
        if source is not None:
            comment += (
                f" repeating a sentence of the paragraph at {source.location}: "
                "use the wording of your translation of that paragraph"
            )
        comment += "; printed in capitals"
    return comment
