"""po-validity and plural-forms: what msgfmt --check rejects, and unknown conventions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pubkit.catalogs import workflow
from pubkit.checks import validity
from pubkit.checks.findings import Finding
from pubkit.checks.runner import check_project
from pubkit.cli import cli
from pubkit.config import Project

from .conftest import HEADING, edit_po, header, line_of, memory_catalog, messages, of, po_path


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


@pytest.mark.slow  # runs msgfmt
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


@pytest.mark.slow  # runs msgfmt
def test_po_validity_agrees_with_msgfmt_on_plurals(french: Project) -> None:
    path = po_path(french)
    path.write_text(path.read_text(encoding="utf-8") + PLURAL, encoding="utf-8")
    assert msgfmt_complains(path)
    assert of(check_project(french, ["fr"]), "po-validity")


# -- in memory ------------------------------------------------------------------------------


def test_header_rule_in_memory() -> None:
    assert list(validity.check_header(memory_catalog())) == []
    ctx = memory_catalog(metadata=header(Content_Type="text/plain; charset=latin-1"))
    assert list(validity.check_header(ctx)) == [
        (9, "Content-Type is 'text/plain; charset=latin-1': the charset must be UTF-8")
    ]
    metadata = header()
    del metadata["Language"]
    assert list(validity.check_header(memory_catalog(metadata=metadata))) == [
        (1, "header field 'Language' is missing")
    ]
    assert list(validity.check_header(memory_catalog(metadata={}))) == [
        (
            1,
            'the catalog is empty: no PO header (the first entry must be msgid "" with the '
            "header fields)",
        )
    ]


def test_entry_validity_rule_in_memory() -> None:
    check = validity.check_entry_validity
    assert messages(check, HEADING, "Pourquoi Bamako ?") == []
    assert messages(check, HEADING, "Pourquoi Bamako ?\n") == [
        "'msgid' and 'msgstr' do not both end with '\\n'"
    ]
    assert messages(check, HEADING, "Pourquoi Bamako ?\n", fuzzy=True) == []  # left out
    assert messages(check, "one day", "un jour", msgid_plural="%d days") == [
        "a plural message needs msgstr[0]… msgstr[N-1], not msgstr"
    ]
    assert messages(check, "one day", "", msgid_plural="%d days", forms={0: "un jour"}) == [
        "1 plural form(s) (msgstr[0]) but Plural-Forms says nplurals=2"
    ]


def test_plural_forms_rule_in_memory() -> None:
    check = validity.check_plural_convention
    assert list(check(memory_catalog(metadata=header(Plural_Forms=CLDR_FR)))) == []
    assert list(check(memory_catalog(metadata=header(Plural_Forms="nplurals=2; plural=(")))) == []
    [(line, message)] = check(memory_catalog(metadata=header(Plural_Forms="nplurals=1; plural=0;")))
    assert line == 11
    assert message.startswith("Plural-Forms is 'nplurals=1; plural=0;', none of the conventions")
    assert f"{GETTEXT_FR!r} (GNU gettext, what pubkit init writes)" in message
