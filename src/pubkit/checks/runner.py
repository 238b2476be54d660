"""``pubkit check``: reads the catalogs and sources, runs the rule tables, and alone forks.

It imports little at the top: on a large project, the catalogs are read in a child
forked before the rules' libraries (markdown-it, Babel) are imported, which this
process does meanwhile, and then parses the source.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pubkit.checks.findings import Finding
from pubkit.config import Project, Publication
from pubkit.errors import PubkitError
from pubkit.forking import fork_both, fork_map, forked

if TYPE_CHECKING:
    from pubkit.catalogs.views import CatalogView, EntryView
    from pubkit.checks.context import SourceContext
    from pubkit.checks.glossary import Glossary
    from pubkit.render.fonts import Fonts

T = TypeVar("T")


def load_catalog(project: Project, publication: Publication, lang: str) -> CatalogView | Finding:
    """What check reads of one language's catalog, or the finding that says why it
    cannot be checked."""
    from pubkit.catalogs.pofile import read_catalog_shared
    from pubkit.catalogs.views import view

    path = project.po_path(publication, lang)
    shown = project.relative(path)
    try:
        return view(read_catalog_shared(path, shown, project.root))
    except PubkitError as exc:
        message = exc.message
        if not os.path.lexists(path):
            message = f"catalog not found (create it with 'pubkit init {lang}')"
        return Finding(shown, exc.line or 1, "error", "po-validity", message, lang)


PARALLEL_BYTES = 256 * 1024
"""From this many bytes of catalogs up, a publication's catalogs are read in a forked
process while its source is parsed."""


def check_project(project: Project, langs: Sequence[str] = ()) -> list[Finding]:
    """Check the catalogs of ``langs`` (default: every configured language) of every
    publication, and lint the sources once. Sorted by path and line."""
    for lang in langs:
        project.language(lang)
    codes = list(dict.fromkeys(langs)) or [language.code for language in project.languages]

    @functools.cache
    def glossary() -> Glossary | None:  # read once, and after the first fork
        from pubkit.checks.glossary import read_glossary

        path = project.glossary
        return read_glossary(path, project.relative(path), project.root) if path else None

    from pubkit.checks.theme import design_findings, theme_catalog_findings

    findings: list[Finding] = []
    for publication in project.publications:
        findings += _check_publication(project, publication, codes, glossary)
    findings += _check_design(project, codes)
    findings += design_findings(project) + theme_catalog_findings(project, codes)
    findings.sort(key=lambda f: (f.path, f.line))
    return findings


def _check_design(project: Project, codes: list[str]) -> list[Finding]:
    """What the design cannot print for ``codes``: reported against the design's files."""
    from pubkit.checks.glyphs import design_findings
    from pubkit.checks.theme import design_fonts

    fonts = design_fonts(project)
    return [] if fonts is None else design_findings(project, codes, fonts)


def _check_publication(
    project: Project,
    publication: Publication,
    codes: list[str],
    glossary: Callable[[], Glossary | None],
) -> list[Finding]:
    def read() -> list[CatalogView | Finding]:
        return [load_catalog(project, publication, lang) for lang in codes]

    parallel = (os.cpu_count() or 1) > 1
    large = parallel and _catalog_bytes(project, publication, codes) >= PARALLEL_BYTES
    with forked(read, large) as catalogs_read:
        from pubkit.checks.context import SourceContext
        from pubkit.source.reader import read_document_shared

        shown = project.relative(publication.source)
        source = SourceContext.of(
            read_document_shared(publication.source, shown, root=project.root),
            language=project.source_language,
            glossary=glossary(),
            file=publication.source,
            root=project.root,
        )
        source.prepare(codes)
        catalogs = catalogs_read()
    return check_publication(project, publication, source, codes, catalogs)


def _catalog_bytes(project: Project, publication: Publication, langs: Sequence[str]) -> int:
    paths = [project.po_path(publication, lang) for lang in langs]
    return sum(path.lstat().st_size for path in paths if path.is_file() and not path.is_symlink())


def check_publication(
    project: Project,
    publication: Publication,
    source: SourceContext,
    langs: Sequence[str],
    catalogs: Sequence[CatalogView | Finding],
) -> list[Finding]:
    """The findings of one publication: its source's lint, then each catalog's
    (``catalogs``: as :func:`load_catalog` returns them, one per language)."""
    from pubkit.checks.table import SOURCE_RULES
    from pubkit.checks.theme import design_fonts

    fonts = design_fonts(project)

    def lint() -> list[Finding]:
        return [
            Finding(source.path, line, rule.severity, rule.name, message, None)
            for rule in SOURCE_RULES
            for line, message in rule.run(source)
        ]

    def check() -> list[Finding]:
        return [
            finding
            for lang, catalog in zip(langs, catalogs, strict=True)
            for path in (project.po_path(publication, lang),)
            for finding in check_catalog(
                source, lang, catalog, file=path, shown=project.relative(path), fonts=fonts
            )
        ]

    # A large source is linted in a forked process while its catalogs are checked.
    large = (os.cpu_count() or 1) > 1 and len(source.segments) >= PARALLEL_ENTRIES
    catalog_findings, lint_findings = fork_both(check, lint) if large else (check(), lint())
    return lint_findings + catalog_findings


def check_catalog(
    source: SourceContext,
    lang: str,
    catalog: CatalogView | Finding,
    *,
    file: Path,
    shown: str,
    fonts: Fonts | None,
) -> list[Finding]:
    """Every finding of one language's catalog (``catalog``: as :func:`load_catalog`
    returns it, read from ``file``, named ``shown`` in findings), its entries checked
    in parts in forked processes."""
    from pubkit.checks.context import LanguageContext
    from pubkit.checks.table import CATALOG_RULES, ENTRY_RULES

    if isinstance(catalog, Finding):
        return [catalog]
    ctx = LanguageContext.of(source, lang, catalog, fonts=fonts, file=file)
    findings = [
        Finding(shown, line, rule.severity, rule.name, message, lang)
        for rule in CATALOG_RULES
        for line, message in rule.run(ctx)
    ]

    def check_entries(part: list[EntryView]) -> list[Finding]:
        return [
            Finding(shown, entry.linenum, rule.severity, rule.name, message, lang)
            for entry in part
            for segment in (source.segment(entry),)
            for rule in ENTRY_RULES
            for message in rule.run(segment, entry, ctx)
        ]

    for part in fork_map(check_entries, _parts(list(ctx.entries.values()))):
        findings += part
    return findings


PARALLEL_ENTRIES = 400
"""From this many entries up, a catalog's entries are checked in forked processes, one
part per CPU: the rules are pure Python, so threads would not help."""


def _parts(entries: list[T]) -> list[list[T]]:
    count = 1 if len(entries) < PARALLEL_ENTRIES else min(os.cpu_count() or 1, 8)
    size = max(1, -(-len(entries) // count))  # 0 for a catalog without entries: step 0
    return [entries[i : i + size] for i in range(0, len(entries), size)] or [[]]
