"""PO files read and written: the validating reader, its shared cache and the msgcat writer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeAlias

import polib

from pubkit.errors import PubkitError
from pubkit.fileio import read_utf8, write_atomic
from pubkit.source.segments import Key

Catalog: TypeAlias = polib.POFile  # typed by typings/polib.pyi
FUZZY = "fuzzy"
_POLIB_LINE = re.compile(r"\(line (\d+)\)")


def read_catalog(path: Path, shown: str | None = None) -> Catalog:
    """Parse a PO or POT file; syntax errors become PubkitError with file:line."""
    shown = shown or str(path)
    if not path.is_file():
        raise PubkitError("catalog not found (create it with 'pubkit init LANG')", shown)
    data = read_utf8(path, shown, "catalog")
    _lex(data, shown)
    lonely = _MSGID_WITHOUT_MSGSTR.search(data)
    if lonely is not None:  # polib would read an empty msgstr; msgfmt refuses the file
        lonely_line = data.count("\n", 0, lonely.start()) + 1
        raise PubkitError("invalid PO syntax: msgid without msgstr", shown, lonely_line)
    try:
        catalog = polib.pofile(data, wrapwidth=79, encoding="utf-8")
    except (OSError, ValueError) as exc:
        found = _POLIB_LINE.search(str(exc))
        detail = str(exc).split(": ", 1)[1] if ": " in str(exc) else "syntax error"
        line = int(found.group(1)) if found else None
        raise PubkitError(f"invalid PO syntax: {detail}", shown, line) from None
    seen: dict[Key, int] = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        first = entry.linenum
        assert first is not None  # polib numbers every entry it reads
        if not entry.obsolete and key in seen:
            raise PubkitError(f"duplicate entry (first at line {seen[key]})", shown, first)
        if entry.msgstr_plural and not entry.msgid_plural:  # as msgfmt, or update loses it
            lines = data.splitlines()[first - 1 :]
            offset = next(i for i, line in enumerate(lines) if "msgstr[" in line)
            raise PubkitError(
                "msgstr[N] without msgid_plural: a singular message has one msgstr",
                shown,
                first + offset,
            )
        seen.setdefault(key, first)
    return catalog


# The escapes polib decodes. GNU gettext also reads \a, \?, \' and octal and hex
# escapes (msgcat --escape writes é as \303\251); polib would keep those as a backslash
# and text, and the next write would double the backslash: such a file is refused.
_ESCAPE = r'\\[\\"ntrvbf]'
_KEYWORD_LINE = re.compile(
    rf'(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])?[ \t]*"(?:[^"\\]|{_ESCAPE})*"[ \t]*'
)


# Line breaks other than "\n" that str.splitlines() honours: with any of them in a file,
# every line is looked at in Python.
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A run of the lines msgcat writes, all valid; any other line is looked at in Python.
_STRING = rf'"[^"\\\n]*+(?:{_ESCAPE}[^"\\\n]*+)*+"'
_USUAL_LINES = re.compile(
    rf"(?:(?:#(?![~|])[^\n]*+|(?:#~ |#\| |#~\| )?"
    rf"(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\]) )?{_STRING}|)\n)*+"
)


# An msgid line and its continuation lines not followed by msgid_plural or msgstr.
# Every run of spaces is possessive: "[ \t]*(?:#~ )?[ \t]*" gave back a long run space by
# space to the second "[ \t]*" before failing (quadratic in the run).
_MSGID_WITHOUT_MSGSTR = re.compile(
    r'msgid "(?:(?<=^msgid ")|(?<=^#~ msgid "))'  # a literal start: re skips to it
    r'[^\n]*+(?:\n[ \t]*+(?:#~ )?[ \t]*+"[^\n]*+)*+'  # its continuation lines
    r"(?:\n[ \t]*+(?=\n))*+"  # blank lines, which msgfmt allows
    r"(?!\n[ \t]*+(?:#~ )?[ \t]*+(?:msgid_plural|msgstr))",
    re.MULTILINE,
)


def _unusual_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of ``text`` (with "\n" breaks only) that ``_USUAL_LINES`` stops at."""
    position, number = 0, 1
    while True:
        usual = _USUAL_LINES.match(text, position)
        assert usual is not None  # the pattern matches the empty string
        number += text.count("\n", position, usual.end())
        position = usual.end()
        if position >= len(text):
            return
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        yield number, text[position:end]
        position, number = end + 1, number + 1


def _lex(text: str, shown: str) -> None:
    """Reject what polib silently accepts: every line must be a comment, blank, or a
    keyword and/or one complete C string (as GNU gettext requires)."""
    lines: Iterable[tuple[int, str]]
    if _ODD_BREAKS.search(text):
        lines = enumerate(text.splitlines(), start=1)
    else:
        lines = _unusual_lines(text)
    for number, line in lines:
        if not _valid_line(line):
            escape = _unsupported_escape(line)
            if escape is not None:
                raise PubkitError(
                    f"unsupported escape sequence {escape!r} in a string: write the "
                    "character itself (msgcat --no-escape rewrites octal escapes)",
                    shown,
                    number,
                )
            raise PubkitError(
                "invalid PO syntax: expected a keyword and a quoted string", shown, number
            )


def _unsupported_escape(line: str) -> str | None:
    """The first escape sequence in ``line`` that polib does not decode, if any."""
    strings = line[line.find('"') + 1 :] if '"' in line else ""
    for match in re.finditer(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]*|.?)", strings):
        if match.group(0)[1:] not in ("\\", '"', "n", "t", "r", "v", "b", "f"):
            return match.group(0)
    return None


def _valid_line(line: str) -> bool:
    """Whether one PO line is a comment, blank, or a keyword and/or one C string."""
    body = line.strip()
    if body.startswith("#~"):
        body = body[2:].lstrip("|").strip()
    elif body.startswith("#|"):
        body = body[2:].strip()
    elif not body or body.startswith("#"):
        return True
    return not body or _KEYWORD_LINE.fullmatch(body) is not None


_READ_ONLY: dict[tuple[str, int, int], Catalog] = {}


def read_catalog_shared(path: Path, shown: str | None = None) -> Catalog:
    """Like read_catalog, but parsed once per file version and shared: callers must not
    modify the result (editions and checks only read)."""
    try:
        stat = path.stat()
    except OSError:
        return read_catalog(path, shown)
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _READ_ONLY:
        _READ_ONLY[key] = read_catalog(path, shown)
    return _READ_ONLY[key]


def write_catalog(catalog: Catalog, path: Path) -> bool:
    """Write atomically in msgcat's exact format; return False when the bytes are unchanged."""
    from pubkit.catalogs.poformat import format_po  # only writers need it: reading starts faster

    text = format_po(catalog)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text)
    return True
