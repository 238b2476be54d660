"""Pages of two PDFs compared as pictures, and a side-by-side PNG of each that differs
(pypdfium2, the optional extra ``pubkit[diff]``; Pillow, which WeasyPrint brings)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pubkit.errors import PubkitError

if TYPE_CHECKING:
    from PIL.Image import Image

SCALE = 1.0
"""Pixels per PDF point (72 dpi): a page's picture is small, and any change to its text
moves pixels at this size."""
GAP = 16
MARK = (220, 0, 0)


@dataclass(frozen=True)
class PageDifference:
    """A page (1-based) that renders differently, or that only one PDF has, with the
    side-by-side PNG of the two (the old page left, the new right, the changed area
    framed in red; a missing page blank)."""

    page: int
    state: str  # "changed", "added" or "removed"
    png: bytes


def _pdfium() -> Any:
    try:
        import pypdfium2
    except ImportError:
        raise PubkitError(
            "comparing pages needs pypdfium2: pip install 'pubkit[diff]' "
            "(or compare the segments only with --no-pages)"
        ) from None
    return pypdfium2


def _pages(data: bytes) -> Iterator[Image]:
    pdfium = _pdfium()
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            yield page.render(scale=SCALE).to_pil().convert("RGB")
            page.close()
    finally:
        document.close()


def page_differences(old: bytes, new: bytes) -> tuple[tuple[PageDifference, ...], int, int]:
    """The pages of PDF ``new`` that differ from the same page of PDF ``old`` (page
    counts of each as well); one page of each in memory at a time."""
    differences = []
    old_pages, new_pages = _pages(old), _pages(new)
    counts = [0, 0]
    while True:
        before, after = next(old_pages, None), next(new_pages, None)
        if before is None and after is None:
            break
        counts[0] += before is not None
        counts[1] += after is not None
        number = max(counts)
        if before is not None and after is not None:
            if before.size == after.size and before.tobytes() == after.tobytes():
                continue
            state = "changed"
        else:
            state = "added" if before is None else "removed"
        differences.append(PageDifference(number, state, side_by_side(before, after)))
    return tuple(differences), counts[0], counts[1]


def side_by_side(before: Image | None, after: Image | None) -> bytes:
    """The PNG of two pages side by side, where they differ framed in red."""
    from PIL import Image as PILImage
    from PIL import ImageChops, ImageDraw

    shown = [page for page in (before, after) if page is not None]
    width = max(page.width for page in shown)
    height = max(page.height for page in shown)
    canvas = PILImage.new("RGB", (2 * width + GAP, height), (128, 128, 128))
    for column, page in enumerate((before, after)):
        blank = PILImage.new("RGB", (width, height), (255, 255, 255))
        canvas.paste(page if page is not None else blank, (column * (width + GAP), 0))
    if before is not None and after is not None and before.size == after.size:
        box = ImageChops.difference(before, after).getbbox()
        if box is not None:
            draw = ImageDraw.Draw(canvas)
            for column in (0, 1):
                left = column * (width + GAP)
                x0, y0, x1, y1 = box
                draw.rectangle(
                    (left + x0 - 2, y0 - 2, left + x1 + 1, y1 + 1), outline=MARK, width=2
                )
    output = io.BytesIO()
    canvas.save(output, format="PNG", optimize=False)
    return output.getvalue()
