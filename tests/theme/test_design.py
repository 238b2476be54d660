"""Design errors are design errors: each reported against the theme file (or the key of
the configuration) that causes it, before anything is written, never as a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pubkit.checks.runner import check_project
from pubkit.config import Project, load_project
from pubkit.errors import PubkitError
from pubkit.theme.files import PACKAGED, ThemeFiles
from pubkit.theme.preflight import design_problems, load_design

from ..conftest import THEME_FONTS
from ..helpers import cli_env, small_project

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#fff"/></svg>\n'
)
PNG = (  # a 1×1 white PNG
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    project = small_project(tmp_path / "project")
    monkeypatch.chdir(project.root)  # messages name the configuration as from there
    return project


def line_of(project: Project, text: str) -> int:
    """The line of the configuration that starts with ``text``."""
    lines = project.config_path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


def with_theme(project: Project, table: str) -> Project:
    """The project with a [theme] table (or its sub-tables) added to its configuration."""
    with project.config_path.open("a", encoding="utf-8") as config:
        config.write("\n" + table)
    return load_project(project.root)


def override(project: Project, name: str, text: str | bytes) -> Path:
    """A file of the project's theme folder replacing the theme's ``name``."""
    path = project.styles_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def sheet() -> str:
    return (PACKAGED / "brief.css").read_text(encoding="utf-8")


def problems(project: Project) -> list[tuple[str | None, int | None, str]]:
    return [(e.path, e.line, e.message) for e in design_problems(project)]


def only_problem(project: Project) -> tuple[str | None, int | None, str]:
    [found] = problems(project)
    with pytest.raises(PubkitError) as error:
        load_design(project)
    assert (error.value.path, error.value.line) == found[:2]
    return found


# -- the default theme, and a theme folder over it ---------------------------------------------


def test_the_default_theme_has_no_problem(project: Project) -> None:
    design = load_design(project)
    assert problems(project) == []
    assert [font.path.name for font in design.fonts] == sorted(
        (p.name for p in THEME_FONTS.glob("*.ttf") if "Mono" not in p.name), key=[
            "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf",
            "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
            "NotoSans-CondensedBlack.ttf",
        ].index
    )  # fmt: skip
    assert design.font_names == () and design.css(for_pdf=True) == ""
    assert design.record()["overrides"] == {}


def test_a_theme_folder_without_fonts_prints_with_the_themes(project: Project) -> None:
    """Once a crash (no fonts folder: Pango-CRITICAL and SIGSEGV): the theme's fonts are
    used for every file the folder does not replace."""
    override(project, "brief.css", sheet() + "p { color: #333 }\n")
    design = load_design(project)
    assert len(design.fonts) == 7 and all(f.root == PACKAGED for f in design.fonts)
    assert list(design.record()["overrides"]) == ["styles/brief.css"]
    files = ThemeFiles(project.styles_dir, project.root)
    found = files.find("brief.css")
    assert found is not None and not found.packaged and found.shown == "styles/brief.css"
    packaged = files.find("print.css")
    assert packaged is not None and packaged.shown == "pubkit/theme/default/print.css"
    assert files.find("../pubkit.toml") is None and files.find("/etc/passwd") is None


# -- the theme's files -----------------------------------------------------------------------


def test_a_misspelt_font_path_names_its_line(project: Project) -> None:
    text = sheet().replace("fonts/NotoSerif-Bold.ttf", "fonts/NotoSerif-Blod.ttf")
    override(project, "brief.css", text)
    line = text[: text.index("Blod")].count("\n") + 1
    path, at, message = only_problem(project)
    assert (path, at) == ("styles/brief.css", line)
    assert message == (
        "the stylesheet asks for 'fonts/NotoSerif-Blod.ttf', which the theme does not have "
        "(no file 'fonts/NotoSerif-Blod.ttf': a misspelt name?)"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/track.png",
        "file:///etc/passwd",
        "/etc/passwd",
        "../../../../etc/passwd",
        "//example.org/x.css",
    ],
)
def test_a_stylesheet_that_asks_for_anything_else_names_its_line(
    project: Project, url: str
) -> None:
    override(
        project, "print.css", f'@page {{ bleed: 3mm; }}\n.cover {{ background: url("{url}") }}\n'
    )
    path, line, message = only_problem(project)
    assert (path, line) == ("styles/print.css", 2)
    assert message.startswith(f"the stylesheet asks for {url!r}: pubkit reads only the theme's")


def test_a_missing_imported_stylesheet(project: Project) -> None:
    override(project, "print.css", '@import "extra.css";\n@page { bleed: 3mm; marks: crop; }\n')
    path, line, message = only_problem(project)
    assert (path, line) == ("styles/print.css", 1)
    assert "asks for 'extra.css', which the theme does not have" in message


def test_an_unreadable_stylesheet_and_template(project: Project) -> None:
    override(project, "print.css", b"@page { bleed: 3mm }\n/* caf\xe9 */\n")
    override(project, "brief.html.j2", b"<html>\n\xff\n")
    assert sorted(problems(project)) == [
        ("styles/brief.html.j2", 2, "template is not valid UTF-8"),
        ("styles/print.css", 2, "stylesheet is not valid UTF-8"),
    ]


def test_a_template_syntax_error_names_its_line(project: Project) -> None:
    text = (PACKAGED / "brief.html.j2").read_text(encoding="utf-8")
    override(
        project, "brief.html.j2", text.replace("{% endfor %}\n  </ol>", "{% endfro %}\n  </ol>")
    )
    line = text[: text.index("{% endfor %}\n  </ol>")].count("\n") + 1
    path, at, message = only_problem(project)
    assert (path, at) == ("styles/brief.html.j2", line)
    assert message.startswith("template error: Encountered unknown tag 'endfro'")


def test_a_font_that_is_no_font(project: Project) -> None:
    override(project, "fonts/NotoSans-Bold.ttf", "not a font\n")
    path, line, message = only_problem(project)
    assert (path, line) == ("styles/fonts/NotoSans-Bold.ttf", None)
    assert message.startswith("not a font pubkit can read")


def test_a_stylesheet_without_fonts(project: Project) -> None:
    override(project, "brief.css", "p { color: red }\n")
    assert problems(project) == [
        ("brief.css", None, "the theme's stylesheets declare no font (@font-face)")
    ]


def test_every_problem_is_listed_and_the_first_refused(project: Project) -> None:
    override(project, "print.css", '@import "a.css";\n@import "b.css";\n')
    assert [line for _, line, _ in problems(project)] == [1, 2]
    with pytest.raises(PubkitError, match=r"\(and 1 more design problem\(s\): 'pubkit check'"):
        load_design(project)
    findings = [f for f in check_project(project) if f.check == "design"]
    assert [(f.path, f.line, f.severity, f.lang) for f in findings] == [
        ("styles/print.css", 1, "error", None),
        ("styles/print.css", 2, "error", None),
    ]


# -- the files the options name --------------------------------------------------------------


def test_a_missing_logo_and_font_name_their_key(project: Project) -> None:
    project = with_theme(
        project, '[theme]\nlogo = "design/logo.svg"\n\n[theme.fonts]\nserif = "fonts/Lora.ttf"\n'
    )
    assert problems(project) == [
        ("pubkit.toml", line_of(project, "logo"), "theme.logo: 'design/logo.svg' does not exist"),
        (
            "pubkit.toml",
            line_of(project, "serif"),
            "theme.fonts.serif: 'fonts/Lora.ttf' does not exist",
        ),
    ]


def test_a_logo_linked_out_is_refused_at_its_key(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "logo.svg"
    outside.write_text(SVG, encoding="utf-8")
    (project.root / "logo.svg").symlink_to(outside)
    # The configuration already refuses a path that leads out of the project.
    with pytest.raises(PubkitError, match="logo must stay inside the project folder"):
        with_theme(project, '[theme]\nlogo = "logo.svg"\n')
    (project.root / "logo.svg").unlink()
    (project.root / "inner.svg").write_text(SVG, encoding="utf-8")
    (project.root / "logo.svg").symlink_to("inner.svg")  # inside, but a link all the same
    [(path, line, message)] = problems(load_project(project.root))
    assert (path, line) == ("pubkit.toml", line_of(project, "logo"))
    assert message.startswith("theme.logo: logo.svg: logo is a symbolic link (to inner.svg)")


@pytest.mark.parametrize(
    ("name", "data", "where", "message"),
    [
        ("logo.gif", b"GIF89a", ("pubkit.toml", 19), "theme.logo: logo.gif: a logo must be an"),
        ("logo.png", b"<svg/>", ("pubkit.toml", 19), "theme.logo: logo.png: not a PNG image"),
        ("logo.svg", b"\xff\xfe", ("pubkit.toml", 19), "theme.logo: logo.svg: an SVG image must"),
        ("logo.svg", b"<html/>", ("pubkit.toml", 19), "theme.logo: logo.svg: not an SVG image"),
        (
            "logo.svg",
            b'<svg>\n<image href="file:///etc/passwd"/>\n</svg>',
            ("logo.svg", 2),
            "the logo refers to 'file:///etc/passwd': embed it",
        ),
        (
            "logo.svg",
            b"<svg>\n<style>rect { fill: url(https://example.org/x) }</style>\n</svg>",
            ("logo.svg", 2),
            "the logo refers to 'https://example.org/x'",
        ),
    ],
)
def test_a_logo_must_be_an_image_pubkit_can_embed(
    project: Project, name: str, data: bytes, where: tuple[str, int], message: str
) -> None:
    (project.root / name).write_bytes(data)
    project = with_theme(project, f'[theme]\nlogo = "{name}"\n')
    [(path, line, found)] = problems(project)
    if where[0] == "pubkit.toml":
        where = ("pubkit.toml", line_of(project, "logo"))
    assert (path, line) == where
    assert found.startswith(message), found


def test_a_configured_font_that_is_no_font(project: Project) -> None:
    (project.root / "fonts").mkdir()
    (project.root / "fonts" / "Lora.ttf").write_text("no font", encoding="utf-8")
    project = with_theme(project, '[theme.fonts]\nsans = { regular = "fonts/Lora.ttf" }\n')
    [(path, line, message)] = problems(project)
    assert (path, line) == ("pubkit.toml", line_of(project, "sans"))
    assert message.startswith("theme.fonts.sans.regular: fonts/Lora.ttf: not a font pubkit")


def test_the_options_files_and_names(project: Project) -> None:
    (project.root / "fonts").mkdir()
    for name in ("Regular", "Bold"):
        font = THEME_FONTS / f"NotoSans-{name}.ttf"
        (project.root / "fonts" / f"Own-{name}.ttf").write_bytes(font.read_bytes())
    (project.root / "logo.png").write_bytes(PNG)
    project = with_theme(
        project,
        '[theme]\nlogo = "logo.png"\npaper = "A5"\n\n[theme.colours]\nbrand = "#0b5394"\n\n'
        '[theme.fonts.serif]\nregular = "fonts/Own-Regular.ttf"\nbold = "fonts/Own-Bold.ttf"\n',
    )
    design = load_design(project)
    # The theme's serif is replaced: the glyph check reads the project's font instead.
    names = [font.shown for font in design.fonts]
    assert "fonts/Own-Regular.ttf" in names and "fonts/Own-Bold.ttf" in names
    assert not any("NotoSerif" in name for name in names)
    assert design.font_names == ("Noto Sans",)
    assert [asset.name for asset in design.assets()] == [
        "theme/fonts/Own-Bold.ttf",
        "theme/fonts/Own-Regular.ttf",
        "theme/logo.png",
    ]
    logo = design.logo(for_pdf=True)
    assert logo is not None and logo.startswith("data:image/png;base64,iVBORw0KGgo")
    assert design.logo(for_pdf=False) == "assets/theme/logo.png"
    web = design.css(for_pdf=False)
    assert 'url("assets/theme/fonts/Own-Regular.ttf")' in web and "--brand: #0b5394;" in web
    pdf = design.css(for_pdf=True)
    assert f'url("{(project.root / "fonts" / "Own-Bold.ttf").as_uri()}")' in pdf
    record = design.record()
    assert record["options"]["paper"] == "A5" and len(record["sha256"]) == 64
    before = record["sha256"]
    (project.root / "logo.png").write_bytes(PNG + b"\0")
    assert load_design(project).record()["sha256"] != before  # the hash follows the files


# -- through the command line: nothing written, no crash ---------------------------------------


def pubkit(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pubkit", *args],
        cwd=project.root,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


def assert_nothing_written(project: Project) -> None:
    files = (
        [p for p in project.dist_dir.rglob("*") if p.is_file()] if project.dist_dir.exists() else []
    )
    assert [p for p in files if p.name != ".pubkit-release.lock"] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "case", ["misspelt font path", "stylesheet gone", "template broken", "logo missing"]
)
def test_cli_design_errors_stop_build_and_release(project: Project, case: str) -> None:
    if case == "misspelt font path":
        override(project, "brief.css", sheet().replace("NotoSans-Bold.ttf", "NotoSans-Bodl.ttf"))
        where = "pubkit: styles/brief.css:9: the stylesheet asks for 'fonts/NotoSans-Bodl.ttf'"
    elif case == "stylesheet gone":
        override(project, "print.css", '@import "bleed.css";\n')
        where = "pubkit: styles/print.css:1: the stylesheet asks for 'bleed.css'"
    elif case == "template broken":
        override(project, "brief.html.j2", "<html>\n{% if x %}\n</html>\n")
        where = "pubkit: styles/brief.html.j2:3: template error: Unexpected end of template"
    else:
        project = with_theme(project, '[theme]\nlogo = "logo.svg"\n')
        where = f"pubkit: pubkit.toml:{line_of(project, 'logo')}: theme.logo: 'logo.svg' does not"
    for command in (["build"], ["build", "--format", "html"], ["release", "--version", "1"]):
        done = pubkit(project, *command)
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and "CRITICAL" not in done.stderr
        assert done.stderr.startswith(where), done.stderr
        assert_nothing_written(project)
    done = pubkit(project, "check")
    assert done.returncode == 1 and "error: [design]" in done.stdout
    assert where.removeprefix("pubkit: ").split(": ")[0] in done.stdout


@pytest.mark.slow
def test_cli_a_refused_fetch_stops_a_release_and_a_build(project: Project) -> None:
    """What only the render finds (here a template of the project's that names a file
    outside): reported as build reports it, and nothing is written."""
    template = (PACKAGED / "brief.html.j2").read_text(encoding="utf-8")
    override(
        project, "brief.html.j2", template.replace("</body>", '<img src="/etc/hostname">\n</body>')
    )
    for command in (
        ["release", "--version", "1"],
        ["build", "--format", "pdf", "--format", "html"],
    ):
        done = pubkit(project, *command)
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert done.stderr.startswith(
            "pubkit: styles/brief.html.j2: the design asks for what pubkit refuses to fetch"
        ), done.stderr
        assert "file:///etc/hostname" in done.stderr
        assert_nothing_written(project)
    assert not any(project.render_cache_dir.glob("*.json"))  # nor cached


@pytest.mark.slow
def test_cli_no_fonts_folder_is_no_crash(project: Project) -> None:
    """A theme folder with a stylesheet and no fonts/ once ended in a segmentation fault."""
    override(project, "brief.css", sheet())
    assert not (project.styles_dir / "fonts").exists()
    done = pubkit(project, "build", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "CRITICAL" not in done.stderr
    assert (project.dist_dir / "brief-en.pdf").is_file()


def test_no_font_to_print_with_is_an_error(tmp_path: Path) -> None:
    from pubkit.render.pdf import render_pdfs

    empty = tmp_path / "fonts"
    empty.mkdir()
    with pytest.raises(PubkitError, match="the fonts folder holds no font to print with"):
        render_pdfs("<p>x</p>", tmp_path, [tmp_path], empty, ["screen"])


def test_a_theme_without_a_stylesheet_names_where_it_looked(tmp_path: Path) -> None:
    """A broken installation: the packaged theme lacks print.css."""
    package = tmp_path / "default"
    package.mkdir()
    (package / "brief.css").write_text("p {}", encoding="utf-8")
    files = ThemeFiles(tmp_path / "project" / "styles", tmp_path / "project", package)
    with pytest.raises(PubkitError) as error:
        files.get("print.css", "stylesheet")
    assert str(error.value) == (
        "pubkit/theme/default/print.css: the theme has no stylesheet 'print.css' (looked in "
        "styles/ and in pubkit's default theme)"
    )
    assert files.find("brief.css") is not None
