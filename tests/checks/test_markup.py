"""markdown, html, urls, length and control-characters."""

from __future__ import annotations

import polib
import pytest

from pubkit.catalogs.pofile import write_catalog
from pubkit.checks import markup
from pubkit.checks.runner import check_project
from pubkit.config import Project

from .conftest import (
    ARMY,
    FRENCH,
    HEADING,
    SOURCE,
    TITLE,
    changed,
    entry,
    header,
    line_of,
    memory_catalog,
    memory_source,
    messages,
    of,
    po_path,
)


@pytest.mark.parametrize(
    ("msgstr", "message"),
    [
        (
            FRENCH[ARMY].replace("example.org/jnim", "example.org/jnim-fr"),
            "link target(s) of the source missing: 'https://example.org/jnim'",
        ),
        (FRENCH[ARMY].replace("**Kidal**", "Kidal"), "bold (**…**) spans: the source has 1"),
        (FRENCH[ARMY].replace("**Kidal**", "**Kidal"), "stray or unclosed markup '**'"),
        (FRENCH[ARMY].replace("hommes", "*hommes*"), "italic (*…*) spans: the source has 0"),
        (
            FRENCH[ARMY].replace("Kidal", "[Kidal](https://example.org/kidal)"),
            "link target(s) not in the source",
        ),
        (  # an autolink is a link
            FRENCH[ARMY] + " <https://evil.example>",
            "link target(s) not in the source: 'https://evil.example'",
        ),
        (  # a translator cannot set an image: it is a link to a target not in the source
            FRENCH[ARMY] + " ![carte](../../../etc/map.png)",
            "link target(s) not in the source: '../../../etc/map.png'",
        ),
    ],
)
def test_markdown(french: Project, msgstr: str, message: str) -> None:
    findings = of(changed(french, ARMY, msgstr), "markdown")
    assert findings
    assert all(f.severity == "error" and f.line == line_of(french, ARMY) for f in findings)
    assert any(message in f.message for f in findings)


@pytest.mark.parametrize(
    "added",
    [
        '<a href="https://evil.example">ici</a>',
        "<script>alert(1)</script>",
        "&amp;",
    ],
)
def test_html_autolinks_and_entities_added(french: Project, added: str) -> None:
    # A warning: it prints as typed, safely, and may be meant as text ("<<le Mali>>").
    findings = of(changed(french, ARMY, f"{FRENCH[ARMY]} {added}"), "html")
    assert [(f.line, f.severity) for f in findings] == [(line_of(french, ARMY), "warning")]
    printed = "print as the character" if added.startswith("&") else "will print as typed"
    assert printed in findings[0].message and added[:6] in findings[0].message
    # A comparison sign is not markup.
    assert of(changed(french, ARMY, FRENCH[ARMY] + " 5 < 6 > 4"), "html") == []


def test_credit_with_control_characters(french: Project) -> None:
    path = po_path(french)
    po = polib.pofile(str(path))
    po.metadata["X-Translation-Credit"] = "traduction de Awa Traoré, \u202e2023\u202c"
    write_catalog(po, path)
    findings = of(check_project(french, ["fr"]), "control-characters")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [(f.severity, lines[f.line - 1].split(":")[0]) for f in findings] == [
        ("error", '"X-Translation-Credit')
    ]


def test_control_characters(french: Project) -> None:
    # U+202E prints the digits after it right to left: "25" appears as "52".
    msgstr = FRENCH[ARMY].replace("2023", "\u202e2023\u202c")
    findings = of(changed(french, ARMY, msgstr), "control-characters")
    assert [(f.line, f.severity) for f in findings] == [(line_of(french, ARMY), "error")]
    assert "U+202C POP DIRECTIONAL FORMATTING, U+202E RIGHT-TO-LEFT OVERRIDE" in findings[0].message
    assert of(changed(french, ARMY, FRENCH[ARMY] + "\x1b[2J"), "control-characters")
    assert of(changed(french, ARMY, FRENCH[ARMY]), "control-characters") == []


def test_urls_added(french: Project) -> None:
    msgstr = FRENCH[ARMY] + " Voir https://evil.example/page."
    findings = of(changed(french, ARMY, msgstr), "urls")
    assert [(f.severity, f.message) for f in findings] == [
        ("warning", "address(es) not in the source: 'https://evil.example/page'")
    ]
    assert of(changed(french, ARMY, FRENCH[ARMY]), "urls") == []
    # "’s" after an address, or a closing quote, is not part of it.
    from pubkit.checks.markup import _addresses

    assert list(_addresses("per www.acleddata.com’s data, «https://a.example/x»")) == [
        "www.acleddata.com",
        "https://a.example/x",
    ]


def test_length(french: Project) -> None:
    findings = of(changed(french, TITLE, "La junte " * 40), "length")
    assert [(f.severity, f.line) for f in findings] == [("warning", line_of(french, TITLE))]
    assert "times as long as the source" in findings[0].message
    assert of(changed(french, TITLE, FRENCH[TITLE]), "length") == []


def test_markdown_links_may_move(french: Project) -> None:
    msgstr = (
        "Face au [JNIM](https://example.org/jnim), l’armée de 20 000 a perdu **Kidal** en 2023."
    )
    assert of(changed(french, ARMY, msgstr), "markdown") == []


# -- in memory ------------------------------------------------------------------------------


def test_markdown_rule_in_memory() -> None:
    good = FRENCH[ARMY]
    assert messages(markup.check_markdown, ARMY, good) == []
    assert messages(markup.check_markdown, ARMY, good.replace("**Kidal**", "Kidal")) == [
        "bold (**…**) spans: the source has 1, the translation 0"
    ]
    assert messages(markup.check_markdown, ARMY, good.replace("(https", "(http")) == [
        "link target(s) of the source missing: 'https://example.org/jnim'",
        "link target(s) not in the source: 'http://example.org/jnim'",
    ]
    assert messages(markup.check_markdown, ARMY, "", fuzzy=True) == []  # not printed


def test_what_a_translation_must_not_add_in_memory() -> None:
    assert messages(markup.check_html, TITLE, "La <b>junte</b> du Mali") == [
        "HTML '</b>', '<b>' will print as typed: pubkit's Markdown "
        "has links [text](url), **bold** and *italic* only"
    ]
    assert messages(markup.check_urls, TITLE, "La junte du Mali (www.example.org)") == [
        "address(es) not in the source: 'www.example.org'"
    ]
    assert messages(markup.check_length, TITLE, "La junte " * 12) == [
        "translation is 6 times as long as the source (108 characters for 17)"
    ]
    assert messages(markup.check_control_characters, TITLE, "La junte du \u202eMali") == [
        "invisible control or formatting character(s): U+202E RIGHT-TO-LEFT OVERRIDE"
    ]


def test_credit_characters_rule_in_memory() -> None:
    assert list(markup.check_credit_characters(memory_catalog())) == []
    ctx = memory_catalog(metadata=header(Last_Translator="A\u200fB <a@b.org>"))
    assert list(markup.check_credit_characters(ctx)) == [
        (5, "Last-Translator holds invisible control characters: 'A\\u200fB'")
    ]


# -- invisible characters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u2060", "WORD JOINER"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
        ("\u2063", "INVISIBLE SEPARATOR"),
        ("\u034f", "COMBINING GRAPHEME JOINER"),
        ("\U000e0041", "TAG LATIN CAPITAL LETTER A"),
        ("\x1b", "control"),
    ],
)
def test_invisible_format_characters_added_are_errors(char: str, name: str) -> None:
    message = f"invisible control or formatting character(s): U+{ord(char):04X} {name}"
    added = f"Pourquoi Ba{char}mako ?"
    assert messages(markup.check_control_characters, HEADING, added) == [message]
    assert messages(markup.check_soft_hyphens, HEADING, added) == []
    # Kept from the source, it is the source's own.
    source = memory_source(SOURCE.replace(HEADING, f"Why Ba{char}mako?"))
    item = entry(f"Why Ba{char}mako?", added)
    ctx = memory_catalog(item, source=source)
    assert list(markup.check_control_characters(ctx.source.segment(item), item, ctx)) == []


def test_joiners_are_no_errors_and_soft_hyphens_warnings() -> None:
    # Persian writes "I want" with a zero-width non-joiner; Indic scripts and emoji need
    # the zero-width joiner: neither is reported.
    assert messages(markup.check_control_characters, TITLE, "می\u200cخواهم क्\u200dष") == []
    assert messages(markup.check_soft_hyphens, TITLE, "La jun\u00adte du Mali") == [
        "1 soft hyphen(s) (U+00AD) added: invisible unless a line breaks there, they split "
        "the word for search and copy; keep only deliberate hyphenation points"
    ]
    assert messages(markup.check_control_characters, TITLE, "La jun\u00adte du Mali") == []


def test_soft_hyphens_are_warnings_of_check(french: Project) -> None:
    findings = of(changed(french, TITLE, "La jun\u00adte du Ma\u00adli"), "control-characters")
    assert [(f.severity, f.line) for f in findings] == [("warning", line_of(french, TITLE))]
    assert findings[0].message.startswith("2 soft hyphen(s) (U+00AD) added")


@pytest.mark.parametrize("char", ["\u2060", "\u200b", "\u00ad", "\u200d", "\ufeff", "\u034f"])
def test_invisible_characters_hide_no_address(char: str) -> None:
    hidden = f"La junte du Mali (https:{char}//evil.example/pa{char}ge)"
    assert messages(markup.check_urls, TITLE, hidden) == [
        "address(es) not in the source: 'https://evil.example/page'"
    ]


def test_invisible_classes_are_unicode_categories() -> None:
    """Every code point: the errors are the controls but tab and line feed, the format
    characters (Cf) but the joiners and the soft hyphen, and U+034F; addresses ignore
    every Cf and U+034F. The table is Unicode 14.0's (Python 3.11's unicodedata)."""
    import unicodedata

    categories = {chr(c): unicodedata.category(chr(c)) for c in range(0x110000)}
    format_chars = {c for c, cat in categories.items() if cat == "Cf"} | {"\u034f"}
    controls = {c for c, cat in categories.items() if cat == "Cc"} - {"\t", "\n"}
    invisible = {c for c in categories if markup._INVISIBLE.match(c)}
    assert invisible == controls | format_chars - {markup.SOFT_HYPHEN, *markup.JOINERS}
    assert {c for c in categories if markup._FORMAT.match(c)} == format_chars


NOTED = (
    "---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\n"
    "Rain fell.[^a] Then more.[^b]\n\n[^a]: A.\n[^b]: B.\n"
)
NOTED_MSGID = "Rain fell.[^a] Then more.[^b]"


@pytest.mark.parametrize(
    ("msgstr", "found"),
    [
        ("La pluie est tombée.[^a] Puis davantage.[^b]", []),
        ("Puis davantage[^b], après la pluie.[^a]", []),  # the order may change
        (
            "La pluie est tombée. Puis davantage.[^b]",
            ["footnote reference(s) of the source missing: [^a]"],
        ),
        (
            "La pluie est tombée.[^a][^a] Puis davantage.[^b]",
            ["footnote reference(s) not in the source: [^a]"],
        ),
        (
            "La pluie est tombée.[^pluie] Puis davantage.[^b]",
            [
                "footnote reference(s) of the source missing: [^a]",
                "footnote reference(s) not in the source: [^pluie]",
            ],
        ),
        (
            "La pluie est tombée.[^a] Puis davantage.[^b] [^ c]",
            ["Markdown '[^' would print as typed: a footnote reference is [^label]"],
        ),
    ],
)
def test_a_translation_keeps_the_footnote_references(msgstr: str, found: list[str]) -> None:
    ctx = memory_catalog(source=memory_source(NOTED))
    said = messages(markup.check_markdown, NOTED_MSGID, msgstr, ctx)
    assert len(said) == len(found)
    for message, expected in zip(said, found, strict=True):
        assert message.startswith(expected)


TABLED = (
    "---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\n"
    "| Region | Rain |\n|---|--:|\n| Kidal | 1,150 |\n"
)


@pytest.mark.parametrize(
    ("msgid", "msgstr", "found"),
    [
        ("Kidal", "Kidal", []),
        ("1,150", "1 150", []),
        ("Kidal", "Kidal | Gao", ["a '|' in a table cell prints as text"]),
        ("Region", "Région |---|", ["a '|' in a table cell", "Markdown '|---' would print"]),
    ],
)
def test_a_table_cell_keeps_the_shape_of_the_table(
    msgid: str, msgstr: str, found: list[str]
) -> None:
    ctx = memory_catalog(source=memory_source(TABLED))
    said = messages(markup.check_markdown, msgid, msgstr, ctx)
    assert len(said) == len(found)
    for expected in found:
        assert any(message.startswith(expected) for message in said), (expected, said)


def test_a_table_row_in_a_paragraph_translation_is_an_error() -> None:
    said = messages(markup.check_markdown, ARMY, FRENCH[ARMY] + " | a |\n|---|")
    assert [m.split(":")[0] for m in said] == ["Markdown '|---' would print as typed"]


LINKED = SOURCE + (
    "\nData from the [regional centre][agrhymet].\\\nBamako, Mali\n\n"
    "[agrhymet]: https://agrhymet.example.org\n[other]: https://other.example.org\n"
)
CENTRE = "Data from the [regional centre][agrhymet].\\\nBamako, Mali"


@pytest.mark.parametrize(
    ("msgstr", "found"),
    [
        ("Données du [centre régional][agrhymet].\\\nBamako, Mali", []),
        # the inline form of the same address is the same link
        ("Données du [centre régional](https://agrhymet.example.org).\\\nBamako, Mali", []),
        (
            "Données du [centre régional][other].\\\nBamako, Mali",
            [
                "link target(s) of the source missing: 'https://agrhymet.example.org'",
                "link target(s) not in the source: 'https://other.example.org'",
            ],
        ),
        (
            "Données du [centre régional][nulle].\\\nBamako, Mali",
            [
                "link target(s) of the source missing: 'https://agrhymet.example.org'",
                "Markdown '][' would print as typed: a footnote reference is [^label], its "
                "label as in the source; a table's rows and columns are the source's; a "
                "reference link [words][label] uses a label the source defines",
            ],
        ),
        (
            "Données du [centre régional][agrhymet]. Bamako, Mali",
            ["line breaks (a backslash ending a line): the source has 1, the translation 0"],
        ),
    ],
)
def test_reference_links_and_line_breaks(msgstr: str, found: list[str]) -> None:
    source = memory_source(LINKED)
    item = entry(CENTRE, msgstr)
    ctx = memory_catalog(item, source=source)
    assert list(markup.check_markdown(source.segment(item), item, ctx)) == found
