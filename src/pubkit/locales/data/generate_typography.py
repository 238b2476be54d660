"""Regenerates typography.json, the quotation marks of every CLDR locale, from CLDR's JSON.

pubkit reads the table at run time (pubkit.locales.typography): Babel, which reads the
rest of CLDR for pubkit, does not keep CLDR's ``delimiters``. For each locale the table
holds:

- ``quotes`` and ``inner``: CLDR's ``quotationStart``/``quotationEnd`` and
  ``alternateQuotationStart``/``alternateQuotationEnd`` (main/<locale>/delimiters.json);
- ``apostrophe``: ``ʼ`` (U+02BC MODIFIER LETTER APOSTROPHE) where CLDR's exemplar
  characters of the locale (main/<locale>/characters.json) count it as a letter (Hausa
  ``jamaʼa``, Ukrainian, Breton), so that a ``'`` typed inside a word prints as that
  letter rather than as the punctuation mark ``’``;
- ``spacing``: ``"french"`` where the language sets a space before ``; : ! ?`` and
  inside ``« »``. CLDR has no such data: these come from :data:`CURATED` below, each with
  its source, and so do the few places where pubkit departs from CLDR;
- ``numbers``: the language whose number symbols (digit grouping, the space before
  ``%``) the language follows when not its own (Bambara, French's);
- ``source``: where the entry comes from.

A locale is written only where it differs from its parent by truncation (``fr_CA`` from
``fr``), which is how the table is read. The committed file was made from the npm package
``cldr-misc-full`` 48.2.0 (CLDR 48, Unicode licence), packed by npm without installing::

    cd "$(mktemp -d)" && npm pack cldr-misc-full@48.2.0
    .venv/bin/python src/pubkit/locales/data/generate_typography.py \\
        "$OLDPWD/…/cldr-misc-full-48.2.0.tgz"     # the .tgz npm pack wrote

Wolof (wo) and Hausa (ha) are CLDR's: “ ” and ‘ ’ in both, which R. Ishida's
orthography notes (W3C, r12a.github.io/scripts/latn/wo and …/ha) also give, with ASCII
punctuation and no space before it; Hausa's exemplar characters hold ʼ.
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from pathlib import Path
from typing import Any

TABLE = Path(__file__).parent / "typography.json"

FRENCH_SPACING = (
    "a narrow no-break space before ; ! ? and inside « », a no-break space before : "
    "(and, as pubkit always printed it, a narrow one before %: CLDR has a no-break space) "
    "(Lexique des règles typographiques en usage à l'Imprimerie nationale, 2002)"
)
CURATED: dict[str, dict[str, str]] = {
    "fr": {
        "inner": "“”",
        "spacing": "french",
        "source": (
            "CLDR {cldr}; inner marks “ ” (CLDR gives « » again): the guillemets anglais "
            "that French typography uses for a quotation within a quotation, as pubkit "
            "always printed them; spacing: " + FRENCH_SPACING
        ),
    },
    "bm": {
        "spacing": "french",
        "numbers": "fr",
        "source": (
            "CLDR {cldr}; spacing and digit grouping as French: Bambara as printed in "
            "Mali follows French typography (pubkit's convention since its first "
            "publication, whose Bambara edition is set so)"
        ),
    },
}
"""What CLDR does not say, or where pubkit departs from it, per language, with why."""

NEUTRAL = {
    "quotes": "“”",
    "inner": "‘’",
    "source": "CLDR root's quotation marks; no space before punctuation; digits as typed",
}
"""The rules of a language CLDR has no data for (printed so, and pubkit says so)."""


def read_cldr(tarball: Path) -> tuple[str, dict[str, dict[str, str]]]:
    """CLDR's version and, per locale (``pt_PT``), its marks and apostrophe."""
    locales: dict[str, dict[str, str]] = {}
    with tarfile.open(tarball) as archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}

        def load(name: str) -> Any:
            handle = archive.extractfile(members[name])
            assert handle is not None
            return json.loads(handle.read().decode("utf-8"))

        package = load("package/package.json")
        for name in sorted(members):
            parts = name.split("/")
            if len(parts) != 4 or parts[1] != "main" or parts[3] != "delimiters.json":
                continue
            locale = parts[2]
            marks = load(name)["main"][locale]["delimiters"]
            entry = {
                "quotes": marks["quotationStart"] + marks["quotationEnd"],
                "inner": marks["alternateQuotationStart"] + marks["alternateQuotationEnd"],
            }
            characters = f"package/main/{locale}/characters.json"
            if characters in members:
                exemplars = load(characters)["main"][locale]["characters"]
                if "ʼ" in exemplars.get("exemplarCharacters", ""):
                    entry["apostrophe"] = "ʼ"
            locales[locale.replace("-", "_")] = entry
    return str(package["cldrVersion"]), locales


def resolve(cldr: str, locales: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each locale's entry: CLDR's, with :data:`CURATED` laid over it; then only the
    entries that differ from their parent by truncation.

    A regional variant (``fr_CA``) takes its language's curated spacing and numbers,
    which CLDR does not give, and its curated marks only where CLDR gives the variant
    the same marks as its language."""
    complete: dict[str, dict[str, str]] = {}
    for code, cldr_entry in locales.items():
        entry = {**cldr_entry, "source": f"CLDR {cldr}"}
        parts = code.split("_")
        owner = next(
            (
                "_".join(parts[:n])
                for n in range(len(parts), 0, -1)
                if "_".join(parts[:n]) in CURATED
            ),
            None,
        )
        if owner is not None:
            curated = dict(CURATED[owner])
            own_marks = all(cldr_entry[k] == locales[owner][k] for k in ("quotes", "inner"))
            if owner != code and not own_marks:
                curated = {k: v for k, v in curated.items() if k not in ("quotes", "inner")}
                curated["source"] = f"CLDR {{cldr}}; spacing and numbers as {owner} (see there)"
            entry.update({k: v.format(cldr=cldr) for k, v in curated.items()})
        complete[code] = entry
    table = {}
    for code, entry in sorted(complete.items()):
        parent = complete.get(code.rsplit("_", 1)[0]) if "_" in code else None
        if parent != entry:
            table[code] = entry
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tarball", type=Path, help="cldr-misc-full-<version>.tgz (npm pack)")
    args = parser.parse_args(argv)
    cldr, locales = read_cldr(args.tarball)
    table = resolve(cldr, locales)
    data = {
        "about": (
            "Quotation marks, letter apostrophe, punctuation spacing per locale, by "
            "truncation (fr_CA, else fr). Made by generate_typography.py; do not edit by hand."
        ),
        "cldr": f"CLDR {cldr} (npm package cldr-misc-full, Unicode licence)",
        "neutral": NEUTRAL,
        "languages": table,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    TABLE.write_text(text, encoding="utf-8")
    print(f"{TABLE.name}: {len(table)} of {len(locales)} CLDR locales", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
