"""pubkit.catalogs.poformat must print catalogs byte for byte as GNU msgcat 0.21 does."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubkit.catalogs.pofile import read_catalog
from pubkit.catalogs.poformat import format_po

from ..conftest import FIXTURES
from .gettext_tools import gettext_tool

PO = FIXTURES / "po"
GOLDEN = sorted(PO.glob("*.po"))

Runner = Callable[..., bytes]


@pytest.fixture(scope="session")
def msgcat() -> Runner:
    exe = gettext_tool("msgcat")

    def run(path: Path) -> bytes:
        done = subprocess.run([exe, str(path)], capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        return done.stdout

    return run


@pytest.fixture(scope="session")
def msgfmt_check() -> Runner:
    exe = gettext_tool("msgfmt")

    def run(path: Path) -> bytes:
        args = [exe, "--check-format", "--check-header", "-o", "/dev/null", str(path)]
        done = subprocess.run(args, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        return done.stderr

    return run


def _format_file(path: Path) -> bytes:
    """The file read by pubkit's reader and written by its writer."""
    return format_po(read_catalog(path)).encode("utf-8")


def test_missing_gettext_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install gettext"):
        gettext_tool("msgcat")


@pytest.mark.slow
def test_msgcat_is_the_targeted_version() -> None:
    version = subprocess.run(
        [gettext_tool("msgcat"), "--version"], capture_output=True, text=True, check=True
    ).stdout.splitlines()[0]
    assert version.endswith(" 0.21"), f"poformat reproduces gettext 0.21; found {version!r}"


@pytest.mark.slow
@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_fixture_matches_msgcat(path: Path, msgcat: Runner) -> None:
    assert _format_file(path).decode() == msgcat(path).decode()


@pytest.mark.slow
@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_msgcat_output_is_a_fixed_point(path: Path, msgcat: Runner, tmp_path: Path) -> None:
    printed = tmp_path / path.name
    printed.write_bytes(msgcat(path))
    assert msgcat(printed) == printed.read_bytes()
    assert _format_file(printed) == printed.read_bytes()


@pytest.mark.slow
def test_obsolete_previous_fields_are_kept(msgcat: Runner) -> None:
    path = PO / "obsolete_previous.po"
    (obsolete,) = read_catalog(path).obsolete_entries()
    assert obsolete.previous_msgctxt == "old context"  # polib skipped "#~|" lines
    assert obsolete.previous_msgid == (
        "The previous source text of an obsolete entry, long enough to be wrapped with the "
        "four-column prefix"
    )
    assert _format_file(path) == msgcat(path)


# Small cases that document the rules; each is also checked against msgcat.
HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
RULE_CASES = {
    "break after spaces, hyphens and before em dashes": (
        "Tuareg rebels from the National Movement for the Liberation of the Azawad-Kidal "
        "region—and others",
        [
            'msgid ""',
            '"Tuareg rebels from the National Movement for the Liberation of the Azawad-"',
            '"Kidal region—and others"',
        ],
    ),
    "no break at no-break spaces; combining marks are zero-width": (
        "Kùma ní tɔ́nɔ: à bɛ́ nà, ò tɛ̀ taa, sɛ̀bɛn kɔ̀nɔ, ɲɔ̀gɔn, ŋàni ni ale — «\u00a0Jamana\u00a0» "
        "20\u202f000 mɔgɔ",
        [  # the first line holds 83 code points in only 77 columns
            'msgid ""',
            '"Kùma ní tɔ́nɔ: à bɛ́ nà, ò tɛ̀ taa, sɛ̀bɛn kɔ̀nɔ, ɲɔ̀gɔn, '
            'ŋàni ni ale — «\u00a0Jamana\u00a0» "',
            '"20\u202f000 mɔgɔ"',
        ],
    ),
    "URLs break after slashes before letters and after question marks": (
        "See https://www.example.org/en/publication/malis-islamists?utm_source=brief&x=1 now",
        [
            'msgid ""',
            '"See https://www.example.org/en/publication/malis-islamists?"',
            '"utm_source=brief&x=1 now"',
        ],
    ),
    "embedded newlines start with an empty first line": (
        "one\ntwo",
        ['msgid ""', '"one\\n"', '"two"'],
    ),
    "a single trailing newline does not": ("one\n", ['msgid "one\\n"']),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", RULE_CASES, ids=list(RULE_CASES))
def test_wrapping_rule(case: str, msgcat: Runner, tmp_path: Path) -> None:
    msgid, expected = RULE_CASES[case]
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=msgid, msgstr=""))
    text = format_po(po)
    assert text == HEADER + "\n".join(expected) + '\nmsgstr ""\n'
    path = tmp_path / "case.po"
    path.write_text(text, encoding="utf-8")
    assert msgcat(path).decode() == text


NORMALISED_INPUT = """\
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

#~ msgid "gone"
#~ msgstr "parti"

#~ msgid "gone too"
#~ msgstr ""

#: ./a.py:3 a.py:3 ./a.py:3 b.py b.py
#, python-format, fuzzy, my-flag possible-c-format, range: 1..9
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] "%d fichiers"
"""


@pytest.mark.slow
def test_flags_references_and_order_are_normalised_like_msgcat(
    msgcat: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "normalised.po"
    path.write_text(NORMALISED_INPUT, encoding="utf-8")
    text = format_po(polib.pofile(str(path)))
    assert text == msgcat(path).decode("utf-8")
    assert text.splitlines()[3:5] == [
        "#: a.py:3 a.py:3 b.py",  # duplicates go, "./" goes after the duplicate check
        "#, c-format, python-format, range: 1..9",  # gettext order; "fuzzy" needs msgstr[0]
    ]
    assert text.endswith('\n\n#~ msgid "gone"\n#~ msgstr "parti"\n')  # obsolete entries last


@pytest.mark.slow
def test_file_names_with_spaces_are_isolated(msgcat: Runner, tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="x", msgstr="", occurrences=[("my file.md", "7"), ("b.md", "")]))
    text = format_po(po)
    assert "#: \u2068my file.md\u2069:7 b.md\n" in text
    path = tmp_path / "spaces.po"
    path.write_text(text, encoding="utf-8")
    assert msgcat(path).decode("utf-8") == text


@pytest.mark.slow
def test_header_only_catalog_prints_nothing(msgcat: Runner, tmp_path: Path) -> None:
    path = tmp_path / "header.po"
    path.write_text(HEADER, encoding="utf-8")
    assert format_po(polib.pofile(str(path))) == "" == msgcat(path).decode()


@pytest.mark.slow
def test_bell_and_unicode_line_separators_match_msgcat(msgcat: Runner, tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    msgid = "bell\a and a line separator\u2028in the middle of text " * 3
    po.append(polib.POEntry(msgid=msgid, msgstr="x\u0085y\v"))
    path = tmp_path / "controls.po"
    path.write_text(format_po(po), encoding="utf-8")
    assert msgcat(path) == path.read_bytes()
    assert "bell\\a" in polib.pofile(str(path))[0].msgid  # polib leaves \a escaped on reading


# ---------------------------------------------------------------------------
# Property test: random multilingual catalogs.
# ---------------------------------------------------------------------------

WORDS = [
    "the", "Mali", "junta", "Bamako", "self-governing", "20,000", "2\u202f500", "3.5", "1990s",
    "l’État", "aujourd’hui", "c’est-à-dire", "«\u00a0Bonjour\u00a0»", "n’a", "mɔgɔ", "ɲɔgɔn",
    "sɛ̀bɛn", "kɔ̀nɔ", "ŋàni", "Ɛ́ɛ́", "ÉLÉMENTS", "**bold**", "*Moscou*", "[text](http://x/y-z)",
    "https://example.org/a-b_c?x=1&y=2", "www.example.com", "and/or", "2012–2024", "—", "–",
    "(JNIM)", "\"quoted\"", "‘single’", "“double”", "…", "100\u00a0%", "50%", "$5", "€20",
    "%s", "%d", "% d", "%(name)s", "%.*s", "%1$s", "{count}", "{user.name}", "back\\slash",
    "e.g.", "No\u2011break", "soft\u00adhyphen", "zero\u200bwidth", "马里的伊斯兰主义者",
    "「軍事政権」", "말리의", "עברית-כבד", "Исламисты", "Μάλι", "🇲🇱🇫🇷", "a \u0301b",
]  # fmt: skip
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-–—/()[]{}\"'«»’"
    "\u00a0\u202f%$€#*_\\&@+=<>|~^`°§éèêàçùœÉÀÇɛɔɲŋƐƆƝŊ\u0300\u0301\u0302\u030c中文字日本語、。"
    "ー한국어\u2026\u00ad\u2011\u2010\u200b\u2060\t\n\r\v\b\f\u0085\u2028"
)
SEPARATORS = [" ", " ", " ", "  ", "-", "—", " — ", " – ", "/", "\n", ", ", ". ", "\u00a0", ""]
FLAGS = ["fuzzy", "c-format", "python-format", "no-c-format", "no-wrap", "wrap", "my-flag"]
METADATA = {
    "Project-Id-Version": "pubkit 0.1",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2024-05-01 12:00+0000",
    "PO-Revision-Date": "2024-05-02 08:30+0000",
    "Last-Translator": "Test Translator <test@example.org>",
    "Language-Team": "Bambara <bm@example.org>",
    "Language": "bm",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}

_token = st.one_of(st.sampled_from(WORDS), st.text(ALPHABET, min_size=1, max_size=10))
prose = st.lists(st.tuples(_token, st.sampled_from(SEPARATORS)), max_size=30).map(
    lambda parts: "".join(word + sep for word, sep in parts)
)
comment = st.lists(
    st.lists(st.sampled_from([w for w in WORDS if "\\" not in w]), min_size=1, max_size=12).map(
        " ".join
    ),
    max_size=3,
).map("\n".join)
occurrence = st.tuples(
    st.sampled_from(["content/mali-islamists-rise.md", "./docs/a.md", "src/pubkit/cli.py", "x"]),
    st.one_of(st.just(""), st.integers(1, 99999).map(str)),
)


def _like(text: str, model: str) -> str:
    """``text`` with msgid ``model``'s leading/trailing newlines (msgfmt checks them)."""
    if not text:
        return text
    core = text.strip("\n") or "x"
    return "\n" * model.startswith("\n") + core + "\n" * model.endswith("\n")


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    po = polib.POFile()
    po.header = draw(comment)
    po.metadata = dict(METADATA)
    po.metadata_is_fuzzy = draw(st.booleans())
    keys: set[tuple[str | None, str]] = set()
    for _ in range(draw(st.integers(1, 20))):
        msgid = draw(prose.filter(bool))
        msgctxt = draw(st.one_of(st.none(), st.sampled_from(["heading", "menu"]), prose))
        if (msgctxt, msgid) in keys:
            continue
        keys.add((msgctxt, msgid))
        # The first entry stays live: for a file holding no entry but the header,
        # msgcat prints nothing at all.
        obsolete = len(keys) > 1 and draw(st.booleans())
        entry = polib.POEntry(msgid=msgid, msgctxt=msgctxt, obsolete=obsolete)
        entry.flags = draw(st.lists(st.sampled_from(FLAGS), max_size=3, unique=True))
        msgstr = draw(st.one_of(st.just(""), st.just(msgid), prose))
        if any(flag.endswith("format") for flag in entry.flags) and msgstr not in ("", msgid):
            msgstr = ""  # keeps msgfmt --check-format happy
        if draw(st.integers(0, 4)) == 0 and not any("format" in f for f in entry.flags):
            entry.msgid_plural = _like(draw(prose.filter(bool)), msgid)
            other = _like(draw(prose), msgid) or msgid if msgstr else ""
            entry.msgstr_plural = {0: _like(msgstr, msgid), 1: other}
        else:
            entry.msgstr = _like(msgstr, msgid)
        entry.tcomment = draw(comment)
        if not entry.obsolete:
            entry.comment = draw(comment)
            entry.occurrences = draw(st.lists(occurrence, max_size=8))
        if draw(st.integers(0, 3)) == 0:
            entry.previous_msgid = draw(prose)
            entry.previous_msgctxt = draw(st.one_of(st.none(), prose))
        po.append(entry)
    return po


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po=catalogs())
def test_random_catalogs_match_msgcat(
    po: polib.POFile, msgcat: Runner, msgfmt_check: Runner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("random") / "random.po"
    text = format_po(po)
    path.write_text(text, encoding="utf-8")
    assert msgcat(path).decode("utf-8") == text
    msgfmt_check(path)
    assert _format_file(path).decode("utf-8") == text  # read back, printed again


_SIMPLE_PROSE = st.text(
    alphabet=st.sampled_from(
        list("aeiou bcdfg  ,.;:!?-/()[]\"'0123456789%«»“”’—–…ɛɔɲŋÉéèàç\u00a0\u202fxyzXYZ")
    ),
    max_size=400,
)


@settings(max_examples=400, deadline=None)
@given(text=_SIMPLE_PROSE, width=st.integers(10, 80), start=st.integers(0, 12))
def test_fast_line_breaks_match_the_state_machine(text: str, width: int, start: int) -> None:
    """The shortcut for simple prose finds exactly libunistring's breaks."""
    from pubkit.catalogs.linebreak import (
        _CONTEXT_CLASSES,
        _char_width,
        _line_break_class,
        _local_width_breaks,
        _machine_width_breaks,
    )

    assert _CONTEXT_CLASSES.isdisjoint(_line_break_class(ch) for ch in text)
    prohibit = [False] * len(text)
    expected = _machine_width_breaks(text, prohibit, width, start)
    assert _local_width_breaks(text, prohibit, width, start) == expected
    narrow = all(_char_width(ch) == 1 for ch in text)
    assert _local_width_breaks(text, prohibit, width, start, narrow) == expected
