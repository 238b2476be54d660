"""The README's "Start your own publication", from a wheel built from this repository,
installed in a new virtual environment and run outside the repository: nothing of the
repository is read, the theme comes from the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, THEME_LABELS

pytestmark = pytest.mark.slow  # builds a wheel, makes a virtual environment, renders

BRIEF = """\
---
slug: water-for-dakar
title: Water for Dakar
subtitle: The city grows faster than its pipes.
author: Awa Diop
publisher: Fondation Exemple
office: Dakar Office
licence: This publication may be reused with a reference to the original.
---

::: lead
Dakar's 4 million people share water that was planned for half as many.
:::

## Who pays?

Households that buy from tankers pay 10 times the tariff.
"""
TRANSLATE = """\
import polib
po = polib.pofile("locale/fr/LC_MESSAGES/water-for-dakar.po")
for entry in po:
    entry.msgstr = {"Water for Dakar": "De l'eau pour Dakar", "Who pays?": "Qui paie ?"}.get(
        entry.msgid, entry.msgstr
    )
po.save()
"""
THEME = """
[theme]
paper = "letter"
logo = "design/logo.svg"

[theme.colours]
brand = "#0b5394"

[theme.fonts]
serif = "fonts/Body.ttf"
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">'
    '<rect width="60" height="20"/></svg>\n'
)
IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info")


def clean_env() -> dict[str, str]:
    """This process's environment without what points Python at the repository's sources."""
    return {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}


def test_start_your_own_publication_from_the_wheel(tmp_path: Path) -> None:
    wheels, source = tmp_path / "wheels", tmp_path / "source"
    # Built from a copy: setuptools leaves build/ and an egg-info beside what it builds.
    for name in ("pyproject.toml", "README.md"):
        source.mkdir(exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src", ignore=IGNORED)
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), "."]
    run(build, cwd=source, env=clean_env())
    [wheel] = wheels.glob("pubkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for name in (
        "brief.html.j2", "brief.css", "print.css", "pubkit-theme.pot", "locale/fr/pubkit-theme.po",
        "locale/bm/pubkit-theme.po", "fonts/OFL.txt", "fonts/NotoSerif-Regular.ttf",
    ):  # fmt: skip
        assert f"pubkit/theme/default/{name}" in names, name
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], env=clean_env())
    bin_ = venv / "bin"
    install = [str(bin_ / "pip"), "install", "-q", "--disable-pip-version-check", str(wheel)]
    run(install, env=clean_env())
    work = tmp_path / "work"  # outside the repository
    work.mkdir()
    env = {
        "PATH": f"{bin_}{os.pathsep}/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "SOURCE_DATE_EPOCH": "1767323040",
        "LANG": "C.UTF-8",
    }
    where = run([str(bin_ / "python"), "-c", "import pubkit; print(pubkit.__file__)"], env=env)
    assert where.stdout.startswith(str(venv)), where.stdout  # the wheel's, not the repository's

    def pubkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return run([str(bin_ / "pubkit"), *args], cwd=cwd, env=env)

    pubkit("new", "dakar", "--languages", "en,fr,wo", "--title", "Water for Dakar", cwd=work)
    project = work / "dakar"
    (project / "content" / "water-for-dakar.md").write_text(BRIEF, encoding="utf-8")
    pubkit("update", cwd=project)
    config = project / "pubkit.toml"
    text = config.read_text(encoding="utf-8")
    with_ff = text.replace("[languages.wo]", "[languages.ff]\nthreshold = 0\n\n[languages.wo]")
    config.write_text(with_ff, encoding="utf-8")
    updated = pubkit("update", cwd=project)
    assert "locale/ff/LC_MESSAGES/water-for-dakar.po  (created: a configured language" in (
        updated.stdout
    )
    run([str(bin_ / "python"), "-c", TRANSLATE], cwd=project, env=env)
    (project / "design").mkdir()
    (project / "design" / "logo.svg").write_text(LOGO, encoding="utf-8")
    (project / "fonts").mkdir()
    packaged = Path(where.stdout.strip()).parent / "theme" / "default" / "fonts"
    (project / "fonts" / "Body.ttf").write_bytes((packaged / "NotoSans-Regular.ttf").read_bytes())
    config.write_text(config.read_text(encoding="utf-8") + THEME, encoding="utf-8")
    pubkit("check", cwd=project)
    done = pubkit("release", "--version", "1.0", cwd=project)
    wolof = f"locale/wo/LC_MESSAGES/pubkit-theme.po: {THEME_LABELS} labels are not translated"
    assert wolof in done.stderr
    folder = project / "dist" / "water-for-dakar" / "1.0"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["languages"]) == ["en", "fr", "ff", "wo"]
    assert manifest["theme"]["options"]["paper"] == "letter"
    assert manifest["theme"]["version"] == manifest["tools"]["pubkit"]
    assert (folder / "assets" / "theme" / "design" / "logo.svg").is_file()
    html = (folder / "water-for-dakar-fr.html").read_text(encoding="utf-8")
    assert "De l’eau pour Dakar" in html and "--brand: #0b5394;" in html
    for lang in ("en", "fr", "ff", "wo"):
        assert (folder / f"water-for-dakar-{lang}-print.pdf").is_file()


def run(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    return done
