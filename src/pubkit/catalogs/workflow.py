"""The catalog workflow of a project: extract, init, update, status and review."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pubkit.catalogs.memory import memory, prefill
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
from pubkit.config import THEME_DOMAIN, Project, Publication
from pubkit.errors import PubkitError
from pubkit.locales.typography import conventions
from pubkit.source.model import Document
from pubkit.source.reader import read_document
from pubkit.source.segments import extract_segments
from pubkit.theme.catalogs import new_theme_catalog, theme_template


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
    """Write locale/<domain>.pot for every publication, and the theme's words'
    template, locale/pubkit-theme.pot."""
    sources = [(p, read_source(project, p)) for p in project.publications]
    written = [
        _write_template(project, p, build_template(project, p, document)) for p, document in sources
    ]
    return [*written, _write_theme_template(project, theme_template(project, sources))]


def _write_template(project: Project, publication: Publication, pot: Catalog) -> Written:
    path = project.pot_path(publication)
    changed = write_catalog(pot, path, project.root)
    return Written(project.relative(path), changed, f"{len(pot)} entries")


def _write_theme_template(project: Project, pot: Catalog) -> Written:
    path = project.theme_pot_path
    changed = write_catalog(pot, path, project.root)
    return Written(project.relative(path), changed, f"{len(pot)} entries (the theme's words)")


def _new_theme_catalog(
    project: Project, pot: Catalog, lang: str, translator: str | None, why: str
) -> Written:
    """Create the catalog of the theme's words in ``lang`` (prefilled where the theme
    ships a translation)."""
    path = project.theme_po_path(lang)
    catalog, filled = new_theme_catalog(project, pot, lang, translator)
    write_catalog(catalog, path, project.root)
    prefilled = f", {filled} filled from the theme's own translation" if filled else ""
    return Written(project.relative(path), True, f"{why}{prefilled}")


def _check_languages(project: Project, langs: Sequence[str]) -> list[str]:
    for lang in langs:
        project.language(lang)
    return list(langs) or [lang.code for lang in project.languages]


def init(
    project: Project, langs: Sequence[str], *, translator: str | None = None, force: bool = False
) -> list[Written]:
    """Create each language's catalog of every publication from its template, prefilled
    from the project's other publications, and its catalog of the theme's words. A
    language whose every catalog exists is refused without force; one that a publication
    new to the project lacks gets that catalog, and its existing ones are left as they
    are (update merges into them)."""
    codes = _check_languages(project, langs)
    credit = person_name(translator, "--translator") if translator is not None else None
    for lang in codes:
        paths = [project.po_path(publication, lang) for publication in project.publications]
        if not force and all(os.path.lexists(path) for path in paths):
            raise PubkitError(
                "catalog exists already; 'pubkit update' merges into it "
                "('pubkit init --force' starts it again and loses its translations)",
                project.relative(paths[0]),
            )
        conventions(lang)  # says now if pubkit has no typographic data for the language
    written = []
    sources = [(p, read_source(project, p)) for p in project.publications]
    theme_pot = theme_template(project, sources)  # a design error stops init before writing
    for publication, document in sources:
        pot = build_template(project, publication, document)
        write_catalog(pot, project.pot_path(publication), project.root)
        title = document.meta.title.text
        for lang in codes:
            path = project.po_path(publication, lang)
            shown = project.relative(path)
            if os.path.lexists(path) and not force:
                written.append(Written(shown, False, "exists: kept ('pubkit update' merges)"))
                continue
            catalog = init_catalog(pot, lang, title, credit)
            prefilled = _prefill(project, publication, lang, catalog)
            write_catalog(catalog, path, project.root)
            detail = " ".join(filter(None, [catalog.metadata["Plural-Forms"], prefilled]))
            written.append(Written(shown, True, detail))
    write_catalog(theme_pot, project.theme_pot_path, project.root)
    for lang in codes:
        path = project.theme_po_path(lang)
        if os.path.lexists(path) and not force:
            written.append(
                Written(project.relative(path), False, "exists; 'pubkit update' merges into it")
            )
            continue
        written.append(_new_theme_catalog(project, theme_pot, lang, credit, "the theme's words"))
    return written


def _prefill(project: Project, publication: Publication, lang: str, catalog: Catalog) -> str:
    """Prefill ``catalog`` from the project's other publications (:mod:`memory`), and
    say how many entries it took; the source language's catalog, whose translations
    correct the source, takes none."""
    if lang == project.source_language:
        return ""
    return str(prefill(catalog, memory(project, publication, lang)))


CREATED = "created: a configured language without a catalog"


def update(project: Project) -> list[Written]:
    """Re-extract, then merge the template into every catalog, the theme's words' too;
    a configured language without a catalog gets one, and the report says so.
    Untranslated entries are prefilled from the project's other publications
    (:mod:`pubkit.catalogs.memory`)."""
    written = []
    sources = []
    for publication in project.publications:
        document = read_source(project, publication)
        sources.append((publication, document))
        pot = build_template(project, publication, document)
        written.append(_write_template(project, publication, pot))
        for language in project.languages:
            path = project.po_path(publication, language.code)
            if not os.path.lexists(path):  # a language or a publication new to the project
                catalog = init_catalog(pot, language.code, document.meta.title.text, None)
                prefilled = _prefill(project, publication, language.code, catalog)
                write_catalog(catalog, path, project.root)
                detail = CREATED + (f"; {prefilled}" if prefilled else "")
                written.append(Written(project.relative(path), True, detail))
                continue
            written.append(_merge(project, path, pot, language.code, publication))
    theme_pot = theme_template(project, sources)
    written.append(_write_theme_template(project, theme_pot))
    for language in project.languages:
        path = project.theme_po_path(language.code)
        if not os.path.lexists(path):
            written.append(_new_theme_catalog(project, theme_pot, language.code, None, CREATED))
            continue
        written.append(_merge(project, path, theme_pot, language.code))
    return written


def _merge(
    project: Project, path: Path, pot: Catalog, lang: str, publication: Publication | None = None
) -> Written:
    """Merge ``pot`` into the catalog at ``path``, never losing a translation; a
    publication's untranslated entries are prefilled from the project's others."""
    shown = project.relative(path)
    old = read_catalog(path, shown, project.root)
    merged = merge_catalog(old, pot)
    prefilled = "" if publication is None else _prefill(project, publication, lang, merged)
    complete_header(merged, pot, lang)
    stats = catalog_stats(merged, lang, lang == project.source_language)
    obsolete = len(merged.obsolete_entries())
    changed = write_catalog(merged, path, project.root, shown)
    return Written(
        shown,
        changed,
        f"{stats.translated} translated, {stats.fuzzy} fuzzy, "
        f"{stats.untranslated} untranslated, {obsolete} obsolete"
        + (f"; {prefilled}" if prefilled else ""),
    )


@dataclass(frozen=True)
class LanguageStatus:
    domain: str
    stats: Stats
    review: Review
    path: str


def status(project: Project, langs: Sequence[str] = ()) -> list[LanguageStatus]:
    """Completion per language and publication, read from the catalogs on disk."""
    result = []
    codes = _check_languages(project, langs)
    domains: list[tuple[str, Publication | None]] = [(p.domain, p) for p in project.publications]
    domains.append((THEME_DOMAIN, None))
    for domain, publication in domains:
        for lang in codes:
            path = (
                project.theme_po_path(lang)
                if publication is None
                else project.po_path(publication, lang)
            )
            shown = project.relative(path)
            if domain == THEME_DOMAIN and not os.path.lexists(path):
                continue  # its words print from the theme's own translation, or fall back
            catalog = read_catalog(path, shown, project.root)
            is_source = lang == project.source_language
            stats = catalog_stats(catalog, lang, is_source)
            review = Review("source", None, None) if is_source else review_of(catalog)
            result.append(LanguageStatus(domain, stats, review, shown))
    return result


def review(project: Project, lang: str, reviewer: str) -> list[Written]:
    """Record that ``reviewer`` signed off the catalogs of ``lang`` as they are now."""
    project.language(lang)
    reviewer = person_name(reviewer, "--by")
    from pubkit.checks.runner import check_project  # only review needs the rules

    # the translation's errors: what the design cannot print is not the translator's
    own = {project.relative(project.po_path(p, lang)) for p in project.publications}
    errors = [f for f in check_project(project, [lang]) if f.severity == "error" and f.path in own]
    if errors:
        first = errors[0]
        raise PubkitError(
            f"{lang}: cannot sign off: 'pubkit check {lang}' finds {len(errors)} error(s), "
            f"the first at {first.path}:{first.line}: {first.message}"
        )
    paths = [project.po_path(publication, lang) for publication in project.publications]
    theme = project.theme_po_path(lang)
    if os.path.lexists(theme):  # the edition's own words are signed off with it
        paths.append(theme)
    catalogs = []
    for path in paths:  # every one checked before any is written
        shown = project.relative(path)
        catalog = read_catalog(path, shown, project.root)
        try:
            sign_off(catalog, reviewer, lang, lang == project.source_language)
        except PubkitError as error:
            raise PubkitError(error.message, shown) from None
        catalogs.append((path, shown, catalog))
    return [
        Written(shown, write_catalog(catalog, path, project.root, shown), f"reviewed by {reviewer}")
        for path, shown, catalog in catalogs
    ]


def person_name(name: str, option: str) -> str:
    """A name to record in a catalog header: one line of printable text."""
    name = name.strip()
    if not name:
        raise PubkitError(f"{option} needs a name")
    if len(name.splitlines()) != 1 or any(unicodedata.category(char)[0] == "C" for char in name):
        raise PubkitError(f"{option}: a name cannot hold line breaks or control characters")
    return name
