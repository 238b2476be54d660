"""pubkit's extract on the Markdown test inputs of its peers, po4a and mdpo: each is
extracted with no word of the document lost from the segments, or refused at its
``file:line`` by a rule listed here with its reason."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from pubkit.errors import PubkitError
from pubkit.source.model import Box, Code, ListBlock, Node, Quote
from pubkit.source.reader import _FRONT_MATTER, parse_document
from pubkit.source.segments import extract_segments

from ..conftest import REPO

PEERS = REPO.parent / "shared" / "corpora" / "markdown-peers"
HEADER = "---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\n"
BODY_LINE = HEADER.count("\n") + 1  # the first line of a peer's body under HEADER

FIGURE_PATH = (
    "a figure's image is a file of the project, its path relative to the source's folder (not {!r})"
)
RULE_NESTED = "a thematic break stands at the top level, not inside a block"
# What pubkit refuses, file by file: (line in the peer's body, what the message says).
# Each refusal is a documented rule of the README's source format:
# - raw HTML blocks (3): a source's HTML would reach the page unescaped, and printed as
#   text it would be markup on the page; refused (README, Security). HTML inside a
#   paragraph stays text.
# - a figure whose image is an absolute path or an address (3): a figure's image is a
#   file of the project, read and copied as one (README, Figures), never fetched.
# - a heading inside a block quote or a list (2): a heading is a section of the brief
#   (its bookmark, its place in the PDF's structure), which a quote or an item is not.
# - a table inside a list (1), a thematic break inside a list (2): a table needs the
#   text's width and a separator separates sections; both stand at the top level.
# - a pandoc fenced div with attributes, "::::: {#special .sidebar}" (1): pubkit's
#   "::: name" blocks are lead, pullquote and box, and no attribute is typeset.
REFUSED = {
    "mdpo-markuptext--blockquotes.md": (7, "headings cannot stand inside a list or a block quote"),
    "mdpo-markuptext--ol-nested.md": (31, "headings cannot stand inside a list or a block quote"),
    "mdpo-markuptext--ul-nested.md": (24, "a table stands at the top level, not inside a block"),
    "mdpo-markuptext--html.md": (3, "raw HTML are not supported"),
    "mdpo-markuptext--images.md": (1, FIGURE_PATH.format("/assets/images/tux.png")),
    "mdpo-plaintext--comments.md": (7, "raw HTML are not supported"),
    "mdpo-plaintext--images.md": (1, FIGURE_PATH.format("/assets/images/tux.png")),
    "mdpo-plaintext--links.md": (34, FIGURE_PATH.format("/url")),
    "mdpo-plaintext--raw-inline.md": (3, "raw HTML are not supported"),
    "po4a-commonmark--Rules.md": (71, RULE_NESTED),
    "po4a-txt-markdown--PandocFencedCodeBlocks.md": (
        58,
        "unknown block '::: {#special .sidebar}' (known: lead, pullquote, box)",
    ),
    "po4a-txt-markdown--Rules.md": (71, RULE_NESTED),
}

# Markup that holds words but is no prose, removed before the words are compared:
# link reference definitions ("[label]: url"), a footnote definition's label, the
# numbers of ordered list items, a table caption's "Table:", a figure's "Figure:" and
# "Credit:", a code fence with its info string ("```python"), a thematic break ("___").
_NOT_PROSE = re.compile(
    r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$|^ {0,3}\[\^[^\]\n]+\]:|^[ \t>]*\d{1,9}[.)](?=[ \t])"
    r"|^(?:Table|Figure|Credit):|^[ \t>*+-]*(?:`{3,}|~{3,}).*$|^ {0,3}(?:_[ \t]*){3,}$",
    re.MULTILINE,
)
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text)))


def body_of(path: Path) -> tuple[str, bool]:
    """The peer's body, and whether it had a YAML front matter of its own."""
    text = path.read_text(encoding="utf-8")
    found = _FRONT_MATTER.match(text)
    return (text[found.end() :], True) if found else (text, False)


def code_texts(nodes: tuple[Node, ...]) -> list[str]:
    """The texts of the code blocks among ``nodes``, nested ones included."""
    found: list[str] = []
    for node in nodes:
        if isinstance(node, Code):
            found.append(node.text)
        elif isinstance(node, ListBlock):
            for item in node.items:
                found += code_texts(item)
        elif isinstance(node, Quote | Box):
            found += code_texts(node.body)
    return found


PEER_FILES = sorted(PEERS.glob("*.md"))


def test_the_peer_corpus_is_there() -> None:
    assert len(PEER_FILES) == 66, PEERS


@pytest.mark.parametrize("path", PEER_FILES, ids=lambda path: path.name)
def test_a_peer_document_is_extracted_or_refused_by_a_rule(path: Path) -> None:
    body, had_front_matter = body_of(path)
    if had_front_matter:
        # pubkit's front matter is a fixed schema: a peer's own keys are refused at
        # their line (README, "unknown front matter key"); its body is read below.
        with pytest.raises(PubkitError) as caught:
            parse_document(path.read_text(encoding="utf-8"), path.name)
        assert caught.value.line is not None and caught.value.line >= 2
        assert "front matter" in caught.value.message
    text = HEADER + body
    if path.name in REFUSED:
        line, message = REFUSED[path.name]
        with pytest.raises(PubkitError) as caught:
            parse_document(text, path.name)
        assert (caught.value.line, caught.value.message) == (line + BODY_LINE - 1, message)
        return
    document = parse_document(text, path.name)
    segments = extract_segments(document)
    # Identical text in one role is one entry with a reference per occurrence.
    extracted = Counter[str]()
    for segment in segments:
        for _ in segment.references:
            extracted.update(words(segment.msgid))
    extracted -= words("T")
    for code in code_texts(document.body):  # printed as typed, never a segment
        extracted.update(words(code))
    lost = words(_NOT_PROSE.sub("", body)) - extracted
    assert not lost, f"words of {path.name} in no segment: {sorted(lost)}"
