"""The source format: the brief parses cleanly; bad sources fail with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubkit.errors import PubkitError
from pubkit.source import parse_document, read_document

REPO = Path(__file__).resolve().parent.parent
BRIEF = REPO / "content" / "mali-islamists-rise.md"

HEADER = "---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n"


def test_brief_structure() -> None:
    doc = read_document(BRIEF, "content/mali-islamists-rise.md")
    roles = [b.role for b in doc.blocks]
    assert roles.count("lead") == 1
    assert roles.count("pullquote") == 3
    assert [b.text for b in doc.blocks if b.role == "heading"] == [
        "The emir of the jihadists",
        "On the road to a caliphate?",
        "Future scenarios",
    ]
    assert doc.meta.date is None  # the seed has no date; none is invented
    assert doc.meta.credits[1].name == "Yessine Ouerghemmi"
    assert doc.meta.translators == ("Andrea Garcés", "Louise Pain")


def test_brief_artifacts_repaired() -> None:
    doc = read_document(BRIEF, "brief.md")
    texts = [b.text for b in doc.blocks]
    joined = "\n".join(texts)
    assert "which was only able to retake the city" in joined
    assert "Since Ag Ghali's campaign was directed" in joined
    assert "secured enough financial resources to continue" in joined
    assert "Even the French troops and the UN peacekeeping mission" in joined
    reunited = next(t for t in texts if t.startswith("In contrast to Sudan"))
    assert "Even the roughly 2,500 Russian mercenaries present in the country" in reunited
    after = texts.index(reunited)
    assert texts[after + 1].startswith("This could put the civilian population")
    assert texts[after + 2].startswith("The jihadists in particular")
    assert "■" not in joined
    assert not any(t.isupper() for t in texts)
    assert "[Burkina Faso](missing:)" in joined
    assert "(#)" not in joined


def test_locations_are_one_based_lines() -> None:
    doc = parse_document(HEADER + "---\n\nFirst.\n\n## Head\n", "x.md")
    assert [(b.role, b.location.line) for b in doc.blocks] == [("paragraph", 8), ("heading", 10)]
    assert doc.meta.title.location.line == 3


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("no front matter\n", 1, "missing front matter"),
        (HEADER + "colour: red\n---\n", 6, "unknown front matter key 'colour'"),
        (HEADER + "subtitle: [unclosed\n---\n", 7, "not valid YAML"),
        (HEADER + "---\n\n::: pullquote\nQuote.\n", 8, "'::: pullquote' is not closed"),
        (HEADER + "---\n\n::: sidebar\nText.\n:::\n", 8, "unknown block '::: sidebar'"),
        (HEADER + "---\n\n> quoted\n", 8, "block quotes"),
        (HEADER + "---\n\n- a\n  - b\n", 9, "nested lists"),
        (HEADER + "date: yesterday\n---\n", 6, "YYYY-MM-DD"),
        ("---\ntitle: T\nauthor: A\npublisher: P\n---\n", 2, "needs 'slug'"),
        (HEADER + "title: again\n---\n", 6, "duplicate front matter key 'title'"),
    ],
)
def test_bad_source_names_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(PubkitError) as caught:
        parse_document(text, "bad.md")
    assert caught.value.path == "bad.md"
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"bad.md:{line}: ")


def test_raw_html_in_source_stays_text() -> None:
    doc = parse_document(HEADER + "---\n\n<script>alert(1)</script> and <b>x</b>\n", "x.md")
    assert doc.blocks[0].text == "<script>alert(1)</script> and <b>x</b>"


def test_invalid_utf8_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(HEADER.encode() + b"---\n\nbad \xff byte\n")
    with pytest.raises(PubkitError, match=r"bad.md:8: source is not valid UTF-8"):
        read_document(path, "bad.md")


def test_error_keeps_its_location_across_processes():
    import pickle

    error = pickle.loads(pickle.dumps(PubkitError("unclosed pull quote", "brief.md", 12)))
    assert str(error) == "brief.md:12: unclosed pull quote"
    assert (error.path, error.line) == ("brief.md", 12)
