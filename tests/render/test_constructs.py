"""How the constructs beyond the first brief's subset print: golden HTML of each
fixture (the PDFs' HTML, notes at the foot; the HTML edition's, notes at the end), and
their PDFs read back as text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from pubkit.catalogs import workflow
from pubkit.publish.build import edition_html, render_edition
from pubkit.render.edition import make_edition

from ..conftest import FIXTURES, MakeProject, assert_golden
from .test_pdf import fonts_of

CONSTRUCTS = FIXTURES / "constructs"
TOML = '[[publications]]\nsource = "content/doc.md"\ndomain = "doc"\n'


def main_of(html: str) -> str:
    """The body of a page: what the constructs change."""
    return html[html.index("<main") : html.index("</main>") + len("</main>")] + "\n"


@pytest.mark.parametrize("path", sorted(CONSTRUCTS.glob("*.md")), ids=lambda path: path.stem)
def test_golden_html(path: Path, make_project: MakeProject) -> None:
    project = make_project(path.read_text(encoding="utf-8"), toml=TOML)
    shutil.copytree(CONSTRUCTS / "images", project.root / "content" / "images")
    edition = make_edition(project, project.publications[0], "en")
    for for_pdf, suffix in ((True, ".expect-pdf.html"), (False, ".expect.html")):
        html = edition_html(project, edition, for_pdf=for_pdf)
        assert_golden(main_of(html), path.with_name(path.stem + suffix))


def test_footnotes_are_numbered_in_the_order_of_their_calls(make_project: MakeProject) -> None:
    """A translation that moves a call earlier renumbers the notes: numbers follow
    the edition's own reading order."""
    project = make_project((CONSTRUCTS / "footnotes.md").read_text(encoding="utf-8"), toml=TOML)
    edition = make_edition(project, project.publications[0], "en")
    html = edition_html(project, edition, for_pdf=False)
    calls = re.findall(r'<sup class="footnote-ref"><a href="#fn-(\d)"( id="fnref-\d")?>', html)
    assert calls == [
        ("1", ' id="fnref-1"'),
        ("2", ' id="fnref-2"'),
        ("1", ""),
        ("3", ' id="fnref-3"'),
    ]
    assert re.findall(r'<li id="fn-(\d)">', html) == ["1", "2", "3"]
    assert html.count('class="footnote-back"') == 3


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


@pytest.mark.slow
def test_footnotes_print_at_the_foot_of_the_page_that_calls_them(
    make_project: MakeProject, tmp_path: Path
) -> None:
    # Enough text that the notes fall on different pages.
    filler = " ".join(["The rains failed again in the north of the country."] * 40)
    body = "\n\n".join(
        f"Paragraph {n}. {filler} Called{n}.[^n{n}]" if n % 3 == 0 else f"Paragraph {n}. {filler}"
        for n in range(12)
    )
    notes = "\n".join(
        f"[^n{n}]: Note number {n} says where the figure comes from." for n in range(0, 12, 3)
    )
    project = make_project(
        "---\nslug: doc\ntitle: T\nauthor: A\npublisher: P\n---\n\n" + body + "\n\n" + notes + "\n",
        toml=TOML,
    )
    workflow.extract(project)
    edition = make_edition(project, project.publications[0], "en")
    outputs = render_edition(
        project, project.publications[0], edition, ("screen", "print"), tmp_path
    )
    for output in outputs:
        pages = page_texts(output.path)
        placed = {}
        for n in range(0, 12, 3):
            calling = [i for i, text in enumerate(pages) if f"Called{n}." in text]
            noting = [i for i, text in enumerate(pages) if f"Note number {n} says" in text]
            assert len(calling) == len(noting) == 1, (output.kind, n, calling, noting)
            placed[n] = noting[0] - calling[0]
        # WeasyPrint 70 keeps a paragraph's first three lines (orphans) together by
        # moving the notes of the page to the next one when the paragraph after a call
        # starts at the foot of the page (layout/block.py, _linebox_layout): note 9 is
        # one such. Every other note is on its call's page, none before it.
        assert placed == {0: 0, 3: 0, 6: 0, 9: 1}
        assert "[^" not in "".join(pages)
        # Four notes, numbered 1 to 4 at the foot, each on its page.
        foot = re.findall(r"(\d)\. ?\r?\n?Note number (\d+)", "".join(pages))
        assert [number for number, _ in foot] == ["1", "2", "3", "4"]


@pytest.mark.slow
def test_a_long_table_repeats_its_header_on_every_page(
    make_project: MakeProject, tmp_path: Path
) -> None:
    rows = "\n".join(f"| Town {n} | {n * 13},{n:03d} | Row{n}end |" for n in range(1, 121))
    project = make_project(
        "---\nslug: doc\ntitle: T\nauthor: A\npublisher: P\n---\n\nBefore the table.\n\n"
        "| Place | People | Remark |\n|:--|--:|:-:|\n" + rows + "\n\nTable: Towns and people.\n",
        toml=TOML,
    )
    workflow.extract(project)
    edition = make_edition(project, project.publications[0], "en")
    (output,) = render_edition(project, project.publications[0], edition, ("screen",), tmp_path)
    pages = [text for text in page_texts(output.path) if "Row" in text]
    assert len(pages) >= 3
    for text in pages:  # the header row heads every page of the table
        assert "Place" in text and "People" in text and "Remark" in text
    whole = "".join(pages)
    assert "Towns and people." in pages[0]
    assert "|" not in whole and "---" not in whole
    # No row is split: each row's three cells are on one page.
    for n in range(1, 121):
        (page,) = [text for text in pages if f"Row{n}end" in text]
        assert f"Town {n}\r" in page or f"Town {n} " in page


@pytest.mark.slow
def test_quotes_and_three_level_lists_print(make_project: MakeProject, tmp_path: Path) -> None:
    source = (CONSTRUCTS / "quotes-and-lists.md").read_text(encoding="utf-8")
    project = make_project(source, toml=TOML)
    workflow.extract(project)
    edition = make_edition(project, project.publications[0], "en")
    (output,) = render_edition(project, project.publications[0], edition, ("screen",), tmp_path)
    text = "".join(page_texts(output.path))
    assert "— Fatoumata Diallo" in text and ">" not in text
    for item in ("train local observers;", "publish the data every week.", "A last bullet."):
        assert item in text


def structure(path: Path) -> list[tuple[str, str | None]]:
    """The tagged PDF's structure elements in reading order: (type, alt text)."""
    reader = pypdf.PdfReader(path)
    found: list[tuple[str, str | None]] = []
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop().get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            pending.extend(reversed(node))
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                alt = node.get("/Alt")
                found.append((str(node["/S"]), None if alt is None else str(alt)))
            if "/K" in node:
                pending.append(node["/K"])
    return found


@pytest.mark.slow
def test_figures_print_with_alt_text_caption_and_their_language_s_image(
    make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project((CONSTRUCTS / "figures.md").read_text(encoding="utf-8"))
    shutil.copytree(CONSTRUCTS / "images", project.root / "content" / "images")
    workflow.init(project, ["fr"])
    outputs = {}
    for lang in ("en", "fr"):
        edition = make_edition(project, project.publications[0], lang)
        for output in render_edition(
            project, project.publications[0], edition, ("screen", "print", "html"), tmp_path
        ):
            outputs[lang, output.kind] = output.path
    alt = "Bar chart: rainfall in the north fell from 140 mm in 1960 to 80 mm in 2020"
    # PDF/UA: each image is a Figure carrying its alt text, the caption a Caption.
    tags = structure(outputs["en", "screen"])
    again = "Bar chart of the same rainfall, “again”"
    assert [a for kind, a in tags if kind == "/Figure"] == [alt, again]
    assert [kind for kind, _ in tags].count("/Caption") == 1
    for kind in ("screen", "print"):
        text = "".join(page_texts(outputs["en", kind]))
        assert "Annual rainfall in Kidal, 1960 to 2020 (mm). Data: Agrhymet regional centre." in (
            text.replace("\r\n", " ").replace("\n", " ")
        )
        assert "![" not in text and "](" not in text and "Figure:" not in text
        assert "1960 1990 2020" in text and "(fr)" not in text  # the SVG's own words
        assert "2020 (fr)" in "".join(page_texts(outputs["fr", kind]))  # rain.fr.svg
    # The HTML edition links its image, copied under assets/; French its own.
    html = outputs["en", "html"].read_text(encoding="utf-8")
    assert f'<img src="assets/images/content/images/rain.svg" alt="{alt}">' in html
    assert 'src="assets/images/content/images/rain.fr.svg"' in outputs["fr", "html"].read_text(
        encoding="utf-8"
    )
    for name in ("rain.svg", "rain.fr.svg"):
        copied = tmp_path / "assets" / "images" / "content" / "images" / name
        assert copied.read_bytes() == (CONSTRUCTS / "images" / name).read_bytes()


@pytest.mark.slow
def test_a_box_that_fits_on_a_page_is_not_split(make_project: MakeProject, tmp_path: Path) -> None:
    # Four long paragraphs and a short one leave room for the box's title and first
    # finding at the foot of page 3 (0-based 2): split there without break-inside: avoid.
    filler = " ".join(["The rains failed again in the north of the country."] * 12)
    body = "\n\n".join(f"Paragraph {n}. {filler}" for n in range(4))
    body += "\n\nShort. " + " ".join(["Words again."] * 10)
    findings = "\n\n".join(
        f"Finding {n}: the harvest fell by a fifth in every region of the north." for n in range(6)
    )
    project = make_project(
        "---\nslug: doc\ntitle: T\nauthor: A\npublisher: P\n---\n\n"
        f"{body}\n\n::: box Key findings\n{findings}\n:::\n\nAfter the box.\n",
        toml=TOML,
    )
    workflow.extract(project)
    edition = make_edition(project, project.publications[0], "en")
    for output in render_edition(
        project, project.publications[0], edition, ("screen", "print"), tmp_path
    ):
        pages = page_texts(output.path)
        (box,) = [n for n, text in enumerate(pages) if "KEY FINDINGS" in text]
        assert all(f"Finding {n}:" in pages[box] for n in range(6)), output.kind
        assert "Paragraph 3" in pages[box - 1] and ":::" not in "".join(pages)


@pytest.mark.slow
def test_code_breaks_entities_and_long_addresses_print(
    make_project: MakeProject, tmp_path: Path
) -> None:
    source = (CONSTRUCTS / "code-and-breaks.md").read_text(encoding="utf-8")
    links = (CONSTRUCTS / "links-and-breaks.md").read_text(encoding="utf-8")
    project = make_project(source + links[links.index("---\n\n") + 5 :], toml=TOML)
    workflow.extract(project)
    edition = make_edition(project, project.publications[0], "en")
    for output in render_edition(
        project, project.publications[0], edition, ("screen", "print"), tmp_path
    ):
        pages = page_texts(output.path)
        text = "".join(pages).replace("\r\n", "\n")
        # code as typed, in the monospace face
        assert "awk -F, '$2 < 100 { print $1 }' rain.csv" in text
        assert "<b>not bold</b> & not an entity: &amp;" in text
        fonts = {name.split("+")[-1] for name in fonts_of(pypdf.PdfReader(output.path))}
        assert "Brief-Mono" in fonts
        # line breaks print as breaks, entities as characters, no markup as typed
        assert "Observatoire du marché agricole\nBamako, Mali\nTelephone" in text
        assert "AT&T, R&D and <b> are text; © is a character." in text
        for typed in ("\\", "&amp;T", "][", "```", "***", "<https"):
            assert typed not in text.replace("&amp;</", ""), typed
        # a long address breaks inside the page: every character within the trim box
        document = pdfium.PdfDocument(output.path)
        for index in range(len(document)):
            page = document[index]
            width = page.get_width()
            textpage = page.get_textpage()
            for char in range(textpage.count_chars()):
                left, _, right, _ = textpage.get_charbox(char)
                assert left >= 0 and right <= width, (output.kind, index, char)
        document.close()
