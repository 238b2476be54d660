"""Unicode line breaking (UAX #14) as libunistring 1.0, which gettext 0.21 uses, does it."""

from __future__ import annotations

import bisect
import functools
import itertools
import unicodedata
from collections.abc import Sequence

# libunistring implements UAX #14 with a pair table (33 classes, below) plus a
# few rules in code: spaces (LB7/LB18), combining marks (LB9/LB10), ZW (LB8),
# ZWJ (LB8a), regional indicators (LB30a) and Hebrew + hyphen (LB21a).
# Ambiguous (AI), unknown (XX) and complex-context (SA) characters count as AL.

_PAIR_CLASSES = "WJ GL B2 BA BB HY CL CP1 CP2 EX IN NS OP1 OP2 QU IS NU PO PR SY AL H2 H3 ID1 ID2"
_PAIR_CLASSES += " JL JV JT HL RI ZWJ EB EM"
_CLASS_INDEX = {name: i for i, name in enumerate(_PAIR_CLASSES.split())}
# Row: class before the break; column: class after it.  D = direct break,
# I = break only if spaces intervene, P = prohibited.
_PAIR_TABLE = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)

# Classes that _line_break_class() cannot derive from the Unicode 14 general
# category (the version of both Python 3.11's unicodedata and libunistring
# 1.0).  With these, classes are exact (checked against
# libunistring 1.0 for every code point) for U+0000-05FF, U+1D00-22FF,
# U+2C60-2C7F, U+2E00-2E7F, U+3000-30FF, U+4E00-9FFF, U+A720-A7FF,
# U+AB30-AB6F, U+AC00-D7A3, U+FB00-FB4F, U+FE00-FE0F, U+FF01-FF60 and
# U+1F1E6-1F1FF.  Elsewhere (other scripts, emoji) they are approximations.
_CLASS_EXCEPTIONS = """
0009 BA 000A LF 000B-000C BK 000D CR 0020 SP 0021 EX 0022 QU 0024 PR 0025 PO 0027 QU
0029 CP1 002B PR 002C IS 002D HY 002E IS 002F SY 003A-003B IS 003F EX 005C PR 005D CP1
007C BA 0085 BK 00A0 GL 00A1 OP1 00A2 PO 00A3-00A5 PR 00AD BA 00B0 PO 00B1 PR 00B4 BB
00BF OP1 02C8 BB 02CC BB 02DF BB 034F GL 035C-0362 GL 037E IS 0589 IS 058F PR 05C6 EX
05D0-05EA HL 05EF-05F2 HL 1FFD BB
2007 GL 200B ZW 200C CM 200D ZWJ 200E-200F CM 2011 GL 2014 B2 2015 AL 2024-2026 IN 2027 BA
2028-2029 BK 202A-202E CM 202F GL 2030-2037 PO 203C-203D NS 2044 IS 2047-2049 NS 2056 BA
2058-205B BA 205D-205E BA 2060 WJ 2066-206F CM 20A0-20A6 PR 20A7 PO 20A8-20B5 PR 20B6 PO
20B7-20BA PR 20BB PO 20BC-20BD PR 20BE PO 20BF PR 20C0 PO 20C1-20CF PR 2103 PO 2109 PO
2116 PR 2212-2213 PR 22EF IN 2E00-2E01 QU 2E06-2E08 QU 2E0B QU 2E0E-2E15 BA 2E18 OP1
2E19 BA 2E1A AL 2E2A-2E2D BA 2E2E EX 2E30-2E31 BA 2E33-2E34 BA 2E3A-2E3B B2 2E3C-2E3E BA
2E41 BA 2E43-2E4A BA 2E4C BA 2E4E-2E4F BA 2E53-2E54 EX 3001-3002 CL 3005 NS 301C NS
3030 ID1 3035 CM 303B-303C NS 303F ID1 3041 NS 3043 NS 3045 NS 3047 NS 3049 NS 3063 NS
3083 NS 3085 NS 3087 NS 308E NS 3095-3096 NS 309B-309E NS 30A0-30A1 NS 30A3 NS 30A5 NS
30A7 NS 30A9 NS 30C3 NS 30E3 NS 30E5 NS 30E7 NS 30EE NS 30F5-30F6 NS 30FB-30FE NS FF01 EX
FF04 PR FF05 PO FF0C CL FF0D ID1 FF0E CL FF10-FF19 ID1 FF1A-FF1B NS FF1F EX
FB1D HL FB1F-FB28 HL FB2A-FB36 HL FB38-FB3C HL FB3E HL FB40-FB41 HL FB43-FB44 HL
FB46-FB4F HL 1F1E6-1F1FF RI
"""


def _parse_exceptions(text: str) -> dict[int, str]:
    table: dict[int, str] = {}
    tokens = text.split()
    for span, cls in zip(tokens[::2], tokens[1::2], strict=True):
        first, _, last = span.partition("-")
        for cp in range(int(first, 16), int(last or first, 16) + 1):
            table[cp] = cls
    return table


_EXCEPTIONS = _parse_exceptions(_CLASS_EXCEPTIONS)
_CATEGORY_CLASS = {"Mn": "CM", "Mc": "CM", "Me": "CM", "Cc": "CM", "Nd": "NU", "Pe": "CL"}
_CATEGORY_CLASS.update(Pi="QU", Pf="QU", Pd="BA", Zs="BA")


@functools.lru_cache(maxsize=8192)
def _line_break_class(ch: str) -> str:
    """Resolved UAX #14 class of ``ch`` (AI, XX, SA -> AL; CB -> ID1)."""
    cp = ord(ch)
    if cp in _EXCEPTIONS:
        return _EXCEPTIONS[cp]
    category = unicodedata.category(ch)
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    if category in ("Cn", "Co"):
        return "AL"
    if 0xAC00 <= cp <= 0xD7A3:  # Hangul syllables: LV or LVT
        return "H2" if (cp - 0xAC00) % 28 == 0 else "H3"
    if category == "Ps":
        return "OP2" if wide else "OP1"
    if category in _CATEGORY_CLASS:
        return _CATEGORY_CLASS[category]
    return "ID1" if wide else "AL"


# fmt: off
_WIDE_UNASSIGNED = (
    (0x2E80, 0xA4CF), (0xF900, 0xFAFF), (0xFE10, 0xFE6F), (0xFF00, 0xFF60), (0x1F200, 0x1F2FF),
    (0x20000, 0x3FFFF),
)
# fmt: on
_SPACING_MARKS = frozenset({0x0CBF, 0x0CC6, 0x11A07, 0x11A08, 0x11C3F})


@functools.lru_cache(maxsize=8192)
def _char_width(ch: str) -> int:
    """Display columns of ``ch`` as libunistring's uc_width counts them."""
    cp = ord(ch)
    category = unicodedata.category(ch)
    if cp in _SPACING_MARKS:
        return 1
    if category in ("Cc", "Mn", "Me", "Cf") or 0x1160 <= cp <= 0x11FF:
        return 0
    if 0xD7B0 <= cp <= 0xD7C6 or 0xD7CB <= cp <= 0xD7FB:  # Hangul jamo, extended-B
        return 0
    if category == "Cn":
        return 2 if any(lo <= cp <= hi for lo, hi in _WIDE_UNASSIGNED) else 1
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


_PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2


def _possible_breaks(text: str) -> list[int]:
    """Break opportunity before each character (libunistring u8_possible_linebreaks_v2)."""
    result = [_PROHIBITED] * len(text)
    prev = last = "BK"  # previous character's class; last non-space class
    seen_space = False
    ri_count = 0
    for i, ch in enumerate(text):
        cls = _line_break_class(ch)
        if cls in ("BK", "LF", "CR"):
            result[i] = _MANDATORY
            prev, last, seen_space = cls, "BK", False
        else:
            if cls == "SP":
                seen_space = True
            elif cls == "ZW":
                last, seen_space = "ZW", False
            elif cls in ("CM", "ZWJ"):
                if last == "BK":
                    last, seen_space = "AL", False
                elif last == "ZW" or seen_space:
                    result[i] = _POSSIBLE
                    last, seen_space = "AL", False
            else:
                if last in ("BK", "ZW"):
                    result[i] = _POSSIBLE if last == "ZW" else _PROHIBITED
                elif prev in ("ZWJ", "HL_BA"):
                    result[i] = _PROHIBITED
                elif last == "RI" and cls == "RI":
                    result[i] = _POSSIBLE if seen_space or ri_count % 2 == 0 else _PROHIBITED
                else:
                    rule = _PAIR_TABLE[_CLASS_INDEX[last]][_CLASS_INDEX[cls]]
                    if rule == "D" or (rule == "I" and seen_space):
                        result[i] = _POSSIBLE
                last, seen_space = cls, False
            prev = "HL_BA" if prev == "HL" and cls in ("HY", "BA") else cls
        ri_count = ri_count + 1 if cls == "RI" else 0
    return result


_LETTERS_AND_DIGITS = frozenset(
    chr(cp) for cp in range(0x600) if _line_break_class(chr(cp)) in ("AL", "NU")
)
"""Characters of class AL or NU up to U+05FF, where the classes are exact."""

# Classes whose break rule needs more context than the previous non-space character
# (combining marks, joiners, regional indicators, Hebrew letters, hard breaks): a
# text with any of them takes the full state machine below.
_CONTEXT_CLASSES = frozenset({"BK", "LF", "CR", "ZW", "CM", "ZWJ", "RI", "HL"})


def width_breaks(text: str, prohibit: Sequence[bool], width: int, start_column: int) -> list[int]:
    """Indices where a line of ``text`` must break to fit ``width`` columns, the first line
    starting at ``start_column``; never before a character ``prohibit`` marks
    (libunistring u8_width_linebreaks_v2)."""
    characters = set(text)
    if _CONTEXT_CLASSES.isdisjoint(map(_line_break_class, characters)):
        narrow = all(_char_width(ch) == 1 for ch in characters)
        return _local_width_breaks(text, prohibit, width, start_column, narrow)
    return _machine_width_breaks(text, prohibit, width, start_column)


def _local_width_breaks(
    text: str, prohibit: Sequence[bool], width: int, start_column: int, narrow: bool = False
) -> list[int]:
    """The same breaks for text of simple classes, found without scanning every character.

    There, a break opportunity before character j depends only on the last non-space
    character before it, so greedy filling just looks back from each line's overflow
    point for the last opportunity, instead of classifying the whole text.
    """

    classify = _line_break_class

    def opportunity(j: int) -> bool:
        if prohibit[j] or classify(text[j]) == "SP":
            return False
        k = j - 1
        while k >= 0 and classify(text[k]) == "SP":
            k -= 1
        if k < 0:
            return False
        rule = _PAIR_TABLE[_CLASS_INDEX[classify(text[k])]][_CLASS_INDEX[classify(text[j])]]
        return rule == "D" or (rule == "I" and k < j - 1)

    # Column at each index; in most prose every character is one column wide.
    ends: Sequence[int] = (
        range(len(text) + 1)
        if narrow
        else list(itertools.accumulate(map(_char_width, text), initial=0))
    )

    def last_opportunity(overflow: int, start: int) -> int | None:
        inert = _LETTERS_AND_DIGITS  # never an opportunity between two of them
        j = overflow
        while j > start:
            if not (text[j] in inert and text[j - 1] in inert) and opportunity(j):
                return j
            j -= 1
        return None

    breaks: list[int] = []
    start, column, end = 0, start_column, len(text)
    while True:
        # First index where the text from the line start no longer fits.
        limit = bisect.bisect_right(ends, width - column + ends[start], lo=start)
        if limit > end:
            return breaks
        overflow = limit - 1
        cut = last_opportunity(overflow, start)
        if cut is None:  # one long piece: break at the next opportunity, if any
            cut = next((j for j in range(overflow + 1, end) if opportunity(j)), None)
            if cut is None:
                return breaks
        breaks.append(cut)
        start, column = cut, 0


def _machine_width_breaks(
    text: str, prohibit: Sequence[bool], width: int, start_column: int
) -> list[int]:
    """The general case: libunistring's state machine over every character."""
    breaks: list[int] = []
    last_break: int | None = None
    last_column, piece_width = start_column, 0
    for i, (ch, brk) in enumerate(zip(text, _possible_breaks(text), strict=True)):
        if prohibit[i]:
            brk = _PROHIBITED
        if brk != _PROHIBITED and last_break is not None and last_column + piece_width > width:
            breaks.append(last_break)
            last_column = 0
        if brk == _MANDATORY:
            last_break, last_column, piece_width = None, 0, 0
            continue
        if brk == _POSSIBLE:
            last_break, last_column, piece_width = i, last_column + piece_width, 0
        piece_width += _char_width(ch)
    if last_break is not None and last_column + piece_width > width:
        breaks.append(last_break)
    return breaks
