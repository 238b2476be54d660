"""untranslated, fuzzy, identical and outdated."""

from __future__ import annotations

from pathlib import Path

from pubkit.checks import completeness
from pubkit.checks.completeness import only_names
from pubkit.checks.glossary import read_glossary
from pubkit.checks.runner import check_project
from pubkit.config import Project

from .conftest import (
    GLOSSARY,
    LEFT,
    SOURCE,
    TITLE,
    changed,
    entry,
    line_of,
    memory_catalog,
    memory_source,
    messages,
    of,
    translate,
)


def test_untranslated(french: Project) -> None:
    [finding] = of(changed(french, LEFT, ""), "untranslated")
    assert (finding.line, finding.severity) == (line_of(french, LEFT), "warning")


def test_fuzzy(french: Project) -> None:
    translate(french, "fr", {}, fuzzy=frozenset({LEFT}))
    findings = check_project(french, ["fr"])
    [finding] = of(findings, "fuzzy")
    assert (finding.line, finding.severity) == (line_of(french, LEFT), "warning")
    assert of(findings, "untranslated") == []


def test_identical(french: Project) -> None:
    [finding] = of(changed(french, LEFT, LEFT), "identical")
    assert (finding.line, finding.severity) == (line_of(french, LEFT), "warning")


def test_identical_names_and_source_language(french: Project) -> None:
    # NAMES is translated as itself in FRENCH: only capitalised words, no warning.
    assert of(check_project(french, ["fr"]), "identical") == []
    # The source language's catalog: identical or empty means "as in the source".
    translate(french, "en", {LEFT: LEFT, TITLE: ""})
    findings = check_project(french, ["en"])
    assert of(findings, "identical", "en") == []
    assert of(findings, "untranslated", "en") == []


def test_only_names(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    glossary = read_glossary(path)
    assert only_names("Assimi Goïta", glossary)
    assert only_names("JNIM, 2023", glossary)
    assert only_names("Mali junta", glossary)  # a glossary term counts as a name
    assert not only_names("Mali and Niger", glossary)
    assert not only_names("Mali junta", None)


def test_outdated_catalog(french: Project) -> None:
    source = french.publications[0].source
    source.write_text(SOURCE + "\nA new paragraph.\n", encoding="utf-8")
    [finding] = of(check_project(french, ["fr"]), "outdated")
    assert "1 source text(s) missing" in finding.message


# -- in memory ------------------------------------------------------------------------------


def test_completeness_rules_in_memory() -> None:
    assert messages(completeness.check_untranslated, LEFT, "") == [
        "untranslated: the fr edition prints the fallback language here"
    ]
    assert messages(completeness.check_untranslated, LEFT, "", fuzzy=True) == []
    assert messages(completeness.check_fuzzy, LEFT, "Puis…", fuzzy=True) == [
        "fuzzy translation: not printed until a translator checks it and removes 'fuzzy'"
    ]
    assert messages(completeness.check_identical, LEFT, LEFT) == [
        "translation is identical to the source"
    ]
    assert messages(completeness.check_identical, TITLE, TITLE) == [
        "translation is identical to the source"
    ]
    assert messages(completeness.check_identical, "Mali junta", "Mali junta") == []  # a term
    # In the source language's catalog, identical and empty mean "as in the source".
    english = memory_catalog(lang="en")
    assert messages(completeness.check_identical, LEFT, LEFT, english) == []
    assert messages(completeness.check_untranslated, LEFT, "", english) == []


def test_outdated_rule_in_memory() -> None:
    source = memory_source()
    current = [entry(s.msgid, msgctxt=s.msgctxt) for s in source.segments.values()]
    assert list(completeness.check_outdated(memory_catalog(*current, source=source))) == []
    ctx = memory_catalog(*current[1:], entry("Gone."), source=source)
    assert list(completeness.check_outdated(ctx)) == [
        (
            1,
            "catalog is out of date with content/doc.md: 1 source text(s) missing, "
            "1 entr(y/ies) no longer in the source (run 'pubkit update')",
        )
    ]
