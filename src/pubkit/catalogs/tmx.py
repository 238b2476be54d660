"""TMX 1.4b translation memory: translation units, each a source text and its translations."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from pubkit import __version__

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot hold: TMX has no escape for them (XLIFF's <cp>), so a unit
# with one stays out. A released text has none: the control-characters check refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class TranslationUnit:
    """A source text and its translations (language, text), with the catalog entry's id
    and msgctxt."""

    id: str
    context: str | None
    source: str
    translations: tuple[tuple[str, str], ...]


def write_tmx(source_lang: str, units: Sequence[TranslationUnit]) -> tuple[str, int]:
    """The TMX 1.4b text of ``units`` (no dates, so the same memory gives the same
    bytes), and how many units were left out for characters XML cannot hold."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "pubkit",
            "creationtoolversion": __version__,
            "segtype": "paragraph",
            "o-tmf": "gettext PO",
            "adminlang": "en",
            "srclang": source_lang,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    left_out = 0
    for unit in units:
        texts = [unit.source, *(text for _, text in unit.translations)]
        if not unit.translations or any(_NOT_XML.search(text) for text in texts):
            left_out += bool(unit.translations)
            continue
        tu = ET.SubElement(body, "tu", {"tuid": unit.id})
        if unit.context is not None:
            ET.SubElement(tu, "prop", {"type": "x-context"}).text = unit.context
        for lang, text in ((source_lang, unit.source), *unit.translations):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root)  # no mixed content: <seg> holds text only, <prop> too
    text = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")
    doctype = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + text + "\n", left_out
