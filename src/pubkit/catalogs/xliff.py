"""XLIFF 2.1 for CAT tools: a catalog's entries as units, read back and merged into it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pubkit.catalogs.pofile import FUZZY, Catalog
from pubkit.errors import PubkitError
from pubkit.source.segments import segment_id

NS = "urn:oasis:names:tc:xliff:document:2.0"
"""XLIFF 2.1 keeps 2.0's namespace; the ``version`` attribute tells them apart."""
VERSION = "2.1"
_XML = "{http://www.w3.org/XML/1998/namespace}"

STATES = ("initial", "translated", "reviewed", "final")
"""XLIFF's segment states, least advanced first. Exported: an empty msgstr is
``initial``, a fuzzy one ``translated`` (to be reviewed), any other ``reviewed``;
imported: ``reviewed`` and ``final`` are translations, ``initial`` and ``translated``
fuzzy ones."""

NOTE_CATEGORIES = ("context", "extracted", "translator", "reference", "flags", "previous-source")
"""What each note of a unit carries: msgctxt, the ``#.`` comment, the translator's
``#`` comment, the ``#:`` references, the ``#,`` flags but fuzzy, the ``#|`` msgid."""


@dataclass(frozen=True)
class Note:
    category: str
    text: str


@dataclass(frozen=True)
class Unit:
    """One catalog entry as a unit of one segment (``line``: where a read one starts)."""

    id: str
    source: str
    target: str
    state: str
    notes: tuple[Note, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class XliffFile:
    """One catalog: ``id`` its gettext domain, ``original`` its path in the project."""

    id: str
    original: str
    units: tuple[Unit, ...]
    line: int | None = None


@dataclass(frozen=True)
class Xliff:
    source_lang: str
    target_lang: str
    files: tuple[XliffFile, ...]
    line: int | None = None


# -- export ---------------------------------------------------------------------------


def units_of(catalog: Catalog) -> tuple[Unit, ...]:
    """The catalog's current singular entries as units, in catalog order. Obsolete entries
    stay out, and so do plural ones (pubkit's sources make none; they stay untouched)."""
    units = []
    for entry in catalog:
        if entry.obsolete or entry.msgid_plural:
            continue
        if not entry.msgstr:
            state = "initial"
        else:
            state = "translated" if FUZZY in entry.flags else "reviewed"
        notes = [
            Note("context", entry.msgctxt) if entry.msgctxt is not None else None,
            Note("extracted", entry.comment) if entry.comment else None,
            Note("translator", entry.tcomment) if entry.tcomment else None,
            Note("reference", "\n".join(_reference(*place) for place in entry.occurrences))
            if entry.occurrences
            else None,
            Note("flags", ", ".join(f for f in entry.flags if f != FUZZY))
            if any(f != FUZZY for f in entry.flags)
            else None,
            Note("previous-source", entry.previous_msgid)
            if entry.previous_msgid and FUZZY in entry.flags
            else None,
        ]
        units.append(
            Unit(
                id=segment_id((entry.msgctxt, entry.msgid)),
                source=entry.msgid,
                target=entry.msgstr,
                state=state,
                notes=tuple(note for note in notes if note is not None),
            )
        )
    return tuple(units)


def _reference(path: str, line: str) -> str:
    return f"{path}:{line}" if line else path


def write_xliff(document: Xliff) -> str:
    """The XLIFF 2.1 text of ``document``, one ``<file>`` per catalog, indented."""
    root = ET.Element(
        "xliff",
        {
            "xmlns": NS,  # not ElementTree's default_namespace, which refuses plain attributes
            "version": VERSION,
            "srcLang": document.source_lang,
            "trgLang": document.target_lang,
        },
    )
    for xfile in document.files:
        # canResegment="no": a unit is one catalog entry, merged back whole
        element = ET.SubElement(
            root,
            "file",
            {"id": xfile.id, "original": xfile.original, "canResegment": "no"},
        )
        element.set(f"{_XML}space", "preserve")  # the texts' spaces are the translation's
        for unit in xfile.units:
            unit_element = ET.SubElement(element, "unit", {"id": unit.id})
            if unit.notes:
                notes = ET.SubElement(unit_element, "notes")
                for note in unit.notes:
                    _fill(
                        ET.SubElement(notes, "note", {"category": note.category}),
                        note.text,
                    )
            segment = ET.SubElement(unit_element, "segment", {"state": unit.state})
            _fill(ET.SubElement(segment, "source"), unit.source)
            if unit.target:
                _fill(ET.SubElement(segment, "target"), unit.target)
    _indent(root)
    text = ET.tostring(root, encoding="unicode")
    # ElementTree writes a carriage return in text as it is, which XML readers turn into
    # a line feed: the reference keeps it. No other "\r" is in the output.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text.replace("\r", "&#13;") + "\n"


# Characters XML 1.0 cannot hold, even as references: XLIFF writes them as <cp hex=""/>.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _fill(element: ET.Element, text: str) -> None:
    """Set ``element``'s text, each character XML cannot hold as a ``<cp>`` element."""
    pieces = _NOT_XML.split(text)
    element.text = pieces[0]
    for char, tail in zip(_NOT_XML.findall(text), pieces[1:], strict=True):
        cp = ET.SubElement(element, "cp", {"hex": f"{ord(char):04X}"})
        cp.tail = tail


_TEXT_HOLDERS = {"source", "target", "note"}


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure, never inside a text (ElementTree's ``indent`` would add
    spaces after a ``<cp>`` that ends one)."""
    if element.tag in _TEXT_HOLDERS or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    element[-1].tail = "\n" + "  " * level


# -- import ---------------------------------------------------------------------------


def read_xliff(data: bytes, shown: str) -> Xliff:
    """Parse an XLIFF 2.x file (untrusted: a DTD or an entity declaration is refused, and
    so is every inline element but ``<cp>``); errors carry ``shown:line``."""
    root, lines = _parse(data, shown)

    def line(element: ET.Element) -> int | None:
        return lines.get(element)

    if root.tag != f"{{{NS}}}xliff":
        raise PubkitError(
            f"not an XLIFF 2 file: the root element is <{_local(root.tag)}> "
            f"(expected <xliff> in the namespace {NS})",
            shown,
            line(root),
        )
    version = root.get("version", "")
    if not version.startswith("2."):
        raise PubkitError(f"XLIFF version {version!r}: pubkit reads 2.0 to 2.2", shown, line(root))
    source_lang, target_lang = root.get("srcLang"), root.get("trgLang")
    if not source_lang or not target_lang:
        raise PubkitError("the <xliff> element needs srcLang and trgLang", shown, line(root))
    files = []
    for element in root.iterfind(f"{{{NS}}}file"):
        units: list[Unit] = []
        seen: dict[str, int | None] = {}
        for unit in _units(element):
            unit_id = unit.get("id", "")
            if unit_id in seen:
                raise PubkitError(
                    f"unit {unit_id!r} appears twice (first at line {seen[unit_id]})",
                    shown,
                    line(unit),
                )
            seen[unit_id] = line(unit)
            source, target, state = _segments(unit, shown, lines)
            units.append(Unit(unit_id, source, target, state, line=line(unit)))
        files.append(
            XliffFile(
                element.get("id", ""), element.get("original", ""), tuple(units), line(element)
            )
        )
    return Xliff(source_lang, target_lang, tuple(files), line(root))


def _parse(data: bytes, shown: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The element tree of ``data`` and the line each element starts on. defusedxml's
    parser: expat with DTDs, entity declarations and external references refused."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    lines: dict[ET.Element, int] = {}

    class Builder(ET.TreeBuilder):
        def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
            element = super().start(tag, attrs)
            lines[element] = parser.parser.CurrentLineNumber
            return element

    parser = DefusedXMLParser(
        target=Builder(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        reason = str(exc).split(": line ")[0]
        raise PubkitError(f"invalid XML: {reason}", shown, exc.position[0]) from None
    except DefusedXmlException:
        raise PubkitError(
            "a DTD or entity declaration: pubkit reads XLIFF without them (they can make a "
            "small file expand without end or read other files)",
            shown,
            parser.parser.CurrentLineNumber,
        ) from None
    return root, lines


def _units(element: ET.Element) -> Iterator[ET.Element]:
    """The units of a ``<file>`` or ``<group>``, groups' included, in document order."""
    for child in element:
        if child.tag == f"{{{NS}}}unit":
            yield child
        elif child.tag == f"{{{NS}}}group":
            yield from _units(child)


def _segments(unit: ET.Element, shown: str, lines: dict[ET.Element, int]) -> tuple[str, str, str]:
    """A unit's whole source and target, its segments and ignorables joined (a tool may
    have split the unit), and its least advanced segment's state."""
    sources: list[str] = []
    targets: list[str] = []  # an ignorable's source stands for its missing target
    states: list[str] = []
    translated: list[bool] = []  # whether each segment has a target
    for part in unit:
        ignorable = part.tag == f"{{{NS}}}ignorable"
        if part.tag != f"{{{NS}}}segment" and not ignorable:
            continue
        source = part.find(f"{{{NS}}}source")
        if source is None:
            raise PubkitError(f"<{_local(part.tag)}> without <source>", shown, lines.get(part))
        target = part.find(f"{{{NS}}}target")
        sources.append(_text(source, shown, lines))
        targets.append(_text(target, shown, lines) if target is not None else "")
        if ignorable:
            targets[-1] = targets[-1] if target is not None else sources[-1]
            continue
        translated.append(bool(targets[-1]))
        state = part.get("state", "initial")
        if state not in STATES:
            raise PubkitError(
                f"unknown segment state {state!r} (XLIFF's are {', '.join(STATES)})",
                shown,
                lines.get(part),
            )
        states.append(state)
    if not states:
        raise PubkitError(f"unit {unit.get('id', '')!r} has no segment", shown, lines.get(unit))
    if any(translated) and not all(translated):
        raise PubkitError(
            f"unit {unit.get('id', '')!r} was split into segments and only some are "
            "translated: translate all or none (a unit is one catalog entry)",
            shown,
            lines.get(unit),
        )
    whole = "".join(targets) if all(translated) else ""
    return "".join(sources), whole, min(states, key=STATES.index)


def _text(element: ET.Element, shown: str, lines: dict[ET.Element, int]) -> str:
    """The text of a source or target: characters and ``<cp>`` only, as pubkit writes."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != f"{{{NS}}}cp":
            raise PubkitError(
                f"inline element <{_local(child.tag)}>: pubkit's texts are plain text with "
                "Markdown; type the markup as text",
                shown,
                lines.get(child),
            )
        try:
            parts.append(chr(int(child.get("hex", ""), 16)))
        except (ValueError, OverflowError):
            raise PubkitError(
                f"<cp hex={child.get('hex', '')!r}>: not a code point", shown, lines.get(child)
            ) from None
        parts.append(child.tail or "")
    return "".join(parts)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def merge_units(catalog: Catalog, units: Sequence[Unit], shown: str) -> int:
    """Merge translated units into ``catalog`` (changed in place); how many entries
    changed. A missing or empty target never replaces a translation. A new target is
    fuzzy unless its state is ``reviewed`` or ``final``; an unchanged one only loses its
    fuzzy mark (and the previous msgid shown with it) when it is reviewed. A unit that is
    not one of the catalog's singular entries, or whose source is not its msgid, is an
    error at the unit (``shown:line``)."""
    entries = {segment_id((e.msgctxt, e.msgid)): e for e in catalog if not e.obsolete}
    changed = 0
    for unit in units:
        entry = entries.get(unit.id)
        if entry is None:
            raise PubkitError(
                f"unit {unit.id!r} is no entry of the catalog (exported before the source "
                "changed? 'pubkit update', then export again)",
                shown,
                unit.line,
            )
        if entry.msgid_plural:
            raise PubkitError(
                f"unit {unit.id!r}: plural entries are not imported", shown, unit.line
            )
        if unit.source != entry.msgid:
            raise PubkitError(
                f"unit {unit.id!r}: its source is not the catalog's msgid {_short(entry.msgid)}",
                shown,
                unit.line,
            )
        if not unit.target:
            continue
        reviewed = unit.state in ("reviewed", "final")
        if unit.target == entry.msgstr and (not reviewed or FUZZY not in entry.flags):
            continue
        entry.msgstr = unit.target
        if reviewed:
            entry.flags = [flag for flag in entry.flags if flag != FUZZY]
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        elif FUZZY not in entry.flags:
            entry.flags = [FUZZY, *entry.flags]
        changed += 1
    return changed


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:60] + "…")
