"""Regenerates plural_forms.json from GNU gettext's table and the importable Babel's CLDR.

The table is what pubkit reads at run time (pubkit.locales.plurals), so that the Plural-Forms
init writes, and those check accepts, do not move with the installed Babel. For each
language it holds:

- ``init``: the formula init writes. GNU gettext's where gettext's own table has one
  (what msginit writes; French ``nplurals=2; plural=(n > 1);``), else CLDR's as Babel
  derives it (its table, else ``babel.plural.to_gettext``), as pubkit derived it before.
  Once a language is in the table its ``init`` never changes: a run only adds.
- ``conventions``: every formula recognised for the language, each with who writes it:
  gettext, Babel's table, CLDR's rule through Babel, and, where that rule uses CLDR's
  compact-number exponent (operands e and c, which gettext cannot express), the same
  rule for the plain integers gettext counts, for which e = c = 0.

A run reads the existing file and adds what the importable Babel knows, so conventions
of older Babels and CLDRs stay recognised. The committed file was made with Babel 2.19.0
(CLDR 49, the installed one: it fixed ``init``), then 2.14.0 to 2.18.0, each unpacked
from its wheel::

    .venv/bin/python src/pubkit/data/generate_plural_forms.py
    .venv/bin/pip download --no-deps -d /tmp/wheels babel==2.14.0
    unzip -q /tmp/wheels/Babel-2.14.0-py3-none-any.whl -d /tmp/babel-2.14.0
    PYTHONPATH=/tmp/babel-2.14.0 .venv/bin/python src/pubkit/data/generate_plural_forms.py

``--compare-msginit`` also asks the msginit on PATH what it writes for each language
of gettext's table and reports any difference (msginit 0.21 lacks only Catalan).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pubkit.locales.plurals import TABLE, read_plural_forms

GETTEXT_SOURCE = (
    "GNU gettext, gettext-tools/src/plural-table.c (Copyright 2001-2025), "
    "the formulas msginit writes"
)
GETTEXT: dict[str, str] = {
    "ja": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "sv": "nplurals=2; plural=(n != 1);",
    "da": "nplurals=2; plural=(n != 1);",
    "no": "nplurals=2; plural=(n != 1);",
    "nb": "nplurals=2; plural=(n != 1);",
    "nn": "nplurals=2; plural=(n != 1);",
    "fo": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "bg": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);",
    "et": "nplurals=2; plural=(n != 1);",
    "he": "nplurals=2; plural=(n != 1);",
    "eo": "nplurals=2; plural=(n != 1);",
    "hu": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ca": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    **dict.fromkeys(
        ("ru", "uk", "be", "sr", "hr"),
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}
GETTEXT_LABEL = "GNU gettext"

_COMPACT_EXPONENT = re.compile(r"\b[ec]\b")


def gettext_formula(code: str) -> str | None:
    """gettext's formula for ``code``, looked up as msginit does: the code, else its language."""
    return GETTEXT.get(code) or GETTEXT.get(code.split("_")[0])


def babel_formulas() -> dict[str, list[tuple[str, str]]]:
    """(formula, source) of every language the importable Babel knows: its table's, CLDR's
    rule, and that rule for integers when it uses the compact-number exponent. Codes with
    a region or script only where CLDR's rule differs from their language's (pt_PT)."""
    import babel
    from babel import Locale, localedata
    from babel.messages.plurals import PLURALS
    from babel.plural import to_gettext

    version = babel.__version__
    try:
        from babel.core import get_cldr_version  # Babel >= 2.18

        cldr = f"CLDR {get_cldr_version()}"
    except ImportError:
        cldr = "CLDR"
    found: dict[str, list[tuple[str, str]]] = {}
    for code, (count, expression) in PLURALS.items():
        found.setdefault(code, []).append(
            (f"nplurals={count}; plural={expression};", f"Babel {version} table")
        )
    rules: dict[str, Any] = {}
    for identifier in localedata.locale_identifiers():
        if identifier == "root":
            continue
        try:
            rules[identifier] = Locale.parse(identifier).plural_form
        except (ValueError, LookupError):
            continue
    for code, rule in rules.items():
        language = code.split("_")[0]
        if code != language and language in rules and rules[language].rules == rule.rules:
            continue
        source = f"{cldr} (Babel {version})"
        if set(rule.tags) <= {"other"}:
            found.setdefault(code, []).append(("nplurals=1; plural=0;", source))
            continue
        derived = to_gettext(rule).strip()
        if read_plural_forms(derived).problem is None:
            found.setdefault(code, []).append((derived, source))
            continue
        integers = _COMPACT_EXPONENT.sub("0", derived)
        if read_plural_forms(integers).problem is None:
            found.setdefault(code, []).append((integers, f"{source}, integers (e = c = 0)"))
    return found


def merge(old: dict[str, Any], found: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """The table ``old`` with what ``found`` adds: new languages, new conventions and new
    sources of known ones. Nothing is removed and no ``init`` changes."""
    languages: dict[str, Any] = {
        code: {"init": entry["init"], "conventions": dict(entry["conventions"])}
        for code, entry in old.get("languages", {}).items()
    }
    for code in sorted({*found, *GETTEXT}):
        candidates = list(found.get(code, []))
        gettext_own = gettext_formula(code)
        if gettext_own is not None:
            candidates.insert(0, (gettext_own, GETTEXT_LABEL))
        entry = languages.get(code)
        if entry is None:
            # init: gettext's, else Babel's table or CLDR's rule, never an integer-only
            # reading of a rule gettext cannot express (pubkit has refused those).
            init = next((f for f, source in candidates if "integers" not in source), None)
            if init is None:
                continue
            entry = languages[code] = {"init": init, "conventions": {}}
        conventions: dict[str, list[str]] = entry["conventions"]
        for formula, source in [(entry["init"], None), *candidates]:
            readable = read_plural_forms(formula)
            if readable.problem is not None:
                raise SystemExit(f"{code}: {formula!r}: {readable.problem}")
            same = next((f for f in conventions if readable.same_as(read_plural_forms(f))), formula)
            sources = conventions.setdefault(same, [])
            if source is not None and source not in sources:
                sources.append(source)
    _shortest_spellings(languages)
    made_with = list(old.get("made_with", []))
    return {
        "about": (
            "Plural-Forms per language: 'init' is what pubkit init writes, 'conventions' "
            "what pubkit check recognises, with who writes each. Made by "
            "generate_plural_forms.py; do not edit by hand."
        ),
        "gettext": GETTEXT_SOURCE,
        "made_with": made_with,
        "languages": dict(sorted(languages.items())),
    }


def _shortest_spellings(languages: dict[str, Any]) -> None:
    """Each convention but ``init`` spelled as the shortest equivalent formula of the
    table: CLDR's rule for integers reads as the formula Babel's table has for it."""
    shortest: dict[tuple[int | None, tuple[int, ...] | None], str] = {}
    for entry in languages.values():
        for formula in entry["conventions"]:
            readable = read_plural_forms(formula)
            key = (readable.nplurals, readable.forms)
            best = shortest.get(key)
            if best is None or (len(formula), formula) < (len(best), best):
                shortest[key] = formula
    for entry in languages.values():
        renamed: dict[str, list[str]] = {}
        for formula, sources in entry["conventions"].items():
            readable = read_plural_forms(formula)
            spelling = formula
            if formula != entry["init"]:
                spelling = shortest[(readable.nplurals, readable.forms)]
            renamed[spelling] = sources
        entry["conventions"] = renamed


def compare_msginit() -> list[str]:
    """Where the msginit on PATH writes another formula than GETTEXT says, or none."""
    msginit = shutil.which("msginit")
    if msginit is None:
        return ["msginit is not installed"]
    differences = []
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "t.pot"
        pot.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "a"\nmsgstr ""\n'
        )
        for code, formula in GETTEXT.items():
            result = subprocess.run(
                [msginit, "--no-translator", "-i", str(pot), "-l", code, "-o", "-"],
                capture_output=True,
                text=True,
                check=False,
            )
            written = re.search(r"Plural-Forms: (.*?)\\n", result.stdout.replace('"\n"', ""))
            if written is None or written.group(1) != formula:
                shown = written.group(1) if written else "no Plural-Forms"
                differences.append(f"{code}: msginit writes {shown!r}, the table {formula!r}")
    return differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=TABLE)
    parser.add_argument("--compare-msginit", action="store_true")
    args = parser.parse_args()
    if args.compare_msginit:
        for line in compare_msginit():
            print(line)
    import babel

    old = json.loads(args.output.read_text(encoding="utf-8")) if args.output.exists() else {}
    table = merge(old, babel_formulas())
    try:
        from babel.core import get_cldr_version

        made = f"Babel {babel.__version__} (CLDR {get_cldr_version()})"
    except ImportError:
        made = f"Babel {babel.__version__}"
    if made not in table["made_with"]:
        table["made_with"].append(made)
    text = json.dumps(table, ensure_ascii=False, indent=1) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(table['languages'])} languages ({made})", file=sys.stderr)


if __name__ == "__main__":
    main()
