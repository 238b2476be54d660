"""pubkit check as a whole: reading, forking, the order and form of findings."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from pubkit.checks.findings import Finding
from pubkit.checks.runner import check_project
from pubkit.checks.table import ENTRY_RULES
from pubkit.cli import cli
from pubkit.config import Project
from pubkit.errors import PubkitError

from .conftest import ARMY, HEADING, LEFT, TITLE, edit_po, line_of, of, po_path, translate


def test_good_catalogs_have_no_findings(french: Project) -> None:
    findings = check_project(french, ["en", "fr"])
    assert [f for f in findings if f.lang is not None] == []


def test_large_catalogs_are_checked_in_parts_with_the_same_findings(
    french: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From PARALLEL_ENTRIES entries up, forked processes check parts of the catalog;
    the findings are those of one process, in the same order."""
    import pubkit.checks.runner

    translate(french, "fr", {ARMY: "L’armée de 20 000 hommes a perdu Kidal.", TITLE: "La junta"})
    translate(french, "en", {LEFT: "Then Khouffa left;  Kouffa stayed"})
    whole = check_project(french)
    assert len([f for f in whole if f.lang]) >= 4
    monkeypatch.setattr(pubkit.checks.runner, "PARALLEL_ENTRIES", 1)
    monkeypatch.setattr(pubkit.checks.runner.os, "cpu_count", lambda: 3)
    assert len(pubkit.checks.runner._parts(list(range(8)))) == 3
    assert check_project(french) == whole


def test_finding_fields_and_order(french: Project) -> None:
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "path",
        "line",
        "severity",
        "check",
        "message",
        "lang",
    ]
    translate(french, "fr", {HEADING: "Pourquoi Bamako?", LEFT: "", TITLE: "La junta du Mali"})
    findings = check_project(french)
    assert findings == sorted(findings, key=lambda f: (f.path, f.line))
    assert {f.path for f in findings} == {
        "content/doc.md",
        "locale/fr/LC_MESSAGES/doc.po",
        "locale/bm/LC_MESSAGES/doc.po",
    }


def test_entry_rule_table() -> None:
    names = {rule.name for rule in ENTRY_RULES}
    assert names == {
        "po-validity",
        "fuzzy",
        "untranslated",
        "identical",
        "markdown",
        "control-characters",
        "html",
        "urls",
        "length",
        "numbers",
        "glossary",
        "pullquote",
        "typography",
        "glyphs",
    }


def test_unknown_language_is_an_error(french: Project) -> None:
    with pytest.raises(PubkitError, match="'de' is not configured"):
        check_project(french, ["de"])


def test_missing_catalog_is_a_finding(french: Project) -> None:
    findings = check_project(french)  # bm was never created
    [missing] = of(findings, "po-validity", "bm")
    assert missing.path == "locale/bm/LC_MESSAGES/doc.po"
    assert missing.severity == "error"
    assert "pubkit init bm" in missing.message


def test_po_syntax_error_is_a_finding_with_its_line(french: Project) -> None:
    edit_po(french, 'msgid "Why Bamako?"', 'msgid "Why Bamako?')
    lines = po_path(french).read_text(encoding="utf-8").splitlines()
    [finding] = [f for f in check_project(french, ["fr"]) if f.lang == "fr"]
    assert (finding.check, finding.severity) == ("po-validity", "error")
    assert "invalid PO syntax" in finding.message
    assert finding.line == lines.index('msgid "Why Bamako?') + 1


def test_cli_text_and_json(french: Project) -> None:
    runner = CliRunner()
    root = str(french.root)
    ok = runner.invoke(cli, ["--project", root, "check", "fr"])
    assert ok.exit_code == 0, ok.output
    translate(french, "fr", {HEADING: "Pourquoi Bamako?", ARMY: "L’armée a perdu Kidal."})
    text = runner.invoke(cli, ["--project", root, "check", "fr"])
    assert text.exit_code == 1
    line = line_of(french, HEADING)
    assert f"locale/fr/LC_MESSAGES/doc.po:{line}: warning: [typography] " in text.output
    data = json.loads(
        runner.invoke(cli, ["--project", root, "check", "fr", "--format", "json"]).stdout
    )
    assert {"path", "line", "severity", "check", "message", "lang"} == set(data[0])
    assert any(item["check"] == "numbers" and item["severity"] == "error" for item in data)
