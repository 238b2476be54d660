"""The typesetting report read from WeasyPrint's laid-out boxes, and the repairs it drives."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from pubkit.catalogs.pofile import read_catalog
from pubkit.config import Project, load_project
from pubkit.publish.build import edition_html
from pubkit.render.edition import make_edition
from pubkit.render.layout import FAULT_KINDS, inspect_layout
from pubkit.render.pdf import render_pdfs
from pubkit.render.weasyprint_loader import load_weasyprint

from ..conftest import REPO

pytestmark = pytest.mark.slow

FONTS = REPO / "styles" / "fonts"
WORD = "anticonstitutionnellement"


def narrow_page(body: str, lang: str = "fr") -> str:
    return (
        f'<html lang="{lang}"><head><style>'
        "@page { size: 80mm 400mm; margin: 5mm }"
        "p { hyphens: auto; text-align: justify; font: 10pt 'Noto Serif'; margin: 0 0 4mm }"
        ".keep { hyphens: manual; white-space: nowrap }"
        f"</style></head><body>{body}</body></html>"
    )


def layout(html: str, lang: str = "fr") -> object:
    weasyprint = load_weasyprint(FONTS, REPO)
    return weasyprint.HTML(string=html, base_url=str(REPO)).render()


def test_runs_of_hyphens_and_split_names_are_found_with_their_page() -> None:
    words = " ".join([WORD] * 12)
    names = "la Mauritanie " * 20
    report = inspect_layout(layout(narrow_page(f"<p>{words}</p><p>{names}</p>")), "fr")
    assert report.hyphenated >= 3
    runs = [fault for fault in report.faults if fault.kind == "hyphen-run"]
    assert runs and all(fault.page == 1 and fault.word == WORD for fault in runs)
    assert set(report.summary()) == {"lines", "hyphenated", *FAULT_KINDS}


def test_german_capitals_are_no_names() -> None:
    text = " ".join(["Bundesverfassungsgericht"] * 12)
    report = inspect_layout(layout(narrow_page(f"<p>{text}</p>", "de"), "de"), "de")
    assert report.hyphenated and not report.count("name-hyphenated")


def test_render_repairs_by_keeping_the_words_whole(tmp_path: Path) -> None:
    html = narrow_page("<p>" + " ".join([WORD] * 12) + " et la fin du paragraphe.</p>")
    before = inspect_layout(layout(html), "fr")
    assert before.count("hyphen-run")
    rendered = render_pdfs(html, tmp_path, [tmp_path], FONTS, ["screen"], None, lang="fr")
    after = rendered["screen"].layout
    assert after is not None
    assert after.count("hyphen-run") == 0 and after.hyphenated < before.hyphenated
    text = pypdf.PdfReader(_write(tmp_path, rendered["screen"].data)).pages[0].extract_text()
    assert re.sub(r"\s+", " ", text).startswith(" ".join([WORD] * 3))  # nothing lost


def _write(folder: Path, data: bytes) -> Path:
    path = folder / "out.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def real() -> Project:
    return load_project(REPO)


@pytest.mark.parametrize("lang", ["en", "fr", "bm"])
def test_the_brief_is_typeset_without_the_reviewed_faults(
    real: Project, lang: str, tmp_path: Path
) -> None:
    """Issue 17's bar: no name hyphenated, no run of three hyphenated lines, no paragraph
    ending on a fragment, and the body text starts with the lead (no hidden running title)."""
    publication = real.publications[0]
    edition = make_edition(real, publication, lang)
    html = edition_html(real, edition, for_pdf=True)
    rendered = render_pdfs(
        html, real.styles_dir, [real.styles_dir], real.fonts_dir, ["screen"], real.root, lang=lang
    )["screen"]
    report = rendered.layout
    assert report is not None and report.lines > 100
    for kind in ("name-hyphenated", "hyphen-run", "fragment", "hyphen-before-last-line"):
        assert report.count(kind) == 0, [f.message() for f in report.faults]
    lead = next(block for block in edition.document.blocks if block.role == "lead")
    pdf = pypdf.PdfReader(_write(tmp_path, rendered.data))
    first_words = " ".join(lead.text.replace("'", "’").split()[:4])
    texts = [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]
    body = next(text for text in texts if first_words in text)
    assert body.startswith(first_words)


def test_catalogs_mark_what_the_reviewer_reads_first() -> None:
    """The Bambara draft carries its reviewer's worklist; both drafts stay drafts."""
    for lang in ("fr", "bm"):
        catalog = read_catalog(REPO / "locale" / lang / "LC_MESSAGES" / "mali-islamists-rise.po")
        assert catalog.metadata["X-Review-Status"] == "draft"
    bambara = read_catalog(REPO / "locale" / "bm" / "LC_MESSAGES" / "mali-islamists-rise.po")
    flagged = [e for e in bambara if "Reviewer:" in (e.tcomment or "")]
    assert len(flagged) >= 8
    assert "hakilinadabaara" not in bambara.metadata["X-Translation-Credit"]
