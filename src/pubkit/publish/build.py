"""``pubkit build``: editions of every publication rendered to PDF and HTML in dist/."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pubkit.config import Project, Publication
from pubkit.errors import PubkitError
from pubkit.fileio import private_temporaries, source_date_epoch, write_atomic

if TYPE_CHECKING:  # the others are imported where used: a build forks its renderer first
    from pubkit.render.edition import Edition, Fallback
    from pubkit.render.pdf import Rendered

FORMATS = ("pdf", "html")
VARIANTS = ("screen", "print")
PRINT_FALLBACK_DATE = "1980-01-01T00:00:00+00:00"  # PDF/X needs a date; none is known


@dataclass(frozen=True)
class Output:
    """One file a build produced."""

    path: Path
    lang: str
    kind: str  # "screen", "print" or "html"
    pages: int
    fallbacks: tuple[Fallback, ...]
    refused: tuple[str, ...]


def output_name(slug: str, lang: str, kind: str) -> str:
    suffix = {"screen": ".pdf", "print": "-print.pdf", "html": ".html"}[kind]
    return f"{slug}-{lang}{suffix}"


def creation_date(project: Project, edition: Edition) -> str | None:
    """When the PDF says it was made: SOURCE_DATE_EPOCH, the source's date, or the last
    commit that touched this edition's inputs; never the wall clock, so builds are
    reproducible and a commit to one catalog does not re-date the other languages."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, UTC).isoformat()
    if edition.document.meta.date:
        return f"{edition.document.meta.date}T00:00:00+00:00"
    inputs = [project.styles_dir, project.root / edition.source.path]
    chain = (edition.lang, *project.language(edition.lang).fallback)
    for publication in project.publications:
        inputs += [project.po_path(publication, code) for code in chain]
    return _last_commit(project.root, tuple(map(str, inputs)))


@cache
def _last_commit(root: Path, paths: tuple[str, ...]) -> str | None:
    """ISO time of the last commit touching ``paths`` (asked once per run)."""
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *paths],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return datetime.fromtimestamp(int(stamp), UTC).isoformat() if stamp else None


def edition_html(project: Project, edition: Edition, for_pdf: bool, partial: bool = False) -> str:
    """The HTML of an edition: for PDFs with the print sheet (bleed), for the web without."""
    created = creation_date(project, edition)
    if for_pdf and created is None:
        created = PRINT_FALLBACK_DATE
    sheets = ("brief.css", "print.css") if for_pdf else ("assets/brief.css",)
    from pubkit.render.html import render_html

    return render_html(
        edition, project.styles_dir, stylesheets=sheets, partial=partial, created=created
    )


def render_edition(
    project: Project,
    publication: Publication,
    edition: Edition,
    kinds: Sequence[str],
    target_dir: Path,
    partial: bool = False,
) -> list[Output]:
    """Render one edition as each of ``kinds`` (screen, print, html) into ``target_dir``."""
    slug = edition.document.meta.slug
    outputs = []
    if "html" in kinds:
        path = target_dir / output_name(slug, edition.lang, "html")
        write_atomic(path, edition_html(project, edition, for_pdf=False, partial=partial))
        copy_assets(project, target_dir / "assets")
        outputs.append(Output(path, edition.lang, "html", 0, edition.fallbacks, ()))
    variants = [kind for kind in kinds if kind in VARIANTS]
    if variants:
        from pubkit.render.pdf import render_pdfs

        html = edition_html(project, edition, for_pdf=True, partial=partial)
        rendered = render_pdfs(
            html,
            base_dir=project.styles_dir,
            roots=asset_roots(project, publication),
            font_dir=project.fonts_dir,
            variants=variants,
        )
        outputs += _write_pdfs(edition, rendered, target_dir)
    return outputs


def _write_pdfs(edition: Edition, rendered: dict[str, Rendered], target_dir: Path) -> list[Output]:
    outputs = []
    for variant, result in rendered.items():
        path = target_dir / output_name(edition.document.meta.slug, edition.lang, variant)
        write_atomic(path, result.data)
        outputs.append(
            Output(path, edition.lang, variant, result.pages, edition.fallbacks, result.refused)
        )
    return outputs


def asset_roots(project: Project, publication: Publication) -> tuple[Path, ...]:
    """The only folders WeasyPrint may read: the styles and the source's own folder."""
    return (project.styles_dir, publication.source.parent)


def copy_assets(project: Project, target: Path) -> None:
    """The stylesheets and fonts the HTML edition links to."""
    for name in ("brief.css", "print.css"):
        write_atomic(target / name, (project.styles_dir / name).read_bytes())
    fonts = project.fonts_dir
    for font in sorted(fonts.iterdir()):
        if font.suffix in (".ttf", ".otf", ".woff2") or font.name == "OFL.txt":
            (target / "fonts").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(font, target / "fonts" / font.name)


def build(
    project: Project,
    langs: Sequence[str] = (),
    variants: Sequence[str] = ("screen",),
    formats: Sequence[str] = ("pdf",),
) -> list[Output]:
    """Build the requested editions into the project's dist folder."""
    for variant in variants:
        if variant not in VARIANTS:
            raise PubkitError(f"unknown variant {variant!r}")
    codes = list(langs) or [lang.code for lang in project.languages]
    for code in codes:
        project.language(code)
    kinds = [v for v in variants if "pdf" in formats]
    if "html" in formats:
        kinds.append("html")
    pdf_variants = tuple(kind for kind in kinds if kind in VARIANTS)
    font_dir = project.fonts_dir
    # The render processes end with os._exit: what WeasyPrint and the renderer put in
    # temporary files would stay in $TMPDIR. A private folder of this run's holds them.
    with private_temporaries(project.temporary_dir):
        zygote = None
        if pdf_variants:
            # Forked before the heavy imports below, so WeasyPrint's import overlaps with them.
            from pubkit.render.pdf import start_renderer

            count = len(codes) * len(project.publications)
            zygote = start_renderer(_render, font_dir, max(1, min(os.cpu_count() or 1, count)))
        try:
            from pubkit.render.edition import make_edition

            outputs: list[Output] = []
            jobs: list[_RenderJob] = []
            editions: list[Edition] = []
            for publication in project.publications:
                for code in codes:
                    edition = make_edition(project, publication, code)
                    if "html" in kinds:
                        outputs += render_edition(
                            project, publication, edition, ["html"], project.dist_dir
                        )
                    if zygote is not None:
                        html = edition_html(project, edition, for_pdf=True)
                        roots = asset_roots(project, publication)
                        jobs.append((html, project.styles_dir, roots, font_dir, pdf_variants))
                        editions.append(edition)
            if zygote is not None:
                zygote.send(jobs)
                rendered = dict(zygote.results())
                for index, edition in enumerate(editions):
                    outputs += _write_pdfs(edition, rendered[index], project.dist_dir)
            return outputs
        finally:
            if zygote is not None:
                zygote.close()


_RenderJob = tuple[str, Path, tuple[Path, ...], Path, tuple[str, ...]]
"""An edition's HTML, its base folder, the folders it may read, its fonts, the variants."""


def _render(job: _RenderJob) -> dict[str, Rendered]:
    from pubkit.render.pdf import render_pdfs

    return render_pdfs(*job)
