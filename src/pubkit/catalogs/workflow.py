"""The catalog workflow of a project: extract, init, update, status and review."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pubkit.catalogs.merge import merge_catalog
from pubkit.catalogs.pofile import Catalog, existing_text, read_catalog, write_catalog
from pubkit.catalogs.review import Review, review_of, sign_off
from pubkit.catalogs.stats import Stats, catalog_stats
from pubkit.catalogs.template import (
    complete_header,
    init_catalog,
    keep_creation_date,
    make_template,
)
from pubkit.config import Project, Publication
from pubkit.errors import PubkitError
from pubkit.source.model import Document
from pubkit.source.reader import read_document
from pubkit.source.segments import extract_segments


@dataclass(frozen=True)
class Written:
    """A file a command considered, and whether its bytes changed."""

    path: str
    changed: bool
    detail: str = ""


def read_source(project: Project, publication: Publication) -> Document:
    """The publication's source document."""
    return read_document(
        publication.source, project.relative(publication.source), root=project.root
    )


def build_template(project: Project, publication: Publication, document: Document) -> Catalog:
    """The POT of ``document``, the publication's source. When only its date would change,
    it keeps the date of the POT on disk, so re-extracting an unchanged source rewrites no
    byte."""
    pot = make_template(extract_segments(document), publication.domain, document.meta.title.text)
    path = project.pot_path(publication)
    old = existing_text(path, project.root)
    if old is not None:
        keep_creation_date(pot, old)
    return pot


def extract(project: Project) -> list[Written]:
    """Write locale/<domain>.pot for every publication."""
    return [
        _write_template(project, p, build_template(project, p, read_source(project, p)))
        for p in project.publications
    ]


def _write_template(project: Project, publication: Publication, pot: Catalog) -> Written:
    path = project.pot_path(publication)
    changed = write_catalog(pot, path, project.root, project.relative(path))
    return Written(project.relative(path), changed, f"{len(pot)} entries")


def _check_languages(project: Project, langs: Sequence[str]) -> list[str]:
    for lang in langs:
        project.language(lang)
    return list(langs) or [lang.code for lang in project.languages]


def init(
    project: Project, langs: Sequence[str], *, translator: str | None = None, force: bool = False
) -> list[Written]:
    """Create each language's catalog from the template; never overwrite one without force."""
    written = []
    for publication in project.publications:
        document = read_source(project, publication)
        pot = build_template(project, publication, document)
        write_catalog(pot, project.pot_path(publication), project.root)
        title = document.meta.title.text
        for lang in _check_languages(project, langs):
            path = project.po_path(publication, lang)
            shown = project.relative(path)
            if os.path.lexists(path) and not force:
                raise PubkitError(
                    "catalog exists already; 'pubkit update' merges into it "
                    "('pubkit init --force' starts it again and loses its translations)",
                    shown,
                )
            credit = person_name(translator, "--translator") if translator is not None else None
            catalog = init_catalog(pot, lang, title, credit)
            write_catalog(catalog, path, project.root, shown)
            written.append(Written(shown, True, catalog.metadata["Plural-Forms"]))
    return written


def update(project: Project) -> list[Written]:
    """Re-extract, then merge the template into every existing catalog."""
    written = []
    for publication in project.publications:
        pot = build_template(project, publication, read_source(project, publication))
        written.append(_write_template(project, publication, pot))
        for language in project.languages:
            path = project.po_path(publication, language.code)
            if not os.path.lexists(path):
                continue
            shown = project.relative(path)
            old = read_catalog(path, shown, project.root)
            merged = merge_catalog(old, pot)
            complete_header(merged, pot, language.code)
            stats = catalog_stats(merged, language.code, language.code == project.source_language)
            obsolete = len(merged.obsolete_entries())
            changed = write_catalog(merged, path, project.root, shown)
            written.append(
                Written(
                    shown,
                    changed,
                    f"{stats.translated} translated, {stats.fuzzy} fuzzy, "
                    f"{stats.untranslated} untranslated, {obsolete} obsolete",
                )
            )
    return written


@dataclass(frozen=True)
class LanguageStatus:
    domain: str
    stats: Stats
    review: Review
    path: str


def status(project: Project, langs: Sequence[str] = ()) -> list[LanguageStatus]:
    """Completion per language and publication, read from the catalogs on disk."""
    result = []
    for publication in project.publications:
        for lang in _check_languages(project, langs):
            path = project.po_path(publication, lang)
            shown = project.relative(path)
            catalog = read_catalog(path, shown, project.root)
            is_source = lang == project.source_language
            stats = catalog_stats(catalog, lang, is_source)
            review = Review("source", None, None) if is_source else review_of(catalog)
            result.append(LanguageStatus(publication.domain, stats, review, shown))
    return result


def review(project: Project, lang: str, reviewer: str) -> list[Written]:
    """Record that ``reviewer`` signed off the catalogs of ``lang`` as they are now."""
    project.language(lang)
    reviewer = person_name(reviewer, "--by")
    from pubkit.checks.runner import check_project  # only review needs the rules

    errors = [f for f in check_project(project, [lang]) if f.severity == "error" and f.lang]
    if errors:
        first = errors[0]
        raise PubkitError(
            f"{lang}: cannot sign off: 'pubkit check {lang}' finds {len(errors)} error(s), "
            f"the first at {first.path}:{first.line}: {first.message}"
        )
    written = []
    for publication in project.publications:
        path = project.po_path(publication, lang)
        shown = project.relative(path)
        catalog = read_catalog(path, shown, project.root)
        sign_off(catalog, reviewer, lang, lang == project.source_language)
        written.append(
            Written(
                shown,
                write_catalog(catalog, path, project.root, shown),
                f"reviewed by {reviewer}",
            )
        )
    return written


def person_name(name: str, option: str) -> str:
    """A name to record in a catalog header: one line of printable text."""
    name = name.strip()
    if not name:
        raise PubkitError(f"{option} needs a name")
    if len(name.splitlines()) != 1 or any(unicodedata.category(char)[0] == "C" for char in name):
        raise PubkitError(f"{option}: a name cannot hold line breaks or control characters")
    return name
