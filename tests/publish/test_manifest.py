"""The release manifest lists every font file of the design, whatever its format."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pubkit.publish.manifest import manifest

from ..helpers import make_font, small_project


def test_every_font_of_the_design_is_listed(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    ttf = sorted(p.name for p in project.fonts_dir.glob("*.ttf"))
    for name in ("Extra.otf", "Extra.woff2"):
        make_font(project.fonts_dir / name, "abc")
    record = manifest(project, project.publications[0], slug="doc", version="1.0", languages={})
    assert sorted(record["fonts"]) == sorted([*ttf, "Extra.otf", "Extra.woff2"])
    for name in ("Extra.otf", "Extra.woff2"):
        data = (project.fonts_dir / name).read_bytes()
        assert record["fonts"][name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["fonts"][name]["version"] == ""  # the tiny fonts name no version
