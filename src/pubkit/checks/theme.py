"""The design and the theme's words, as ``pubkit check`` reports them: every design error
against its theme file, and each catalog of the theme's words (pubkit.theme.labels)
checked like a publication's: readable, complete, its placeholders those of the source."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pubkit.checks.findings import Finding
from pubkit.config import Project
from pubkit.errors import PubkitError

if TYPE_CHECKING:
    from pubkit.render.fonts import Fonts
    from pubkit.theme.design import Design


def design_findings(project: Project) -> list[Finding]:
    """Every problem of the project's design, as an error (check ``design``)."""
    return [
        Finding(
            error.path or project.relative(project.config_path),
            error.line or 1,
            "error",
            "design",
            error.message,
            None,
        )
        for error in _checked_design(project)[0]
    ]


def design_fonts(project: Project) -> Fonts | None:
    """The fonts the editions print with, for the glyph checks; None when the design
    cannot be read (:func:`design_findings` says why)."""
    from pubkit.render.fonts import Fonts

    design = _checked_design(project)[1]
    if design is None:
        return None
    return Fonts.of(design.fonts, project.font_cache_dir, project.root)


_CHECKED: dict[tuple[Project, tuple[tuple[str, int, int], ...]], Any] = {}


def _checked_design(project: Project) -> tuple[list[PubkitError], Design | None]:
    """The design's problems, and the design when it has none: checked once per version of
    its files in a process (check asks for it once, and for its fonts per publication)."""
    from pubkit.theme.preflight import collect_design

    key = (project, _versions(project))
    if key not in _CHECKED:
        problems: list[PubkitError] = []
        design = collect_design(project, problems.append, project.font_cache_dir)
        _CHECKED.clear()  # one project's at a time
        _CHECKED[key] = (problems, design)
    found: tuple[list[PubkitError], Design | None] = _CHECKED[key]
    return found


def _versions(project: Project) -> tuple[tuple[str, int, int], ...]:
    """The version of every file the design is made of (path, mtime, size): the theme's,
    the options', and the configuration's."""
    from pubkit.theme.files import ThemeFiles

    paths = [project.config_path, *(f.path for f in project.theme.files())]
    with contextlib.suppress(PubkitError):  # a link: the check reports it, every time
        paths += [file.path for file in ThemeFiles(project.styles_dir, project.root).listing()]
    versions = []
    for path in paths:
        try:
            status = os.lstat(path)
        except OSError:
            versions.append((str(path), -1, -1))
            continue
        versions.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(versions)


def theme_catalog_findings(project: Project, langs: Sequence[str]) -> list[Finding]:
    """The findings of the project's catalogs of the theme's words in ``langs``."""
    from pubkit.catalogs.pofile import FUZZY, read_catalog_shared
    from pubkit.theme.files import ThemeFiles, packaged_translation
    from pubkit.theme.labels import LABELS_LANGUAGE, OFFICE, placeholder_problem

    files = ThemeFiles(project.styles_dir, project.root)
    findings: list[Finding] = []
    for lang in langs:
        path = project.theme_po_path(lang)
        shown = project.relative(path)
        if not os.path.lexists(path):
            if (
                lang not in (project.source_language, LABELS_LANGUAGE)
                and files.find(packaged_translation(lang)) is None
            ):
                findings.append(
                    Finding(
                        shown,
                        1,
                        "warning",
                        "untranslated",
                        "no catalog of the theme's words: its labels print in another "
                        "language ('pubkit update' creates the catalog)",
                        lang,
                    )
                )
            continue
        try:
            catalog = read_catalog_shared(path, shown, project.root)
        except PubkitError as error:
            findings.append(
                Finding(shown, error.line or 1, "error", "po-validity", error.message, lang)
            )
            continue
        for entry in catalog:
            if entry.obsolete:
                continue
            line = entry.linenum or 1
            forms = (
                [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
                if entry.msgid_plural
                else [entry.msgstr]
            )
            if entry.msgctxt != OFFICE:
                source = f"{entry.msgid} {entry.msgid_plural or ''}"
                for form in forms:
                    problem = form and placeholder_problem(source, form)
                    if problem:
                        findings.append(
                            Finding(shown, line, "error", "placeholders", problem, lang)
                        )
                        break
            if lang == project.source_language:
                continue
            if FUZZY in entry.flags:
                findings.append(
                    Finding(
                        shown,
                        line,
                        "warning",
                        "fuzzy",
                        "fuzzy: printed from another catalog until confirmed",
                        lang,
                    )
                )
            elif not all(forms):
                findings.append(
                    Finding(
                        shown,
                        line,
                        "warning",
                        "untranslated",
                        "untranslated: printed in another language",
                        lang,
                    )
                )
    return findings
