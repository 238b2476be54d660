"""The numbers rule and the locale-aware number values it compares."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.checks.numbers import number_values
from pubkit.config import Project

from .conftest import ARMY, FRENCH, LEADERS, changed, line_of, of


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        # "20,000" is twenty in French: the comma is the decimal sign.
        (
            ARMY,
            FRENCH[ARMY].replace("20\u202f000", "20,000"),
            "number(s) of the source missing: 20000",
        ),
        (ARMY, FRENCH[ARMY].replace("2023", "2024"), "number(s) not in the source: 2024"),
        (ARMY, FRENCH[ARMY].replace("2023", "2023 et 2023"), "number(s) not in the source: 2023"),
        (LEADERS, FRENCH[LEADERS].replace("5 %", "50 %"), "number(s) of the source missing: 5"),
    ],
)
def test_numbers(french: Project, msgid: str, msgstr: str, message: str) -> None:
    findings = of(changed(french, msgid, msgstr), "numbers")
    assert {(f.line, f.severity) for f in findings} == {(line_of(french, msgid), "error")}
    assert message in [f.message for f in findings]


@pytest.mark.parametrize("group", [" ", "\u00a0", "\u202f"])
def test_numbers_accept_french_grouping(french: Project, group: str) -> None:
    msgstr = FRENCH[ARMY].replace("20\u202f000", f"20{group}000")
    assert of(changed(french, ARMY, msgstr), "numbers") == []


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("The 20,000-strong army", "en", ["20000"]),
        ("Les 20 000 hommes, 20\u00a0000 et 20\u202f000", "fr", ["20000"] * 3),
        ("Since the 1980s", "en", ["1980"]),
        ("5 % et 5%", "fr", ["5", "5"]),
        ("2.5 days", "en", ["2.5"]),
        ("2,5 jours", "fr", ["2.5"]),
        ("50", "en", ["50"]),
        ("In 2012, he founded", "en", ["2012"]),
        ("En 2012, il a fondé", "fr", ["2012"]),
        ("en 2012 200 soldats", "fr", ["2012", "200"]),
        ("at 14:30", "fr", ["14", "30"]),
        ("some 70 million US dollars, 2,500 Russians", "en", ["70", "2500"]),
        ("1,234,567.25", "en", ["1234567.25"]),
        ("1\u202f234\u202f567,25", "fr", ["1234567.25"]),
        ("20 000", "bm", ["20000"]),
        ("no digits", "en", []),
    ],
)
def test_number_values(text: str, lang: str, values: list[str]) -> None:
    assert number_values(text, lang) == {Decimal(v): values.count(v) for v in values}


def test_number_values_are_not_substrings() -> None:
    assert number_values("50", "en") != number_values("5", "en")
    assert number_values("20,000", "en") == number_values("20 000", "fr")
    assert number_values("2.5", "en") == number_values("2,5", "fr")


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=0, max_value=10**15),
        st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    ),
    st.sampled_from(["en", "fr", "bm"]),
)
def test_number_values_round_trip_babel(value: int | Decimal, lang: str) -> None:
    text = format_decimal(value, locale=lang)
    assert number_values(f"about {text} people", lang) == {Decimal(value): 1}
    assert number_values(format_decimal(value, locale="en"), "en") == number_values(
        format_decimal(value, locale="fr"), "fr"
    )


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="0123456789 ,.\u00a0\u202fa%-", max_size=30),
    st.sampled_from(["en", "fr", "bm"]),
)
def test_number_values_by_runs_equal_one_pass(text: str, lang: str) -> None:
    """Finding numbers run by run (the fast path) finds what one pass over the text finds."""
    from pubkit.checks.numbers import _NOT_DIGIT, _pattern

    expected: Counter[Decimal] = Counter()
    for digits, fraction in _pattern(lang).findall(text):
        digits = _NOT_DIGIT.sub("", digits)
        expected[Decimal(f"{digits}.{fraction}" if fraction else digits)] += 1
    assert number_values(text, lang) == expected
