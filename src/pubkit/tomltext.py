"""TOML files (the configuration, the design's labels): read by tomllib, errors at file:line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pubkit.errors import PubkitError
from pubkit.schema import KeyPath

MAX_DEPTH = 32
"""The most parts a dotted key or a table's name has, and the most arrays and inline
tables nested in one another, that pubkit hands tomllib. tomllib recurses once per nested
value (a few hundred raise RecursionError) and checks each part of a dotted key against
all those before it (time quadratic in the parts); a configuration needs 3 or 4."""


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    """``text``, the TOML file ``shown``, as tomllib reads it: a PubkitError at
    ``shown:line`` when it is not TOML or nests deeper than MAX_DEPTH."""
    check_depth(text, shown)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 puts the position only in the message: "… (at line 3, column 7)".
        found = re.search(r"\(at line (\d+), column \d+\)$", str(exc))
        message = str(exc)[: found.start()].rstrip() if found else str(exc)
        line = int(found.group(1)) if found else None
        raise PubkitError(f"invalid TOML: {message}", shown, line) from None


# What the depth check reads: the characters that start a string or a comment, end a
# line, nest, separate a key's parts, or end a key or a value. The strings are those of
# tomllib: a one-line string ends on its line, a backslash escapes the next character of
# a basic string, and a multi-line string ends at the first closing triple quote (and
# takes up to two more quotes).
_SIGNIFICANT = re.compile(r"""["'#\n\[\]{}.=,]""")
_STRINGS = {
    '"': re.compile(r'"(?:[^"\\\n]|\\[^\n])*"'),
    "'": re.compile(r"'[^'\n]*'"),
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*""""{0,2}', re.DOTALL),
    "'''": re.compile(r"'''(?:[^']|'(?!''))*''''{0,2}"),
}
_SHOWN_KEY = 60  # characters of a key too deep that the message shows


def check_depth(text: str, shown: str) -> None:
    """Refuse, at ``shown:line``, a dotted key or a table's name of more than MAX_DEPTH
    parts and arrays or inline tables nested more than MAX_DEPTH deep, before tomllib
    sees them: in one pass, at most a search of re and a step per significant character.

    Any run of dots outside strings and comments, up to the next newline, ``=``, ``,``
    or bracket, is counted as a key's (a float has one dot, a time one). Brackets count
    as nesting wherever they are, a table's ``[[name]]`` as 2. Where a string does not
    end, the check stops: tomllib then refuses the file there."""
    depth = dots = 0
    key = 0  # where the key, or the value, whose dots are counted starts
    position = 0
    while (found := _SIGNIFICANT.search(text, position)) is not None:
        char, at = found.group(), found.start()
        position = at + 1
        if char in "\"'":
            string = _STRINGS[char * 3 if text.startswith(char * 3, at) else char].match(text, at)
            if string is None:
                return
            position = string.end()
        elif char == "#":
            position = text.find("\n", at)
            if position < 0:
                return
        elif char == ".":
            dots += 1
            if dots >= MAX_DEPTH:
                name = text[key:at].strip()
                name = name if len(name) <= _SHOWN_KEY else name[:_SHOWN_KEY] + "…"
                raise PubkitError(
                    f"the key {name!r} has more than {MAX_DEPTH} parts "
                    f"(pubkit reads dotted keys and table names of up to {MAX_DEPTH})",
                    shown,
                    text.count("\n", 0, key) + 1,
                )
        else:
            dots, key = 0, position
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise PubkitError(
                        f"arrays and tables nested more than {MAX_DEPTH} deep",
                        shown,
                        text.count("\n", 0, at) + 1,
                    )
            elif char in "]}":
                depth = max(depth - 1, 0)


# -- the line of a key, for messages ----------------------------------------------------------

_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY_PART = re.compile(rf"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|({_BARE_KEY}))\s*""")


def _dotted_key(text: str) -> tuple[tuple[str, ...], str] | None:
    """A TOML dotted key at the start of ``text``: its parts and the text after it."""
    parts: list[str] = []
    position = 0
    while True:
        found = _KEY_PART.match(text, position)
        if found is None:
            return None
        basic, literal, bare = found.groups()
        parts.append(basic if basic is not None else literal if literal is not None else bare)
        position = found.end()
        if not text.startswith(".", position):
            return tuple(parts), text[position:]
        position += 1


def key_line(path: Path, keys: KeyPath) -> int | None:
    """The first line of the TOML file that writes ``keys``, a key or a table, or a value
    that contains it (an inline table or array); None when it is not found. An index in
    ``keys`` counts the ``[[array]]`` tables of that name. tomllib keeps no positions, so
    this reads the lines again; it runs only to report an error."""
    if not keys:  # the whole file
        return None
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeError):
        return None
    table: KeyPath = ()
    arrays: dict[KeyPath, int] = {}  # the index of the last [[table]] of each array
    in_string: str | None = None  # the delimiter of the multi-line string being read
    for number, line in enumerate(lines, 1):
        if in_string is not None:
            if line.count(in_string) % 2:
                in_string = None
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            array = stripped.startswith("[[")
            found = _dotted_key(stripped[2 if array else 1 :])
            if found is None or not found[1].startswith("]"):
                continue
            table = _in_arrays(found[0], arrays)
            if array:
                arrays[table] = arrays.get(table, -1) + 1
                table = (*table, arrays[table])
            if table[: len(keys)] == keys:
                return number
            continue
        found = _dotted_key(stripped)
        if found is None or not found[1].startswith("="):
            continue
        full = (*table, *found[0])
        if full[: len(keys)] == keys or keys[: len(full)] == full:
            return number
        for delimiter in ('"""', "'''"):
            if found[1].count(delimiter) % 2:
                in_string = delimiter
    return None


def _in_arrays(names: tuple[str, ...], arrays: dict[KeyPath, int]) -> KeyPath:
    """The path of the table a header names: ``[a.b]`` or ``[[a.b]]`` after ``[[a]]`` is
    in a's last table."""
    path: KeyPath = ()
    for name in names[:-1]:
        path = (*path, name)
        if path in arrays:
            path = (*path, arrays[path])
    return (*path, names[-1])
