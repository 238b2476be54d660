"""The contexts the rules share, built in memory: what they derive from a source and a catalog."""

from __future__ import annotations

from pathlib import Path

from pubkit.checks import table
from pubkit.checks.context import LanguageContext, SourceContext

from .conftest import (
    FRENCH,
    HEADING,
    LEFT,
    QUOTE,
    SOURCE,
    TITLE,
    entry,
    header,
    memory_catalog,
    memory_source,
)


def test_source_context_in_memory() -> None:
    source = memory_source()
    assert source.path == "content/doc.md" and source.language == "en"
    assert [s.msgid for s in source.segments.values()][:2] == [TITLE, HEADING]
    assert source.segments[(None, HEADING)].role == "heading"
    paragraph = source.quoted_paragraph((None, QUOTE))
    assert paragraph is not None and paragraph.location.line == 12
    assert source.raw == SOURCE  # what lint counts lines in, without reading a file
    assert source.numbers("The 20,000-strong army") == {20000: 1}


def test_source_context_reads_its_file_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(SOURCE.replace("\n", "\r\n").encode())
    document = memory_source().document
    source = SourceContext.of(document, file=path)
    assert source.raw == SOURCE  # \r\n read as \n, as the reader does


def test_language_context_in_memory() -> None:
    french = memory_catalog(entry(LEFT, FRENCH[LEFT]), entry(TITLE, "La junte", fuzzy=True))
    assert (french.lang, french.is_source, french.french, french.nplurals) == ("fr", False, True, 2)
    assert french.text(french.entries[(None, LEFT)]) == FRENCH[LEFT]
    assert french.text(french.entries[(None, TITLE)]) is None  # fuzzy: not printed
    assert (french.header_line, french.field_line("Language"), french.field_line("X")) == (1, 7, 1)
    english = memory_catalog(entry(LEFT, ""), lang="en")
    assert english.is_source and not english.french
    assert english.text(english.entries[(None, LEFT)]) == LEFT  # empty: as in the source
    # A Plural-Forms that cannot be read counts plural forms by the language's.
    broken = memory_catalog(metadata=header("bm", Plural_Forms="nplurals=x"), lang="bm")
    assert broken.nplurals == 1
    # Without a text or a file, header findings point at line 1.
    bare = LanguageContext.of(memory_source(), "fr", memory_catalog().catalog)
    assert (bare.header_line, bare.field_line("Language")) == (1, 1)


def test_segment_of_an_entry() -> None:
    source = memory_source()
    assert source.segment(entry(HEADING)) is source.segments[(None, HEADING)]
    gone = source.segment(entry("Old", msgctxt="heading", comment="Paragraph", line=40))
    assert (gone.msgid, gone.msgctxt, gone.role, gone.references) == (
        "Old",
        "heading",
        "heading",
        (),
    )
    assert source.segment(entry("Old", comment="Pull quote repeating…")).role == "pullquote"


def test_rule_tables_are_named_with_severities() -> None:
    for rules in (table.SOURCE_RULES, table.CATALOG_RULES, table.ENTRY_RULES):
        for rule in rules:
            assert rule.severity in ("error", "warning") and callable(rule.run)
    severities = {rule.name: rule.severity for rule in table.ENTRY_RULES}
    assert severities["numbers"] == "error" and severities["typography"] == "warning"
