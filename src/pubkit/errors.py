"""The one exception type pubkit raises for bad input, with its source location."""

from __future__ import annotations

import os
from pathlib import Path


class PubkitError(Exception):
    """A problem the user can fix, reported as ``file:line: message``."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[type[PubkitError], tuple[str, str | None, int | None]]:
        # keeps the location when a render worker process sends the error back
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


def shown_path(path: str | Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (OSError, ValueError):
        return str(path)


def os_error(exc: OSError) -> PubkitError:
    """What the system refused (a full disk, a read-only file system, a permission, a
    missing file), as ``path: no space left on device``: the path it names (both, for a
    rename or a copy) and its reason in words."""
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))
    reason = reason[:1].lower() + reason[1:]
    if exc.filename is None:
        return PubkitError(reason)
    names = [exc.filename, exc.filename2] if exc.filename2 is not None else [exc.filename]
    shown = " → ".join(shown_path(os.fsdecode(name)) for name in names)
    return PubkitError(reason, shown)
