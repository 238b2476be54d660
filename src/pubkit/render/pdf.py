"""Typeset HTML to PDF bytes with WeasyPrint, reading nothing but the project's own assets.

WeasyPrint comes from :mod:`pubkit.render.weasyprint_loader` (fontconfig limited to the
design's fonts, the cffi declarations compiled ahead), and only when a PDF is made.
Every URL WeasyPrint asks for (stylesheets, fonts, images, attachments) goes through
:class:`AssetFetcher`, which serves regular files under the allowed folders, reached
through no symbolic link (:func:`pubkit.fileio.project_file`), and ``data:`` URIs, and
refuses everything else: no other ``file://``, no link, no pipe, no network. This is
structural rather than checked after the fact.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pubkit.errors import PubkitError
from pubkit.fileio import Roots, project_folder, read_project_bytes
from pubkit.forking import fork_map
from pubkit.render.breaks import keep_words
from pubkit.render.fonts import font_folder
from pubkit.render.layout import LayoutReport, inspect_layout
from pubkit.render.typography import language_stylesheet
from pubkit.render.weasyprint_loader import load_weasyprint

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
"""The files fontconfig reads as fonts."""

PDF_VARIANTS: dict[str, dict[str, Any]] = {
    # Press output: PDF 1.7 with trim and bleed boxes and crop marks. Not PDF/X:
    # WeasyPrint's PDF/X-4 mode only writes the required output intent when the CSS
    # names a CMYK press profile, and no freely licensed one exists to ship; claiming
    # PDF/X without it would be false. (That mode also stamps a random XMP
    # DocumentID, which would break reproducible output.)
    "print": {"pdf_version": "1.7"},
    # Tagged PDF (PDF/UA-1) for screens and assistive technology, cut to the trim box.
    "screen": {"pdf_variant": "pdf/ua-1"},
}


REPAIR_ROUNDS = 2
"""Layouts after the first that may repair typesetting faults (pubkit.render.layout)."""


@dataclass(frozen=True)
class Rendered:
    """A finished PDF, what WeasyPrint was refused while making it, and the report of
    its line breaking (when the language was given)."""

    data: bytes
    pages: int
    refused: tuple[str, ...]
    layout: LayoutReport | None = None


Layers = tuple[tuple[Path, Path], ...]
"""Folders (or files), each with the root it must lie in (see pubkit.fileio.project_file)."""


def make_fetcher(
    roots: Sequence[Path],
    font_dir: Path,
    root: Roots = None,
    *,
    base: Path | None = None,
    theme: Layers = (),
    files: Layers = (),
    font_root: Roots = None,
) -> Any:
    """A WeasyPrint URL fetcher that serves only data: URIs and regular files reached
    through no link (:func:`pubkit.fileio.project_file`): under ``roots`` (with the
    project's ``root``, folders of it reached through no link either); the theme's
    files, whose URLs lie under ``base`` and are looked up in each folder of ``theme`` in
    turn (the project's theme folder over the packaged theme); and the single ``files``.
    fontconfig is limited to ``font_dir``, whose files lie in ``font_root`` (default
    ``root``)."""
    weasyprint = load_weasyprint(font_dir, root if font_root is None else font_root)
    if root is None:
        allowed = tuple(roots)
    else:
        allowed = tuple(project_folder(folder, root, "asset folder") for folder in roots)
    theme_base = base.resolve() if base is not None else None
    singles = {os.path.abspath(path): file_root for path, file_root in files}

    def read(path: Path) -> bytes:
        """The bytes of the file ``path`` names, if pubkit may read it."""
        path = Path(os.path.normpath(path))
        if theme_base is not None and path.is_relative_to(theme_base):
            relative = path.relative_to(theme_base)
            for folder, layer_root in theme:
                candidate = folder / relative
                if os.path.lexists(candidate):
                    return read_project_bytes(candidate, layer_root, "theme file")
        single = singles.get(os.path.abspath(path))
        if single is not None:
            return read_project_bytes(path, single, "asset")
        return read_project_bytes(path, allowed, "asset")

    class AssetFetcher(weasyprint.URLFetcher):  # type: ignore[misc,name-defined]
        refused: list[str]

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path))
                with contextlib.suppress(PubkitError):
                    data = read(path)
                    return weasyprint.urls.URLFetcherResponse(
                        url, data, {"Content-Type": _mime(path)}
                    )
            self.refused.append(url)
            raise ValueError(f"pubkit refuses to fetch {url}")

    fetcher = AssetFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)
    fetcher.refused = []
    return fetcher


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
    }.get(path.suffix.lower(), "application/octet-stream")


def _crop_to_trim_box(document: Any, pdf: Any) -> None:
    """Finisher: turn a page laid out with bleed into a plain page of the trim size."""
    for page in pdf.objects:
        if isinstance(page, dict) and page.get("Type") == "/Page" and "TrimBox" in page:
            page["MediaBox"] = page.pop("TrimBox")
            page.pop("BleedBox", None)


def render_pdfs(
    html: str,
    base_dir: Path,
    roots: Sequence[Path],
    font_dir: Path,
    variants: Sequence[str],
    root: Roots = None,
    *,
    lang: str | None = None,
    theme: Layers = (),
    files: Layers = (),
    font_root: Roots = None,
) -> dict[str, Rendered]:
    """Lay ``html`` out (with bleed) and write each requested PDF variant from it.

    Relative URLs resolve in ``base_dir``, where the files of the ``theme`` folders are
    found (see :func:`make_fetcher`); besides them, only files under ``roots`` and the
    single ``files`` can be read; the fonts in ``font_dir`` must be regular files under
    ``font_root`` (default: the project's ``root``). Under the design's stylesheets lies each
    language's own (quotation marks, hyphenation: see
    :func:`pubkit.render.typography.language_stylesheet`), which any rule of theirs
    overrides. With the edition's ``lang``, the layout is inspected
    (:mod:`pubkit.render.layout`) and, where a hyphenated word made a fault that keeping
    it whole repairs (a name split, a third hyphen in a row, a paragraph ending on a
    word's tail), laid out again with those words kept whole, at most
    :data:`REPAIR_ROUNDS` times: a cost only editions with such faults pay.
    """
    for variant in variants:
        if variant not in PDF_VARIANTS:
            known = ", ".join(PDF_VARIANTS)
            raise PubkitError(f"unknown PDF variant {variant!r} (known: {known})")
    fonts_root = root if font_root is None else font_root
    if not any(path.suffix.lower() in FONT_SUFFIXES for path in font_folder(font_dir, fonts_root)):
        # Pango without a single font fails an assertion and the process dies (SIGSEGV).
        raise PubkitError("the fonts folder holds no font to print with", str(font_dir))
    weasyprint = load_weasyprint(font_dir, fonts_root)
    fetcher = make_fetcher(
        roots, font_dir, root, base=base_dir, theme=theme, files=files, font_root=font_root
    )
    languages = weasyprint.CSS(string=language_stylesheet(html))
    base_url = base_dir.resolve().as_uri() + "/"

    def layout(html: str) -> Any:
        page = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        return page.render(stylesheets=[languages])

    document = layout(html)
    report = None if lang is None else inspect_layout(document, lang)
    kept: frozenset[str] = frozenset()
    for _ in range(REPAIR_ROUNDS):
        if report is None or not report.words_to_keep() - kept:
            break
        kept |= report.words_to_keep()
        document = layout(keep_words(html, kept))
        report = inspect_layout(document, lang or "")
    with _dated(document.metadata.created):
        written = _write_variants(document, variants)
    refused = tuple(dict.fromkeys(fetcher.refused))
    pages = len(document.pages)
    return {variant: Rendered(written[variant], pages, refused, report) for variant in variants}


@contextlib.contextmanager
def _dated(created: str | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set meanwhile (here and in the processes forked meanwhile) to
    ``created``, the date the HTML gives the PDF (``dcterms.created``), for the libraries
    that stamp what they make with the time.

    WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is installed, else with
    fontTools (a plain ``pip install`` brings no system library), which writes the time
    into each font it saves (head.modified): SOURCE_DATE_EPOCH when set, else the clock's,
    and two builds a minute apart would differ. pubkit's HTML for PDFs always has a date;
    without one (or an unreadable one), the environment is left as it is."""
    epoch = _epoch(created)
    if epoch is None:
        yield
        return
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _epoch(date: str | None) -> int | None:
    """Seconds since 1970 of an ISO date (UTC unless it says otherwise), never fewer than
    0, which SOURCE_DATE_EPOCH cannot say; None for no date or an unreadable one."""
    if date is None:
        return None
    try:
        moment = datetime.fromisoformat(date)
    except ValueError:
        return None
    return max(0, int(moment.replace(tzinfo=moment.tzinfo or UTC).timestamp()))


def _write(document: Any, variant: str) -> bytes:
    finisher = _crop_to_trim_box if variant == "screen" else None
    data: bytes = document.write_pdf(
        pdf_identifier=True, finisher=finisher, **PDF_VARIANTS[variant]
    )
    return data


def _write_variants(document: Any, variants: Sequence[str]) -> dict[str, bytes]:
    """Write each variant of one laid-out document, at the same time in forked copies:
    they only read the layout, and each write (font subsetting, serialising) costs about
    as much as the layout itself. Each is thus written from the untouched layout, the
    same bytes whichever other variants are asked for."""
    written = fork_map(functools.partial(_write, document), list(variants))
    return dict(zip(variants, written, strict=True))
