"""PO files read and written: the reader, its shared cache and the msgcat writer."""

from __future__ import annotations

import os
from pathlib import Path

import polib

from pubkit.catalogs.poread import Catalog as Catalog  # the catalog type, read or made
from pubkit.catalogs.poread import charset_refusal, parse_po
from pubkit.errors import PubkitError
from pubkit.fileio import Roots, project_file, read_project_bytes, read_utf8
from pubkit.writing import write_atomic

FUZZY = "fuzzy"


def read_catalog(path: Path, shown: str | None = None, root: Roots = None) -> Catalog:
    """Parse a PO or POT file, a regular file of the project under ``root``
    (:func:`pubkit.fileio.project_file`), as GNU gettext reads it
    (:func:`pubkit.catalogs.poread.parse_po`); syntax errors are PubkitErrors at file:line."""
    shown = shown or str(path)
    if not os.path.lexists(path):
        raise PubkitError("catalog not found (create it with 'pubkit init LANG')", shown)
    return parse_po(read_utf8(path, shown, "catalog", root), shown)


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


def write_catalog(
    catalog: polib.POFile, path: Path, root: Roots = None, shown: str | None = None
) -> bool:
    """Write atomically in msgcat's exact format (:func:`catalog_text`); return False when
    the bytes are unchanged (compared with what :func:`existing_text` reads under ``root``)."""
    text = catalog_text(catalog, shown or str(path))
    if existing_text(path, root) == text:
        return False
    write_atomic(path, text, root)
    return True


def catalog_text(catalog: polib.POFile, shown: str) -> str:
    """The catalog as msgcat prints it; a PubkitError at the header of ``shown`` when
    msgcat would refuse it or read it in another charset than UTF-8."""
    from pubkit.catalogs.poformat import format_po, header_msgstr  # only writers need it

    text = format_po(catalog)
    problem = charset_refusal(header_msgstr(catalog) if text else "", text)
    if problem is not None:
        read = catalog.header_entry if isinstance(catalog, Catalog) else None
        raise PubkitError(problem, shown, read.linenum if read is not None else 1)
    return text


def existing_text(path: Path, root: Roots = None) -> str | None:
    """The text of the catalog a write would replace, its line ends as they are (a CRLF
    catalog is rewritten: msgcat keeps a carriage return in comments only), if it is a
    regular file of the project under ``root`` that can be read: anything else there, a
    link or a pipe, is not read, and a write replaces it (never writes through it)."""
    try:
        return read_project_bytes(path, root, "catalog").decode("utf-8")
    except (PubkitError, UnicodeDecodeError):
        return None
