"""The part of polib 1.2 that pubkit uses, typed (polib ships no annotations), so that
mypy checks every use of a catalog's entries and header. Types are what polib stores."""

from collections.abc import Iterable

class POEntry:
    msgid: str
    msgstr: str
    msgid_plural: str
    msgstr_plural: dict[int, str]  # form index -> text
    msgctxt: str | None
    obsolete: bool
    comment: str  # "#." lines: the extracted comment
    tcomment: str  # "# " lines: the translator's comment
    occurrences: list[tuple[str, str]]  # (path, line), the line "" when absent
    flags: list[str]
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    linenum: int | None  # set on every entry polib reads, None on one made in code
    def __init__(
        self,
        *,
        msgid: str = ...,
        msgstr: str = ...,
        msgid_plural: str = ...,
        msgstr_plural: dict[int, str] = ...,
        msgctxt: str | None = ...,
        obsolete: bool = ...,
        comment: str = ...,
        tcomment: str = ...,
        occurrences: list[tuple[str, str]] = ...,
        flags: list[str] = ...,
        previous_msgctxt: str | None = ...,
        previous_msgid: str | None = ...,
        previous_msgid_plural: str | None = ...,
        linenum: int | None = ...,
    ) -> None: ...

class POFile(list[POEntry]):
    header: str  # the comment above the header entry
    metadata: dict[str, str]  # the header entry's fields, in order
    # 0 or a bool when made in code; the header entry's flag list when read from a file
    metadata_is_fuzzy: int | list[str]
    wrapwidth: int
    def __init__(self, *, wrapwidth: int = ..., encoding: str = ...) -> None: ...
    def obsolete_entries(self) -> list[POEntry]: ...

def pofile(pofile: str, *, wrapwidth: int = ..., encoding: str = ...) -> POFile:
    """A catalog parsed from a file name or from the text itself."""

def unescape(st: str) -> str:
    """A PO string's escapes decoded."""

class _POFileParser:
    """polib's PO parser, private to polib: pubkit.catalogs.pofile subclasses it so that
    a field's lines are joined once (see its _Parser)."""

    fhandle: Iterable[str]
    instance: POFile
    current_entry: POEntry
    current_state: str
    current_token: str
    current_line: int
    msgstr_index: int
    def __init__(
        self, pofile: str, *, encoding: str, check_for_duplicates: bool, klass: type[POFile] | None
    ) -> None: ...
    def parse(self) -> POFile: ...
    def process(self, symbol: str) -> None: ...
    def handle_mx(self) -> bool: ...
