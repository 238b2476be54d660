"""pubkit check: every rule fails on a bad example and passes on a good one; numbers; glossary."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from babel.numbers import format_decimal
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.catalogs import workflow
from pubkit.catalogs.pofile import FUZZY, read_catalog, write_catalog
from pubkit.checks.glossary import read_glossary
from pubkit.checks.numbers import number_values
from pubkit.checks.rules import ENTRY_RULES, only_names
from pubkit.checks.runner import Finding, check_project
from pubkit.cli import cli
from pubkit.config import Project
from pubkit.errors import PubkitError

from .conftest import MakeProject

SOURCE = """\
---
slug: doc
title: The junta of Mali
author: A. Writer
publisher: Pub
---

## Why Bamako?

The 20,000-strong army lost **Kidal** in 2023 to the [JNIM](https://example.org/jnim).

Both leaders want an "Islamic caliphate" in Mali. The rest is *detail*: 5 %.

::: pullquote
Both leaders want an "Islamic caliphate" in Mali.
:::

## Assimi Goïta

Kouffa met the juntas of [Burkina Faso](missing:) at 14:30.

Then Khouffa left; Kouffa stayed.
"""
TITLE = "The junta of Mali"
HEADING = "Why Bamako?"
ARMY = "The 20,000-strong army lost **Kidal** in 2023 to the [JNIM](https://example.org/jnim)."
LEADERS = 'Both leaders want an "Islamic caliphate" in Mali. The rest is *detail*: 5 %.'
QUOTE = 'Both leaders want an "Islamic caliphate" in Mali.'
NAMES = "Assimi Goïta"
MEETING = "Kouffa met the juntas of [Burkina Faso](missing:) at 14:30."
LEFT = "Then Khouffa left; Kouffa stayed."

FRENCH = {
    TITLE: "La junte du Mali",
    HEADING: "Pourquoi Bamako ?",
    ARMY: "L’armée de 20\u202f000 hommes a perdu **Kidal** en 2023 face au "
    "[JNIM](https://example.org/jnim).",
    LEADERS: "Les deux chefs veulent un « califat islamique » au Mali. "
    "Le reste est un *détail* : 5 %.",
    QUOTE: "Les deux chefs veulent un « califat islamique » au Mali.",
    NAMES: NAMES,
    MEETING: "Kouffa a rencontré les juntes du [Burkina Faso](missing:) à 14:30.",
    LEFT: "Puis Khouffa est parti ; Kouffa est resté.",
}
GLOSSARY = """\
en,fr,bm,note
JNIM,JNIM,JNIM,"acronym, keep as is"
junta,junte,sɔrɔdasi fanga,military junta
caliphate,califat,,
"""


# -- helpers --------------------------------------------------------------------------------


def po_path(project: Project, lang: str = "fr") -> Path:
    return project.po_path(project.publications[0], lang)


def translate(
    project: Project, lang: str, texts: dict[str, str], fuzzy: frozenset[str] = frozenset()
) -> None:
    """Set the msgstr (and fuzzy flag) of entries by msgid, through pubkit's catalog API."""
    path = po_path(project, lang)
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
        if entry.msgid in fuzzy:
            entry.flags.append(FUZZY)
    write_catalog(catalog, path)


def line_of(project: Project, msgid: str, lang: str = "fr") -> int:
    entry = next(e for e in read_catalog(po_path(project, lang)) if e.msgid == msgid)
    return int(entry.linenum)


def edit_po(project: Project, old: str, new: str, lang: str = "fr") -> None:
    path = po_path(project, lang)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def of(findings: list[Finding], check: str, lang: str | None = "fr") -> list[Finding]:
    return [f for f in findings if f.check == check and f.lang == lang]


@pytest.fixture
def french(make_project: MakeProject) -> Project:
    """A project whose French catalog is completely and correctly translated."""
    project = make_project(SOURCE, glossary=GLOSSARY)
    workflow.init(project, ["en", "fr"])
    translate(project, "fr", FRENCH)
    return project


def changed(project: Project, msgid: str, msgstr: str, lang: str = "fr") -> list[Finding]:
    translate(project, lang, {msgid: msgstr})
    return check_project(project, [lang])


# -- the whole run --------------------------------------------------------------------------


def test_good_catalogs_have_no_findings(french: Project) -> None:
    findings = check_project(french, ["en", "fr"])
    assert [f for f in findings if f.lang is not None] == []


def test_large_catalogs_are_checked_in_parts_with_the_same_findings(
    french: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From PARALLEL_ENTRIES entries up, forked processes check parts of the catalog;
    the findings are those of one process, in the same order."""
    import pubkit.checks.rules

    translate(french, "fr", {ARMY: "L’armée de 20 000 hommes a perdu Kidal.", TITLE: "La junta"})
    translate(french, "en", {LEFT: "Then Khouffa left;  Kouffa stayed"})
    whole = check_project(french)
    assert len([f for f in whole if f.lang]) >= 4
    monkeypatch.setattr(pubkit.checks.rules, "PARALLEL_ENTRIES", 1)
    monkeypatch.setattr(pubkit.checks.rules.os, "cpu_count", lambda: 3)
    assert len(pubkit.checks.rules._parts(list(range(8)))) == 3
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


# -- 1. po-validity -------------------------------------------------------------------------


def header_field_line(project: Project, field: str) -> int:
    lines = po_path(project).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f'"{field}:'))


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("charset=UTF-8", "charset=ISO-8859-1", "Content-Type", "charset must be UTF-8"),
        ("Language: fr", "Language: bm", "Language", "Language is 'bm'"),
        ("nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n > ;", "Plural-Forms", "invalid"),
        (
            "Last-Translator: French translation team",
            "Last-Translator: FULL NAME <EMAIL@ADDRESS>",
            "Last-Translator",
            "initial default",
        ),
        (
            "PO-Revision-Date: 2026-01-02 03:04+0000",
            "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE",
            "PO-Revision-Date",
            "initial default",
        ),
    ],
)
def test_po_validity_header(french: Project, old: str, new: str, field: str, message: str) -> None:
    edit_po(french, old, new)
    [finding] = of(check_project(french, ["fr"]), "po-validity")
    assert finding.severity == "error"
    assert finding.line == header_field_line(french, field)
    assert message in finding.message


def test_po_validity_header_missing_fields(french: Project) -> None:
    edit_po(french, '"Language: fr\\n"\n', "")
    edit_po(french, '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n', "")
    messages = [f.message for f in of(check_project(french, ["fr"]), "po-validity")]
    assert any("'Language' is missing" in m for m in messages)
    assert any("'Plural-Forms' is missing" in m for m in messages)


def test_po_validity_no_header(french: Project) -> None:
    path = po_path(french)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[text.index("\n\n") + 2 :], encoding="utf-8")
    findings = of(check_project(french, ["fr"]), "po-validity")
    assert [(f.line, f.message[:12]) for f in findings] == [(1, "no PO header")]


def plural_findings(project: Project, lang: str = "fr") -> list[Finding]:
    findings = check_project(project, [lang])
    return of(findings, "po-validity", lang) + of(findings, "plural-forms", lang)


GETTEXT_FR = "nplurals=2; plural=(n > 1);"
CLDR_FR = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"


@pytest.mark.parametrize(
    "formula",
    [
        "nplurals=2; plural=n>1;",  # gettext's, spelt otherwise
        CLDR_FR,  # CLDR 48's, as Babel 2.19 derives it
        "nplurals=3; plural=n<=1 ? 0 : n%1000000 ? 2 : 1;",  # the same, spelt otherwise
    ],
)
def test_plural_forms_every_convention_accepted(french: Project, formula: str) -> None:
    edit_po(french, GETTEXT_FR, formula)
    assert plural_findings(french) == []


def test_plural_forms_cldr_catalog_with_three_forms(french: Project) -> None:
    edit_po(french, GETTEXT_FR, CLDR_FR)
    path = po_path(french)
    path.write_text(
        path.read_text(encoding="utf-8") + PLURAL + 'msgstr[1] "%d de jours"\n'
        'msgstr[2] "%d jours"\n',
        encoding="utf-8",
    )
    assert plural_findings(french) == []


def test_plural_forms_unknown_convention_is_a_warning(french: Project) -> None:
    edit_po(french, GETTEXT_FR, "nplurals=2; plural=(n != 1);")
    [finding] = plural_findings(french)
    assert (finding.check, finding.severity) == ("plural-forms", "warning")
    assert finding.line == header_field_line(french, "Plural-Forms")
    assert "none of the conventions for fr" in finding.message
    assert f"{GETTEXT_FR!r} (GNU gettext, what pubkit init writes)" in finding.message
    assert f"{CLDR_FR!r} (CLDR" in finding.message


def test_plural_forms_bambara_has_one_plural_form(french: Project) -> None:
    workflow.init(french, ["bm"])
    assert plural_findings(french, "bm") == []
    edit_po(french, "nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);", "bm")
    [finding] = plural_findings(french, "bm")
    assert (finding.check, finding.severity) == ("plural-forms", "warning")
    assert "'nplurals=1; plural=0;' (CLDR" in finding.message


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("nplurals=2; plural=n/0;", "divides by zero for n=0"),
        ("nplurals=2; plural=n%(n-n);", "divides by zero for n=0"),
        ("nplurals=2; plural=(n%(n-7)) ? 1 : 0;", "divides by zero for n=7"),
        ("nplurals=99999999999999999999; plural=0;", "nplurals=999999999999… is not between 1"),
        (f"nplurals={'9' * 5000}; plural=0;", "is not between 1 and 20"),
        ("nplurals=0; plural=0;", "nplurals=0 is not between 1 and 20"),
        ("nplurals=21; plural=0;", "nplurals=21 is not between 1 and 20"),
        ("nplurals=2; plural=n;", "nplurals=2 but the plural expression gives 2 for n=2"),
        ("nplurals=2; plural=n-5;", "gives -5 for n=0"),
        ("nplurals=2; plural=(n > 1;", "cannot be read"),
        ("nplurals=2; plural=" + "(" * 30 + "n" + ")" * 30 + ";", "too complex"),
        ("nplurals=2; plural=" + "n+" * 600 + "0;", "too long"),
        ("nplurals=two; plural=0;", "expected 'nplurals=N; plural=EXPRESSION;'"),
    ],
)
def test_plural_forms_errors(french: Project, formula: str, message: str) -> None:
    edit_po(french, GETTEXT_FR, formula)
    path = po_path(french)  # a plural entry: its forms are counted against the header
    path.write_text(path.read_text(encoding="utf-8") + PLURAL, encoding="utf-8")
    findings = plural_findings(french)
    header = [f for f in findings if f.line == header_field_line(french, "Plural-Forms")]
    [finding] = header
    assert (finding.check, finding.severity) == ("po-validity", "error")
    assert finding.message.startswith("invalid Plural-Forms")
    assert message in finding.message


@pytest.mark.parametrize(
    "formula",
    [
        "nplurals=2; plural=n/0;",
        "nplurals=99999999999999999999; plural=0;",
        "nplurals=2; plural=n;",
    ],
)
def test_plural_forms_errors_through_the_cli(french: Project, formula: str) -> None:
    edit_po(french, GETTEXT_FR, formula)
    line = header_field_line(french, "Plural-Forms")
    runner = CliRunner()
    root = str(french.root)
    done = runner.invoke(cli, ["--project", root, "check", "fr"])
    assert done.exit_code == 1 and isinstance(done.exception, SystemExit), done.output
    expected = f"locale/fr/LC_MESSAGES/doc.po:{line}: error: [po-validity] invalid Plural-Forms"
    assert expected in done.output
    review = runner.invoke(cli, ["--project", root, "review", "fr", "--by", "A. Reviewer"])
    assert review.exit_code == 1 and isinstance(review.exception, SystemExit), review.output
    assert f"doc.po:{line}: invalid Plural-Forms" in review.output


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf"], ids=["empty", "bom-only"])
def test_empty_catalog_is_an_error(french: Project, content: bytes) -> None:
    po_path(french).write_bytes(content)
    [finding] = of(check_project(french, ["fr"]), "po-validity")
    assert (finding.line, finding.severity) == (1, "error")
    assert finding.message.startswith("the catalog is empty")
    done = CliRunner().invoke(cli, ["--project", str(french.root), "check", "fr"])
    assert done.exit_code == 1 and isinstance(done.exception, SystemExit), done.output
    assert "locale/fr/LC_MESSAGES/doc.po:1: error: [po-validity] the catalog is empty" in (
        done.output
    )


def test_header_only_catalog_is_checked(french: Project) -> None:
    path = po_path(french)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n\n") + 1], encoding="utf-8")
    findings = [f for f in check_project(french, ["fr"]) if f.lang == "fr"]
    assert [f.check for f in findings] == ["outdated"]


@pytest.mark.parametrize(
    ("msgid_line", "msgstr_line", "message"),
    [
        ('msgid "Why Bamako?\\n"', 'msgstr "Pourquoi Bamako ?"', "both end with '\\n'"),
        ('msgid "Why Bamako?"', 'msgstr "\\nPourquoi Bamako ?"', "both begin with '\\n'"),
    ],
)
def test_po_validity_newlines(
    french: Project, msgid_line: str, msgstr_line: str, message: str
) -> None:
    edit_po(
        french, 'msgid "Why Bamako?"\nmsgstr "Pourquoi Bamako ?"', f"{msgid_line}\n{msgstr_line}"
    )
    line = line_of(french, HEADING + "\n" if msgid_line.endswith('\\n"') else HEADING)
    findings = of(check_project(french, ["fr"]), "po-validity")
    assert [(f.line, f.message) for f in findings] == [
        (line, f"'msgid' and 'msgstr' do not {message}")
    ]


PLURAL = '\nmsgid "one day"\nmsgid_plural "%d days"\nmsgstr[0] "un jour"\n'


def test_po_validity_plural_count(french: Project) -> None:
    path = po_path(french)
    path.write_text(path.read_text(encoding="utf-8") + PLURAL, encoding="utf-8")
    findings = of(check_project(french, ["fr"]), "po-validity")
    assert [f.message for f in findings] == [
        "1 plural form(s) (msgstr[0]) but Plural-Forms says nplurals=2"
    ]
    path.write_text(path.read_text(encoding="utf-8") + 'msgstr[1] "%d jours"\n', encoding="utf-8")
    assert of(check_project(french, ["fr"]), "po-validity") == []


def msgfmt_complains(path: Path) -> bool:
    """GNU msgfmt --check: a fatal error, or a warning about the header."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt is not None, "GNU gettext's msgfmt is needed for this test"
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode != 0 or "warning" in result.stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),  # the good catalog
        ('msgid "Why Bamako?"', 'msgid "Why Bamako?\\n"'),
        ('msgstr "Pourquoi Bamako ?"', 'msgstr "\\nPourquoi Bamako ?"'),
        ("Last-Translator: French translation team", "Last-Translator: FULL NAME <EMAIL@ADDRESS>"),
        ('"Language: fr\\n"\n', ""),
        ("charset=UTF-8", "charset=CHARSET"),
        ("nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n > 1;"),
        ('msgstr "Pourquoi Bamako ?"', 'msgstr[0] "Pourquoi Bamako ?"'),
    ],
)
def test_po_validity_agrees_with_msgfmt(french: Project, old: str, new: str) -> None:
    if old:
        edit_po(french, old, new)
    ours = bool(of(check_project(french, ["fr"]), "po-validity"))
    assert ours == msgfmt_complains(po_path(french)) == bool(old)


def test_po_validity_agrees_with_msgfmt_on_plurals(french: Project) -> None:
    path = po_path(french)
    path.write_text(path.read_text(encoding="utf-8") + PLURAL, encoding="utf-8")
    assert msgfmt_complains(path)
    assert of(check_project(french, ["fr"]), "po-validity")


# -- 2. markdown ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgstr", "message"),
    [
        (
            FRENCH[ARMY].replace("example.org/jnim", "example.org/jnim-fr"),
            "link target(s) of the source missing: 'https://example.org/jnim'",
        ),
        (FRENCH[ARMY].replace("**Kidal**", "Kidal"), "bold (**…**) spans: the source has 1"),
        (FRENCH[ARMY].replace("**Kidal**", "**Kidal"), "stray or unclosed markup '**'"),
        (FRENCH[ARMY].replace("hommes", "*hommes*"), "italic (*…*) spans: the source has 0"),
        (
            FRENCH[ARMY].replace("Kidal", "[Kidal](https://example.org/kidal)"),
            "link target(s) not in the source",
        ),
    ],
)
def test_markdown(french: Project, msgstr: str, message: str) -> None:
    findings = of(changed(french, ARMY, msgstr), "markdown")
    assert findings
    assert all(f.severity == "error" and f.line == line_of(french, ARMY) for f in findings)
    assert any(message in f.message for f in findings)


@pytest.mark.parametrize(
    "added",
    [
        '<a href="https://evil.example">ici</a>',
        "<https://evil.example>",
        "<script>alert(1)</script>",
        "&amp;",
    ],
)
def test_html_autolinks_and_entities_added(french: Project, added: str) -> None:
    # A warning: it prints as typed, safely, and may be meant as text ("<<le Mali>>").
    findings = of(changed(french, ARMY, f"{FRENCH[ARMY]} {added}"), "html")
    assert [(f.line, f.severity) for f in findings] == [(line_of(french, ARMY), "warning")]
    assert "will print as typed" in findings[0].message and added[:6] in findings[0].message
    # A comparison sign is not markup.
    assert of(changed(french, ARMY, FRENCH[ARMY] + " 5 < 6 > 4"), "html") == []


def test_credit_with_control_characters(french: Project) -> None:
    path = po_path(french)
    po = polib.pofile(str(path))
    po.metadata["X-Translation-Credit"] = "traduction de Awa Traoré, \u202e2023\u202c"
    write_catalog(po, path)
    findings = of(check_project(french, ["fr"]), "control-characters")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [(f.severity, lines[f.line - 1].split(":")[0]) for f in findings] == [
        ("error", '"X-Translation-Credit')
    ]


def test_control_characters(french: Project) -> None:
    # U+202E prints the digits after it right to left: "25" appears as "52".
    msgstr = FRENCH[ARMY].replace("2023", "\u202e2023\u202c")
    findings = of(changed(french, ARMY, msgstr), "control-characters")
    assert [(f.line, f.severity) for f in findings] == [(line_of(french, ARMY), "error")]
    assert "U+202C POP DIRECTIONAL FORMATTING, U+202E RIGHT-TO-LEFT OVERRIDE" in findings[0].message
    assert of(changed(french, ARMY, FRENCH[ARMY] + "\x1b[2J"), "control-characters")
    assert of(changed(french, ARMY, FRENCH[ARMY]), "control-characters") == []


def test_urls_added(french: Project) -> None:
    msgstr = FRENCH[ARMY] + " Voir https://evil.example/page."
    findings = of(changed(french, ARMY, msgstr), "urls")
    assert [(f.severity, f.message) for f in findings] == [
        ("warning", "address(es) not in the source: 'https://evil.example/page'")
    ]
    assert of(changed(french, ARMY, FRENCH[ARMY]), "urls") == []
    # "’s" after an address, or a closing quote, is not part of it.
    from pubkit.checks.rules import _addresses

    assert list(_addresses("per www.acleddata.com’s data, «https://a.example/x»")) == [
        "www.acleddata.com",
        "https://a.example/x",
    ]


def test_length(french: Project) -> None:
    findings = of(changed(french, TITLE, "La junte " * 40), "length")
    assert [(f.severity, f.line) for f in findings] == [("warning", line_of(french, TITLE))]
    assert "times as long as the source" in findings[0].message
    assert of(changed(french, TITLE, FRENCH[TITLE]), "length") == []


def test_markdown_links_may_move(french: Project) -> None:
    msgstr = (
        "Face au [JNIM](https://example.org/jnim), l’armée de 20 000 a perdu **Kidal** en 2023."
    )
    assert of(changed(french, ARMY, msgstr), "markdown") == []


# -- 3. numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        # "20,000" is twenty in French: the comma is the decimal sign.
        (
            ARMY,
            FRENCH[ARMY].replace("20\u202f000", "20,000"),
            "number(s) of the source missing: 20000",
        ),
        (ARMY, FRENCH[ARMY].replace("2023", "2024"), "number(s) not in the source: 2024"),
        (ARMY, FRENCH[ARMY].replace("2023", "2023 et 2023"), "number(s) not in the source: 2023"),
        (LEADERS, FRENCH[LEADERS].replace("5 %", "50 %"), "number(s) of the source missing: 5"),
    ],
)
def test_numbers(french: Project, msgid: str, msgstr: str, message: str) -> None:
    findings = of(changed(french, msgid, msgstr), "numbers")
    assert {(f.line, f.severity) for f in findings} == {(line_of(french, msgid), "error")}
    assert message in [f.message for f in findings]


@pytest.mark.parametrize("group", [" ", "\u00a0", "\u202f"])
def test_numbers_accept_french_grouping(french: Project, group: str) -> None:
    msgstr = FRENCH[ARMY].replace("20\u202f000", f"20{group}000")
    assert of(changed(french, ARMY, msgstr), "numbers") == []


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("The 20,000-strong army", "en", ["20000"]),
        ("Les 20 000 hommes, 20\u00a0000 et 20\u202f000", "fr", ["20000"] * 3),
        ("Since the 1980s", "en", ["1980"]),
        ("5 % et 5%", "fr", ["5", "5"]),
        ("2.5 days", "en", ["2.5"]),
        ("2,5 jours", "fr", ["2.5"]),
        ("50", "en", ["50"]),
        ("In 2012, he founded", "en", ["2012"]),
        ("En 2012, il a fondé", "fr", ["2012"]),
        ("en 2012 200 soldats", "fr", ["2012", "200"]),
        ("at 14:30", "fr", ["14", "30"]),
        ("some 70 million US dollars, 2,500 Russians", "en", ["70", "2500"]),
        ("1,234,567.25", "en", ["1234567.25"]),
        ("1\u202f234\u202f567,25", "fr", ["1234567.25"]),
        ("20 000", "bm", ["20000"]),
        ("no digits", "en", []),
    ],
)
def test_number_values(text: str, lang: str, values: list[str]) -> None:
    assert number_values(text, lang) == {Decimal(v): values.count(v) for v in values}


def test_number_values_are_not_substrings() -> None:
    assert number_values("50", "en") != number_values("5", "en")
    assert number_values("20,000", "en") == number_values("20 000", "fr")
    assert number_values("2.5", "en") == number_values("2,5", "fr")


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=0, max_value=10**15),
        st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    ),
    st.sampled_from(["en", "fr", "bm"]),
)
def test_number_values_round_trip_babel(value: int | Decimal, lang: str) -> None:
    text = format_decimal(value, locale=lang)
    assert number_values(f"about {text} people", lang) == {Decimal(value): 1}
    assert number_values(format_decimal(value, locale="en"), "en") == number_values(
        format_decimal(value, locale="fr"), "fr"
    )


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="0123456789 ,.\u00a0\u202fa%-", max_size=30),
    st.sampled_from(["en", "fr", "bm"]),
)
def test_number_values_by_runs_equal_one_pass(text: str, lang: str) -> None:
    """Finding numbers run by run (the fast path) finds what one pass over the text finds."""
    from pubkit.checks.numbers import _NOT_DIGIT, _pattern

    expected: Counter[Decimal] = Counter()
    for digits, fraction in _pattern(lang).findall(text):
        digits = _NOT_DIGIT.sub("", digits)
        expected[Decimal(f"{digits}.{fraction}" if fraction else digits)] += 1
    assert number_values(text, lang) == expected


# -- 4. glossary ----------------------------------------------------------------------------


def test_glossary(french: Project) -> None:
    [finding] = of(changed(french, TITLE, "La junta du Mali"), "glossary")
    assert finding.severity == "error"
    assert finding.line == line_of(french, TITLE)
    assert finding.message == "'junta' must be translated 'junte' (glossary.csv:3)"


def test_glossary_accepts_inflection_and_case(french: Project) -> None:
    assert of(changed(french, TITLE, "Les Juntes du Mali"), "glossary") == []


def test_glossary_whole_words_in_the_source(french: Project) -> None:
    # "juntas" is not the term "junta": no requirement for MEETING.
    assert (
        of(changed(french, MEETING, FRENCH[MEETING].replace("juntes", "chefs")), "glossary") == []
    )


_TERM = st.lists(st.text(alphabet="aAbBİß-", min_size=1, max_size=3), min_size=1, max_size=3).map(
    " ".join
)


def _longest_first(terms: list[str], text: str) -> list[tuple[int, int]]:
    """What the glossary means by a term occurring, by brute force: at each word start,
    left to right, the longest term there, an acronym in its own case, any other term
    where the lowered texts agree; each followed by a word's end."""
    import re

    from pubkit.checks.glossary import _spaced, lower

    lowered = lower(text)
    ordered = sorted(terms, key=lambda t: (-len(t), t))
    patterns = [
        (t.isupper(), re.compile(rf"(?<!\w){_spaced(t if t.isupper() else lower(t))}(?!\w)"))
        for t in ordered
    ]
    spans, position = [], 0
    while position < len(text):
        for acronym, pattern in patterns:
            match = pattern.match(text if acronym else lowered, position)
            if match is not None:
                spans.append(match.span())
                position = match.end()
                break
        else:
            position += 1
    return spans


@settings(max_examples=300, deadline=None)
@given(
    terms=st.lists(_TERM, min_size=1, max_size=6, unique_by=lambda t: t.casefold()),
    text=st.text("aAbBİß- .", max_size=40),
)
def test_glossary_finder_is_the_longest_first_alternation(terms: list[str], text: str) -> None:
    """The trie-shaped finder matches exactly what trying every term, longest first, at
    every word start matches."""
    from pubkit.checks.glossary import _TermFinder, lower

    finder = _TermFinder(terms)
    assert list(finder.spans(text, lower(text))) == _longest_first(terms, text)


_ASCII_TERM = st.lists(st.text("aAbB-", min_size=1, max_size=3), min_size=1, max_size=3).map(
    " ".join
)


@settings(max_examples=300, deadline=None)
@given(
    terms=st.lists(_ASCII_TERM, min_size=1, max_size=6, unique_by=str.lower),
    text=st.text("aAbB- .", max_size=40),
)
def test_glossary_finder_agrees_with_ignorecase(terms: list[str], text: str) -> None:
    """Where str.lower and re.IGNORECASE agree (here: ASCII), the finder matches what
    the alternation of every term, longest first, matches with IGNORECASE, acronyms in
    their own case (the behaviour before terms were matched in lowered text)."""
    import re

    from pubkit.checks.glossary import _spaced, _TermFinder, lower

    ordered = sorted(terms, key=lambda t: (-len(t), t))
    alternatives = [f"(?-i:{_spaced(t)})" if t.isupper() else _spaced(t) for t in ordered]
    plain = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
    spans = list(_TermFinder(terms).spans(text, lower(text)))
    assert spans == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(form=_ASCII_TERM, text=st.text("aAbBéÉ-’' .\u00a0", max_size=40))
def test_glossary_has_form_agrees_with_ignorecase(form: str, text: str) -> None:
    """A required form is found where ``(?<!\\w)`` and the spaced form find it in the
    folded translation with IGNORECASE (here str.lower and IGNORECASE agree)."""
    import re

    from pubkit.checks.glossary import Glossary, _spaced, fold

    expected = re.search(rf"(?<!\w){_spaced(form)}", fold(text), re.IGNORECASE) is not None
    assert Glossary("g.csv", ("fr",), ()).has_form(form, text) == expected


def test_lowering_keeps_word_boundaries() -> None:
    """No character becomes a word character by lowering, or stops being one: matching
    the lowered text finds word boundaries where the text has them."""
    import sys

    from pubkit.checks.glossary import lower

    changed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if (char := chr(code)).isalnum() != lower(char).isalnum()
    ]
    assert changed == []
    assert lower("İSTANBUL Ünal") == "İstanbul ünal"  # kept in place, not "i̇"
    # Final sigma is folded, whatever str.lower made of it and whatever else is there.
    assert lower("ΟΔΟΣ") == lower("ΟΔΟΣ İ")[:4] == lower("οδος") == "οδοσ"


@settings(max_examples=300, deadline=None)
@given(form=_TERM, text=st.text("aAbB- .é", max_size=40))
def test_glossary_form_pattern_is_the_look_behind_first_form(form: str, text: str) -> None:
    """A required form is found where ``(?<!\\w)`` + the spaced form finds it."""
    import re

    from pubkit.checks.glossary import _form_regex, _spaced

    plain = re.compile(rf"(?<!\w){_spaced(form)}", re.IGNORECASE)
    fast = re.compile(_form_regex(form), re.IGNORECASE)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_glossary_empty_cell_means_no_requirement(french: Project) -> None:
    workflow.init(french, ["bm"])
    translate(french, "bm", {LEADERS: "Kuntigi fila b'a fɛ ... 5 %.", TITLE: "Mali sɔrɔdasi fanga"})
    assert of(check_project(french, ["bm"]), "glossary", "bm") == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("fr,en,note\n", 1, "must start with 'en'"),
        ("en,fr,fr,note\n", 1, "duplicate column 'fr'"),
        ("en,fr,note\njunta,junte\n", 2, "row has 2 cells, the header has 3"),
        ("en,fr,note\njunta,junte,\n,x,\n", 3, "'en' cell is empty"),
        ("en,fr,note\njunta,junte,\nJunta,junte,\n", 3, "duplicate term 'Junta' (first at line 2)"),
        ('en,fr,note\n"junta,junte,\n', 2, "invalid CSV"),
        ('en,fr,note\njunta,junte,\n"Kidal,Kidal,\nSahel,Sahel,\nMali,Mali,\n', 3, "invalid CSV"),
        ("", 1, "glossary is empty"),
    ],
)
def test_glossary_file_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PubkitError) as error:
        read_glossary(path, "glossary.csv")
    assert (error.value.path, error.value.line) == ("glossary.csv", line)
    assert message in error.value.message


def test_glossary_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_bytes(b"en,fr,note\njunta,junte,\ncaf\xe9,caf\xe9,\n")
    with pytest.raises(PubkitError, match=r"glossary\.csv:3: glossary is not valid UTF-8"):
        read_glossary(path, "glossary.csv")


def test_glossary_reads_quoted_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(
        'en,fr,bm,note\nUN,ONU,,"acronym,\nkept"\nWest Africa,Afrique de l’Ouest,,\n', "utf-8"
    )
    glossary = read_glossary(path)
    assert [(t.en, t.line, t.form("fr"), t.form("bm")) for t in glossary.terms] == [
        ("UN", 2, "ONU", None),
        ("West Africa", 4, "Afrique de l'Ouest", None),
    ]
    # Acronyms match their case only: the French article "un" is not the UN.
    assert glossary.terms_in("un UN") == [glossary.terms[0]]
    assert glossary.terms_in("West African") == []
    assert glossary.has_form("Afrique de l'Ouest", "l’Afrique\u00a0de l’Ouest")


def test_broken_glossary_stops_the_check(french: Project) -> None:
    (french.root / "glossary.csv").write_text("en,fr\njunta\n", encoding="utf-8")
    with pytest.raises(PubkitError, match=r"glossary\.csv:2"):
        check_project(french, ["fr"])


def test_real_glossary_parses() -> None:
    path = Path(__file__).resolve().parent.parent / "locale" / "glossary.csv"
    if path.exists():
        glossary = read_glossary(path)
        assert "fr" in glossary.languages


# -- 5. pull quotes -------------------------------------------------------------------------


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


# -- 6. typography --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        (HEADING, "Pourquoi Bamako?", "no space before ; : ! ? (fr typography): 'Bamako?'"),
        (LEFT, "Puis Khouffa est parti; Kouffa est resté.", "'parti;'"),
        (QUOTE, "Les deux chefs veulent un «califat islamique» au Mali.", "no space inside « »"),
        (HEADING, "Pourquoi  Bamako ?", "doubled space"),
        (HEADING, " Pourquoi Bamako ?", "leading or trailing whitespace"),
        (HEADING, "Pourquoi Bamako", "ends with no final punctuation but the source ends with '?'"),
        (TITLE, "La junte du Mali.", "ends with '.' but the source ends with no final punctuation"),
    ],
)
def test_typography(french: Project, msgid: str, msgstr: str, message: str) -> None:
    findings = of(changed(french, msgid, msgstr), "typography")
    assert [(f.line, f.severity) for f in findings] == [(line_of(french, msgid), "warning")]
    assert message in findings[0].message


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        (HEADING, "Pourquoi Bamako\u202f?"),
        (HEADING, "Pourquoi Bamako\u00a0?"),
        (
            MEETING,
            "Kouffa a vu les juntes du [Burkina Faso](missing:) à 14:30, voir https://x.org.",
        ),
        (QUOTE, "Les deux chefs veulent un «\u202fcalifat islamique\u202f» au Mali."),
    ],
)
def test_typography_passes(french: Project, msgid: str, msgstr: str) -> None:
    assert of(changed(french, msgid, msgstr), "typography") == []


def test_typography_english_and_bambara(french: Project) -> None:
    # English has no space before '?'; Bambara print follows French conventions.
    translate(french, "en", {HEADING: "Why Bamako?"})
    assert of(check_project(french, ["en"]), "typography", "en") == []
    workflow.init(french, ["bm"])
    translate(french, "bm", {HEADING: "Mun na Bamako?"})
    [finding] = of(check_project(french, ["bm"]), "typography", "bm")
    assert "bm typography" in finding.message


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab ;:!?«»\u202f\n", max_size=30))
def test_typography_patterns_equal_their_look_behind_first_forms(text: str) -> None:
    """The patterns start with the character they look for (so re skips to it); they
    match where the look-behind-first forms match."""
    import re

    from pubkit.checks.rules import _NO_SPACE_BEFORE, _NO_SPACE_BEFORE_CLOSING

    for fast, plain in (
        (_NO_SPACE_BEFORE, r"(?<=[^\s;:!?])[;:!?]"),
        (_NO_SPACE_BEFORE_CLOSING, r"(?<=\S)»"),
    ):
        assert [m.span() for m in fast.finditer(text)] == [
            m.span() for m in re.finditer(plain, text)
        ]


# -- 7. glyphs ------------------------------------------------------------------------------


def test_glyphs_of_the_edition_fonts(french: Project) -> None:
    # Bambara letters, their capitals and tone marks are in every font.
    assert of(changed(french, HEADING, "Mun na Bamakɔ ɲɛ́ ŋà ?"), "glyphs") == []
    findings = of(changed(french, LEFT, "Puis Khouffa → Kouffa ; Жe."), "glyphs")
    assert [(f.line, f.severity, f.message) for f in findings] == [
        (line_of(french, LEFT), "error", f"{char} is missing from all 7 fonts")
        for char in ("'Ж' U+0416 CYRILLIC CAPITAL LETTER ZHE", "'→' U+2192 RIGHTWARDS ARROW")
    ]


def test_glyphs_capitals_of_headings(french: Project) -> None:
    # 'ɑ' is in the fonts, its capital 'Ɑ' (U+2C6D) is not: headings print in capitals.
    [finding] = of(changed(french, HEADING, "Pourquoi Bɑmako ?"), "glyphs")
    assert finding.severity == "error"
    assert finding.line == line_of(french, HEADING)
    assert "U+2C6D LATIN CAPITAL LETTER ALPHA (capital of 'ɑ'" in finding.message
    # The same letter in a paragraph prints as typed.
    translate(french, "fr", {HEADING: FRENCH[HEADING]})
    assert of(changed(french, LEFT, "Puis Khouffa est pɑrti ; Kouffa est resté."), "glyphs") == []


def make_font(path: Path, chars: str) -> None:
    """A tiny TrueType font mapping exactly ``chars`` (empty outlines)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = "".join(sorted(set(chars)))
    names = [".notdef", *(f"uni{ord(c):04X}" for c in chars)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty for name in names})
    builder.setupHorizontalMetrics({name: (500, 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": path.stem, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_glyphs_every_font_and_combining_marks(french: Project) -> None:
    fonts = french.styles_dir / "fonts"
    shutil.rmtree(fonts)
    fonts.mkdir()
    basic = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x180)))
    typography = "«»“”’…\u202f"
    make_font(fonts / "A.ttf", basic + typography + "\u0301")
    make_font(fonts / "B.ttf", basic + typography)
    [finding] = of(
        changed(french, LEFT, "Puis Khouffa est parti ; Kouffa est resté q\u0301."), "glyphs"
    )
    assert finding.message == "'◌\u0301' U+0301 COMBINING ACUTE ACCENT is missing from B.ttf"
    assert of(changed(french, LEFT, FRENCH[LEFT]), "glyphs") == []


def test_glyphs_of_the_typography(french: Project) -> None:
    fonts = french.styles_dir / "fonts"
    shutil.rmtree(fonts)
    fonts.mkdir()
    make_font(fonts / "A.ttf", "".join(map(chr, range(0x20, 0x180))) + "’…\u202f")
    findings = of(check_project(french, ["fr"]), "glyphs")
    header = [f for f in findings if "fr typography prints" in f.message]
    assert {f.message.split()[3] for f in header} == {"'“'", "'”'"}  # « » are in Latin-1


# -- 8. untranslated, fuzzy, identical -------------------------------------------------------


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


# -- 9. source lint -------------------------------------------------------------------------


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


def test_outdated_catalog(french: Project) -> None:
    source = french.publications[0].source
    source.write_text(SOURCE + "\nA new paragraph.\n", encoding="utf-8")
    [finding] = of(check_project(french, ["fr"]), "outdated")
    assert "1 source text(s) missing" in finding.message
