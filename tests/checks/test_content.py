"""pullquote: a pull quote repeats its paragraph's translation."""

from __future__ import annotations

from pubkit.checks import content
from pubkit.checks.runner import check_project
from pubkit.config import Project

from .conftest import (
    ARMY,
    FRENCH,
    LEADERS,
    LEFT,
    QUOTE,
    TITLE,
    changed,
    entry,
    line_of,
    memory_catalog,
    messages,
    of,
    translate,
)


def test_pullquote(french: Project) -> None:
    [finding] = of(
        changed(french, QUOTE, "Les deux dirigeants veulent un « califat islamique » au Mali."),
        "pullquote",
    )
    assert finding.severity == "warning"
    assert finding.line == line_of(french, QUOTE)
    assert "content/doc.md:12" in finding.message


def test_pullquote_ignores_case_and_quote_style(french: Project) -> None:
    msgstr = 'LES DEUX CHEFS VEULENT UN "CALIFAT ISLAMIQUE" AU MALI'
    assert of(changed(french, QUOTE, msgstr), "pullquote") == []


def test_pullquote_only_when_both_are_translated(french: Project) -> None:
    translate(french, "fr", {LEADERS: "", QUOTE: "Autre chose."})
    assert of(check_project(french, ["fr"]), "pullquote") == []


# -- in memory ------------------------------------------------------------------------------


def test_numbers_rule_in_memory() -> None:
    assert messages(content.check_numbers, ARMY, FRENCH[ARMY]) == []
    assert messages(content.check_numbers, ARMY, FRENCH[ARMY].replace("20\u202f000", "20,000")) == [
        "number(s) of the source missing: 20000",
        "number(s) not in the source: 20",
    ]


def test_glossary_rule_in_memory() -> None:
    assert messages(content.check_glossary, TITLE, "La junte du Mali") == []
    assert messages(content.check_glossary, TITLE, "La junta du Mali") == [
        "'junta' must be translated 'junte' (glossary.csv:3)"
    ]
    bambara = memory_catalog(lang="bm")  # an empty cell: no requirement
    assert messages(content.check_glossary, LEADERS, "Kuntigi fila b'a fɛ.", bambara) == []


def test_pullquote_rule_in_memory() -> None:
    paragraph = entry(LEADERS, FRENCH[LEADERS])
    ctx = memory_catalog(paragraph)
    assert messages(content.check_pullquote, QUOTE, FRENCH[QUOTE], ctx) == []
    assert messages(content.check_pullquote, QUOTE, "Les chefs veulent un califat.", ctx) == [
        "the pull quote does not repeat the translation of the paragraph it quotes "
        "(content/doc.md:12, entry at line 20): use the same words"
    ]
    # Only pull quotes are compared with their paragraph.
    assert messages(content.check_pullquote, LEFT, "Puis.", ctx) == []
