"""source-lint: missing link targets, names spelled two ways."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.catalogs import workflow
from pubkit.checks import lint
from pubkit.checks.runner import check_project
from pubkit.config import Project

from ..conftest import MakeProject
from .conftest import GLOSSARY, SOURCE, memory_source, of


def test_source_lint(french: Project) -> None:
    findings = of(check_project(french, ["fr"]), "source-lint", None)
    assert [(f.path, f.line, f.severity, f.message) for f in findings] == [
        ("content/doc.md", 20, "warning", "link target missing for 'Burkina Faso'"),
        (
            "content/doc.md",
            22,
            "warning",
            "name spelled two ways: 'Khouffa' (1×) and 'Kouffa' (2×)",
        ),
    ]


def test_source_lint_reported_once_for_all_languages(french: Project) -> None:
    workflow.init(french, ["bm"])
    findings = of(check_project(french), "source-lint", None)
    assert len(findings) == 2


def test_source_lint_passes(make_project: MakeProject) -> None:
    source = SOURCE.split("## Assimi")[0] + (
        "The Emirati sheikh and two Emiratis met the African Union in Africa. "
        "Salafist scholars teach Salafism. These men left. Those men stayed.\n"
    )
    project = make_project(source, glossary=GLOSSARY)
    workflow.init(project, ["en"])
    assert of(check_project(project, ["en"]), "source-lint", None) == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='KkAa .!:\n"«(_1', max_size=40))
def test_inside_sentence_equals_the_look_behind_pattern(text: str) -> None:
    """lint._inside_sentence, which searches only the names' first letters, finds the
    words the look-behind pattern it replaced finds."""
    import re

    from pubkit.checks.lint import _inside_sentence

    pattern = r"(?<=[^.!?:…\n \t\u00a0\u202f\"'“‘«(\[])[ \t\u00a0\u202f\"'“‘«(\[]*\b(\w+)"
    words = {word for word in re.findall(r"\w+", text) if word[0].isupper()}
    expected = {m.group(1) for m in re.finditer(pattern, text)} & words
    assert _inside_sentence(text, words) == expected


# -- in memory ------------------------------------------------------------------------------


def test_source_lint_rules_in_memory() -> None:
    source = memory_source()
    assert list(lint.check_missing_links(source)) == [
        (20, "link target missing for 'Burkina Faso'")
    ]
    assert list(lint.check_name_spellings(source)) == [
        (22, "name spelled two ways: 'Khouffa' (1×) and 'Kouffa' (2×)")
    ]
    clean = memory_source(SOURCE.split("## Assimi")[0])
    assert list(lint.check_missing_links(clean)) == list(lint.check_name_spellings(clean)) == []


def test_source_lint_of_a_pathological_source() -> None:
    """Findings many lines down, a 100,000-letter word and a group of twenty spellings
    one letter apart: each finding on its line, the word no name, the group no pair."""
    long_word = "Q" + "a" * 100_000
    group = " ".join(f"Kou{letter}ffa" for letter in "bcdgjklmnpqrstvwxyz") + " Khouffa"
    body = [
        f"The man {long_word} met {long_word}x.",
        f"The names {group} are a pattern.",
        *(f"Line {n} names [nobody](missing:)." for n in range(300)),
        "Then Khidal left; the men of Kidal stayed.",
    ]
    source = memory_source(
        "---\nslug: doc\ntitle: T\nauthor: A\npublisher: P\n---\n\n" + "\n\n".join(body)
    )
    missing = list(lint.check_missing_links(source))
    assert missing == [(12 + 2 * n, "link target missing for 'nobody'") for n in range(300)]
    assert list(lint.check_name_spellings(source)) == [
        (612, "name spelled two ways: 'Kidal' (1×) and 'Khidal' (1×)")
    ]


def test_a_name_among_many_spellings_is_compared_with_each() -> None:
    """Past MAX_SPELLINGS words one deletion from a name, the name is still compared
    with each of them (and they are not compared with one another)."""
    group = " ".join(f"Kou{letter}ffa" for letter in "bcdgjklmnpqrstvwxyz")
    source = memory_source(
        f"---\nslug: doc\ntitle: T\nauthor: A\npublisher: P\n---\n\nThe names {group} and Kouffa.\n"
    )
    found = [message for _, message in lint.check_name_spellings(source)]
    assert len(found) == 19
    assert "name spelled two ways: 'Kouffa' (1×) and 'Koubffa' (1×)" in found


def test_literal_footnote_syntax_in_the_source_is_a_warning() -> None:
    source = memory_source(
        "---\nslug: s\ntitle: T[^a]\nauthor: A\npublisher: P\n---\n\n"
        "A note [^a b] that is none.\n\nA real one.[^a]\n\n[^a]: Note.\n"
    )
    assert list(lint.check_literal_markdown(source)) == [
        (3, "a footnote reference in the front matter prints as typed"),
        (
            8,
            "'[^' will print as typed: a footnote reference is [^label] (letters, "
            "digits, '-', '_')",
        ),
    ]
    assert list(lint.check_literal_markdown(memory_source())) == []


FIGURE = "\n![A chart of the army's size](images/army.png)\n\nFigure: The army, 2020 to 2024.\n"


def test_a_figure_without_its_image_is_an_error_at_its_line(make_project: MakeProject) -> None:
    project = make_project(SOURCE + FIGURE)
    line = (SOURCE + FIGURE).count("\n") - 2
    findings = of(check_project(project, []), "figures", None)
    assert [(f.path, f.line, f.severity) for f in findings] == [("content/doc.md", line, "error")]
    assert findings[0].message.startswith("figure image content/images/army.png: cannot read")
    (project.root / "content" / "images").mkdir()
    (project.root / "content" / "images" / "army.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert of(check_project(project, []), "figures", None) == []


def test_a_reference_link_without_its_definition_is_reported() -> None:
    source = memory_source(
        SOURCE + "\nSee [the report][nope] and [the map][map].\n\n[map]: https://m.org\n"
    )
    found = list(lint.check_literal_markdown(source))
    assert found == [
        (
            SOURCE.count("\n") + 2,
            "'[words][label]' will print as typed: no line '[label]: https://…' defines its label",
        )
    ]
