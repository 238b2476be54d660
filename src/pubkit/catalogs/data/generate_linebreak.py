"""Regenerates linebreak.txt, the UAX #14 line-break classes libunistring 1.0 gives msgcat.

GNU msgcat 0.21 wraps strings with libunistring's ``ulc_width_linebreaks_v2`` (Debian 12
links gettext 0.21 to libunistring 1.0, which implements Unicode 14.0.0). pubkit's line
breaker (pubkit.catalogs.linebreak) reads the classes from the committed linebreak.txt,
so it needs neither libunistring nor the Unicode data at run time. The file holds, for
every code point of Unicode 14.0.0 whose class is not XX, the class in libunistring's
own table, as ranges ``FIRST..LAST CLASS`` (code points not listed are XX).

The classes come from Unicode's LineBreak.txt, with what libunistring 1.0 does to it:

- Characters that Unicode 14.0.0 had not assigned yet (Python 3.11's ``unicodedata`` is
  Unicode 14.0.0) take LineBreak.txt's defaults for unassigned code points (ID in the
  CJK blocks, planes 2 and 3 and the emoji ranges of plane 1; PR in Currency Symbols;
  XX elsewhere), whatever a later LineBreak.txt gives them.
- ``UNICODE_14_VALUES``: characters whose class a later Unicode changed.
- libunistring splits some classes in two for the rules of UAX #14 that look at East
  Asian width: OP (and CP) of width W, F or H become OP2 (CP2), the others OP1 (CP1);
  ID becomes ID2 for the unassigned code points of plane 1's emoji ranges (potential
  future emoji, which LB30b treats like Extended_Pictographic), ID1 for the others.
  NL becomes BK and CJ becomes NS, as UAX #14 resolves them.

AI, SA, XX and CB stay in the file: the line breaker resolves them as libunistring does
for UTF-8 (AI, SA, XX to AL; CB to ID1).

The committed file was made from Debian 12's ``unicode-data`` package (15.0.0-1, which
installs LineBreak-15.0.0 as /usr/share/unicode/LineBreak.txt; the three characters of
``UNICODE_14_VALUES`` are the only ones assigned in 14.0.0 whose class 15.0.0 changed, as
Perl 5.36's Unicode 14.0.0 tables confirm)::

    apt-get install unicode-data
    .venv/bin/python src/pubkit/catalogs/data/generate_linebreak.py --check

``--check`` then compares every code point with the table compiled into the
libunistring on this machine (as the tests do) and fails on any difference.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

OUTPUT = Path(__file__).with_name("linebreak.txt")
DEFAULT_SOURCE = Path("/usr/share/unicode/LineBreak.txt")
UNICODE_VERSION = "14.0.0"

# LineBreak.txt's defaults for unassigned code points (its header says them in words).
_ID_DEFAULTS = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
    (0x1F000, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
)
_PR_DEFAULT = (0x20A0, 0x20CF)

UNICODE_14_VALUES = {
    0x1DCD: "CM",  # COMBINING DOUBLE CIRCUMFLEX ABOVE: GL from Unicode 15.0
    0x1DFC: "CM",  # COMBINING DOUBLE INVERTED BREVE BELOW: GL from Unicode 15.0
    0x2057: "AL",  # QUADRUPLE PRIME: PO from Unicode 15.0
}
_RESOLVED = {"NL": "BK", "CJ": "NS"}

# libunistring 1.0's enum of classes (lib/unilbrk/lbrktables.h): the index of each name.
# fmt: off
LIBUNISTRING_CLASSES = (
    "WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP1", "CP2", "EX", "IN", "NS", "OP1", "OP2",
    "QU", "IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID1", "ID2", "JL", "JV", "JT",
    "HL", "RI", "ZWJ", "EB", "EM", "BK", "CR", "LF", "CM", "ZW", "SP", "CB", "AI", "SA", "XX",
)
# fmt: on


def _surrogate(cp: int) -> bool:
    return 0xD800 <= cp <= 0xDFFF


def read_line_break_txt(path: Path) -> dict[int, str]:
    """LineBreak.txt's explicit entries (code points it does not list are XX)."""
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = line.partition("#")[0].strip()
        if not data:
            continue
        span, value = (field.strip() for field in data.split(";"))
        first, _, last = span.partition("..")
        for cp in range(int(first, 16), int(last or first, 16) + 1):
            table[cp] = value
    return table


def libunistring_class(cp: int, line_break_txt: dict[int, str]) -> str:
    """The class libunistring 1.0 has for ``cp``, from a LineBreak.txt of 14.0.0 or later."""
    unassigned = unicodedata.category(chr(cp)) == "Cn"
    if unassigned:
        if any(first <= cp <= last for first, last in _ID_DEFAULTS):
            return "ID2" if 0x1F000 <= cp <= 0x1FFFD else "ID1"
        return "PR" if _PR_DEFAULT[0] <= cp <= _PR_DEFAULT[1] else "XX"
    value = UNICODE_14_VALUES.get(cp) or line_break_txt.get(cp, "XX")
    value = _RESOLVED.get(value, value)
    if value in ("OP", "CP"):
        wide = unicodedata.east_asian_width(chr(cp)) in ("W", "F", "H")
        return value + ("2" if wide else "1")
    return "ID1" if value == "ID" else value


def ranges(classes: Callable[[int], str]) -> Iterator[tuple[int, int, str]]:
    """Maximal runs of one class over every code point (surrogates count as XX)."""
    start, current = 0, classes(0)
    for cp in range(1, 0x110000):
        value = "XX" if _surrogate(cp) else classes(cp)
        if value != current:
            yield start, cp - 1, current
            start, current = cp, value
    yield start, 0x10FFFF, current


def render(source: Path, line_break_txt: dict[int, str]) -> str:
    header = source.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    lines = [
        "# UAX #14 line-break classes of libunistring 1.0 (Unicode 14.0.0), which msgcat 0.21",
        "# wraps with. Made by generate_linebreak.py from " + header + "; do not edit.",
        "# FIRST..LAST CLASS; code points not listed are XX.",
    ]
    for first, last, value in ranges(lambda cp: libunistring_class(cp, line_break_txt)):
        if value != "XX":
            span = f"{first:04X}" if first == last else f"{first:04X}..{last:04X}"
            lines.append(f"{span} {value}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# libunistring itself, for --check and for the tests.
# ---------------------------------------------------------------------------


def load_libunistring() -> ctypes.CDLL:
    """The libunistring that msgcat uses (a dependency of Debian's gettext package)."""
    name = ctypes.util.find_library("unistring") or "libunistring.so.2"
    try:
        return ctypes.CDLL(name)
    except OSError as error:
        raise RuntimeError(
            f"libunistring is not installed ({error}); it comes with GNU gettext "
            "(apt-get install gettext)"
        ) from error


def libunistring_table(lib: ctypes.CDLL) -> Callable[[int], str]:
    """The class lookup compiled into libunistring 1.0 (``unilbrkprop_lookup``).

    Its table is the three-level one of lbrkprop1.h: 15 ``int`` entries for the planes,
    then 4 × 512 ``int`` entries for blocks of 128 code points, then the classes, one
    byte each. The symbol is internal but exported; the layout is checked as it is read.
    """
    symbol = ctypes.c_int.in_dll(lib, "libunistring_unilbrkprop")
    base = ctypes.addressof(symbol)
    level1: list[int] = list((ctypes.c_int * 15).from_address(base))
    level2: list[int] = list((ctypes.c_int * (4 << 9)).from_address(base + 15 * 4))
    if any(value % 512 for value in level1 if value >= 0) or any(
        value % 128 for value in level2 if value >= 0
    ):
        raise RuntimeError("libunistring's line-break table has an unknown layout")
    level3 = bytes((ctypes.c_ubyte * (max(level2) + 128)).from_address(base + 15 * 4 + 4 * 2048))

    def lookup(cp: int) -> str:
        index1 = cp >> 16
        if index1 < 15 and level1[index1] >= 0:
            index2 = level2[level1[index1] + ((cp >> 7) & 511)]
            if index2 >= 0:
                return LIBUNISTRING_CLASSES[level3[index2 + (cp & 127)]]
        return "XX"

    return lookup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="LineBreak.txt")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with libunistring")
    args = parser.parse_args(argv)
    if unicodedata.unidata_version != UNICODE_VERSION:
        parser.error(f"needs Python's unicodedata {UNICODE_VERSION} (Python 3.11)")
    table = read_line_break_txt(args.source)
    args.output.write_text(render(args.source, table), encoding="utf-8")
    if args.check:
        library = libunistring_table(load_libunistring())
        differences = [
            f"U+{cp:04X}: {libunistring_class(cp, table)} here, {library(cp)} in libunistring"
            for cp in range(0x110000)
            if not _surrogate(cp) and libunistring_class(cp, table) != library(cp)
        ]
        print("\n".join(differences) or "same classes as libunistring", file=sys.stderr)
        return 1 if differences else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
