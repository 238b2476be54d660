"""glyphs: every printed character, and capital, in every font of the edition."""

from __future__ import annotations

from pathlib import Path

from pubkit.checks import glyphs
from pubkit.checks.runner import check_project
from pubkit.config import Project, load_project
from pubkit.render.fonts import Fonts

from .conftest import (
    FRENCH,
    HEADING,
    LEFT,
    changed,
    line_of,
    memory_catalog,
    messages,
    of,
    translate,
)


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


def with_fonts(project: Project, serif: str, sans: str) -> Project:
    """The project printed with its own fonts (``fonts/A.ttf``…): the serif for the body,
    the sans for the rest; the default theme's are then used nowhere."""
    with (project.config_path).open("a", encoding="utf-8") as config:
        config.write(f'\n[theme.fonts]\nserif = "{serif}"\nsans = "{sans}"\ndisplay = "{sans}"\n')
    return load_project(project.root)


def test_glyphs_every_font_and_combining_marks(french: Project) -> None:
    fonts = french.root / "fonts"
    fonts.mkdir()
    basic = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x180)))
    typography = "«»“”’…\u202f"
    make_font(fonts / "A.ttf", basic + typography + "\u0301")
    make_font(fonts / "B.ttf", basic + typography)
    french = with_fonts(french, "fonts/A.ttf", "fonts/B.ttf")
    [finding] = of(
        changed(french, LEFT, "Puis Khouffa est parti ; Kouffa est resté q\u0301."), "glyphs"
    )
    assert finding.message == "'◌\u0301' U+0301 COMBINING ACUTE ACCENT is missing from B.ttf"
    assert of(changed(french, LEFT, FRENCH[LEFT]), "glyphs") == []


def test_glyphs_of_the_typography_are_a_design_error(french: Project) -> None:
    fonts = french.root / "fonts"
    fonts.mkdir()
    make_font(fonts / "A.ttf", "".join(map(chr, range(0x20, 0x180))) + "’…\u202f")
    french = with_fonts(french, "fonts/A.ttf", "fonts/A.ttf")
    findings = of(check_project(french, ["fr"]), "glyphs")
    [design] = [f for f in findings if f.path.endswith("A.ttf")]
    assert (design.path, design.line, design.severity, design.lang) == (
        "fonts/A.ttf",
        0,
        "error",
        "fr",
    )
    assert design.message == (
        "the design's font lacks '“' U+201C LEFT DOUBLE QUOTATION MARK, '”' U+201D RIGHT "
        "DOUBLE QUOTATION MARK, which fr typography prints: choose a font that has them"
    )
    # nothing of it is filed against the translator's catalog
    assert not [f for f in findings if f.path.endswith(".po") and "typography" in f.message]


def test_a_font_without_the_narrow_space_is_fr_and_bm_only(french: Project) -> None:
    fonts = french.root / "fonts"
    fonts.mkdir()
    make_font(fonts / "A.ttf", "".join(map(chr, range(0x20, 0x180))) + "’…“”‘")
    french = with_fonts(french, "fonts/A.ttf", "fonts/A.ttf")
    findings = check_project(french)
    design = sorted((f.path, f.lang) for f in findings if f.line == 0)
    assert design == [("fonts/A.ttf", "bm"), ("fonts/A.ttf", "fr")]  # not en
    assert all("U+202F NARROW NO-BREAK SPACE" in f.message for f in findings if f.line == 0)


# -- in memory ------------------------------------------------------------------------------


def fonts_with(tmp_path: Path, **cmaps: str) -> Fonts:
    """Fonts named by the keywords, mapping exactly the characters given."""
    fonts = Fonts(tmp_path / "no-fonts")
    fonts.cmaps = [(f"{name}.ttf", frozenset(map(ord, chars))) for name, chars in cmaps.items()]
    return fonts


def test_glyphs_rule_in_memory(tmp_path: Path) -> None:
    fonts = fonts_with(tmp_path, A="PpourqiBamkɑ ?", B="PpourqiBamkɑ ?ƱU")
    ctx = memory_catalog(fonts=fonts)
    check = glyphs.check_glyphs
    assert messages(check, LEFT, "Pourqui ɑ", ctx) == []  # a paragraph prints as typed
    assert messages(check, HEADING, "Pourqui ɑ", ctx) == [  # a heading in capitals
        "'I' U+0049 LATIN CAPITAL LETTER I (capital of 'i': this text prints in capitals) "
        "is missing from all 2 fonts",
        "'O' U+004F LATIN CAPITAL LETTER O (capital of 'o': this text prints in capitals) "
        "is missing from all 2 fonts",
        "'Q' U+0051 LATIN CAPITAL LETTER Q (capital of 'q': this text prints in capitals) "
        "is missing from all 2 fonts",
        "'R' U+0052 LATIN CAPITAL LETTER R (capital of 'r': this text prints in capitals) "
        "is missing from all 2 fonts",
        "'U' U+0055 LATIN CAPITAL LETTER U (capital of 'u': this text prints in capitals) "
        "is missing from A.ttf",
        "'Ɑ' U+2C6D LATIN CAPITAL LETTER ALPHA (capital of 'ɑ': this text prints in capitals) "
        "is missing from all 2 fonts",
    ]
    assert messages(check, LEFT, "Pourqui ɑ", memory_catalog()) == []  # no fonts: no check


def test_glyphs_of_entries_the_source_no_longer_has(tmp_path: Path) -> None:
    """An entry the source lost keeps its role: from msgctxt, else from its comment."""
    ctx = memory_catalog(fonts=fonts_with(tmp_path, A="ab", B="abA"))
    check, heading = glyphs.check_glyphs, "Section heading (level 2); printed in capitals"
    capital = "'A' U+0041 LATIN CAPITAL LETTER A (capital of 'a': this text prints in capitals)"
    assert messages(check, "Old", "a", ctx, comment="Paragraph") == []
    assert messages(check, "Old", "a", ctx, comment=heading) == [f"{capital} is missing from A.ttf"]
    assert messages(check, "Old", "a", ctx, msgctxt="title", comment="Title") == [
        f"{capital} is missing from A.ttf"
    ]
    assert messages(check, "Old", "a", ctx, msgctxt="paragraph", comment=heading) == []


def test_typography_characters_come_from_each_language() -> None:
    assert set(glyphs.typography_characters("fr")) == set("«»“”’…\u00a0\u202f")
    assert set(glyphs.typography_characters("de")) == set("„“‚‘’…\u00a0")
    assert set(glyphs.typography_characters("wo")) == set("“”‘’…\u00a0")  # no U+202F
    assert "\u02bc" in glyphs.typography_characters("ha")  # its letter apostrophe
