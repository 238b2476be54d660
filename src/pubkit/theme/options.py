"""The theme's configuration keys (``[theme]``): colours, wordmark or logo, fonts, paper
size and margins, checked by the configuration's schema like every other key."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pubkit.errors import PubkitError
from pubkit.schema import ByType, Key, KeyPath, ListOf, ProjectPath, Table, Text

COLOURS = {
    "brand": "the brand colour: cover, headings, pull quotes, page numbers",
    "brand-dark": "the darker brand colour of the draft and partial notes",
    "ink": "the text",
    "muted": "secondary text: running titles, the author's note, the colophon",
    "paper": "the page, and the text on the cover",
    "rule": "light rules",
}
"""Each colour of the default theme (a CSS custom property of brief.css) and what it paints."""

ROLES = {
    "serif": "the body text",
    "sans": "the lead, the imprint, the cover's subtitle and author",
    "display": "titles, headings, pull quotes and the wordmark (printed in black weight)",
}
"""The font families the default theme uses, by role (CSS custom properties of brief.css)."""

FACES = ("regular", "bold", "italic", "bold-italic", "black")
"""The faces a family may give; the regular one is required, the others fall back to it."""


@dataclass(frozen=True)
class Paper:
    """A paper size: the trim size in millimetres, and the page margins the default theme
    uses with it (top, right, bottom, left)."""

    name: str
    width: float
    height: float
    margins: str


PAPERS = {
    paper.name: paper
    for paper in (
        Paper("A4", 210, 297, "26mm 32mm 28mm 32mm"),
        Paper("letter", 215.9, 279.4, "24mm 32mm 26mm 32mm"),
        Paper("A5", 148, 210, "18mm 20mm 20mm 20mm"),
    )
}
DEFAULT_PAPER = "A4"


@dataclass(frozen=True)
class ConfiguredFile:
    """A file a theme key names: its path, the key (``theme.logo``) and where it is written
    (the configuration file and line), for errors about it."""

    path: Path
    key: str
    config: str
    line: int | None

    def error(self, message: str) -> PubkitError:
        return PubkitError(f"{self.key}: {message}", self.config, self.line)


@dataclass(frozen=True)
class FontFamily:
    """A family the project sets for one role: its files by face (``regular`` first)."""

    role: str
    faces: tuple[tuple[str, ConfiguredFile], ...]

    def face(self, *wanted: str) -> ConfiguredFile:
        """The first of the ``wanted`` faces the family has, else its regular face."""
        given = dict(self.faces)
        return next((given[name] for name in wanted if name in given), given["regular"])


@dataclass(frozen=True)
class ThemeOptions:
    """What the project changes of the theme; None or empty: the theme's own."""

    colours: tuple[tuple[str, str], ...] = ()
    wordmark: tuple[str, ...] | None = None
    logo: ConfiguredFile | None = None
    fonts: tuple[FontFamily, ...] = ()
    paper: str | None = None
    margins: str | None = None

    def files(self) -> list[ConfiguredFile]:
        """Every file the options name: the logo and each font."""
        found = [self.logo] if self.logo is not None else []
        return found + [file for family in self.fonts for _, file in family.faces]

    def record(self, root: Path) -> dict[str, Any]:
        """The options as the manifest records them (the keys set only)."""

        def name(file: ConfiguredFile) -> str:
            return file.path.relative_to(root).as_posix()

        record: dict[str, Any] = {}
        if self.colours:
            record["colours"] = dict(self.colours)
        if self.wordmark is not None:
            record["wordmark"] = list(self.wordmark)
        if self.logo is not None:
            record["logo"] = name(self.logo)
        if self.fonts:
            record["fonts"] = {
                family.role: {face: name(file) for face, file in family.faces}
                for family in self.fonts
            }
        if self.paper is not None:
            record["paper"] = self.paper
        if self.margins is not None:
            record["margins"] = self.margins
        return record


# -- the schema -----------------------------------------------------------------------------

_COLOUR = Text(
    kind="a colour written #rgb or #rrggbb",
    pattern=re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?"),
)
_LENGTH = r"[0-9]{1,4}(?:\.[0-9]{1,3})?(?:mm|cm|in|pt)"
_MARGINS = Text(
    kind="one to four lengths in mm, cm, in or pt, separated by a space ('20mm', or top, "
    "right, bottom and left: '26mm 32mm 28mm 32mm')",
    pattern=re.compile(rf"{_LENGTH}(?: {_LENGTH}){{0,3}}"),
)
_LINE = Text(kind="one line of text", max_bytes=200)
_FONT_FILE = ProjectPath(folder=False)
_FACES = Table(
    tuple(
        Key(face, _FONT_FILE, required=face == "regular", description=f"the {face} face")
        for face in FACES
    ),
    name=lambda role: f"font family {role!r}",
)

THEME = Table(
    (
        Key(
            "colours",
            Table(tuple(Key(name, _COLOUR, None, meaning) for name, meaning in COLOURS.items())),
            None,
            "the theme's colours to change (brand, brand-dark, ink, muted, paper, rule)",
        ),
        Key(
            "wordmark",
            ByType(((str, _LINE), (list, ListOf(_LINE, kind="an array of lines"))), "text"),
            None,
            "the cover's wordmark, as text or an array of lines (default: the publisher, "
            "a line for each part between hyphens)",
        ),
        Key(
            "logo", ProjectPath(folder=False), None, "an SVG or PNG printed instead of the wordmark"
        ),
        Key(
            "fonts",
            Table(
                tuple(
                    Key(
                        role,
                        ByType(
                            ((str, _FONT_FILE), (dict, _FACES)), "a font file or a table of faces"
                        ),
                        None,
                        f"the family of {meaning}",
                    )
                    for role, meaning in ROLES.items()
                )
            ),
            None,
            "font families to use instead of the theme's: a file, or a table of faces",
        ),
        Key(
            "paper",
            Text(kind="A4, A5 or letter", pattern=re.compile("|".join(PAPERS))),
            None,
            "the paper size (default A4); cover, trim, bleed and crop marks follow it",
        ),
        Key("margins", _MARGINS, None, "the page margins (default: the paper size's)"),
    )
)
"""The ``[theme]`` table (``[tool.pubkit.theme]`` in pyproject.toml)."""

Where = Callable[[KeyPath], tuple[str, int | None]]
"""The configuration file and line that write a key path of the ``[theme]`` table."""


def theme_options(values: dict[str, Any] | None, where: Where) -> ThemeOptions:
    """The options of a checked ``[theme]`` table (None: not written)."""
    if values is None:
        return ThemeOptions()

    def configured(path: Path, *keys: str) -> ConfiguredFile:
        config, line = where(keys)
        return ConfiguredFile(path, "theme." + ".".join(keys), config, line)

    colours = tuple((name, value) for name, value in (values["colours"] or {}).items() if value)
    wordmark = values["wordmark"]
    if isinstance(wordmark, str):
        wordmark = (wordmark,)
    families = []
    for role, given in (values["fonts"] or {}).items():
        if given is None:
            continue
        faces: tuple[tuple[str, ConfiguredFile], ...]
        if isinstance(given, Path):
            faces = (("regular", configured(given, "fonts", role)),)
        else:
            faces = tuple(
                (face, configured(path, "fonts", role, face))
                for face, path in given.items()
                if path is not None
            )
        families.append(FontFamily(role, faces))
    logo = values["logo"]
    return ThemeOptions(
        colours=colours,
        wordmark=wordmark,
        logo=configured(logo, "logo") if logo is not None else None,
        fonts=tuple(families),
        paper=values["paper"],
        margins=values["margins"],
    )
