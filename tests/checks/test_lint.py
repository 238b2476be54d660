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
