"""markdown, html, urls, length, control-characters: markup kept, nothing foreign added."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from pubkit.catalogs.review import translator_credit
from pubkit.catalogs.views import EntryView
from pubkit.checks.context import LanguageContext
from pubkit.checks.findings import listing
from pubkit.source.inline import summarise
from pubkit.source.segments import Segment


def check_markdown(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    if text is None or text == entry.msgid:
        return
    source = ctx.source.summary(entry.msgid)
    target = summarise(text, ctx.source.document.references)
    if source.links != target.links:  # else, as most often, no Counter is needed
        source_links, target_links = Counter(source.links), Counter(target.links)
        if source_links - target_links:
            missing = listing(source_links - target_links)
            yield f"link target(s) of the source missing: {missing}"
        if target_links - source_links:
            yield f"link target(s) not in the source: {listing(target_links - source_links)}"
    for what, want, got in (
        ("bold (**…**) spans", source.strong, target.strong),
        ("italic (*…*) spans", source.emphasis, target.emphasis),
        ("line breaks (a backslash ending a line)", source.breaks, target.breaks),
    ):
        if want != got:
            yield f"{what}: the source has {want}, the translation {got}"
    if target.stray_markers:
        stray = Counter(target.stray_markers) - Counter(source.stray_markers)
        if stray:
            yield f"stray or unclosed markup {listing(stray)}: close it, or remove it"
    if source.notes != target.notes:
        yield from _notes_differ(Counter(source.notes), Counter(target.notes))
    if target.literal:
        literal = Counter(target.literal) - Counter(source.literal)
        if literal:
            yield f"Markdown {listing(literal)} would print as typed: {_LITERAL_HINT}"
    if segment.role in TABLE_ROLES and text.count("|") > entry.msgid.count("|"):
        yield "a '|' in a table cell prints as text: the table's columns are the source's"


TABLE_ROLES = ("table_header", "table_cell")
_LITERAL_HINT = (
    "a footnote reference is [^label], its label as in the source; a table's rows and "
    "columns are the source's; a reference link [words][label] uses a label the source "
    "defines"
)


def _notes_differ(source: Counter[str], target: Counter[str]) -> Iterator[str]:
    """Footnote references are compared as a set of calls: their order may change with
    the sentence, but each note is called where the source calls it."""

    def shown(label: str) -> str:
        return f"[^{label}]"

    if source - target:
        yield f"footnote reference(s) of the source missing: {listing(source - target, shown)}"
    if target - source:
        yield f"footnote reference(s) not in the source: {listing(target - source, shown)}"


# -- what a translation must not add: HTML, addresses, invisible characters, length ----------


def check_html(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    """A warning, not an error: what looks like HTML prints as typed, safely, and may be
    meant as text ("<<le Mali>>", "a<b et c>d")."""
    text = ctx.text(entry)
    if text is None or not ("<" in text or "&" in text):
        return
    added = Counter(_FOREIGN_MARKUP.findall(text)) - Counter(_FOREIGN_MARKUP.findall(entry.msgid))
    tags = Counter({found: n for found, n in added.items() if not found.startswith("&")})
    if tags:
        yield (
            f"HTML {listing(tags)} will print as typed: pubkit's Markdown has links "
            "[text](url), **bold** and *italic* only"
        )
    if added - tags:
        yield (
            f"character references {listing(added - tags)} print as the character they "
            "name: type the character itself"
        )


# HTML tags, which pubkit's inline Markdown leaves as literal text, and character
# references, which it decodes (see inline._parser); an autolink (<https://…>) is a link,
# which the markdown rule compares.
_FOREIGN_MARKUP = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_URL_HINT = re.compile(r"://|www\.|mailto:", re.IGNORECASE)
# Typographic quotes never occur in an address (they would be percent-encoded): "’s"
# after one is English, not part of it.
_URL_TEXT = re.compile(r"\b(?:https?://|mailto:|www\.)[^\s<>()\[\]’”»]+", re.IGNORECASE)


LENGTH_RATIO = 3
"""A translation this many times as long as its source (plus a few words' slack) is
reported: translations run 10-35 % longer than English, not three times."""


def check_length(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    if text is not None and len(text) > LENGTH_RATIO * len(entry.msgid) + 40:
        yield (
            f"translation is {len(text) / max(1, len(entry.msgid)):.0f} times as long as the "
            f"source ({len(text)} characters for {len(entry.msgid)})"
        )


def _addresses(text: str) -> Counter[str]:
    return Counter(url.rstrip(".,;:!?…'\"»”’") for url in _URL_TEXT.findall(text))


def check_urls(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    """Addresses in the printed text (link targets are the markdown rule's), invisible
    format characters ignored: one word joiner inside "https://" hid an address."""
    text = ctx.text(entry)
    if text is None or text == entry.msgid:
        return
    printed = _FORMAT.sub("", ctx.plain(text))
    if not _URL_HINT.search(printed):
        return
    added = _addresses(printed) - _addresses(_FORMAT.sub("", ctx.plain(entry.msgid)))
    if added:
        yield f"address(es) not in the source: {listing(added)}"


# Characters that change what is printed without being seen: C0 and C1 controls (line
# breaks and tabs are white space), Unicode's format characters (category Cf: the
# bidirectional controls, which can print "25" as "52"; zero-width space, word joiner,
# invisible operators, byte order mark, tags…) and the combining grapheme joiner U+034F,
# which hide inside words, numbers and addresses. Two kinds of Cf are not errors: the
# zero-width non-joiner and joiner (U+200C, U+200D), which Persian, Urdu and the Indic
# scripts need to shape their words (and emoji sequences), and which reorder or hide
# nothing; and the soft hyphen (U+00AD), a hyphenation point a translator may place on
# purpose (Bambara is hyphenated at them alone, ``hyphens: manual``), a warning of its own.
# Category Cf as of Unicode 14.0, Python 3.11's (a test compares every code point).
SOFT_HYPHEN = "\u00ad"
JOINERS = "\u200c\u200d"
_CF = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u034f"
    + _CF.replace("\u00ad", "").replace("\u200b-\u200f", "\u200b\u200e\u200f")
    + "]"
)
_FORMAT = re.compile(f"[{_CF}\u034f]")
"""Every invisible format character: what address detection ignores."""


def check_credit_characters(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    """The translator credit, which the imprint prints, as the translations."""
    credit = translator_credit(ctx.catalog)
    if credit and _INVISIBLE.search(credit):
        metadata = ctx.catalog.metadata
        name = "X-Translation-Credit" if "X-Translation-Credit" in metadata else "Last-Translator"
        yield ctx.field_line(name), f"{name} holds invisible control characters: {credit!r}"


def check_control_characters(
    segment: Segment, entry: EntryView, ctx: LanguageContext
) -> Iterator[str]:
    text = ctx.text(entry)
    if text is None or not _INVISIBLE.search(text):
        return
    found = sorted(set(_INVISIBLE.findall(text)) - set(entry.msgid))
    if found:
        shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control')}" for c in found)
        yield f"invisible control or formatting character(s): {shown}"


def check_soft_hyphens(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    """A warning: a soft hyphen may be a deliberate hyphenation point."""
    text = ctx.text(entry)
    if text is not None and SOFT_HYPHEN in text and SOFT_HYPHEN not in entry.msgid:
        yield (
            f"{text.count(SOFT_HYPHEN)} soft hyphen(s) (U+00AD) added: invisible unless a "
            "line breaks there, they split the word for search and copy; keep only "
            "deliberate hyphenation points"
        )
