"""``pubkit release``: every language checked, rendered and recorded in one version folder.

The whole release is :func:`_release_publication`, one call a step: read every catalog
(bad input stops here, before anything is written) → render what the cache lacks, in a
zygote's forks, while this process checks → decide (the policy) → stage the files and the
manifest → publish the version folder. The steps live in this package: ``policy``,
``cache`` and ``renderer``, ``manifest``, ``folder``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pubkit.config import Project, Publication
from pubkit.publish.build import (
    VARIANTS,
    copy_assets,
    copy_images,
    edition_html,
    output_name,
    project_design,
)
from pubkit.publish.cache import RenderCache, send_missing, store_rendered
from pubkit.publish.folder import publish, release_lock, staging, version_name
from pubkit.publish.manifest import Record, file_record, language_record, manifest, write_manifest
from pubkit.publish.policy import Decision, Policy, checked_languages
from pubkit.publish.renderer import Renderer, pdf_job
from pubkit.publish.segments import record_segments
from pubkit.theme.files import FALLBACK_FONTS
from pubkit.theme.labels import label_warnings
from pubkit.writing import private_temporaries, write_atomic

if TYPE_CHECKING:  # imported where used: a release forks its renderer before them
    from pubkit.checks.findings import Finding
    from pubkit.render.edition import Edition
    from pubkit.theme.design import Design

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ReleaseResult:
    """One publication's release: its folder and files, the decisions, and how many
    editions were rendered or came from the cache (with each worker's peak memory)."""

    folder: Path
    files: tuple[Path, ...]
    decisions: tuple[Decision, ...]
    unchanged: bool
    rendered: int
    cached: int
    worker_peak_kib: tuple[int, ...]
    warnings: tuple[str, ...] = ()
    """The theme's words printed in another language than their edition's."""


def release(
    project: Project,
    *,
    version: str | None = None,
    langs: Sequence[str] = (),
    allow_partial: bool = False,
    allow_errors: bool = False,
    strict: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[ReleaseResult]:
    """Release every publication in every (requested) language; see the module docstring.
    ``jobs`` renders at a time (1: in this process, after the checks); ``strict``: check
    warnings keep a language back as errors do."""
    say = progress or (lambda message: None)
    codes = list(langs) or [lang.code for lang in project.languages]
    for code in codes:
        project.language(code)
    name = version_name(project, version)
    policy = Policy(allow_partial=allow_partial, allow_errors=allow_errors, strict=strict)
    limit = jobs or max(2, 2 * (os.cpu_count() or 1))
    workers = limit if limit > 1 else None  # None: this process renders, after the checks
    design = project_design(project)  # a design error stops the release before any write
    # A private temporary folder for the renderer's processes: see build.build.
    with (
        release_lock(project.dist_dir, say, project.write_roots),
        private_temporaries(project.temporary_dir, project.root),
    ):
        return [
            _release_publication(
                project,
                publication,
                name,
                codes,
                policy,
                design,
                force=force,
                workers=workers,
                say=say,
            )
            for publication in project.publications
        ]


def _release_publication(
    project: Project,
    publication: Publication,
    version: str,
    codes: list[str],
    policy: Policy,
    design: Design,
    *,
    force: bool,
    workers: int | None,
    say: Progress,
) -> ReleaseResult:
    # The renderer's zygote is forked first, so that WeasyPrint's import in it overlaps
    # with everything this process does before the HTML is known, imports included.
    with Renderer(FALLBACK_FONTS[0], workers, FALLBACK_FONTS[1]) as renderer:
        from pubkit.checks.runner import check_project
        from pubkit.render.edition import make_edition

        editions = {code: make_edition(project, publication, code) for code in codes}
        cache = RenderCache.of(project, design)
        # An edition is partial by its threshold alone, so its HTML is known before the
        # checks, which run here while it renders.
        partial = {code: policy.partial(project, e) for code, e in editions.items()}
        html = {
            c: edition_html(project, e, for_pdf=True, partial=partial[c], design=design)
            for c, e in editions.items()
        }
        keys = {code: cache.key(text) for code, text in html.items()}
        jobs = {keys[c]: pdf_job(project, publication, html[c], VARIANTS, design) for c in codes}
        pending = send_missing(cache, renderer, jobs)
        findings = check_project(project, checked_languages(editions))
        decisions = policy.decide(project, editions.values(), findings)
        peaks = store_rendered(cache, renderer, pending, say, design)
    slug = next(iter(editions.values())).document.meta.slug
    folder = project.dist_dir / slug / version
    with staging(folder, project.write_roots) as staged:
        languages = {
            code: _stage_edition(
                project,
                edition,
                staged,
                cache=cache,
                key=keys[code],
                partial=partial[code],
                findings=findings,
                version=version,
                design=design,
            )
            for code, edition in editions.items()
        }
        copy_assets(design, staged / "assets", project.write_roots)
        record = manifest(
            project, publication, slug=slug, version=version, languages=languages, design=design
        )
        write_manifest(staged, record, project.write_roots)
        published = publish(
            staged, folder, force=force, shown=project.relative(folder), within=project.write_roots
        )
    return ReleaseResult(
        folder=folder,
        files=tuple(folder / f for f in published.files),
        decisions=decisions,
        unchanged=published.unchanged,
        rendered=len(peaks),
        cached=len(codes) - len(peaks),
        worker_peak_kib=tuple(peaks),
        warnings=tuple(
            warning
            for edition in editions.values()
            for warning in label_warnings(edition.labels.fallbacks)
        ),
    )


def _stage_edition(
    project: Project,
    edition: Edition,
    staged: Path,
    *,
    cache: RenderCache,
    key: str,
    partial: bool,
    findings: Sequence[Finding],
    version: str,
    design: Design,
) -> Record:
    """Put an edition's files in the staging folder: its PDFs from the cache, its HTML
    for the web; the manifest's record of it."""
    slug = edition.document.meta.slug
    files = {}
    for kind in VARIANTS:
        name = output_name(slug, edition.lang, kind)
        write_atomic(staged / name, cache.read_pdf(key, kind), project.write_roots)
        files[name] = file_record(staged / name)
    name = output_name(slug, edition.lang, "html")
    html = edition_html(project, edition, for_pdf=False, partial=partial, design=design)
    copy_images(project, edition, staged / "assets", project.write_roots)
    write_atomic(staged / name, html, project.write_roots)
    files[name] = file_record(staged / name)
    name, changes_since = record_segments(project, edition, staged, version)
    files[name] = file_record(staged / name)
    pages = cache.pages(key)
    return language_record(
        edition,
        partial=partial,
        findings=findings,
        pages=pages,
        files=files,
        changelog=changes_since,
    )
