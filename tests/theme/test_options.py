"""The theme's configuration keys: checked like every key, each mistake at its line; and
pubkit.toml read whether its keys are at the top or under [tool.pubkit]."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubkit.config import Project, load_project
from pubkit.errors import PubkitError
from pubkit.theme.css import theme_css
from pubkit.theme.options import ConfiguredFile

HEAD = 'source-language = "en"\n\n[[publications]]\nsource = "doc.md"\ndomain = "doc"\n\n'


def load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Project:
    (tmp_path / "pubkit.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return load_project(tmp_path)


def error_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> PubkitError:
    with pytest.raises(PubkitError) as caught:
        load(tmp_path, monkeypatch, text)
    return caught.value


def test_no_theme_table_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = load(tmp_path, monkeypatch, HEAD).theme
    assert options.files() == [] and options.record(tmp_path) == {}
    assert theme_css(options, lambda file: "") == ""


def test_every_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEAD + (
        '[theme]\npaper = "letter"\nmargins = "20mm 25mm"\nwordmark = ["Fondation", "Dakar"]\n'
        'logo = "design/logo.svg"\n\n[theme.colours]\nbrand = "#0b5394"\nink = "#222"\n\n'
        '[theme.fonts]\nserif = "fonts/Serif.ttf"\n'
        'sans = { regular = "fonts/Sans.ttf", bold = "fonts/Sans-Bold.ttf" }\n'
    )
    options = load(tmp_path, monkeypatch, text).theme
    assert options.record(tmp_path) == {
        "colours": {"brand": "#0b5394", "ink": "#222"},
        "wordmark": ["Fondation", "Dakar"],
        "logo": "design/logo.svg",
        "fonts": {
            "serif": {"regular": "fonts/Serif.ttf"},
            "sans": {"regular": "fonts/Sans.ttf", "bold": "fonts/Sans-Bold.ttf"},
        },
        "paper": "letter",
        "margins": "20mm 25mm",
    }
    assert options.logo is not None
    assert (options.logo.key, options.logo.config, options.logo.line) == (
        "theme.logo",
        "pubkit.toml",
        11,
    )
    sans = options.fonts[1]
    assert sans.face("bold").path == tmp_path / "fonts/Sans-Bold.ttf"
    assert sans.face("black", "bold").path == tmp_path / "fonts/Sans-Bold.ttf"
    assert sans.face("italic").path == tmp_path / "fonts/Sans.ttf"  # the regular face
    assert [(f.key, f.line) for f in options.files()] == [
        ("theme.logo", 11),
        ("theme.fonts.serif", 18),
        ("theme.fonts.sans.regular", 19),
        ("theme.fonts.sans.bold", 19),
    ]


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ('[theme]\npaper = "B5"\n', 8, "paper must be A4, A5 or letter (got text 'B5')"),
        ('[theme]\npaper = "a4"\n', 8, "paper must be A4, A5 or letter"),
        ('[theme]\nmargins = "2cm 1"\n', 8, "margins must be one to four lengths in mm, cm"),
        ('[theme]\nmargins = "1mm 2mm 3mm 4mm 5mm"\n', 8, "margins must be one to four"),
        ('[theme]\nmargins = "20mm;}</style>"\n', 8, "margins must be one to four"),
        ('[theme.colours]\nbrand = "red"\n', 8, "brand must be a colour written #rgb or #rrggbb"),
        ('[theme.colours]\nbrand = "#12345"\n', 8, "brand must be a colour"),
        ('[theme.colours]\nbrand = "#123;}"\n', 8, "brand must be a colour"),
        ('[theme.colours]\nbrnad = "#123"\n', 8, "unknown configuration key(s): brnad"),
        ('[theme]\ncolors = { brand = "#123" }\n', 8, "unknown configuration key(s): colors"),
        ('[theme]\nlogo = "/etc/passwd"\n', 8, "logo must be relative to the project folder"),
        ('[theme]\nlogo = "../x.svg"\n', 8, "logo must stay inside the project folder"),
        ("[theme]\nwordmark = 3\n", 8, "wordmark must be text (got a number 3)"),
        ("[theme.fonts]\nserif = 3\n", 8, "serif must be a font file or a table of faces"),
        ('[theme.fonts]\nserif = { bold = "b.ttf" }\n', 8, "font family 'serif' needs 'regular'"),
        ('[theme.fonts]\nmono = "m.ttf"\n', 8, "unknown configuration key(s): mono"),
        (
            '[theme.fonts.serif]\nregular = "a.ttf"\nheavy = "b.ttf"\n',
            9,
            "unknown key(s) for font family 'serif': heavy",
        ),
    ],
)
def test_mistakes_name_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, line: int, message: str
) -> None:
    error = error_of(tmp_path, monkeypatch, HEAD + table)
    assert (error.path, error.line) == ("pubkit.toml", line), error
    assert message in error.message, error.message


def test_the_theme_domain_is_not_a_publication_domain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = error_of(tmp_path, monkeypatch, HEAD.replace('"doc"\n', '"pubkit-theme"\n'))
    assert (error.path, error.line) == ("pubkit.toml", 5)
    assert "domain 'pubkit-theme' is the theme's" in error.message


README_CONFIGURATION = """\
[tool.pubkit]
source-language = "en"
locale-dir = "locale"
styles-dir = "styles"
dist-dir = "dist"
glossary = "locale/glossary.csv"

[[tool.pubkit.publications]]
source = "content/mali-islamists-rise.md"
domain = "mali-islamists-rise"

[tool.pubkit.languages.bm]
fallback = ["fr", "en"]
threshold = 100

[tool.pubkit.languages.fr]

[tool.pubkit.theme]
paper = "letter"
"""


def test_the_readme_configuration_works_in_pubkit_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copied from a pyproject.toml, with its [tool.pubkit] headers, into pubkit.toml."""
    project = load(tmp_path, monkeypatch, README_CONFIGURATION)
    assert [lang.code for lang in project.languages] == ["en", "bm", "fr"]
    assert project.theme.paper == "letter"
    error = error_of(tmp_path, monkeypatch, README_CONFIGURATION.replace("dist-dir", "dist-dri"))
    assert (error.path, error.line) == ("pubkit.toml", 5)
    # Either form, never both: top-level keys beside [tool.pubkit] are unknown keys.
    error = error_of(tmp_path, monkeypatch, 'glossary = "g.csv"\n' + README_CONFIGURATION)
    assert "unknown configuration key(s): tool" in error.message


def test_a_configured_file_error_names_the_key() -> None:
    file = ConfiguredFile(Path("logo.svg"), "theme.logo", "pubkit.toml", 12)
    error = file.error("'logo.svg' does not exist")
    assert str(error) == "pubkit.toml:12: theme.logo: 'logo.svg' does not exist"
