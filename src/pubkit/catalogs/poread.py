"""PO text read as GNU gettext 0.21 reads it, into polib's model and what that cannot hold."""

from __future__ import annotations

import re
from collections.abc import Iterator

import polib

from pubkit.errors import PubkitError


class Entry(polib.POEntry):
    """polib's entry, and what its fields cannot say: which comment blocks are one empty
    line (``#`` or ``#.`` alone), whose text "" cannot be told from no comment."""

    lone_blank: frozenset[str] = frozenset()  # of "#" (translator) and "#." (extracted)


class Catalog(polib.POFile):
    """polib's catalog, and its header entry as read: the writer keeps its lines (spacing,
    order, duplicates) where ``metadata`` still holds what they say, and its other parts."""

    header_entry: polib.POEntry | None = None


def lone_blank(entry: polib.POEntry) -> frozenset[str]:
    """The comment blocks of ``entry`` that are one empty line (see :class:`Entry`)."""
    return entry.lone_blank if isinstance(entry, Entry) else frozenset()


# -- header fields ----------------------------------------------------------------------------


def header_fields(text: str) -> Iterator[tuple[str | None, str, str, str]]:
    """The fields of a header entry's msgstr as polib reads them, each as (name, value,
    its line, the lines after it): a line "Name: value", then the lines without a colon,
    which polib adds to its value and gettext keeps as lines of their own. Lines before
    the first field have no name. Linear in the text (polib appends each such line to the
    value: quadratic in their number)."""
    name: str | None = None
    values: list[str] = []
    first, rest = "", list[str]()
    for line in text.splitlines(keepends=True):
        content = line.splitlines()[0]
        if ":" in content:
            if first or rest:
                yield name, "\n".join(values), first, "".join(rest)
            key, value = content.split(":", 1)
            name, values, first, rest = key, [value.strip()], line, []
        else:
            if name is not None:
                values.append(content.strip())
            rest.append(line)
    if first or rest:
        yield name, "\n".join(values), first, "".join(rest)


def read_metadata(text: str) -> dict[str, str]:
    """The header fields as polib's ``metadata`` holds them (the last of a repeated name)."""
    return {name: value for name, value, _, _ in header_fields(text) if name is not None}


def header_text(raw: str, metadata: dict[str, str]) -> str:
    """The header msgstr for ``metadata``, keeping every line of ``raw`` (the msgstr as
    read) whose field still says the same: a changed field's line is written "Name:
    value" where it was, a removed one's goes, a new field comes last; the lines without
    a colon after a field stay."""
    fields = list(header_fields(raw))
    read = {name: value for name, value, _, _ in fields if name is not None}
    if read == metadata:
        return raw
    out: list[str] = []
    written: set[str] = set()
    for name, _, line, rest in fields:
        if name is None or read[name] == metadata.get(name):
            out.append(line)
        elif name in metadata and name not in written:
            out.append(f"{name}: {metadata[name]}\n")
            written.add(name)
        out.append(rest)
    added = [f"{name}: {value}\n" for name, value in metadata.items() if name not in read]
    if added and out and not "".join(out).endswith("\n"):
        out.append("\n")
    return "".join(out + added)


# -- the reader ---------------------------------------------------------------------------

_SPACE = " \t\r\f\v"  # what gettext's lexer skips between tokens ("\n" ends a line)
_STRING = r'"([^"\\]*+(?:\\.[^"\\]*+)*+)"'
_KEYWORD = r"(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)"
_ONE_STRING = re.compile(rf"[ \t\r\f\v]*+{_STRING}[ \t\r\f\v]*+")
_KEYWORD_AND_STRING = re.compile(rf"{_KEYWORD}[ \t\r\f\v]*+{_STRING}[ \t\r\f\v]*+")
_KEYWORD_ALONE = re.compile(rf"{_KEYWORD}(?![\w\[])")
_STRINGS = re.compile(rf"[ \t\r\f\v]*+(?:{_STRING}[ \t\r\f\v]*+)*+")
_EACH_STRING = re.compile(_STRING)
_ESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_UNESCAPED.update({"\\": "\\", '"': '"'})
_BAD_ESCAPE = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]*)")  # named whole in a refusal
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")  # gettext's, in po_parse_comment_special
_REFERENCE_SPACE = re.compile(r"[ \t\n]+")  # gettext's, in po_parse_comment_filepos
_BLANK_ENTRY = vars(polib.POEntry())  # every attribute polib's constructor sets

# What the entry being read has reached: each keyword moves it on.
_COMMENTS, _PREVIOUS, _MSGCTXT, _MSGID, _PLURAL, _MSGSTR = range(6)
_PREVIOUS_FIELDS = ("previous_msgctxt", "previous_msgid", "previous_msgid_plural")


def _unescape(text: str, reader: _Reader, number: int) -> str:
    """A string's escapes decoded as gettext decodes them; octal and hex escapes, which
    stand for bytes, are refused."""
    if "\\" not in text:
        return text

    def decoded(escape: re.Match[str]) -> str:
        char = _UNESCAPED.get(escape.group(1))
        if char is None:
            bad = _BAD_ESCAPE.match(text, escape.start())
            raise PubkitError(
                f"unsupported escape sequence {(bad or escape).group(0)!r} in a string: "
                "write the character itself (msgcat --no-escape rewrites octal escapes)",
                reader.shown,
                number,
            )
        return char

    return _ESCAPE.sub(decoded, text)


class _Reader:
    """One pass over the lines, each entry's fields kept as lists of pieces, joined once
    (polib appends each line to the text so far: quadratic in a field's lines)."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.entries: list[Entry] = []
        self._new_entry()

    def _new_entry(self) -> None:
        self.first: int | None = None  # the entry's first line: a comment or a keyword
        self.state = _COMMENTS
        self.obsolete = False  # of its keyword lines, the first of which sets it
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.fields: dict[str, list[str]] = {}
        self.plural: list[list[str]] = []
        self.pieces: list[str] | None = None  # the field continuation lines add to,
        self.previous = False  # whether it is a "#|" one,
        self.keyword = ""  # its keyword
        self.keyword_line = 0  # and line
        self.msgid_line = 0

    def error(self, message: str, number: int) -> PubkitError:
        return PubkitError(f"invalid PO syntax: {message}", self.shown, number)

    def read(self, text: str) -> list[Entry]:
        # The usual lines, a string continuing a field, a keyword and its string, and a
        # comment, are told apart here at once; the rest goes to _line.
        one_string = _ONE_STRING.fullmatch
        keyword_and_string = _KEYWORD_AND_STRING.fullmatch
        for number, line in enumerate(text.split("\n"), start=1):
            first = line[:1]
            if first == '"':
                pieces = self.pieces
                found = one_string(line)
                if found and pieces is not None and not (self.obsolete or self.previous):
                    value = found.group(1)
                    pieces.append(_unescape(value, self, number) if "\\" in value else value)
                    continue
            elif first == "m":
                found = keyword_and_string(line)
                if found is not None:
                    pieces = self._keyword(found.group(1), found.group(2), number, False, False)
                    value = found.group(3)
                    pieces.append(_unescape(value, self, number) if "\\" in value else value)
                    continue
            elif first == "#" and line[1:2] not in ("~", "|"):
                self._comment(line, number)
                continue
            elif not first:
                continue
            self._line(line.lstrip(_SPACE), number)
        self._end()
        return self.entries

    def _line(self, line: str, number: int) -> None:
        """A line of any other form: indented, "#~" or "#|", several strings, an error."""
        obsolete = previous = False
        while line[:1] == "#" and line[1:2] in ("~", "|"):  # "#~", "#~|", "#|" prefixes
            if line[1] == "~":
                obsolete = True
                line = line[2:]
                if line[:1] == "|":
                    previous, line = True, line[1:]
            else:
                previous, line = True, line[2:]
            line = line.lstrip(_SPACE)
        first = line[:1]
        if not first:
            if previous:
                raise self.error("a '#|' line without a keyword or string", number)
        elif first == "#" and not previous:
            self._comment(line, number)
        elif first == '"':
            if self.pieces is None or previous != self.previous:
                raise self.error("a string that continues no keyword", number)
            if obsolete != self.obsolete:
                raise self.error("inconsistent use of #~ in an entry", number)
            self.pieces += self._strings(line, number)
        elif first == "m" and (keyword := _KEYWORD_ALONE.match(line)) is not None:
            pieces = self._keyword(keyword.group(1), keyword.group(2), number, obsolete, previous)
            pieces += self._strings(line[keyword.end() :], number)
        else:
            raise self.error("expected a keyword and a quoted string", number)

    def _strings(self, text: str, number: int) -> list[str]:
        """The strings of ``text``, none or more, decoded; anything else is refused."""
        one = _ONE_STRING.fullmatch(text)
        if one is not None:
            return [_unescape(one.group(1), self, number)]
        if _STRINGS.fullmatch(text) is None:
            raise self.error("expected a keyword and a quoted string", number)
        return [_unescape(s.group(1), self, number) for s in _EACH_STRING.finditer(text)]

    def _comment(self, line: str, number: int) -> None:
        """A "#", "#.", "#:" or "#," line (or "#!", which gettext reads as "#,")."""
        state = self.state
        if state != _COMMENTS:
            if state == _MSGSTR:
                self._end()
            elif state in (_MSGID, _PLURAL):
                raise self.error("msgid without msgstr", self.msgid_line)
            else:
                raise self.error("a comment inside an entry", number)
        if self.first is None:
            self.first = number
        kind = line[1:2]
        if kind == ".":
            text = line[2:]
            self.comment.append(text[1:] if text[:1] == " " else text)
        elif kind == ":":
            self.occurrences += _references(line[2:])
        elif kind in (",", "!"):
            self.flags += [flag for flag in _FLAG_SEPARATORS.split(line[2:]) if flag]
        elif (reference := _solaris(line[1:])) is None:
            text = line[1:]
            self.tcomment.append(text[1:] if text[:1] == " " else text)
        elif " " in reference[0] or "\t" in reference[0]:
            raise PubkitError(
                "a Solaris-style reference to a file name with spaces: write it as "
                '"#: NAME:LINE" (msgcat would write the name without isolating it)',
                self.shown,
                number,
            )
        else:
            self.occurrences.append(reference)

    def _keyword(
        self, keyword: str, index: str | None, number: int, obsolete: bool, previous: bool
    ) -> list[str]:
        """A keyword line: the entry moves on to the field it starts, whose pieces (none
        yet: its strings come next) this returns."""
        if self.state == _MSGSTR and (index is None or not self.plural or previous):
            self._end()
        if self.pieces is not None and not self.pieces:
            raise self.error(f"{self.keyword} without a string", self.keyword_line)
        if self.first is None:
            self.first = number
        if self.state == _COMMENTS and not self.fields:
            self.obsolete = obsolete
        elif obsolete != self.obsolete:
            raise self.error("inconsistent use of #~ in an entry", number)
        pieces = self._previous(keyword, number) if previous else self._main(keyword, index, number)
        self.pieces, self.previous = pieces, previous
        self.keyword = f"#| {keyword}" if previous else keyword
        self.keyword_line = number
        return pieces

    def _previous(self, keyword: str, number: int) -> list[str]:
        field = f"previous_{keyword}"
        if self.state not in (_COMMENTS, _PREVIOUS) or field not in _PREVIOUS_FIELDS:
            raise self.error(f"unexpected '#| {keyword}'", number)
        done = [name for name in _PREVIOUS_FIELDS if name in self.fields]
        expected = {
            "previous_msgctxt": not done,
            "previous_msgid": done in ([], ["previous_msgctxt"]),
            "previous_msgid_plural": done[-1:] == ["previous_msgid"],
        }
        if not expected[field]:
            raise self.error(f"unexpected '#| {keyword}'", number)
        self.state = _PREVIOUS
        pieces: list[str] = []
        self.fields[field] = pieces
        return pieces

    def _main(self, keyword: str, index: str | None, number: int) -> list[str]:
        state = self.state
        if state == _PREVIOUS and "previous_msgid" not in self.fields:
            raise self.error("'#| msgctxt' without '#| msgid'", number)
        if index is not None:
            if state == _MSGID:
                raise self.error(
                    "msgstr[N] without msgid_plural: a singular message has one msgstr", number
                )
            if state not in (_PLURAL, _MSGSTR):
                raise self.error(f"unexpected {keyword}", number)
            if int(index) != len(self.plural):
                raise self.error(
                    f"msgstr[{index}] out of order: expected msgstr[{len(self.plural)}]", number
                )
            self.state = _MSGSTR
            self.plural.append([])
            return self.plural[-1]
        if keyword == "msgid" and state in (_COMMENTS, _PREVIOUS, _MSGCTXT):
            self.state, self.msgid_line = _MSGID, number
        elif state in (_MSGID, _PLURAL) and keyword in ("msgctxt", "msgid"):
            raise self.error("msgid without msgstr", self.msgid_line)
        elif keyword == "msgctxt" and state in (_COMMENTS, _PREVIOUS):
            self.state = _MSGCTXT
        elif keyword == "msgid_plural" and state == _MSGID:
            self.state = _PLURAL
        elif keyword == "msgstr" and state == _MSGID:
            self.state = _MSGSTR
        elif keyword == "msgstr" and state == _PLURAL:
            raise self.error("msgid_plural needs msgstr[0], msgstr[1]…, not msgstr", number)
        else:
            raise self.error(f"unexpected {keyword}", number)
        pieces: list[str] = []
        self.fields[keyword] = pieces
        return pieces

    def _end(self) -> None:
        """Finish the entry read so far: a new one starts, or the text ends."""
        state = self.state
        if state in (_PREVIOUS, _MSGCTXT):
            raise self.error("an entry without msgid", self.keyword_line)
        if state in (_MSGID, _PLURAL):
            raise self.error("msgid without msgstr", self.msgid_line)
        if state == _MSGSTR:
            if not self.pieces:
                raise self.error(f"{self.keyword} without a string", self.keyword_line)
            self.entries.append(self._entry())
        self._new_entry()  # comments at the end of the text belong to no entry

    def _entry(self) -> Entry:
        fields = self.fields
        entry = Entry.__new__(Entry)  # as polib's constructor makes it, without its cost
        entry.__dict__.update(_BLANK_ENTRY)
        entry.msgid = "".join(fields["msgid"])
        entry.msgstr = "".join(fields["msgstr"]) if "msgstr" in fields else ""
        entry.msgstr_plural = {n: "".join(p) for n, p in enumerate(self.plural)}
        entry.obsolete = self.obsolete
        entry.tcomment = "\n".join(self.tcomment)
        entry.comment = "\n".join(self.comment)
        entry.occurrences = self.occurrences
        entry.flags = self.flags
        entry.linenum = self.first
        if self.plural:
            entry.msgid_plural = "".join(fields["msgid_plural"])
            if not entry.msgid_plural:  # polib's model cannot tell it from none
                raise self.error("an empty msgid_plural", self.msgid_line)
        if len(fields) > 2:  # more than msgid and msgstr, or msgid and msgid_plural
            for name in ("msgctxt", *_PREVIOUS_FIELDS):
                if name in fields:
                    setattr(entry, name, "".join(fields[name]))
        if self.tcomment == [""] or self.comment == [""]:
            blank = (("#", self.tcomment), ("#.", self.comment))
            entry.lone_blank = frozenset(marker for marker, lines in blank if lines == [""])
        return entry


def _references(text: str) -> list[tuple[str, str]]:
    """The (file, line) pairs of a "#:" line as gettext 0.21 reads them: names split at
    spaces and tabs only (a name its writer isolated between U+2068 and U+2069 because it
    holds a space is two names to its reader, and so here), each followed by ":LINE",
    ": LINE", " : LINE" or " :LINE", or by nothing."""
    found: list[tuple[str, str]] = []
    tokens = _REFERENCE_SPACE.split(text.strip(" \t\n"))
    count, i = len(tokens), 0
    while i < count:
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < count else ""
        if following == ":" and i + 2 < count and _digits(tokens[i + 2]):
            found.append((token, tokens[i + 2]))
            i += 3
        elif following[:1] == ":" and _digits(following[1:]):
            found.append((token, following[1:]))
            i += 2
        elif token.endswith(":") and _digits(following):
            found.append((token[:-1], following))
            i += 2
        else:
            name, colon, number = token.rpartition(":")
            found.append((name, number) if colon and name and _digits(number) else (token, ""))
            i += 1
    return [(name, number) for name, number in found if name or number]


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _solaris(text: str) -> tuple[str, str] | None:
    """The (file, line) of a Solaris-style comment ("# File: NAME, line: LINE"), which
    gettext reads as a reference, if ``text`` (what follows "#") is one."""
    found = _SOLARIS.fullmatch(text)
    return None if found is None else (found.group(1), found.group(2))


_SOLARIS = re.compile(
    r" [Ff]ile:[ \t]*+(.*?)[ \t]*+,[ \t]*+line[ \t]*+(?:number[ \t]*+)?:([0-9]+)[ \t\n]*+",
    re.DOTALL,
)


def parse_po(text: str, shown: str) -> Catalog:
    """The catalog ``text`` holds, read as GNU gettext reads it; what gettext refuses, and
    the few forms pubkit cannot write back as msgcat does, are PubkitErrors at file:line."""
    reader = _Reader(shown)
    entries = reader.read(text)
    catalog = Catalog(wrapwidth=79)
    seen: dict[tuple[str | None, str], int] = {}
    for position, entry in enumerate(entries):
        key = (entry.msgctxt, entry.msgid)
        first = entry.linenum or 1
        if key in seen:
            raise PubkitError(f"duplicate entry (first at line {seen[key]})", shown, first)
        seen[key] = first
        if entry.msgid or entry.msgctxt is not None or entry.obsolete:
            catalog.append(entry)
            continue
        if position:
            raise PubkitError('the header entry (msgid "") must come first', shown, first)
        if entry.msgid_plural:
            raise PubkitError("a header entry has no plural forms", shown, first)
        catalog.header_entry = entry
        catalog.header = entry.tcomment
        catalog.metadata = read_metadata(entry.msgstr)
        catalog.metadata_is_fuzzy = list(entry.flags)
    return catalog


_PORTABLE = re.compile(
    r"UTF-8|ASCII|US-ASCII|ANSI_X3\.4-1968|ISO-8859-(?:[1-9]|1[0345])|KOI8-[RUT]|CP(?:850|866|874"
    r"|932|949|950|125[0-8])|GB2312|EUC-(?:JP|KR|TW)|BIG5(?:-HKSCS)?|GBK|GB18030|SHIFT_JIS|JOHAB"
    r"|TIS-620|VISCII|GEORGIAN-PS",
    re.IGNORECASE,
)
"""The charset names gettext calls portable: msgcat refuses a catalog declaring another.
Reading does not refuse one (check reports it where it is); writing does
(:func:`pubkit.catalogs.pofile.catalog_text`)."""


def charset_refusal(header: str, text: str) -> str | None:
    """Why msgcat would refuse ``text`` (a catalog whose header entry's msgstr is
    ``header``) for its charset, or read it otherwise than as UTF-8, if it would: a charset
    name gettext does not know, non-ASCII text without a charset or in another one."""
    start = header.find("charset=")
    if start < 0:
        if text.isascii():
            return None
        return (
            "a catalog holding non-ASCII text needs a header entry declaring its charset "
            '(msgid "" with "Content-Type: text/plain; charset=UTF-8\\n"), as msgcat does'
        )
    charset = re.split(r"[ \t\n]", header[start + 8 :], maxsplit=1)[0]
    if _PORTABLE.fullmatch(charset) is None:
        return f"the header declares charset {charset!r}, which msgcat refuses"
    if charset.upper() != "UTF-8" and not text.isascii():
        return f"the header declares charset {charset!r}: pubkit writes UTF-8 catalogs"
    return None
