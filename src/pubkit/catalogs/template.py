"""Templates and new catalogs: the POT of a document's segments, and a language's first catalog."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

import polib

from pubkit import __version__
from pubkit.catalogs.pofile import FUZZY, Catalog
from pubkit.catalogs.poread import Entry, lone_blank
from pubkit.fileio import source_date_epoch
from pubkit.locales.names import language_name
from pubkit.locales.plurals import plural_forms, read_plural_forms
from pubkit.source.segments import Segment


def now_stamp() -> str:
    """The current time as gettext writes it, honouring SOURCE_DATE_EPOCH for reproducibility."""
    epoch = source_date_epoch()
    moment = time.gmtime(epoch) if epoch is not None else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", moment)


def make_template(segments: Sequence[Segment], domain: str, title: str) -> Catalog:
    """The POT of a document's segments."""
    pot = Catalog(wrapwidth=79)
    pot.header = (
        f"Translations template for {title}.\n"
        "This file is distributed under the same license as the publication."
    )
    pot.metadata_is_fuzzy = True
    pot.metadata = {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now_stamp(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"pubkit {__version__}",
    }
    for segment in segments:
        pot.append(
            polib.POEntry(
                msgid=segment.msgid,
                msgctxt=segment.msgctxt,
                msgstr="",
                comment=segment.comment,
                occurrences=[(loc.path, str(loc.line)) for loc in segment.references],
            )
        )
    return pot


_CREATION_DATE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


def keep_creation_date(pot: Catalog, old_text: str) -> None:
    """Give ``pot`` the creation date of ``old_text`` when nothing else differs, so an
    unchanged template is not rewritten (compared as text: no parsing of the old file)."""
    found = _CREATION_DATE.search(old_text)
    if found is None:
        return
    from pubkit.catalogs.poformat import format_po

    new_text = format_po(pot)
    if _CREATION_DATE.sub("", new_text) == _CREATION_DATE.sub("", old_text):
        pot.metadata["POT-Creation-Date"] = found.group(1)


def init_catalog(pot: Catalog, lang: str, title: str, translator: str | None) -> Catalog:
    """A new catalog for ``lang`` with a complete, correct header and empty translations."""
    name = language_name(lang)
    catalog = Catalog(wrapwidth=79)
    catalog.header = (
        f"{name} translation of {title}.\n"
        "This file is distributed under the same license as the publication."
    )
    catalog.metadata = header_defaults(pot, lang, translator)
    nplurals = nplurals_of(catalog)
    for template in pot:
        catalog.append(untranslated(template, nplurals))
    return catalog


def untranslated(template: polib.POEntry, nplurals: int = 2) -> Entry:
    """A catalog entry for a template entry, not translated yet: its source, comments,
    references and flags (as msgmerge takes them), ``nplurals`` empty forms if plural."""
    entry = Entry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgstr="",
        msgid_plural=template.msgid_plural,
        msgstr_plural=dict.fromkeys(range(nplurals), "") if template.msgid_plural else {},
        comment=template.comment,
        occurrences=list(template.occurrences),
        flags=[flag for flag in template.flags if flag != FUZZY],
    )
    entry.lone_blank = lone_blank(template) & {"#."}
    return entry


def nplurals_of(catalog: polib.POFile) -> int:
    """How many msgstr[N] a new plural entry gets, as msgmerge counts them (gettext's
    extract_plural_expression): the number after the header's first "nplurals=", if the
    expression after its first "plural=" reads, else 2."""
    read = catalog.header_entry if isinstance(catalog, Catalog) else None
    if read is not None:
        header = read.msgstr
    else:
        header = "".join(f"{name}: {value}\n" for name, value in catalog.metadata.items())
    count = re.match(r"[ \t\n\r\f\v]*([0-9]+)", header[header.find("nplurals=") + 9 :])
    start = header.find("plural=")
    if "nplurals=" not in header or start < 0 or count is None:
        return 2
    expression = re.split(r"[;\n]", header[start + 7 :], maxsplit=1)[0]
    forms = read_plural_forms(f"nplurals={count.group(1)}; plural={expression};")
    return forms.nplurals if forms.forms is not None and forms.nplurals is not None else 2


def header_defaults(pot: Catalog, lang: str, translator: str | None) -> dict[str, str]:
    """The header ``init`` writes for ``lang``, dated now, with the template's own fields."""
    name = language_name(lang)
    return {
        "Project-Id-Version": pot.metadata.get("Project-Id-Version", ""),
        "Report-Msgid-Bugs-To": pot.metadata.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": pot.metadata.get("POT-Creation-Date", now_stamp()),
        "PO-Revision-Date": now_stamp(),
        "Last-Translator": translator or f"{name} translation team",
        "Language-Team": name,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
        "X-Generator": f"pubkit {__version__}",
        "X-Review-Status": "draft",
    }


REQUIRED_HEADER = (
    "Project-Id-Version",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
"""The header fields msgfmt --check wants (and Plural-Forms, checked on its own)."""


def complete_header(catalog: Catalog, pot: Catalog, lang: str) -> None:
    """Add the required header fields ``catalog`` lacks (a header lost in an editor), as
    ``init`` writes them; the fields it has stay as they are."""
    missing = [name for name in (*REQUIRED_HEADER, "Plural-Forms") if name not in catalog.metadata]
    if missing:  # the defaults ask Babel for the language's name
        defaults = header_defaults(pot, lang, None)
        catalog.metadata.update({name: defaults[name] for name in missing})
