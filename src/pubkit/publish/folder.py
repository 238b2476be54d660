"""A version folder published whole or not at all: assembled in a hidden staging folder
beside it, sealed with SHA256SUMS, renamed into place under a lock per dist folder; what
a killed release left is tidied by the next."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import stat
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.fileio import Roots, writable_folder, written_path
from pubkit.writing import naming, write_atomic


@dataclass(frozen=True)
class Published:
    """What a staging folder became: the version folder's files (relative to it), and
    whether it was already there byte for byte (and so left untouched)."""

    files: tuple[Path, ...]
    unchanged: bool


MAX_VERSION_BYTES = 200
"""The longest version name: it names the version folder and, while a release is made, the
hidden ``.staging-<version>-<pid>`` and ``.replaced-<version>-<pid>`` folders beside it,
in names of at most 255 bytes."""


def version_name(project: Project, version: str | None) -> str:
    """The version folder's name: ``version``, else ``git describe``; refused when it is
    not a single visible folder name pubkit can write."""
    version = default_version(project) if version is None else version
    problem = _version_problem(version)
    if problem:
        shown = repr(version) if len(version) <= 60 else repr(version[:60]) + "…"
        raise PubkitError(f"invalid release version {shown}: {problem}")
    return version


def _version_problem(version: str) -> str | None:
    if not version:
        return "it is empty"
    if "/" in version:
        return "it must be a single folder name, without '/'"
    if version.startswith("."):
        return "it must not start with '.' (a hidden folder, or '..', the parent)"
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in version):
        return "it must be text without control characters (and valid UTF-8)"
    size = len(version.encode("utf-8"))
    if size > MAX_VERSION_BYTES:
        return f"it is {size} bytes long; a version names a folder: at most {MAX_VERSION_BYTES}"
    return None


def default_version(project: Project) -> str:
    """The version a release is named after when none is given: ``git describe``."""
    try:
        described = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=project.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        described = ""
    return described or "unversioned"


@contextmanager
def release_lock(dist_dir: Path, say: Callable[[str], None], within: Roots) -> Iterator[None]:
    """An exclusive lock per dist folder: concurrent releases run one after the other. The
    folder must be one pubkit may write in, inside ``within`` (fileio.writable_folder)."""
    lock = dist_dir / ".pubkit-release.lock"
    shown = written_path(lock, within)
    writable_folder(dist_dir, within, shown)
    dist_dir.mkdir(parents=True, exist_ok=True)
    try:  # never through a link committed in its place: it could create a file anywhere
        fd = os.open(
            lock, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644
        )
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PubkitError(
                "the release lock is a symbolic link: pubkit writes only inside the project, "
                "never through a link: remove the link",
                shown,
            ) from None
        raise naming(exc, lock) from None
    with os.fdopen(fd, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("waiting for another release of this project to finish…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staging(folder: Path, within: Roots = None) -> Iterator[Path]:
    """A new hidden folder beside ``folder`` to assemble it in, removed when the block
    ends unless :func:`publish` renamed it into place; first, what killed releases left
    there is tidied (the lock says none is running now). ``folder``'s parent must be one
    pubkit may write (and delete) in, inside ``within`` (fileio.writable_folder); default:
    its own parent, not a link."""
    writable_folder(folder.parent, within, written_path(folder, within))
    recover(folder.parent)
    staged = folder.parent / f".staging-{folder.name}-{os.getpid()}"
    try:
        try:
            staged.mkdir(parents=True)
        except OSError as exc:
            raise naming(exc, folder) from None
        yield staged
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)


def publish(
    staged: Path, folder: Path, *, force: bool, shown: str, within: Roots = None
) -> Published:
    """Seal ``staged`` with SHA256SUMS and rename it to ``folder``: unless ``folder``
    holds the same files already, and only with ``force`` when it holds others (``shown``
    names it in the error). Both lie in a folder pubkit may write in, inside ``within``
    (checked again: the renames and the removal of the replaced folder happen there)."""
    writable_folder(folder.parent, within, shown)
    write_sums(staged, within)
    files = tuple(sorted(p.relative_to(staged) for p in staged.rglob("*") if p.is_file()))
    unchanged = same_files(folder, staged)
    if folder.exists() and not (force or unchanged):
        raise PubkitError(f"{shown} exists already with other content (--force replaces it)")
    if unchanged:
        pass  # byte-identical to what is there: leave the published folder untouched
    elif folder.exists() or folder.is_symlink():
        replaced = folder.parent / f".replaced-{folder.name}-{os.getpid()}"
        folder.rename(replaced)
        try:
            _rename(staged, folder)
        except BaseException:  # the published folder goes back (else recover() would)
            replaced.rename(folder)
            raise
        _remove(replaced)
    else:
        _rename(staged, folder)
    return Published(files, unchanged)


def _rename(staged: Path, folder: Path) -> None:
    """The staging folder renamed to the version folder, which an error names."""
    try:
        staged.rename(folder)
    except OSError as exc:
        raise naming(exc, folder) from None


def same_files(folder: Path, staged: Path) -> bool:
    """Whether the published folder holds exactly the staged files, byte for byte: its
    SHA256SUMS is the same, and so are the sums of the files it actually holds (a file
    removed, added, damaged or replaced by a link since is a difference, and so is
    anything but a folder or a regular file: a named pipe there is never opened)."""
    sealed = (staged / "SHA256SUMS").read_bytes()
    try:
        if folder.is_symlink() or not all(map(_plain, folder.rglob("*"))):
            return False
        return (folder / "SHA256SUMS").read_bytes() == sealed == _sums(folder).encode()
    except OSError:
        return False


def _plain(path: Path) -> bool:
    """Whether ``path`` is a folder or a regular file, not through a link."""
    mode = path.lstat().st_mode
    return stat.S_ISDIR(mode) or stat.S_ISREG(mode)


def recover(parent: Path) -> None:
    """Tidy what a release killed midway left: its staging folder, and the version folder
    it was replacing with --force, which goes back in place when the new one never got
    there."""
    for stale in parent.glob(".staging-*"):
        _remove(stale)
    for replaced in parent.glob(".replaced-*"):
        version = replaced.name.removeprefix(".replaced-").rpartition("-")[0]
        original = parent / version
        if version and not (original.exists() or original.is_symlink()):
            replaced.rename(original)
        else:
            _remove(replaced)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_sums(folder: Path, within: Roots = None) -> None:
    write_atomic(folder / "SHA256SUMS", _sums(folder), within)


def _sums(folder: Path) -> str:
    """SHA256SUMS of every file in ``folder`` but SHA256SUMS itself."""
    return "".join(
        f"{sha256(path)}  {path.relative_to(folder).as_posix()}\n"
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path != folder / "SHA256SUMS"
    )


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)
