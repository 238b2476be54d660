"""pullquote: a pull quote repeats its paragraph's translation."""

from __future__ import annotations

from pubkit.checks.runner import check_project
from pubkit.config import Project

from .conftest import LEADERS, QUOTE, changed, line_of, of, translate


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
