"""PNG previews of the brief's design: the cover, one body page and the imprint of each language.

Run from the project root with::

    make previews

(or ``.venv/bin/python docs/make_previews.py``). The screen PDF of every configured language
(en, fr, bm) is built into a temporary folder with :mod:`pubkit.publish.build` (dist/ is not
touched), and three pages of each are rendered with pypdfium2 at 100 dpi to

    docs/previews/<lang>-cover.png    the first page
    docs/previews/<lang>-body.png     the page of the first section heading (PDF outline)
    docs/previews/<lang>-imprint.png  the last page

File names do not depend on page numbers, so a layout change rewrites the same files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any, cast

import pypdfium2 as pdfium

from pubkit.config import load_project
from pubkit.publish.build import render_edition
from pubkit.render.edition import make_edition

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "previews"
DPI = 100
KINDS = ("cover", "body", "imprint")


def _page_of(bookmark: Any) -> int | None:
    """The page a bookmark points to (pypdfium2 4 and 5 spell it differently)."""
    if hasattr(bookmark, "page_index"):
        return cast("int | None", bookmark.page_index)
    dest = bookmark.get_dest()
    return None if dest is None else cast(int, dest.get_index())


def pages_to_preview(document: pdfium.PdfDocument) -> dict[str, int]:
    """Page index of each preview: cover, the first heading's page, and the imprint."""
    last = len(document) - 1
    pages = [_page_of(bookmark) for bookmark in document.get_toc()]
    body = next((page for page in pages if page is not None), min(2, last))
    return {"cover": 0, "body": body, "imprint": last}


def render_previews(pdf: Path, lang: str, out: Path = OUT) -> list[Path]:
    """Write the three previews of one screen PDF; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(pdf)
    written = []
    try:
        for kind, index in pages_to_preview(document).items():
            image = document[index].render(scale=DPI / 72).to_pil().convert("RGB")
            path = out / f"{lang}-{kind}.png"
            image.save(path, format="PNG", optimize=True, dpi=(DPI, DPI))
            written.append(path)
    finally:
        document.close()
    return written


def main() -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "315532800")  # no wall clock in the PDFs
    project = load_project(ROOT)
    publication = project.publications[0]
    with tempfile.TemporaryDirectory(prefix="pubkit-previews-") as tmp:
        for language in project.languages:
            edition = make_edition(project, publication, language.code)
            [screen] = render_edition(project, publication, edition, ["screen"], Path(tmp))
            for path in render_previews(screen.path, language.code):
                print(f"wrote     {path.relative_to(ROOT)}  ({screen.pages} pages)")
            for url in screen.refused:
                print(f"  refused to fetch {url}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
