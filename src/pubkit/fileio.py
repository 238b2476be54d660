"""Inputs read with clear errors (UTF-8, SOURCE_DATE_EPOCH), and only regular files inside
the project (:func:`project_file`); atomic writes; temporary files."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from pubkit.errors import PubkitError

# A writer holds an exclusive flock on its temporary file or folder for as long as it uses
# it: the kernel drops the lock when the writer dies, however it dies (SIGKILL, OOM), and
# a process stopped for hours (Ctrl-Z) keeps it. So "stale" means "no live process holds
# it", which also holds for concurrent pubkit runs in other PID namespaces, where a PID
# written in a name could not be checked.

TEMPORARY = re.compile(r"\.(.+\.|weasyprint-)[a-z0-9_]{8}\.tmp\Z")
"""The names of write_atomic's temporary files (``.NAME.XXXXXXXX.tmp``) and of those an
earlier pubkit compiled WeasyPrint's declarations into."""

GRACE = 60.0
"""Seconds a temporary file is left alone after its last change even when nobody holds it
locked: writers that do not lock (an earlier pubkit) may still be at work on it."""

_tidied: set[Path] = set()


def write_atomic(path: Path, data: bytes | str, within: Roots) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.
    Its folder must be one pubkit may write in, inside ``within`` (see
    :func:`writable_folder`). When the system refuses (a full disk, a read-only file
    system), the OSError names ``path`` (or the folder that could not be made), never the
    temporary file."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    writable_folder(path.parent, within, shown_path(path, within))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent not in _tidied:  # once per folder and process: a listing per write is waste
        _tidied.add(path.parent)
        remove_stale_temporaries([path.parent], within)
    try:
        fd, tmp = _locked_temporary(path)
    except OSError as exc:
        raise naming(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), path.stat().st_mode & 0o777 if path.exists() else 0o644)
            # Renamed while still open, so still locked: never removed as stale meanwhile.
            os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise naming(exc, path) from None
        raise


def naming(exc: OSError, path: Path) -> OSError:
    """``exc`` about ``path``, the file or folder the user knows of (not a temporary one
    that stands for it): the same error, of the same OSError subclass."""
    if exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(path))


def _locked_temporary(path: Path) -> tuple[int, str]:
    """A new hidden temporary file beside ``path``, open and locked by this process."""
    while True:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        _lock(fd)
        if _same_file(fd, tmp):
            return fd, tmp
        os.close(fd)  # removed in the instant before it was locked (clocks far apart): again


def _lock(fd: int) -> None:
    """Lock ``fd`` exclusively, waiting if need be; on a file system without locks, the
    grace period alone protects it."""
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX)


def _same_file(fd: int, path: str) -> bool:
    """Whether ``path`` still names the file or folder open as ``fd``."""
    try:
        found = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (found.st_dev, found.st_ino) == (opened.st_dev, opened.st_ino)


def remove_stale_temporaries(folders: Sequence[Path], within: Roots) -> None:
    """Remove the temporary files of writers killed midway (see :data:`TEMPORARY`) from
    ``folders``: those that no process holds locked and that have not changed for
    :data:`GRACE` seconds. What cannot be read or removed is left as it is, and so is a
    folder pubkit may not write in (:func:`writable_folder`: reached through a link)."""
    for folder in folders:
        try:
            writable_folder(folder, within, "folder")
        except PubkitError:
            continue
        try:
            entries = [entry for entry in os.scandir(folder) if TEMPORARY.match(entry.name)]
        except OSError:
            continue
        for entry in entries:
            with contextlib.suppress(OSError), _unused(entry.path) as status:
                if status is not None and time.time() - status.st_mtime > GRACE:
                    os.unlink(entry.path)


@contextlib.contextmanager
def _unused(path: str) -> Iterator[os.stat_result | None]:
    """The status of the file or folder ``path`` when no other process holds it locked,
    and then locked by this one meanwhile; None when another does (or it is a link, or
    gone)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        yield None
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        yield None
        return
    try:
        yield os.fstat(fd) if _same_file(fd, path) else None
    finally:
        os.close(fd)


# -- where pubkit writes ------------------------------------------------------------------------
#
# The folders pubkit writes in (dist/, .pubkit-cache/, the catalogs' folders) may arrive by
# git as symbolic links too: a write or a delete through one would reach any folder of the
# machine. Every write and every delete pubkit does is in a folder checked here first.

_WRITE_ADVICE = "pubkit writes only inside the project, never through a link: remove the link"


def writable_folder(folder: Path, within: Roots, shown: str) -> Path:
    """``folder`` checked as one pubkit may write or delete in: it lies inside one of the
    roots ``within`` (the deepest that holds it: a dist folder configured outside the
    project is a root of its own), and none of its parts below that root is a symbolic
    link or anything but a folder (parts not made yet are made by the writer). Otherwise
    a PubkitError naming the link (``shown`` names what was to be written); nothing is
    written or made before. Returned as given."""
    bases = _bases(folder, within)
    absolute = Path(os.path.abspath(folder))
    holding = [
        (real, base)
        for written, real in bases
        for base in (written, real)
        if absolute.is_relative_to(base)
    ]
    if not holding:
        raise PubkitError(f"{shown} lies outside the project: {_WRITE_ADVICE}", str(folder))
    real, base = max(holding, key=lambda found: len(found[1].parts))
    current = real
    for part in absolute.relative_to(base).parts:
        current = current / part
        try:
            status = os.lstat(current)
        except FileNotFoundError:
            break  # made by the writer, as a folder: a link cannot be below a missing one
        except OSError as exc:
            raise PubkitError(
                f"cannot write {shown}: {exc.strerror}", _shown(current, bases)
            ) from None
        if stat.S_ISLNK(status.st_mode):
            try:
                target = os.readlink(current)
            except OSError:
                target = "?"
            raise PubkitError(
                f"symbolic link (to {target}) on the way to {shown}: {_WRITE_ADVICE}",
                _shown(current, bases),
            )
        if not stat.S_ISDIR(status.st_mode):
            kind = "a file" if stat.S_ISREG(status.st_mode) else _kind(status.st_mode)
            raise PubkitError(
                f"{kind} on the way to {shown}, not a folder",
                _shown(current, bases),
            )
    return folder


# -- files of the project ----------------------------------------------------------------------
#
# Every file pubkit reads or copies from a project goes through project_file: a project
# arrives by git, which carries symbolic links, so a file of the design, a catalog or the
# source may be a link to any file of the machine that runs pubkit (a key, a system font)
# or to a named pipe, which would block its reader for ever. No link is followed, not even
# one whose target lies inside the project: that target may be .git/config, where CI
# keeps its access token, or a credentials file CI wrote into the checkout.

Roots = Path | Sequence[Path] | None
"""Where a file may lie: a project root, several folders (the URL fetcher's), or None for
the file's own folder (library callers that know no project)."""

_LINK_ADVICE = "pubkit reads only regular files inside the project, never through a link"


def project_file(path: Path, root: Roots, what: str, shown: str | None = None) -> Path:
    """``path`` checked as a file pubkit may read or copy: a regular file inside ``root``
    reached through no symbolic link below it; returned as the absolute path to open
    (``..`` resolved as written). Otherwise a PubkitError naming ``shown`` (default: the
    path relative to ``root``) and saying why (``what`` names the file: "catalog"). The
    file is never opened, so a named pipe cannot block."""
    return _checked(path, root, what, shown)[0]


def read_project_bytes(path: Path, root: Roots, what: str, shown: str | None = None) -> bytes:
    """The bytes of ``path``, checked by :func:`project_file` first, then opened so that
    a file swapped meanwhile (for a link or a pipe) is refused rather than read."""
    checked, status, shown = _checked(path, root, what, shown)
    try:
        fd = os.open(checked, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise PubkitError(f"cannot read {what}: {exc.strerror}", shown) from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if (opened.st_dev, opened.st_ino) != (status.st_dev, status.st_ino):
            raise PubkitError(f"{what} changed while pubkit read it: run pubkit again", shown)
        try:
            return handle.read()
        except OSError as exc:
            raise PubkitError(f"cannot read {what}: {exc.strerror}", shown) from None


def project_folder(folder: Path, root: Roots, what: str) -> Path:
    """``folder`` checked as :func:`project_file` checks a file, but a folder is wanted
    (missing: a PubkitError too); returned as the absolute path to use."""
    try:
        return _checked(folder, root, what, None, folder=True)[0]
    except FileNotFoundError:
        shown = shown_path(folder, root)
        raise PubkitError(f"cannot read {what}: {os.strerror(errno.ENOENT)}", shown) from None


def project_files(folder: Path, root: Roots, what: str, folder_what: str) -> list[Path]:
    """Every file in ``folder`` and its subfolders (as paths under ``folder``), sorted,
    each checked as :func:`project_file` checks one (a link, a pipe, a device or a socket
    anywhere in it is a PubkitError naming it, ``what`` naming a file in messages and
    ``folder_what`` the folder); none when ``folder`` does not exist."""
    try:
        checked, _, _ = _checked(folder, root, folder_what, None, folder=True)
    except FileNotFoundError:
        return []
    bases = _bases(folder, root)
    found: list[Path] = []
    pending = [(checked, folder)]  # each folder as checked, and as named by the caller
    while pending:
        current, named = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            shown = _shown(named, bases)
            raise PubkitError(f"cannot read the folder: {exc.strerror}", shown) from None
        for entry in entries:
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(status.st_mode):
                pending.append((Path(entry.path), named / entry.name))
            else:
                _refuse(Path(entry.path), status, what, _shown(named / entry.name, bases))
                found.append(named / entry.name)
    return sorted(found)


def _bases(path: Path, root: Roots) -> list[tuple[Path, Path]]:
    """The roots as (absolute, real) pairs: a path may be written either way."""
    if root is None:
        roots: Sequence[Path] = [Path(os.path.abspath(path)).parent]
    elif isinstance(root, Path):
        roots = [root]
    else:
        roots = root
    return [(Path(os.path.abspath(r)), Path(os.path.realpath(r))) for r in roots]


def shown_path(path: Path, root: Roots) -> str:
    """``path`` as messages name it: relative to ``root`` when it lies inside."""
    return _shown(path, _bases(path, root))


def _shown(path: Path | str, bases: list[tuple[Path, Path]]) -> str:
    """``path`` as messages name it: relative to the root it lies in, else as it is."""
    absolute = Path(os.path.abspath(path))
    for written, real in bases:
        for base in (written, real):
            if absolute.is_relative_to(base):
                return absolute.relative_to(base).as_posix()
    return str(path)


def _checked(
    path: Path, root: Roots, what: str, shown: str | None, *, folder: bool = False
) -> tuple[Path, os.stat_result, str]:
    """What :func:`project_file` checks, and the file's status and name for messages;
    with ``folder``, a folder is wanted (and FileNotFoundError raised when it is missing)."""
    bases = _bases(path, root)
    absolute = Path(os.path.abspath(path))
    shown = shown or _shown(path, bases)
    for written, real in bases:
        for base in (written, real):
            if absolute.is_relative_to(base):
                relative = absolute.relative_to(base)
                return (*_walk(real, relative, what, shown, bases, folder), shown)
    raise PubkitError(f"{what} lies outside the project: {_LINK_ADVICE}", shown)


def _walk(
    real: Path,
    relative: Path,
    what: str,
    shown: str,
    bases: list[tuple[Path, Path]],
    folder: bool,
) -> tuple[Path, os.stat_result]:
    """Each component of ``relative`` below the real root ``real``, looked at without
    following it: none may be a link, the last must be a regular file (or a folder)."""
    current = real
    try:
        status = os.stat(real)
        for index, part in enumerate(relative.parts, start=1):
            if not stat.S_ISDIR(status.st_mode):
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
            current = current / part
            status = os.lstat(current)
            if stat.S_ISLNK(status.st_mode) and index < len(relative.parts):
                _refuse(current, status, what, shown, through=_shown(current, bases))
    except OSError as exc:
        if folder and isinstance(exc, FileNotFoundError):
            raise
        raise PubkitError(f"cannot read {what}: {exc.strerror}", shown) from None
    _refuse(current, status, what, shown, folder=folder)
    return current, status


def _refuse(
    path: Path,
    status: os.stat_result,
    what: str,
    shown: str,
    *,
    through: str | None = None,
    folder: bool = False,
) -> None:
    """A PubkitError unless ``status`` (not followed) is a regular file's (a folder's,
    with ``folder``); ``through`` names the folder of the path that is a link, when it is
    not the file itself."""
    mode = status.st_mode
    if stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode):
        return
    wanted = "folder" if folder else "file"
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        if through is not None:
            raise PubkitError(
                f"{what} is reached through the symbolic link {through} (to {target}): "
                f"{_LINK_ADVICE}",
                shown,
            )
        raise PubkitError(
            f"{what} is a symbolic link (to {target}): {_LINK_ADVICE}; "
            f"put the {wanted} itself here",
            shown,
        )
    expected = "a folder" if folder else "a regular file"
    raise PubkitError(f"{what} is {_kind(mode)}, not {expected}", shown)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a file"


def read_utf8(path: Path, shown: str | None, what: str, root: Roots = None) -> str:
    """The text of ``path`` (a file of the project under ``root``: see
    :func:`project_file`), without the byte order mark some editors write first;
    unreadable files and bad bytes are PubkitErrors naming ``shown`` (default: as
    :func:`project_file` names it) and the line of the first bad byte."""
    shown = shown or _shown(path, _bases(path, root))
    data = read_project_bytes(path, root, what, shown)
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


@contextlib.contextmanager
def private_temporaries(parent: Path, within: Roots = None) -> Iterator[Path]:
    """Have :mod:`tempfile` make this run's temporary files in a new folder inside
    ``parent``, removed when the block ends, whether it ends normally or not.

    Render processes end with ``os._exit``, as pubkit's command does, so WeasyPrint's
    finalizers, which remove the copies of the fonts it makes (a folder of about 1.2 MB
    per render), never run, nor do those of the fontconfig fallback folder or the
    renderer's items file. Here they all land in this folder, which the processes forked
    meanwhile share and keep locked while they live; this process removes it once they
    are gone. A run killed with SIGKILL cannot: the next run removes the folders nobody
    holds. Being inside the project rather than in $TMPDIR, nothing is left there even
    then; when ``parent`` cannot be written, a new folder in $TMPDIR is used instead,
    removed likewise (but not after SIGKILL). A ``parent`` reached through a link (see
    :func:`writable_folder`, under ``within``) is a PubkitError: the folders of runs are
    deleted, and nothing outside the project may be.
    """
    writable_folder(parent, within, f"{shown_path(parent, within)}/run-*")
    run, lock = _new_run_folder(parent)
    saved = tempfile.tempdir
    tempfile.tempdir = str(run)
    try:
        yield run
    finally:
        tempfile.tempdir = saved
        with _signals_held():
            os.close(lock)
            _wait_for_forks(run)
            shutil.rmtree(run, ignore_errors=True)


def _new_run_folder(parent: Path) -> tuple[Path, int]:
    """A new folder for :func:`private_temporaries`, open and locked; the folders of killed
    runs in ``parent`` removed first."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    else:
        _remove_stale_runs(parent)
    while True:
        try:
            run = tempfile.mkdtemp(prefix="run-", dir=parent)
        except OSError:
            run = tempfile.mkdtemp(prefix="pubkit-")
        lock = os.open(run, os.O_RDONLY)
        _lock(lock)
        if _same_file(lock, run):
            return Path(run), lock
        os.close(lock)  # another run removed it in the instant before it was locked: again


def _remove_stale_runs(parent: Path) -> None:
    """Remove the folders of runs that were killed: those no process holds locked."""
    try:
        entries = [entry for entry in os.scandir(parent) if entry.name.startswith("run-")]
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError), _unused(entry.path) as status:
            if status is not None:
                shutil.rmtree(entry.path, ignore_errors=True)


def _wait_for_forks(run: Path, patience: float = 10.0) -> None:
    """Wait until no process holds ``run`` locked: forks just killed with SIGKILL may
    still be dying, and could otherwise create files in it while it is removed. After
    ``patience`` seconds (a process stuck in the kernel), the next run removes it."""
    try:
        fd = os.open(run, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return
    deadline = time.monotonic() + patience
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.005)
            except OSError:  # a file system without locks
                return
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back meanwhile (and delivered after): a second Ctrl-C must
    not stop a clean-up halfway."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
