"""The language facts of pubkit.locales, each read from its one home."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pubkit.locales.names import language_name
from pubkit.locales.numbers import SPACES, separators
from pubkit.locales.typography import NBSP, NNBSP, TABLE, NeutralTypography, conventions


def test_language_names_come_from_cldr_in_either_language() -> None:
    assert language_name("fr") == "French"
    assert language_name("bm") == "Bambara"
    assert language_name("pt-BR") == "Portuguese (Brazil)"
    assert language_name("fr", "fr") == "français"
    assert language_name("bm", "fr") == "bambara"


def test_conventions_come_from_the_table_by_truncation() -> None:
    # fr-CA has marks of its own in CLDR; fr-BE has French's, and French's spacing.
    assert conventions("fr-BE") == conventions("fr_BE")
    assert conventions("fr-BE").quotes == conventions("fr").quotes == ("«", "»")
    assert conventions("fr-CA").inner_quotes == ("”", "“")  # CLDR's fr_CA
    assert conventions("fr-CA").french_spacing and conventions("fr-BE").french_spacing
    assert conventions("fr").french_spacing and conventions("fr").group_digits
    assert conventions("en").quotes == ("“", "”") and not conventions("en").french_spacing


def test_french_and_bambara_keep_their_conventions() -> None:
    french = conventions("fr")
    assert (french.quotes, french.inner_quotes) == (("«", "»"), ("“", "”"))
    assert (french.group, french.percent) == (NNBSP, NNBSP)
    bambara = conventions("bm")  # printed as French, as it always was
    assert (bambara.quotes, bambara.inner_quotes) == (french.quotes, french.inner_quotes)
    assert (bambara.french_spacing, bambara.group, bambara.percent) == (True, NNBSP, NNBSP)
    assert "French" in bambara.source and "Imprimerie nationale" in french.source


@pytest.mark.parametrize(
    ("lang", "quotes", "inner", "group", "percent", "hyphenation"),
    [
        ("de", "„“", "‚‘", None, NBSP, "de"),
        ("es", "“”", "‘’", None, NBSP, "es"),
        ("pt", "“”", "‘’", None, None, "pt"),
        ("pt-PT", "«»", "“”", NBSP, None, "pt_PT"),
        ("it", "«»", "“”", None, None, "it"),
        ("nl", "‘’", "‘’", None, None, "nl"),
        ("wo", "“”", "‘’", None, None, None),
        ("ha", "“”", "‘’", None, None, None),
        ("en", "“”", "‘’", None, None, "en"),
    ],
)
def test_languages_from_cldr_and_pyphen(
    lang: str,
    quotes: str,
    inner: str,
    group: str | None,
    percent: str | None,
    hyphenation: str | None,
) -> None:
    rules = conventions(lang)
    assert (rules.quotes, rules.inner_quotes) == (tuple(quotes), tuple(inner))
    assert (rules.group, rules.percent, rules.hyphenation) == (group, percent, hyphenation)
    assert not rules.french_spacing and rules.known
    assert rules.source.startswith("CLDR 48")


def test_hausa_apostrophe_is_a_letter() -> None:
    assert conventions("ha").apostrophe == "\u02bc"
    assert conventions("wo").apostrophe == conventions("en").apostrophe == "’"


def test_a_language_without_data_is_neutral_and_said_once(
    recwarn: pytest.WarningsRecorder,
) -> None:
    conventions.cache_clear()
    rules = conventions("xx-nonsense")
    assert not rules.known
    assert (rules.quotes, rules.inner_quotes) == (("“", "”"), ("‘", "’"))
    assert not rules.french_spacing and rules.group is None and rules.hyphenation is None
    for _ in range(3):
        conventions("xx-nonsense")
    said = [w for w in recwarn if issubclass(w.category, NeutralTypography)]
    assert len(said) == 1
    assert "'xx-nonsense'" in str(said[0].message) and "neutral rules" in str(said[0].message)


def test_the_table_is_what_the_generator_writes() -> None:
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    assert data["cldr"].startswith("CLDR 48")
    assert set(data["languages"]["fr"]) == {"quotes", "inner", "spacing", "source"}
    # a regional variant is written only where it differs from its language
    assert "de_AT" not in data["languages"] and "pt_PT" in data["languages"]


IGNORE_NEUTRAL = pytest.mark.filterwarnings("ignore::pubkit.locales.typography.NeutralTypography")


def test_no_break_spaces() -> None:
    assert (NBSP, NNBSP) == ("\u00a0", "\u202f")
    assert SPACES == (" ", NBSP, NNBSP)


@pytest.mark.parametrize(
    ("lang", "groups", "decimal"),
    [
        ("en", {","}, "."),
        ("de", {"."}, ","),
        ("fr", set(SPACES), ","),  # CLDR's narrow no-break space, and whatever space is typed
        ("fr-CA", set(SPACES), ","),
        ("ru", set(SPACES), ","),  # CLDR groups with a space: any space is accepted
        ("bm", {",", *SPACES}, "."),  # CLDR's comma, and French typography's spaces
        pytest.param("xx-nonsense", {","}, ".", marks=IGNORE_NEUTRAL),  # unknown: English's
    ],
)
def test_separators(lang: str, groups: set[str], decimal: str) -> None:
    assert separators(lang) == (frozenset(groups), decimal)


@pytest.mark.slow
def test_importing_the_locales_imports_no_babel() -> None:
    modules = (
        "pubkit.locales.names, pubkit.locales.numbers, pubkit.locales.typography, "
        "pubkit.locales.hyphenation"
    )
    code = f"import sys, {modules}; print('babel' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_generator_lays_curated_facts_over_cldr() -> None:
    from pubkit.locales.data.generate_typography import resolve

    cldr = {
        "fr": {"quotes": "«»", "inner": "«»"},
        "fr_BE": {"quotes": "«»", "inner": "«»"},  # as fr: not written
        "fr_CA": {"quotes": "«»", "inner": "”“"},  # its own inner marks: CLDR's kept
        "bm": {"quotes": "«»", "inner": "“”"},
        "ha": {"quotes": "“”", "inner": "‘’", "apostrophe": "ʼ"},
    }
    table = resolve("48", cldr)
    assert set(table) == {"fr", "fr_CA", "bm", "ha"}
    assert table["fr"]["inner"] == "“”" and table["fr"]["spacing"] == "french"
    assert table["fr"]["source"].startswith("CLDR 48; inner marks")
    assert table["fr_CA"]["inner"] == "”“" and table["fr_CA"]["spacing"] == "french"
    assert table["fr_CA"]["source"] == "CLDR 48; spacing and numbers as fr (see there)"
    assert table["bm"]["numbers"] == "fr" and table["ha"] == {
        "quotes": "“”",
        "inner": "‘’",
        "apostrophe": "ʼ",
        "source": "CLDR 48",
    }
