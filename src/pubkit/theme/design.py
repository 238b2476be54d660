"""A project's design, checked and ready to print with: the theme's files, the options the
project sets, the theme's words, and the fonts and files its editions use."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pubkit.fileio import read_project_bytes
from pubkit.render.fonts import FontFile
from pubkit.theme.css import theme_css
from pubkit.theme.files import FALLBACK_FONTS, NAME, VERSION, ThemeFiles
from pubkit.theme.labels import Label
from pubkit.theme.options import ConfiguredFile, ThemeOptions

ASSETS = "theme"
"""The folder of the HTML edition's ``assets/`` that holds the files the options name."""

MIME = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
"""The media types of the files a design may use."""


@dataclass(frozen=True)
class Asset:
    """A file the HTML edition needs beside it: where it is read from and its name under
    ``assets/`` (``theme/fonts/Lora.ttf``)."""

    source: FontFile
    name: str


@dataclass(frozen=True)
class Design:
    """What :func:`pubkit.theme.preflight.load_design` found in order."""

    files: ThemeFiles
    options: ThemeOptions
    root: Path
    labels: Mapping[str, Label]
    fonts: tuple[FontFile, ...]
    """The font files the editions print with (the glyph check's)."""
    theme_fonts: tuple[tuple[str, FontFile], ...]
    """The theme's font files its stylesheets declare, by name in the theme (the HTML
    edition's assets)."""
    font_names: tuple[str, ...]
    """The families of the fonts the project sets, for the colophon (none: the theme's)."""

    @property
    def fallback_fonts(self) -> tuple[Path, Path]:
        """fontconfig's only folder, and the root it lies in (files.FALLBACK_FONTS)."""
        return FALLBACK_FONTS

    def css(self, *, for_pdf: bool) -> str:
        """The stylesheet of the project's options; empty when it sets none."""
        return theme_css(self.options, self._url if for_pdf else self._asset_url)

    def logo(self, *, for_pdf: bool) -> str | None:
        """The logo's URL: embedded in a PDF (a data: URI), an asset of the HTML edition."""
        logo = self.options.logo
        if logo is None:
            return None
        if not for_pdf:
            return self._asset_url(logo)
        data = read_project_bytes(logo.path, self.root, "logo", self._shown(logo))
        mime = MIME.get(logo.path.suffix.lower(), "application/octet-stream")
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"

    def assets(self) -> list[Asset]:
        """The files of the options the HTML edition copies under ``assets/theme/``."""
        found = {}
        for file in self.options.files():
            name = f"{ASSETS}/{self._relative(file)}"
            found[name] = Asset(self._font_file(file), name)
        return [found[name] for name in sorted(found)]

    def allowed_files(self) -> tuple[tuple[Path, Path], ...]:
        """The files outside the theme a PDF may read (the project's fonts), with the root
        they must lie in."""
        return tuple((file.path, self.root) for file in self.options.files())

    def digest(self) -> str:
        """A hash of everything the design prints with: the theme's files, the files the
        options name, and the options."""
        digest = hashlib.sha256(self.files.digest().encode())
        for file in self.options.files():
            digest.update(self._relative(file).encode() + b"\0")
            data = read_project_bytes(file.path, self.root, "theme file", self._shown(file))
            digest.update(hashlib.sha256(data).digest())
        digest.update(repr(sorted(self.options.record(self.root).items())).encode())
        return digest.hexdigest()

    def record(self) -> dict[str, Any]:
        """What the manifest says of the design: the theme, its version, its hash, the
        files the project's theme folder replaces and the options it sets."""
        return {
            "name": NAME,
            "version": VERSION,
            "sha256": self.digest(),
            "overrides": {
                file.shown: hashlib.sha256(file.read_bytes("theme file")).hexdigest()
                for file in self.files.overrides()
            },
            "options": self.options.record(self.root),
        }

    def _relative(self, file: ConfiguredFile) -> str:
        return file.path.relative_to(self.root).as_posix()

    def _shown(self, file: ConfiguredFile) -> str:
        return self._relative(file)

    def _font_file(self, file: ConfiguredFile) -> FontFile:
        return FontFile(file.path, self.root, self._relative(file))

    def _url(self, file: ConfiguredFile) -> str:
        return Path(os.path.abspath(file.path)).as_uri()

    def _asset_url(self, file: ConfiguredFile) -> str:
        return f"assets/{ASSETS}/{quote(self._relative(file))}"
