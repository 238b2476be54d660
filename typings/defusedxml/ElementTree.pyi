"""defusedxml.ElementTree: expat's ElementTree parser with DTDs and entities refused."""

import xml.etree.ElementTree as ET
from typing import Any

class DefusedXMLParser(ET.XMLParser):
    parser: Any  # the expat parser (xml.parsers.expat.XMLParserType)
    def __init__(
        self,
        *,
        target: ET.TreeBuilder | None = ...,
        encoding: str | None = ...,
        forbid_dtd: bool = ...,
        forbid_entities: bool = ...,
        forbid_external: bool = ...,
    ) -> None: ...
