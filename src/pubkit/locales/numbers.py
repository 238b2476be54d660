"""How each language writes numbers: its digit group separators and decimal sign (CLDR via
Babel), as check reads them; the spaces it prints in numbers are typography's."""

from __future__ import annotations

from functools import cache

from pubkit.locales.typography import NBSP, NNBSP, conventions

SPACES = (" ", NBSP, NNBSP)
"""Group separators typed in languages that group digits with spaces (French conventions)."""


@cache
def separators(lang: str) -> tuple[frozenset[str], str]:
    """The group separators and the decimal sign of ``lang``, from CLDR via Babel.

    Languages that print digit groups with spaces (see :mod:`pubkit.locales.typography`) also
    accept a plain space, a no-break space and a narrow no-break space as group separators,
    whatever CLDR's own symbol is: translators type any of them.
    """
    from babel import UnknownLocaleError  # Babel only when numbers are read
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = lang.replace("-", "_")
    try:
        group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    except (UnknownLocaleError, ValueError):
        group, decimal = ",", "."
    groups = {group}
    if group.isspace() or conventions(lang).group_digits:
        groups.update(SPACES)
    groups.discard(decimal)
    return frozenset(groups), decimal
