"""The language facts of pubkit.locales, each read from its one home."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pubkit.locales.names import language_name
from pubkit.locales.numbers import SPACES, separators
from pubkit.locales.typography import CONVENTIONS, DEFAULT, NBSP, NNBSP, conventions


def test_language_names_come_from_cldr_in_either_language() -> None:
    assert language_name("fr") == "French"
    assert language_name("bm") == "Bambara"
    assert language_name("pt-BR") == "Portuguese (Brazil)"
    assert language_name("fr", "fr") == "français"
    assert language_name("bm", "fr") == "bambara"


def test_conventions_of_a_regional_variant_are_its_languages() -> None:
    assert conventions("fr-CA") is conventions("fr_FR") is CONVENTIONS["fr"]
    assert conventions("fr").quotes == ("«", "»")
    assert conventions("fr").french_spacing and conventions("fr").group_digits
    assert conventions("en").quotes == ("“", "”") and not conventions("en").french_spacing


def test_bambara_is_printed_as_french() -> None:
    assert conventions("bm") == conventions("fr")


def test_a_language_missing_from_the_table_is_printed_as_english() -> None:
    # Today's behaviour, decided in the table's module only (a later issue may change it).
    assert DEFAULT is CONVENTIONS["en"]
    assert conventions("de") is DEFAULT
    assert conventions("xx-nonsense") is DEFAULT


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
        ("xx-nonsense", {","}, "."),  # unknown to CLDR: English's
    ],
)
def test_separators(lang: str, groups: set[str], decimal: str) -> None:
    assert separators(lang) == (frozenset(groups), decimal)


@pytest.mark.slow
def test_importing_the_locales_imports_no_babel() -> None:
    modules = "pubkit.locales.names, pubkit.locales.numbers, pubkit.locales.typography"
    code = f"import sys, {modules}; print('babel' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
