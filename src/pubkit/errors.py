"""The one exception type pubkit raises for bad input, with its source location."""

from __future__ import annotations

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
