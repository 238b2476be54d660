"""PO files read and written: the validating reader, its shared cache and the msgcat writer."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

import polib

from pubkit.errors import PubkitError
from pubkit.fileio import Roots, project_file, read_project_bytes, read_utf8
from pubkit.source.segments import Key
from pubkit.writing import write_atomic

Catalog: TypeAlias = polib.POFile  # typed by typings/polib.pyi
FUZZY = "fuzzy"
_POLIB_LINE = re.compile(r"\(line (\d+)\)")


def read_catalog(path: Path, shown: str | None = None, root: Roots = None) -> Catalog:
    """Parse a PO or POT file, a regular file of the project under ``root``
    (:func:`pubkit.fileio.project_file`); syntax errors become PubkitError with file:line."""
    shown = shown or str(path)
    if not os.path.lexists(path):
        raise PubkitError("catalog not found (create it with 'pubkit init LANG')", shown)
    data = read_utf8(path, shown, "catalog", root)
    _lex(data, shown)
    lonely = _MSGID_WITHOUT_MSGSTR.search(data)
    if lonely is not None:  # polib would read an empty msgstr; msgfmt refuses the file
        lonely_line = data.count("\n", 0, lonely.start()) + 1
        raise PubkitError("invalid PO syntax: msgid without msgstr", shown, lonely_line)
    try:
        catalog = _Parser(data).parse()
        catalog.wrapwidth = 79
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


# The field a continuation line adds to, by polib's state (msgstr[N]: "mx", apart), and
# the field a keyword line sets, by its symbol.
_CONTINUED = {
    "ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural", "ms": "msgstr",
    "pp": "previous_msgid_plural", "pm": "previous_msgid", "pc": "previous_msgctxt",
}  # fmt: skip


_SHORT = 4096
"""A field this long is appended to as polib does, a copy each line; a longer one's
pieces are kept and joined once."""


def _keyword(handler: str, field: str) -> Callable[[_Parser], bool]:
    """polib's ``handler`` of a keyword that sets ``field``, the field's pieces joined first."""
    polib_handler = getattr(polib._POFileParser, handler)

    def handle(self: _Parser) -> bool:
        if self._pending:
            self._flush(self.current_entry, field)
        return bool(polib_handler(self))

    return handle


class _Parser(polib._POFileParser):
    """polib's PO parser, each long field's lines joined once.

    polib appends every line of a field to the text read so far (``entry.msgstr +=
    line``), a copy of the whole text each time: quadratic in the lines of a field
    (1.6 MB of comment lines took 8 s to read, 2 MB of one msgstr 1.7 s). Here, past
    :data:`_SHORT` characters, the pieces of a field are kept in a list, joined when a
    keyword sets the field again or when the file ends; everything else is polib's
    own, and the result the same (a hypothesis test compares them)."""

    def __init__(self, data: str):
        super().__init__(data, encoding="utf-8", check_for_duplicates=False, klass=None)
        self.fhandle = self._lines(self.fhandle)
        # (id of the owner, key) -> [owner, key, pieces, characters so far]
        self._pending: dict[tuple[int, object], list[Any]] = {}

    def _lines(self, lines: Iterable[str]) -> Iterator[str]:
        yield from lines
        self._flush()  # before polib reads the header entry's fields

    def _flush(self, owner: object = None, key: object = None) -> None:
        """Join the pending pieces: of ``owner``'s ``key`` only, or of every field."""
        if owner is not None:
            found = self._pending.pop((id(owner), key), None)
            pending = [] if found is None else [found]
        else:
            pending, self._pending = list(self._pending.values()), {}
        for target, name, pieces, _ in pending:
            _set(target, name, "".join(pieces))

    def _add(self, owner: object, key: object, piece: str, line: bool = False) -> None:
        """Append ``piece`` to ``owner``'s ``key`` (an item, when ``owner`` is a dict),
        after a line break when ``line`` and the text so far is not empty, as polib does.
        A short text is appended to at once, as polib does: the copy costs little."""
        pending = self._pending.get((id(owner), key)) if self._pending else None
        if pending is None:
            text = owner[key] if isinstance(owner, dict) else getattr(owner, str(key))
            if len(text) < _SHORT:
                _set(owner, key, text + "\n" + piece if line and text else text + piece)
                return
            pending = self._pending[(id(owner), key)] = [owner, key, [text], len(text)]
        if line and pending[3]:
            pending[2].append("\n")
            pending[3] += 1
        pending[2].append(piece)
        pending[3] += len(piece)

    # A keyword line sets its field anew: its pending pieces are joined first (only its
    # own, so that no other long field is copied again).
    handle_ct = _keyword("handle_ct", "msgctxt")
    handle_mi = _keyword("handle_mi", "msgid")
    handle_mp = _keyword("handle_mp", "msgid_plural")
    handle_ms = _keyword("handle_ms", "msgstr")
    handle_pc = _keyword("handle_pc", "previous_msgctxt")
    handle_pm = _keyword("handle_pm", "previous_msgid")
    handle_pp = _keyword("handle_pp", "previous_msgid_plural")

    def handle_mx(self) -> bool:
        if self._pending:
            for index in list(self.current_entry.msgstr_plural):
                self._flush(self.current_entry.msgstr_plural, index)
        return bool(polib._POFileParser.handle_mx(self))

    def handle_he(self) -> bool:
        self._add(self.instance, "header", self.current_token[2:], line=True)
        return True

    def _next_entry(self) -> None:
        if self.current_state in ("mc", "ms", "mx"):
            self.instance.append(self.current_entry)
            self.current_entry = polib.POEntry(linenum=self.current_line)

    def handle_tc(self) -> bool:
        self._next_entry()
        comment = self.current_token.lstrip("#")
        comment = comment[1:] if comment.startswith(" ") else comment
        self._add(self.current_entry, "tcomment", comment, line=True)
        return True

    def handle_gc(self) -> bool:
        self._next_entry()
        self._add(self.current_entry, "comment", self.current_token[3:], line=True)
        return True

    def handle_mc(self) -> bool:
        token = polib.unescape(self.current_token[1:-1])
        field = _CONTINUED.get(self.current_state)
        if field is not None:
            self._add(self.current_entry, field, token)
        elif self.current_state == "mx":
            self._add(self.current_entry.msgstr_plural, self.msgstr_index, token)
        return False  # the state stays


def _set(owner: object, key: object, text: str) -> None:
    if isinstance(owner, dict):
        owner[key] = text
    else:
        setattr(owner, str(key), text)


_READ_ONLY: dict[tuple[str, int, int], Catalog] = {}


def read_catalog_shared(path: Path, shown: str | None = None, root: Roots = None) -> Catalog:
    """Like read_catalog, but parsed once per file version and shared: callers must not
    modify the result (editions and checks only read)."""
    try:
        checked = project_file(path, root, "catalog", shown)
        stat = checked.stat()
    except (OSError, PubkitError):
        return read_catalog(path, shown, root)
    key = (str(checked), stat.st_mtime_ns, stat.st_size)
    if key not in _READ_ONLY:
        _READ_ONLY[key] = read_catalog(path, shown, root)
    return _READ_ONLY[key]


def write_catalog(catalog: Catalog, path: Path, root: Roots = None) -> bool:
    """Write atomically in msgcat's exact format; return False when the bytes are unchanged
    (compared with what :func:`existing_text` reads under ``root``)."""
    from pubkit.catalogs.poformat import format_po  # only writers need it: reading starts faster

    text = format_po(catalog)
    if existing_text(path, root) == text:
        return False
    write_atomic(path, text, root)
    return True


def existing_text(path: Path, root: Roots = None) -> str | None:
    """The text of the catalog a write would replace (as ``read_text`` reads it), if it
    is a regular file of the project under ``root`` that can be read: anything else there,
    a link or a pipe, is not read, and a write replaces it (never writes through it)."""
    try:
        text = read_project_bytes(path, root, "catalog").decode("utf-8")
    except (PubkitError, UnicodeDecodeError):
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
