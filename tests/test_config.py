"""The configuration: language codes pubkit cannot work in are refused when the project is
loaded, at the line of the config file that names them, never later with a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ("[languages.fr]\nthreshold = 'all'\n", 7, "threshold of 'fr' must be a number"),
        ("[languages.fr]\nthreshold = 120\n", 7, "threshold of 'fr' must be between 0 and 100"),
        ("[languages.fr]\nfallback = 'en'\n", 7, "fallback of 'fr' must be a list"),
        ("[languages.fr]\ncolour = 'red'\n", 7, "unknown key(s) for language 'fr': colour"),
        ("[languages]\nfr = 3\n", 8, "language 'fr' must be a table of options"),
        ("[languages.fr]\nfallback = ['bm']\n", 7, "language 'fr' falls back to 'bm', which is"),
    ],
)
def test_bad_language_options_name_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, line: int, message: str
) -> None:
    error = error_of(tmp_path, monkeypatch, HEAD + table)
    assert (error.path, error.line) == ("pubkit.toml", line)
    assert error.message.startswith(message)


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
