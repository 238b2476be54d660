"""The configuration: language codes pubkit cannot work in are refused when the project is
loaded, at the line of the config file that names them, never later with a traceback."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pubkit import config
from pubkit.config import Project, load_project
from pubkit.errors import PubkitError
from pubkit.locales import plurals

from .conftest import PUBKIT_TOML, MakeProject
from .helpers import cli_env
from .test_cli import assert_fails, run

HEAD = 'source-language = "en"\n\n[[publications]]\nsource = "doc.md"\ndomain = "doc"\n\n'
PYPROJECT_HEAD = (
    '[project]\nname = "x"\n\n[tool.pubkit]\nsource-language = "en"\n\n'
    '[[tool.pubkit.publications]]\nsource = "doc.md"\ndomain = "doc"\n\n'
)
NOT_IN_CLDR = "is not in CLDR (Babel "


def load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, name: str = "pubkit.toml"
) -> Project:
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # errors show the path relative to the working folder
    return load_project(tmp_path)


def error_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, name: str = "pubkit.toml"
) -> PubkitError:
    with pytest.raises(PubkitError) as caught:
        load(tmp_path, monkeypatch, text, name)
    return caught.value


# -- failing examples -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["snk", "dyu", "tmh", "son"])  # Soninke, Dyula, Tamasheq, Songhay
def test_language_not_in_cldr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    toml = HEAD + f'[languages.en]\n[languages.fr]\n\n[languages.{code}]\nfallback = ["fr"]\n'
    error = error_of(tmp_path, monkeypatch, toml)
    assert (error.path, error.line) == ("pubkit.toml", 10)
    assert error.message.startswith(f"language {code!r} {NOT_IN_CLDR}")
    assert "pubkit cannot derive its plural forms" in error.message


@pytest.mark.parametrize(
    ("code", "written"),
    [("FR", "fr"), ("Bm", "bm"), ("pt-br", "pt-BR"), ("pt_br", "pt_BR"), ("sr-latn", "sr-Latn")],
)
def test_language_code_not_canonical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, written: str
) -> None:
    error = error_of(tmp_path, monkeypatch, HEAD + f'[languages.en]\n\n[languages."{code}"]\n')
    assert (error.path, error.line) == ("pubkit.toml", 9)
    assert error.message.startswith(f"language code {code!r} must be written {written!r}")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("english", "'english' is not a language code: write an ISO 639 code"),
        ("fr FR", "'fr FR' is not a language code"),
        ("root", "'root' is not a language code"),
        ("iw", "'iw' is not a language code of CLDR (Babel "),  # Babel reads it as 'he'
        ("und", "'und' is not a language code of CLDR"),
    ],
)
def test_language_code_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, message: str
) -> None:
    error = error_of(tmp_path, monkeypatch, HEAD + f'[languages]\nen = {{}}\n"{code}" = {{}}\n')
    assert (error.path, error.line) == ("pubkit.toml", 9)
    assert error.message.startswith(message)


# CLDR 47 (Babel 2.18) gave Haitian Creole French's rule, whose 'many' uses CLDR's compact
# exponent e, which gettext cannot express: pubkit refused 'ht'. CLDR 49 (Babel 2.19) gives it
# one form. pubkit's table holds that one, so 'ht' is now accepted whatever Babel is installed.
FRENCH_CLDR_47 = {
    "one": "i = 0,1",
    "many": "e = 0 and i != 0 and i % 1000000 = 0 and v = 0 or e != 0..5",
}


def babel_rule(monkeypatch: pytest.MonkeyPatch, code: str, rules: dict[str, str]) -> None:
    """Make the installed Babel give ``code`` the plural rule ``rules``."""
    from babel import Locale
    from babel.plural import PluralRule

    original = Locale.plural_form

    def plural_form(locale: Locale) -> PluralRule:
        return PluralRule(rules) if str(locale) == code else original.fget(locale)

    monkeypatch.setattr(Locale, "plural_form", property(plural_form))


def test_language_in_the_table_does_not_move_with_babel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = HEAD + '[languages]\nen = {}\n"ht" = {}\n'
    assert [lang.code for lang in load(tmp_path, monkeypatch, toml).languages] == ["en", "ht"]
    babel_rule(monkeypatch, "ht", FRENCH_CLDR_47)
    with pytest.raises(PubkitError, match="operands gettext cannot express"):
        plurals.babel_plural_forms("ht")  # Babel alone would refuse it again
    assert [lang.code for lang in load(tmp_path, monkeypatch, toml).languages] == ["en", "ht"]
    assert plurals.plural_forms("ht") == "nplurals=1; plural=0;"


def test_language_outside_the_table_gettext_cannot_express(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    babel_rule(monkeypatch, "ht", FRENCH_CLDR_47)
    monkeypatch.setattr(plurals, "table", dict)  # as for a language the table does not have
    error = error_of(tmp_path, monkeypatch, HEAD + '[languages]\nen = {}\n"ht" = {}\n')
    assert (error.path, error.line) == ("pubkit.toml", 9)
    assert error.message.startswith("language 'ht': its plural rule in CLDR (Babel ")


def test_language_in_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = PYPROJECT_HEAD + "[tool.pubkit.languages.en]\nthreshold = 100\n\n"
    toml += "[tool.pubkit.languages.snk]\nthreshold = 50\n"
    error = error_of(tmp_path, monkeypatch, toml, "pyproject.toml")
    assert (error.path, error.line) == ("pyproject.toml", 14)
    assert NOT_IN_CLDR in error.message
    dotted = PYPROJECT_HEAD.replace('source-language = "en"\n', "languages.tmh.threshold = 9\n")
    error = error_of(tmp_path, monkeypatch, dotted, "pyproject.toml")
    assert (error.path, error.line) == ("pyproject.toml", 5)
    assert error.message.startswith(f"language 'tmh' {NOT_IN_CLDR}")


def test_source_language_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = error_of(tmp_path, monkeypatch, "\n" + HEAD.replace('"en"', '"dyu"'))
    assert (error.path, error.line) == ("pubkit.toml", 2)
    assert error.message.startswith(f"language 'dyu' {NOT_IN_CLDR}")


FR = "[languages.fr]\n"
OF_FR = "of language 'fr' must be"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            FR + "threshold = 'all'",
            f"threshold {OF_FR} a number between 0 and 100 (got text 'all')",
        ),
        (FR + "threshold = 120", f"threshold {OF_FR} between 0 and 100 (got 120)"),
        (FR + "threshold = nan", f"threshold {OF_FR} between 0 and 100 (got nan)"),
        (FR + "fallback = 'en'", f"fallback {OF_FR} an array of language codes (got text 'en')"),
        (FR + "fallback = ['en', 5]", f"fallback {OF_FR} a language code (got a number 5)"),
        (FR + "fallback = ['en', 'en']", "fallback of language 'fr' names 'en' twice"),
        (FR + "colour = 'red'", "unknown key(s) for language 'fr': colour (known: fallback, "),
        (FR + "fonts = 'x'", "unknown key(s) for language 'fr': fonts"),
        ("[languages]\nfr = 3", "language 'fr' must be a table of options (got a number 3)"),
        ("[languages]\nfr = 0", "language 'fr' must be a table of options"),
        (FR + "fallback = ['bm']", "language 'fr' falls back to 'bm', which is not configured"),
        (FR + "fallback = ['fr']", "language 'fr' falls back to itself"),
    ],
)
def test_bad_language_options_name_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, message: str
) -> None:
    error = error_of(tmp_path, monkeypatch, HEAD + table + "\n")
    assert (error.path, error.line) == ("pubkit.toml", 8)
    assert error.message.startswith(message), error.message


# Every key is checked against the schema (pubkit.config.CONFIGURATION) when the project
# is loaded: its type, its range, that its path stays inside the project; the error names
# the line of the key (or of the table that lacks it).
PUBLICATION = '[[publications]]\nsource = "doc.md"\ndomain = "doc"\n'


def doc_domain(value: str) -> str:
    return PUBLICATION.replace('"doc"', value)


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        ("publications = [1]\n", 1, "publication 1 must be a table of options (got a number 1)"),
        ("publications = []\n", 1, "publications is empty: configure at least one publication"),
        ("publications = 'doc.md'\n", 1, "publications must be an array of tables (got text"),
        ('source-language = "en"\n', None, "the configuration needs 'publications': one table"),
        ("source-language = 5\n" + PUBLICATION, 1, "source-language must be a language code"),
        ("locale-dir = 5\n" + PUBLICATION, 1, "locale-dir must be the path of a folder, relative"),
        ("styles-dir = []\n" + PUBLICATION, 1, "styles-dir must be the path of a folder"),
        ("glossary = true\n" + PUBLICATION, 1, "glossary must be the path of a file, relative"),
        ('glossary = ""\n' + PUBLICATION, 1, "glossary must not be empty"),
        ("allow-dist-outside-project = 'yes'\n" + PUBLICATION, 1, "allow-dist-outside-project"),
        ("colour = 'red'\n" + PUBLICATION, 1, "unknown configuration key(s): colour (known: "),
        ("\n" + PUBLICATION.replace('"doc.md"', "1"), 3, "source of publication 1 must be"),
        (PUBLICATION * 2, 6, "domain 'doc' is the domain of another publication"),
        (PUBLICATION + PUBLICATION[:-15], 4, "publication 2 needs 'domain': the gettext domain"),
        (PUBLICATION + "title = 'x'\n", 4, "unknown key(s) for publication 1: title (known: "),
        (doc_domain('"../../../x"'), 3, "domain of publication 1 must be a plain file name"),
        (doc_domain('"a/b"'), 3, "domain of publication 1 must be a plain file name"),
        (doc_domain('".doc"'), 3, "domain of publication 1 must be a plain file name"),
        (doc_domain('""'), 3, "domain of publication 1 must not be empty"),
        (doc_domain(f'"{"d" * 201}"'), 3, "domain of publication 1 must be at most 200 bytes long"),
        ('publications = [{source = "doc.md", domain = 7}]\n', 1, "domain of publication 1 must"),
    ],
)
def test_values_are_checked_against_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, line: int | None, message: str
) -> None:
    error = error_of(tmp_path, monkeypatch, toml)
    assert (error.path, error.line) == ("pubkit.toml", line)
    assert error.message.startswith(message), error.message


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("dist-dir", '"../../x"', "dist-dir must stay inside the project folder: '../../x' is "),
        ("dist-dir", '"/tmp/x"', "dist-dir must be relative to the project folder, not '/tmp/x' ("),
        ("locale-dir", '"/tmp"', "locale-dir must be relative to the project folder, not '/tmp'"),
        ("styles-dir", '"/"', "styles-dir must be relative to the project folder, not '/'"),
        ("styles-dir", '"styles/../.."', "styles-dir must stay inside the project folder"),
        ("glossary", '"../glossary.csv"', "glossary must stay inside the project folder"),
        ("dist-dir", '"doc.md"', "dist-dir names a file, not a folder: 'doc.md'"),
        ("dist-dir", '"doc.md/dist"', "dist-dir cannot be made: "),
        ("glossary", '"."', "glossary names a folder, not a file: '.'"),
        ("locale-dir", '"a\\u0000b"', "locale-dir must not contain control characters"),
        ("locale-dir", '"a\\nb"', "locale-dir must not contain control characters"),
        ("locale-dir", '" "', "locale-dir must not be empty"),
        ("locale-dir", '"' + "l" * 256 + '"', "locale-dir is too long for a path (at most 255"),
        ("locale-dir", '"' + "l/" * 2100 + '"', "locale-dir is too long for a path"),
    ],
)
def test_paths_stay_inside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, value: str, message: str
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "doc.md").write_text("")
    error = error_of(root, monkeypatch, f"{key} = {value}\n" + PUBLICATION)
    assert (error.path, error.line) == ("pubkit.toml", 1)
    assert error.message.startswith(message), error.message


def test_a_link_out_of_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, outside = tmp_path / "project", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "locale").symlink_to(outside)
    (root / "content").symlink_to(outside)
    error = error_of(root, monkeypatch, PUBLICATION)  # the default locale-dir, unwritten
    assert (error.path, error.line) == ("pubkit.toml", None)
    assert error.message == f"locale-dir must stay inside the project folder: 'locale' is {outside}"
    toml = 'locale-dir = "l10n"\n' + PUBLICATION.replace('"doc.md"', '"content/doc.md"')
    error = error_of(root, monkeypatch, toml)
    assert (error.path, error.line) == ("pubkit.toml", 3)
    assert error.message.startswith("source of publication 1 must stay inside the project")


def test_a_default_path_that_names_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dist").write_text("")
    error = error_of(tmp_path, monkeypatch, PUBLICATION)
    assert (error.path, error.line, error.message) == (
        "pubkit.toml",
        None,
        "dist-dir names a file, not a folder: 'dist'",
    )


def test_dist_outside_the_project_when_the_configuration_allows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    allow = "allow-dist-outside-project = true\n"
    project = load(root, monkeypatch, allow + 'dist-dir = "../site/dist"\n' + PUBLICATION)
    assert os.path.realpath(project.dist_dir) == str(tmp_path / "site" / "dist")
    project = load(root, monkeypatch, allow + f'dist-dir = "{tmp_path / "abs"}"\n' + PUBLICATION)
    assert project.dist_dir == tmp_path / "abs"
    # only dist-dir, and only when the flag comes with it
    error = error_of(root, monkeypatch, allow + 'locale-dir = "../l"\n' + PUBLICATION)
    assert (error.line, error.message) == (2, f"locale-dir must stay inside the project folder: "
                                              f"'../l' is {tmp_path / 'l'}")  # fmt: skip
    (tmp_path / "file").write_text("")
    error = error_of(root, monkeypatch, allow + 'dist-dir = "../file"\n' + PUBLICATION)
    assert (error.line, error.message) == (2, "dist-dir names a file, not a folder: '../file'")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[tool]\npubkit = 5\n", 2, "[tool.pubkit] must be a table of options (got a number 5)"),
        ("[tool]\npubkit = []\n", 2, "[tool.pubkit] must be a table of options (got an array)"),
        ("[tool.pubkit]\nlocale-dir = 5\n", 2, "locale-dir must be the path of a folder"),
        ("[tool.pubkit]\n\n[[tool.pubkit.publications]]\nsource = 1\n", 4, "source of publicat"),
        (
            '[tool.pubkit]\nlanguages.fr = 1\n[[tool.pubkit.publications]]\nsource = "doc.md"\n'
            'domain = "doc"\n',
            2,
            "language 'fr' must be a table of options",
        ),
    ],
)
def test_pyproject_values_name_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int, message: str
) -> None:
    error = error_of(tmp_path, monkeypatch, '[project]\nname = "x"\n' + text, "pyproject.toml")
    assert (error.path, error.line) == ("pyproject.toml", line + 2)
    assert error.message.startswith(message), error.message


def test_a_pyproject_whose_tool_is_not_a_table_is_not_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = error_of(tmp_path, monkeypatch, "tool = 5\n", "pyproject.toml")
    assert error.message.startswith("no pubkit project found at or above ")


def test_a_configuration_that_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = '[project]\nname = "x"\ndescription = "Caf\xe9"\n\n[tool.pubkit]\n'
    (tmp_path / "pyproject.toml").write_bytes(text.encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PubkitError) as caught:
        load_project(tmp_path)
    error = caught.value
    assert (error.path, error.line) == ("pyproject.toml", 3)
    assert error.message == "configuration is not valid UTF-8"


def test_an_unreadable_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pubkit.toml").write_text(PUBLICATION)
    monkeypatch.chdir(tmp_path)
    real = os.open

    def denied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith("pubkit.toml"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(PubkitError) as caught:
        load_project(tmp_path)
    assert str(caught.value) == "pubkit.toml: cannot read configuration: Permission denied"


def test_the_line_of_a_key_in_an_array_of_tables(tmp_path: Path) -> None:
    path = tmp_path / "pubkit.toml"
    path.write_text(
        '[[publications]]\nsource = "a"\n[publications.x]\ny = 1\n'
        '[[publications]]\ndomain = "b"\n\n[[publications]]\nsource = """\ndomain = 1\n"""\n'
        "domain = 'c'\n"
    )
    assert config._key_line(path, ("publications", 0, "source")) == 2
    assert config._key_line(path, ("publications", 0, "x", "y")) == 4
    assert config._key_line(path, ("publications", 1)) == 5
    assert config._key_line(path, ("publications", 1, "domain")) == 6
    assert config._key_line(path, ("publications", 2, "domain")) == 12
    assert config._key_line(path, ("publications", 3)) is None


# -- passing examples -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["fr", "bm", "pt-BR", "pt_BR", "sr-Latn", "zh-CN", "es-419"])
def test_known_language_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    project = load(tmp_path, monkeypatch, HEAD + f'[languages.en]\n[languages."{code}"]\n')
    assert [lang.code for lang in project.languages] == ["en", code]
    assert project.language(code).fallback == ("en",)


def test_shipped_configurations_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Path(__file__).resolve().parent.parent
    assert [lang.code for lang in load_project(repo).languages] == ["en", "fr", "bm"]
    project = load(tmp_path, monkeypatch, PUBKIT_TOML)
    assert [(lang.code, lang.threshold) for lang in project.languages] == [
        ("en", 100.0),
        ("fr", 100.0),
        ("bm", 100.0),
    ]


def test_the_folders_pubkit_writes_and_reads_come_from_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load(tmp_path, monkeypatch, 'styles-dir = "design"\n' + HEAD)
    assert project.fonts_dir == tmp_path / "design" / "fonts"
    assert project.cache_dir == tmp_path / ".pubkit-cache"
    assert project.render_cache_dir == tmp_path / ".pubkit-cache" / "renders"
    assert project.font_cache_dir == tmp_path / ".pubkit-cache" / "fonts"
    assert project.temporary_dir == tmp_path / ".pubkit-cache" / "tmp"


@pytest.mark.slow
def test_importing_the_config_does_not_import_babel() -> None:
    # pubkit --help imports the CLI, which imports pubkit.config: Babel stays out of it.
    done = subprocess.run(
        [sys.executable, "-c", "import sys, pubkit.config; print('babel' in sys.modules)"],
        env=cli_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"


# -- the command line -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("code", "command", "message"),
    [
        ("snk", ["init", "snk"], f"pubkit.toml:9: language 'snk' {NOT_IN_CLDR}"),
        ("son", ["status"], f"pubkit.toml:9: language 'son' {NOT_IN_CLDR}"),
        ("FR", ["check", "FR"], "pubkit.toml:9: language code 'FR' must be written 'fr'"),
    ],
)
def test_cli_reports_bad_language_codes(
    tmp_path: Path, code: str, command: list[str], message: str
) -> None:
    (tmp_path / "pubkit.toml").write_text(HEAD + f"[languages.en]\n\n[languages.{code}]\n")
    (tmp_path / "doc.md").write_text("---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n")
    assert_fails(run(tmp_path, *command), message)
    assert not (tmp_path / "locale").exists()


@pytest.mark.parametrize("code", ["pt-BR", "sr-Latn", "es-419"])
def test_codes_with_region_or_script_build(make_project: MakeProject, code: str) -> None:
    # Every code the check accepts must work in every command, Babel calls included.
    from pubkit.catalogs import workflow
    from pubkit.publish.build import build

    toml = PUBKIT_TOML + f'[languages."{code}"]\n'
    project = make_project("---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\nText.\n", toml)
    workflow.init(project, [code])
    [out] = build(project, langs=[code], formats=["html"])
    assert f'lang="{code}"' in out.path.read_text(encoding="utf-8")
