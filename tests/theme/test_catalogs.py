"""The project's catalogs of the theme's words in the catalog workflow: extracted,
created (by init, and by update for a configured language without one), merged without
losing a plural form, counted by status, signed off by review."""

from __future__ import annotations

import subprocess

import polib
import pytest

from pubkit.catalogs import workflow
from pubkit.catalogs.pofile import read_catalog, write_catalog
from pubkit.config import Project, load_project
from pubkit.errors import PubkitError

from ..conftest import PUBKIT_TOML, THEME_LABELS, MakeProject

SOURCE = """\
---
slug: doc
title: A title
author: A. Writer
publisher: Pub
office: Dakar Office
---

A paragraph.
"""


@pytest.fixture
def project(make_project: MakeProject) -> Project:
    return make_project(SOURCE)


def test_extract_writes_the_themes_template_with_the_office(project: Project) -> None:
    written = {w.path: w for w in workflow.extract(project)}
    labels = THEME_LABELS + 1  # and the office
    assert written["locale/pubkit-theme.pot"].detail == f"{labels} entries (the theme's words)"
    pot = read_catalog(project.theme_pot_path)
    assert [e.msgctxt for e in pot][:2] == ["cover", "imprint"]
    [office] = [e for e in pot if e.msgctxt == "office"]
    assert office.msgid == "Dakar Office" and office.occurrences == [("content/doc.md", "6")]
    [fallback] = [e for e in pot if e.msgctxt == "fallback"]
    assert fallback.msgid_plural.startswith("{count} passages are")
    assert not any(w.changed for w in workflow.extract(project))  # unchanged: not rewritten
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(project.theme_pot_path)])
    assert done.returncode == 0
    text = project.theme_pot_path.read_text(encoding="utf-8")
    msgcat = subprocess.run(
        ["msgcat", str(project.theme_pot_path)], capture_output=True, text=True, check=True
    )
    assert msgcat.stdout == text  # byte for byte as GNU msgcat writes it


def test_init_prefills_what_the_theme_translates(project: Project) -> None:
    written = {w.path: w.detail for w in workflow.init(project, ["fr", "bm"])}
    assert written["locale/fr/LC_MESSAGES/pubkit-theme.po"] == (
        f"the theme's words, {THEME_LABELS} filled from the theme's own translation"
    )
    french = read_catalog(project.theme_po_path("fr"))
    assert {e.msgctxt: e.msgstr for e in french}["imprint"] == "Mentions légales"
    assert {e.msgctxt: e.msgstr for e in french}["office"] == ""  # the project's own words
    assert f"{THEME_LABELS} entries were filled from the translation the theme" in french.header
    assert "pubkit/theme/default/locale/fr/pubkit-theme.po" in french.header
    assert french.metadata["X-Review-Status"] == "draft"
    bambara = read_catalog(project.theme_po_path("bm"))
    [fallback] = [e for e in bambara if e.msgctxt == "fallback"]
    assert list(fallback.msgstr_plural) == [0]  # nplurals=1
    for lang in ("fr", "bm"):
        path = str(project.theme_po_path(lang))
        assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", path]).returncode == 0


def test_update_creates_the_catalogs_configured_languages_lack(project: Project) -> None:
    workflow.init(project, ["en"])
    written = {w.path: w for w in workflow.update(project)}
    created = "created: a configured language without a catalog"
    for lang in ("fr", "bm"):
        assert written[f"locale/{lang}/LC_MESSAGES/doc.po"].detail == created
        assert written[f"locale/{lang}/LC_MESSAGES/pubkit-theme.po"].detail.startswith(created)
        assert project.po_path(project.publications[0], lang).is_file()
    again = workflow.update(project)
    assert not any(w.changed for w in again)
    assert all("created" not in w.detail for w in again)


def test_a_new_project_needs_no_init_for_its_source_language(make_project: MakeProject) -> None:
    """update creates every catalog, the source language's too: check then finds no
    missing catalog."""
    from pubkit.checks.runner import check_project

    project = make_project(SOURCE, PUBKIT_TOML)
    workflow.update(project)
    assert project.po_path(project.publications[0], "en").is_file()
    assert [f for f in check_project(project) if f.severity == "error"] == []


def test_update_keeps_every_plural_form(project: Project) -> None:
    workflow.init(project, ["fr"])
    path = project.theme_po_path("fr")
    catalog = read_catalog(path)
    [fallback] = [e for e in catalog if e.msgctxt == "fallback"]
    fallback.msgstr_plural = {0: "{count} passage en {languages}", 1: "{count} passages en X"}
    write_catalog(catalog, path)
    workflow.update(project)
    [kept] = [e for e in read_catalog(path) if e.msgctxt == "fallback"]
    assert kept.msgstr_plural == {0: "{count} passage en {languages}", 1: "{count} passages en X"}
    # A label the theme no longer has stays, obsolete, with its forms.
    catalog = read_catalog(path)
    extra = polib.POEntry(msgctxt="gone", msgid="{n} thing", msgid_plural="{n} things")
    extra.msgstr_plural = {0: "{n} chose", 1: "{n} choses"}
    catalog.append(extra)
    write_catalog(catalog, path)
    workflow.update(project)
    [obsolete] = [e for e in read_catalog(path) if e.msgctxt == "gone"]
    assert obsolete.obsolete and obsolete.msgstr_plural == {0: "{n} chose", 1: "{n} choses"}
    done = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    assert done.stdout == path.read_text(encoding="utf-8")


def test_status_and_review_take_the_themes_catalog_along(project: Project) -> None:
    workflow.init(project, ["en", "fr"])
    rows = [
        (r.domain, r.stats.lang, r.stats.untranslated) for r in workflow.status(project, ["fr"])
    ]
    assert ("pubkit-theme", "fr", 1) in rows  # the office
    catalog_path = project.po_path(project.publications[0], "fr")
    catalog = read_catalog(catalog_path)
    for entry in catalog:
        entry.msgstr = "FR " + entry.msgid
    write_catalog(catalog, catalog_path)
    with pytest.raises(PubkitError) as error:
        workflow.review(project, "fr", "Awa Traoré")
    assert error.value.path == "locale/fr/LC_MESSAGES/pubkit-theme.po"
    assert read_catalog(catalog_path).metadata["X-Review-Status"] == "draft"  # nothing signed
    theme = read_catalog(project.theme_po_path("fr"))
    for entry in theme:
        entry.msgstr = entry.msgstr or "Bureau de Dakar"
    write_catalog(theme, project.theme_po_path("fr"))
    written = workflow.review(project, "fr", "Awa Traoré")
    assert [w.path for w in written] == [
        "locale/fr/LC_MESSAGES/doc.po",
        "locale/fr/LC_MESSAGES/pubkit-theme.po",
    ]
    statuses = {r.domain: r.review.status for r in workflow.status(project, ["fr"])}
    assert statuses == {"doc": "reviewed", "pubkit-theme": "reviewed"}
    # The edition is reviewed while both are; an edit of the theme's words makes it a draft.
    from pubkit.render.edition import make_edition

    edition = make_edition(load_project(project.root), project.publications[0], "fr")
    assert edition.credit is not None and edition.credit.review.status == "reviewed"
    theme = read_catalog(project.theme_po_path("fr"))
    for entry in theme:
        if entry.msgctxt == "office":
            entry.msgstr = "Bureau régional"
    write_catalog(theme, project.theme_po_path("fr"))
    edition = make_edition(project, project.publications[0], "fr")
    assert edition.credit is not None and edition.credit.review.status == "outdated"
