"""The constructs of real briefs beyond the first one's subset: how each is read, what
becomes a segment (golden POT beside each input) and what is refused with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubkit.catalogs.poformat import format_po
from pubkit.catalogs.template import make_template
from pubkit.errors import PubkitError
from pubkit.source.reader import parse_document, read_document
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


def test_thousands_of_footnotes_and_one_defined_twice() -> None:
    """Each definition is looked up among the labels read (once a pass over every note
    before it: time quadratic in the notes)."""
    count = 3000
    calls = "".join(f"Text {i}.[^n{i}]\n\n" for i in range(count))
    notes = "".join(f"[^n{i}]: Note {i}.\n\n" for i in range(count))
    doc = parse_document(HEADER + calls + notes, "many.md")
    assert [note.label for note in doc.notes] == [f"n{i}" for i in range(count)]
    with pytest.raises(PubkitError) as caught:
        parse_document(HEADER + calls + notes + "[^n7]: Again.\n", "many.md")
    assert caught.value.message == "footnote [^n7] is defined twice"
    assert caught.value.line == 8 + 4 * count


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
