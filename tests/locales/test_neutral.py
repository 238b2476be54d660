"""A language pubkit has no typographic data for: printed with neutral rules, said once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pubkit.locales.typography import table_entry

from ..conftest import REPO
from ..helpers import cli_env

TOML = """\
source-language = "en"

[[publications]]
source = "content/a.md"
domain = "a"

[[publications]]
source = "content/b.md"
domain = "b"

[languages.en]
[languages.sus]
fallback = ["en"]
threshold = 0
"""
SOURCE = (
    '---\nslug: {slug}\ntitle: Title {slug}\nauthor: A\npublisher: P\n---\n\nSay "yes"; 20 000.\n'
)


def pubkit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pubkit", *args],
        cwd=root,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.slow
def test_a_language_without_data_is_said_once_per_command(tmp_path: Path) -> None:
    assert table_entry("sus") is None  # Susu: plural forms are known, CLDR has no marks
    (tmp_path / "content").mkdir()
    shutil.copytree(REPO / "styles", tmp_path / "styles")
    (tmp_path / "pubkit.toml").write_text(TOML, encoding="utf-8")
    for slug in ("a", "b"):
        (tmp_path / "content" / f"{slug}.md").write_text(SOURCE.format(slug=slug), "utf-8")
    said = "pubkit: warning: no typographic conventions for 'sus'"
    done = pubkit(tmp_path, "init", "sus")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(said) == 1, done.stderr
    done = pubkit(tmp_path, "check")  # two publications, many segments: said once
    assert done.stderr.count(said) == 1, done.stderr
    assert "neutral rules (quotation marks “ ” and ‘ ’" in done.stderr
    done = pubkit(tmp_path, "build", "--format", "html")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(said) == 1, done.stderr
