"""``pubkit check``: every catalog checked against its source, and the sources linted.

The rules themselves live in :mod:`pubkit.checks.rules`. This module only reads the inputs and
runs the rules, and imports little: on a large project, the catalogs are read in a
child forked before the rules' libraries (markdown-it, Babel) are imported, which this
process does meanwhile, and then parses the source.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pubkit.config import Project, Publication
from pubkit.errors import PubkitError
from pubkit.forking import forked

if TYPE_CHECKING:
    from pubkit.catalogs.views import CatalogView
    from pubkit.checks.glossary import Glossary

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem, printed as ``path:line: severity: [check] message``."""

    path: str
    line: int
    severity: Severity
    check: str
    message: str
    lang: str | None


def load_catalog(project: Project, publication: Publication, lang: str) -> CatalogView | Finding:
    """What check reads of one language's catalog, or the finding that says why it
    cannot be checked."""
    from pubkit.catalogs.pofile import read_catalog_shared
    from pubkit.catalogs.views import view

    path = project.po_path(publication, lang)
    shown = project.relative(path)
    try:
        return view(read_catalog_shared(path, shown))
    except PubkitError as exc:
        message = exc.message
        if not path.is_file():
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
        return read_glossary(path, project.relative(path)) if path else None

    findings: list[Finding] = []
    for publication in project.publications:
        findings += _check_publication(project, publication, codes, glossary)
    findings.sort(key=lambda f: (f.path, f.line))
    return findings


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
        from pubkit.checks import rules

        source = rules.SourceContext.load(project, publication, glossary())
        source.prepare(codes)
        catalogs = catalogs_read()
    return rules.check_publication(source, codes, catalogs)


def _catalog_bytes(project: Project, publication: Publication, langs: Sequence[str]) -> int:
    paths = [project.po_path(publication, lang) for lang in langs]
    return sum(path.stat().st_size for path in paths if path.is_file())
