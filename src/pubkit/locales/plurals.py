"""gettext Plural-Forms: pubkit's own table of conventions, read as gettext reads them."""

from __future__ import annotations

import functools
import gettext
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pubkit.errors import PubkitError

TABLE = Path(__file__).parent / "data" / "plural_forms.json"
"""Made by data/generate_plural_forms.py; read at run time, so the Plural-Forms that init
writes and check accepts for a language in it do not change with the installed Babel."""

MAX_NPLURALS = 20
"""More forms than any language has (CLDR's most is 6). nplurals is checked against it
before anything is sized by it: a 20-digit nplurals would otherwise make check allocate
a list that long."""

SAMPLE: tuple[int, ...] = (
    *range(1002),
    *(10**k for k in range(4, 10)),
    1_000_001,
    2_000_000,
)
"""The counts on which two formulas must agree to be the same convention: the rules of
CLDR and gettext look at n, n % 10, n % 100 and n % 1000000, so 0 to 1001 and a few
large round numbers (CLDR's 'many' for a million in French) tell them apart."""

_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
"""What gettext reads, as a pattern: :func:`split_plural_forms` reads the same, linearly
(the lazy expression before "\\s*;?\\s*$" made the pattern cubic in a run of spaces)."""
_PLURAL_HEAD = re.compile(r"\s*+nplurals\s*+=\s*+(\d++)\s*+;\s*+plural\s*+=")


def split_plural_forms(value: str) -> tuple[str, str] | None:
    """The nplurals digits and the plural expression of ``value``, as ``_PLURAL_FORMS``
    reads them (its groups), or None where it does not match."""
    head = _PLURAL_HEAD.match(value)
    if head is None:
        return None
    tail = value[head.end() :]
    expression = tail.lstrip().rstrip()
    if expression:  # the shortest expression: a final ";" and the spaces around it are not
        shorter = expression[:-1].rstrip() if expression.endswith(";") else ""
        expression = shorter or expression
    else:  # only spaces: the expression is one of them, the last that is not "\n"
        expression = tail.rstrip("\n")[-1:]
    if not expression or "\n" in expression:  # "." matches anything but "\n"
        return None
    return head.group(1), expression


@dataclass(frozen=True)
class PluralForms:
    """A Plural-Forms value as gettext reads it: its nplurals and the form it chooses
    for each count of :data:`SAMPLE`, or the problem that makes it unusable."""

    nplurals: int | None
    """None when missing or outside 1..MAX_NPLURALS."""
    forms: tuple[int, ...] | None
    problem: str | None

    def same_as(self, other: PluralForms) -> bool:
        """Both usable and choosing the same form for every count, whatever their spelling."""
        return self.forms is not None and (self.nplurals, self.forms) == (
            other.nplurals,
            other.forms,
        )


@functools.lru_cache(maxsize=512)
def read_plural_forms(value: str) -> PluralForms:
    """``value`` read and tried on every count of :data:`SAMPLE`, as msgfmt tries it:
    never raises. Memoised, since many catalogs share one formula."""
    parts = split_plural_forms(value)
    if parts is None:
        return PluralForms(None, None, "expected 'nplurals=N; plural=EXPRESSION;'")
    digits, expression = parts
    significant = digits.lstrip("0") or "0"  # bounded before int(): 5,000 digits raise
    if len(significant) > len(str(MAX_NPLURALS)) or not 1 <= int(significant) <= MAX_NPLURALS:
        shown = digits if len(digits) <= 12 else digits[:12] + "…"
        return PluralForms(None, None, f"nplurals={shown} is not between 1 and {MAX_NPLURALS}")
    nplurals = int(significant)
    try:
        choose = gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError, MemoryError) as exc:
        return PluralForms(nplurals, None, f"the plural expression cannot be read: {exc}")
    forms = []
    for n in SAMPLE:
        try:
            form = choose(n)
        except ZeroDivisionError:
            return PluralForms(nplurals, None, f"the plural expression divides by zero for n={n}")
        except (ArithmeticError, RecursionError, MemoryError) as exc:
            return PluralForms(nplurals, None, f"the plural expression fails for n={n}: {exc}")
        if not 0 <= form < nplurals:
            return PluralForms(
                nplurals,
                None,
                f"nplurals={nplurals} but the plural expression gives {form} for n={n} "
                f"(a form from 0 to {nplurals - 1})",
            )
        forms.append(form)
    return PluralForms(nplurals, tuple(forms), None)


# -- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Convention:
    """A Plural-Forms formula in use for a language, and who writes it."""

    formula: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class LanguagePlurals:
    """One language of the table: the formula init writes (GNU gettext's where gettext
    has one, else CLDR's) and every convention check recognises, that one first."""

    init: str
    conventions: tuple[Convention, ...]


@functools.cache
def table() -> dict[str, LanguagePlurals]:
    """The shipped table, by language code as gettext writes it ('pt_BR')."""
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    return {
        code: LanguagePlurals(
            init=entry["init"],
            conventions=tuple(
                Convention(formula, tuple(sources))
                for formula, sources in entry["conventions"].items()
            ),
        )
        for code, entry in data["languages"].items()
    }


def table_entry(lang: str) -> LanguagePlurals | None:
    """The table's entry for ``lang``, else for its less specific codes (sr_Latn_RS,
    sr_Latn, sr): how msginit looks a language up in gettext's table."""
    parts = lang.replace("-", "_").split("_")
    entries = table()
    for end in range(len(parts), 0, -1):
        entry = entries.get("_".join(parts[:end]))
        if entry is not None:
            return entry
    return None


def plural_forms(lang: str) -> str:
    """The Plural-Forms that init writes for ``lang``: the table's, the same whatever Babel
    is installed; for a language not in it, what the installed Babel derives."""
    entry = table_entry(lang)
    return entry.init if entry is not None else babel_plural_forms(lang)


def babel_plural_forms(lang: str) -> str:
    """The gettext Plural-Forms of ``lang`` as the installed Babel derives them: its table,
    else CLDR's rule, which gettext cannot read when it uses CLDR's compact-number
    operands (e, c). PubkitError when Babel knows no such language or cannot derive it."""
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
    if read_plural_forms(derived).problem is not None:
        raise PubkitError(
            f"language {lang!r}: its plural rule in CLDR (Babel {babel.__version__}) uses "
            "operands gettext cannot express, so pubkit cannot derive its Plural-Forms"
        )
    return derived


@functools.lru_cache(maxsize=64)
def conventions(lang: str) -> tuple[Convention, ...]:
    """Every Plural-Forms convention recognised for ``lang``: the table's (gettext's and
    CLDR's, old and new), then what the installed Babel derives if it is none of them."""
    entry = table_entry(lang)
    known = list(entry.conventions) if entry is not None else []
    try:
        derived = babel_plural_forms(lang)
    except PubkitError:
        return tuple(known)
    readable = read_plural_forms(derived)
    if not any(readable.same_as(read_plural_forms(c.formula)) for c in known):
        import babel

        known.append(Convention(derived, (f"Babel {babel.__version__}, installed",)))
    return tuple(known)


@functools.lru_cache(maxsize=256)
def recognised(value: str, lang: str) -> Convention | None:
    """The convention of ``lang`` that ``value`` is equivalent to, or None. Memoised by
    formula and language: the catalogs of a project share a few formulas."""
    readable = read_plural_forms(value)
    return next(
        (c for c in conventions(lang) if readable.same_as(read_plural_forms(c.formula))), None
    )
