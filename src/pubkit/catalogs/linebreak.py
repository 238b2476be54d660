"""Unicode line breaking (UAX #14) as libunistring 1.0, which gettext 0.21 uses, does it."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

# libunistring implements UAX #14 with a pair table (33 classes, below) plus a
# few rules in code: spaces (LB7/LB18), combining marks (LB9/LB10), ZW (LB8),
# ZWJ (LB8a), regional indicators (LB30a) and Hebrew + hyphen (LB21a).
# Ambiguous (AI), unknown (XX) and complex-context (SA) characters count as AL:
# libunistring 1.0 has no dictionary for Thai, Lao, Khmer or Myanmar, so msgcat
# breaks those scripts only at spaces and punctuation, and pubkit does the same.

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

_CLASSES_FILE = Path(__file__).parent / "data" / "linebreak.txt"
"""libunistring 1.0's class of every code point, made by data/generate_linebreak.py."""
_RESOLVE = {"AI": "AL", "SA": "AL", "XX": "AL", "CB": "ID1"}  # as libunistring does for UTF-8


@functools.cache
def _class_table() -> tuple[list[int], list[str]]:
    """First code point of each range of linebreak.txt and of each gap (XX) between them,
    with the resolved class."""
    starts: list[int] = []
    classes: list[str] = []
    end = 0  # one past the last code point seen
    for line in _CLASSES_FILE.read_text(encoding="ascii").splitlines():
        if line.startswith("#"):
            continue
        span, cls = line.split()
        first, _, last = span.partition("..")
        if int(first, 16) > end:
            starts.append(end)
            classes.append(_RESOLVE["XX"])
        starts.append(int(first, 16))
        classes.append(_RESOLVE.get(cls, cls))
        end = int(last or first, 16) + 1
    starts.append(end)
    classes.append(_RESOLVE["XX"])
    return starts, classes


@functools.lru_cache(maxsize=8192)
def _line_break_class(ch: str) -> str:
    """Resolved UAX #14 class of ``ch`` (AI, XX, SA -> AL; CB -> ID1)."""
    starts, classes = _class_table()
    return classes[bisect.bisect_right(starts, ord(ch)) - 1]


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
"""Characters of class AL or NU up to U+05FF: never a break opportunity between two."""

# Classes whose break rule needs more context than the previous non-space character
# (combining marks, joiners, regional indicators, Hebrew letters, hard breaks): a
# text with any of them takes the full state machine below.
_CONTEXT_CLASSES = frozenset({"BK", "LF", "CR", "ZW", "CM", "ZWJ", "RI", "HL"})


# The characters met so far, sorted by what the breaker needs to know of them, so that
# a text of known characters is sorted by set operations in C. Each character met is in
# one of the first two sets and in one of the last two.
_ONE_COLUMN: set[str] = set()
_OTHER_WIDTH: set[str] = set()  # zero or two columns
_CONTEXTUAL: set[str] = set()  # of a class in _CONTEXT_CLASSES
_LOCAL: set[str] = set()  # of a class the local rules handle

# ASCII characters that are zero columns wide or of a contextual class (all controls):
# ASCII text without them is one column a character and of local classes only.
_ASCII_CONTROLS = re.compile("[\x00-\x1f\x7f]")
_MANDATORY_BREAKS = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")  # classes BK, LF, CR


def _plain_ascii(text: str) -> bool:
    return text.isascii() and _ASCII_CONTROLS.search(text) is None


def _characters(text: str) -> set[str]:
    """The characters of ``text``, each now in the sets above."""
    characters = set(text)
    for ch in characters - _ONE_COLUMN - _OTHER_WIDTH:
        (_ONE_COLUMN if _char_width(ch) == 1 else _OTHER_WIDTH).add(ch)
        (_CONTEXTUAL if _line_break_class(ch) in _CONTEXT_CLASSES else _LOCAL).add(ch)
    return characters


def columns(text: str) -> int:
    """Display width of ``text`` as libunistring counts it (control characters count 0)."""
    if _plain_ascii(text) or _characters(text) <= _ONE_COLUMN:
        return len(text)
    return sum(map(_char_width, text))


def width_breaks(text: str, prohibit: Sequence[bool], width: int, start_column: int) -> list[int]:
    """Indices where a line of ``text`` must break to fit ``width`` columns, the first line
    starting at ``start_column``; never before a character ``prohibit`` marks
    (libunistring u8_width_linebreaks_v2)."""
    if _plain_ascii(text):
        return _local_width_breaks(text, prohibit, width, start_column, True)
    characters = _characters(text)
    if characters.isdisjoint(_CONTEXTUAL):
        narrow = characters <= _ONE_COLUMN
        return _local_width_breaks(text, prohibit, width, start_column, narrow)
    return _machine_width_breaks(text, prohibit, width, start_column)


def first_line_breaks(
    text: str, prohibit: Sequence[bool], width: int, first_column: int
) -> tuple[bool, list[int]]:
    """Whether ``text`` breaks at all when its first line starts at ``first_column``, and
    if it does, its breaks when it starts at column 0 instead (gettext's wrap() then starts
    the string on a line of its own): ``width_breaks`` twice, mostly computed once."""
    if _MANDATORY_BREAKS.search(text) is None:
        # Without a hard break, a text breaks iff it overflows and has an opportunity.
        total = columns(text)
        if first_column + total <= width:
            return False, []
        if total <= width:  # fits from column 0: breaks nowhere there
            return bool(width_breaks(text, prohibit, width, first_column)), []
        breaks = width_breaks(text, prohibit, width, 0)  # empty iff no opportunity
        return bool(breaks), breaks
    if not width_breaks(text, prohibit, width, first_column):
        return False, []
    return True, width_breaks(text, prohibit, width, 0)


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
