"""The constructs of real briefs beyond the first one's subset: how each is read, what
becomes a segment (golden POT beside each input) and what is refused with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubkit.catalogs.poformat import format_po
from pubkit.catalogs.template import make_template
from pubkit.errors import PubkitError
from pubkit.source.model import Box, Code
from pubkit.source.reader import normalize_prose, parse_document, read_document
from pubkit.source.segments import entry_role, extract_segments

from ..conftest import FIXTURES, assert_golden

CONSTRUCTS = FIXTURES / "constructs"
HEADER = "---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\n"


@pytest.mark.parametrize("path", sorted(CONSTRUCTS.glob("*.md")), ids=lambda path: path.stem)
def test_golden_pot(path: Path) -> None:
    doc = read_document(path, path.name)
    segments = extract_segments(doc)
    pot = make_template(segments, path.stem, doc.meta.title.text)
    assert_golden(format_po(pot), path.with_suffix(".expect.pot"))
    for segment in segments:  # every comment reads back as its role
        assert entry_role(segment.msgctxt, segment.comment) == segment.role


def test_footnotes_are_read_where_defined() -> None:
    doc = read_document(CONSTRUCTS / "footnotes.md", "footnotes.md")
    assert [(n.label, n.location.line) for n in doc.notes] == [
        ("rain", 15),
        ("drought", 18),
        ("warning", 19),
    ]
    rain = doc.notes[0]
    assert [doc.blocks[node.index].text for node in rain.body] == [  # type: ignore[union-attr]
        "Nicholson, *Climate of the Sahel*, 2013, p. 12.",
        "Rainfall records of 31 stations.",
    ]
    assert {doc.blocks[n.index].role for note in doc.notes for n in note.body} == {"footnote"}  # type: ignore[union-attr]
    assert doc.body and all(b.role != "footnote" for b in doc.blocks[:3])


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("Text.[^a]\n", 8, "footnote [^a] is not defined (add a line '[^a]: …')"),
        ("Text.\n\n[^a]: Note.\n", 10, "footnote [^a] is never referenced: it would not print"),
        ("Text.[^a]\n\n[^a]: One.\n[^a]: Two.\n", 11, "footnote [^a] is defined twice"),
        ("## Head[^a]\n\n[^a]: Note.\n", 8, "a footnote reference cannot stand in a heading"),
        (
            "::: pullquote\nQuote.[^a]\n:::\n\n[^a]: Note.\n",
            9,
            "a footnote reference cannot stand in a pull quote",
        ),
        ("Text.[^a]\n\n[^a]: Note.[^a]\n", 10, "a footnote reference cannot stand in a footnote"),
        ("Text.[^a]\n\n[^a]: Note.\n\n    - a list\n", 12, "a footnote holds paragraphs only"),
        ("Text.[^é]\n\n[^é]: Note.\n", 10, "footnote label [^é]: use letters, digits"),
        (
            "- Text.[^a]\n\n  [^a]: Note.\n",
            10,
            "a footnote is defined at the top level, not inside a block",
        ),
    ],
)
def test_bad_footnotes_name_file_and_line(body: str, line: int, message: str) -> None:
    with pytest.raises(PubkitError) as caught:
        parse_document(HEADER + body, "bad.md")
    assert (caught.value.path, caught.value.line) == ("bad.md", line)
    assert message in caught.value.message


def test_a_label_with_a_space_is_text() -> None:
    # "[^a b]" is no reference (CommonMark's footnote syntax has no spaces): it stays
    # text, and source lint says it prints as typed (tests/checks/test_lint.py).
    doc = parse_document(HEADER + "Text [^a b] here.\n", "x.md")
    assert doc.notes == () and doc.blocks[0].text == "Text [^a b] here."


def test_quotes_and_nested_lists() -> None:
    doc = read_document(CONSTRUCTS / "quotes-and-lists.md", "q.md")
    roles = [(b.role, b.level, b.text[:12]) for b in doc.blocks]
    assert roles[1:3] == [("quote", 0, "We cannot wa"), ("quote_attribution", 0, "Fatoumata Di")]
    assert [(role, level) for role, level, _ in roles[4:9]] == [
        ("ordered_item", 0),
        ("bullet_item", 2),
        ("ordered_item", 3),
        ("ordered_item", 3),
        ("bullet_item", 2),
    ]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("> ## Head\n", 8, "headings cannot stand inside a list or a block quote"),
        ("- item\n\n  ## Head\n", 10, "headings cannot stand inside a list or a block quote"),
        ("> > nested\n", 8, "a block quote cannot stand inside a block quote"),
        ("> | a |\n> |---|\n", 8, "a table stands at the top level"),
        ("> ::: lead\n> x\n> :::\n", 8, "'::: ' blocks stand at the top level"),
    ],
)
def test_bad_quotes_name_file_and_line(body: str, line: int, message: str) -> None:
    with pytest.raises(PubkitError) as caught:
        parse_document(HEADER + body, "bad.md")
    assert (caught.value.line, message in caught.value.message) == (line, True), caught.value


def test_a_dash_starts_an_attribution_only_after_the_quote() -> None:
    doc = parse_document(HEADER + "> — A dash alone is the quote.\n", "x.md")
    assert [b.role for b in doc.blocks] == ["quote"]


def test_boxes_have_a_title_and_hold_paragraphs_and_lists() -> None:
    doc = read_document(CONSTRUCTS / "boxes.md", "boxes.md")
    box = doc.body[1]
    assert isinstance(box, Box) and box.title is not None
    assert (doc.blocks[box.title].role, doc.blocks[box.title].text) == ("box_title", "Key findings")
    assert [type(node).__name__ for node in box.body] == ["Text", "ListBlock"]
    untitled = doc.body[2]
    assert isinstance(untitled, Box) and untitled.title is None


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("::: box Title\n## Head\n:::\n", 9, "headings cannot stand inside '::: box'"),
        ("- item\n\n  ::: box\n  x\n  :::\n", 10, "'::: ' blocks stand at the top level"),
        ("::: box\n::: lead\nx\n:::\n:::\n", 9, "'::: ' blocks stand at the top level"),
        ("::: box T[^a]\nx\n:::\n\n[^a]: Note.\n", 8, "cannot stand in a box's title"),
        ("::: box Title\nText.\n", 8, "'::: box' is not closed"),
        ("::: box\n| a |\n|---|\n:::\n", 9, "a table stands at the top level"),
        ("::: box\n![a chart](c.png)\n:::\n", 9, "a figure stands at the top level"),
        ("::: boxes\nx\n:::\n", 8, "unknown block '::: boxes'"),
    ],
)
def test_bad_boxes_name_file_and_line(body: str, line: int, message: str) -> None:
    with pytest.raises(PubkitError) as caught:
        parse_document(HEADER + body, "bad.md")
    assert (caught.value.line, message in caught.value.message) == (line, True), caught.value


def test_line_breaks_are_kept_one_way_and_references_read() -> None:
    doc = read_document(CONSTRUCTS / "links-and-breaks.md", "l.md")
    texts = [b.text for b in doc.blocks]
    assert texts[1] == "Observatoire du marché agricole\\\nBamako, Mali\\\nTelephone: 20 22 00 00"
    assert texts[2] == "Two spaces end this line\\\nand this one starts a new line."
    assert dict(doc.references.targets) == {
        "AGRHYMET": "https://agrhymet.example.org/publications/"
        "rainfall-in-the-sahel-1950-2020-final-report.pdf",
        "FAO": "https://fao.example.org",
        "LICENCE": "https://creativecommons.org/licenses/by/4.0/",
    }


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("a\\\\\nb", "a\\\\ b"),  # an escaped backslash: no break
        ("a\\\\\\\nb", "a\\\\\\\nb"),  # an escaped backslash, then a break
        ("a \\\n  b  \n c", "a\\\nb\\\nc"),
        ("a\\", "a\\"),  # at the end of a paragraph: no break (CommonMark)
    ],
)
def test_hard_breaks_normalised(markdown: str, text: str) -> None:
    doc = parse_document(HEADER + markdown + "\n", "x.md")
    assert doc.blocks[0].text == text
    assert normalize_prose(text) == text


def test_code_blocks_and_breaks_are_no_segments() -> None:
    doc = read_document(CONSTRUCTS / "code-and-breaks.md", "c.md")
    kinds = [type(node).__name__ for node in doc.body]
    assert kinds == ["Text", "Code", "Text", "Code", "Rule", "Text", "ListBlock"]
    code = doc.body[1]
    assert isinstance(code, Code) and code.text.startswith('curl -o rain.csv "https://')
    assert all("curl" not in b.text for b in doc.blocks)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("- a\n\n  ---\n", 10, "a thematic break stands at the top level"),
        ("::: lead\n```\nx\n```\n:::\n", 9, "a code block cannot stand inside '::: lead'"),
        ("Text.[^a]\n\n[^a]: Note.\n\n    ```\n    x\n    ```\n", 12, "a footnote holds"),
    ],
)
def test_bad_code_and_breaks_name_file_and_line(body: str, line: int, message: str) -> None:
    with pytest.raises(PubkitError) as caught:
        parse_document(HEADER + body, "bad.md")
    assert (caught.value.line, message in caught.value.message) == (line, True), caught.value
