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


def test_version_names(make_project: MakeProject) -> None:
    project = make_project("---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\nText.\n")
    assert version_name(project, "1.0") == "1.0"
    assert version_name(project, None)  # git describe, else "unversioned"
    for bad in ("../x", ".hidden", "a/b"):
        with pytest.raises(PubkitError, match="invalid release version"):
            version_name(project, bad)
