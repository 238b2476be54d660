"""The command line's manners: -q/-v and --project after every command, --strict, colour
only on a terminal and never with NO_COLOR, --format json on every reporting command
(the keys docs/json-schema.md documents), export/import/diff from the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from pubkit.cli import cli
from pubkit.config import Project

from .conftest import REPO, set_msgstr
from .helpers import SUPPORT, TOWNS, cli_env, rendered_cache, small_project

ANSI = re.compile("\x1b\\[[0-9;]*m")
COMMANDS = sorted(cli.commands)  # type: ignore[attr-defined]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return small_project(tmp_path / "project")


def invoke(project: Project, *args: str, **kwargs: Any) -> Result:
    return CliRunner().invoke(cli, [*args, "--project", str(project.root)], **kwargs)


@pytest.mark.parametrize("name", [name for name in COMMANDS if name != "new"])
def test_every_command_takes_the_common_options(name: str) -> None:
    """Every command that works in a project ('new' makes one: it takes a folder)."""
    command = cli.commands[name]  # type: ignore[attr-defined]
    options = {opt for param in command.params for opt in getattr(param, "opts", [])}
    assert {"--project", "-q", "--quiet", "-v", "--verbose"} <= options, name


@pytest.mark.parametrize(
    "name", ["extract", "init", "update", "status", "review", "check", "release", "import", "diff"]
)
def test_every_reporting_command_speaks_json(name: str) -> None:
    command = cli.commands[name]  # type: ignore[attr-defined]
    [fmt] = [p for p in command.params if "--format" in getattr(p, "opts", [])]
    assert isinstance(fmt.type, click.Choice) and "json" in fmt.type.choices
    build = cli.commands["build"]  # type: ignore[attr-defined]
    [formats] = [p for p in build.params if "--format" in getattr(p, "opts", [])]
    assert "json" in formats.type.choices  # build's --format is repeatable: pdf, html, json


@pytest.mark.parametrize("name", ["check", "build", "release"])
def test_strict_is_offered_where_ci_needs_it(name: str) -> None:
    command = cli.commands[name]  # type: ignore[attr-defined]
    assert any("--strict" in getattr(p, "opts", []) for p in command.params)


def test_project_and_verbosity_after_the_command(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    runner = CliRunner()
    quiet = runner.invoke(cli, ["update", "--project", str(project.root), "-q"])
    normal = runner.invoke(cli, ["update", "--project", str(project.root)])
    verbose = runner.invoke(cli, ["update", "-v", "--project", str(project.root / "content")])
    assert quiet.exit_code == normal.exit_code == verbose.exit_code == 0, normal.output
    assert quiet.output == ""
    assert "unchanged locale/fr/LC_MESSAGES/doc.po" in normal.stdout
    assert verbose.stdout == normal.stdout and normal.stderr == ""
    assert f"project: {project.root} (pubkit.toml)" in verbose.stderr
    assert re.search(r"took \d+\.\d\d s", verbose.stderr)


def test_check_strict_fails_on_warnings(project: Project) -> None:
    set_msgstr(project, "fr", {SUPPORT: ""})  # an untranslated entry: a warning
    assert invoke(project, "check", "fr").exit_code == 0
    strict = invoke(project, "check", "fr", "--strict")
    assert strict.exit_code == 1
    assert "warning: [untranslated]" in strict.stdout


def test_colour_on_a_terminal_only_and_never_with_no_color(project: Project) -> None:
    set_msgstr(project, "fr", {SUPPORT: ""})
    coloured = invoke(project, "check", "fr", color=True)  # as on a terminal
    assert ANSI.search(coloured.stdout)
    assert ANSI.sub("", coloured.stdout) == invoke(project, "check", "fr").stdout
    assert not ANSI.search(invoke(project, "check", "fr").stdout)  # not a terminal
    plain = invoke(project, "check", "fr", color=True, env={"NO_COLOR": "1"})
    assert not ANSI.search(plain.stdout) and "warning: [untranslated]" in plain.stdout


# -- JSON: what docs/json-schema.md documents is what the commands write -----------------------

SCHEMA_DOC = REPO / "docs" / "json-schema.md"


def documented_keys(command: str) -> set[str]:
    """The keys of the section ``### pubkit COMMAND`` of docs/json-schema.md: the first
    column of its tables, dotted for nested objects (``decisions[].lang``)."""
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    section = re.search(rf"^### `pubkit {command}`.*?(?=^### |\Z)", text, re.M | re.S)
    assert section is not None, f"docs/json-schema.md has no section for {command}"
    return set(re.findall(r"^\| `([^`]+)` \|", section.group(0), re.M))


def keys_of(value: object, prefix: str = "") -> set[str]:
    """Every key path in ``value``: items of lists as ``name[]``, objects' keys dotted;
    the items of free-form maps (fonts, files) are not walked."""
    found: set[str] = set()
    if isinstance(value, list):
        for item in value:
            found |= keys_of(item, prefix + "[]" if prefix else "")
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found.add(path)
            found |= keys_of(item, path)
    return found


def assert_documented(command: str, data: object) -> None:
    keys = keys_of(data)
    documented = documented_keys(command)
    assert keys <= documented, f"undocumented in docs/json-schema.md: {sorted(keys - documented)}"


@pytest.mark.parametrize(
    "args", [["extract"], ["update"], ["status"], ["check"], ["init", "de", "--force"]]
)
def test_catalog_commands_json(project: Project, args: list[str]) -> None:
    set_msgstr(project, "fr", {SUPPORT: ""})  # check has a finding to report
    if args[0] == "init":
        project.config_path.write_text(
            project.config_path.read_text() + "[languages.de]\n", encoding="utf-8"
        )
    done = invoke(project, *args, "--format", "json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert isinstance(data, list) and data
    assert_documented(args[0], data)
    if args[0] in ("extract", "update", "init"):
        assert set(data[0]) == {"path", "changed", "detail"}


def test_export_and_import_from_the_command_line(project: Project) -> None:
    done = invoke(project, "export", "--format", "xliff", "fr")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("wrote     dist/exchange/fr.xlf  (XLIFF 2.1, 8 units)")
    xliff = project.dist_dir / "exchange" / "fr.xlf"
    text = xliff.read_text(encoding="utf-8")
    assert invoke(project, "export", "--format", "xliff", "fr", "-o", "-").stdout == text
    po = project.po_path(project.publications[0], "fr")
    before = po.read_bytes()
    imported = invoke(project, "import", str(xliff), "--format", "json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout) == [
        {"path": "locale/fr/LC_MESSAGES/doc.po", "changed": False, "detail": "0 entries changed"}
    ]
    assert_documented("import", json.loads(imported.stdout))
    assert po.read_bytes() == before
    missing = invoke(project, "export", "--format", "xliff")
    assert missing.exit_code == 2 and "needs the language" in missing.output


def test_import_errors_name_the_file_and_line(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x/>\n')
    done = invoke(project, "import", str(bad))
    assert done.exit_code == 1
    assert done.stderr.startswith(f"pubkit: {bad}:2: a DTD or entity declaration")


def test_export_outside_the_project_is_refused(project: Project, tmp_path: Path) -> None:
    done = invoke(project, "export", "--format", "xliff", "fr", "-o", str(tmp_path / "fr.xlf"))
    assert done.exit_code == 1 and "lies outside the project" in done.stderr
    assert not (tmp_path / "fr.xlf").exists()


# -- commands that render: in a subprocess, as users run them ----------------------------------


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pubkit", *args],
        cwd=cwd,
        env={**cli_env(), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The small project released as 1.0, then as 1.1 with one French translation changed."""
    folder = tmp_path_factory.mktemp("released")
    cache = rendered_cache(folder / "warm")
    project = small_project(folder / "project", cache)
    assert run(project.root, "release", "--version", "1.0").returncode == 0
    set_msgstr(
        project, "fr", {TOWNS: "Les deux chefs veulent un califat ; l'armée a quitté 3 villes."}
    )
    return project


@pytest.mark.slow
def test_release_strict_and_json(released: Project) -> None:
    project = released
    done = run(project.root, "release", "--version", "1.1", "--format", "json", "-q")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert_documented("release", data)
    [result] = data
    assert result["folder"] == "dist/brief/1.1" and not result["unchanged"]
    assert [d["lang"] for d in result["decisions"]] == ["en", "fr", "bm"]
    assert "dist/brief/1.1/brief-fr.segments.json" in result["files"]
    # the French edition has check warnings (typography): --strict keeps it back
    strict = run(project.root, "release", "--version", "1.2", "--strict", "--lang", "fr")
    check = json.loads(run(project.root, "check", "fr", "--format", "json").stdout)
    if check:
        assert strict.returncode == 1 and "--strict" in strict.stderr
    else:
        assert strict.returncode == 0, strict.stderr


@pytest.mark.slow
def test_diff_from_the_command_line(released: Project) -> None:
    project = released
    if not (project.dist_dir / "brief" / "1.1").exists():
        assert run(project.root, "release", "--version", "1.1").returncode == 0
    done = run(project.root, "diff", "1.0", "1.1", "--lang", "fr")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("brief fr: 0 added, 0 removed, 1 changed\n")
    assert "  ~ translation changed: " + TOWNS[:60] in done.stdout
    assert re.search(r"brief fr: \d page\(s\) changed", done.stdout)
    assert "dist/diff/brief/1.0..1.1/brief-fr-page-" in done.stdout
    as_json = run(project.root, "diff", "1.0", "1.1", "--format", "json", "--no-pages")
    data = json.loads(as_json.stdout)
    assert_documented("diff", data)
    assert data[0]["languages"][1]["pages"] is None


@pytest.mark.slow
def test_diff_without_pypdfium2_says_what_to_install(released: Project, tmp_path: Path) -> None:
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "pypdfium2.py").write_text("raise ImportError('not installed')\n")
    env = {"PYTHONPATH": f"{shadow}:{REPO / 'src'}"}
    done = run(released.root, "diff", "1.0", "1.0", **env)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "pubkit: comparing pages needs pypdfium2: pip install 'pubkit[diff]'"
    )
    assert run(released.root, "diff", "1.0", "1.0", "--no-pages", **env).returncode == 0


@pytest.mark.slow
def test_build_json_and_strict(released: Project) -> None:
    project = released
    set_msgstr(project, "fr", {SUPPORT: ""})  # printed from the fallback chain
    done = run(project.root, "build", "--lang", "fr", "--format", "html", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert_documented("build", data)
    [html] = data
    assert html["kind"] == "html" and html["fallbacks"][0]["printed_in"] == "en"
    strict = run(project.root, "build", "--lang", "fr", "--format", "html", "--strict")
    assert strict.returncode == 1 and "--strict" in strict.stderr


@pytest.mark.slow
def test_completion_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pubkit"],
        env={**cli_env(), "_PUBKIT_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "_pubkit_completion()" in done.stdout
