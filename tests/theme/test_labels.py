"""The theme's words: a gettext domain, found along each language's chain with a warning
where it falls back, filled without str.format, checked like any catalog."""

from __future__ import annotations

import pytest

from pubkit.catalogs import workflow
from pubkit.catalogs.pofile import FUZZY, read_catalog, write_catalog
from pubkit.checks.runner import check_project
from pubkit.config import Project, load_project
from pubkit.errors import PubkitError
from pubkit.publish.build import edition_html
from pubkit.render.edition import make_edition
from pubkit.theme.files import PACKAGED
from pubkit.theme.labels import fill, label_warnings, placeholder_problem, placeholders

from ..conftest import PUBKIT_TOML, REPO, THEME_LABELS, MakeProject, labels_of

SOURCE = """\
---
slug: doc
title: A title
author: A. Writer
publisher: Pub
office: West Africa Office
---

A paragraph.
"""
WOLOF = PUBKIT_TOML + '[languages.wo]\nfallback = ["fr", "en"]\n'


@pytest.fixture
def project(make_project: MakeProject) -> Project:
    project = make_project(SOURCE, WOLOF)
    workflow.init(project, ["en", "fr", "bm", "wo"])
    return project


def set_label(project: Project, lang: str, key: str, text: str, *flags: str) -> int:
    """Translate one of the theme's words in ``lang``'s catalog; its line there."""
    path = project.theme_po_path(lang)
    catalog = read_catalog(path)
    [entry] = [e for e in catalog if e.msgctxt == key]
    if entry.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, text)
    else:
        entry.msgstr = text
    entry.flags = list(flags)
    write_catalog(catalog, path)
    line = read_catalog(path)
    return next(e.linenum for e in line if e.msgctxt == key) or 0


def test_placeholders_are_filled_by_name_only() -> None:
    assert placeholders("{count} passages in {languages}") == {"count", "languages"}
    assert placeholders("a {{literal}} brace") == set()
    assert placeholders("a stray { brace") is None
    assert fill("{count} x {{y}} {other}", {"count": "3"}) == "3 x {y} {other}"
    # What str.format would read as an attribute is no placeholder: refused.
    assert placeholders("{credit.__class__}") is None
    problem = placeholder_problem("This edition ({language})", "Édition ({langue})")
    assert problem == "unknown placeholder(s) {langue} (the source's: {language})"
    assert placeholder_problem("{count}", "{count!r}") is not None
    assert placeholder_problem("{count} passages", "passages") is None  # may leave one out


def test_each_language_along_its_chain(project: Project) -> None:
    french = labels_of(project, "fr")
    assert french.text("imprint") == "Mentions légales"  # filled from the theme's own
    assert [(f.key, f.used) for f in french.fallbacks] == [("office", "en")]
    assert label_warnings(french.fallbacks) == [
        "locale/fr/LC_MESSAGES/pubkit-theme.po: office name 'West Africa Office' "
        "is not translated: falls back to en"
    ]
    wolof = labels_of(project, "wo")
    assert wolof.text("imprint") == "Mentions légales"  # from French, never silently English
    used = {f.key: f.used for f in wolof.fallbacks}
    assert used["imprint"] == used["draft"] == "fr" and used["office"] == "en"
    [labels, office] = label_warnings(wolof.fallbacks)
    prefix = f"locale/wo/LC_MESSAGES/pubkit-theme.po: {THEME_LABELS} labels are not "
    assert labels.startswith(prefix)
    assert labels.endswith("fall back to fr")
    assert office.endswith("office name 'West Africa Office' is not translated: falls back to en")
    set_label(project, "wo", "imprint", "Xibaar yi")
    set_label(project, "wo", "office", "Biro Afrig gu Sowwu")
    wolof = labels_of(project, "wo")
    assert wolof.text("imprint") == "Xibaar yi"
    assert wolof.office("West Africa Office") == "Biro Afrig gu Sowwu"
    assert "imprint" not in {f.key for f in wolof.fallbacks}


def test_the_projects_catalog_wins_and_a_fuzzy_one_does_not(project: Project) -> None:
    set_label(project, "fr", "imprint", "Ours")
    assert labels_of(project, "fr").text("imprint") == "Ours"
    set_label(project, "fr", "imprint", "Ours", FUZZY)
    french = labels_of(project, "fr")
    assert french.text("imprint") == "Mentions légales"  # the theme's, still French
    assert "imprint" not in {f.key for f in french.fallbacks}


def test_plural_forms_follow_the_catalog(project: Project) -> None:
    french, bambara = labels_of(project, "fr"), labels_of(project, "bm")
    assert french.plural("fallback", 0).startswith("{count} passage est")  # n > 1 is plural
    assert french.plural("fallback", 1).startswith("{count} passage est")
    assert french.plural("fallback", 2).startswith("{count} passages sont")
    assert bambara.plural("fallback", 1) == bambara.plural("fallback", 5)  # one form
    english = labels_of(project, "en")
    assert english.plural("fallback", 1).startswith("{count} passage is")
    assert english.plural("fallback", 3).startswith("{count} passages are")


def test_a_bad_placeholder_is_a_translators_error_and_falls_back(project: Project) -> None:
    line = set_label(project, "fr", "edition", "Cette édition ({langue}) : {credit}.")
    french = labels_of(project, "fr")
    assert french.text("edition") == "Cette édition ({language}) : {credit}."  # the theme's
    findings = [f for f in check_project(project, ["fr"]) if f.check == "placeholders"]
    assert [(f.path, f.line, f.severity, f.lang) for f in findings] == [
        ("locale/fr/LC_MESSAGES/pubkit-theme.po", line, "error", "fr")
    ]
    assert "unknown placeholder(s) {langue}" in findings[0].message


def test_a_misspelt_label_in_the_template_is_reported_at_its_line(project: Project) -> None:
    project.styles_dir.mkdir()
    template = (PACKAGED / "brief.html.j2").read_text(encoding="utf-8")
    lines = template.splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if "labels.imprint" in line)
    lines[number - 1] = lines[number - 1].replace("labels.imprint", "labels.imprnt")
    (project.styles_dir / "brief.html.j2").write_text("".join(lines), encoding="utf-8")
    edition = make_edition(project, project.publications[0], "fr")
    with pytest.raises(PubkitError) as error:
        edition_html(project, edition, for_pdf=False)
    assert (error.value.path, error.value.line) == ("styles/brief.html.j2", number)
    assert error.value.message.startswith("unknown label 'imprnt' (the theme's labels: ")


def test_a_project_template_may_bring_words_of_its_own(project: Project) -> None:
    project.styles_dir.mkdir()
    pot = (PACKAGED / "pubkit-theme.pot").read_text(encoding="utf-8")
    pot += '\n#. The cover\'s contact line\nmsgctxt "contact"\nmsgid "Write to us"\nmsgstr ""\n'
    (project.styles_dir / "pubkit-theme.pot").write_text(pot, encoding="utf-8")
    template = (PACKAGED / "brief.html.j2").read_text(encoding="utf-8")
    template = template.replace("</body>", "<p class='contact'>{{ labels.contact }}</p>\n</body>")
    (project.styles_dir / "brief.html.j2").write_text(template, encoding="utf-8")
    written = {w.path: w.detail for w in workflow.update(project)}
    assert f"{THEME_LABELS + 2} entries" in written["locale/pubkit-theme.pot"]
    set_label(project, "fr", "contact", "Écrivez-nous")
    edition = make_edition(project, project.publications[0], "fr")
    assert "<p class='contact'>Écrivez-nous</p>" in edition_html(project, edition, for_pdf=False)
    bambara = make_edition(project, project.publications[0], "bm")
    assert "<p class='contact'>Écrivez-nous</p>" in edition_html(project, bambara, for_pdf=False)
    assert ("contact", "fr") in {(f.key, f.used) for f in bambara.labels.fallbacks}


def test_a_theme_template_without_a_word_pubkit_prints_is_a_design_error(
    project: Project,
) -> None:
    project.styles_dir.mkdir()
    pot = (PACKAGED / "pubkit-theme.pot").read_text(encoding="utf-8")
    start = pot.index("#. The imprint's note while")
    end = pot.index("#.", start + 2)
    (project.styles_dir / "pubkit-theme.pot").write_text(pot[:start] + pot[end:], "utf-8")
    findings = [f for f in check_project(project) if f.check == "design"]
    assert [(f.path, f.severity) for f in findings] == [("styles/pubkit-theme.pot", "error")]
    assert findings[0].message.startswith("the theme's words lack 'draft'")


def test_the_shipped_translations_keep_every_placeholder() -> None:
    for path in sorted(PACKAGED.glob("locale/*/pubkit-theme.po")):
        for entry in read_catalog(path):
            forms = [entry.msgstr, *entry.msgstr_plural.values()]
            source = f"{entry.msgid} {entry.msgid_plural or ''}"
            for form in filter(None, forms):
                assert placeholder_problem(source, form) is None, (path, entry.msgctxt)
                assert placeholders(form) == placeholders(source), (path, entry.msgctxt)


def test_the_repository_translates_the_office_on_the_cover() -> None:
    project = load_project(REPO)
    for lang, office in (("fr", "Bureau Afrique de l'Ouest"), ("bm", "Farafina Tilebin Biro")):
        labels = labels_of(project, lang)
        assert labels.office("West Africa Office") == office
        fallbacks = {(f.key, f.used) for f in labels.fallbacks}
        # Bambara has no words yet for the notes (pubkit's theme ships none): French, said.
        assert fallbacks == ({("notes", "fr"), ("note_back", "fr")} if lang == "bm" else set())
    assert labels_of(project, "en").office("West Africa Office") == "West Africa Office"
