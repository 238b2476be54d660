"""The read/write pair of pubkit.catalogs.pofile and what is made of a read catalog, on
small catalogs written out by the tests."""

from __future__ import annotations

import os
import re
from pathlib import Path

import polib
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from pubkit.catalogs.pofile import FUZZY, read_catalog, read_catalog_shared, write_catalog
from pubkit.catalogs.review import (
    content_digest,
    review_of,
    sign_off,
    translator_credit,
    without_address,
)
from pubkit.catalogs.stats import catalog_stats, count_words, translations
from pubkit.catalogs.views import view
from pubkit.errors import PubkitError

# As msgcat prints it: a header, a translated entry with its comments, a fuzzy one with
# its previous msgid, a plural one and an obsolete one.
SMALL = """\
# French translation of Test.
msgid ""
msgstr ""
"Project-Id-Version: doc\\n"
"Last-Translator: Awa Traoré <awa@example.org>\\n"
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#. heading
#: content/doc.md:8
msgctxt "heading"
msgid "Overview"
msgstr "Aperçu"

#: content/doc.md:10
#, fuzzy
#| msgid "The old first paragraph."
msgid "The **first** paragraph."
msgstr "Le premier paragraphe."

msgid "one file"
msgid_plural "%d files"
msgstr[0] "un fichier"
msgstr[1] "%d fichiers"

#~ msgid "Gone"
#~ msgstr "Parti"
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "fr.po"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_read_then_write_gives_the_same_bytes(small: Path, tmp_path: Path) -> None:
    catalog = read_catalog(small)
    assert [(e.msgctxt, e.msgid, e.obsolete) for e in catalog] == [
        ("heading", "Overview", False),
        (None, "The **first** paragraph.", False),
        (None, "one file", False),
        (None, "Gone", True),
    ]
    assert catalog.metadata["Language"] == "fr"
    assert catalog[1].flags == [FUZZY]
    assert catalog[1].previous_msgid == "The old first paragraph."
    assert catalog[2].msgstr_plural == {0: "un fichier", 1: "%d fichiers"}
    copy = tmp_path / "copy.po"
    assert write_catalog(catalog, copy) is True
    assert copy.read_text(encoding="utf-8") == SMALL
    assert write_catalog(catalog, copy) is False  # unchanged bytes are not rewritten


def test_write_then_read_keeps_a_catalog_made_in_code(tmp_path: Path) -> None:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    text = "A sentence long enough to be wrapped by the writer, " * 3
    catalog.append(polib.POEntry(msgid=text, msgstr="x\ty", occurrences=[("a.md", "3")]))
    path = tmp_path / "made.po"
    write_catalog(catalog, path)
    (entry,) = read_catalog(path)
    assert (entry.msgid, entry.msgstr, entry.occurrences) == (text, "x\ty", [("a.md", "3")])


DUPLICATE = 'msgctxt "heading"\nmsgid "Overview"\nmsgstr "Encore"'


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (('#~ msgid "Gone"\n#~ msgstr "Parti"', DUPLICATE), "first at line 10", 27),
        (('msgid_plural "%d files"\n', ""), "msgstr[N] without msgid_plural", 23),
        (('"Language: fr\\n"', '"Language: fr\\n'), "invalid PO syntax", 6),
        (("Parti", "Part\\351"), "unsupported escape sequence", 28),
        # What gettext refuses too:
        (('paragraph."\nmsgid', 'paragraph."\n# note\nmsgid'), "a comment inside an entry", 19),
        (('msgstr[1] "%d', 'msgstr[2] "%d'), "msgstr[2] out of order", 25),
        (('#~ msgid "Gone"', '#~ msgid "one file"'), "duplicate entry (first at line 22)", 27),
        (('#~ msgstr "Parti"', 'msgstr "Parti"'), "inconsistent use of #~", 28),
        (('msgid ""\nmsgstr ""\n', 'msgid "x"\nmsgstr "y"\n\nmsgid ""\nmsgstr ""\n'), "first", 5),
    ],
)
def test_read_refuses_with_the_line(
    small: Path, change: tuple[str, str], message: str, line: int
) -> None:
    small.write_text(SMALL.replace(*change), encoding="utf-8")
    with pytest.raises(PubkitError, match=re.escape(message)) as caught:
        read_catalog(small, "locale/fr.po")
    assert (caught.value.path, caught.value.line) == ("locale/fr.po", line)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("charset=UTF-8", "charset=ISO-8859-1"), "pubkit writes UTF-8 catalogs"),
        (("charset=UTF-8", "charset=CHARSET"), "which msgcat refuses"),
        (('"Content-Type: text/plain; charset=UTF-8\\n"\n', ""), "declaring its charset"),
    ],
)
def test_what_msgcat_would_read_in_another_charset_is_read_not_written(
    small: Path, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    small.write_text(SMALL.replace(*change), encoding="utf-8")
    catalog = read_catalog(small)  # pubkit check reports the header at its line
    target = tmp_path / "written.po"
    with pytest.raises(PubkitError, match=re.escape(message)) as caught:
        write_catalog(catalog, target, shown="locale/fr.po")
    assert (caught.value.path, caught.value.line) == ("locale/fr.po", 1)
    assert not target.exists()


def test_a_missing_catalog_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(PubkitError, match="pubkit init LANG"):
        read_catalog(tmp_path / "none.po")


def test_the_shared_read_is_parsed_once_per_file_version(small: Path) -> None:
    first = read_catalog_shared(small)
    assert read_catalog_shared(small) is first
    small.write_text(SMALL.replace("Aperçu", "Vue d’ensemble"), encoding="utf-8")
    os.utime(small, ns=(1, 1))  # a new version, even within the clock's resolution
    changed = read_catalog_shared(small)
    assert changed is not first and changed[0].msgstr == "Vue d’ensemble"


def test_view_holds_the_active_entries_with_their_lines(small: Path) -> None:
    seen = view(read_catalog(small))
    assert seen.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert [(e.msgid, e.linenum) for e in seen.entries] == [
        ("Overview", 10),  # an entry starts at its first comment
        ("The **first** paragraph.", 16),
        ("one file", 22),
    ]
    assert seen.entries[0].comment == "heading" and seen.entries[1].flags == [FUZZY]


def test_translations_and_stats(small: Path) -> None:
    catalog = read_catalog(small)
    # Neither fuzzy nor empty: the plural entry's msgstr is empty (its forms are apart).
    assert translations(catalog, is_source=False) == {("heading", "Overview"): "Aperçu"}
    assert translations(catalog, is_source=True)[(None, "one file")] == "one file"
    # A plural entry is translated when every form is (the theme's words have one).
    stats = catalog_stats(catalog, "fr", is_source=False)
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (2, 1, 0)
    catalog[2].msgstr_plural[1] = ""
    stats = catalog_stats(catalog, "fr", is_source=False)
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (1, 1, 1)
    assert count_words("The **first** [paragraph](https://example.org).") == 3


def test_review_in_memory(small: Path) -> None:
    catalog = read_catalog(small)
    assert translator_credit(catalog) == "Awa Traoré"
    assert translator_credit(view(catalog)) == "Awa Traoré"  # check reads it from a view
    assert review_of(catalog).status == "draft"
    catalog[2].msgstr_plural[1] = ""
    with pytest.raises(PubkitError, match="1 fuzzy and 1 untranslated"):
        sign_off(catalog, "Rita Reviewer", "fr", is_source=False)
    catalog[1].flags = []
    catalog[2].msgstr_plural[1] = "%d fichiers"
    digest = content_digest(catalog)
    sign_off(catalog, "Rita Reviewer", "fr", is_source=False)
    assert content_digest(catalog) != digest  # the sign-off's name and date are signed too
    assert review_of(catalog).status == "reviewed"
    catalog[0].msgstr = "Vue d’ensemble"
    assert review_of(catalog).status == "outdated"


# -- untrusted headers and texts, read in linear time ---------------------------------------


def test_credit_without_its_address_in_a_pathological_header() -> None:
    spaces = " " * 50_000
    assert without_address(f"Awa Traoré{spaces}<awa@example.org>") == "Awa Traoré"
    assert without_address("<" * 50_000) == "<" * 50_000
    assert without_address(f"a{spaces}b") == f"a{spaces}b"
    assert without_address("Awa <a> <b <c>") == "Awa <a>"


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=" \t<>a\u00a0", max_size=12).map(str.strip))
def test_without_address_is_the_pattern_it_replaces(text: str) -> None:
    assert without_address(text) == re.sub(r"\s*<[^>]*>\s*$", "", text)


def test_words_counted_in_a_pathological_text() -> None:
    assert count_words("](" * 50_000 + "a") == 1
    assert count_words("a [b](c) d " * 20_000) == 3 * 20_000


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet="]()[*_a ", max_size=16))
def test_markup_removal_is_the_pattern_it_replaces(text: str) -> None:
    from pubkit.catalogs.stats import _MARKUP, _without_markup

    assert _without_markup(text) == _MARKUP.sub(" ", text)


def test_an_indented_msgstr_after_a_long_run_of_spaces_is_read(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    spaces = " " * 50_000
    path.write_text(SMALL + f'\nmsgid "x"\n{spaces}msgstr "y"\n', encoding="utf-8")
    assert read_catalog(path)[-1].msgstr == "y"  # the obsolete entry stays last
    path.write_text(SMALL + f'\nmsgid "x"\n{spaces}\n\n', encoding="utf-8")
    with pytest.raises(PubkitError, match="msgid without msgstr"):
        read_catalog(path)


# -- the reader: what GNU gettext reads, as it reads it ---------------------------------------

_STRING = st.sampled_from(
    ["", "a", "b c", '\\"', "\\n", "\\\\", "é", "\u2028", "\x85", "\\a", "\r"]
)
_COMMENT = st.sampled_from(
    ["#", "# c", "#  c ", "##c", "#c", "#.", "#. x", "#.  y", "#: a:1 b", "#: a : 2", "#, fuzzy",
     "#,fuzzy,c-format", "#! fuzzy", "#~ # c", "#\r", "#. x\r"]
)  # fmt: skip


@st.composite
def _field(draw: st.DrawFn, keyword: str) -> list[str]:
    """``keyword "…"`` and its continuation lines (``#| `` ones after a ``#| `` keyword)."""
    prefix = "#| " if keyword.startswith("#|") else ""
    strings = draw(st.lists(_STRING, min_size=1, max_size=4))
    return [f'{keyword} "{strings[0]}"', *(f'{prefix}"{text}"' for text in strings[1:])]


_PREVIOUS = st.sampled_from(  # mostly as gettext writes them; sometimes not
    [[], [], [], ["#| msgid"], ["#| msgctxt", "#| msgid"], ["#| msgid", "#| msgid_plural"], None]
).flatmap(
    lambda order: (
        st.just(order)
        if order is not None
        else st.lists(st.sampled_from(["#| msgctxt", "#| msgid", "#| msgid_plural"]), max_size=3)
    )
)


@st.composite
def _entry(draw: st.DrawFn, number: int) -> list[str]:
    lines = draw(st.lists(_COMMENT, max_size=4))
    for keyword in draw(_PREVIOUS):
        lines += draw(_field(keyword))
    if draw(st.booleans()):
        lines += draw(_field("msgctxt"))
    lines += [*draw(_field("msgid")), f'"{number}"']  # a msgid of its own
    if draw(st.booleans()):
        lines += [*draw(_field("msgid_plural")), '"s"']  # an empty one pubkit refuses
        for index in range(draw(st.integers(1, 3))):
            lines += draw(_field(f"msgstr[{index}]"))
    else:
        lines += draw(_field("msgstr"))
    if draw(st.integers(0, 4)) == 4:
        lines = [line if line[:1] == "#" and line[1:2] != "|" else f"#~ {line}" for line in lines]
        lines = [line.replace("#| ", "#~| ", 1) for line in lines]
    return lines


_JUNK = [
    '"x"', 'msgstr[0] "y"', 'msgstr[2] "y"', '#| msgid "z"', "#~| z", "# d", "  ", "msgid",
    'msgid "a" "b"', 'msgstr "q" # c', 'msgid ""', 'msgstr "h"', "\r", '"\\q"', '"\\101"',
    'msgctxt "c"', "#~", '#~ "o"',
]  # fmt: skip


_HEADER = ['msgid ""', 'msgstr "Content-Type: text/plain; charset=UTF-8\\n"', ""]


@st.composite
def _catalog(draw: st.DrawFn) -> str:
    lines = list(draw(st.sampled_from([_HEADER, _HEADER, _HEADER, []])))
    for number in range(draw(st.integers(0, 4))):
        entry = draw(_entry(number))
        lines += [*entry, *draw(st.sampled_from([[""], [], ["", "  "]]))]
    for _ in range(draw(st.integers(0, 2))):  # a line out of place
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(_JUNK)))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=_catalog())
def test_the_reader_reads_what_msgcat_reads(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """What msgcat refuses is refused at a line; what pubkit reads, msgcat reads, and
    pubkit writes it as msgcat does."""
    from pubkit.catalogs.pofile import catalog_text
    from pubkit.catalogs.poread import parse_po

    from .gettext_tools import msgcat

    path = tmp_path_factory.mktemp("layout") / "layout.po"
    path.write_bytes(text.encode("utf-8"))
    expected = msgcat(path)
    try:
        written = catalog_text(parse_po(text, "layout.po"), "layout.po")
    except PubkitError as error:
        assert error.line is not None
        event(f"refused: {error.message[:50]}")
        return
    event("read")
    assert expected is not None, "pubkit reads what msgcat refuses"
    assert written.encode("utf-8") == expected


def test_long_fields_are_read_whole(tmp_path: Path) -> None:
    lines = 20_000
    path = tmp_path / "fr.po"
    comments = "# c\n#. d\n#: r:1\n" * lines
    strings = '"ab"\n' * lines
    path.write_text(
        "# head\n" * lines + SMALL + f'\n{comments}msgid "x"\nmsgstr ""\n{strings}',
        encoding="utf-8",
    )
    catalog = read_catalog(path)
    assert catalog.header == "\n".join(["head"] * lines + ["French translation of Test."])
    last = catalog[-1]
    assert last.msgstr == "ab" * lines
    assert last.tcomment == "\n".join(["c"] * lines) and last.comment == "\n".join(["d"] * lines)
    assert len(last.occurrences) == lines
