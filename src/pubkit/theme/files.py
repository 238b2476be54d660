"""The theme's files: the project's theme folder laid over pubkit's packaged default theme."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pubkit import __version__
from pubkit.errors import PubkitError
from pubkit.fileio import project_files, read_project_bytes, read_utf8

PACKAGED = Path(__file__).resolve().parent / "default"
"""pubkit's default theme, shipped in the wheel as package data."""
NAME = "default"
VERSION = __version__
"""The default theme changes only with pubkit: its version is pubkit's."""

TEMPLATE = "brief.html.j2"
STYLESHEET = "brief.css"
PRINT_STYLESHEET = "print.css"
STYLESHEETS = (STYLESHEET, PRINT_STYLESHEET)
CODE_STYLESHEET = "code.css"
"""Linked only by editions with code blocks (declaring its font face moves WeasyPrint's
line breaks in other text), with the monospace font it declares."""
CODE_FILES = (CODE_STYLESHEET, "fonts/NotoSansMono-Regular.ttf", "fonts/OFL-NotoSansMono.txt")
LABELS = "pubkit-theme.pot"
"""The theme's own words, as a gettext template (see pubkit.theme.labels)."""
FONTS = "fonts"
FALLBACK_FONTS = (PACKAGED / FONTS, PACKAGED)
"""fontconfig's only folder, and the folder it lies in: the default theme's fonts, so that
no font of the system is ever used (a font the design names is loaded by itself)."""


def packaged_translation(lang: str) -> str:
    """The name, in a theme, of the translation of its words it ships for ``lang``."""
    return f"locale/{lang}/pubkit-theme.po"


@dataclass(frozen=True)
class ThemeFile:
    """One file of the theme: its name in the theme (``fonts/NotoSans-Bold.ttf``), where
    it is, the folder it must be a regular file of (the project, or the packaged theme),
    and its name in messages."""

    name: str
    path: Path
    root: Path
    shown: str
    packaged: bool

    def read_bytes(self, what: str) -> bytes:
        """Its bytes, read as a regular file of its root only (pubkit.fileio)."""
        return read_project_bytes(self.path, self.root, what, self.shown)

    def read_text(self, what: str) -> str:
        return read_utf8(self.path, self.shown, what, self.root)


@dataclass(frozen=True)
class ThemeFiles:
    """The project's theme folder (``styles-dir``, which need not exist) over the packaged
    theme: a file of the same name in the folder replaces the packaged one."""

    folder: Path
    root: Path
    package: Path = PACKAGED

    @property
    def layers(self) -> tuple[tuple[Path, Path], ...]:
        """Each folder of the theme, first the one that wins, with the root it lies in."""
        return ((self.folder, self.root), (self.package, self.package))

    def find(self, name: str) -> ThemeFile | None:
        """The file ``name`` of the theme (a relative path, ``/``-separated), or None."""
        parts = PurePosixPath(name).parts
        if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
            return None
        for folder, root in self.layers:
            path = folder.joinpath(*parts)
            if os.path.lexists(path):  # a link is found, and refused when read
                return self._file(name, path, root)
        return None

    def get(self, name: str, what: str) -> ThemeFile:
        """The file ``name``, or a PubkitError naming where it was looked for."""
        found = self.find(name)
        if found is None:
            raise PubkitError(
                f"the theme has no {what} {name!r} (looked in {self._shown_folder()} and in "
                f"pubkit's default theme)",
                shown_packaged(self.package / name, self.package),
            )
        return found

    def listing(self) -> list[ThemeFile]:
        """Every file of the theme, by name: the folder's files and the packaged ones it
        does not replace. Each is a regular file of its root, reached through no link
        (a link is a PubkitError naming it)."""
        found: dict[str, ThemeFile] = {}
        for folder, root in reversed(self.layers):
            for path in project_files(folder, root, "theme file", "theme folder"):
                name = path.relative_to(folder).as_posix()
                found[name] = self._file(name, path, root)
        return [found[name] for name in sorted(found)]

    def overrides(self) -> list[ThemeFile]:
        """The files of the project's theme folder."""
        return [file for file in self.listing() if not file.packaged]

    def digest(self) -> str:
        """A hash of every file of the theme (names and bytes)."""
        digest = hashlib.sha256()
        for file in self.listing():
            digest.update(file.name.encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes("theme file")).digest())
        return digest.hexdigest()

    def _file(self, name: str, path: Path, root: Path) -> ThemeFile:
        packaged = root == self.package
        shown = shown_packaged(path, self.package) if packaged else _relative(path, self.root)
        return ThemeFile(name, path, root, shown, packaged)

    def _shown_folder(self) -> str:
        return _relative(self.folder, self.root) + "/"


def shown_packaged(path: Path, package: Path = PACKAGED) -> str:
    """A file of the packaged theme as messages name it: ``pubkit/theme/default/…``."""
    try:
        return (PurePosixPath("pubkit/theme") / package.name / path.relative_to(package)).as_posix()
    except ValueError:
        return str(path)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
