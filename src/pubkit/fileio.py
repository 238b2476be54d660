"""Reading inputs (UTF-8 files, SOURCE_DATE_EPOCH) with clear errors, and atomic writes."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from pubkit.errors import PubkitError


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_utf8(path: Path, shown: str, what: str) -> str:
    """The text of ``path``, without the byte order mark some editors write first;
    unreadable files and bad bytes are PubkitErrors naming ``shown`` (and the line of
    the first bad byte)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PubkitError(f"cannot read {what}: {exc.strerror}", shown) from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PubkitError(f"{what} is not valid UTF-8", shown, line) from None


MAX_EPOCH = 253402300799
"""9999-12-31 23:59:59 UTC: the last second gettext's and PDF's date formats can write."""


def source_date_epoch() -> int | None:
    """The SOURCE_DATE_EPOCH of reproducible builds, when set: seconds since 1970."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not re.fullmatch(r"[0-9]+", value) or int(value) > MAX_EPOCH:  # isdigit takes "²"
        raise PubkitError(
            f"SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 (got {value!r})"
        )
    return int(value)
