"""What the system refuses (a full disk, a read-only folder, a permission) while pubkit
writes: 'pubkit: <path>: <reason>' and exit status 1, never a traceback, and every file
that was on disk before is still there, whole.

Tests run as root, for whom no folder is read-only, and no file system can be made full
here: the refusal is made where pubkit's writes reach the system (os.open, open, mkdir,
rename, fsync), for one folder, exactly as the kernel would refuse it."""

from __future__ import annotations

import builtins
import errno
import inspect
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pubkit.cli import cli
from pubkit.config import Project
from pubkit.errors import os_error
from pubkit.writing import write_atomic

from .helpers import SLUG, cli_env, rendered_cache, small_project


def refuse_writes(folder: str, code: int, patch: Callable[[Any, str, Any], None]) -> None:
    """Make the system refuse, with the error ``code``, every change inside ``folder``:
    files opened for writing, folders made, renames to or from it; reads still work.
    ``patch`` is ``setattr`` or pytest's ``monkeypatch.setattr``. Self-contained: its
    source is run in pubkit subprocesses too."""
    import builtins
    import io
    import os

    folder = os.path.realpath(folder)

    def inside(path: Any) -> bool:
        if isinstance(path, int):
            return False
        real = os.path.realpath(os.fsdecode(path))
        return real == folder or real.startswith(folder + os.sep)

    def refused(path: Any) -> OSError:
        return OSError(code, os.strerror(code), os.fsdecode(path))

    real_open, real_mkdir = os.open, os.mkdir
    real_rename, real_replace, real_io_open = os.rename, os.replace, io.open

    def os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: Any = None) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and inside(path):
            raise refused(path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if set(mode) & set("wax+") and inside(file):
            raise refused(file)
        return real_io_open(file, mode, *args, **kwargs)

    def mkdir(path: Any, mode: int = 0o777, *, dir_fd: Any = None) -> None:
        if inside(path) and not os.path.lexists(path):  # EEXIST comes first
            raise refused(path)
        real_mkdir(path, mode, dir_fd=dir_fd)

    def moved(real: Callable[..., None]) -> Callable[..., None]:
        def move(src: Any, dst: Any, **kwargs: Any) -> None:
            if inside(src) or inside(dst):
                raise OSError(code, os.strerror(code), os.fsdecode(src), None, os.fsdecode(dst))
            real(src, dst, **kwargs)

        return move

    patch(os, "open", os_open)
    patch(os, "mkdir", mkdir)
    patch(os, "rename", moved(real_rename))
    patch(os, "replace", moved(real_replace))
    patch(builtins, "open", open_)
    patch(io, "open", open_)


def run(project: Project, *args: str) -> tuple[int, str]:
    """``pubkit ARGS`` in this process, from the project folder: the exit status and
    what it wrote to stderr."""
    done = CliRunner().invoke(cli, list(args))
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exc_info
    return done.exit_code, done.stderr


def snapshot(*folders: Path) -> dict[str, bytes]:
    """Every file under ``folders``, by path: what must be intact after a refusal."""
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    project = small_project(tmp_path / "project")
    monkeypatch.chdir(project.root)  # messages show paths relative to it
    return project


def add_paragraph(project: Project) -> None:
    """A source change, so that extract and update have something to write."""
    source = project.publications[0].source
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n")


READ_ONLY = (errno.EROFS, "read-only file system")
FULL = (errno.ENOSPC, "no space left on device")
DENIED = (errno.EACCES, "permission denied")


@pytest.mark.parametrize(
    ("refusal", "command", "changed", "message"),
    [
        (READ_ONLY, ["update"], True, "locale/doc.pot"),
        (FULL, ["update"], True, "locale/doc.pot"),
        (DENIED, ["extract"], True, "locale/doc.pot"),
        (FULL, ["init", "fr", "--force"], False, "locale/fr/LC_MESSAGES/doc.po"),
    ],
)
def test_catalog_commands(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    refusal: tuple[int, str],
    command: list[str],
    changed: bool,
    message: str,
) -> None:
    if changed:
        add_paragraph(project)
    before = snapshot(project.locale_dir)
    refuse_writes(str(project.locale_dir), refusal[0], monkeypatch.setattr)
    status, stderr = run(project, *command)
    assert (status, stderr) == (1, f"pubkit: {message}: {refusal[1]}\n")
    monkeypatch.undo()
    assert snapshot(project.locale_dir) == before  # no catalog lost, none half-written


def test_unchanged_catalogs_need_no_writable_folder(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # update and extract rewrite nothing that has not changed: a read-only checkout works
    refuse_writes(str(project.root), errno.EROFS, monkeypatch.setattr)
    assert run(project, "update")[0] == 0
    assert run(project, "extract")[0] == 0
    assert run(project, "status")[0] == 0


@pytest.mark.parametrize("refusal", [READ_ONLY, FULL])
def test_build(project: Project, monkeypatch: pytest.MonkeyPatch, refusal: tuple[int, str]) -> None:
    assert run(project, "build", "--format", "html")[0] == 0
    before = snapshot(project.dist_dir)
    assert "dist/assets/fonts/OFL.txt" in {str(Path(p).relative_to(project.root)) for p in before}
    add_paragraph(project)
    refuse_writes(str(project.dist_dir), refusal[0], monkeypatch.setattr)
    status, stderr = run(project, "build", "--format", "html")
    # the first file build writes into dist/ is refused (the assets or an edition)
    assert status == 1 and re.fullmatch(rf"pubkit: dist/\S+: {refusal[1]}\n", stderr), stderr
    monkeypatch.undo()
    assert snapshot(project.dist_dir) == before


def fill_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the disk full for the files inside ``folder``: they open, and are cut short
    (emptied) where their bytes reach the disk, by a copy (sendfile) or at fsync."""

    def inside(fd: int) -> bool:
        return Path(os.readlink(f"/proc/self/fd/{fd}")).is_relative_to(folder.resolve())

    def full(real: Callable[..., Any], out: int) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            if inside(args[out]):
                os.ftruncate(args[out], 0)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args)

        return call

    monkeypatch.setattr(os, "fsync", full(os.fsync, 0))
    monkeypatch.setattr(os, "sendfile", full(os.sendfile, 0))
    if hasattr(os, "copy_file_range"):
        monkeypatch.setattr(os, "copy_file_range", full(os.copy_file_range, 1))


def test_a_font_copy_that_fails_leaves_the_published_one_whole(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fonts were copied with shutil.copyfile, which empties the file it replaces first: a
    # full disk left a published font cut short.
    assert run(project, "build", "--format", "html")[0] == 0
    before = snapshot(project.dist_dir)
    fill_disk(project.dist_dir / "assets" / "fonts", monkeypatch)
    status, stderr = run(project, "build", "--format", "html")
    assert status == 1 and stderr.startswith("pubkit: dist/assets/fonts/")
    assert stderr.endswith(": no space left on device\n")
    monkeypatch.undo()
    assert snapshot(project.dist_dir) == before


def test_write_atomic_names_the_file_when_the_disk_fills(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk shows at write or fsync, on a file descriptor: no name in the error.
    path = tmp_path / "catalog.po"
    path.write_text("old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as caught:
        write_atomic(path, "new", tmp_path)
    assert (caught.value.errno, caught.value.filename) == (errno.ENOSPC, str(path))
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.po"]  # no temporary left
    monkeypatch.chdir(tmp_path)
    assert str(os_error(caught.value)) == "catalog.po: no space left on device"


def test_permission_errors_keep_their_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Callers that catch PermissionError or FileNotFoundError still can.
    refuse_writes(str(tmp_path), errno.EACCES, monkeypatch.setattr)
    with pytest.raises(PermissionError) as caught:
        write_atomic(tmp_path / "x", "x", tmp_path)
    assert caught.value.filename == str(tmp_path / "x")


def test_os_error_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rename = OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(tmp_path / "a"), None, "/b")
    assert str(os_error(rename)) == "a → /b: invalid cross-device link"
    assert str(os_error(OSError(errno.EIO, "Input/output error"))) == "input/output error"


# -- release --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rendered_cache(tmp_path_factory.mktemp("warm"))


def released(tmp_path: Path, warm: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The small project with version 1.0 released (from the warm cache)."""
    project = small_project(tmp_path / "project", warm)
    monkeypatch.chdir(project.root)
    assert run(project, "release", "--version", "1.0", "--jobs", "2")[0] == 0
    return project


def leftovers(project: Project) -> list[str]:
    return sorted(p.name for p in project.dist_dir.rglob(".*-*") if p.is_dir())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("folder", "refusal", "message"),
    [
        ("dist", READ_ONLY, "dist/.pubkit-release.lock: read-only file system"),
        (f"dist/{SLUG}", READ_ONLY, f"dist/{SLUG}/1.1: read-only file system"),
        (f"dist/{SLUG}", FULL, f"dist/{SLUG}/1.1: no space left on device"),
    ],
)
def test_release_into_a_folder_that_refuses(
    tmp_path: Path,
    warm: Path,
    monkeypatch: pytest.MonkeyPatch,
    folder: str,
    refusal: tuple[int, str],
    message: str,
) -> None:
    project = released(tmp_path, warm, monkeypatch)
    before = snapshot(project.dist_dir)
    with monkeypatch.context() as patch:
        refuse_writes(str(project.root / folder), refusal[0], patch.setattr)
        status, stderr = run(project, "release", "--version", "1.1", "--jobs", "2")
    assert (status, stderr) == (1, f"pubkit: {message}\n")
    assert snapshot(project.dist_dir) == before
    assert not (project.dist_dir / SLUG / "1.1").exists() and leftovers(project) == []


@pytest.mark.slow
def test_release_refused_at_the_swap_puts_the_published_version_back(
    tmp_path: Path, warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = released(tmp_path, warm, monkeypatch)
    version = project.dist_dir / SLUG / "1.0"
    (version / "notes.txt").write_text("added by hand")  # so --force has something to replace
    before = snapshot(project.dist_dir)
    real_rename = os.rename

    def rename(src: Any, dst: Any) -> None:
        if Path(src).name.startswith(".staging-"):  # once 1.0 has been moved aside
            assert not version.exists()
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), src, dst)
        real_rename(src, dst)

    with monkeypatch.context() as patch:
        patch.setattr(os, "rename", rename)
        status, stderr = run(project, "release", "--version", "1.0", "--force", "--jobs", "2")
    assert (status, stderr) == (1, f"pubkit: dist/{SLUG}/1.0: permission denied\n")
    assert snapshot(project.dist_dir) == before
    assert leftovers(project) == []


@pytest.mark.slow
def test_release_with_a_full_render_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = small_project(tmp_path / "project")
    monkeypatch.chdir(project.root)
    renders = project.render_cache_dir
    renders.mkdir(parents=True)
    refuse_writes(str(renders), errno.ENOSPC, monkeypatch.setattr)
    status, stderr = run(project, "release", "--version", "1.0", "--lang", "en", "--jobs", "1")
    assert status == 1
    assert stderr.startswith("pubkit: .pubkit-cache/renders/")
    assert stderr.endswith(": no space left on device\n") and len(stderr.splitlines()) == 1
    monkeypatch.undo()
    assert list(renders.iterdir()) == []  # no cache entry, whole or half
    assert not (project.dist_dir / SLUG / "1.0").exists() and leftovers(project) == []


# -- a real process -------------------------------------------------------------------------

HOOK = """\
from __future__ import annotations
import sys
{source}
refuse_writes(sys.argv.pop(1), int(sys.argv.pop(1)), setattr)
from pubkit.cli import main
sys.argv[0] = "pubkit"
main()
"""


@pytest.mark.slow
def test_a_pubkit_process_on_a_read_only_dist(project: Project) -> None:
    assert run(project, "build", "--format", "html")[0] == 0
    before = snapshot(project.dist_dir)
    add_paragraph(project)
    hook = [sys.executable, "-c", HOOK.format(source=inspect.getsource(refuse_writes))]
    done = subprocess.run(
        [*hook, str(project.dist_dir), str(errno.EROFS), "build", "--format", "html"],
        cwd=project.root,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert re.fullmatch(r"pubkit: dist/\S+: read-only file system\n", done.stderr), done.stderr
    assert done.stdout == ""
    assert snapshot(project.dist_dir) == before


def test_the_refusal_is_what_the_kernel_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The helper itself: writes refused inside the folder only, reads and EEXIST as usual.
    inside, outside = tmp_path / "ro", tmp_path / "rw"
    inside.mkdir()
    outside.mkdir()
    (inside / "old").write_text("old")
    refuse_writes(str(inside), errno.EROFS, monkeypatch.setattr)
    assert (inside / "old").read_text() == "old"
    for attempt in (
        lambda: (inside / "new").write_text("x"),
        lambda: os.open(inside / "new", os.O_CREAT | os.O_WRONLY),
        lambda: (inside / "sub").mkdir(),
        lambda: os.replace(outside, inside / "moved"),
        lambda: builtins.open(inside / "old", "a"),  # noqa: SIM115
        lambda: io.open(inside / "old", "r+"),  # noqa: SIM115, UP020
    ):
        with pytest.raises(OSError) as caught:
            attempt()
        assert caught.value.errno == errno.EROFS
    with pytest.raises(FileExistsError):
        inside.mkdir()
    (outside / "new").write_text("x")
    assert (outside / "new").read_text() == "x"
