"""typography: French spacing, doubled and outer spaces, final punctuation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.catalogs import workflow
from pubkit.checks import typography
from pubkit.checks.runner import check_project
from pubkit.config import Project

from .conftest import (
    HEADING,
    LEFT,
    MEETING,
    QUOTE,
    TITLE,
    changed,
    line_of,
    memory_catalog,
    messages,
    of,
    translate,
)


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        (HEADING, "Pourquoi Bamako?", "no space before ; : ! ? (fr typography): 'Bamako?'"),
        (LEFT, "Puis Khouffa est parti; Kouffa est resté.", "'parti;'"),
        (QUOTE, "Les deux chefs veulent un «califat islamique» au Mali.", "no space inside « »"),
        (HEADING, "Pourquoi  Bamako ?", "doubled space"),
        (HEADING, " Pourquoi Bamako ?", "leading or trailing whitespace"),
        (HEADING, "Pourquoi Bamako", "ends with no final punctuation but the source ends with '?'"),
        (TITLE, "La junte du Mali.", "ends with '.' but the source ends with no final punctuation"),
    ],
)
def test_typography(french: Project, msgid: str, msgstr: str, message: str) -> None:
    findings = of(changed(french, msgid, msgstr), "typography")
    assert [(f.line, f.severity) for f in findings] == [(line_of(french, msgid), "warning")]
    assert message in findings[0].message


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        (HEADING, "Pourquoi Bamako\u202f?"),
        (HEADING, "Pourquoi Bamako\u00a0?"),
        (
            MEETING,
            "Kouffa a vu les juntes du [Burkina Faso](missing:) à 14:30, voir https://x.org.",
        ),
        (QUOTE, "Les deux chefs veulent un «\u202fcalifat islamique\u202f» au Mali."),
    ],
)
def test_typography_passes(french: Project, msgid: str, msgstr: str) -> None:
    assert of(changed(french, msgid, msgstr), "typography") == []


def test_typography_english_and_bambara(french: Project) -> None:
    # English has no space before '?'; Bambara print follows French conventions.
    translate(french, "en", {HEADING: "Why Bamako?"})
    assert of(check_project(french, ["en"]), "typography", "en") == []
    workflow.init(french, ["bm"])
    translate(french, "bm", {HEADING: "Mun na Bamako?"})
    [finding] = of(check_project(french, ["bm"]), "typography", "bm")
    assert "bm typography" in finding.message


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab ;:!?«»\u202f\n", max_size=30))
def test_typography_patterns_equal_their_look_behind_first_forms(text: str) -> None:
    """The patterns start with the character they look for (so re skips to it); they
    match where the look-behind-first forms match."""
    import re

    from pubkit.checks.typography import _NO_SPACE_BEFORE, _NO_SPACE_BEFORE_CLOSING

    for fast, plain in (
        (_NO_SPACE_BEFORE, r"(?<=[^\s;:!?])[;:!?]"),
        (_NO_SPACE_BEFORE_CLOSING, r"(?<=\S)»"),
    ):
        assert [m.span() for m in fast.finditer(text)] == [
            m.span() for m in re.finditer(plain, text)
        ]


# -- in memory ------------------------------------------------------------------------------


def test_typography_rule_in_memory() -> None:
    check = typography.check_typography
    assert messages(check, HEADING, "Pourquoi Bamako\u202f?") == []
    assert messages(check, HEADING, " Pourquoi  Bamako?") == [
        "leading or trailing whitespace",
        "doubled space",
        "no space before ; : ! ? (fr typography): 'Bamako?'",
    ]
    english = memory_catalog(lang="en")
    assert messages(check, HEADING, "Why Bamako?", english) == []
    assert messages(check, HEADING, "Why Bamako", english) == [
        "ends with no final punctuation but the source ends with '?'"
    ]


URL_PIECES = ["a", "W", "1", ".", "-", "+", ":", "/", "://", " ", "_", "é", "www.", "mailto:", "K"]


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(URL_PIECES), max_size=16).map("".join))
def test_url_spans_are_those_of_the_url_pattern(text: str) -> None:
    """url_spans finds, in linear time, what the backtracking _URL pattern finds."""
    assert typography.url_spans(text) == [m.span() for m in typography._URL.finditer(text)]


def test_long_runs_before_an_address_are_masked_as_short_ones() -> None:
    dots = "a." * 20000
    check = typography.check_typography
    # A scheme may be any run of letters, digits and '+.-': the whole word is masked.
    assert messages(check, HEADING, f"Voir {dots}://x ?") == []
    # A run that "://" does not end is text; the address after it is masked.
    [message] = messages(check, HEADING, f"{dots}: voir https://example.org/a:b ?")
    assert message == "no space before ; : ! ? (fr typography): 'a.a.a.a.a.a.a.a.a.a.:'"
    assert typography.url_spans(f"x {dots}b://x") == [(2, len(dots) + 7)]
    assert typography.url_spans(f"1{dots}://x y") == [(3, len(dots) + 5)]
