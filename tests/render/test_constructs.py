"""How the constructs beyond the first brief's subset print: golden HTML of each
fixture (the PDFs' HTML, notes at the foot; the HTML edition's, notes at the end), and
their PDFs read back as text."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pubkit.catalogs import workflow
from pubkit.publish.build import edition_html, render_edition
from pubkit.render.edition import make_edition

from ..conftest import FIXTURES, MakeProject, assert_golden

CONSTRUCTS = FIXTURES / "constructs"
TOML = '[[publications]]\nsource = "content/doc.md"\ndomain = "doc"\n'


def main_of(html: str) -> str:
    """The body of a page: what the constructs change."""
    return html[html.index("<main") : html.index("</main>") + len("</main>")] + "\n"


@pytest.mark.parametrize("path", sorted(CONSTRUCTS.glob("*.md")), ids=lambda path: path.stem)
def test_golden_html(path: Path, make_project: MakeProject) -> None:
    project = make_project(path.read_text(encoding="utf-8"), toml=TOML)
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
