"""The edition's fonts as fontTools sees them: character coverage and versions; and the
check that the fonts folder holds nothing but regular files of the project."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pubkit.errors import PubkitError
from pubkit.fileio import Roots, project_file, project_files, read_project_bytes, shown_path
from pubkit.usercache import genuine, tag
from pubkit.writing import write_atomic

_CMAPS: dict[tuple[str, int, int], frozenset[int]] = {}


def font_folder(folder: Path, root: Roots = None) -> list[Path]:
    """Every file in the fonts folder (and its subfolders, which fontconfig reads too),
    each a regular file of the project under ``root`` (default: the folder itself): a
    link there would have fontconfig embed a system font, and a release copy any file of
    the machine. Anything else is a PubkitError naming it."""
    within = root if root is not None else folder
    return project_files(folder, within, "file in the fonts folder", "fonts folder")


def _font_bytes(path: Path, root: Roots, shown: str | None = None) -> tuple[bytes, str]:
    """A font file's bytes and its name in messages."""
    shown = shown or shown_path(path, root)
    return read_project_bytes(path, root, "font", shown), shown


def _digest(data: bytes) -> str:
    """What a font's cache entries are named by: its content, whatever its name."""
    return hashlib.sha256(data).hexdigest()[:32]


def _stored(path: Path, root: Roots) -> Any:
    """The value a cache entry holds; None when it is missing, not a regular file of the
    project (a link planted there is not followed), damaged, or not written by this
    user's pubkit (its tag does not verify: see :mod:`pubkit.usercache`, a committed
    entry could fake the glyph check): it is then made again, and written over."""
    try:
        entry = json.loads(read_project_bytes(path, root, "cache entry"))
        text = entry["json"]
        if not genuine(entry["tag"], f"font:{path.name}", text.encode("utf-8")):
            return None
        return json.loads(text)
    except (PubkitError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _parse(data: bytes, shown: str, read: Any) -> Any:
    """``read(font)`` of a fontTools TTFont of ``data``; a file that is not a font it can
    read is a PubkitError naming it: a design error, whatever fontTools raises."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(io.BytesIO(data), lazy=True) as font:
            return read(font)
    except Exception as exc:  # fontTools raises what its parsers meet: many types
        detail = str(exc) or type(exc).__name__
        raise PubkitError(f"not a font pubkit can read: {detail}", shown) from None


def _cmap(
    path: Path,
    cache_dir: Path | None = None,
    root: Roots = None,
    shown: str | None = None,
    cache_root: Roots = None,
) -> frozenset[int]:
    """The code points a font maps: once per file version in a process, and across
    runs from ``cache_dir`` (a folder of ``cache_root``, default ``root``), keyed by the
    font's hash (parsing a cmap costs ~15 ms)."""
    stat = project_file(path, root, "font", shown).stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key in _CMAPS:
        return _CMAPS[key]
    data, shown = _font_bytes(path, root, shown)
    cache = (cache_dir, root if cache_root is None else cache_root)
    _CMAPS[key] = frozenset(_font_fact(data, shown, "cmap", list, _code_points, *cache))
    return _CMAPS[key]


@dataclass(frozen=True)
class FontFile:
    """A font an edition prints with: where it is, the folder it must be a regular file
    of (the project, or the packaged theme), and its name in messages."""

    path: Path
    root: Path
    shown: str


def read_font(font: FontFile, cache_dir: Path | None = None, cache_root: Roots = None) -> None:
    """Check that ``font`` is a font pubkit can read (a PubkitError naming it otherwise);
    what was read is kept in ``cache_dir``, a folder of ``cache_root`` (the project)."""
    _cmap(font.path, cache_dir, font.root, font.shown, cache_root)


def family_name(font: FontFile, cache_dir: Path | None = None, cache_root: Roots = None) -> str:
    """A font's family name (its typographic family, name ID 16, else name ID 1)."""
    data, shown = _font_bytes(font.path, font.root, font.shown)
    return str(_font_fact(data, shown, "family", str, _family, cache_dir, cache_root))


class Fonts:
    """The character sets of every font file of the edition: the ``*.ttf`` of the fonts
    folder, whose files must all be regular files of the project under ``root``
    (:func:`font_folder`); or, made by :meth:`of`, the fonts a theme prints with."""

    def __init__(self, folder: Path, cache_dir: Path | None = None, root: Roots = None):
        paths = [p for p in font_folder(folder, root) if p.parent == folder and p.suffix == ".ttf"]
        self._start([(path.name, _cmap(path, cache_dir, root)) for path in paths])

    @classmethod
    def of(
        cls, fonts: Sequence[FontFile], cache_dir: Path | None = None, cache_root: Roots = None
    ) -> Fonts:
        """The character sets of ``fonts``, each named by its file name (read once and kept
        in ``cache_dir``, a folder of ``cache_root``)."""
        made = cls.__new__(cls)
        made._start(
            [(f.path.name, _cmap(f.path, cache_dir, f.root, f.shown, cache_root)) for f in fonts]
        )
        made.shown = {f.path.name: f.shown for f in fonts}
        return made

    shown: dict[str, str] = {}  # noqa: RUF012
    """How messages name each font, when it is not a file of ``fonts_dir``."""

    def _start(self, cmaps: list[tuple[str, frozenset[int]]]) -> None:
        self.cmaps = cmaps
        self._missing: dict[str, list[str]] = {}
        self._in_every: set[str] = set()  # characters every font has (or that print no glyph)

    def all_present(self, chars: AbstractSet[str]) -> bool:
        """Whether every font has a glyph for each of ``chars`` (the usual case, answered
        with one set operation)."""
        if chars <= self._in_every:
            return True
        if any(self.missing(char) for char in chars):
            return False
        self._in_every.update(chars)
        return True

    def missing(self, char: str) -> list[str]:
        """Names of the font files without a glyph for ``char``."""
        found = self._missing.get(char)
        if found is None:
            code = ord(char)
            if unicodedata.category(char) == "Cc":  # line breaks and tabs print no glyph
                found = []
            else:
                found = [name for name, cmap in self.cmaps if code not in cmap]
            self._missing[char] = found
        return found


def font_version(
    path: Path, cache_dir: Path | None = None, root: Roots = None, cache_root: Roots = None
) -> str:
    """The version string of a font file (name ID 5), a regular file of the project under
    ``root``, for release manifests; kept in ``cache_dir`` by the font's hash, as the
    cmaps are (fontTools costs ~10 ms a font)."""
    data, shown = _font_bytes(path, root)
    cache = (cache_dir, root if cache_root is None else cache_root)
    return str(_font_fact(data, shown, "version", str, _version_string, *cache))


def _code_points(font: Any) -> list[int]:
    return sorted((font.getBestCmap() or {}).keys())


def _version_string(font: Any) -> str:
    return str(font["name"].getDebugName(5) or "")


def _family(font: Any) -> str:
    name = font["name"]
    return str(name.getDebugName(16) or name.getDebugName(1) or "")


def _font_fact(
    data: bytes,
    shown: str,
    kind: str,
    expected: type,
    read: Callable[[Any], Any],
    cache_dir: Path | None,
    root: Roots,
) -> Any:
    """What ``read`` finds in a font's ``data``, kept in ``cache_dir`` as
    ``<kind>-<hash of the font>.json`` for the next run (a record of another type, or one
    this user's pubkit did not tag, is read again)."""
    stored = None if cache_dir is None else cache_dir / f"{kind}-{_digest(data)}.json"
    if stored is not None:
        found = _stored(stored, root)
        if isinstance(found, expected):
            return found
    value = _parse(data, shown, read)
    if stored is not None:
        _keep(stored, json.dumps(value), root)
    return value


def _keep(stored: Path, text: str, root: Roots) -> None:
    """Keep what was read of a font (``text``, JSON) for the next run, tagged as this
    user's, if the cache can be written: a full disk or a read-only project costs the
    next run the reading, nothing else."""
    entry = {"json": text, "tag": tag(f"font:{stored.name}", text.encode("utf-8"))}
    with contextlib.suppress(OSError):
        write_atomic(stored, json.dumps(entry) + "\n", root)
