"""The theme's options printed: paper size with the cover, trim, bleed and crop marks
following it, margins, colours, the project's fonts and logo in both PDFs and the HTML
edition, the colophon naming the fonts; the default theme as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest

from pubkit.config import Project, load_project
from pubkit.publish.build import build
from pubkit.publish.release import release

from ..checks.test_glyphs import make_font
from ..helpers import small_project
from .test_design import PNG

pytestmark = pytest.mark.slow  # every test renders PDFs

MM = 72 / 25.4
AUTHOR = "W R I T E R"  # the cover's author line, letter-spaced
LATIN = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x250)))
EXTRA = "«»“”‘’…\u202f\u200b\u25a0ɛɔɲŋƐƆƝŊ\u0300\u0301\u0302\u030c"


def configured(root: Path, table: str) -> Project:
    project = small_project(root)
    with project.config_path.open("a", encoding="utf-8") as config:
        config.write("\n" + table)
    return load_project(project.root)


def boxes(path: Path) -> list[dict[str, list[float]]]:
    found = []
    for page in pypdf.PdfReader(path).pages:
        found.append(
            {
                name: [round(float(v), 1) for v in page[name]]
                for name in ("/MediaBox", "/TrimBox", "/BleedBox")
                if name in page
            }
        )
    return found


def text_box(path: Path, page: int, text: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in points of the first character of ``text``."""
    document = pdfium.PdfDocument(path)
    try:
        textpage = document[page].get_textpage()
        found = textpage.search(text).get_next()
        assert found is not None, (text, textpage.get_text_range())
        box: tuple[float, float, float, float] = textpage.get_charbox(found[0])
        return box
    finally:
        document.close()


def pixel(path: Path, page: int, x: float, y: float) -> tuple[int, int, int]:
    """The colour at (x, y) millimetres from the top left of a page."""
    document = pdfium.PdfDocument(path)
    try:
        image = document[page].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    found: Any = image.getpixel((round(x * MM), round(y * MM)))
    return tuple(found)


@pytest.fixture(scope="module")
def restyled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The small project on US Letter, in blue, with its own serif and a PNG logo."""
    root = tmp_path_factory.mktemp("restyled") / "project"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767323040")
        project = configured(
            root,
            '[theme]\npaper = "letter"\nlogo = "logo.png"\nmargins = "20mm"\n\n'
            '[theme.colours]\nbrand = "#1f4e8c"\n\n[theme.fonts]\nserif = "fonts/Own.ttf"\n',
        )
        (project.root / "fonts").mkdir()
        make_font(project.root / "fonts" / "Own.ttf", LATIN + EXTRA)
        (project.root / "logo.png").write_bytes(PNG)
        [result] = release(project, version="1", jobs=2)
    return project, result.folder


def test_letter_paper_moves_the_page_the_trim_and_the_bleed(
    restyled: tuple[Project, Path],
) -> None:
    _, folder = restyled
    letter = [612.0, 792.0]
    for page in boxes(folder / "brief-en.pdf"):
        assert page["/MediaBox"][2:] == letter
    bleed = 3 * MM
    for page in boxes(folder / "brief-en-print.pdf"):
        trim = page["/TrimBox"]
        assert [trim[2] - trim[0], trim[3] - trim[1]] == pytest.approx(letter, abs=0.2)
        assert page["/BleedBox"][0] == pytest.approx(trim[0] - bleed, abs=0.2)
        assert page["/MediaBox"][2] >= page["/BleedBox"][2]


def test_the_cover_follows_the_paper(restyled: tuple[Project, Path]) -> None:
    _, folder = restyled
    pdf = folder / "brief-en.pdf"
    _, bottom, _, _ = text_box(pdf, 0, AUTHOR)
    assert bottom > 20 * MM  # the author line stays in its place above the edge
    texts = [pdfium.PdfDocument(pdf)[i].get_textpage().get_text_range() for i in (0, 1)]
    assert "THE JUNTA UNDER PRESSURE" in texts[0] and AUTHOR in texts[0]
    assert "THE JUNTA UNDER PRESSURE" in texts[1]  # the title page: the cover took one page
    assert pixel(pdf, 0, 100, 270) == pytest.approx((0x1F, 0x4E, 0x8C), abs=3)  # the brand


def test_margins_and_the_logo(restyled: tuple[Project, Path]) -> None:
    _, folder = restyled
    pdf = folder / "brief-en.pdf"
    left, _, _, _ = text_box(pdf, 2, "The 20,000")
    assert left == pytest.approx(20 * MM, abs=1.5)
    cover = pypdf.PdfReader(pdf).pages[0]
    images = [
        obj.get_object()
        for obj in (cover["/Resources"].get("/XObject") or {}).values()
        if obj.get_object().get("/Subtype") == "/Image"
    ]
    assert images, "the logo is embedded"
    assert "ROSA" not in pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    html = (folder / "brief-fr.html").read_text(encoding="utf-8")
    assert '<img class="wordmark-logo" src="assets/theme/logo.png" alt="">' in html
    assert (folder / "assets" / "theme" / "logo.png").read_bytes() == PNG


def test_the_projects_font_is_embedded_and_named(restyled: tuple[Project, Path]) -> None:
    _, folder = restyled
    names = set()
    for page in pypdf.PdfReader(folder / "brief-fr-print.pdf").pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(ref.get_object()["/BaseFont"]))
    assert any(re.fullmatch(r"/[A-Z]{6}\+Theme-Serif", name) for name in names), names
    assert not any("Brief-Serif" in name for name in names), names
    text = pdfium.PdfDocument(folder / "brief-fr.pdf")
    imprint = text[len(text) - 1].get_textpage().get_text_range()
    assert "Composé avec pubkit" in imprint and "en Own" in imprint.replace("\r\n", " ")
    html = (folder / "brief-en.html").read_text(encoding="utf-8")
    assert 'src: url("assets/theme/fonts/Own.ttf")' in html and "--brand: #1f4e8c;" in html
    assert (folder / "assets" / "theme" / "fonts" / "Own.ttf").is_file()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["theme"]["options"]["fonts"] == {"serif": {"regular": "fonts/Own.ttf"}}
    assert "fonts/Own.ttf" in manifest["fonts"]
    assert not any("NotoSerif" in name for name in manifest["fonts"])


def test_a5(tmp_path: Path) -> None:
    project = configured(tmp_path / "project", '[theme]\npaper = "A5"\n')
    outputs = build(project, langs=["fr"], variants=("screen", "print"))
    screen = next(out.path for out in outputs if out.kind == "screen")
    for page in boxes(screen):
        assert page["/MediaBox"][2:] == pytest.approx([148 * MM, 210 * MM], abs=0.2)
    _, bottom, _, _ = text_box(screen, 0, AUTHOR)
    assert 10 * MM < bottom < 30 * MM
