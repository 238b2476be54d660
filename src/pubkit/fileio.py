"""Inputs read with clear errors (UTF-8, SOURCE_DATE_EPOCH), only regular files inside
the project (:func:`project_file`); and the one check of every folder pubkit writes or
deletes in (:func:`writable_folder`). The writing itself: :mod:`pubkit.writing`."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from pubkit.errors import PubkitError

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
                f"cannot write {shown}: {exc.strerror}", _shown(current, bases[:1])
            ) from None
        if stat.S_ISLNK(status.st_mode):
            try:
                target = os.readlink(current)
            except OSError:
                target = "?"
            raise PubkitError(
                f"symbolic link (to {target}) on the way to {shown}: {_WRITE_ADVICE}",
                _shown(current, bases[:1]),
            )
        if not stat.S_ISDIR(status.st_mode):
            kind = "a file" if stat.S_ISREG(status.st_mode) else _kind(status.st_mode)
            raise PubkitError(
                f"{kind} on the way to {shown}, not a folder",
                _shown(current, bases[:1]),
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


def written_path(path: Path, within: Roots) -> str:
    """``path`` as messages about writes name it: relative to the project (the first of
    ``within``) when it lies inside, else whole (a dist folder configured outside)."""
    return _shown(os.path.abspath(path), _bases(path, within)[:1])


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
