"""Typographic conventions per language, from data: quotation marks and letter apostrophes
(CLDR, ``data/typography.json``), punctuation spacing (the curated part of that table),
digit grouping and the space before ``%`` (CLDR via Babel, :func:`number_spaces`)
and hyphenation (pyphen's dictionaries, :mod:`pubkit.locales.hyphenation`)."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space

TABLE = Path(__file__).parent / "data" / "typography.json"
"""Made by data/generate_typography.py from CLDR's delimiters, with a few curated facts
(French spacing) that CLDR does not hold, each with its source."""


class NeutralTypography(UserWarning):
    """A language pubkit has no typographic data for: it is printed with neutral rules.
    Issued once per language and process (:func:`conventions` is memoised)."""


@dataclass(frozen=True)
class Conventions:
    """How one language prints quotations, apostrophes, spaces and numbers."""

    quotes: tuple[str, str]
    inner_quotes: tuple[str, str]
    french_spacing: bool
    """A narrow no-break space before ; ! ? and inside « », a no-break space before :."""
    group: str | None = None
    """The space printed between digit groups ('20 000' typed with any space), or None:
    digit groups print as typed."""
    percent: str | None = None
    """The space printed between a number and % when one is typed, or None: as typed."""
    apostrophe: str = "’"
    """What a ' typed between two letters prints: ’, or the letter ʼ (U+02BC) where the
    language's alphabet has it (Hausa)."""
    hyphenation: str | None = None
    """The pyphen dictionary that hyphenates the language (WeasyPrint's), or None."""
    known: bool = True
    """False when pubkit has no data for the language and prints it with neutral rules."""
    source: str = ""

    @property
    def group_digits(self) -> bool:
        """Whether digit groups print with a space (and any space typed is one)."""
        return self.group is not None


@cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TABLE.read_text(encoding="utf-8"))
    return data


def table_entry(lang: str) -> dict[str, str] | None:
    """The table's entry for ``lang``, else for its less specific codes (pt_PT, pt)."""
    parts = lang.replace("-", "_").split("_")
    languages = _table()["languages"]
    for end in range(len(parts), 0, -1):
        entry: dict[str, str] | None = languages.get("_".join(parts[:end]))
        if entry is not None:
            return entry
    return None


def marks(lang: str) -> dict[str, str]:
    """The table's facts of ``lang`` alone (marks, apostrophe, spacing), the neutral ones
    if it has none: no Babel, no pyphen, no warning (what a renderer's process needs)."""
    entry = table_entry(lang)
    return entry if entry is not None else dict(_table()["neutral"])


@cache
def conventions(lang: str) -> Conventions:
    """The conventions of ``lang`` (``fr-CA`` as CLDR's fr_CA, else as fr). A language the
    table does not know is printed with neutral rules, and a :class:`NeutralTypography`
    warning says so, once."""
    from pubkit.locales.hyphenation import dictionary

    entry = table_entry(lang)
    known = entry is not None
    if entry is None:
        warnings.warn(neutral_message(lang), NeutralTypography, stacklevel=2)
    entry = marks(lang)
    group, percent = number_spaces(entry.get("numbers", lang)) if known else (None, None)
    french = entry.get("spacing") == "french"
    return Conventions(
        quotes=(entry["quotes"][0], entry["quotes"][1]),
        inner_quotes=(entry["inner"][0], entry["inner"][1]),
        french_spacing=french,
        group=group,
        # French spacing sets a narrow no-break space before % too, as pubkit always has
        # (CLDR's French percent pattern has a no-break space)
        percent=NNBSP if french else percent,
        apostrophe=entry.get("apostrophe", "’"),
        hyphenation=dictionary(lang),
        known=known,
        source=entry["source"],
    )


def neutral_message(lang: str) -> str:
    """What pubkit says of a language it has no typographic data for."""
    neutral = _table()["neutral"]
    quotes, inner = neutral["quotes"], neutral["inner"]
    return (
        f"no typographic conventions for {lang!r} in {_table()['cldr']}: it is printed "
        f"with neutral rules (quotation marks {quotes[0]} {quotes[1]} and {inner[0]} "
        f"{inner[1]}, no space before punctuation, digits as typed)"
    )


@cache
def number_spaces(lang: str) -> tuple[str | None, str | None]:
    """The space ``lang`` prints between digit groups and the one before %, from CLDR via
    Babel (French: a narrow no-break space for both; German: none, and a no-break space
    before %); None where the language prints none, or CLDR does not know it."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_group_symbol

    locale = lang.replace("-", "_")
    try:
        group = get_group_symbol(locale)
        pattern = Locale.parse(locale).percent_formats[None].pattern
    except (UnknownLocaleError, ValueError, KeyError):
        return None, None
    before = pattern.split(";")[0].rstrip("%")
    percent = before[-1] if pattern.split(";")[0].endswith("%") and before[-1:].isspace() else None
    return (group if group.isspace() else None), percent


# Languages that capitalise every noun: there a capital letter does not mark a name
# (pubkit.render.breaks keeps names whole).
NOUN_CAPITALISING = frozenset({"de", "lb", "gsw", "nds", "bar"})


def capitalises_nouns(lang: str) -> bool:
    """Whether ``lang`` writes its common nouns with a capital letter (German does)."""
    return lang.replace("-", "_").split("_")[0].lower() in NOUN_CAPITALISING
