"""glyphs: every printed character, and capital, in every font of the edition."""

from __future__ import annotations

import shutil
from pathlib import Path

from pubkit.checks.runner import check_project
from pubkit.config import Project

from .conftest import FRENCH, HEADING, LEFT, changed, line_of, of, translate


def test_glyphs_of_the_edition_fonts(french: Project) -> None:
    # Bambara letters, their capitals and tone marks are in every font.
    assert of(changed(french, HEADING, "Mun na Bamakɔ ɲɛ́ ŋà ?"), "glyphs") == []
    findings = of(changed(french, LEFT, "Puis Khouffa → Kouffa ; Жe."), "glyphs")
    assert [(f.line, f.severity, f.message) for f in findings] == [
        (line_of(french, LEFT), "error", f"{char} is missing from all 7 fonts")
        for char in ("'Ж' U+0416 CYRILLIC CAPITAL LETTER ZHE", "'→' U+2192 RIGHTWARDS ARROW")
    ]


def test_glyphs_capitals_of_headings(french: Project) -> None:
    # 'ɑ' is in the fonts, its capital 'Ɑ' (U+2C6D) is not: headings print in capitals.
    [finding] = of(changed(french, HEADING, "Pourquoi Bɑmako ?"), "glyphs")
    assert finding.severity == "error"
    assert finding.line == line_of(french, HEADING)
    assert "U+2C6D LATIN CAPITAL LETTER ALPHA (capital of 'ɑ'" in finding.message
    # The same letter in a paragraph prints as typed.
    translate(french, "fr", {HEADING: FRENCH[HEADING]})
    assert of(changed(french, LEFT, "Puis Khouffa est pɑrti ; Kouffa est resté."), "glyphs") == []


def make_font(path: Path, chars: str) -> None:
    """A tiny TrueType font mapping exactly ``chars`` (empty outlines)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = "".join(sorted(set(chars)))
    names = [".notdef", *(f"uni{ord(c):04X}" for c in chars)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty for name in names})
    builder.setupHorizontalMetrics({name: (500, 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": path.stem, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_glyphs_every_font_and_combining_marks(french: Project) -> None:
    fonts = french.styles_dir / "fonts"
    shutil.rmtree(fonts)
    fonts.mkdir()
    basic = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x180)))
    typography = "«»“”’…\u202f"
    make_font(fonts / "A.ttf", basic + typography + "\u0301")
    make_font(fonts / "B.ttf", basic + typography)
    [finding] = of(
        changed(french, LEFT, "Puis Khouffa est parti ; Kouffa est resté q\u0301."), "glyphs"
    )
    assert finding.message == "'◌\u0301' U+0301 COMBINING ACUTE ACCENT is missing from B.ttf"
    assert of(changed(french, LEFT, FRENCH[LEFT]), "glyphs") == []


def test_glyphs_of_the_typography(french: Project) -> None:
    fonts = french.styles_dir / "fonts"
    shutil.rmtree(fonts)
    fonts.mkdir()
    make_font(fonts / "A.ttf", "".join(map(chr, range(0x20, 0x180))) + "’…\u202f")
    findings = of(check_project(french, ["fr"]), "glyphs")
    header = [f for f in findings if "fr typography prints" in f.message]
    assert {f.message.split()[3] for f in header} == {"'“'", "'”'"}  # « » are in Latin-1
