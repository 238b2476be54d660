"""A figure's image: the editor's file, found per language and read only inside the project."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pubkit.errors import PubkitError
from pubkit.fileio import Roots, read_project_bytes, shown_path
from pubkit.source.model import Figure

# What a figure may be, by file name ending: its media type and how its bytes start
# (an SVG is XML text whose root is <svg>, looked for near the start).
FORMATS = {
    ".png": ("PNG", "image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("JPEG", "image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("JPEG", "image/jpeg", b"\xff\xd8\xff"),
    ".svg": ("SVG", "image/svg+xml", b""),
}
SVG_HEAD = 4096
"""An SVG's <svg> tag stands within this many bytes (after an XML declaration, a DOCTYPE
and comments)."""


@dataclass(frozen=True)
class Image:
    """A figure's image as an edition prints it: the file read, its bytes and media type,
    and its name under the HTML edition's ``assets/`` folder."""

    path: Path
    data: bytes
    mime: str
    asset: str

    def data_uri(self) -> str:
        """The image inline, for the PDFs: what WeasyPrint reads is what was checked, and
        the render cache's key (a hash of the HTML) covers the image."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def image_path(figure: Figure, source_dir: Path, lang: str) -> Path:
    """The file a figure prints in ``lang``: ``name.LANG.ext`` beside ``name.ext`` when
    it exists (a picture with words in it, drawn per language), else ``name.ext``."""
    path = source_dir / PurePosixPath(figure.src)
    own = path.with_name(f"{path.stem}.{lang}{path.suffix}")
    return own if os.path.lexists(own) else path


def read_image(figure: Figure, source_dir: Path, lang: str, root: Roots) -> Image:
    """The image of ``figure`` in ``lang``: a regular file of the project (no link, no
    device, no pipe, :func:`pubkit.fileio.read_project_bytes`) in one of the FORMATS;
    otherwise a PubkitError at the figure's line in the source."""
    path = image_path(figure, source_dir, lang)
    where = figure.location
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(FORMATS)
        raise PubkitError(
            f"figure image {figure.src!r}: use a PNG, JPEG or SVG file ({known})",
            where.path,
            where.line,
        )
    try:
        data = read_project_bytes(path, root, "file")
    except PubkitError as exc:
        raise PubkitError(
            f"figure image {shown_path(path, root)}: {exc.message}", where.path, where.line
        ) from None
    name, mime, signature = kind
    # WeasyPrint would print a damaged image's alt text and go on: say so instead.
    if not (data.startswith(signature) if signature else b"<svg" in data[:SVG_HEAD]):
        raise PubkitError(
            f"figure image {shown_path(path, root)}: its content is not {name}",
            where.path,
            where.line,
        )
    return Image(path, data, mime, "images/" + shown_path(path, root))
