"""The ``pubkit`` command as users run it: a subprocess in the project folder. Bad input is a
one-line 'pubkit: file:line: message' and exit status 1, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pubkit import __version__
from pubkit.config import Project

from .conftest import set_msgstr
from .helpers import FRENCH, SOURCE, TOWNS, cli_env, small_project

pytestmark = pytest.mark.slow  # every test runs pubkit in a new process

BAD_NUMBER = "Les deux chefs veulent un califat au Mali ; l'armée a quitté 4 villes."


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return python(cwd, "-m", "pubkit", *args)


def python(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**cli_env(), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def assert_fails(done: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit status 1 and exactly one line on stderr: ``pubkit: <message>…``."""
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) >= 1 and lines[0].startswith("pubkit: "), done.stderr
    assert lines[0].startswith(f"pubkit: {message}"), done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return small_project(tmp_path / "project")


def edit_source(project: Project, old: str, new: str) -> int:
    """Replace text in the source; the 1-based line where the replacement starts."""
    path = project.publications[0].source
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def break_catalog(project: Project, lang: str = "fr") -> int:
    """An unterminated string in the catalog; the line it is on."""
    path = project.po_path(project.publications[0], lang)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith('msgid "What next?"'))
    lines[number - 1] = 'msgid "What next?\n'
    path.write_text("".join(lines), encoding="utf-8")
    return number


# -- help and version -----------------------------------------------------------------------


def test_help(tmp_path: Path) -> None:
    done = run(tmp_path, "--help")  # no project needed
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("Usage: pubkit [OPTIONS] COMMAND [ARGS]...")
    for command in ("build", "check", "extract", "init", "release", "review", "status", "update"):
        assert f"  {command} " in done.stdout
    sub = run(tmp_path, "release", "-h")
    assert sub.returncode == 0 and sub.stdout.startswith("Usage: pubkit release")
    assert "--allow-partial" in sub.stdout and "--force" in sub.stdout


def test_version(tmp_path: Path) -> None:
    done = run(tmp_path, "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"pubkit, version {__version__}")


def test_exit_keeps_handlers_output_and_status(tmp_path: Path) -> None:
    # main() ends the process with os._exit: exit handlers must still run, buffered
    # output must still arrive, and click's exit status must survive.
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "from pubkit.cli import main\n"
        "sys.argv = ['pubkit', *sys.argv[1:]]\n"
        "main()\n"
    )
    for args, status, stdout in (
        (["--version"], 0, f"pubkit, version {__version__}\nhandler ran\n"),
        (["--no-such-option"], 2, "handler ran\n"),
    ):
        done = python(tmp_path, "-c", script, *args)
        assert (done.returncode, done.stdout) == (status, stdout), done.stderr
    assert "No such option '--no-such-option'" in done.stderr


def test_exit_with_stdout_closed(tmp_path: Path) -> None:
    # Started with stdout closed (cron, daemons), Python sets sys.stdout to None.
    done = subprocess.run(
        [sys.executable, "-m", "pubkit", "--version"],
        cwd=tmp_path,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=60,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_profiler_gets_its_results(tmp_path: Path) -> None:
    # cProfile writes its statistics after main() returns: main must return then.
    out = tmp_path / "profile.out"
    done = python(tmp_path, "-m", "cProfile", "-o", str(out), "-m", "pubkit", "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"pubkit, version {__version__}"
    assert out.stat().st_size > 0


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["check"], ["build", "--format", "html"]])
def test_unknown_front_matter_key(project: Project, command: list[str]) -> None:
    line = edit_source(project, "author: A. Writer\n", "author: A. Writer\ncolour: red\n") + 1
    done = run(project.root, *command)
    assert_fails(done, f"content/doc.md:{line}: unknown front matter key 'colour' (known: ")


@pytest.mark.parametrize("command", [["extract"], ["status"], ["release", "--version", "1"]])
def test_unclosed_pull_quote(project: Project, command: list[str]) -> None:
    path = project.publications[0].source
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n::: pullquote\nA quote left open.\n", encoding="utf-8")
    line = text.count("\n") + 2
    done = run(project.root, *command)
    if command == ["status"]:  # status reads catalogs only: the source is not its concern
        assert done.returncode == 0, done.stderr
        return
    assert_fails(done, f"content/doc.md:{line}: '::: pullquote' is not closed")
    assert not (project.dist_dir / "brief").exists()


@pytest.mark.parametrize(
    "command",
    [["status"], ["build", "--lang", "fr", "--format", "html"], ["release", "--version", "1"]],
)
def test_po_syntax_error(project: Project, command: list[str]) -> None:
    line = break_catalog(project)
    done = run(project.root, *command)
    assert_fails(done, f"locale/fr/LC_MESSAGES/doc.po:{line}: invalid PO syntax")
    assert not (project.dist_dir / "brief").exists()
    assert not (project.dist_dir / "brief-fr.html").exists()


def test_po_syntax_error_is_a_check_finding(project: Project) -> None:
    line = break_catalog(project)
    done = run(project.root, "check", "fr")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout.startswith(
        f"locale/fr/LC_MESSAGES/doc.po:{line}: error: [po-validity] invalid PO syntax"
    )


def test_invalid_utf8_catalog(project: Project) -> None:
    path = project.po_path(project.publications[0], "fr")
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Pourquoi", b"Pourquoi \xff", 1))
    line = data[: data.index(b"Pourquoi")].count(b"\n") + 1
    assert_fails(run(project.root, "status"), f"locale/fr/LC_MESSAGES/doc.po:{line}: ")


def test_byte_order_marks_are_read_past(project: Project) -> None:
    # Some Windows editors start UTF-8 files with U+FEFF.
    for path in (project.publications[0].source, project.po_path(project.publications[0], "fr")):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    done = run(project.root, "check", "fr")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.strip().startswith("0 error(s)")


@pytest.mark.parametrize("epoch", ["abc", "99999999999999", "-5", "²"])
def test_invalid_source_date_epoch(project: Project, epoch: str) -> None:
    command = ["-m", "pubkit", "build", "--lang", "fr", "--format", "html"]
    done = python(project.root, *command, SOURCE_DATE_EPOCH=epoch)
    assert_fails(
        done, f"SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 (got '{epoch}')"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["status", "de"],
        ["build", "--lang", "de", "--format", "html"],
        ["release", "--lang", "de", "--version", "1"],
    ],
)
def test_unknown_language(project: Project, command: list[str]) -> None:
    done = run(project.root, *command)
    assert_fails(done, "language 'de' is not configured (configured: en, fr, bm)")


@pytest.mark.parametrize("command", [["status"], ["release"]])
def test_missing_project(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run(empty, *command)
    assert_fails(done, "no pubkit project found at or above ")


def test_invalid_configuration(project: Project) -> None:
    config = project.root / "pubkit.toml"
    config.write_text("colour = 'red'\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    # Paths are shown relative to where the command runs, like every other error.
    assert_fails(run(project.root, "status"), "pubkit.toml:1: unknown configuration key(s): colour")
    config.write_text("source-language = \n", encoding="utf-8")
    done = run(project.root, "status")
    assert_fails(done, "pubkit.toml:1: invalid TOML: ")


def test_invalid_toml_names_its_line(project: Project) -> None:
    config = project.root / "pubkit.toml"
    config.write_text("source-language = 'en'\n[languages\n", encoding="utf-8")
    assert_fails(run(project.root, "status"), "pubkit.toml:2: invalid TOML")


def test_missing_source(project: Project) -> None:
    project.publications[0].source.unlink()
    assert_fails(run(project.root, "extract"), "content/doc.md: cannot read source")


def test_review_of_an_incomplete_catalog(project: Project) -> None:
    set_msgstr(project, "fr", {TOWNS: ""})
    done = run(project.root, "review", "fr", "--by", "Awa Traoré")
    assert_fails(
        done,
        "locale/fr/LC_MESSAGES/doc.po: fr: cannot sign off a catalog with 0 fuzzy and 1 "
        "untranslated entries",
    )


# -- machine-readable output ----------------------------------------------------------------


def test_status_json(project: Project) -> None:
    done = run(project.root, "status", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(row["domain"], row["lang"]) for row in rows] == [
        *(("doc", lang) for lang in ("en", "fr", "bm")),
        *(("pubkit-theme", lang) for lang in ("en", "fr", "bm")),  # the theme's words
    ]
    assert [row["percent"] == 100.0 for row in rows[3:]] == [True, True, False]  # bm: notes
    rows = rows[:3]
    for row in rows:
        assert row["domain"] == "doc"
        assert row["catalog"] == f"locale/{row['lang']}/LC_MESSAGES/doc.po"
        assert row["percent"] == 100.0 and row["entries"] == row["translated"] == len(FRENCH)
    assert rows[0]["review"]["status"] == "source"
    assert rows[1]["review"] == {"status": "draft", "reviewer": None, "date": None}


def test_check_json(project: Project) -> None:
    done = run(project.root, "check", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [f for f in json.loads(done.stdout) if f["severity"] == "error"] == []

    set_msgstr(project, "fr", {TOWNS: BAD_NUMBER})
    done = run(project.root, "check", "--format", "json")
    assert done.returncode == 1
    findings = json.loads(done.stdout)
    errors = [f for f in findings if f["severity"] == "error"]
    assert {(f["check"], f["lang"], f["path"]) for f in errors} == {
        ("numbers", "fr", "locale/fr/LC_MESSAGES/doc.po")
    }
    assert all(isinstance(f["line"], int) and f["line"] > 1 for f in findings)
    assert set(findings[0]) == {"path", "line", "severity", "check", "message", "lang"}


def test_check_text_exit_status(project: Project) -> None:
    assert run(project.root, "check").returncode == 0
    set_msgstr(project, "fr", {TOWNS: BAD_NUMBER})
    done = run(project.root, "check", "fr")
    assert done.returncode == 1
    assert "error: [numbers]" in done.stdout
    assert done.stderr.strip().endswith("error(s), 0 warning(s)")


# -- build ----------------------------------------------------------------------------------


def test_build_french_html(project: Project) -> None:
    done = run(project.root, "build", "--lang", "fr", "--format", "html")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["wrote     dist/brief-fr.html  (html)"]
    page = project.dist_dir / "brief-fr.html"
    text = page.read_text(encoding="utf-8")
    assert text.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "La junte sous pression" in text
    assert (project.dist_dir / "assets" / "brief.css").is_file()
    assert (project.dist_dir / "assets" / "fonts" / "NotoSerif-Regular.ttf").is_file()
    assert sorted(p.name for p in project.dist_dir.iterdir()) == ["assets", "brief-fr.html"]


def test_build_reports_fallbacks(project: Project) -> None:
    set_msgstr(project, "fr", {TOWNS: ""})
    done = run(project.root, "build", "--lang", "fr", "--format", "html")
    assert done.returncode == 0, done.stderr
    assert "  fr: 1 segment(s) printed from the fallback chain:" in done.stdout
    assert f"    content/doc.md:18: untranslated, printed in en: {TOWNS[:60]}" in done.stdout


def test_project_option(project: Project, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run(elsewhere, "--project", str(project.root / "content"), "status", "fr")
    assert done.returncode == 0, done.stderr
    assert "locale/fr/LC_MESSAGES/doc.po" in done.stdout
    assert SOURCE.startswith("---\n")
