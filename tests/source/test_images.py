"""A figure's image: found per language, read only as a regular file of the project, of
a known format; any other file is an error at the figure's line in the source."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pubkit.errors import PubkitError
from pubkit.source.images import image_path, read_image
from pubkit.source.model import Figure, Location

from ..helpers import no_hang

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n'


def figure(src: str) -> Figure:
    return Figure(src, 0, None, None, Location("content/doc.md", 12))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    (folder / "content" / "images").mkdir(parents=True)
    (folder / "content" / "images" / "chart.png").write_bytes(PNG)
    return folder


def refusal(root: Path, src: str, lang: str = "en") -> str:
    with no_hang(), pytest.raises(PubkitError) as caught:
        read_image(figure(src), root / "content", lang, root)
    assert (caught.value.path, caught.value.line) == ("content/doc.md", 12)
    return caught.value.message


def test_an_image_is_read_with_its_type_and_asset_name(root: Path) -> None:
    image = read_image(figure("images/chart.png"), root / "content", "fr", root)
    assert (image.data, image.mime) == (PNG, "image/png")
    assert image.asset == "images/content/images/chart.png"
    assert image.data_uri().startswith("data:image/png;base64,iVBORw0KGgo")


def test_a_language_s_own_image_is_used_when_there(root: Path) -> None:
    (root / "content" / "images" / "chart.fr.svg").write_bytes(SVG)  # another type: no
    (root / "content" / "images" / "chart.fr.png").write_bytes(PNG + b"fr")
    fr = read_image(figure("images/chart.png"), root / "content", "fr", root)
    bm = read_image(figure("images/chart.png"), root / "content", "bm", root)
    assert fr.data.endswith(b"fr") and fr.asset == "images/content/images/chart.fr.png"
    assert bm.data == PNG
    assert image_path(figure("images/chart.png"), root / "content", "fr").name == "chart.fr.png"


def test_an_svg_is_an_svg(root: Path) -> None:
    (root / "content" / "images" / "map.svg").write_bytes(SVG)
    assert read_image(figure("images/map.svg"), root / "content", "en", root).mime == (
        "image/svg+xml"
    )


def test_a_missing_image_is_an_error_at_the_figure(root: Path) -> None:
    message = refusal(root, "images/nothing.png")
    assert message.startswith("figure image content/images/nothing.png: cannot read file")


def test_a_link_out_of_the_project_is_refused(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    (root / "content" / "images" / "out.png").symlink_to(secret)
    assert "symbolic link" in refusal(root, "images/out.png")


def test_a_link_for_one_language_is_refused_too(root: Path, tmp_path: Path) -> None:
    (root / "content" / "images" / "chart.fr.png").symlink_to(root / "content/images/chart.png")
    assert "symbolic link" in refusal(root, "images/chart.png", "fr")


def test_a_path_out_of_the_project_is_refused(root: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    assert "lies outside the project" in refusal(root, "../../outside.png")


def test_a_device_or_a_pipe_is_refused_without_being_opened(root: Path) -> None:
    os.mkfifo(root / "content" / "images" / "pipe.png")
    assert "pipe" in refusal(root, "images/pipe.png")
    (root / "content" / "images" / "zero.png").symlink_to("/dev/zero")
    assert "symbolic link" in refusal(root, "images/zero.png")


def test_an_unknown_type_or_a_wrong_content_is_refused(root: Path) -> None:
    (root / "content" / "images" / "x.gif").write_bytes(b"GIF89a")
    assert "use a PNG, JPEG or SVG file" in refusal(root, "images/x.gif")
    (root / "content" / "images" / "fake.png").write_bytes(SVG)
    assert refusal(root, "images/fake.png") == (
        "figure image content/images/fake.png: its content is not PNG"
    )
    (root / "content" / "images" / "fake.svg").write_bytes(PNG)
    assert "its content is not SVG" in refusal(root, "images/fake.svg")
