"""The renderer build and release share: PDF jobs laid out in forks of a process that
imported WeasyPrint while this one was still making the HTML."""

from __future__ import annotations

import functools
import resource
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pubkit.config import Project, Publication
from pubkit.forking import Zygote

if TYPE_CHECKING:  # imported where used: the zygote is forked before them
    from pubkit.render.pdf import Rendered
    from pubkit.theme.design import Design


@dataclass(frozen=True)
class PdfJob:
    """One edition's HTML, laid out once and written as each of ``variants``; picklable,
    for the forks."""

    html: str
    base_dir: Path
    roots: tuple[Path, ...]
    font_dir: Path
    variants: tuple[str, ...]
    root: Path | None = None
    """The project, which every folder of ``roots`` must lie in (None: each itself)."""
    theme: tuple[tuple[Path, Path], ...] = ()
    """The theme's folders, found under ``base_dir`` (see pubkit.render.pdf.make_fetcher)."""
    files: tuple[tuple[Path, Path], ...] = ()
    """Single files WeasyPrint may read besides (the fonts the project sets)."""
    font_root: Path | None = None
    """The folder every file of ``font_dir`` must lie in (None: ``root``)."""


@dataclass(frozen=True)
class PdfResult:
    """The PDFs of a job by variant, and the peak memory (KiB) of the process that made
    them."""

    pdfs: dict[str, Rendered]
    peak_kib: int


def asset_roots(project: Project, publication: Publication) -> tuple[Path, ...]:
    """The only folder WeasyPrint may read besides the theme's and the files the theme's
    options name: the source's own."""
    return (publication.source.parent,)


def pdf_job(
    project: Project,
    publication: Publication,
    html: str,
    variants: Sequence[str],
    design: Design,
) -> PdfJob:
    """The job that renders ``html``, an edition of ``publication``, as ``variants``."""
    font_dir, font_root = design.fallback_fonts
    return PdfJob(
        html,
        project.styles_dir,
        asset_roots(project, publication),
        font_dir,
        tuple(variants),
        project.root,
        theme=design.files.layers,
        files=design.allowed_files(),
        font_root=font_root,
    )


def render_job(job: PdfJob) -> PdfResult:
    """Render ``job`` in this process."""
    from pubkit.render.pdf import render_pdfs

    pdfs = render_pdfs(
        job.html,
        job.base_dir,
        job.roots,
        job.font_dir,
        job.variants,
        job.root,
        theme=job.theme,
        files=job.files,
        font_root=job.font_root,
    )
    return PdfResult(pdfs, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


class Renderer:
    """Renders PDF jobs. With ``workers``, a zygote is forked at once, before
    this process imports most of pubkit, to import WeasyPrint; it gets the jobs when they
    are sent and renders each in a fork of itself, ``workers`` at a time, while this
    process goes on. With ``workers`` None, this process renders them when their results
    are asked for. Leaving the ``with`` block stops the zygote and its forks.

    The fonts folder is checked here first (:func:`pubkit.render.fonts.font_folder`: only
    regular files of the project under ``root``), so that a link there stops the run in
    this process, before anything is rendered."""

    def __init__(self, font_dir: Path, workers: int | None, root: Path | None = None):
        from pubkit.render.fonts import font_folder
        from pubkit.render.weasyprint_loader import preload

        font_folder(font_dir, root)
        self._font_dir = font_dir
        self._root = root
        self._jobs: list[PdfJob] = []
        self._zygote = (
            Zygote(functools.partial(preload, font_dir, root), render_job, workers)
            if workers
            else None
        )

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zygote is not None:
            self._zygote.close()

    def send(self, jobs: Sequence[PdfJob]) -> None:
        """Start rendering ``jobs`` (called once)."""
        self._jobs = list(jobs)
        if self._jobs and self._zygote is not None:
            self._zygote.send(self._jobs)

    def results(self) -> Iterator[tuple[int, PdfResult]]:
        """``(index, result)`` of every job sent, as each is done."""
        if not self._jobs:
            return
        if self._zygote is not None:
            yield from self._zygote.results()
            return
        from pubkit.render.weasyprint_loader import preload

        preload(self._font_dir, self._root)
        yield from enumerate(map(render_job, self._jobs))
