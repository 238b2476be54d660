"""Each language printed from its data: quotation marks (outer, from the stylesheet pubkit
lays under the design, and inner), hyphenation where pyphen has a dictionary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from pubkit.catalogs import workflow
from pubkit.config import Project
from pubkit.publish.build import render_edition
from pubkit.render.edition import make_edition
from pubkit.render.typography import language_stylesheet

from ..conftest import MakeProject, set_msgstr

SOURCE = """\
---
slug: doc
title: Enough
author: A. Writer
publisher: Rosa-Luxemburg-Stiftung
---

He said "enough". {long}

::: pullquote
He said "enough".
:::
"""
LONG = "The longest words of the language follow. " * 12
GERMAN_LONG = (
    "Donaudampfschifffahrtsgesellschaft Rechtsschutzversicherungsgesellschaften "
    "Arbeiterunfallversicherungsgesetz Grundstücksverkehrsgenehmigungszuständigkeit "
) * 6
TOML = """\
source-language = "en"

[[publications]]
source = "content/doc.md"
domain = "doc"

[languages.en]
[languages.de]
[languages.wo]
fallback = ["en"]
"""


def test_language_stylesheet_lies_under_the_design() -> None:
    css = language_stylesheet('<html lang="de">\n<p lang="fr">x</p><p lang="wo">')
    assert ":where(:root) { hyphens: auto; }" in css
    german = ':where(:root:lang(de), :not(:lang(de)) > :lang(de)) { quotes: "\\201E" "\\201C"'
    assert german in css
    assert 'quotes: "\\AB \\202F" "\\202F \\BB" "\\201C" "\\201D"' in css  # fr: spaced
    assert ':lang(wo)) { quotes: "\\201C" "\\201D" "\\2018" "\\2019"; }' in css
    assert all(line.startswith(":where(") for line in css.splitlines())


def text_of(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.fixture
def german(make_project: MakeProject) -> Project:
    project = make_project(SOURCE.format(long=LONG), TOML)
    workflow.init(project, ["de", "wo"])
    for lang in ("de", "wo"):
        set_msgstr(
            project,
            lang,
            {
                "Enough": "Genug",
                'He said "enough".': 'Er sagte "genug".',
                f'He said "enough". {LONG}'.strip(): f'Er sagte "genug". {GERMAN_LONG}'.strip(),
            },
        )
    return project


def render(project: Project, lang: str) -> dict[str, Any]:
    publication = project.publications[0]
    edition = make_edition(project, publication, lang)
    outputs = render_edition(project, publication, edition, ("screen",), project.dist_dir)
    return {out.kind: out for out in outputs}


@pytest.mark.slow
def test_german_quotes_and_hyphenation(german: Project) -> None:
    text = text_of(render(german, "de")["screen"].path)
    assert "Er sagte „genug“." in text
    assert "„ER SAGTE ‚GENUG‘.“" in text  # the design's marks, and German inner ones
    # German words are broken at the end of lines with pyphen's German dictionary …
    assert re.search(r"\w[\u2010-]\r?\n", text), text
    # … and the same words in Wolof, which pyphen has no dictionary for, are not.
    wolof = text_of(render(german, "wo")["screen"].path)
    assert "Er sagte “genug”." in wolof and "“ER SAGTE ‘GENUG’.”" in wolof
    assert not re.search(r"\w[\u2010-]\r?\n", wolof.replace("Rosa-\r\n", "")), wolof
