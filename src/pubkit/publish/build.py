"""``pubkit build``: editions of every publication rendered to PDF and HTML in dist/; the
names, dates and HTML of an edition's files, which a release writes too."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pubkit.config import Project, Publication
from pubkit.errors import PubkitError
from pubkit.fileio import Roots, read_project_bytes, source_date_epoch
from pubkit.publish.renderer import PdfJob, Renderer, pdf_job, render_job
from pubkit.source.model import Box, Code, Figure, ListBlock, Node, Quote
from pubkit.theme.files import (
    CODE_FILES,
    CODE_STYLESHEET,
    FALLBACK_FONTS,
    FONTS,
    STYLESHEETS,
    TEMPLATE,
)
from pubkit.writing import private_temporaries, write_atomic

if TYPE_CHECKING:  # the others are imported where used: a build forks its renderer first
    from pubkit.render.edition import Edition, Fallback
    from pubkit.render.pdf import Rendered
    from pubkit.theme.design import Design
    from pubkit.theme.labels import LabelFallback
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
    label_fallbacks: tuple[LabelFallback, ...] = ()


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
    inputs += [project.theme_po_path(code) for code in chain]
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
    project: Project,
    edition: Edition,
    *,
    for_pdf: bool,
    partial: bool = False,
    design: Design | None = None,
) -> str:
    """The HTML of an edition: for PDFs with the print sheet (bleed), for the web without.
    ``design``: the project's, checked (default: checked now)."""
    created = creation_date(project, edition)
    if for_pdf and created is None:
        created = PRINT_FALLBACK_DATE
    sheets: tuple[str, ...] = ("brief.css", "print.css") if for_pdf else ("assets/brief.css",)
    if _has_code(edition.document.body):
        sheets += (CODE_STYLESHEET,) if for_pdf else (f"assets/{CODE_STYLESHEET}",)
    from pubkit.render.html import render_html

    return render_html(
        edition,
        design or project_design(project),
        stylesheets=sheets,
        partial=partial,
        created=created,
        for_pdf=for_pdf,
        notes_at="foot" if for_pdf else "end",
        root=project.root,
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


def project_design(project: Project) -> Design:
    """The project's design, checked before anything is made
    (:func:`pubkit.theme.preflight.load_design`: a design error stops the command)."""
    from pubkit.theme.preflight import load_design

    return load_design(project, project.font_cache_dir)


def render_edition(
    project: Project,
    publication: Publication,
    edition: Edition,
    kinds: Sequence[str],
    target_dir: Path,
    *,
    partial: bool = False,
    design: Design | None = None,
) -> list[Output]:
    """Render one edition as each of ``kinds`` (screen, print, html) into ``target_dir``
    (see :func:`target_roots` for where that may be)."""
    design = design or project_design(project)
    slug = edition.document.meta.slug
    within = target_roots(project, target_dir)
    outputs = []
    variants = [kind for kind in kinds if kind in VARIANTS]
    rendered = {}
    if variants:  # first: a refused fetch stops all
        html = edition_html(project, edition, for_pdf=True, partial=partial, design=design)
        rendered = render_job(pdf_job(project, publication, html, variants, design)).pdfs
        refuse_fetches(design, rendered.values())
    if "html" in kinds:
        path = target_dir / output_name(slug, edition.lang, "html")
        html = edition_html(project, edition, for_pdf=False, partial=partial, design=design)
        copy_assets(design, target_dir / "assets", within)  # first: a refused asset stops all
        copy_images(project, edition, target_dir / "assets", within)
        write_atomic(path, html, within)
        outputs.append(_output(path, edition, "html", 0, ()))
    outputs += _write_pdfs(edition, rendered, target_dir, within)
    return outputs


def _output(
    path: Path, edition: Edition, kind: str, pages: int, refused: tuple[str, ...]
) -> Output:
    return Output(
        path, edition.lang, kind, pages, edition.fallbacks, refused, edition.labels.fallbacks
    )


def refuse_fetches(design: Design, rendered: Iterable[Rendered]) -> None:
    """A PubkitError, against the theme's template, when WeasyPrint asked for a file it
    was refused while laying an edition out: the design names what pubkit does not serve
    (the checks before the render find most of these with their line)."""
    refused = sorted({url for result in rendered for url in result.refused})
    if refused:
        shown = [url if len(url) <= 120 else url[:120] + "…" for url in refused]
        template = design.files.find(TEMPLATE)
        raise PubkitError(
            "the design asks for what pubkit refuses to fetch (only the theme's files, the "
            "files its options name and data: URIs are served): " + ", ".join(shown),
            template.shown if template is not None else TEMPLATE,
        )


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
        outputs.append(_output(path, edition, variant, result.pages, result.refused))
    return outputs


def copy_assets(design: Design, target: Path, within: Roots) -> None:
    """The stylesheets and the fonts they declare (with their licence), which the HTML
    edition links to, and the files the theme's options name (under ``theme/``): regular
    files of the theme and the project only
    (:func:`pubkit.fileio.project_file`), so that a link cannot carry another file of
    this machine into dist/. ``target`` lies in ``within`` (fileio.writable_folder)."""
    for name in STYLESHEETS:
        data = design.files.get(name, "stylesheet").read_bytes("stylesheet")
        write_atomic(target / name, data, within)
    for name, font in design.theme_fonts:
        # whole or not at all, as every file of dist/: a full disk halfway through a
        # copy must not leave a published font cut short
        data = read_project_bytes(font.path, font.root, "font", font.shown)
        write_atomic(target.joinpath(*name.split("/")), data, within)
    licence = design.files.find(f"{FONTS}/OFL.txt")
    if licence is not None:
        write_atomic(target / FONTS / "OFL.txt", licence.read_bytes("font licence"), within)
    for name in CODE_FILES:  # what an edition with code blocks links to
        found = design.files.find(name)
        if found is not None:
            write_atomic(target.joinpath(*name.split("/")), found.read_bytes("theme file"), within)
    for asset in design.assets():
        source = asset.source
        data = read_project_bytes(source.path, source.root, "theme file", source.shown)
        write_atomic(target / asset.name, data, within)


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
    count = len(codes) * len(project.publications)
    workers = max(1, min(os.cpu_count() or 1, count)) if pdf_variants else None
    # The render processes end with os._exit: what WeasyPrint and the renderer put in
    # temporary files would stay in $TMPDIR. A private folder of this run's holds them.
    # The renderer's zygote is forked before the heavy imports below, so that
    # WeasyPrint's import overlaps with them; it is given only the default theme's fonts.
    with (
        private_temporaries(project.temporary_dir, project.root),
        Renderer(FALLBACK_FONTS[0], workers, FALLBACK_FONTS[1]) as renderer,
    ):
        # Every design error stops the build here, before anything is made.
        design = project_design(project)
        from pubkit.render.edition import make_edition

        pages: list[tuple[Path, str, Edition]] = []
        jobs: list[tuple[Edition, PdfJob]] = []
        for publication in project.publications:
            for code in codes:
                edition = make_edition(project, publication, code)
                if "html" in kinds:
                    path = project.dist_dir / output_name(edition.document.meta.slug, code, "html")
                    html = edition_html(project, edition, for_pdf=False, design=design)
                    pages.append((path, html, edition))
                if pdf_variants:
                    html = edition_html(project, edition, for_pdf=True, design=design)
                    job = pdf_job(project, publication, html, pdf_variants, design)
                    jobs.append((edition, job))
        renderer.send([job for _, job in jobs])
        rendered = {}
        for index, result in renderer.results():
            rendered[index] = result
            if progress is not None:
                progress(len(rendered), len(jobs))
        refuse_fetches(
            design, [pdf for result in rendered.values() for pdf in result.pdfs.values()]
        )
        outputs: list[Output] = []
        if pages:
            copy_assets(design, project.dist_dir / "assets", project.write_roots)
        for path, html, edition in pages:
            copy_images(project, edition, project.dist_dir / "assets", project.write_roots)
            write_atomic(path, html, project.write_roots)
            outputs.append(_output(path, edition, "html", 0, ()))
        for index, (edition, _) in enumerate(jobs):
            outputs += _write_pdfs(
                edition, rendered[index].pdfs, project.dist_dir, project.write_roots
            )
        return outputs
