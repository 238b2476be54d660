"""The stylesheet the theme's options make: nothing for none, and only safe CSS."""

from __future__ import annotations

from pathlib import Path

from pubkit.theme.css import theme_css
from pubkit.theme.options import ConfiguredFile, FontFamily, ThemeOptions


def file(name: str) -> ConfiguredFile:
    return ConfiguredFile(Path("/p") / name, "theme.x", "pubkit.toml", 1)


def url(found: ConfiguredFile) -> str:
    return "file://" + found.path.as_posix()


def test_nothing_set_nothing_made() -> None:
    assert theme_css(ThemeOptions(), url) == ""
    assert theme_css(ThemeOptions(paper="A4"), url) == ""  # A4 is the theme's own


def test_colours_and_margins() -> None:
    css = theme_css(ThemeOptions(colours=(("brand", "#0b5394"),), margins="20mm"), url)
    assert css == "@page { margin: 20mm; }\n:root {\n  --brand: #0b5394;\n}\n"


def test_the_paper_size_moves_the_page_the_cover_and_the_margins() -> None:
    letter = theme_css(ThemeOptions(paper="letter"), url)
    assert "@page { size: 215.9mm 279.4mm; margin: 24mm 32mm 26mm 32mm; }" in letter
    assert ".cover { height: 279.4mm; }" in letter
    a5 = theme_css(ThemeOptions(paper="A5", margins="15mm"), url)
    assert "@page { size: 148mm 210mm; margin: 15mm; }" in a5
    assert ".cover { height: 210mm; }" in a5 and "--size-title: 28pt" in a5


def test_fonts_are_declared_for_every_weight_and_style() -> None:
    family = FontFamily("serif", (("regular", file("R.ttf")), ("bold", file("B.ttf"))))
    css = theme_css(ThemeOptions(fonts=(family,)), url)
    assert '--serif: "Theme Serif";' in css
    faces = [line for line in css.splitlines() if line.startswith("@font-face")]
    assert len(faces) == 6
    assert 'src: url("file:///p/B.ttf"); font-weight: 700; font-style: normal;' in css
    assert 'src: url("file:///p/R.ttf"); font-weight: 400; font-style: italic;' in css


def test_a_url_cannot_end_the_string_the_rule_or_the_element() -> None:
    family = FontFamily("sans", (("regular", file('a"b</style><script>.ttf')),))
    css = theme_css(ThemeOptions(fonts=(family,)), url)
    assert "</style" not in css and "<script" not in css
    assert 'url("file:///p/a\\22 b\\3c /style\\3e \\3c script\\3e .ttf")' in css
