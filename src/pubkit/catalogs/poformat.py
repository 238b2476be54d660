"""Serialize polib catalogs byte-identically to GNU msgcat 0.21 (UTF-8, width 79)."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polib

PAGE_WIDTH = 79
_NO_WRAP_WIDTH = 2**31 - 1  # msgcat uses INT_MAX for entries flagged no-wrap

# ---------------------------------------------------------------------------
# Unicode line breaking, as libunistring 1.0 (used by gettext 0.21) does it.
#
# libunistring implements UAX #14 with a pair table (33 classes, below) plus a
# few rules in code: spaces (LB7/LB18), combining marks (LB9/LB10), ZW (LB8),
# ZWJ (LB8a), regional indicators (LB30a) and Hebrew + hyphen (LB21a).
# Ambiguous (AI), unknown (XX) and complex-context (SA) characters count as AL.
# ---------------------------------------------------------------------------

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


def _width_breaks(text: str, prohibit: Sequence[bool], width: int, start_column: int) -> list[int]:
    """Indices where a line must break (libunistring u8_width_linebreaks_v2)."""
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


# ---------------------------------------------------------------------------
# Format directives: msgcat never breaks inside one (after its first character).
# Done for c-format and python-format, the languages whose directives can hold a
# break opportunity ("% d", "%.*s", "%(a b)s"); gettext 0.21 protects no
# python-brace-format directive.  Like gettext, parsing stops at the first
# invalid directive, or at one that mixes numbered and unnumbered arguments.
# ---------------------------------------------------------------------------

# fmt: off
_FORMAT_LANGUAGES = (  # in the order msgcat prints them
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)
# fmt: on
_C_ARG = r"(?:\*(?P<{0}>[1-9][0-9]*\$)?|[0-9]+)"
_C_DIRECTIVE = (
    r"%(?P<pos>[1-9][0-9]*\$)?[-+ #0'{flags}]*(?P<width>{width})?"
    r"(?:\.(?P<prec>{prec})?)?[hlLqjzZt]*(?P<conv>[diouxXeEfFgGaAcCsSpnm%])"
)
_DIRECTIVE_PATTERNS = {
    ("c", False): re.compile(
        _C_DIRECTIVE.format(flags="", width=_C_ARG.format("wpos"), prec=_C_ARG.format("ppos"))
    ),
    ("c", True): re.compile(
        _C_DIRECTIVE.format(flags="I", width=_C_ARG.format("wpos"), prec=_C_ARG.format("ppos"))
    ),
    ("python", False): re.compile(
        r"%(?P<pos>\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?[-+ #0]*(?P<width>\*|[0-9]+)?"
        r"(?:\.(?P<prec>\*|[0-9]+)?)?[hlL]?(?P<conv>[diouxXeEfgGcrs%])"
    ),
}


def _protected_positions(value: str, language: str | None, is_msgstr: bool) -> list[bool]:
    """True for characters inside a format directive (not its first character)."""
    protected = [False] * len(value)
    key = (language or "", is_msgstr and language == "c")
    pattern = _DIRECTIVE_PATTERNS.get(key)
    if pattern is None:
        return protected
    kinds: set[bool] = set()  # True: numbered (or named) arguments, False: unnumbered
    pos = value.find("%")
    while pos >= 0:
        match = pattern.match(value, pos)
        if match is None:
            break
        uses = {bool(match["pos"])} if match["conv"] not in "%m" else set()
        for part, number in (("width", "wpos"), ("prec", "ppos")):
            if (match[part] or "").startswith("*"):
                uses.add(language == "c" and bool(match.groupdict().get(number)))
        kinds |= uses
        if len(kinds) > 1:
            break
        protected[pos + 1 : match.end()] = [True] * (match.end() - pos - 1)
        pos = value.find("%", match.end())
    return protected


# ---------------------------------------------------------------------------
# String wrapping (gettext write-po.c, function wrap()).
# ---------------------------------------------------------------------------

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_ESCAPES.update({"\\": "\\", '"': '"'})


_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')


def _escape(text: str, protected: Sequence[bool]) -> tuple[str, list[bool]]:
    """PO-escape ``text``, and say before which characters a break is forbidden."""
    if not _NEEDS_ESCAPE.search(text):
        return text, list(protected)
    out: list[str] = []
    prohibit: list[bool] = []
    for ch, prot in zip(text, protected, strict=True):
        if ch in _ESCAPES:
            out += ["\\", _ESCAPES[ch]]
            prohibit += [prot, True]
        else:
            out.append(ch)
            prohibit.append(prot)
    if text.endswith("\n"):
        prohibit[-2] = True  # never break right before a final \n
    return "".join(out), prohibit


@functools.lru_cache(maxsize=65536)
def _wrap(
    prefix: str, keyword: str, value: str, do_wrap: bool, language: str | None
) -> tuple[str, ...]:
    """Lines of ``keyword "value"`` as gettext's wrap() writes them."""
    protected = _protected_positions(value, language, keyword.startswith("msgstr"))
    # Columns count from after the opening quote of a continuation line; the
    # first line starts after `keyword "`; room is kept for the closing quote.
    width = (PAGE_WIDTH if do_wrap else _NO_WRAP_WIDTH) - len(prefix) - 2
    first_column = len(keyword) + 1
    lines: list[str] = []
    first_line = True
    offset = 0
    for portion in re.findall(r"[^\n]*\n|[^\n]+", value) or [""]:
        text, prohibit = _escape(portion, protected[offset : offset + len(portion)])
        offset += len(portion)
        breaks = _width_breaks(text, prohibit, width, first_column if first_line else 0)
        if first_line and text and (offset < len(value) or first_column > width or breaks):
            lines.append(f'{prefix}{keyword} ""')  # msgcat's empty first line
            first_line = False
            breaks = _width_breaks(text, prohibit, width, 0)
        for i, (a, b) in enumerate(itertools.pairwise([0, *breaks, len(text)])):
            head = f"{prefix}{keyword} " if first_line and i == 0 else prefix
            lines.append(f'{head}"{text[a:b]}"')
        first_line = False
    return tuple(lines)


# ---------------------------------------------------------------------------
# Entries.
# ---------------------------------------------------------------------------


class _Flags:
    """The flags msgcat understands; it drops any others."""

    def __init__(self, raw: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[str, str] = {}  # language -> yes, no, possible or impossible
        self.range: tuple[int, int] | None = None
        self.wrap = True
        # gettext splits a flag line at commas and white space alike.
        tokens = iter(re.split(r"[\s,]+", ",".join(raw)))
        for token in tokens:
            if token == "fuzzy":
                self.fuzzy = True
            elif token in ("wrap", "no-wrap"):
                self.wrap = token == "wrap"
            elif token.endswith("-format"):
                name, value = token[: -len("-format")], "yes"
                for prefix in ("no-", "possible-", "impossible-"):
                    if name.startswith(prefix):
                        name, value = name[len(prefix) :], prefix[:-1]
                        break
                if name in _FORMAT_LANGUAGES:
                    self.formats[name] = value
            elif token == "range:":  # "range: MIN..MAX"; the next token is always consumed
                match = re.match(r"([0-9]+)\.\.([0-9]+)", next(tokens, ""))
                if match and int(match[1]) <= int(match[2]):
                    self.range = (int(match[1]), int(match[2]))

    @property
    def parsing_language(self) -> str | None:
        """Language whose directives msgcat protects from line breaks."""
        for name in _FORMAT_LANGUAGES:
            if self.formats.get(name) in ("yes", "possible"):
                return name
        return None

    def line(self, show_fuzzy: bool, show_range: bool) -> list[str]:
        names = ["fuzzy"] if self.fuzzy and show_fuzzy else []
        for name in _FORMAT_LANGUAGES:
            value = self.formats.get(name)
            if value in ("yes", "possible"):
                names.append(f"{name}-format")
            elif value == "no":
                names.append(f"no-{name}-format")
        if self.range and show_range:
            names.append(f"range: {self.range[0]}..{self.range[1]}")
        if not self.wrap:
            names.append("no-wrap")
        return ["#, " + ", ".join(names)] if names else []


def _comment_lines(marker: str, text: str | None) -> list[str]:
    if not text:
        return []
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def _reference_lines(occurrences: Iterable[tuple[str, Any]]) -> list[str]:
    lines: list[str] = []
    line, column = "#:", 2
    seen: set[tuple[str, int | None]] = set()
    for path, lineno in occurrences:
        number = int(lineno) if str(lineno or "").isdigit() else None
        if (path, number) in seen:  # msgcat drops exact duplicates (before "./" removal)
            continue
        seen.add((path, number))
        while path.startswith("./"):
            path = path[2:]
        suffix = "" if number is None else f":{number}"
        width = len(path.encode("utf-8")) + len(suffix) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        if any(c in path for c in " \t\n"):
            path = f"\u2068{path}\u2069"
        line += f" {path}{suffix}"
        column += width
    return [*lines, line] if seen else []


def _msgstrs(entry: Any) -> list[str]:
    if not entry.msgid_plural:
        return [entry.msgstr or ""]
    forms = entry.msgstr_plural or {0: "", 1: ""}
    return [forms[key] for key in sorted(forms)]


def _entry_lines(entry: Any, flags: _Flags, obsolete: bool) -> list[str]:
    msgstrs = _msgstrs(entry)
    prefix, previous = ("#~ ", "#~| ") if obsolete else ("", "#| ")
    lang = flags.parsing_language
    lines = _comment_lines("#", entry.tcomment)
    lines += _comment_lines("#.", getattr(entry, "comment", ""))
    lines += _reference_lines(getattr(entry, "occurrences", []))
    lines += flags.line(show_fuzzy=obsolete or msgstrs[0] != "", show_range=not obsolete)
    for field in ("msgctxt", "msgid", "msgid_plural"):
        value = getattr(entry, f"previous_{field}", None)
        if value is not None:
            lines += _wrap(previous, field, value, flags.wrap, lang)
    if entry.msgctxt is not None:
        lines += _wrap(prefix, "msgctxt", entry.msgctxt, flags.wrap, lang)
    lines += _wrap(prefix, "msgid", entry.msgid, flags.wrap, lang)
    if entry.msgid_plural:
        lines += _wrap(prefix, "msgid_plural", entry.msgid_plural, flags.wrap, lang)
        for index, msgstr in enumerate(msgstrs):
            lines += _wrap(prefix, f"msgstr[{index}]", msgstr, flags.wrap, lang)
    else:
        lines += _wrap(prefix, "msgstr", msgstrs[0], flags.wrap, lang)
    return lines


class _Header:
    """The header entry rebuilt from polib's POFile attributes."""

    def __init__(self, po: Any) -> None:
        self.tcomment = po.header
        self.msgctxt = self.previous_msgctxt = self.previous_msgid = None
        self.msgid = self.msgid_plural = ""
        self.msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())


def _header_flags(po: Any) -> _Flags:
    fuzzy = po.metadata_is_fuzzy  # polib stores the header's flag list here
    if isinstance(fuzzy, (list, tuple)):
        return _Flags(fuzzy)
    return _Flags(["fuzzy"] if fuzzy else [])


def format_po(po: polib.POFile) -> str:
    """Return the catalog as GNU msgcat would print it."""
    if len(po) == 0:
        return ""  # msgcat writes nothing for a catalog that holds at most a header
    blocks: list[list[str]] = []
    if po.header or po.metadata or po.metadata_is_fuzzy or isinstance(po.metadata_is_fuzzy, list):
        blocks.append(_entry_lines(_Header(po), _header_flags(po), obsolete=False))
    for entry in po:
        if not entry.obsolete:
            blocks.append(_entry_lines(entry, _Flags(entry.flags), obsolete=False))
    for entry in po:
        if entry.obsolete and _msgstrs(entry)[0]:  # msgcat drops untranslated obsolete entries
            blocks.append(_entry_lines(entry, _Flags(entry.flags), obsolete=True))
    return "\n".join("".join(line + "\n" for line in block) for block in blocks)
