"""Issue 14's acceptance: a realistic policy brief with every construct of the source
format (five footnotes, a data table, a figure, a block quote, a three-level list of
recommendations, an info box, a reference list) taken through extract, init, a few
translated entries, check, build and release, its PDFs read back as text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pubkit.catalogs import workflow
from pubkit.catalogs.pofile import read_catalog, write_catalog
from pubkit.checks.runner import check_project
from pubkit.config import Project, load_project
from pubkit.publish.build import build
from pubkit.publish.release import release

from .conftest import FIXTURES, REPO, set_msgstr
from .render.test_constructs import structure

ACCEPTANCE = FIXTURES / "acceptance"
SLUG = "delta-water"
LANGS = ("en", "fr", "bm")

# Each note: words of the sentence that calls it, and words of the note itself.
NOTES = {
    "area": ("square kilometres over the past ten years", "weekly satellite images"),
    "dam": ("billion cubic metres a year", "depending on the height chosen"),
    "survey": ("have begun to break down", "14 meetings with 612 participants"),
    "nba": ("but has never set figures for the delta", "2008, annex 3"),
    "rules": ("correct an operator who does not respect it", "2022, pp. 110–115"),
}
ALT = (
    "Bar chart of the flooded area of the Inner Niger Delta at its peak from 2015 to 2024: "
    "between about 15,000 and 27,000 square kilometres, with the four smallest floods "
    "since 2019"
)
# Markdown that must never reach the page.
SYNTAX = ("[^", "](", "][", "**", "|---", "| ", ":::", "![", "Table:", "Figure:", "Credit:", "\\")
BOX = "What is an environmental flow?"
CAPTION = "Withdrawals from the upper Niger, as a share of the dry-season flow at Markala."
FRENCH = {
    BOX: "Qu'est-ce qu'un débit environnemental ?",
    CAPTION: "Prélèvements sur le Niger supérieur, en part du débit de saison sèche à Markala.",
    "Flooded area of the Inner Niger Delta at the peak of the flood, 2015 to 2024.": (
        "Superficie inondée du delta intérieur du Niger au pic de la crue, de 2015 à 2024."
    ),
    "Irrigation (Office du Niger)": "Irrigation (Office du Niger)",
    "Hydropower storage": "Stockage hydroélectrique",
    "Recommendations": "Recommandations",
}


def project_copy(target: Path) -> Project:
    shutil.copytree(ACCEPTANCE, target)
    shutil.copytree(REPO / "styles", target / "styles")
    return load_project(target)


def flat(text: str) -> str:
    """Page text with its line breaks as spaces, and hyphenation undone."""
    return re.sub(r"\u2010\r?\n", "", text).replace("\r\n", " ").replace("\n", " ")


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [flat(document[i].get_textpage().get_text_range()) for i in range(len(document))]
    finally:
        document.close()


def msgid_with(project: Project, words: str) -> str:
    pot = read_catalog(project.locale_dir / f"{SLUG}.pot")
    (found,) = [entry.msgid for entry in pot if words in entry.msgid]
    return found


def errors(project: Project, lang: str) -> list[str]:
    return [f.message for f in check_project(project, [lang]) if f.severity == "error"]


@pytest.mark.slow
def test_the_acceptance_brief_goes_through_the_whole_workflow(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "brief")
    workflow.extract(project)
    workflow.init(project, list(LANGS))
    # French: a few entries; Bambara: an identity translation of every entry.
    set_msgstr(project, "fr", FRENCH)
    bm = read_catalog(project.po_path(project.publications[0], "bm"))
    for entry in bm:
        entry.msgstr = entry.msgid
    write_catalog(bm, project.po_path(project.publications[0], "bm"))
    for lang in LANGS:
        assert errors(project, lang) == [], lang

    # check catches a translation that drops a footnote reference, changes a table's
    # shape, sets an image or breaks a link.
    dam = msgid_with(project, "[^dam]")
    licence_free = msgid_with(project, "[Report and data][swo]")
    for broken, message in (
        ({dam: dam.replace("[^dam]", "")}, "footnote reference(s) of the source missing"),
        ({"Hydropower storage": "Stockage | hydro"}, "a '|' in a table cell prints as text"),
        (
            {CAPTION: CAPTION + " ![carte](../../../etc/carte.png)"},
            "link target(s) not in the source: '../../../etc/carte.png'",
        ),
        (
            {licence_free: licence_free.replace("][swo]", "][nowhere]")},
            "link target(s) of the source missing",
        ),
    ):
        set_msgstr(project, "fr", broken)
        assert any(message in found for found in errors(project, "fr")), message
        set_msgstr(project, "fr", {key: FRENCH.get(key, "") for key in broken})
    assert errors(project, "fr") == []

    outputs = build(
        project, langs=list(LANGS), variants=("screen", "print"), formats=("pdf", "html")
    )
    assert len(outputs) == 9
    for output in outputs:
        if output.kind == "html":
            html = output.path.read_text(encoding="utf-8")
            assert 'src="assets/images/content/images/flood-area.svg"' in html
            assert html.count('<li id="fn-') == 5 and "<figcaption>" in html
            continue
        pages = page_texts(output.path)
        text = " ".join(pages)
        for typed in SYNTAX:
            assert typed not in text, (output.lang, output.kind, typed)
        # the notes at the foot of the page that calls them
        for label, (call, note) in NOTES.items():
            calling = [n for n, page in enumerate(pages) if call in page]
            noting = [n for n, page in enumerate(pages) if note in page]
            assert calling == noting and len(noting) == 1, (output.lang, output.kind, label)
        caption = FRENCH[CAPTION] if output.lang == "fr" else CAPTION
        assert caption in text
        assert "Flooded area at the peak, thousand km²" in text  # the figure's own words
        assert "We do not ask the dam to stop." in text and "Youwarou, March 2025" in text
        assert "in a dry year, irrigation and hydropower storage are reduced" in text
        box = FRENCH[BOX] if output.lang == "fr" else BOX
        assert box.upper().replace("'", "’").rstrip(" ?") in text
        if output.kind == "screen":  # PDF/UA: the figure tagged with its alt text
            alts = [alt or "" for kind, alt in structure(output.path) if kind == "/Figure"]
            # (typeset as its language's: Bambara's no-break space before ":")
            assert [re.sub(r"\s", "", alt) for alt in alts] == [re.sub(r"\s", "", ALT)]

    (result,) = release(project, version="1.0", jobs=1)
    files = {path.relative_to(result.folder).as_posix() for path in result.files}
    assert "assets/images/content/images/flood-area.svg" in files
    assert {f"{SLUG}-{lang}{suffix}" for lang in LANGS for suffix in (".pdf", "-print.pdf")} <= (
        files
    )
    assert all(decision.released for decision in result.decisions)
