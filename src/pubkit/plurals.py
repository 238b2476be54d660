"""gettext Plural-Forms: derived from CLDR by Babel, read as gettext reads them."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable

from pubkit.errors import PubkitError

_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


def parse_plural_forms(value: str) -> tuple[int, Callable[[int], int]]:
    """nplurals and the plural function of a Plural-Forms value; ValueError or
    SyntaxError when gettext could not read it."""
    match = _PLURAL_FORMS.match(value)
    if match is None:
        raise ValueError("expected 'nplurals=N; plural=EXPRESSION;'")
    return int(match.group(1)), gettext.c2py(match.group(2))


def plural_forms(lang: str) -> str:
    """The gettext Plural-Forms of ``lang``: Babel's table, else derived from CLDR's rule,
    which gettext cannot read when it uses CLDR's compact-number operands (e, c)."""
    import babel
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import PLURALS
    from babel.plural import to_gettext

    base = lang.replace("-", "_")
    for code in (base, base.split("_")[0]):
        if code in PLURALS:
            count, expression = PLURALS[code]
            return f"nplurals={count}; plural={expression};"
    try:
        rule = Locale.parse(base).plural_form
    except (UnknownLocaleError, ValueError):
        raise PubkitError(f"unknown language code {lang!r} (not in CLDR)") from None
    if set(rule.tags) <= {"other"}:
        return "nplurals=1; plural=0;"
    derived = to_gettext(rule).strip()
    try:
        parse_plural_forms(derived)
    except (ValueError, SyntaxError, RecursionError):
        raise PubkitError(
            f"language {lang!r}: its plural rule in CLDR (Babel {babel.__version__}) uses "
            "operands gettext cannot express, so pubkit cannot derive its Plural-Forms"
        ) from None
    return derived
