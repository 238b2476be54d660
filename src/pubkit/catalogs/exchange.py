"""A language's catalogs out to a CAT tool as XLIFF and its translations back in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pubkit.catalogs.pofile import Catalog, read_catalog, write_catalog
from pubkit.catalogs.workflow import Written
from pubkit.catalogs.xliff import Xliff, XliffFile, merge_units, read_xliff, units_of, write_xliff
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.writing import write_atomic


def export_xliff(project: Project, lang: str) -> str:
    """The XLIFF 2.1 of ``lang``'s catalogs, one ``<file>`` per publication."""
    project.language(lang)
    files = []
    for publication in project.publications:
        path = project.po_path(publication, lang)
        shown = project.relative(path)
        catalog = read_catalog(path, shown, project.root)
        files.append(XliffFile(publication.domain, shown, units_of(catalog)))
    return write_xliff(Xliff(project.source_language, lang, tuple(files)))


@dataclass(frozen=True)
class _Merged:
    catalog: Catalog
    path: str
    changed: int


def import_xliff(project: Project, data: bytes, shown: str) -> list[Written]:
    """Merge a translated XLIFF (``data``, named ``shown`` in errors) into the catalogs
    of its target language, each ``<file>`` into the publication whose domain is its id.
    Every file is merged before any catalog is written: an error leaves all as they were.
    The catalogs' headers are kept as they are; an unchanged catalog is not rewritten."""
    document = read_xliff(data, shown)
    lang = document.target_lang
    if lang not in {language.code for language in project.languages}:
        known = ", ".join(language.code for language in project.languages)
        raise PubkitError(
            f"trgLang {lang!r} is not a configured language (configured: {known})",
            shown,
            document.line,
        )
    if document.source_lang != project.source_language:
        raise PubkitError(
            f"srcLang {document.source_lang!r}: the project's source language is "
            f"{project.source_language!r}",
            shown,
            document.line,
        )
    domains = {publication.domain: publication for publication in project.publications}
    merged: list[_Merged] = []
    for xfile in document.files:
        publication = domains.get(xfile.id)
        if publication is None:
            raise PubkitError(
                f"<file id={xfile.id!r}> names no publication of the project "
                f"(their domains: {', '.join(domains)})",
                shown,
                xfile.line,
            )
        path = project.po_path(publication, lang)
        catalog = read_catalog(path, project.relative(path), project.root)
        changed = merge_units(catalog, xfile.units, shown)
        merged.append(_Merged(catalog, project.relative(path), changed))
    written = []
    for item in merged:
        if item.changed:
            write_catalog(item.catalog, project.root / item.path, project.root)
        written.append(Written(item.path, bool(item.changed), f"{item.changed} entries changed"))
    return written


def default_output(project: Project, name: str) -> Path:
    """Where ``pubkit export`` writes ``name`` unless told: dist/exchange/."""
    return project.dist_dir / "exchange" / name


def save(project: Project, path: Path, text: str, detail: str) -> Written:
    """Write an exported file, atomically, inside the project (or its dist folder)."""
    write_atomic(path, text, project.write_roots)
    return Written(project.relative(path), True, detail)
