"""pubkit writes and deletes only inside the project (or the dist folder configured outside
it): a folder it writes in that arrives by git as a symbolic link is refused, naming it,
before anything is written or deleted through it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from pubkit.errors import PubkitError
from pubkit.fileio import writable_folder
from pubkit.publish.folder import release_lock
from pubkit.writing import private_temporaries, remove_stale_temporaries, write_atomic

from .helpers import rendered_cache, small_project
from .test_cli import assert_fails, run

STALE = ".doc.po.abcd1234.tmp"  # named as write_atomic's temporary files are


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project, with files a write or a delete must not touch: a
    stale temporary file and a killed run's folder, as pubkit would tidy them away."""
    folder = tmp_path / "outside"
    (folder / "run-killed").mkdir(parents=True)
    (folder / "run-killed" / "kept").write_text("kept\n", encoding="utf-8")
    (folder / "keep.txt").write_text("keep\n", encoding="utf-8")
    (folder / STALE).write_text("a stranger's file\n", encoding="utf-8")
    hour_ago = time.time() - 3600
    for path in (folder / STALE, folder / "run-killed"):
        os.utime(path, (hour_ago, hour_ago))
    return folder


def contents(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder``: a file's bytes, None for a folder."""
    return {
        path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def link(path: Path, target: Path) -> None:
    """``path`` made a symbolic link to ``target``, in place of the folder there (a pull
    request can turn a folder into a link)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target, target_is_directory=True)


def assert_refused(done: subprocess.CompletedProcess[str], shown: str) -> None:
    """Exit status 1, one line naming the link ``shown``, no traceback."""
    assert_fails(done, f"{shown}: symbolic link (to ")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "pubkit writes only inside the project, never through a link" in done.stderr


# -- the check itself --------------------------------------------------------------------------


def test_a_write_through_a_linked_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    before = contents(outside)
    link(root / "dist", outside)
    with pytest.raises(PubkitError) as error:
        write_atomic(root / "dist" / "sub" / "file.pdf", b"%PDF", root)
    assert error.value.path == "dist"
    assert error.value.message.startswith("symbolic link (to ")
    assert "dist/sub/file.pdf" in error.value.message
    assert contents(outside) == before  # not even the missing subfolder made


def test_a_link_deeper_down_and_a_file_on_the_way(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "project"
    (root / "a").mkdir(parents=True)
    link(root / "a" / "b", outside)
    with pytest.raises(PubkitError) as error:
        writable_folder(root / "a" / "b" / "c", root, "a/b/c/x")
    assert error.value.path == "a/b"
    (root / "f").write_text("x", encoding="utf-8")
    with pytest.raises(PubkitError) as error:
        writable_folder(root / "f" / "g", root, "f/g/x")
    assert error.value.path == "f"
    assert error.value.message == "a file on the way to f/g/x, not a folder"


def test_writes_inside_and_missing_folders_are_allowed(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    write_atomic(root / "new" / "deeper" / "x.txt", "x", root)
    assert (root / "new" / "deeper" / "x.txt").read_text() == "x"
    with pytest.raises(PubkitError) as error:  # nothing outside the roots given
        write_atomic(tmp_path / "elsewhere.txt", "x", root)
    assert "lies outside the project" in error.value.message
    assert not (tmp_path / "elsewhere.txt").exists()


def test_a_dist_folder_configured_outside_is_a_root_of_its_own(
    tmp_path: Path, outside: Path
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    write_atomic(outside / "brief" / "1.0" / "x.pdf", b"%PDF", (root, outside))
    assert (outside / "brief" / "1.0" / "x.pdf").read_bytes() == b"%PDF"
    link(outside / "linked", tmp_path / "project")
    with pytest.raises(PubkitError) as error:  # but not through a link below it
        write_atomic(outside / "linked" / "x.pdf", b"%PDF", (root, outside))
    assert error.value.message.startswith("symbolic link (to ")


def test_no_stale_file_is_deleted_through_a_link(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    link(root / "cache", outside)
    before = contents(outside)
    remove_stale_temporaries([root / "cache"], root)
    assert contents(outside) == before
    remove_stale_temporaries([outside], outside)  # the same folder, as a root: tidied
    assert STALE not in contents(outside)


def test_no_killed_run_is_deleted_through_a_link(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "project"
    (root / ".pubkit-cache").mkdir(parents=True)
    link(root / ".pubkit-cache" / "tmp", outside)
    before = contents(outside)
    with (
        pytest.raises(PubkitError) as error,
        private_temporaries(root / ".pubkit-cache" / "tmp", root),
    ):
        pass  # fmt: skip
    assert error.value.path == ".pubkit-cache/tmp"
    assert contents(outside) == before  # run-killed kept, no new run-* made


# -- through the command, for each folder pubkit writes in -------------------------------------


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The render cache of the small project, every edition rendered once for the module."""
    return rendered_cache(tmp_path_factory.mktemp("warm"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("linked", "command"),
    [
        ("locale/fr", ["init", "fr"]),
        ("locale/fr/LC_MESSAGES", ["init", "fr"]),
        ("dist", ["build", "--lang", "en", "--format", "html"]),
        ("dist/assets", ["build", "--lang", "en", "--format", "html"]),
        (".pubkit-cache", ["build", "--lang", "en", "--format", "pdf"]),
        (".pubkit-cache/tmp", ["build", "--lang", "en", "--format", "pdf"]),
        (".pubkit-cache", ["release", "--version", "1.0"]),
        (".pubkit-cache/tmp", ["release", "--version", "1.0"]),
        (".pubkit-cache/renders", ["release", "--version", "1.0"]),
        (".pubkit-cache/fonts", ["release", "--version", "1.0"]),
        ("dist/brief", ["release", "--version", "1.0"]),
    ],
)
def test_a_linked_folder_stops_the_command(
    tmp_path: Path, outside: Path, warm: Path, linked: str, command: list[str]
) -> None:
    project = small_project(tmp_path / "project", cache=warm)
    for folder in ("dist", ".pubkit-cache/fonts", ".pubkit-cache/tmp"):
        (project.root / folder).mkdir(parents=True, exist_ok=True)
    link(project.root / linked, outside)
    before = contents(outside)
    done = run(project.root, *command)
    if linked == "dist":  # the configuration refuses it first: dist-dir must stay inside
        assert done.returncode == 1 and "dist-dir must stay inside" in done.stderr
    else:
        assert_refused(done, linked)
    assert contents(outside) == before


@pytest.mark.slow
def test_update_through_a_linked_catalog_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    # The catalog went along with its folder: reading it is refused first, naming the link.
    project = small_project(tmp_path / "project")
    catalog = project.po_path(project.publications[0], "fr")
    shutil.copy(catalog, outside / "doc.po")
    link(catalog.parent, outside)
    before = contents(outside)
    done = run(project.root, "update")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("pubkit: locale/fr/LC_MESSAGES/doc.po: catalog is reached ")
    assert "symbolic link locale/fr/LC_MESSAGES (to " in done.stderr
    assert contents(outside) == before


@pytest.mark.slow
def test_extract_into_a_linked_locale_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    # The POT's folder is the configured locale-dir: refused as a configured path is.
    project = small_project(tmp_path / "project")
    (project.root / "locale").rename(tmp_path / "locale.orig")
    link(project.root / "locale", outside)
    before = contents(outside)
    done = run(project.root, "extract")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "locale" in done.stderr
    assert contents(outside) == before


@pytest.mark.slow
def test_a_command_that_writes_nothing_there_deletes_nothing_there(
    tmp_path: Path, outside: Path
) -> None:
    # Every command first tidies stale temporary files where pubkit writes: never through
    # a link (the command itself goes on: status writes nowhere).
    project = small_project(tmp_path / "project")
    link(project.root / ".pubkit-cache" / "renders", outside)
    before = contents(outside)
    done = run(project.root, "status")
    assert done.returncode == 0, done.stderr
    assert contents(outside) == before


def test_the_release_lock_is_not_opened_through_a_link(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "project"
    (root / "dist").mkdir(parents=True)
    (root / "dist" / ".pubkit-release.lock").symlink_to(outside / "created-by-pubkit")
    before = contents(outside)
    with pytest.raises(PubkitError) as error, release_lock(root / "dist", print, root):
        pass
    assert error.value.path == "dist/.pubkit-release.lock"
    assert "symbolic link" in error.value.message
    assert contents(outside) == before  # no file created at the link's target


@pytest.mark.slow
def test_a_dist_folder_configured_outside_is_written(
    tmp_path: Path, outside: Path, warm: Path
) -> None:
    project = small_project(tmp_path / "project", cache=warm)
    config = project.root / "pubkit.toml"
    allowed = 'allow-dist-outside-project = true\ndist-dir = "../site"\n'
    config.write_text(allowed + config.read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site"
    done = run(project.root, "release", "--version", "1.0")
    assert done.returncode == 0, done.stderr
    assert (site / "brief" / "1.0" / "brief-fr.pdf").read_bytes().startswith(b"%PDF-")
    done = run(project.root, "build", "--lang", "en", "--format", "html")
    assert done.returncode == 0, done.stderr
    assert (site / "brief-en.html").is_file()
    # a link below it is refused as in the project
    link(site / "assets", outside)
    before = contents(outside)
    done = run(project.root, "build", "--lang", "en", "--format", "html")
    assert_refused(done, str(site.resolve() / "assets"))
    assert f"on the way to {site.resolve() / 'assets' / 'brief.css'}: " in done.stderr
    assert contents(outside) == before
