"""Configurations as anyone may write them: hypothesis makes pubkit.toml and pyproject.toml
files (valid TOML, with a value of any type at every key, paths with '..', absolute,
empty, very long, with NUL or line breaks, unknown keys) for a small translated project,
then runs ``pubkit check``, ``extract`` and ``build --format html`` on it. Whatever the
configuration, pubkit either works or says 'pubkit: file:line: message' with exit status
1: never a traceback, and never a file written outside the project unless the
configuration lets dist-dir out."""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import shutil
import tomllib
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pubkit.cli import cli
from pubkit.config import load_project
from pubkit.errors import PubkitError

from .helpers import small_project

# -- TOML ------------------------------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        f"\\u{ord(char):04X}" if ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in text.replace("\\", "\\\\").replace('"', '\\"')
    )
    return f'"{escaped}"'


def toml_key(key: str) -> str:
    return key if _BARE.fullmatch(key) else toml_string(key)


def toml_value(value: Any) -> str:
    """A value written inline."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return "nan" if math.isnan(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def toml_document(table: dict[str, Any], inline: bool, prefix: tuple[str, ...] = ()) -> str:
    """``table`` as a TOML document: its values, then its tables as ``[a.b]`` and its
    arrays of tables as ``[[a.b]]`` (unless ``inline``: then everything on key lines)."""
    nested = (lambda v: False) if inline else (lambda v: isinstance(v, dict) or is_table_array(v))
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items() if not nested(v)]
    for key, value in table.items():
        if not nested(value):
            continue
        name = ".".join(toml_key(part) for part in (*prefix, key))
        for item in [value] if isinstance(value, dict) else value:
            header = f"[{name}]" if isinstance(value, dict) else f"[[{name}]]"
            lines += ["", header, toml_document(item, inline, (*prefix, key))]
    return "\n".join(line for line in lines if line) + "\n"


# -- configurations --------------------------------------------------------------------------

PATHS = [
    "content/doc.md", "locale", "styles", "dist", "glossary.csv", ".", "./locale", "content",
    "..", "../x", "../../x", "dist/../../x", "/", "/tmp", "/etc/passwd", "", " ", "a\x00b",
    "a\nb", "x" * 300, "x/" * 2100, "content/doc.md/x", "pubkit.toml", "~", "é/ü", "locale/",
]  # fmt: skip
CODES = ["en", "fr", "bm", "de", "xx", "FR", "pt-BR", "sr_Latn", "snk", "", "en-", "e\x00n"]
DOMAINS = ["doc", "../../../x", "a/b", ".doc", "", "d" * 250, "x\x00", "-x", "ok.name", "doc"]

scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(PATHS),
    st.sampled_from(CODES),
    st.dates(),
)
anything = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
# the paths above twice as often as any other value
paths = st.one_of(st.sampled_from(PATHS), st.sampled_from(PATHS), st.text(max_size=10), anything)
codes = st.sampled_from(CODES) | anything
fallbacks = st.lists(st.sampled_from(CODES), max_size=3) | anything
thresholds = st.integers(-5, 105) | st.floats(-1, 101) | anything
publication = st.fixed_dictionaries(
    {}, optional={"source": paths, "domain": st.sampled_from(DOMAINS) | anything}
)
language = st.fixed_dictionaries({}, optional={"fallback": fallbacks, "threshold": thresholds})

# What a change may put at each place of the working configuration (keys joined by '/').
CHANGES: dict[str, st.SearchStrategy[Any]] = {
    "source-language": codes,
    "locale-dir": paths,
    "styles-dir": paths,
    "dist-dir": paths,
    "allow-dist-outside-project": st.booleans() | anything,
    "glossary": paths,
    "publications": st.lists(publication | anything, max_size=3) | anything,
    "publications/0": publication | anything,
    "publications/0/source": paths,
    "publications/0/domain": st.sampled_from(DOMAINS) | anything,
    "publications/0/title": anything,
    "languages": st.dictionaries(
        st.sampled_from(CODES) | st.text(max_size=6), language | anything, max_size=3
    )
    | anything,
    "languages/fr": language | anything,
    "languages/fr/fallback": fallbacks,
    "languages/bm/threshold": thresholds,
    "languages/bm/fonts": anything,
    "colour": anything,
}


def working() -> dict[str, Any]:
    """The configuration of the small project (a new copy)."""
    return {
        "source-language": "en",
        "glossary": "glossary.csv",
        "publications": [{"source": "content/doc.md", "domain": "doc"}],
        "languages": {"en": {}, "fr": {"fallback": ["en"]}, "bm": {"fallback": ["fr", "en"]}},
    }


def table_at(table: Any, keys: list[str]) -> dict[str, Any] | None:
    """The table at ``keys`` ('0' an index) in ``table``, if it is (still) a table."""
    for key in keys:
        if isinstance(table, list) and key.isdigit() and int(key) < len(table):
            table = table[int(key)]
        elif isinstance(table, dict):
            table = table.get(key)
        else:
            return None
    return table if isinstance(table, dict) else None


@st.composite
def config_files(draw: st.DrawFn) -> tuple[str, dict[str, Any], bool]:
    """A configuration file's name, what it holds, and whether it is written with inline
    tables only: the working configuration with a few values changed or left out."""
    table = working()
    for place in draw(st.lists(st.sampled_from(sorted(CHANGES)), max_size=3, unique=True)):
        *parents, key = place.split("/")
        holder = table_at(table, parents)
        if holder is None:  # changed away by an earlier change
            continue
        if draw(st.integers(0, 4)) == 0:
            holder.pop(key, None)
        else:
            holder[key] = draw(CHANGES[place])
    inline = draw(st.booleans())
    if draw(st.booleans()):
        return "pubkit.toml", table, inline
    pubkit: Any = draw(anything) if draw(st.integers(0, 19)) == 0 else table
    return "pyproject.toml", {"project": {"name": "x"}, "tool": {"pubkit": pubkit}}, inline


# -- the test --------------------------------------------------------------------------------

COMMANDS = (["check"], ["extract"], ["build", "--format", "html"])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small translated project, without its fonts (a build of HTML copies them)."""
    root = tmp_path_factory.mktemp("template") / "project"
    small_project(root)
    for font in (root / "styles" / "fonts").glob("*.ttf"):
        font.unlink()
    (root / "pubkit.toml").unlink()
    return root


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each example's project is made, a few folders deep: a path out of the
    project by '..' lands in this sandbox, and is seen there."""
    folder = tmp_path_factory.mktemp("fuzz") / "a" / "b" / "c"
    folder.mkdir(parents=True)
    return folder


def safe(table: dict[str, Any], run: Path) -> None:
    """Where the configuration lets dist-dir out of the project, keep it in ``run``:
    pubkit does write there, and the tests run as root."""
    dist = table.get("dist-dir")
    if table.get("allow-dist-outside-project") is True and isinstance(dist, str):
        try:
            inside = Path(os.path.realpath(run / "project" / dist)).is_relative_to(run)
        except ValueError:  # NUL
            inside = True
        if not inside:
            table["dist-dir"] = "../outside"


RUNS = count()


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(config=config_files())
@example(config=("pubkit.toml", {**working(), "dist-dir": "../../x"}, False))
@example(config=("pubkit.toml", {**working(), "dist-dir": "dist/../../x"}, True))
@example(config=("pubkit.toml", {**working(), "locale-dir": "/tmp"}, False))
@example(
    config=(
        "pubkit.toml",
        {**working(), "publications": [{"source": "content/doc.md", "domain": "../../x"}]},
        False,
    )
)
@example(config=("pyproject.toml", {"tool": {"pubkit": {**working(), "styles-dir": "/"}}}, False))
def test_any_configuration(
    template: Path, sandbox: Path, config: tuple[str, dict[str, Any], bool]
) -> None:
    name, document, inline = config
    table = document if name == "pubkit.toml" else document["tool"]["pubkit"]
    run = sandbox / f"run-{next(RUNS)}"
    allowed = {"project"}
    if isinstance(table, dict):
        safe(table, run)
        if table.get("allow-dist-outside-project") is True:
            allowed.add("outside")
    text = toml_document(document, inline)
    tomllib.loads(text)  # the generator writes valid TOML: pubkit must read what TOML allows
    root = run / "project"
    shutil.copytree(template, root)
    (root / name).write_text(text, encoding="utf-8")
    try:
        load_project(root)
    except PubkitError:
        loaded = False
    else:
        loaded = True
    runner = CliRunner()
    for command in COMMANDS if loaded else COMMANDS[:1]:
        done = runner.invoke(cli, ["--project", str(root), *command])
        assert done.exception is None or isinstance(done.exception, SystemExit), (
            text,
            done.exc_info,
        )
        if done.exit_code != 0:  # an error, or errors found by check
            found = command == ["check"] and re.fullmatch(
                r"\d+ error\(s\), \d+ warning\(s\)\n", done.stderr
            )
            assert done.stderr.startswith("pubkit: ") or found, (text, done.stderr)
    assert {p.name for p in run.iterdir()} <= allowed, text
    shutil.rmtree(run)
    written = [p for p in sandbox.parents[2].rglob("*") if p not in {sandbox, *sandbox.parents}]
    assert written == [], (text, written)


def test_the_generator_writes_what_it_means(tmp_path: Path) -> None:
    table = {
        "a": 'x\x00"\\\x7f',
        "b": [1, 2.5, float("inf"), True, datetime.date(2026, 1, 2)],
        "c": {"d e": {"f": []}},
        "g": [{"h": 1}, {"h": {"i": [{"j": "k"}]}}],
    }
    for inline in (False, True):
        text = toml_document(table, inline)
        assert tomllib.loads(text) == table
    assert "[[g]]" in toml_document(table, False) and '[c."d e"]' in toml_document(table, False)
    assert json.loads(toml_string("a\x01\u00e9")) == "a\x01é"
