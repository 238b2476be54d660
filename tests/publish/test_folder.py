"""A version folder published whole or not at all, on plain folders: staging, the swap,
--force, what a killed release left, and version names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pubkit.errors import PubkitError
from pubkit.publish.folder import publish, recover, staging, version_name

from ..conftest import MakeProject
from ..helpers import no_hang


def stage(folder: Path, text: str, *, force: bool = False) -> tuple[tuple[Path, ...], bool]:
    with staging(folder) as staged:
        assert staged.parent == folder.parent and staged.name.startswith(".staging-1.0-")
        (staged / "a.txt").write_text(text, encoding="utf-8")
        published = publish(staged, folder, force=force, shown="dist/x/1.0")
    assert sorted(p.name for p in folder.parent.iterdir()) == ["1.0"]  # no staging left
    return published.files, published.unchanged


def test_published_whole_then_unchanged_then_only_with_force(tmp_path: Path) -> None:
    folder = tmp_path / "x" / "1.0"
    assert stage(folder, "one") == ((Path("SHA256SUMS"), Path("a.txt")), False)
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8")
    assert sums.endswith("  a.txt\n") and len(sums.splitlines()) == 1
    stamp = (folder / "a.txt").stat().st_mtime_ns
    assert stage(folder, "one")[1] is True
    assert (folder / "a.txt").stat().st_mtime_ns == stamp  # left untouched
    with pytest.raises(PubkitError, match=r"^dist/x/1\.0 exists already .*--force"):
        stage(folder, "two")
    assert (folder / "a.txt").read_text(encoding="utf-8") == "one"
    assert stage(folder, "two", force=True)[1] is False
    assert (folder / "a.txt").read_text(encoding="utf-8") == "two"


def test_a_named_pipe_in_the_published_folder_is_a_difference_never_opened(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "x" / "1.0"
    stage(folder, "one")
    (folder / "SHA256SUMS").unlink()
    os.mkfifo(folder / "SHA256SUMS")  # reading it would wait for a writer for ever
    with no_hang():
        with pytest.raises(PubkitError, match="exists already"):
            stage(folder, "one")
        assert stage(folder, "one", force=True) == ((Path("SHA256SUMS"), Path("a.txt")), False)
    assert (folder / "SHA256SUMS").is_file()


def test_an_interrupted_staging_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "x" / "1.0"
    with pytest.raises(KeyboardInterrupt), staging(folder) as staged:
        (staged / "a.txt").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt
    assert list(folder.parent.iterdir()) == []


def test_recover_puts_back_a_version_whose_replacement_never_arrived(tmp_path: Path) -> None:
    (tmp_path / ".staging-2.0-123").mkdir()
    (tmp_path / ".replaced-1.0-99999").mkdir()  # 1.0 was being replaced when killed
    (tmp_path / "3.0").mkdir()
    (tmp_path / ".replaced-3.0-99999").mkdir()  # 3.0 was replaced: the old copy goes
    recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0", "3.0"]


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        ("../x", "it must be a single folder name, without '/'"),
        ("a/b", "it must be a single folder name, without '/'"),
        (".hidden", "it must not start with '.'"),
        ("..", "it must not start with '.'"),
        ("", "it is empty"),
        ("1.0\x00", "it must be text without control characters"),
        ("1.0\nrc", "it must be text without control characters"),
        ("1.0\udcff", "it must be text without control characters (and valid UTF-8)"),
        ("v" * 201, "it is 201 bytes long; a version names a folder: at most 200"),
        ("é" * 101, "it is 202 bytes long"),
    ],
)
def test_version_names_refused(make_project: MakeProject, version: str, problem: str) -> None:
    project = make_project("---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\nText.\n")
    with pytest.raises(PubkitError) as caught:
        version_name(project, version)
    assert caught.value.message.startswith("invalid release version ")
    assert problem in caught.value.message


def test_version_names(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project("---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\nText.\n")
    assert version_name(project, "1.0") == "1.0"
    assert version_name(project, None)  # git describe, else "unversioned"
    longest = "v" * 200
    assert version_name(project, longest) == longest
    # the longest version fits in the names a release gives its folders
    with staging(tmp_path / "s" / longest) as staged:
        assert len(staged.name.encode()) <= 255
        assert len(f".replaced-{longest}-{2**22}".encode()) <= 255  # Linux's largest pid
