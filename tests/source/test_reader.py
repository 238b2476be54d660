"""The source format: the brief parses cleanly; bad sources fail with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from pubkit.errors import PubkitError
from pubkit.source import reader
from pubkit.source.reader import _FRONT_MATTER, body_parser, parse_document, read_document

from ..conftest import REPO
from ..test_cli import assert_fails, run

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
        (
            HEADER + "---\n\n- a\n  - b\n    - c\n      - d\n        - e\n",
            12,
            "lists nest at most 4 levels deep",
        ),
        (HEADER + "date: yesterday\n---\n", 6, "YYYY-MM-DD"),
        (HEADER + "date: 2026-13-45\n---\n", 6, "date 2026-13-45 is not a calendar date (month"),
        (HEADER + "date: '2026-02-30'\n---\n", 6, "date 2026-02-30 is not a calendar date (day"),
        (HEADER + "---\n\n| a | b |\n|---|\n| 1 | 2 |\n", 8, "delimiter row has not as many"),
        (HEADER + "---\n\n::: lead\n| a |\n| - |\n:::\n", 9, "a table stands at the top level"),
        (HEADER + "---\n\nText.\n\n<div>\nx\n</div>\n", 10, "raw HTML are not supported"),
        (HEADER + "---\n\nText\n<p class=note>x</p>\n", 9, "raw HTML are not supported"),
        (HEADER + "---\n\n<!-- a comment -->\n", 8, "raw HTML are not supported"),
        (HEADER + "---\n\n- item\n- <table>\n", 9, "raw HTML are not supported"),
        ("---\ntitle: T\nauthor: A\npublisher: P\n---\n", 2, "needs 'slug'"),
        (HEADER + "title: again\n---\n", 6, "duplicate front matter key 'title'"),
        (HEADER + "? [a, b]\n: x\n---\n", 6, "front matter keys must be text"),
        (HEADER + "office: a\x00b\n---\n", 6, "U+0000 is not allowed in YAML"),
        (HEADER + "office: >\n  a\n  b\x1b\n---\n", 8, "U+001B is not allowed in YAML"),
        (HEADER + "office: " + "[" * 40 + "\n---\n", 6, "nested more than 32 levels deep"),
        (HEADER + "office: " + "{a: " * 40 + "\n---\n", 6, "nested more than 32 levels deep"),
        (
            "---\nslug: s\ntitle: &t T\nauthor: A\npublisher: P\ntranslation:\n"
            "  translators: [*t, *t]\n---\n",
            7,
            "front matter: aliases (*t) are not supported",
        ),
    ],
)
def test_bad_source_names_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(PubkitError) as caught:
        parse_document(text, "bad.md")
    assert caught.value.path == "bad.md"
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"bad.md:{line}: ")


def test_pathological_sources_parse_in_linear_time() -> None:
    """Shapes that the image and table patterns once scanned quadratically, and deep
    YAML that exhausted the stack: read as prose, or refused with a line."""
    images = "![" * 50_000
    doc = parse_document(HEADER + f"---\n\n{images}\n\nThen [x](y).\n", "x.md")
    assert doc.blocks[0].text == images
    with pytest.raises(PubkitError, match="images are not supported") as caught:
        parse_document(HEADER + f"---\n\n{images}](y)\n", "x.md")
    assert caught.value.line == 8
    spaces = " " * 50_000
    doc = parse_document(HEADER + f"---\n\nText.\n\n|--{spaces}x\n", "x.md")
    assert doc.blocks[1].text == "|-- x"
    with pytest.raises(PubkitError, match="nested more than 32"):
        parse_document(HEADER + "office: " + "[" * 100_000 + "\n---\n", "x.md")


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet="![]( a|-:\t", max_size=14))
def test_linear_image_and_table_patterns_match_as_their_plain_forms(text: str) -> None:
    image = re.compile(r"!\[[^\]]*\]\(")
    table = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
    assert bool(reader._IMAGE.search(text)) == bool(image.search(text))
    assert bool(reader._TABLE_DELIMITER.fullmatch(text)) == bool(table.fullmatch(text))


def test_raw_html_in_source_stays_text() -> None:
    doc = parse_document(HEADER + "---\n\n<script>alert(1)</script> and <b>x</b>\n", "x.md")
    assert doc.blocks[0].text == "<script>alert(1)</script> and <b>x</b>"


def test_pipes_and_tags_in_prose_stay_text() -> None:
    # Only a table (a delimiter row) or an HTML block (a block-level tag, comment, …
    # starting a line) is an error; pipes and tags within prose are text.
    body = "a | b and c|d\n\nA <div> in a line.\n\n<b>Bold</b> text\n<span>\n\n- 1 | 2\n"
    doc = parse_document(HEADER + "---\n\n" + body, "x.md")
    assert [(b.role, b.text, b.location.line) for b in doc.blocks] == [
        ("paragraph", "a | b and c|d", 8),
        ("paragraph", "A <div> in a line.", 10),
        ("paragraph", "<b>Bold</b> text <span>", 12),
        ("bullet_item", "1 | 2", 15),
    ]


@pytest.mark.parametrize("written", ["2024-02-29", "'2026-05-01'", '"2026-12-31"'])
def test_calendar_dates_are_kept(written: str) -> None:
    doc = parse_document(HEADER + f"date: {written}\n---\n", "x.md")
    assert doc.meta.date == written.strip("'\"")


FIXTURE_ROOT = REPO / "tests" / "fixtures"


@pytest.mark.parametrize(
    "path",
    [
        BRIEF,
        *sorted(
            path
            for path in (REPO / "tests" / "fixtures").glob("**/*.md")
            # the constructs' and the acceptance brief's syntax is beyond CommonMark's
            if not {"constructs", "acceptance"} & set(path.relative_to(FIXTURE_ROOT).parts)
        ),
    ],
    ids=lambda path: path.name,
)
def test_shipped_sources_parse_as_plain_commonmark(path: Path) -> None:
    # HTML blocks are recognised only to be refused, and footnotes add tokens only where
    # a source defines one: on the first brief and the fixtures of its subset the parser
    # gives the blocks of CommonMark, line for line.
    plain = MarkdownIt("commonmark", {"html": False})
    container_plugin(plain, "pubkit", validate=lambda params, *args: True)
    plain.disable("inline")
    text = path.read_text(encoding="utf-8")
    found = _FRONT_MATTER.match(text)
    assert found is not None
    body = text[found.end() :]

    def blocks(md: MarkdownIt) -> list[tuple[str, list[int] | None, str]]:
        return [(t.type, t.map, t.content) for t in md.parse(body)]

    assert blocks(body_parser()) == blocks(plain)
    read_document(path)  # and it is accepted


@pytest.mark.slow
def test_cli_reports_a_broken_table_and_date(tmp_path: Path) -> None:
    (tmp_path / "pubkit.toml").write_text(
        '[[publications]]\nsource = "doc.md"\ndomain = "doc"\n', encoding="utf-8"
    )
    source = tmp_path / "doc.md"
    source.write_text(HEADER + "---\n\nText.\n\n| a | b |\n|---|\n", encoding="utf-8")
    assert_fails(run(tmp_path, "extract"), "doc.md:10: this table's delimiter row has not as many")
    source.write_text(HEADER + "date: 2026-13-45\n---\n\nText.\n", encoding="utf-8")
    assert_fails(run(tmp_path, "extract"), "doc.md:6: date 2026-13-45 is not a calendar date")
    source.write_text(HEADER + "date: 2026-05-01\n---\n\nText.\n", encoding="utf-8")
    done = run(tmp_path, "extract")
    assert done.returncode == 0, done.stderr


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


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("title: " + "[" * 10_000 + "]" * 10_000 + "\n", 3),
        ("title: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", 3),
        ("imprint:\n" + "".join(" " * n + "- \n" for n in range(1, 60)), 35),
        ("author: A\ntitle:\n" + "".join(" " * n + f"k{n}:\n" for n in range(1, 60)), 35),
    ],
)
def test_deeply_nested_front_matter(front: str, line: int) -> None:
    # PyYAML composes nodes by recursion: 10,000 levels were a RecursionError.
    text = "---\nslug: s\n" + front + "---\n\nText.\n"
    with pytest.raises(PubkitError) as caught:
        parse_document(text, "deep.md")
    assert str(caught.value) == f"deep.md:{line}: front matter: nested more than 32 levels deep"


def test_front_matter_nested_as_deep_as_allowed_is_read() -> None:
    credits = "imprint:\n  credits:\n    - role: Author\n      name: A\n"
    doc = parse_document(HEADER + credits + "---\n", "x.md")
    assert [(c.role.text, c.name) for c in doc.meta.credits] == [("Author", "A")]
    with pytest.raises(PubkitError, match="'title' must be text"):
        parse_document(HEADER.replace("title: T", "title: " + "[" * 31 + "]" * 31) + "---\n", "x")


def test_a_character_yaml_refuses_names_its_line() -> None:
    with pytest.raises(PubkitError) as caught:
        parse_document(HEADER + "office: 'West\x01Africa'\n---\n", "x.md")
    assert str(caught.value) == (
        "x.md:6: front matter is not valid YAML: U+0001 is not allowed in YAML"
    )


@pytest.mark.parametrize(("slug", "ok"), [("a" * 200, True), ("a" * 201, False)])
def test_a_slug_names_files_so_it_is_short(slug: str, ok: bool) -> None:
    text = HEADER.replace("slug: s", f"slug: {slug}") + "---\n"
    if ok:
        assert parse_document(text, "x.md").meta.slug == slug
        return
    with pytest.raises(PubkitError) as caught:
        parse_document(text, "x.md")
    assert str(caught.value) == "x.md:2: slug must be at most 200 characters long (it names files)"
