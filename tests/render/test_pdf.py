"""PDFs of the real brief: pages, metadata, outline, fonts, text, boxes, colour, determinism;
and what hostile translations and stylesheets cannot do. Each PDF is rendered once per module."""

from __future__ import annotations

import calendar
import importlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont

from pubkit import __version__
from pubkit.catalogs.pofile import read_catalog
from pubkit.config import Project, load_project
from pubkit.publish.build import VARIANTS, build, edition_html, render_edition
from pubkit.publish.renderer import asset_roots
from pubkit.render.edition import Edition, make_edition
from pubkit.render.pdf import make_fetcher, render_pdfs
from pubkit.render.typography import typesetter
from pubkit.render.weasyprint_loader import preload
from pubkit.source import inline
from pubkit.theme.files import PACKAGED, ThemeFiles

from ..conftest import REPO, THEME_FONTS, copy_real_project, labels_of, set_msgstr
from ..helpers import cli_env
from .test_weasyprint_loader import AWKWARD

LANGS = ("en", "fr", "bm")
EPOCH = "1767323040"  # as conftest's _fixed_clock, which is function-scoped
A4 = (595.2756, 841.8898)
BLEED = 3 / 25.4 * 72  # 3 mm in points
BRAND = (213, 0, 43)  # #d5002b
PASSWD = "root:x:0:0"
FONT_NAME = re.compile(r"^/[A-Z]{6}\+Brief-(Serif|Sans|Display)(-[A-Za-z]+)*$")
HOSTILE = (
    "<script>alert(1)</script> "
    '<img src="file:///etc/passwd"> '
    '<link rel="stylesheet" href="file:///etc/passwd"> '
    "<style>@import url(file:///etc/passwd)</style> "
    "![x](file:///etc/passwd) [click](javascript:alert(1)) [f](file:///etc/passwd) "
    "☺ ☃"  # in the system's DejaVu, not in the project's fonts
)


@pytest.fixture(scope="module")
def fixed_clock() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


def render(project: Project, lang: str, target: Path, kinds: tuple[str, ...]) -> dict[str, Any]:
    publication = project.publications[0]
    edition = make_edition(project, publication, lang)
    outputs = render_edition(project, publication, edition, kinds, target)
    return {"edition": edition, **{out.kind: out for out in outputs}}


@pytest.fixture(scope="module")
def real() -> Project:
    return load_project(REPO)


@pytest.fixture(scope="module")
def pdfs(real: Project, tmp_path_factory: pytest.TempPathFactory, fixed_clock: None) -> Any:
    """Screen and print PDFs of every language of the real brief."""
    target = tmp_path_factory.mktemp("dist")
    return {lang: render(real, lang, target, ("screen", "print")) for lang in LANGS}


def reader(path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(path)


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def squash(text: str) -> str:
    """Text without spaces, line breaks and hyphens, so that justified, hyphenated lines
    still contain their sentence."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def render_page(path: Path, index: int, scale: float = 0.25) -> Any:
    document = pdfium.PdfDocument(path)
    try:
        return document[index].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def share(image: Any, predicate: Any) -> float:
    pixels = image.get_flattened_data() if hasattr(image, "get_flattened_data") else None
    if pixels is None:
        pixels = image.getdata()
    pixels = list(pixels)
    return sum(1 for pixel in pixels if predicate(pixel)) / len(pixels)


def near(colour: tuple[int, int, int], tolerance: int = 24) -> Any:
    return lambda pixel: all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def fonts_of(pdf: pypdf.PdfReader) -> dict[str, set[str]]:
    """BaseFont of every font on every page, with the FontFile keys of its descriptor."""
    found: dict[str, set[str]] = {}
    for page in pdf.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            for descendant in font.get("/DescendantFonts") or []:
                descriptor = descendant.get_object().get("/FontDescriptor") or descriptor
            keys = set(descriptor.get_object()) if descriptor is not None else set()
            found.setdefault(str(font["/BaseFont"]), set()).update(
                k for k in keys if k.startswith("/FontFile")
            )
    return found


def plain_typeset(lang: str, text: str) -> str:
    return typesetter(lang)(inline.plain(text))


# -- structure and metadata -----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_page_count(pdfs: Any, lang: str) -> None:
    screen, printed = pdfs[lang]["screen"], pdfs[lang]["print"]
    assert screen.pages >= 6
    assert len(reader(screen.path).pages) == screen.pages == printed.pages
    assert len(reader(printed.path).pages) == printed.pages
    assert screen.refused == printed.refused == ()


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["screen", "print"])
def test_metadata(pdfs: Any, lang: str, kind: str) -> None:
    edition: Edition = pdfs[lang]["edition"]
    meta = edition.document.meta
    pdf = reader(pdfs[lang][kind].path)
    info = pdf.metadata
    assert info is not None
    assert info["/Title"] == plain_typeset(lang, meta.title.text)
    assert meta.subtitle is not None
    assert info["/Subject"] == plain_typeset(lang, meta.subtitle.text)
    assert info["/Author"] == "Armin Osmanovic"
    assert info["/Creator"] == f"pubkit {__version__}"
    assert info["/Producer"].startswith("WeasyPrint ")
    assert info["/CreationDate"] == info["/ModDate"] == "D:20260102030400+00'00"
    assert pdf.trailer["/Root"]["/Lang"] == lang
    if lang != "en":
        english = reader(pdfs["en"][kind].path).metadata
        assert english is not None and info["/Title"] != english["/Title"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_outline_follows_the_headings(pdfs: Any, real: Project, lang: str) -> None:
    edition: Edition = pdfs[lang]["edition"]
    headings = [
        plain_typeset(lang, block.text)
        for block in edition.document.blocks
        if block.role == "heading"
    ]
    assert len(headings) >= 3
    expected = [*headings, labels_of(real, lang).text("imprint")]
    for kind in ("screen", "print"):
        outline = reader(pdfs[lang][kind].path).outline
        assert [item.title for item in outline] == expected


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["screen", "print"])
def test_only_the_project_fonts_are_embedded(pdfs: Any, lang: str, kind: str) -> None:
    fonts = fonts_of(reader(pdfs[lang][kind].path))
    assert len(fonts) >= 4
    for name, files in fonts.items():
        assert FONT_NAME.match(name), name
        assert files == {"/FontFile2"}, (name, files)  # embedded TrueType, never referenced


@pytest.mark.slow
def test_print_variant_has_trim_and_bleed_boxes(pdfs: Any) -> None:
    assert round(BLEED, 2) == 8.5
    for lang in LANGS:
        for page in reader(pdfs[lang]["print"].path).pages:
            trim = [float(v) for v in page["/TrimBox"]]
            bleed = [float(v) for v in page["/BleedBox"]]
            media = [float(v) for v in page["/MediaBox"]]
            assert trim == pytest.approx([0, 0, *A4], abs=0.01)
            assert bleed == pytest.approx([-BLEED, -BLEED, A4[0] + BLEED, A4[1] + BLEED], abs=0.01)
            assert media[0] <= bleed[0] and media[1] <= bleed[1]
            assert media[2] >= bleed[2] and media[3] >= bleed[3]


@pytest.mark.slow
def test_print_variant_claims_no_conformance_it_lacks(pdfs: Any) -> None:
    # No CMYK output intent can be shipped (no freely licensed press profile), so the
    # print PDF must not declare PDF/X anywhere: not in Info, not in the XMP metadata.
    data = pdfs["fr"]["print"].path.read_bytes()
    pdf = reader(pdfs["fr"]["print"].path)
    assert "/OutputIntents" not in pdf.trailer["/Root"]
    assert b"GTS_PDFX" not in data and b"pdfxid" not in data
    assert pdf.pdf_header == "%PDF-1.7"


@pytest.mark.slow
def test_screen_variant_is_tagged_a4(pdfs: Any) -> None:
    for lang in LANGS:
        pdf = reader(pdfs[lang]["screen"].path)
        root = pdf.trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert bool(root["/MarkInfo"]["/Marked"])
        for page in pdf.pages:
            assert [float(v) for v in page["/MediaBox"]] == pytest.approx([0, 0, *A4], abs=0.01)
            assert "/TrimBox" not in page and "/BleedBox" not in page


@pytest.mark.slow
def test_builds_are_byte_identical(
    pdfs: Any, real: Project, tmp_path: Path, fixed_clock: None
) -> None:
    again = render(real, "fr", tmp_path, ("screen", "print"))
    for kind in ("screen", "print"):
        assert again[kind].path.read_bytes() == pdfs["fr"][kind].path.read_bytes()


@pytest.mark.slow
def test_a_variant_is_the_same_whichever_others_are_written(
    pdfs: Any, real: Project, tmp_path: Path, fixed_clock: None
) -> None:
    """Each variant is written from the untouched layout, so `build --variant screen`
    and a release give the same screen PDF."""
    for kind in ("screen", "print"):
        alone = render(real, "fr", tmp_path / kind, (kind,))
        assert alone[kind].path.read_bytes() == pdfs["fr"][kind].path.read_bytes()


@pytest.fixture(params=["harfbuzz", "fonttools"])
def subsetter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """WeasyPrint made to subset fonts with HarfBuzz, or with fontTools as where
    libharfbuzz-subset is missing: it asks its fonts module for ``harfbuzz_subset``. Set
    here, after WeasyPrint's import, so the render processes forked from here have it."""
    preload(THEME_FONTS, PACKAGED)
    fonts = importlib.import_module("weasyprint.pdf.fonts")
    if request.param == "fonttools":
        monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    else:
        assert fonts.harfbuzz_subset and fonts.harfbuzz.hb_version_atleast(4, 1, 0), (
            "HarfBuzz's subsetter is missing: apt-get install libharfbuzz-subset0"
        )
    return str(request.param)


def font_dates(path: Path) -> set[int]:
    """The head.modified of every font embedded in a PDF (seconds since 1904)."""
    dates = set()
    for page in reader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            for descendant in ref.get_object()["/DescendantFonts"]:
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                data = descriptor["/FontFile2"].get_object().get_data()
                dates.add(TTFont(io.BytesIO(data))["head"].modified)
    return dates


@pytest.mark.slow
def test_pdfs_are_the_same_whatever_the_clock(
    subsetter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With either subsetter, builds with the wall clock 40 days apart (rendered in forks
    of the zygote) and a render in this process give the same bytes: fontTools stamps
    each font it saves with the time, which is the edition's date (no SOURCE_DATE_EPOCH
    here: the source's date); HarfBuzz keeps the font's own."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    project = copy_real_project(tmp_path / "project")
    source = project.publications[0].source
    text = source.read_text(encoding="utf-8").replace(
        "\npublisher:", "\ndate: 2026-05-01\npublisher:"
    )
    source.write_text(text, encoding="utf-8")
    clock = time.time
    made = []
    for days in (0, 40, 80):
        monkeypatch.setattr(time, "time", lambda days=days: clock() + days * 86400)
        if days < 80:
            outputs = build(project, langs=["en"], variants=VARIANTS)
        else:
            here = render(project, "en", tmp_path / "here", VARIANTS)
            outputs = [here[kind] for kind in VARIANTS]
        made.append({out.kind: out.path.read_bytes() for out in outputs})
    assert made[0] == made[1] == made[2]
    dates = font_dates(project.dist_dir / "mali-islamists-rise-en.pdf")
    if subsetter == "fonttools":
        assert dates == {timestampSinceEpoch(calendar.timegm((2026, 5, 1, 0, 0, 0)))}
    else:
        own = {TTFont(path)["head"].modified for path in THEME_FONTS.glob("*.ttf")}
        assert dates <= own


# -- text -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_french_text_is_extractable(pdfs: Any) -> None:
    edition: Edition = pdfs["fr"]["edition"]
    english: Edition = pdfs["en"]["edition"]
    paragraphs = [b for b in edition.document.blocks if b.role == "paragraph"]
    first = plain_typeset("fr", paragraphs[0].text)
    sentence = re.split(r"(?<=[.!?])\s", first)[0]
    assert len(sentence) > 40 and sentence not in english.document.blocks[1].text
    text = "".join(page_texts(pdfs["fr"]["screen"].path))
    assert squash(sentence) in squash(text)
    assert "é" in text and "’" in text
    # Known words of the French edition (accents, apostrophes, no-break spaces).
    assert squash("djihadistes") in squash(text)


@pytest.mark.slow
def test_bambara_letters_are_extractable(pdfs: Any) -> None:
    text = "".join(page_texts(pdfs["bm"]["screen"].path))
    for letter in "ɛɔɲ":
        assert letter in text, letter
    # Headings are set in capitals: the capital letters come out as text too.
    capitals = set(
        "".join(
            plain_typeset("bm", b.text).upper()
            for b in pdfs["bm"]["edition"].document.blocks
            if b.role == "heading"
        )
    )
    for letter in set("ƐƆƝ") & capitals:
        assert letter in text, letter


@pytest.fixture(scope="module")
def bambara_copy(tmp_path_factory: pytest.TempPathFactory, fixed_clock: None) -> Any:
    """The real brief with ŋ, which its Bambara translation happens not to use, in a
    heading (printed in capitals) and a paragraph."""
    project = copy_real_project(tmp_path_factory.mktemp("bm") / "project")
    catalog = read_catalog(project.po_path(project.publications[0], "bm"))
    heading = next(e for e in catalog if "heading" in e.comment)
    paragraph = next(e for e in catalog if e.comment == "Paragraph")
    set_msgstr(
        project,
        "bm",
        {
            heading.msgid: "Ŋaniya ni ɲɛnamaya ɛɛ ɔɔ",
            paragraph.msgid: paragraph.msgstr + " A ye ŋaniya kɛ.",
        },
    )
    return render(project, "bm", project.dist_dir, ("screen",))


@pytest.mark.slow
def test_bambara_eng_and_capitals_are_extractable(bambara_copy: Any) -> None:
    text = "".join(page_texts(bambara_copy["screen"].path))
    assert "ŋaniya" in text
    assert "ŊANIYA NI ƝƐNAMAYA ƐƐ ƆƆ" in text
    assert all(FONT_NAME.match(name) for name in fonts_of(reader(bambara_copy["screen"].path)))


# -- images ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["screen", "print"])
def test_cover_is_brand_red(pdfs: Any, kind: str) -> None:
    for lang in LANGS:
        cover = render_page(pdfs[lang][kind].path, 0)
        assert share(cover, near(BRAND)) > 0.85, lang
        if kind == "screen":
            inside = render_page(pdfs[lang][kind].path, 1)
            assert share(inside, near(BRAND)) < 0.05


@pytest.mark.slow
def test_no_screen_page_is_blank(pdfs: Any) -> None:
    for lang in LANGS:
        path = pdfs[lang]["screen"].path
        title = plain_typeset(lang, pdfs[lang]["edition"].document.meta.title.text)
        for index, text in enumerate(page_texts(path)):
            # What is left without the running head and the folio is the page's content.
            rest = squash(text).replace(squash(title.upper()), "").strip("0123456789")
            assert len(rest) > 40, (lang, index + 1, text)
            image = render_page(path, index, scale=0.2)  # ink, not just a folio
            assert share(image, lambda p: min(p) < 200) > 0.002, (lang, index + 1)


# -- hostile translations and stylesheets ---------------------------------------------------


def french_copy(folder: Path, texts: dict[str, str], kinds: tuple[str, ...]) -> dict[str, Any]:
    """The real brief in ``folder``, whose first French entry of each role (the start of
    its comment) is translated as ``texts`` says, rendered as ``kinds``."""
    project = copy_real_project(folder / "project")
    catalog = read_catalog(project.po_path(project.publications[0], "fr"))
    entries = {role: next(e for e in catalog if e.comment.startswith(role)) for role in texts}
    set_msgstr(project, "fr", {entries[role].msgid: text for role, text in texts.items()})
    return render(project, "fr", project.dist_dir, kinds)


@pytest.fixture(scope="module")
def hostile_copy(tmp_path_factory: pytest.TempPathFactory, fixed_clock: None) -> Any:
    """The real brief whose French lead is hostile."""
    folder = tmp_path_factory.mktemp("hostile")
    return french_copy(folder, {"Lead": HOSTILE}, ("screen", "print"))


def annotations(pdf: pypdf.PdfReader) -> list[Any]:
    found = []
    for page in pdf.pages:
        for ref in page.get("/Annots") or []:
            found.append(ref.get_object())
    return found


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["screen", "print"])
def test_hostile_msgstr_is_printed_not_obeyed(hostile_copy: Any, kind: str) -> None:
    path = hostile_copy[kind].path
    assert hostile_copy[kind].refused == ()  # nothing even asked for
    text = squash("".join(page_texts(path)))
    for literal in ("<script>alert(1)</script>", "<imgsrc=", "file:///etc/passwd", "<style>"):
        assert squash(literal) in text, literal
    assert PASSWD not in text
    data = path.read_bytes()
    assert PASSWD.encode() not in data
    pdf = reader(path)
    root = pdf.trailer["/Root"]
    assert "/EmbeddedFiles" not in (root.get("/Names") or {})
    assert "/AF" not in root
    for annotation in annotations(pdf):
        assert annotation.get("/Subtype") != "/FileAttachment"
        uri = str((annotation.get("/A") or {}).get("/URI", "http://"))
        assert uri.startswith(("http://", "https://", "mailto:")), uri
    # Characters the project's fonts lack print as missing glyphs, never in a system font.
    for name in fonts_of(pdf):
        assert FONT_NAME.match(name), name


LONG_WORD = "Début " + "a" * 20_000 + " fin."
LONG_WORDS = {
    "Paragraph": LONG_WORD,
    # Glued to what comes before (the opening quotation mark, a tag), where WeasyPrint
    # does not break words by itself.
    "Pull quote": "q" * 3_000,
    "Lead": "x**" + "g" * 3_000 + "**",
}


@pytest.fixture(scope="module")
def long_word_copy(tmp_path_factory: pytest.TempPathFactory, fixed_clock: None) -> Any:
    """The real brief whose first French paragraph holds a 20,000-letter word, its pull
    quote and its lead long words glued to a mark and to a tag."""
    folder = tmp_path_factory.mktemp("long-word")
    return french_copy(folder, LONG_WORDS, ("screen", "print", "html"))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["screen", "print"])
def test_a_long_word_breaks_inside_the_page(long_word_copy: Any, kind: str) -> None:
    """Every glyph of every page stands inside the trim box: the word breaks across
    lines (and pages) instead of running off the right margin, and is printed whole."""
    path = long_word_copy[kind].path
    document = pdfium.PdfDocument(path)
    texts = []
    try:
        for index in range(len(document)):
            page = document[index]
            left, bottom, right, top = page.get_trimbox()
            textpage = page.get_textpage()
            for char in range(textpage.count_chars()):
                box = textpage.get_charbox(char)
                assert left <= box[0] and box[2] <= right, (index + 1, char, box)
                assert bottom <= box[1] and box[3] <= top, (index + 1, char, box)
            texts.append(textpage.get_text_range())
    finally:
        document.close()
    for name in fonts_of(reader(path)):  # the zero width spaces come from no other font
        assert FONT_NAME.match(name), name
    printed = squash("".join(texts))  # the word crosses pages, between their folios
    assert "Début" + "a" * 100 in printed and "a" * 100 + "fin." in printed
    assert printed.count("a") > 20_000
    assert printed.count("Q") >= 3_000 and printed.count("g") >= 3_000


@pytest.mark.slow
def test_every_output_breaks_long_words(long_word_copy: Any) -> None:
    """The HTML edition links the stylesheet the PDFs are set with, which breaks words."""
    html = long_word_copy["html"].path.read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="assets/brief.css">' in html
    css = (long_word_copy["html"].path.parent / "assets" / "brief.css").read_text()
    assert re.search(r"^html \{ overflow-wrap: anywhere; \}$", css, re.MULTILINE)


HOSTILE_CSS_HEAD = '@import url("file:///etc/passwd");\n@import url("http://example.org/x.css");\n'
HOSTILE_CSS_TAIL = """
body::after { content: url("file:///etc/passwd"); }
.imprint::before { content: url("../../../../../../../../etc/passwd"); }
@font-face { font-family: X; src: url("/etc/passwd"); }
.imprint { font-family: X, var(--sans); }
.cover { background-image: url("https://example.org/track.png"); }
"""


@pytest.fixture(scope="module")
def hostile_styles(tmp_path_factory: pytest.TempPathFactory, fixed_clock: None) -> Any:
    """The stylesheet WeasyPrint is given asks for files outside the theme: the checks
    before a render refuse it (tests/theme), so it is put in place after them, to show
    that the URL fetcher refuses the same by itself."""
    project = copy_real_project(tmp_path_factory.mktemp("css") / "project")
    publication = project.publications[0]
    edition = make_edition(project, publication, "en")
    html = edition_html(project, edition, for_pdf=True)
    project.styles_dir.mkdir()
    sheet = (PACKAGED / "brief.css").read_text(encoding="utf-8")
    (project.styles_dir / "brief.css").write_text(
        HOSTILE_CSS_HEAD + sheet + HOSTILE_CSS_TAIL, encoding="utf-8"
    )
    rendered = render_pdfs(
        html,
        base_dir=project.styles_dir,
        roots=asset_roots(project, publication),
        font_dir=THEME_FONTS,
        variants=("screen", "print"),
        root=project.root,
        theme=ThemeFiles(project.styles_dir, project.root).layers,
        font_root=PACKAGED,
    )
    return rendered


@pytest.mark.slow
def test_hostile_stylesheet_is_refused(hostile_styles: Any) -> None:
    for variant, rendered in hostile_styles.items():
        refused = set(rendered.refused)
        assert "file:///etc/passwd" in refused, variant
        assert "http://example.org/x.css" in refused
        assert "https://example.org/track.png" in refused
        assert all(url.startswith(("file:///etc/", "http://", "https://")) for url in refused), (
            refused
        )
        assert PASSWD.encode() not in rendered.data
        assert rendered.pages >= 6


@pytest.mark.slow
def test_hostile_stylesheet_leaks_nothing_into_the_text(
    hostile_styles: Any, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(hostile_styles["screen"].data)
    text = "".join(page_texts(path))
    assert PASSWD not in text and "/bin/bash" not in text
    pdf = reader(path)
    assert "/EmbeddedFiles" not in (pdf.trailer["/Root"].get("/Names") or {})
    for name in fonts_of(pdf):
        assert FONT_NAME.match(name), name


# -- the fetcher itself ---------------------------------------------------------------------


@pytest.fixture
def fetcher_roots(tmp_path: Path) -> tuple[Path, Path, Any]:
    root = tmp_path / "styles"
    (root / "fonts").mkdir(parents=True)
    (root / "brief.css").write_text("p { color: red }", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "escape.css").symlink_to("/etc/passwd")
    (root / "sibling.css").symlink_to(tmp_path / "secret.txt")
    # Inside, but a link all the same: refused, as every link is (see fileio.project_file).
    (root / "inner.css").symlink_to(root / "brief.css")
    os.mkfifo(root / "pipe.css")  # a named pipe: refused without being opened
    return root, tmp_path, make_fetcher([root], root / "fonts")


def test_fetcher_serves_files_inside_the_roots(fetcher_roots: tuple[Path, Path, Any]) -> None:
    root, _, fetcher = fetcher_roots
    for url in (root.as_uri() + "/brief.css", root.as_uri() + "/fonts/../brief.css"):
        response = fetcher.fetch(url)
        assert response.read() == b"p { color: red }"
        assert response.content_type == "text/css"
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://evil.example/etc/passwd",
        "http://example.org/",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        "{root}/../secret.txt",
        "{root}/fonts/../../secret.txt",
        "{root}/%2e%2e/secret.txt",
        "{root}/escape.css",
        "{root}/sibling.css",
        "{root}/inner.css",
        "{root}/pipe.css",
        "{root}/missing.css",
        "{root}",
        "{root}/fonts",
    ],
)
def test_fetcher_refuses_everything_else(fetcher_roots: tuple[Path, Path, Any], url: str) -> None:
    root, _, fetcher = fetcher_roots
    url = url.format(root=root.as_uri())
    with pytest.raises(ValueError, match="refuses"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_is_used_for_every_fetch(fetcher_roots: tuple[Path, Path, Any]) -> None:
    # WeasyPrint calls the fetcher as a function and through open(); both are guarded.
    root, _, fetcher = fetcher_roots
    with pytest.raises(ValueError):
        fetcher("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.open("file:///etc/passwd")
    assert fetcher.refused == ["file:///etc/passwd", "file:///etc/passwd"]
    assert os.path.exists(root / "brief.css")


# -- fontconfig (see test_weasyprint_loader) -----------------------------------------------


@pytest.mark.slow
def test_an_awkward_folder_embeds_only_the_project_fonts(tmp_path: Path) -> None:
    """In a new process, as fontconfig reads its configuration once: ☺, which the
    project's fonts lack, must not come from a system font."""
    fonts = tmp_path / AWKWARD / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy2(THEME_FONTS / "NotoSans-Regular.ttf", fonts)
    script = (
        "import sys; from pathlib import Path; from pubkit.render.pdf import render_pdfs\n"
        "fonts = Path(sys.argv[1])\n"
        "css = '@font-face { font-family: Brief Sans; src: url(NotoSans-Regular.ttf) }'\n"
        "html = '<style>' + css + ' p { font-family: Brief Sans }</style><p>Ŋaniya ☺</p>'\n"
        "pdf = render_pdfs(html, fonts, [fonts], fonts, ['screen'])['screen'].data\n"
        "Path(sys.argv[2]).write_bytes(pdf)\n"
    )
    env = {**cli_env(), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = tmp_path / "out.pdf"
    subprocess.run([sys.executable, "-c", script, str(fonts), str(out)], env=env, check=True)
    names = fonts_of(reader(out))
    assert names and all(FONT_NAME.match(name) for name in names), names
