"""The stylesheet the theme's options make: colours, font families, paper size (with the
cover's geometry) and margins, laid over the theme's own stylesheets. Empty when the
project changes nothing, so that the default theme prints exactly as it is."""

from __future__ import annotations

from collections.abc import Callable

from pubkit.theme.options import DEFAULT_PAPER, PAPERS, ConfiguredFile, FontFamily, ThemeOptions

FAMILIES = {"serif": "Theme Serif", "sans": "Theme Sans", "display": "Theme Display"}
"""The CSS family name of each role a project sets (the default theme's are 'Brief …')."""

_FACES = (
    # weight, style, the faces that serve it, best first (the regular one last of all)
    ("400", "normal", ("regular",)),
    ("700", "normal", ("bold",)),
    ("900", "normal", ("black", "bold")),
    ("400", "italic", ("italic",)),
    ("700", "italic", ("bold-italic", "italic", "bold")),
    ("900", "italic", ("bold-italic", "black", "italic")),
)

_A5 = """\
:root { --size-body: 9.5pt; --size-lead: 11pt; --size-heading: 13pt; --size-quote: 14pt;
  --size-small: 7.5pt; --size-title: 28pt; }
.cover { padding: 15mm 14mm 17mm; }
.wordmark { font-size: 13.5pt; }
.wordmark-office { width: 30mm; font-size: 6.5pt; }
.cover-title { left: 14mm; right: 14mm; bottom: 44mm; }
.cover-subtitle { left: 14mm; right: 28mm; bottom: 27mm; font-size: 10pt; }
.cover-author { left: 14mm; bottom: 17mm; font-size: 7.5pt; }
.title-page { padding-top: 28mm; }
.title-page-title { font-size: 20pt; }
.title-page-subtitle { font-size: 10.5pt; }
.imprint { padding-top: 40mm; }
"""
"""A5 is A4 scaled by 0.7: the cover's type and insets, and the type, scaled with it."""


def theme_css(options: ThemeOptions, url: Callable[[ConfiguredFile], str]) -> str:
    """The stylesheet of ``options``, with ``url`` giving the URL of each file they name
    (a file: URI for PDFs, an asset for the HTML edition); empty for none."""
    parts = []
    properties = [(f"--{name}", value) for name, value in options.colours]
    for family in options.fonts:
        parts.append(_font_faces(family, url))
        properties.append((f"--{family.role}", _string(FAMILIES[family.role])))
    if properties:
        lines = "".join(f"  {name}: {value};\n" for name, value in properties)
        parts.insert(0, f":root {{\n{lines}}}\n")
    if options.logo is not None:
        parts.append(
            # as tall as the wordmark's three lines of type, as wide as it must be
            ".wordmark-logo { display: block; height: 16mm; width: auto; max-width: 80mm; }\n"
        )
    paper = PAPERS[options.paper or DEFAULT_PAPER]
    page = []
    if paper.name != DEFAULT_PAPER:
        page.append(f"size: {paper.width:g}mm {paper.height:g}mm;")
        parts.append(f".cover {{ height: {paper.height:g}mm; }}\n")
        if paper.name == "A5":
            parts.append(_A5)
    margins = options.margins or (paper.margins if paper.name != DEFAULT_PAPER else None)
    if margins:
        page.append(f"margin: {margins};")
    if page:
        parts.insert(0, f"@page {{ {' '.join(page)} }}\n")
    return "".join(parts)


def _font_faces(family: FontFamily, url: Callable[[ConfiguredFile], str]) -> str:
    name = _string(FAMILIES[family.role])
    return "".join(
        f"@font-face {{ font-family: {name}; src: url({_string(url(family.face(*faces)))}); "
        f"font-weight: {weight}; font-style: {style}; }}\n"
        for weight, style, faces in _FACES
    )


def _string(text: str) -> str:
    """A CSS string of ``text``: quotes, backslashes and anything but printable ASCII
    escaped, so that it cannot end the string, the rule or the ``<style>`` element."""
    escaped = "".join(
        char
        if char.isascii() and char.isprintable() and char not in '"\\<>'
        else f"\\{ord(char):x} "
        for char in text
    )
    return f'"{escaped}"'
