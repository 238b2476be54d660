"""Atomic writes and temporary files: whole files or none, and nothing left behind, in
folders checked first by :func:`pubkit.fileio.writable_folder` (never through a link)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from pubkit.errors import PubkitError
from pubkit.fileio import Roots, writable_folder, written_path

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
    writable_folder(path.parent, within, written_path(path, within))
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
    writable_folder(parent, within, f"{written_path(parent, within)}/run-*")
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
