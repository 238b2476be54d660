"""The release manifest lists every font file the design prints with, whatever its format."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pubkit.config import load_project
from pubkit.publish.manifest import manifest
from pubkit.theme.preflight import load_design

from ..helpers import make_font, small_project


def test_every_font_of_the_design_is_listed(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    fonts = project.root / "fonts"
    fonts.mkdir()
    for name in ("Extra.otf", "Extra.woff2"):
        make_font(fonts / name, "abcdefghijklmnopqrstuvwxyz")
    with project.config_path.open("a", encoding="utf-8") as config:
        config.write(
            '\n[theme.fonts]\nserif = "fonts/Extra.otf"\nsans = "fonts/Extra.woff2"\n'
            'display = "fonts/Extra.woff2"\n'
        )
    project = load_project(project.root)
    design = load_design(project)
    record = manifest(
        project, project.publications[0], slug="doc", version="1.0", languages={}, design=design
    )
    listed = {name.rsplit("/", 1)[-1]: entry for name, entry in record["fonts"].items()}
    assert {"Extra.otf", "Extra.woff2"} <= set(listed)
    for name in ("Extra.otf", "Extra.woff2"):
        data = (fonts / name).read_bytes()
        assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert listed[name]["version"] == ""  # the tiny fonts name no version
