"""libunistring itself, through ctypes: the line breaker msgcat 0.21 calls, as an oracle."""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable, Sequence

import pytest

from pubkit.catalogs.data.generate_linebreak import libunistring_table, load_libunistring

# unilbrk.h's values, and pubkit.catalogs.linebreak's for the same outcomes.
_PROHIBITED, _POSSIBLE, _MANDATORY, _CR_BEFORE_LF = 1, 2, 3, 5
_AS_PUBKIT = {_PROHIBITED: 0, _POSSIBLE: 1, _MANDATORY: 2, _CR_BEFORE_LF: 2}


@functools.cache
def library() -> ctypes.CDLL:
    try:
        lib = load_libunistring()
    except RuntimeError as error:
        pytest.fail(f"{error}: the line-breaking tests compare with it", pytrace=False)
    lib.u8_possible_linebreaks_v2.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_char_p,
        ctypes.c_char_p,
    ]
    lib.ulc_width_linebreaks_v2.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
    ]
    lib.ulc_width_linebreaks_v2.restype = ctypes.c_int
    return lib


def class_table() -> Callable[[int], str]:
    """libunistring's line-break class of a code point (unresolved: AI, SA, XX, CB…)."""
    return libunistring_table(library())


def _offsets(text: str) -> list[int]:
    """Byte offset in UTF-8 of each character of ``text``."""
    offsets, offset = [], 0
    for ch in text:
        offsets.append(offset)
        offset += len(ch.encode("utf-8"))
    return offsets


def possible_breaks(text: str) -> list[int]:
    """u8_possible_linebreaks_v2: 0 prohibited, 1 possible, 2 mandatory before each char."""
    data = text.encode("utf-8")
    out = ctypes.create_string_buffer(len(data))
    library().u8_possible_linebreaks_v2(data, len(data), b"UTF-8", out)
    return [_AS_PUBKIT[out.raw[offset]] for offset in _offsets(text)]


def width_breaks(text: str, prohibit: Sequence[bool], width: int, start_column: int) -> list[int]:
    """Where ulc_width_linebreaks_v2 breaks, as msgcat calls it (UTF-8, overrides that
    prohibit a break before the characters ``prohibit`` marks)."""
    data = text.encode("utf-8")
    offsets = _offsets(text)
    overrides = bytearray(len(data))  # UC_BREAK_UNDEFINED
    for offset, prohibited in zip(offsets, prohibit, strict=True):
        if prohibited:
            overrides[offset] = _PROHIBITED
    out = ctypes.create_string_buffer(len(data))
    library().ulc_width_linebreaks_v2(
        data, len(data), width, start_column, 0, bytes(overrides), b"UTF-8", out
    )
    return [i for i, offset in enumerate(offsets) if out.raw[offset] == _POSSIBLE]
