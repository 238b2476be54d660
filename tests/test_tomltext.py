"""TOML files: keys and values nested deeper than pubkit reads are refused at their line
before tomllib sees them (it recurses per level, and is quadratic in a key's parts)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.config import load_project
from pubkit.errors import PubkitError
from pubkit.tomltext import MAX_DEPTH, check_depth, parse_toml

HEAD = 'source-language = "en"\n[[publications]]\nsource = "doc.md"\ndomain = "doc"\n'


def refused(text: str) -> PubkitError:
    with pytest.raises(PubkitError) as caught:
        parse_toml(text, "pubkit.toml")
    return caught.value


@pytest.mark.parametrize(
    ("deep", "line", "message"),
    [
        ("a." * MAX_DEPTH + "b = 1\n", 2, "the key 'a.a.a.a."),
        ("[x]\n" + "a . " * 1000 + "b = 1\n", 3, "has more than 32 parts"),
        ('"a".' * 40 + "b = 1\n", 2, 'the key \'"a"."a".'),
        ("['a'." + "b." * 40 + "c]\n", 2, "the key \"'a'.b.b.b."),
        ("[[" + "b." * 40 + "c]]\n", 2, "the key 'b.b.b."),
        ("x = { y = 1, " + "z." * 40 + "w = 2 }\n", 2, "the key 'z.z.z."),
        ("x = [\n" + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n]\n", 3, "nested more than 32 deep"),
        ("x = " + "{a = " * 600 + "1" + "}" * 600 + "\n", 2, "nested more than 32 deep"),
        ("x = " + "[" * 100_000 + "\n", 2, "nested more than 32 deep"),
    ],
)
def test_too_deep_is_refused_at_its_line(deep: str, line: int, message: str) -> None:
    error = refused("# a configuration\n" + deep)
    assert (error.path, error.line) == ("pubkit.toml", line)
    assert message in error.message


def test_the_key_refused_is_shown_shortened() -> None:
    error = refused("x" * 100 + "." + "y." * 50 + "z = 1\n")
    assert error.message.startswith(f"the key '{'x' * 60}…' has more than {MAX_DEPTH} parts")


def test_as_deep_as_allowed_is_read() -> None:
    key = ".".join(["a"] * MAX_DEPTH)
    nested = "[" * MAX_DEPTH + "1.5" + "]" * MAX_DEPTH
    text = f"{key} = 1\n[x.{key[2:]}]\nv = {nested}\n"
    data = parse_toml(text, "pubkit.toml")
    expected: object = 1.5
    for _ in range(MAX_DEPTH):
        expected = [expected]
    key_value, table = data, data["x"]
    for _ in range(MAX_DEPTH - 1):
        key_value, table = key_value["a"], table["a"]
    assert key_value == {"a": 1} and table == {"v": expected}


def test_strings_and_comments_do_not_count() -> None:
    """Dots and brackets inside strings of every kind, and in comments, are text."""
    many = "[{." * 100
    text = (
        f'a = "{many}\\"{many}"\n'
        f"b = '{many}'\n"
        f'c = """\n{many}\\"""{many}\n"{many}""""\n'
        f"d = '''\n{many}''{many}\n'''''\n"
        f"# {many}\n"
        f'"{many}".e = 1.5  # {many}\n'
        f"f = 1979-05-27T07:32:00.999999Z\n"
    )
    data = parse_toml(text, "pubkit.toml")
    assert data["a"] == f'{many}"{many}' and data["b"] == many
    assert data["c"] == f'{many}"""{many}\n"{many}"'
    assert data["d"] == f"{many}''{many}\n''"
    assert data[many] == {"e": 1.5}


def test_a_string_that_does_not_end_is_tomllibs_error() -> None:
    error = refused('a = 1\nb = "x' + "." * 100 + "\n")
    assert (error.line, error.message) == (2, "invalid TOML: Illegal character '\\n'")
    error = refused('a = 1\nb = """' + "[" * 100 + "\n")
    assert error.line is None and error.message.startswith("invalid TOML: Unterminated string")
    error = refused("a = 1 # [[[\n[" + "b." * 40)  # a comment at the end, a key too deep
    assert error.line == 2 and "has more than 32 parts" in error.message


def test_deep_configuration_through_load_project(tmp_path: Path) -> None:
    """600 nested arrays made tomllib raise RecursionError: now a file:line error."""
    (tmp_path / "pubkit.toml").write_text(HEAD + "x = " + "[" * 600 + "]" * 600 + "\n")
    with pytest.raises(PubkitError, match=r"pubkit\.toml:5: arrays and tables nested more"):
        load_project(tmp_path)


_VALUE = st.recursive(
    st.sampled_from(['"a.b[c]"', "'x.y'", "1.5", "2", '"""\n.[\n"""', "1979-05-27"]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.sampled_from(["k", "k.l", "'k.m'.n"]), inner), max_size=1).map(
            lambda pairs: "{" + ", ".join(f"{k} = {v}" for k, v in pairs) + "}"
        ),
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "a.b", '"a.b".c', "x.'y'.z"]), _VALUE),
        min_size=1,
        max_size=4,
        unique_by=lambda pair: pair[0],
    )
)
def test_shallow_toml_is_read_as_tomllib_reads_it(pairs: list[tuple[str, str]]) -> None:
    text = "".join(f"[t{i}]\n{key} = {value}  # [.\n" for i, (key, value) in enumerate(pairs))
    check_depth(text, "pubkit.toml")
    assert parse_toml(text, "pubkit.toml") == tomllib.loads(text)
