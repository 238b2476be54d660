"""Typographic conventions per language: quotation marks, French spacing, digit grouping."""

from __future__ import annotations

from dataclasses import dataclass

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space


@dataclass(frozen=True)
class Conventions:
    """How one language prints quotations and spaces punctuation."""

    quotes: tuple[str, str]
    inner_quotes: tuple[str, str]
    french_spacing: bool
    group_digits: bool


CONVENTIONS = {
    "en": Conventions(("“", "”"), ("‘", "’"), french_spacing=False, group_digits=False),
    "fr": Conventions(("«", "»"), ("“", "”"), french_spacing=True, group_digits=True),
    # Bambara print in Mali follows French conventions for quotation and spacing.
    "bm": Conventions(("«", "»"), ("“", "”"), french_spacing=True, group_digits=True),
}
# A language missing from the table is printed with English conventions, silently: this
# is the one place that decides it (the renderer's typography and check's typography and
# number rules all ask conventions()).
DEFAULT = CONVENTIONS["en"]


def conventions(lang: str) -> Conventions:
    """The conventions of ``lang``'s base language (fr-CA as fr); English's if unknown."""
    return CONVENTIONS.get(lang.split("-")[0].split("_")[0], DEFAULT)


# Languages that capitalise every noun: there a capital letter does not mark a name
# (pubkit.render.breaks keeps names whole).
NOUN_CAPITALISING = frozenset({"de", "lb", "gsw", "nds", "bar"})


def capitalises_nouns(lang: str) -> bool:
    """Whether ``lang`` writes its common nouns with a capital letter (German does)."""
    return lang.split("-")[0].split("_")[0].lower() in NOUN_CAPITALISING
