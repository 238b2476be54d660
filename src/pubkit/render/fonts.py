"""The edition's fonts as fontTools sees them: character coverage and versions."""

from __future__ import annotations

import contextlib
import hashlib
import json
import unicodedata
from collections.abc import Set as AbstractSet
from pathlib import Path

from pubkit.fileio import write_atomic

_CMAPS: dict[tuple[str, int, int], frozenset[int]] = {}


def _digest(path: Path) -> str:
    """What a font's cache entries are named by: its content, whatever its name."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:32]


def _cmap(path: Path, cache_dir: Path | None = None) -> frozenset[int]:
    """The code points a font maps: once per file version in a process, and across
    runs from ``cache_dir``, keyed by the font's hash (parsing a cmap costs ~15 ms)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key in _CMAPS:
        return _CMAPS[key]
    stored = None
    if cache_dir is not None:
        stored = cache_dir / f"cmap-{_digest(path)}.json"
        if stored.is_file():
            _CMAPS[key] = frozenset(json.loads(stored.read_text()))
            return _CMAPS[key]
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        _CMAPS[key] = frozenset((font.getBestCmap() or {}).keys())
    if stored is not None:
        _keep(stored, json.dumps(sorted(_CMAPS[key])))
    return _CMAPS[key]


class Fonts:
    """The character sets of every font file of the edition."""

    def __init__(self, folder: Path, cache_dir: Path | None = None):
        paths = sorted(folder.glob("*.ttf")) if folder.is_dir() else []
        self.cmaps = [(path.name, _cmap(path, cache_dir)) for path in paths]
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


def font_version(path: Path, cache_dir: Path | None = None) -> str:
    """The version string of a font file (name ID 5), for release manifests; kept in
    ``cache_dir`` by the font's hash, as the cmaps are (fontTools costs ~10 ms a font)."""
    stored = None
    if cache_dir is not None:
        stored = cache_dir / f"version-{_digest(path)}.json"
        if stored.is_file():
            return str(json.loads(stored.read_text()))
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        version = str(font["name"].getDebugName(5) or "")
    if stored is not None:
        _keep(stored, json.dumps(version))
    return version


def _keep(stored: Path, text: str) -> None:
    """Keep what was read of a font for the next run, if the cache can be written: a full
    disk or a read-only project costs the next run the reading, nothing else."""
    with contextlib.suppress(OSError):
        write_atomic(stored, text)
