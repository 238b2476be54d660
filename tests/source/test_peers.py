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
from pubkit.source.reader import _FRONT_MATTER, parse_document
from pubkit.source.segments import extract_segments

from ..conftest import REPO

PEERS = REPO.parent / "shared" / "corpora" / "markdown-peers"
HEADER = "---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\n"
BODY_LINE = HEADER.count("\n") + 1  # the first line of a peer's body under HEADER

# What pubkit refuses, file by file: (line in the peer's body, what the message says).
# Each refusal is a documented rule of the README's source format:
# - raw HTML blocks: a source's HTML would reach the page unescaped, and translator
#   text never becomes HTML (README, Security); HTML inside a paragraph stays text.
# - code blocks (fenced and indented), images outside a figure and thematic breaks:
#   not yet typeset (issue 14's constructs 4 and 6); refused, never printed wrongly.
# - a heading inside a block quote or a list: a heading is a section of the brief (its
#   bookmark, its place in the PDF's structure), which a quote or a list item is not.
REFUSED = {
    "mdpo-markuptext--blockquotes.md": (7, "headings cannot stand inside a list or a block quote"),
    "mdpo-markuptext--ol-nested.md": (6, "fenced code blocks are not supported"),
    "mdpo-markuptext--ul-nested.md": (5, "fenced code blocks are not supported"),
    "po4a-txt-markdown--Width.md": (38, "indented code blocks are not supported"),
    "mdpo-markuptext--headers-with-code.md": (5, "fenced code blocks are not supported"),
    "mdpo-markuptext--html.md": (3, "raw HTML are not supported"),
    "mdpo-markuptext--images.md": (1, "images are not supported in prose"),
    "mdpo-markuptext--indented-code-blocks.md": (3, "indented code blocks are not supported"),
    "mdpo-markuptext--paragraphs-with-others.md": (3, "fenced code blocks are not supported"),
    "mdpo-plaintext--comments.md": (7, "raw HTML are not supported"),
    "mdpo-plaintext--headers-with-code.md": (5, "fenced code blocks are not supported"),
    "mdpo-plaintext--horizontal-rule.md": (3, "thematic breaks are not supported"),
    "mdpo-plaintext--images.md": (1, "images are not supported in prose"),
    "mdpo-plaintext--links.md": (34, "images are not supported in prose"),
    "mdpo-plaintext--paragraphs-with-others.md": (3, "fenced code blocks are not supported"),
    "mdpo-plaintext--raw-inline.md": (3, "raw HTML are not supported"),
    "po4a-commonmark--Codeblocks.md": (1, "fenced code blocks are not supported"),
    "po4a-commonmark--NoWrap.md": (12, "fenced code blocks are not supported"),
    "po4a-commonmark--Rules.md": (2, "thematic breaks are not supported"),
    "po4a-txt-markdown--PandocFencedCodeBlocks.md": (1, "fenced code blocks are not supported"),
    "po4a-txt-markdown--Rules.md": (2, "thematic breaks are not supported"),
}

# Markup that holds words but is no prose, removed before the words are compared:
# link reference definitions ("[label]: url"), a footnote definition's label, the
# numbers of ordered list items, a table caption's "Table:".
_NOT_PROSE = re.compile(
    r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$|^ {0,3}\[\^[^\]\n]+\]:|^[ \t>]*\d{1,9}[.)](?=[ \t])"
    r"|^Table:",
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
    lost = words(_NOT_PROSE.sub("", body)) - extracted
    assert not lost, f"words of {path.name} in no segment: {sorted(lost)}"
