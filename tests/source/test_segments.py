"""Segmentation: one entry per block and prose field, keyed by meaning; golden POT."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.catalogs.poformat import format_po
from pubkit.catalogs.template import make_template
from pubkit.source.reader import parse_document, read_document
from pubkit.source.segments import ROLE_COMMENTS, entry_role, extract_segments, prose_keys

from ..conftest import FIXTURES, REPO, assert_golden

SAMPLE = FIXTURES / "segments" / "sample.md"


def sample_segments():  # type: ignore[no-untyped-def]
    return extract_segments(read_document(SAMPLE, "sample.md"))


def test_golden_pot() -> None:
    doc = read_document(SAMPLE, "sample.md")
    pot = make_template(extract_segments(doc), "sample", doc.meta.title.text)
    assert_golden(format_po(pot), SAMPLE.with_suffix(".expect.pot"))


def test_same_text_in_two_roles_gets_context() -> None:
    keys = {(s.msgctxt, s.msgid) for s in sample_segments()}
    assert ("title", "Sample brief") in keys
    assert ("heading", "Sample brief") in keys
    assert (None, "Sample brief") not in keys


def test_same_text_same_role_is_one_entry_with_references() -> None:
    background = [s for s in sample_segments() if s.msgid == "Background"]
    assert len(background) == 1
    assert [loc.line for loc in background[0].references] == [31, 39]
    assert background[0].msgctxt is None


def test_whitespace_normalised_and_nfc() -> None:
    msgids = [s.msgid for s in sample_segments()]
    assert "A paragraph spread over two lines." in msgids
    cafe = next(m for m in msgids if m.startswith("Caf"))
    assert unicodedata.is_normalized("NFC", cafe)


def test_non_prose_fields_are_not_segments() -> None:
    msgids = {s.msgid for s in sample_segments()}
    assert "Ada Writer" not in msgids  # names
    assert "sample" not in msgids  # slug
    assert "Author" in msgids  # the role label is prose


def test_comments_name_block_and_hint() -> None:
    by_id = {s.msgid: s for s in sample_segments()}
    assert by_id["Background"].comment == "Section heading (level 2); printed in capitals"
    quote = by_id['A paragraph with "quotes" and 20,000 people.']
    assert quote.role == "pullquote"
    assert "paragraph at sample.md:33" in quote.comment
    assert "use the wording of your translation" in quote.comment


def test_document_order() -> None:
    roles = [s.role for s in sample_segments()]
    assert roles[0] == "title"
    assert roles.index("lead") < roles.index("heading") < roles.index("pullquote")


_words = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=0x24F),
    min_size=1,
    max_size=8,
)
_sentence = st.lists(_words, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    title=_sentence,
    paragraphs=st.lists(st.tuples(st.sampled_from(["p", "h", "q"]), _sentence), max_size=8),
)
def test_identity_catalog_reproduces_document(
    title: str, paragraphs: list[tuple[str, str]]
) -> None:
    body = []
    for kind, text in paragraphs:
        body.append({"p": text, "h": f"## {text}", "q": f"::: pullquote\n{text}\n:::"}[kind])
    # quoted: a title of letters and digits may be a YAML null, boolean or number ("Null")
    source = f'---\nslug: s\ntitle: "{title}"\nauthor: A\npublisher: P\n---\n\n' + "\n\n".join(body)
    doc = parse_document(source + "\n", "doc.md")
    identity = {s.key: s.msgid for s in extract_segments(doc)}
    keys = dict(zip(map(id, doc.prose()), prose_keys(doc), strict=True))
    translated = doc.map_prose(lambda prose: identity[keys[id(prose)]], "en")
    assert translated == doc


def test_brief_segment_count() -> None:
    repo = REPO
    doc = read_document(repo / "content" / "mali-islamists-rise.md", "brief.md")
    segments = extract_segments(doc)
    assert len(segments) == len({s.key for s in segments}) == 40


def test_entry_role_reads_back_every_role() -> None:
    """An entry the source no longer has gets back the role its segment had: from the
    msgctxt when there is one, else from the comment extract_segments wrote."""
    brief = read_document(REPO / "content" / "mali-islamists-rise.md", "brief.md")
    extra = parse_document(
        "---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\n1. First\n2. Second\n", "x.md"
    )
    constructs = [
        segment
        for path in sorted((FIXTURES / "constructs").glob("*.md"))
        for segment in extract_segments(read_document(path, path.name))
    ]
    segments = [
        *sample_segments(),
        *extract_segments(brief),
        *extract_segments(extra),
        *constructs,
    ]
    assert {s.role for s in segments} == set(ROLE_COMMENTS)
    for segment in segments:
        assert entry_role(None, segment.comment) == segment.role, segment
        assert entry_role(segment.msgctxt, segment.comment) == segment.role, segment
    assert entry_role("heading", "Paragraph") == "heading"  # msgctxt is the datum
    assert entry_role(None, "a comment pubkit never writes") == "paragraph"


def _document(blocks: list[str]) -> str:
    return "---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\n" + "\n\n".join(blocks) + "\n"


def test_a_pull_quote_repeats_a_paragraph_within_reach() -> None:
    from pubkit.source.segments import QUOTE_REACH, quoted_blocks

    near = ["The quoted words stand here.", *(f"Filler {n}." for n in range(10))]
    far = [*(f"Filler {n}." for n in range(QUOTE_REACH))]
    quote = "::: pullquote\nThe quoted words\n:::"
    found = quoted_blocks(parse_document(_document([*near, quote]), "x.md").blocks)
    assert [p.text for p in found.values()] == ["The quoted words stand here."]
    beyond = parse_document(_document([near[0], *far, quote]), "x.md").blocks
    assert quoted_blocks(beyond) == {}


def test_many_pull_quotes_that_repeat_nothing() -> None:
    """Thousands of pull quotes and paragraphs: each pull quote looks QUOTE_REACH blocks
    each way, not through the whole document."""
    from pubkit.source.segments import quoted_blocks

    blocks = [f"Paragraph {n} of words.\n\n::: pullquote\nQuote {n}\n:::" for n in range(3000)]
    blocks.append("A last paragraph with Quote 2999 in it.")
    found = quoted_blocks(parse_document(_document(blocks), "x.md").blocks)
    assert [p.text for p in found.values()] == ["A last paragraph with Quote 2999 in it."]
