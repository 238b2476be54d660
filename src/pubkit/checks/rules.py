"""The rules of ``pubkit check``: the contexts they share, and ordered tables of small
named rules, each a function that yields what it finds (see :class:`Rule`)."""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from pubkit.catalogs import catalog as cat
from pubkit.catalogs.catalog import CatalogView, EntryView
from pubkit.checks.glossary import Glossary, fold
from pubkit.checks.lint import check_missing_links, check_name_spellings
from pubkit.checks.numbers import number_values, separators, show
from pubkit.checks.runner import Finding, Severity
from pubkit.config import Project, Publication
from pubkit.forking import fork_both, fork_map
from pubkit.locales.plurals import Convention, plural_forms, read_plural_forms, recognised
from pubkit.locales.plurals import conventions as plural_conventions
from pubkit.render.fonts import Fonts
from pubkit.render.typography import NBSP, NNBSP, conventions
from pubkit.source.inline import MarkupSummary, plain, summarise
from pubkit.source.model import Document, Location, Prose
from pubkit.source.reader import read_document_shared
from pubkit.source.segments import (
    ROLE_COMMENTS,
    Key,
    Segment,
    extract_segments,
    fold_quotation,
    prose_keys,
    quoted_blocks,
)

# -- contexts -------------------------------------------------------------------------------


@dataclass
class SourceContext:
    """One publication's source document and what the checks derive from it, once."""

    project: Project
    publication: Publication
    document: Document
    glossary: Glossary | None
    path: str
    segments: dict[Key, Segment]
    key_of: dict[Prose, Key]
    prose_of: dict[Key, Prose]
    quoted: dict[Location, Prose]
    """``segments.quoted_blocks``: the paragraph each pull quote repeats."""
    _plain: dict[str, str] = field(default_factory=dict)
    _summaries: dict[str, MarkupSummary] = field(default_factory=dict)
    _numbers: dict[str, Counter[Decimal]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, project: Project, publication: Publication, glossary: Glossary | None
    ) -> SourceContext:
        shown = project.relative(publication.source)
        document = read_document_shared(publication.source, shown)
        key_of = dict(zip(document.prose(), prose_keys(document), strict=True))
        prose_of: dict[Key, Prose] = {}
        for prose, key in key_of.items():
            prose_of.setdefault(key, prose)
        quoted = quoted_blocks(document.blocks)
        return cls(
            project=project,
            publication=publication,
            document=document,
            glossary=glossary,
            path=shown,
            segments={s.key: s for s in extract_segments(document, quoted)},
            key_of=key_of,
            prose_of=prose_of,
            quoted=quoted,
        )

    def plain(self, text: str) -> str:
        """``inline.plain``, memoised: several checks read the same texts."""
        result = self._plain.get(text)
        if result is None:
            result = self._plain[text] = plain(text)
        return result

    def summary(self, text: str) -> MarkupSummary:
        """``inline.summarise`` of a source text, once for all languages."""
        result = self._summaries.get(text)
        if result is None:
            result = self._summaries[text] = summarise(text)
        return result

    def numbers(self, text: str) -> Counter[Decimal]:
        """The number values of a source text, once for all languages."""
        result = self._numbers.get(text)
        if result is None:
            language = self.project.source_language
            result = self._numbers[text] = number_values(self.plain(text), language)
        return result

    def quoted_paragraph(self, key: Key) -> Prose | None:
        """The paragraph a pull quote repeats (``segments.quoted_blocks``)."""
        pullquote = self.prose_of.get(key)
        if pullquote is None:
            return None
        return self.quoted.get(pullquote.location)

    def prepare(self, langs: Sequence[str]) -> None:
        """Build now the tables that the checks of every entry share: before the entries
        are split among forked processes, each of which would build them again."""
        for lang in (self.project.source_language, *langs):
            separators(lang)
        for prose in self.document.prose():  # parses each text's markup (inline.tokens)
            self.plain(prose.text)


@dataclass
class LanguageContext:
    """One catalog being checked: its language, file, entries and shared resources."""

    source: SourceContext
    lang: str
    is_source: bool
    path: str
    file: Path
    catalog: CatalogView
    entries: dict[Key, EntryView]
    fonts: Fonts
    nplurals: int
    french: bool

    @property
    def glossary(self) -> Glossary | None:
        return self.source.glossary

    def text(self, entry: EntryView) -> str | None:
        """The translation the edition prints: not fuzzy, not empty; in the source
        language's catalog an empty msgstr stands for the source text."""
        if cat.FUZZY in entry.flags:
            return None
        if entry.msgstr:
            return entry.msgstr
        return entry.msgid if self.is_source else None

    def plain(self, text: str) -> str:
        return self.source.plain(text)

    @cached_property
    def lines(self) -> list[str]:
        """The catalog's lines, read only when a finding needs the line of a header field."""
        return self.file.read_text(encoding="utf-8").splitlines()

    @cached_property
    def header_line(self) -> int:
        for number, line in enumerate(self.lines[:-1]):
            if line.strip() == 'msgid ""' and self.lines[number + 1].startswith('msgstr ""'):
                return number + 1
        return 1

    def field_line(self, name: str) -> int:
        start = self.header_line
        prefix = f'"{name}:'
        for number in range(start, min(len(self.lines), start + 60)):
            if self.lines[number].startswith(prefix):
                return number + 1
        return start


# -- rule tables ----------------------------------------------------------------------------

EntryCheck = Callable[[Segment, EntryView, LanguageContext], Iterable[str]]
CatalogCheck = Callable[[LanguageContext], Iterable[tuple[int, str]]]
SourceCheck = Callable[[SourceContext], Iterable[tuple[int, str]]]


R = TypeVar("R", EntryCheck, CatalogCheck, SourceCheck)
T = TypeVar("T")


@dataclass(frozen=True)
class Rule(Generic[R]):
    """A named check and the severity of what it finds.

    Entry rules take the source segment, the catalog entry and the language context and
    yield messages about that entry; catalog and source rules yield (line, message).
    """

    name: str
    severity: Severity
    run: R


# -- po-validity: what ``msgfmt --check`` rejects, in pure Python ------------------------------

INITIAL_DEFAULTS = (
    "FULL NAME <EMAIL@ADDRESS>",
    "YEAR-MO-DA",
    "LANGUAGE <LL@li.org>",
    "PACKAGE VERSION",
)


def _shortened(value: str, limit: int = 100) -> str:
    """``repr(value)``, cut short: a header value can be thousands of characters long."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + "…"


def nplurals_of(metadata: dict[str, str], lang: str) -> int:
    """The catalog's nplurals when its Plural-Forms is readable and bounded, else the
    language's: what the msgstr[N] of plural entries are counted against."""
    nplurals = read_plural_forms(metadata.get("Plural-Forms", "")).nplurals
    if nplurals is not None:
        return nplurals
    fallback = read_plural_forms(plural_forms(lang)).nplurals
    return fallback if fallback is not None else 2


def check_header(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    metadata: dict[str, str] = ctx.catalog.metadata
    if not metadata:
        empty = "the catalog is empty: " if not ctx.catalog.entries else ""
        yield 1, f'{empty}no PO header (the first entry must be msgid "" with the header fields)'
        return
    for name in cat.REQUIRED_HEADER:
        if name not in metadata:
            yield ctx.header_line, f"header field {name!r} is missing"
    content_type = metadata.get("Content-Type")
    if content_type is not None:
        charset = re.search(r"charset=([^\s;]+)", content_type)
        if charset is None or charset.group(1).upper().replace("_", "-") != "UTF-8":
            yield (
                ctx.field_line("Content-Type"),
                f"Content-Type is {content_type!r}: the charset must be UTF-8",
            )
    language = metadata.get("Language")
    if language is not None and language.replace("-", "_") != ctx.lang.replace("-", "_"):
        yield (
            ctx.field_line("Language"),
            f"Language is {language!r} but this is the {ctx.lang!r} catalog",
        )
    actual = metadata.get("Plural-Forms")
    if actual is None:
        expected = plural_forms(ctx.lang)
        yield ctx.header_line, f"header field 'Plural-Forms' is missing ({ctx.lang}: {expected})"
    else:
        problem = read_plural_forms(actual).problem
        if problem is not None:
            shown = _shortened(actual)
            yield ctx.field_line("Plural-Forms"), f"invalid Plural-Forms {shown}: {problem}"
    for name, value in metadata.items():
        if any(default in value for default in INITIAL_DEFAULTS):
            yield (
                ctx.field_line(name),
                f"header field {name!r} still has the initial default value {value!r}",
            )


def check_entry_validity(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if cat.FUZZY in entry.flags:
        return  # msgfmt leaves fuzzy entries out, and so does the edition
    msgid_plural, forms = entry.msgid_plural, entry.msgstr_plural  # msgstr[N] without a
    # msgid_plural is refused when the catalog is read (catalog.read_catalog)
    if msgid_plural and not forms and entry.msgstr:
        yield "a plural message needs msgstr[0]… msgstr[N-1], not msgstr"
    if msgid_plural and any(forms.values()) and sorted(forms) != list(range(ctx.nplurals)):
        yield (
            f"{len(forms)} plural form(s) (msgstr[{','.join(map(str, sorted(forms)))}]) but "
            f"Plural-Forms says nplurals={ctx.nplurals}"
        )
    translations = [s for s in ([entry.msgstr] if not forms else forms.values()) if s]
    if not translations:
        return
    pairs = [("msgid_plural", msgid_plural)] if msgid_plural else []
    pairs += [("msgstr", text) for text in translations]
    for name, text in pairs:
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(entry.msgid, "\n") != test(text, "\n"):
                yield f"'msgid' and '{name}' do not both {where} with '\\n'"


# -- plural-forms: a readable formula that is none of the language's conventions ------


def _convention_name(convention: Convention) -> str:
    """Who writes a convention, in short: GNU gettext, else CLDR (with its version)."""
    sources = convention.sources
    if "GNU gettext" in sources:
        return "GNU gettext"
    cldr = next((source for source in sources if source.startswith("CLDR")), None)
    return cldr.split(" (")[0] if cldr is not None else sources[0]


def check_plural_convention(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    """A readable Plural-Forms that is none of the language's conventions: gettext's,
    CLDR's (old or new) or the installed Babel's. Only a warning: the catalog's own
    msgstr[N] agree with it (po-validity checks that), so msgfmt and the edition work."""
    actual = ctx.catalog.metadata.get("Plural-Forms")
    if actual is None or read_plural_forms(actual).problem is not None:
        return  # po-validity reports it
    if recognised(actual, ctx.lang) is not None:
        return
    known = plural_conventions(ctx.lang)
    if not known:
        return
    init = plural_forms(ctx.lang)
    listed = "; ".join(
        f"{c.formula!r} ({_convention_name(c)}"
        + (", what pubkit init writes)" if c.formula == init else ")")
        for c in known
    )
    yield (
        ctx.field_line("Plural-Forms"),
        f"Plural-Forms is {_shortened(actual)}, none of the conventions for {ctx.lang}: {listed}",
    )


# -- untranslated, fuzzy, identical ---------------------------------------------------------


def check_fuzzy(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if cat.FUZZY in entry.flags:
        yield "fuzzy translation: not printed until a translator checks it and removes 'fuzzy'"


def check_untranslated(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if ctx.is_source or cat.FUZZY in entry.flags:
        return
    if not entry.msgstr and not any(entry.msgstr_plural.values()):
        yield f"untranslated: the {ctx.lang} edition prints the fallback language here"


_NAME_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def only_names(text: str, glossary: Glossary | None) -> bool:
    """True when every word is capitalised or part of a glossary term: text that stays
    the same in every language."""
    words = text
    if glossary is not None:
        folded = fold(text)
        kept, last = [], 0
        for _, start, end in glossary.occurrences(text):
            kept.append(folded[last:start])
            last = end
        kept.append(folded[last:])
        words = " ".join(kept)
    return all(
        word[0].isupper() or not any(c.isalpha() for c in word)
        for word in _NAME_WORD.findall(words)
    )


def check_identical(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if ctx.is_source or cat.FUZZY in entry.flags or entry.msgstr != entry.msgid:
        return
    if not only_names(ctx.plain(entry.msgid), ctx.glossary):
        yield "translation is identical to the source"


# -- markdown -------------------------------------------------------------------------------


def _listing(values: Counter[Any], show_value: Callable[[Any], str] = repr) -> str:
    return ", ".join(
        show_value(value) + (f" (×{count})" if count > 1 else "")
        for value, count in sorted(values.items(), key=lambda item: str(item[0]))
    )


def check_markdown(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    if text is None or text == entry.msgid:
        return
    source, target = ctx.source.summary(entry.msgid), summarise(text)
    if source.links != target.links:  # else, as most often, no Counter is needed
        source_links, target_links = Counter(source.links), Counter(target.links)
        if source_links - target_links:
            missing = _listing(source_links - target_links)
            yield f"link target(s) of the source missing: {missing}"
        if target_links - source_links:
            yield f"link target(s) not in the source: {_listing(target_links - source_links)}"
    for what, want, got in (
        ("bold (**…**)", source.strong, target.strong),
        ("italic (*…*)", source.emphasis, target.emphasis),
    ):
        if want != got:
            yield f"{what} spans: the source has {want}, the translation {got}"
    if target.stray_markers:
        stray = Counter(target.stray_markers) - Counter(source.stray_markers)
        if stray:
            yield f"stray or unclosed markup {_listing(stray)}: close it, or remove it"


# -- what a translation must not add: HTML, addresses, invisible characters, length ----------


def check_html(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    """A warning, not an error: what looks like HTML prints as typed, safely, and may be
    meant as text ("<<le Mali>>", "a<b et c>d")."""
    text = ctx.text(entry)
    if text is None or not ("<" in text or "&" in text):
        return
    added = Counter(_FOREIGN_MARKUP.findall(text)) - Counter(_FOREIGN_MARKUP.findall(entry.msgid))
    if added:
        yield (
            f"HTML, autolinks or entities {_listing(added)} will print as typed: pubkit's "
            "Markdown has links [text](url), **bold** and *italic* only"
        )


# HTML tags, <scheme:...> autolinks and character references: CommonMark syntax that
# pubkit's inline Markdown leaves as literal text (see inline._parser).
_FOREIGN_MARKUP = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>"
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
    """Addresses in the printed text (link targets are the markdown rule's)."""
    text = ctx.text(entry)
    if text is None or text == entry.msgid:
        return
    printed = ctx.plain(text)
    if not _URL_HINT.search(printed):
        return
    added = _addresses(printed) - _addresses(ctx.plain(entry.msgid))
    if added:
        yield f"address(es) not in the source: {_listing(added)}"


# Characters that change what is printed without being seen: C0 and C1 controls (line
# breaks and tabs are white space) and the bidirectional formatting characters, which
# can reorder "25" into "52" on the page.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def check_credit_characters(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    """The translator credit, which the imprint prints, as the translations."""
    credit = cat.translator_credit(ctx.catalog)
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
        yield f"invisible control or bidirectional formatting character(s): {shown}"


# -- numbers, glossary, pull quotes ----------------------------------------------------------


def check_numbers(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    if text is None or (ctx.is_source and text == entry.msgid):
        return
    source = ctx.source.numbers(entry.msgid)
    target = number_values(ctx.plain(text), ctx.lang)
    if source == target:
        return
    if source - target:
        yield f"number(s) of the source missing: {_listing(source - target, show)}"
    if target - source:
        yield f"number(s) not in the source: {_listing(target - source, show)}"


def check_glossary(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    glossary = ctx.glossary
    if text is None or glossary is None:
        return
    for term, form in glossary.missing(ctx.plain(entry.msgid), ctx.plain(text), ctx.lang):
        yield f"{term.en!r} must be translated {form!r} ({glossary.path}:{term.line})"


_SPACED_QUOTE = re.compile(r'\s*"\s*')


def _fold_quotation(text: str) -> str:
    """``segments.fold_quotation``, and the spaces French sets inside « » ignored too."""
    return _SPACED_QUOTE.sub('"', fold_quotation(text))


def check_pullquote(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if not segment.comment.startswith("Pull quote"):
        return
    text = ctx.text(entry)
    paragraph = ctx.source.quoted_paragraph(segment.key)
    if text is None or paragraph is None:
        return
    paragraph_entry = ctx.entries.get(ctx.source.key_of[paragraph])
    if paragraph_entry is None:
        return
    paragraph_text = ctx.text(paragraph_entry)
    if paragraph_text is None:
        return
    needle = _fold_quotation(ctx.plain(text)).rstrip(".!?")
    if needle not in _fold_quotation(ctx.plain(paragraph_text)):
        yield (
            f"the pull quote does not repeat the translation of the paragraph it quotes "
            f"({paragraph.location}, entry at line {paragraph_entry.linenum}): "
            "use the same words"
        )


# -- typography -----------------------------------------------------------------------------

_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)\S+", re.IGNORECASE)
# Each pattern starts with the character it looks for, so that re can skip to it.
_NO_SPACE_BEFORE = re.compile(r"[;:!?](?<=[^\s;:!?][;:!?])")
_NO_SPACE_AFTER_OPENING = re.compile(r"«(?=\S)")
_NO_SPACE_BEFORE_CLOSING = re.compile(r"»(?<=\S»)")
_DOUBLED_SPACE = re.compile(r"\s{2,}")
_CLOSERS = "\"'”’»›)]*_ \u00a0\u202f\t\n"


def final_punctuation(text: str) -> str:
    """The sentence-final mark of plain text: '.', '?', '!', ':', '…' or '' (none)."""
    text = text.rstrip(_CLOSERS)
    if text.endswith(("…", "...")):
        return "…"
    return text[-1] if text and text[-1] in ".?!:" else ""


def _mark(mark: str) -> str:
    return repr(mark) if mark else "no final punctuation"


def _excerpt(text: str, position: int) -> str:
    start = position
    while start > 0 and not text[start - 1].isspace() and position - start < 20:
        start -= 1
    end = position + 1
    while end < len(text) and not text[end].isspace() and end - position < 20:
        end += 1
    return text[start:end]


def _excerpts(text: str, positions: list[int]) -> str:
    shown = [repr(_excerpt(text, p)) for p in positions[:3]]
    return ", ".join(shown) + (f" and {len(positions) - 3} more" if len(positions) > 3 else "")


def check_typography(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    if text is None or (ctx.is_source and text == entry.msgid):
        return
    if text != text.strip():
        yield "leading or trailing whitespace"
    if _DOUBLED_SPACE.search(text.strip()):
        yield "doubled space"
    printed = ctx.plain(text)
    if ctx.french:
        masked, lowered = printed, printed.lower()
        if "://" in printed or "www." in lowered or "mailto:" in lowered:  # else no URL
            masked = _URL.sub(lambda m: " " * len(m.group(0)), printed)
        missing = [
            m.start()
            for m in _NO_SPACE_BEFORE.finditer(masked)
            if not (
                masked[m.start() - 1].isdigit()
                and m.end() < len(masked)
                and masked[m.end()].isdigit()
            )
        ]
        if missing:
            yield f"no space before ; : ! ? ({ctx.lang} typography): {_excerpts(masked, missing)}"
        inside = [m.start() for m in _NO_SPACE_AFTER_OPENING.finditer(masked)]
        inside += [m.start() for m in _NO_SPACE_BEFORE_CLOSING.finditer(masked)]
        if inside:
            shown = _excerpts(masked, sorted(inside))
            yield f"no space inside « » ({ctx.lang} typography): {shown}"
    want, got = final_punctuation(ctx.plain(entry.msgid)), final_punctuation(printed)
    if want != got:
        yield f"ends with {_mark(got)} but the source ends with {_mark(want)}"


# -- glyphs ---------------------------------------------------------------------------------

CAPITAL_ROLES = frozenset({"title", "heading", "pullquote"})


def _describe(char: str) -> str:
    shown = "\u25cc" + char if unicodedata.category(char).startswith("M") else char
    return f"'{shown}' U+{ord(char):04X} {unicodedata.name(char, '<unnamed>')}"


def _glyph_problem(char: str, fonts: Fonts, capital_of: str | None = None) -> str | None:
    missing = fonts.missing(char)
    if not missing:
        return None
    total = len(fonts.cmaps)
    where = f"all {total} fonts" if len(missing) == total else ", ".join(missing)
    why = f" (capital of '{capital_of}': this text prints in capitals)" if capital_of else ""
    return f"{_describe(char)}{why} is missing from {where}"


def check_glyphs(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    text = ctx.text(entry)
    if text is None or not ctx.fonts.cmaps:
        return
    chars = set(text)
    wanted: dict[str, str | None] = dict.fromkeys(chars)
    if segment.role in CAPITAL_ROLES or "printed in capitals" in segment.comment:
        for char in chars:
            for capital in char.upper():
                wanted.setdefault(capital, char)
    if ctx.fonts.all_present(wanted.keys()):
        return
    problems = [char for char in wanted if ctx.fonts.missing(char)]
    for char in sorted(problems):
        problem = _glyph_problem(char, ctx.fonts, wanted[char])
        if problem is not None:
            yield problem


def typography_characters(lang: str) -> str:
    """The characters the renderer's typography may print in ``lang`` that a translator
    need not type: quotation marks, apostrophe, ellipsis and no-break spaces."""
    rules = conventions(lang)
    chars = {*rules.quotes, *rules.inner_quotes, "’", "…"}
    if rules.french_spacing:
        chars |= {NBSP, NNBSP}
    if rules.group_digits:
        chars.add(NNBSP)
    return "".join(sorted(chars))


def check_typography_glyphs(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    for char in typography_characters(ctx.lang):
        problem = _glyph_problem(char, ctx.fonts)
        if problem is not None:
            yield ctx.header_line, f"{ctx.lang} typography prints {problem}"


# -- catalog-wide ---------------------------------------------------------------------------


def check_outdated(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    missing = sum(1 for key in ctx.source.segments if key not in ctx.entries)
    stale = sum(1 for key in ctx.entries if key not in ctx.source.segments)
    if missing or stale:
        yield (
            ctx.header_line,
            (
                f"catalog is out of date with {ctx.source.path}: {missing} source text(s) "
                f"missing, {stale} entr(y/ies) no longer in the source (run 'pubkit update')"
            ),
        )


# -- the tables -----------------------------------------------------------------------------

SOURCE_RULES: tuple[Rule[SourceCheck], ...] = (
    Rule("source-lint", "warning", check_missing_links),
    Rule("source-lint", "warning", check_name_spellings),
)
CATALOG_RULES: tuple[Rule[CatalogCheck], ...] = (
    Rule("po-validity", "error", check_header),
    Rule("plural-forms", "warning", check_plural_convention),
    Rule("outdated", "warning", check_outdated),
    Rule("glyphs", "error", check_typography_glyphs),
    Rule("control-characters", "error", check_credit_characters),
)
ENTRY_RULES: tuple[Rule[EntryCheck], ...] = (
    Rule("po-validity", "error", check_entry_validity),
    Rule("fuzzy", "warning", check_fuzzy),
    Rule("untranslated", "warning", check_untranslated),
    Rule("identical", "warning", check_identical),
    Rule("markdown", "error", check_markdown),
    Rule("control-characters", "error", check_control_characters),
    Rule("html", "warning", check_html),
    Rule("urls", "warning", check_urls),
    Rule("length", "warning", check_length),
    Rule("numbers", "error", check_numbers),
    Rule("glossary", "error", check_glossary),
    Rule("pullquote", "warning", check_pullquote),
    Rule("typography", "warning", check_typography),
    Rule("glyphs", "error", check_glyphs),
)


# -- running --------------------------------------------------------------------------------


def _segment_for(entry: EntryView, source: SourceContext) -> Segment:
    """The source segment of an entry; for an entry the source no longer has, one made
    from the entry itself (its role read from the extracted comment)."""
    key = (entry.msgctxt, entry.msgid)
    segment = source.segments.get(key)
    if segment is not None:
        return segment
    role = "paragraph"
    for name, comment in ROLE_COMMENTS.items():
        if entry.comment.startswith(comment.split(";")[0].split(" (")[0]):
            role = name
            break
    return Segment(entry.msgid, entry.msgctxt, role, entry.comment, ())


def check_catalog(
    source: SourceContext, lang: str, fonts: Fonts, catalog: CatalogView | Finding
) -> list[Finding]:
    """Every finding of one language's catalog of one publication (``catalog``: as
    :func:`pubkit.checks.runner.load_catalog` returns it)."""
    project = source.project
    path = project.po_path(source.publication, lang)
    shown = project.relative(path)
    if isinstance(catalog, Finding):
        return [catalog]
    entries = {(e.msgctxt, e.msgid): e for e in catalog.entries}
    ctx = LanguageContext(
        source=source,
        lang=lang,
        is_source=lang == project.source_language,
        path=shown,
        file=path,
        catalog=catalog,
        entries=entries,
        fonts=fonts,
        nplurals=nplurals_of(catalog.metadata, lang),
        french=conventions(lang).french_spacing,
    )
    findings = [
        Finding(shown, line, rule.severity, rule.name, message, lang)
        for rule in CATALOG_RULES
        for line, message in rule.run(ctx)
    ]

    def check_entries(part: list[EntryView]) -> list[Finding]:
        return [
            Finding(shown, entry.linenum, rule.severity, rule.name, message, lang)
            for entry in part
            for segment in (_segment_for(entry, source),)
            for rule in ENTRY_RULES
            for message in rule.run(segment, entry, ctx)
        ]

    for part in fork_map(check_entries, _parts(list(entries.values()))):
        findings += part
    return findings


PARALLEL_ENTRIES = 400
"""From this many entries up, a catalog's entries are checked in forked processes, one
part per CPU: the rules are pure Python, so threads would not help."""


def _parts(entries: list[T]) -> list[list[T]]:
    count = 1 if len(entries) < PARALLEL_ENTRIES else min(os.cpu_count() or 1, 8)
    size = max(1, -(-len(entries) // count))  # 0 for a catalog without entries: step 0
    return [entries[i : i + size] for i in range(0, len(entries), size)] or [[]]


def check_publication(
    source: SourceContext, langs: Sequence[str], catalogs: Sequence[CatalogView | Finding]
) -> list[Finding]:
    """The findings of one publication: its source's lint, then each catalog's."""
    project = source.project
    fonts = Fonts(project.fonts_dir, project.font_cache_dir)

    def lint() -> list[Finding]:
        return [
            Finding(source.path, line, rule.severity, rule.name, message, None)
            for rule in SOURCE_RULES
            for line, message in rule.run(source)
        ]

    def check() -> list[Finding]:
        return [
            finding
            for lang, catalog in zip(langs, catalogs, strict=True)
            for finding in check_catalog(source, lang, fonts, catalog)
        ]

    # A large source is linted in a forked process while its catalogs are checked.
    large = (os.cpu_count() or 1) > 1 and len(source.segments) >= PARALLEL_ENTRIES
    catalog_findings, lint_findings = fork_both(check, lint) if large else (check(), lint())
    return lint_findings + catalog_findings
