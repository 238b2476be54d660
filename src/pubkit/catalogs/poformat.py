"""Serialize polib catalogs byte-identically to GNU msgcat 0.21 (UTF-8, width 79)."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence

import polib

from pubkit.catalogs.linebreak import columns, first_line_breaks, width_breaks
from pubkit.catalogs.poread import Catalog, Entry, header_text, lone_blank

PAGE_WIDTH = 79
_NO_WRAP_WIDTH = 2**31 - 1  # msgcat uses INT_MAX for entries flagged no-wrap


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
    prohibit: list[bool] = []
    last = 0
    for match in _NEEDS_ESCAPE.finditer(text):
        # never between the backslash and the escaped character
        prohibit += protected[last : match.end()]
        prohibit.append(True)
        last = match.end()
    if not last:
        return text, list(protected)
    prohibit += protected[last:]
    if text.endswith("\n"):
        prohibit[-2] = True  # never break right before a final \n
    return _NEEDS_ESCAPE.sub(_escaped, text), prohibit


def _escaped(match: re.Match[str]) -> str:
    return "\\" + _ESCAPES[match[0]]


def _wrap(
    prefix: str, keyword: str, value: str, do_wrap: bool, language: str | None
) -> tuple[str, ...]:
    """Lines of ``keyword "value"`` as gettext's wrap() writes them."""
    # Most values fit on their first line (at most a final newline, and escaped no wider
    # than the room after `keyword "`): no break is then possible.
    room = PAGE_WIDTH - 3 - len(prefix) - len(keyword)
    if _NEEDS_ESCAPE.search(value) is None:
        if (
            not do_wrap
            or len(value) <= room // 2
            or (len(value) <= room and columns(value) <= room)
        ):
            return (f'{prefix}{keyword} "{value}"',)
    elif "\n" not in value[:-1]:
        text = _NEEDS_ESCAPE.sub(_escaped, value)
        if not do_wrap or columns(text) <= room:
            return (f'{prefix}{keyword} "{text}"',)
    return _wrap_lines(prefix, keyword, value, do_wrap, language)


@functools.lru_cache(maxsize=65536)
def _wrap_lines(
    prefix: str, keyword: str, value: str, do_wrap: bool, language: str | None
) -> tuple[str, ...]:
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
        # msgcat starts the string on a line of its own, after `keyword ""`, when it
        # has more than one portion or would break on the first line.
        if not (first_line and text):
            breaks = width_breaks(text, prohibit, width, 0)
        elif offset < len(value) or first_column > width:
            first_line, breaks = False, width_breaks(text, prohibit, width, 0)
        else:
            restart, breaks = first_line_breaks(text, prohibit, width, first_column)
            first_line = not restart
        if not first_line and not lines:
            lines.append(f'{prefix}{keyword} ""')  # msgcat's empty first line
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
        # gettext splits a flag line at commas and ASCII white space alike.
        tokens = iter(re.split(r"[\n \t\r\f\v,]+", ",".join(raw)))
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
        # Language whose directives msgcat protects from line breaks.
        self.parsing_language = next(
            (name for name in _FORMAT_LANGUAGES if self.formats.get(name) in ("yes", "possible")),
            None,
        )

    @functools.cache  # noqa: B019 (few distinct flag lines, each kept by _flags)
    def line(self, show_fuzzy: bool, show_range: bool) -> tuple[str, ...]:
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
        return ("#, " + ", ".join(names),) if names else ()


@functools.lru_cache(maxsize=1024)
def _flags(raw: tuple[str, ...]) -> _Flags:
    """The flags of an entry: catalogs repeat a few flag lines many times."""
    return _Flags(raw)


def _comment_lines(marker: str, text: str | None, lone_blank: frozenset[str]) -> list[str]:
    if not text:
        return [marker] if marker in lone_blank else []
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def _reference_lines(occurrences: Iterable[tuple[str, str]]) -> list[str]:
    lines: list[str] = []
    line, column = "#:", 2
    seen: set[tuple[str, int | None]] = set()
    for path, lineno in occurrences:
        number = int(lineno) if lineno.isascii() and lineno.isdigit() else None
        if (path, number) in seen:  # msgcat drops exact duplicates (before "./" removal)
            continue
        seen.add((path, number))
        while path.startswith("./"):
            path = path[2:]
        suffix = "" if number is None else f":{number}"
        width = (len(path) if path.isascii() else len(path.encode("utf-8"))) + len(suffix) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        if " " in path or "\t" in path or "\n" in path:
            path = f"\u2068{path}\u2069"
        line += f" {path}{suffix}"
        column += width
    return [*lines, line] if seen else []


def _msgstrs(entry: polib.POEntry) -> list[str]:
    if not entry.msgid_plural:
        return [entry.msgstr or ""]
    forms = entry.msgstr_plural or {0: "", 1: ""}
    return [forms[key] for key in sorted(forms)]


def _entry_lines(entry: polib.POEntry, flags: _Flags, obsolete: bool) -> list[str]:
    msgstrs = _msgstrs(entry)
    prefix, previous = ("#~ ", "#~| ") if obsolete else ("", "#| ")
    lang = flags.parsing_language
    blank = lone_blank(entry)
    lines = _comment_lines("#", entry.tcomment, blank)
    lines += _comment_lines("#.", entry.comment, blank)
    lines += _reference_lines(entry.occurrences)
    lines += flags.line(show_fuzzy=obsolete or msgstrs[0] != "", show_range=not obsolete)
    previous_fields = (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    )
    for field, value in previous_fields:
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


def _header_entry(po: polib.POFile) -> polib.POEntry:
    """The header entry, rebuilt from the POFile attributes polib keeps it in: for a
    catalog read from a file, its lines as they were where the fields say the same."""
    read = po.header_entry if isinstance(po, Catalog) else None
    if read is None:
        fields = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
        return polib.POEntry(msgid="", msgstr=fields, tcomment=po.header)
    entry = Entry(
        msgid="",
        msgstr=header_text(read.msgstr, po.metadata),
        tcomment=po.header,
        comment=read.comment,
        occurrences=read.occurrences,
        previous_msgctxt=read.previous_msgctxt,
        previous_msgid=read.previous_msgid,
        previous_msgid_plural=read.previous_msgid_plural,
    )
    entry.lone_blank = lone_blank(read) - ({"#"} if po.header else set())
    return entry


def _header_flags(po: polib.POFile) -> _Flags:
    fuzzy = po.metadata_is_fuzzy  # polib stores the header's flag list here
    if isinstance(fuzzy, (list, tuple)):
        return _Flags(fuzzy)
    return _Flags(["fuzzy"] if fuzzy else [])


def _has_header(po: polib.POFile) -> bool:
    read = isinstance(po, Catalog) and po.header_entry is not None
    fuzzy = po.metadata_is_fuzzy
    return read or bool(po.header or po.metadata or fuzzy) or isinstance(fuzzy, list)


def header_msgstr(po: polib.POFile) -> str:
    """The msgstr of the header entry :func:`format_po` writes ("" when none)."""
    return _header_entry(po).msgstr if _has_header(po) else ""


def format_po(po: polib.POFile) -> str:
    """Return the catalog as GNU msgcat would print it."""
    if len(po) == 0:
        return ""  # msgcat writes nothing for a catalog that holds at most a header
    blocks: list[list[str]] = []
    if _has_header(po):
        blocks.append(_entry_lines(_header_entry(po), _header_flags(po), obsolete=False))
    for entry in po:
        if not entry.obsolete:
            blocks.append(_entry_lines(entry, _flags(tuple(entry.flags)), obsolete=False))
    for entry in po:
        if entry.obsolete and _msgstrs(entry)[0]:  # msgcat drops untranslated obsolete entries
            blocks.append(_entry_lines(entry, _flags(tuple(entry.flags)), obsolete=True))
    return "\n".join("\n".join(block) + "\n" for block in blocks)
