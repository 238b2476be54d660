"""What changed between two releases: the segments each release records, the manifest's
changelog, pubkit diff (segments and pages) and the translation memory of the releases."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from pubkit.catalogs import workflow
from pubkit.catalogs.tmx import TranslationUnit, write_tmx
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.publish.diff import diff_folder, diff_releases
from pubkit.publish.memory import translation_memory
from pubkit.publish.release import release
from pubkit.publish.segments import (
    Recorded,
    changes,
    counts,
    previous_version,
    read_segments,
    segments_name,
    version_key,
)
from pubkit.render.edition import make_edition
from pubkit.source.segments import segment_id

from ..conftest import set_msgstr
from ..helpers import BAMBARA, FRENCH, SLUG, SUPPORT, TOWNS, rendered_cache, small_project

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def rec(source: str, text: str, printed_in: str = "fr", context: str | None = None) -> Recorded:
    return Recorded(segment_id((context, source)), context, source, text, printed_in)


# -- pure: differences, versions, TMX -----------------------------------------------------


def test_changes_pair_an_edited_source_with_its_old_self() -> None:
    old = [
        rec("Civil society needs support.", "La société civile a besoin de soutien."),
        rec("Why Bamako?", "Pourquoi Bamako ?"),
        rec("A paragraph that goes away entirely.", "Un paragraphe qui s'en va."),
        rec("What next?", "Et ensuite ?"),
    ]
    new = [
        rec("Civil society needs more support.", "Civil society needs more support.", "en"),
        rec("Why Bamako?", "Pourquoi donc Bamako ?"),
        rec("What next?", "Et ensuite ?"),
        rec("Something wholly new here", "Something wholly new here", "en"),
    ]
    found = changes(old, new)
    assert [c.kind for c in found] == ["changed", "changed", "added", "removed"]
    edited, retranslated, added, removed = found
    assert edited.source_changed and edited.text_changed and edited.printed_in == "en"
    assert edited.old_source == "Civil society needs support."
    assert edited.id == new[0].id
    assert not retranslated.source_changed and retranslated.text_changed
    assert (retranslated.old_text, retranslated.new_text) == (
        "Pourquoi Bamako ?",
        "Pourquoi donc Bamako ?",
    )
    assert added.new_source == "Something wholly new here"
    assert removed.old_source == "A paragraph that goes away entirely."
    assert counts(found) == {"added": 1, "removed": 1, "changed": 2}
    assert changes(new, new) == ()


def test_versions_sort_naturally(tmp_path: Path) -> None:
    assert sorted(["1.10", "1.9", "1.0", "2.0-rc1", "0.9"], key=version_key) == [
        "0.9",
        "1.0",
        "1.9",
        "1.10",
        "2.0-rc1",
    ]
    for name in ("1.0", "1.9", "1.10", ".staging-1.11-5", "nomanifest"):
        (tmp_path / name).mkdir()
        if not name.startswith((".", "no")):
            (tmp_path / name / "manifest.json").write_text("{}")
    assert previous_version(tmp_path, "1.11") == "1.10"
    assert previous_version(tmp_path, "1.10") == "1.9"
    assert previous_version(tmp_path, "1.0") is None
    assert previous_version(tmp_path / "missing", "1.0") is None


def test_tmx_holds_each_unit_once_with_every_language() -> None:
    units = [
        TranslationUnit(
            "s1", None, "Why Bamako?", (("bm", "Mun na Bamako ?"), ("fr", "Pourquoi ?"))
        ),
        TranslationUnit("s2", "heading", "Mali", (("fr", "Mali"),)),
        TranslationUnit("s3", None, "Bell\x07", (("fr", "Cloche\x07"),)),  # XML cannot hold it
        TranslationUnit("s4", None, "Line\r\nend", (("fr", "Ligne\r\nfin"),)),
    ]
    text, left_out = write_tmx("en", units)
    assert left_out == 1
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    )
    root = ET.fromstring(text.split("\n", 2)[2])
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None and header.get("srclang") == "en"
    assert {k for k in header.attrib} >= {
        "creationtool",
        "segtype",
        "o-tmf",
        "adminlang",
        "datatype",
    }
    tus = root.findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == ["s1", "s2", "s4"]
    assert [(tuv.get(XML_LANG), tuv.findtext("seg")) for tuv in tus[0].findall("tuv")] == [
        ("en", "Why Bamako?"),
        ("bm", "Mun na Bamako ?"),
        ("fr", "Pourquoi ?"),
    ]
    assert tus[1].findtext("prop[@type='x-context']") == "heading"
    assert tus[2].findall("tuv")[1].findtext("seg") == "Ligne\r\nfin"  # kept as &#13;


def test_edition_segments_record_what_was_printed(tmp_path: Path) -> None:
    from pubkit.publish.segments import edition_segments

    project = small_project(tmp_path / "p")
    set_msgstr(project, "fr", {SUPPORT: ""})
    recorded = {
        s.source: s for s in edition_segments(make_edition(project, project.publications[0], "fr"))
    }
    assert recorded[SUPPORT].text == SUPPORT and recorded[SUPPORT].printed_in == "en"
    assert recorded[TOWNS].text == FRENCH[TOWNS] and recorded[TOWNS].printed_in == "fr"
    assert recorded[TOWNS].id == segment_id((None, TOWNS))


# -- releases ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rendered_cache(tmp_path_factory.mktemp("warm"))


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory, warm: Path) -> Project:
    """Version 1.0, then 1.1 with one paragraph edited in the source and one French
    translation changed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767323040")
        project = small_project(tmp_path_factory.mktemp("two") / "project", warm)
        release(project, version="1.0", jobs=2)
        source = project.publications[0].source
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace(SUPPORT, "Civil society needs more support."), "utf-8")
        workflow.update(project)
        set_msgstr(project, "fr", {"Why Bamako?": "Pourquoi donc Bamako ?"})
        release(project, version="1.1", jobs=2, allow_partial=True)
    return project


@pytest.mark.slow
def test_a_release_records_its_segments_and_a_changelog(two_releases: Project) -> None:
    project = two_releases
    folder = project.dist_dir / SLUG / "1.1"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for lang in ("en", "fr", "bm"):
        name = segments_name(SLUG, lang)
        assert name in manifest["languages"][lang]["files"]
        assert f"  {name}\n" in (folder / "SHA256SUMS").read_text()
        recorded = read_segments(folder / name, name, project.root)
        assert len(recorded) == 8
    changelog = {lang: manifest["languages"][lang]["changelog"] for lang in ("en", "fr", "bm")}
    assert changelog["fr"] == {"against": "1.0", "added": 0, "removed": 0, "changed": 2}
    assert changelog["bm"] == {"against": "1.0", "added": 0, "removed": 0, "changed": 1}
    first = json.loads((project.dist_dir / SLUG / "1.0" / "manifest.json").read_text())
    assert first["languages"]["fr"]["changelog"] is None


@pytest.mark.slow
def test_diff_lists_segments_and_pictures_of_changed_pages(two_releases: Project) -> None:
    project = two_releases
    [found] = diff_releases(project, "1.0", "1.1", langs=["fr"])
    assert (found.publication, found.old, found.new) == (SLUG, "1.0", "1.1")
    [fr] = found.languages
    assert fr.lang == "fr" and fr.only_in is None and fr.segments is not None
    sources = {(c.kind, c.old_source, c.new_source) for c in fr.segments}
    assert sources == {
        ("changed", SUPPORT, "Civil society needs more support."),
        ("changed", "Why Bamako?", "Why Bamako?"),
    }
    assert fr.pages and fr.old_pages == fr.new_pages and fr.old_pages >= 2
    for page in fr.pages:
        assert page.state == "changed"
        image = Image.open(io.BytesIO((project.root / page.image).read_bytes()))
        assert image.width > 2 * image.height * 0.6  # two A4 pages side by side
        assert (project.root / page.image).parent == diff_folder(project, SLUG, "1.0", "1.1")
    # pages alike are not pictured, and the same releases compare alike
    [same] = diff_releases(project, "1.1", "1.1", langs=["fr"])
    assert same.languages[0].segments == () and same.languages[0].pages == ()


@pytest.mark.slow
def test_diff_of_a_missing_release(two_releases: Project) -> None:
    with pytest.raises(PubkitError, match=r"no release '0\.9' of brief"):
        diff_releases(two_releases, "0.9", "1.1", pages=False)


@pytest.mark.slow
def test_translation_memory_of_the_releases(two_releases: Project) -> None:
    memory = translation_memory(two_releases)
    assert memory.releases == (f"{SLUG}/1.0", f"{SLUG}/1.1")
    root = ET.fromstring(memory.text.split("\n", 2)[2])
    units = {tu.findall("tuv")[0].findtext("seg"): tu for tu in root.iter("tu")}
    bamako = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units["Why Bamako?"].iter("tuv")}
    assert bamako == {
        "en": "Why Bamako?",
        "bm": BAMBARA["Why Bamako?"],
        "fr": "Pourquoi donc Bamako ?",
    }
    # the old paragraph keeps its translations (from 1.0); the edited one, printed in
    # English from the fallback chain in 1.1, is no translation
    assert "Civil society needs more support." not in units
    old = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units[SUPPORT].iter("tuv")}
    assert old["fr"] == FRENCH[SUPPORT]
    assert memory.units == len(units) == 8 and memory.left_out == 0
