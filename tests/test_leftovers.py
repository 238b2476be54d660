"""Nothing left behind: $TMPDIR empty after every command, finished, interrupted (SIGINT),
terminated (SIGTERM) or killed (SIGKILL) mid-render; what killed runs left in the project
removed by the next run, never what a live process may be writing."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pubkit.config import Project
from pubkit.publish.build import build
from pubkit.writing import TEMPORARY

from .helpers import SLUG, cli_env, pubkit, small_project, wait_for

COMMANDS = {
    "build": ["build", "--variant", "screen", "--variant", "print", "--format", "pdf"],
    "release": ["release", "--version", "1.0", "--jobs", "2"],
    "release --jobs 1": ["release", "--version", "1.0", "--jobs", "1"],
}
AN_HOUR_AGO = time.time() - 3600


def start(project: Project, tmpdir: Path, *args: str) -> subprocess.Popen[str]:
    """``pubkit ARGS`` in the project, in the background, with ``tmpdir`` as $TMPDIR."""
    tmpdir.mkdir(exist_ok=True)
    return subprocess.Popen(
        pubkit(*args),
        cwd=project.root,
        env={**cli_env(), "TMPDIR": str(tmpdir)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(project: Project, tmpdir: Path, *args: str) -> tuple[str, str]:
    proc = start(project, tmpdir, *args)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    return out, err


def temporaries(project: Project) -> list[str]:
    """pubkit's temporary files and run folders in the project."""
    found = [path for path in project.root.rglob(".*") if TEMPORARY.match(path.name)]
    runs = project.root / ".pubkit-cache" / "tmp"
    found += list(runs.iterdir()) if runs.is_dir() else []
    return sorted(str(path.relative_to(project.root)) for path in found)


def rendering(project: Project) -> Callable[[], bool]:
    """True once WeasyPrint has started a layout: it has made its folder of font copies."""
    return lambda: any(project.root.glob(".pubkit-cache/tmp/*/weasyprint-*"))


@contextlib.contextmanager
def locked(path: Path, wait: bool = False) -> Iterator[None]:
    """``path`` (a file or a folder) held locked by this process, as a live writer holds
    its temporary file or a live run its folder; with ``wait``, once nobody else does."""
    fd = os.open(path, os.O_RDONLY)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert wait and time.monotonic() < deadline, f"{path} stays locked"
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_leaves_nothing(tmp_path: Path, command: str) -> None:
    project = small_project(tmp_path / "project")
    run(project, tmp_path / "tmp", *COMMANDS[command])
    assert list((tmp_path / "tmp").iterdir()) == []
    assert temporaries(project) == []


STOPPED = {"SIGINT": (130, "interrupted"), "SIGTERM": (143, "terminated")}
"""Exit status and last words of pubkit stopped by a signal: 128 + its number, as shells say."""


@pytest.mark.slow
@pytest.mark.parametrize("command", ["build", "release"])
@pytest.mark.parametrize("name", STOPPED)
def test_an_interrupted_command_leaves_nothing(tmp_path: Path, command: str, name: str) -> None:
    project = small_project(tmp_path / "project")
    proc = start(project, tmp_path / "tmp", *COMMANDS[command])
    started = wait_for(proc, rendering(project))
    proc.send_signal(getattr(signal, name))
    out, err = proc.communicate(timeout=120)
    assert started, f"the command ended before it could be stopped: {out}{err}"
    status, said = STOPPED[name]
    assert proc.returncode == status, err
    assert err.strip().splitlines()[-1] == f"pubkit: {said}"
    assert not (project.dist_dir / SLUG / "1.0").exists()
    assert list((tmp_path / "tmp").iterdir()) == []
    assert temporaries(project) == []


@pytest.mark.slow
def test_a_killed_command_leaves_nothing_in_tmpdir_and_the_next_run_tidies(
    tmp_path: Path,
) -> None:
    project = small_project(tmp_path / "project")
    proc = start(project, tmp_path / "tmp", *COMMANDS["build"])
    started = wait_for(proc, rendering(project))
    proc.kill()
    out, err = proc.communicate(timeout=60)
    assert started, f"the command ended before it could be killed: {out}{err}"
    [left] = (project.root / ".pubkit-cache" / "tmp").iterdir()  # nothing could remove it
    with locked(left, wait=True):  # its renderer dies with it, and then holds it no more
        pass
    assert list((tmp_path / "tmp").iterdir()) == []
    run(project, tmp_path / "tmp", "build", "--format", "html")
    assert temporaries(project) == []
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.slow
def test_the_next_run_removes_what_killed_runs_left_and_nothing_in_use(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    catalogs = project.po_path(project.publications[0], "fr").parent
    renders = project.root / ".pubkit-cache" / "renders"
    runs = project.root / ".pubkit-cache" / "tmp"
    for folder in (renders, runs, project.dist_dir):
        folder.mkdir(parents=True)
    stale = [
        catalogs / ".doc.po.k1l2m3n4.tmp",
        renders / ".0a1b2c3d-screen.pdf.x_y1z2w3.tmp",
        project.dist_dir / ".doc-en.pdf.abcdefgh.tmp",
    ]
    fresh = catalogs / ".doc.po.q5r6s7t8.tmp"  # a writer that does not lock may be at work
    held = catalogs / ".doc.po.u9v0w1x2.tmp"  # old, but its writer lives
    others = [catalogs / "notes.tmp", catalogs / ".notes.tmp", catalogs / "doc.po~"]
    for path in [*stale, fresh, held, *others]:
        path.write_text("half written", encoding="utf-8")
        if path != fresh:
            os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    dead_run, live_run = runs / "run-dead1234", runs / "run-live1234"
    for folder in (dead_run / "weasyprint-abcdefgh", live_run / "weasyprint-ijklmnop"):
        folder.mkdir(parents=True)
    with locked(held), locked(live_run):
        run(project, tmp_path / "tmp", "status")  # any command tidies the files
        assert [path for path in stale if path.exists()] == []
        assert fresh.exists() and held.exists() and all(path.exists() for path in others)
        run(project, tmp_path / "tmp", "build", "--format", "html")  # a render, the folders
        assert not dead_run.exists()
        assert live_run.exists()


def test_build_gives_the_temporary_folder_back(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    before = tempfile.gettempdir()
    build(project, langs=["en"], formats=("html",))
    assert tempfile.gettempdir() == before
    assert temporaries(project) == []
