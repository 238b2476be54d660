"""The user's private cache folder (``$XDG_CACHE_HOME/pubkit/``), and the tags that make a
project's cache entries trustworthy: an HMAC-SHA256 under a secret kept there.

A project arrives by git, and ``.pubkit-cache/`` can arrive with it as ordinary files: a
committed render (named by a key anyone can compute from the locked versions and the
HTML) would be published as the release's PDF without rendering, and a committed font
record could fake the glyph check. pubkit believes an entry only when its tag verifies
under this user's secret, which never lies in a project and which only this user can
read. An entry that does not verify is missing: made again, and written over. Why not
ignore the files git tracks instead: that needs git, misses an entry copied in by hand
or unpacked from an archive, and would still believe one a tool wrote there untracked.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from pathlib import Path

SECRET_BYTES = 32
SECRET_NAME = "cache-secret"

_secret: list[bytes] = []  # loaded once per process (forks inherit it)


def user_cache() -> Path:
    """pubkit's folder in the user's cache: ``$XDG_CACHE_HOME/pubkit``, else
    ``~/.cache/pubkit``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pubkit"


def private_folder(folder: Path) -> Path | None:
    """``folder``, made if missing (mode 0700), when no other user can write to it: a
    folder (not a link) owned by this user, writable by nobody else; else None."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
    except OSError:
        return None
    if (
        stat.S_ISDIR(status.st_mode)
        and status.st_uid == os.getuid()
        and not status.st_mode & 0o022
        and os.access(folder, os.W_OK | os.X_OK)
    ):
        return folder
    return None


def tag(name: str, *contents: bytes) -> str:
    """The tag of the cache entry ``name`` (its kind and key: "render:<key>") holding
    ``contents``: an HMAC-SHA256 under this user's secret, as hex."""
    mac = hmac.new(secret(), digestmod=hashlib.sha256)
    for part in (name.encode("utf-8"), *contents):
        mac.update(len(part).to_bytes(8, "big") + part)  # no two splits give one message
    return mac.hexdigest()


def genuine(found: object, name: str, *contents: bytes) -> bool:
    """Whether ``found`` (an entry's stored tag, of any JSON type) is the tag this user's
    pubkit gave ``name`` holding ``contents``."""
    return isinstance(found, str) and hmac.compare_digest(found, tag(name, *contents))


def secret() -> bytes:
    """This user's secret: read from (or first written to) the private cache folder;
    when there is none that can be used, a new one for this process alone (its entries
    are then believed by this run only: the cache saves nothing across runs)."""
    if not _secret:
        _secret.append(_stored_secret() or secrets.token_bytes(SECRET_BYTES))
    return _secret[0]


def _stored_secret() -> bytes | None:
    folder = private_folder(user_cache())
    if folder is None:
        return None
    path = folder / SECRET_NAME
    for _ in range(3):  # another process may write it meanwhile, or it may be damaged
        try:
            return _read_secret(path)
        except FileNotFoundError:
            pass
        except ValueError:  # damaged, or readable by others: replaced
            with contextlib.suppress(OSError):
                path.unlink()
        except OSError:
            return None
        with contextlib.suppress(FileExistsError, OSError):
            return _write_secret(folder, path)
    return None


def _read_secret(path: Path) -> bytes:
    """The secret in ``path``: a regular file (not a link) of this user's that nobody
    else can read or write, of :data:`SECRET_BYTES` bytes; otherwise ValueError (missing:
    FileNotFoundError)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link: not this user's secret, whatever it points to
            raise ValueError(path) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if (
            not stat.S_ISREG(status.st_mode)
            or status.st_uid != os.getuid()
            or status.st_mode & 0o077
        ):
            raise ValueError(path)
        data = handle.read(SECRET_BYTES + 1)
    if len(data) != SECRET_BYTES:
        raise ValueError(path)
    return data


def _write_secret(folder: Path, path: Path) -> bytes:
    """A new secret, written whole to a private temporary file and linked to ``path``,
    which must not exist (FileExistsError when another process was first)."""
    made = secrets.token_bytes(SECRET_BYTES)
    fd, tmp = tempfile.mkstemp(prefix=f".{SECRET_NAME}.", suffix=".tmp", dir=folder)  # 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(made)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return made
