"""Catalogs: init headers, update scenarios against golden PO files, status, errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.catalogs import workflow
from pubkit.catalogs.merge import merge_catalog
from pubkit.catalogs.pofile import read_catalog, write_catalog
from pubkit.catalogs.poformat import format_po
from pubkit.catalogs.template import REQUIRED_HEADER
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.locales.plurals import plural_forms

from ..conftest import FIXTURES, MakeProject, assert_golden
from .gettext_tools import msgmerge

UPDATE = FIXTURES / "update"
SCENARIOS = ["edit", "insert", "delete", "reorder", "whitespace", "roles"]


def translate_all(project: Project, lang: str, prefix: str) -> Path:
    """Fill every entry of LANG's catalog the way a translator would, and save it."""
    path = project.po_path(project.publications[0], lang)
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = f"{prefix}{entry.msgid}"
    write_catalog(po, path)
    return path


def test_init_headers(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr", "bm"], translator="Test Translator <t@example.org>")
    fr = polib.pofile(str(project.po_path(project.publications[0], "fr")))
    bm = polib.pofile(str(project.po_path(project.publications[0], "bm")))
    assert fr.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert bm.metadata["Plural-Forms"] == "nplurals=1; plural=0;"  # CLDR, not English
    assert bm.metadata["Language"] == "bm"
    assert bm.metadata["Language-Team"] == "Bambara"
    assert bm.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert fr.metadata["Last-Translator"] == "Test Translator <t@example.org>"
    assert fr.metadata["X-Review-Status"] == "draft"


def test_init_header_names_the_source_title(make_project: MakeProject) -> None:
    source = (UPDATE / "base.md").read_text()
    project = make_project(source.replace("title: Update test", "title: Mali. What next?"))
    workflow.init(project, ["fr"])
    fr = polib.pofile(str(project.po_path(project.publications[0], "fr")))
    assert fr.header.splitlines()[0] == "French translation of Mali. What next?."


def test_init_never_overwrites(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = translate_all(project, "fr", "FR ")
    before = path.read_bytes()
    with pytest.raises(PubkitError, match="exists already"):
        workflow.init(project, ["fr"])
    assert path.read_bytes() == before


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_update_scenario(make_project: MakeProject, scenario: str) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    translate_all(project, "fr", "FR ")
    shutil.copyfile(UPDATE / f"{scenario}.md", project.publications[0].source)
    workflow.update(project)
    path = project.po_path(project.publications[0], "fr")
    assert_golden(path.read_text(encoding="utf-8"), UPDATE / f"{scenario}.expect.po")


def test_update_edit_marks_fuzzy_with_previous(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    translate_all(project, "fr", "FR ")
    shutil.copyfile(UPDATE / "edit.md", project.publications[0].source)
    workflow.update(project)
    po = polib.pofile(str(project.po_path(project.publications[0], "fr")))
    fuzzy = [e for e in po if "fuzzy" in e.flags]
    assert len(fuzzy) == 1
    assert fuzzy[0].previous_msgid.endswith("its history.")
    assert fuzzy[0].msgid.endswith("its long history.")
    assert fuzzy[0].msgstr == "FR " + fuzzy[0].previous_msgid
    assert po.obsolete_entries() == []

    # A second edit before anyone translates: "#| msgid" still shows the text the
    # translation was made for, as msgmerge --previous keeps it.
    source = project.publications[0].source
    source.write_text(source.read_text().replace("its long history.", "its long past."))
    workflow.update(project)
    po = polib.pofile(str(project.po_path(project.publications[0], "fr")))
    (fuzzy_again,) = [e for e in po if "fuzzy" in e.flags]
    assert fuzzy_again.msgid.endswith("its long past.")
    assert fuzzy_again.previous_msgid == fuzzy[0].previous_msgid


def test_update_whitespace_only_changes_only_references(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = translate_all(project, "fr", "FR ")
    before = path.read_text()
    shutil.copyfile(UPDATE / "whitespace.md", project.publications[0].source)
    workflow.update(project)
    after = path.read_text()
    assert "fuzzy" not in after

    def without_references(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("#:")]

    assert without_references(after) == without_references(before)


def test_update_delete_keeps_obsolete(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    translate_all(project, "fr", "FR ")
    shutil.copyfile(UPDATE / "delete.md", project.publications[0].source)
    workflow.update(project)
    po = polib.pofile(str(project.po_path(project.publications[0], "fr")))
    assert [e.msgstr for e in po.obsolete_entries()] == [
        "FR The second paragraph describes the armed forces, 20,000 strong, in some detail."
    ]


@pytest.mark.slow
def test_update_rewrites_a_crlf_catalog_as_msgmerge_would(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = translate_all(project, "fr", "FR ")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    crlf = path.with_suffix(".crlf")
    shutil.copyfile(path, crlf)
    written = {row.path: row.changed for row in workflow.update(project)}
    assert written["locale/fr/LC_MESSAGES/doc.po"] is True
    # msgmerge keeps a carriage return where it is part of a comment from the catalog
    # (the header's, here), and only there.
    expected = msgmerge(crlf, project.pot_path(project.publications[0]))
    assert path.read_bytes() == expected and b"\r" in expected
    written = {row.path: row.changed for row in workflow.update(project)}
    assert written["locale/fr/LC_MESSAGES/doc.po"] is False


def test_update_keeps_plural_entries_translators_bring(make_project: MakeProject) -> None:
    """pubkit's sources make no plural entry, but a catalog may hold some: update keeps
    them, all their forms, as obsolete entries (msgmerge does the same)."""
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = translate_all(project, "fr", "FR ")
    plural = 'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "un"\nmsgstr[1] "%d"\n'
    obsolete = '#, fuzzy\n#~| msgid "a dog"\n#~ msgid "one dog"\n#~ msgid_plural "%d dogs"\n'
    obsolete += '#~ msgstr[0] "un chien"\n#~ msgstr[1] "%d chiens"\n'
    path.write_text(path.read_text() + "\n" + plural + "\n" + obsolete, encoding="utf-8")
    workflow.update(project)
    text = path.read_text(encoding="utf-8")
    assert '#~ msgid_plural "%d files"\n#~ msgstr[0] "un"\n#~ msgstr[1] "%d"\n' in text
    assert text.endswith(obsolete)


def test_update_is_idempotent_and_pot_stable(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr", "en"])
    translate_all(project, "fr", "FR ")
    workflow.update(project)
    snapshot = {p: p.read_bytes() for p in project.locale_dir.rglob("*.po*")}
    written = workflow.update(project)
    assert not any(w.changed for w in written)
    assert {p: p.read_bytes() for p in project.locale_dir.rglob("*.po*")} == snapshot


def test_status_counts_words_without_markup(make_project: MakeProject) -> None:
    source = "---\nslug: s\ntitle: Two words\nauthor: A\npublisher: P\n---\n\n" + (
        "A **bold** [link text](https://example.org/very/long/url) here.\n"
    )
    project = make_project(source)
    workflow.init(project, ["fr"])
    path = project.po_path(project.publications[0], "fr")
    po = polib.pofile(str(path))
    po[0].msgstr = "Deux mots"
    po[1].msgstr = "Un **gras** [lien](https://example.org/very/long/url) ici."
    po[1].flags = ["fuzzy"]
    write_catalog(po, path)
    (row, theme) = workflow.status(project, ["fr"])
    assert (row.domain, theme.domain) == ("doc", "pubkit-theme")
    assert (row.stats.translated, row.stats.fuzzy, row.stats.untranslated) == (1, 1, 0)
    assert row.stats.words == 2 + 5  # "A bold link text here": URL and markers not counted
    assert row.stats.words_translated == 2
    assert row.stats.percent == pytest.approx(28.6)


def test_syntax_error_reported_with_line_and_nothing_written(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = project.po_path(project.publications[0], "fr")
    broken = path.read_text().replace('msgstr ""\n\n#.', 'msgstr "unterminated\n\n#.', 1)
    path.write_text(broken)
    line = broken.splitlines().index('msgstr "unterminated') + 1
    with pytest.raises(PubkitError) as caught:
        workflow.update(project)
    assert caught.value.path == "locale/fr/LC_MESSAGES/doc.po"
    assert caught.value.line == line
    assert path.read_text() == broken


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        # msgcat --escape writes UTF-8 bytes as octal escapes, which polib cannot decode
        ('msgstr "caf\\303\\251"', "unsupported escape sequence '\\\\303'"),
        ('msgstr "Au\\qteur"', "unsupported escape sequence '\\\\q'"),
        ('msgstr[0] "Auteur"', "msgstr[N] without msgid_plural"),
    ],
)
def test_update_refuses_what_polib_would_lose(
    make_project: MakeProject, bad: str, message: str
) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = project.po_path(project.publications[0], "fr")
    broken = path.read_text().replace('msgstr ""\n\n#.', f"{bad}\n\n#.", 1)
    path.write_text(broken)
    with pytest.raises(PubkitError, match=re.escape(message)) as caught:
        workflow.update(project)
    assert caught.value.line == broken.splitlines().index(bad) + 1
    assert path.read_text() == broken


def test_msgid_without_msgstr_is_refused(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = project.po_path(project.publications[0], "fr")
    lines = path.read_text().splitlines(keepends=True)
    number = max(n for n, line in enumerate(lines) if line.startswith('msgstr ""'))
    broken = "".join(lines[:number] + lines[number + 1 :])  # the last msgstr removed
    path.write_text(broken)
    with pytest.raises(PubkitError, match="msgid without msgstr") as caught:
        workflow.update(project)
    msgid = max(n for n in range(number) if lines[n].startswith("msgid "))
    assert caught.value.line == msgid + 1
    assert path.read_text() == broken


def test_msgfmt_layouts_are_read(make_project: MakeProject) -> None:
    # msgfmt accepts blank lines between msgid and msgstr, and indented strings.
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = project.po_path(project.publications[0], "fr")
    text = path.read_text()
    path.write_text(
        text.replace('\nmsgstr ""\n', '\n\n  msgstr ""\n', 1).replace('\n"', '\n  "', 3)
    )
    assert len(read_catalog(path)) == len(polib.pofile(text))


def test_update_restores_a_lost_header(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    path = translate_all(project, "fr", "FR ")
    text = path.read_text()
    body = text[text.index("\n\n") + 2 :]  # every entry, without the header entry
    path.write_text(body)
    workflow.update(project)
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "fr"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert all(name in po.metadata for name in REQUIRED_HEADER)
    assert [e.msgstr for e in po] == [f"FR {e.msgid}" for e in po]
    assert of_po_validity(project) == []


def of_po_validity(project: Project) -> list[str]:
    from pubkit.checks.runner import check_project

    return [f.message for f in check_project(project, ["fr"]) if f.check == "po-validity"]


def test_review_sign_off_and_outdated(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr"])
    with pytest.raises(PubkitError, match="cannot sign off a catalog with 0 fuzzy and 5"):
        workflow.review(project, "fr", "Rita Reviewer")
    path = translate_all(project, "fr", "FR ")
    # "20,000" is 20 in French: check finds an error, and nobody can sign that off.
    with pytest.raises(PubkitError, match=r"pubkit check fr' finds 2 error\(s\).*20000"):
        workflow.review(project, "fr", "Rita Reviewer")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = entry.msgstr.replace("20,000", "20 000")
    write_catalog(po, path)
    workflow.review(project, "fr", "  Rita Reviewer ")
    (row, _) = workflow.status(project, ["fr"])
    assert row.review.status == "reviewed" and row.review.reviewer == "Rita Reviewer"

    po = polib.pofile(str(path))
    po[0].msgstr = "Changed after the review"
    write_catalog(po, path)
    (row, _) = workflow.status(project, ["fr"])
    assert row.review.status == "outdated"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("X-Translation-Credit", "traduit par Jean Martin"),  # the credit the imprint prints
        ("Last-Translator", "Jean Martin <jm@example.org>"),  # the credit, when none is set
        ("X-Reviewed-By", "Prof. Famous Name"),
        ("X-Review-Date", "2020-01-01"),
    ],
)
def test_review_outdated_by_a_changed_credit(
    make_project: MakeProject, field: str, value: str
) -> None:
    project = make_project((UPDATE / "base.md").read_text().replace("20,000 ", ""))
    workflow.init(project, ["fr"], translator="Claude (AI draft)")
    path = translate_all(project, "fr", "FR ")
    workflow.review(project, "fr", "Rita Reviewer")
    po = polib.pofile(str(path))
    po.metadata[field] = value
    write_catalog(po, path)
    (row, _) = workflow.status(project, ["fr"])
    assert row.review.status == "outdated"


def test_review_ignores_the_order_of_entries(make_project: MakeProject) -> None:
    project = make_project((UPDATE / "base.md").read_text().replace("20,000 ", ""))
    workflow.init(project, ["fr"])
    path = translate_all(project, "fr", "FR ")
    workflow.review(project, "fr", "Rita Reviewer")
    po = polib.pofile(str(path))
    po[:] = list(reversed(po))  # a paragraph moved in the source, nothing retranslated
    write_catalog(po, path)
    (row, _) = workflow.status(project, ["fr"])
    assert row.review.status == "reviewed"


@pytest.mark.parametrize(
    "name", ["", "Evil\nX-Reviewed-Digest: 0", "Tab\there", "Awa\u2028X-Review-Status: reviewed"]
)
def test_names_in_headers_are_one_printable_line(make_project: MakeProject, name: str) -> None:
    project = make_project((UPDATE / "base.md").read_text())
    with pytest.raises(PubkitError, match="--translator"):
        workflow.init(project, ["fr"], translator=name)
    workflow.init(project, ["fr"])
    translate_all(project, "fr", "FR ")
    with pytest.raises(PubkitError, match="--by"):
        workflow.review(project, "fr", name)


def test_plural_forms_from_the_table() -> None:
    assert plural_forms("fr") == "nplurals=2; plural=(n > 1);"  # GNU gettext's
    assert plural_forms("pt-BR") == "nplurals=2; plural=(n > 1);"
    assert plural_forms("pt") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("bm") == "nplurals=1; plural=0;"  # CLDR's: gettext has none
    assert plural_forms("wo") == "nplurals=1; plural=0;"
    with pytest.raises(PubkitError, match="unknown language"):
        plural_forms("xx-nonsense")


def test_init_plural_forms_do_not_move_with_babel(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel.messages.plurals import PLURALS

    from pubkit.locales import plurals

    monkeypatch.setitem(PLURALS, "fr", (3, "(n == 1 ? 0 : n == 2 ? 1 : 2)"))
    monkeypatch.setitem(PLURALS, "bm", (2, "(n != 1)"))
    assert plurals.babel_plural_forms("fr") == "nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);"
    project = make_project((UPDATE / "base.md").read_text())
    workflow.init(project, ["fr", "bm"])
    for lang, expected in (("fr", "nplurals=2; plural=(n > 1);"), ("bm", "nplurals=1; plural=0;")):
        po = polib.pofile(str(project.po_path(project.publications[0], lang)))
        assert po.metadata["Plural-Forms"] == expected


_text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0x2FF),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=80, deadline=None)
@given(
    old=st.lists(_text, min_size=1, max_size=12, unique=True),
    new=st.lists(_text, min_size=0, max_size=12, unique=True),
)
def test_update_never_drops_a_translation(old: list[str], new: list[str]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for text in old:
        po.append(polib.POEntry(msgid=text, msgstr=f"T:{text}"))
    pot = polib.POFile()
    for text in new:
        pot.append(polib.POEntry(msgid=text, msgstr=""))
    merged = merge_catalog(po, pot)
    kept = {e.msgstr for e in merged if e.msgstr}
    assert {f"T:{text}" for text in old} <= kept
    for entry in merged:
        if not entry.obsolete and entry.msgid in old:
            assert entry.msgstr == f"T:{entry.msgid}" and "fuzzy" not in entry.flags
    reparsed = polib.pofile(format_po(merged))
    assert format_po(reparsed) == format_po(merged)
