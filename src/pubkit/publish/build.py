"""``pubkit build``: editions of every publication rendered to PDF and HTML in dist/; the
names, dates and HTML of an edition's files, which a release writes too."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pubkit.config import Project, Publication
from pubkit.errors import PubkitError
from pubkit.fileio import Roots, project_files, read_project_bytes, source_date_epoch
from pubkit.publish.renderer import PdfJob, Renderer, pdf_job, render_job
from pubkit.source.model import Box, Code, Figure, ListBlock, Node, Quote
from pubkit.writing import private_temporaries, write_atomic

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


def edition_html(
    project: Project, edition: Edition, *, for_pdf: bool, partial: bool = False
) -> str:
    """The HTML of an edition: for PDFs with the print sheet (bleed), for the web without."""
    created = creation_date(project, edition)
    if for_pdf and created is None:
        created = PRINT_FALLBACK_DATE
    sheets: tuple[str, ...] = ("brief.css", "print.css") if for_pdf else ("assets/brief.css",)
    if _has_code(edition.document.body):
        sheets += ("code.css",) if for_pdf else ("assets/code.css",)
    from pubkit.render.html import render_html

    return render_html(
        edition,
        project.styles_dir,
        stylesheets=sheets,
        partial=partial,
        created=created,
        root=project.root,
        notes_at="foot" if for_pdf else "end",
        embed_images=for_pdf,
    )


def _has_code(nodes: Sequence[Node]) -> bool:
    """Whether a code block stands among ``nodes``: only then is code.css linked, since a
    font face declared changes WeasyPrint's layout of other text."""
    for node in nodes:
        if isinstance(node, Code):
            return True
        children: Sequence[Node] = ()
        if isinstance(node, ListBlock):
            children = [child for item in node.items for child in item]
        elif isinstance(node, Quote | Box):
            children = node.body
        if _has_code(children):
            return True
    return False


def render_edition(
    project: Project,
    publication: Publication,
    edition: Edition,
    kinds: Sequence[str],
    target_dir: Path,
    *,
    partial: bool = False,
) -> list[Output]:
    """Render one edition as each of ``kinds`` (screen, print, html) into ``target_dir``
    (see :func:`target_roots` for where that may be)."""
    slug = edition.document.meta.slug
    within = target_roots(project, target_dir)
    outputs = []
    if "html" in kinds:
        path = target_dir / output_name(slug, edition.lang, "html")
        html = edition_html(project, edition, for_pdf=False, partial=partial)
        copy_assets(project, target_dir / "assets", within)  # first: a refused asset stops all
        copy_images(project, edition, target_dir / "assets", within)
        write_atomic(path, html, within)
        outputs.append(Output(path, edition.lang, "html", 0, edition.fallbacks, ()))
    variants = [kind for kind in kinds if kind in VARIANTS]
    if variants:
        html = edition_html(project, edition, for_pdf=True, partial=partial)
        result = render_job(pdf_job(project, publication, html, variants))
        outputs += _write_pdfs(edition, result.pdfs, target_dir, within)
    return outputs


def target_roots(project: Project, target_dir: Path) -> Roots:
    """Where a write into ``target_dir`` may go (fileio.writable_folder): in the project
    (or the dist folder configured outside it), no link on the way; a folder elsewhere
    that a library caller names (docs previews, tests) is its own choice, checked from
    there down."""
    absolute = os.path.abspath(target_dir)
    for root in project.write_roots:
        for base in (os.path.abspath(root), os.path.realpath(root)):
            if os.path.commonpath([base, absolute]) == base:
                return project.write_roots
    return (target_dir,)


def _write_pdfs(
    edition: Edition, rendered: dict[str, Rendered], target_dir: Path, within: Roots
) -> list[Output]:
    outputs = []
    for variant, result in rendered.items():
        path = target_dir / output_name(edition.document.meta.slug, edition.lang, variant)
        write_atomic(path, result.data, within)
        outputs.append(
            Output(path, edition.lang, variant, result.pages, edition.fallbacks, result.refused)
        )
    return outputs


def design_files(project: Project) -> list[Path]:
    """Every file of the styles folder, each a regular file of the project
    (:func:`pubkit.fileio.project_files`: a link there is an error naming it; in the
    fonts folder, as a file in it, whoever asks)."""
    from pubkit.render.fonts import font_folder

    font_folder(project.fonts_dir, project.root)
    return project_files(project.styles_dir, project.root, "design file", "styles folder")


def copy_assets(project: Project, target: Path, within: Roots) -> None:
    """The stylesheets and fonts the HTML edition links to: regular files of the project
    only (:func:`pubkit.fileio.project_file`), so that a link cannot carry another file
    of this machine into dist/. ``target`` lies in ``within`` (fileio.writable_folder)."""
    from pubkit.render.fonts import font_folder, is_font

    for name in ("brief.css", "print.css", "code.css"):
        if name == "code.css" and not os.path.lexists(project.styles_dir / name):
            continue  # a design without code blocks
        data = read_project_bytes(project.styles_dir / name, project.root, "stylesheet")
        write_atomic(target / name, data, within)
    for font in font_folder(project.fonts_dir, project.root):
        if font.parent == project.fonts_dir and (
            is_font(font)
            or (font.name.startswith("OFL") and font.suffix == ".txt")  # each font's licence
        ):
            # whole or not at all, as every file of dist/: a full disk halfway through a
            # copy must not leave a published font cut short
            data = read_project_bytes(font, project.root, "font")
            write_atomic(target / "fonts" / font.name, data, within)


def copy_images(project: Project, edition: Edition, target: Path, within: Roots) -> None:
    """The images of the edition's figures, which its HTML links to under ``assets/``
    (:func:`pubkit.source.images.read_image`: regular files of the project only)."""
    from pubkit.source.images import read_image

    folder = (project.root / edition.source.path).parent
    for node in edition.document.body:  # figures stand at the top level
        if isinstance(node, Figure):
            image = read_image(node, folder, edition.lang, project.root)
            write_atomic(target / image.asset, image.data, within)


def build(
    project: Project,
    *,
    langs: Sequence[str] = (),
    variants: Sequence[str] = ("screen",),
    formats: Sequence[str] = ("pdf",),
    progress: Callable[[int, int], None] | None = None,
) -> list[Output]:
    """Build the requested editions into the project's dist folder; ``progress`` is told
    (rendered, total) as each edition's PDFs arrive."""
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
    # WeasyPrint reads the design through the URL fetcher, which would only refuse (and
    # list) a link there: it stops a build, as it stops a release, before anything is made.
    design_files(project)
    count = len(codes) * len(project.publications)
    workers = max(1, min(os.cpu_count() or 1, count)) if pdf_variants else None
    # The render processes end with os._exit: what WeasyPrint and the renderer put in
    # temporary files would stay in $TMPDIR. A private folder of this run's holds them.
    # The renderer's zygote is forked before the heavy imports below, so that
    # WeasyPrint's import overlaps with them.
    with (
        private_temporaries(project.temporary_dir, project.root),
        Renderer(project.fonts_dir, workers, project.root) as renderer,
    ):
        from pubkit.render.edition import make_edition

        outputs: list[Output] = []
        jobs: list[tuple[Edition, PdfJob]] = []
        for publication in project.publications:
            for code in codes:
                edition = make_edition(project, publication, code)
                if "html" in kinds:
                    outputs += render_edition(
                        project, publication, edition, ["html"], project.dist_dir
                    )
                if pdf_variants:
                    html = edition_html(project, edition, for_pdf=True)
                    jobs.append((edition, pdf_job(project, publication, html, pdf_variants)))
        renderer.send([job for _, job in jobs])
        rendered = {}
        for index, result in renderer.results():
            rendered[index] = result
            if progress is not None:
                progress(len(rendered), len(jobs))
        for index, (edition, _) in enumerate(jobs):
            outputs += _write_pdfs(
                edition, rendered[index].pdfs, project.dist_dir, project.write_roots
            )
        return outputs
