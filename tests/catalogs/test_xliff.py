"""XLIFF 2.1 out to CAT tools and back: round trips change no byte, imports never lose a
translation, and untrusted files are refused with file:line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubkit.catalogs import exchange
from pubkit.catalogs.pofile import FUZZY, read_catalog, write_catalog
from pubkit.catalogs.poformat import format_po
from pubkit.catalogs.xliff import (
    NS,
    Unit,
    Xliff,
    XliffFile,
    merge_units,
    read_xliff,
    units_of,
    write_xliff,
)
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.source.segments import segment_id

from ..conftest import FIXTURES, copy_real_project, set_msgstr
from ..helpers import FRENCH, SUPPORT, TOWNS, small_project

X = f"{{{NS}}}"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return small_project(tmp_path / "project")


def po_text(project: Project, lang: str) -> bytes:
    return project.po_path(project.publications[0], lang).read_bytes()


def catalog(project: Project, lang: str) -> polib.POFile:
    return read_catalog(project.po_path(project.publications[0], lang))


def exported(project: Project, lang: str = "fr") -> ET.Element:
    return ET.fromstring(exchange.export_xliff(project, lang))


def retarget(text: str, source: str, target: str, state: str = "reviewed") -> bytes:
    """The exported XLIFF ``text`` with the unit of ``source`` given ``target`` and
    ``state`` (the way a CAT tool saves a translated segment)."""
    root = ET.fromstring(text)
    for segment in root.iter(f"{X}segment"):
        source_element = segment.find(f"{X}source")
        assert source_element is not None
        if source_element.text == source:
            segment.set("state", state)
            for old in segment.findall(f"{X}target"):
                segment.remove(old)
            ET.SubElement(segment, f"{X}target").text = target
    ET.register_namespace("", NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# -- export --------------------------------------------------------------------------------


def test_export_holds_every_entry_with_its_id_state_and_notes(project: Project) -> None:
    set_msgstr(project, "fr", {SUPPORT: ""})
    po = catalog(project, "fr")
    towns = next(e for e in po if e.msgid == TOWNS)
    towns.flags.append(FUZZY)
    write_catalog(po, project.po_path(project.publications[0], "fr"))
    root = exported(project)
    assert root.tag == f"{X}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "en", "fr")
    [xfile] = root.findall(f"{X}file")
    assert xfile.get("id") == "doc" and xfile.get("original") == "locale/fr/LC_MESSAGES/doc.po"
    units = xfile.findall(f"{X}unit")
    assert [u.get("id") for u in units] == [segment_id((e.msgctxt, e.msgid)) for e in po]
    states = {}
    for unit in units:
        segment = unit.find(f"{X}segment")
        assert segment is not None
        source = segment.findtext(f"{X}source")
        states[source] = (segment.get("state"), segment.findtext(f"{X}target"))
        notes = {n.get("category"): n.text for n in unit.iter(f"{X}note")}
        entry = next(e for e in po if e.msgid == source)
        assert notes["extracted"] == entry.comment
        assert notes["reference"] == "\n".join(f"{p}:{n}" for p, n in entry.occurrences)
    assert states[SUPPORT] == ("initial", None)
    assert states[TOWNS] == ("translated", FRENCH[TOWNS])
    assert states["Why Bamako?"] == ("reviewed", "Pourquoi Bamako ?")


def test_ids_are_the_entries_keys(project: Project) -> None:
    assert segment_id((None, "Why Bamako?")) == segment_id((None, "Why Bamako?"))
    assert segment_id(("heading", "Why Bamako?")) != segment_id((None, "Why Bamako?"))
    ids = [u.id for u in units_of(catalog(project, "fr"))]
    assert len(set(ids)) == len(ids) and all(i.startswith("s") and len(i) == 17 for i in ids)


def test_context_translator_comment_flags_and_previous_source_are_notes() -> None:
    po = read_catalog(FIXTURES / "po" / "features.po")
    unit = next(u for u in units_of(po) if u.source == "The %(country)s context")
    notes = {note.category: note.text for note in unit.notes}
    assert notes["context"] == "heading"
    assert notes["translator"].startswith("A translator comment.")
    assert notes["flags"] == "python-format, my-own-flag"
    assert notes["previous-source"].startswith("The %(country)s context, in a previous")
    assert unit.state == "translated"  # fuzzy


def test_obsolete_and_plural_entries_stay_out() -> None:
    po = read_catalog(FIXTURES / "po" / "features.po")
    sources = {unit.source for unit in units_of(po)}
    assert not any(e.msgid in sources for e in po if e.obsolete or e.msgid_plural)
    assert any(e.msgid_plural for e in po) and any(e.obsolete for e in po)


# -- round trips ---------------------------------------------------------------------------


def test_round_trip_of_the_real_catalogs_changes_no_byte(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path / "real")
    for lang in ("en", "fr", "bm"):
        before = po_text(project, lang)
        text = exchange.export_xliff(project, lang)
        [written] = exchange.import_xliff(project, text.encode(), f"{lang}.xlf")
        assert not written.changed
        assert po_text(project, lang) == before


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "po").glob("*.po")))
def test_round_trip_of_unusual_catalogs(name: str) -> None:
    po = read_catalog(FIXTURES / "po" / name)
    document = Xliff("en", "fr", (XliffFile("doc", name, units_of(po)),))
    read = read_xliff(write_xliff(document).encode(), "x.xlf")
    again = read_catalog(FIXTURES / "po" / name)
    assert merge_units(again, read.files[0].units, "x.xlf") == 0
    assert format_po(again) == format_po(po)
    assert [(u.id, u.source, u.target, u.state) for u in read.files[0].units] == [
        (u.id, u.source, u.target, u.state) for u in units_of(po)
    ]


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT.filter(bool), target=TEXT, fuzzy=st.booleans(), new=TEXT)
def test_any_text_survives_the_trip(source: str, target: str, fuzzy: bool, new: str) -> None:
    """Control characters (as <cp>), carriage returns, spaces at the ends: all come back."""
    po = polib.POFile()
    po.append(polib.POEntry(msgid=source, msgstr=target, flags=[FUZZY] if fuzzy else []))
    [unit] = units_of(po)
    text = write_xliff(Xliff("en", "fr", (XliffFile("doc", "doc.po", (unit,)),)))
    [read] = read_xliff(text.encode(), "x.xlf").files[0].units
    assert (read.source, read.target, read.state) == (source, target, unit.state)
    assert merge_units(po, [read], "x.xlf") == 0
    changed = Unit(read.id, source, new, "reviewed", line=read.line)
    text = write_xliff(Xliff("en", "fr", (XliffFile("doc", "doc.po", (changed,)),)))
    merge_units(po, read_xliff(text.encode(), "x.xlf").files[0].units, "x.xlf")
    assert po[0].msgstr == (new or target)  # an empty target never replaces one
    assert (FUZZY in po[0].flags) == (fuzzy and not new)


# -- import --------------------------------------------------------------------------------


def test_import_merges_translations_and_keeps_the_header(project: Project) -> None:
    set_msgstr(project, "fr", {SUPPORT: "", "What next?": ""})
    text = exchange.export_xliff(project, "fr")
    header = catalog(project, "fr").metadata
    data = retarget(text, SUPPORT, "La société civile a besoin d'aide.", "reviewed")
    data = retarget(data.decode(), "What next?", "Et maintenant ?", "translated")
    [written] = exchange.import_xliff(project, data, "fr.xlf")
    assert written.changed and written.detail == "2 entries changed"
    po = catalog(project, "fr")
    assert po.metadata == header
    support = next(e for e in po if e.msgid == SUPPORT)
    assert support.msgstr == "La société civile a besoin d'aide." and FUZZY not in support.flags
    after = next(e for e in po if e.msgid == "What next?")
    assert after.msgstr == "Et maintenant ?" and FUZZY in after.flags  # not reviewed yet


def test_an_empty_target_never_replaces_a_translation(project: Project) -> None:
    before = po_text(project, "fr")
    text = exchange.export_xliff(project, "fr")
    root = ET.fromstring(text)
    for segment in root.iter(f"{X}segment"):
        for target in segment.findall(f"{X}target"):
            target.text = ""
        segment.set("state", "final")
    ET.register_namespace("", NS)
    data = ET.tostring(root, encoding="utf-8")
    [written] = exchange.import_xliff(project, data, "fr.xlf")
    assert not written.changed and po_text(project, "fr") == before


def test_reviewing_a_fuzzy_entry_drops_its_previous_source(project: Project) -> None:
    path = project.po_path(project.publications[0], "fr")
    po = catalog(project, "fr")
    towns = next(e for e in po if e.msgid == TOWNS)
    towns.flags.append(FUZZY)
    towns.previous_msgid = "Both leaders want a caliphate."
    write_catalog(po, path)
    text = exchange.export_xliff(project, "fr")
    assert 'category="previous-source">Both leaders want a caliphate.<' in text
    exchange.import_xliff(project, retarget(text, TOWNS, FRENCH[TOWNS], "final"), "fr.xlf")
    towns = next(e for e in catalog(project, "fr") if e.msgid == TOWNS)
    assert FUZZY not in towns.flags and towns.previous_msgid is None


def test_a_bad_file_leaves_every_catalog_as_it_was(project: Project) -> None:
    before = po_text(project, "fr")
    text = exchange.export_xliff(project, "fr")
    data = retarget(text, "The junta under pressure", "Changé.", "reviewed").decode()
    last = data.rindex('<unit id="') + len('<unit id="')
    data = data[:last] + "sbad" + data[last:]  # the last unit is unknown now
    with pytest.raises(PubkitError, match=r"unit 'sbad.*is no entry of the catalog") as error:
        exchange.import_xliff(project, data.encode(), "fr.xlf")
    assert error.value.path == "fr.xlf"
    assert error.value.line == data[:last].count("\n") + 1
    assert po_text(project, "fr") == before  # the first unit's change is not written either


UNTRUSTED = {
    "dtd": (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY a "aaaa">\n]>\n<xliff/>\n',
        2,
        "a DTD or entity declaration",
    ),
    "external": (
        '<?xml version="1.0"?>\n\n<!DOCTYPE xliff SYSTEM "file:///etc/passwd">\n<xliff/>\n',
        3,
        "a DTD or entity declaration",
    ),
    "malformed": (
        f'<xliff xmlns="{NS}" version="2.1" srcLang="en" trgLang="fr">\n'
        '<file id="doc">\n</xliff>\n',
        3,
        "invalid XML: mismatched tag",
    ),
    "not xliff": ('<?xml version="1.0"?>\n\n<tmx version="1.4"/>\n', 3, "not an XLIFF 2 file"),
    "xliff 1.2": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>',
        1,
        "not an XLIFF 2 file",
    ),
    "inline element": (
        f'<xliff xmlns="{NS}" version="2.1" srcLang="en" trgLang="fr"><file id="doc">\n'
        '<unit id="u"><segment><source>a</source>\n<target>b <pc id="1">c</pc></target>'
        "</segment></unit></file></xliff>",
        3,
        "inline element <pc>",
    ),
    "state": (
        f'<xliff xmlns="{NS}" version="2.1" srcLang="en" trgLang="fr"><file id="doc">\n'
        '<unit id="u">\n<segment state="done"><source>a</source></segment></unit></file></xliff>',
        3,
        "unknown segment state 'done'",
    ),
}


@pytest.mark.parametrize("case", sorted(UNTRUSTED))
def test_untrusted_files_are_refused_at_their_line(project: Project, case: str) -> None:
    text, line, message = UNTRUSTED[case]
    with pytest.raises(PubkitError) as error:
        exchange.import_xliff(project, text.encode(), "in.xlf")
    assert (error.value.path, error.value.line) == ("in.xlf", line)
    assert error.value.message.startswith(message), error.value.message


def test_a_source_that_is_not_the_msgid_is_refused(project: Project) -> None:
    text = exchange.export_xliff(project, "fr").replace(">Why Bamako?<", ">Why Timbuktu?<")
    line = text[: text.index("Why Timbuktu?")].count("\n") + 1
    with pytest.raises(PubkitError, match="its source is not the catalog's msgid") as error:
        exchange.import_xliff(project, text.encode(), "fr.xlf")
    unit_line = text[: text.rindex("<unit ", 0, text.index("Why Timbuktu?"))].count("\n") + 1
    assert error.value.line == unit_line and unit_line < line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('trgLang="fr"', 'trgLang="de"', "trgLang 'de' is not a configured language"),
        ('srcLang="en"', 'srcLang="fr"', "srcLang 'fr': the project's source language is 'en'"),
        ('<file id="doc"', '<file id="other"', "<file id='other'> names no publication"),
    ],
)
def test_files_for_another_project_are_refused(
    project: Project, old: str, new: str, message: str
) -> None:
    text = exchange.export_xliff(project, "fr").replace(old, new)
    with pytest.raises(PubkitError, match=message):
        exchange.import_xliff(project, text.encode(), "fr.xlf")
