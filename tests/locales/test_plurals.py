"""Plural-Forms: the shipped table, its generator, and formulas read as gettext reads them."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.locales import plurals
from pubkit.locales.data import generate_plural_forms as generator

FRENCH_CLDR = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """The memoised functions start and end empty: a test may patch what they read."""
    caches = (plurals.read_plural_forms, plurals.conventions, plurals.recognised)
    for function in caches:
        function.cache_clear()
    yield
    for function in caches:
        function.cache_clear()


def test_every_table_formula_is_readable() -> None:
    for code, entry in plurals.table().items():
        assert entry.conventions[0].formula == entry.init, code
        for convention in entry.conventions:
            assert plurals.read_plural_forms(convention.formula).problem is None, code


def test_init_is_gettexts_where_gettext_has_one() -> None:
    for code, formula in generator.GETTEXT.items():
        entry = plurals.table_entry(code)
        assert entry is not None and entry.init == formula, code
    entry = plurals.table_entry("pt-PT")  # CLDR's rule differs from pt's; msginit writes pt's
    assert entry is not None and entry.init == "nplurals=2; plural=(n != 1);"


def test_french_conventions() -> None:
    assert [c.formula for c in plurals.conventions("fr")][:2] == [
        "nplurals=2; plural=(n > 1);",
        FRENCH_CLDR,
    ]
    assert plurals.recognised("nplurals=2; plural=n>1;", "fr") is not None
    assert plurals.recognised(FRENCH_CLDR, "fr") is not None
    assert plurals.recognised(FRENCH_CLDR, "fr-CA") is not None  # looked up as fr
    assert plurals.recognised("nplurals=2; plural=(n != 1);", "fr") is None
    # a million is CLDR's 'many' in French: 0..1001 alone would not tell these apart
    assert plurals.recognised("nplurals=3; plural=n<=1 ? 0 : 2;", "fr") is None


def test_installed_babel_is_a_convention(monkeypatch: pytest.MonkeyPatch) -> None:
    from babel.messages.plurals import PLURALS

    monkeypatch.setitem(PLURALS, "fr", (3, "n==1 ? 0 : n==2 ? 1 : 2"))
    assert plurals.plural_forms("fr") == "nplurals=2; plural=(n > 1);"
    [installed] = [c for c in plurals.conventions("fr") if "installed" in c.sources[0]]
    assert installed.formula == "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;"
    assert plurals.recognised("nplurals=3; plural=n == 1 ? 0 : n == 2 ? 1 : 2;", "fr")


def test_read_plural_forms_is_memoised() -> None:
    for _ in range(3):
        assert plurals.read_plural_forms(FRENCH_CLDR).nplurals == 3
        assert plurals.recognised(FRENCH_CLDR, "fr") is not None
    assert plurals.recognised.cache_info().hits == 2
    assert plurals.read_plural_forms.cache_info().misses == len(plurals.conventions("fr"))


@pytest.mark.parametrize(
    ("value", "nplurals", "problem"),
    [
        ("nplurals=1; plural=0", 1, None),
        (" nplurals = 02 ; plural = n != 1 ; ", 2, None),
        ("nplurals=2; plural=n/0;", 2, "divides by zero for n=0"),
        ("nplurals=2; plural=n%(n-n);", 2, "divides by zero for n=0"),
        ("nplurals=2; plural=n%(n-1000000) != 0;", 2, "divides by zero for n=1000000"),
        ("nplurals=1" + "0" * 30 + "; plural=0;", None, "is not between 1 and 20"),
        ("nplurals=0; plural=0;", None, "nplurals=0 is not between 1 and 20"),
        ("nplurals=3; plural=n;", 3, "gives 3 for n=3 (a form from 0 to 2)"),
        ("nplurals=2; plural=n==1 ? 0 : 1", 2, None),
        ("plural=0;", None, "expected 'nplurals=N; plural=EXPRESSION;'"),
        ("nplurals=2; plural=n >> 1;", 2, "cannot be read"),
    ],
)
def test_read_plural_forms(value: str, nplurals: int | None, problem: str | None) -> None:
    read = plurals.read_plural_forms(value)
    assert read.nplurals == nplurals
    if problem is None:
        assert read.problem is None and read.forms is not None
    else:
        assert read.problem is not None and problem in read.problem and read.forms is None


# -- the generator --------------------------------------------------------------------------


def test_a_run_keeps_what_the_table_has() -> None:
    committed = json.loads(plurals.TABLE.read_text(encoding="utf-8"))
    again = generator.merge(committed, {})
    assert again["languages"] == committed["languages"]


def test_a_run_adds_but_never_changes_init() -> None:
    old = {"languages": {"fr": {"init": "nplurals=2; plural=(n > 1);", "conventions": {}}}}
    found = {
        "fr": [
            ("nplurals=3; plural=n<=1 ? 0 : n%1000000 ? 2 : 1;", "Babel 9 table"),
            (FRENCH_CLDR, "CLDR 99 (Babel 9)"),  # the same convention, spelt otherwise
        ],
        "xx": [("nplurals=1; plural=0;", "CLDR 99 (Babel 9)")],
        "yy": [("nplurals=2; plural=n != 1;", "CLDR 99 (Babel 9), integers (e = c = 0)")],
    }
    languages = generator.merge(old, found)["languages"]
    assert languages["fr"]["init"] == "nplurals=2; plural=(n > 1);"
    assert languages["fr"]["conventions"] == {
        "nplurals=2; plural=(n > 1);": ["GNU gettext"],
        "nplurals=3; plural=n<=1 ? 0 : n%1000000 ? 2 : 1;": ["Babel 9 table", "CLDR 99 (Babel 9)"],
    }
    assert languages["xx"]["init"] == "nplurals=1; plural=0;"
    assert "yy" not in languages  # only an integer reading of a rule gettext cannot express
    assert generator.merge({"languages": languages}, found)["languages"] == languages


@pytest.mark.slow
def test_gettext_table_is_what_msginit_writes() -> None:
    # msginit 0.21 (Debian 12) predates Catalan in gettext's table
    differences = generator.compare_msginit()
    assert [d for d in differences if not d.startswith("ca: msginit writes 'no Plural")] == []


def test_plural_forms_with_long_runs_of_spaces() -> None:
    spaces = " " * 50_000
    read = plurals.read_plural_forms(f"nplurals=2;{spaces}plural=n != 1{spaces};{spaces}")
    assert (read.nplurals, read.problem) == (2, None)
    read = plurals.read_plural_forms(f"nplurals=2; plural={spaces}x")
    assert read.nplurals == 2 and read.problem is not None
    assert "cannot be read" in read.problem


_PLURAL_PIECES = st.sampled_from(["nplurals", "plural", "=", ";", "1", "n", "x"]) | st.sampled_from(
    [" ", "\t", "\n", "\r", "\x1c", "\x85", "\u2028", "\u00a0"]
)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(_PLURAL_PIECES, max_size=14).map("".join))
def test_split_plural_forms_reads_as_the_pattern(value: str) -> None:
    """split_plural_forms, linear, reads what the (cubic) pattern gettext's syntax is
    written in reads, including the head of any value that starts with one."""
    for text in (value, "nplurals=2; plural=" + value, " nplurals = 1 ;plural=" + value):
        match = plurals._PLURAL_FORMS.match(text)
        assert plurals.split_plural_forms(text) == (match.groups() if match else None)
