"""The contexts rules share: a source document (SourceContext) and one catalog (LanguageContext)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pubkit.catalogs.pofile import FUZZY
from pubkit.catalogs.views import CatalogView, EntryView
from pubkit.checks.numbers import number_values
from pubkit.fileio import read_utf8
from pubkit.locales.numbers import separators
from pubkit.locales.plurals import plural_forms, read_plural_forms
from pubkit.locales.typography import conventions
from pubkit.source.inline import MarkupSummary, plain, summarise
from pubkit.source.model import Document, Location, Prose
from pubkit.source.reader import parse_document
from pubkit.source.segments import (
    Key,
    Segment,
    entry_role,
    extract_segments,
    prose_keys,
    quoted_blocks,
)

if TYPE_CHECKING:
    from pubkit.checks.glossary import Glossary
    from pubkit.render.fonts import Fonts


@dataclass(frozen=True, eq=False)
class SourceContext:
    """One publication's source document and what the checks derive from it, once.

    Built in memory by :meth:`of` or :meth:`parse`; the runner gives it the ``file`` it
    read, which source lint reads again only when a finding needs a line number."""

    document: Document
    language: str
    glossary: Glossary | None
    segments: dict[Key, Segment]
    key_of: dict[Prose, Key]
    prose_of: dict[Key, Prose]
    quoted: dict[Location, Prose]
    """``segments.quoted_blocks``: the paragraph each pull quote repeats."""
    file: Path | None = None
    markdown: str | None = None
    """The source text when it is known in memory (else read from ``file`` if needed)."""
    root: Path | None = None
    """The project ``file`` and the catalogs' files lie in (:func:`pubkit.fileio.project_file`)."""
    # Several rules, and every language, ask for the same source texts' derivations.
    _plain: dict[str, str] = field(default_factory=dict, repr=False)
    _summaries: dict[str, MarkupSummary] = field(default_factory=dict, repr=False)
    _numbers: dict[str, Counter[Decimal]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(
        cls,
        document: Document,
        *,
        language: str = "en",
        glossary: Glossary | None = None,
        file: Path | None = None,
        markdown: str | None = None,
        root: Path | None = None,
    ) -> SourceContext:
        """The context of a parsed document written in ``language``."""
        key_of = dict(zip(document.prose(), prose_keys(document), strict=True))
        prose_of: dict[Key, Prose] = {}
        for prose, key in key_of.items():
            prose_of.setdefault(key, prose)
        quoted = quoted_blocks(document.blocks)
        return cls(
            document=document,
            language=language,
            glossary=glossary,
            segments={s.key: s for s in extract_segments(document, quoted)},
            key_of=key_of,
            prose_of=prose_of,
            quoted=quoted,
            file=file,
            markdown=markdown,
            root=root,
        )

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        path: str = "doc.md",
        language: str = "en",
        glossary: Glossary | None = None,
    ) -> SourceContext:
        """The context of a source text in memory, as if read from ``path``."""
        document = parse_document(text, path)
        return cls.of(document, language=language, glossary=glossary, markdown=text)

    @property
    def path(self) -> str:
        """The source file as findings name it."""
        return self.document.path

    @cached_property
    def raw(self) -> str:
        """The source file's text, with ``\\n`` line ends: what lint counts lines in."""
        text = self.markdown
        if text is None:
            text = read_utf8(self.file, self.path, "source", self.root) if self.file else ""
        return text.replace("\r\n", "\n")

    def plain(self, text: str) -> str:
        """``inline.plain``, memoised: several checks read the same texts."""
        result = self._plain.get(text)
        if result is None:
            result = self._plain[text] = plain(text, self.document.references)
        return result

    def summary(self, text: str) -> MarkupSummary:
        """``inline.summarise`` of a source text, once for all languages."""
        result = self._summaries.get(text)
        if result is None:
            result = self._summaries[text] = summarise(text, self.document.references)
        return result

    def numbers(self, text: str) -> Counter[Decimal]:
        """The number values of a source text, once for all languages."""
        result = self._numbers.get(text)
        if result is None:
            result = self._numbers[text] = number_values(self.plain(text), self.language)
        return result

    def quoted_paragraph(self, key: Key) -> Prose | None:
        """The paragraph a pull quote repeats (``segments.quoted_blocks``)."""
        pullquote = self.prose_of.get(key)
        if pullquote is None:
            return None
        return self.quoted.get(pullquote.location)

    def segment(self, entry: EntryView) -> Segment:
        """The source segment of an entry; for an entry the source no longer has, one made
        from the entry itself (its role: ``segments.entry_role``)."""
        segment = self.segments.get((entry.msgctxt, entry.msgid))
        if segment is not None:
            return segment
        role = entry_role(entry.msgctxt, entry.comment)
        return Segment(entry.msgid, entry.msgctxt, role, entry.comment, ())

    def prepare(self, langs: Sequence[str]) -> None:
        """Build now the tables that the checks of every entry share: before the entries
        are split among forked processes, each of which would build them again."""
        for lang in (self.language, *langs):
            separators(lang)
        for prose in self.document.prose():  # parses each text's markup (inline.tokens)
            self.plain(prose.text)


def nplurals_of(metadata: dict[str, str], lang: str) -> int:
    """The catalog's nplurals when its Plural-Forms is readable and bounded, else the
    language's: what the msgstr[N] of plural entries are counted against."""
    nplurals = read_plural_forms(metadata.get("Plural-Forms", "")).nplurals
    if nplurals is not None:
        return nplurals
    fallback = read_plural_forms(plural_forms(lang)).nplurals
    return fallback if fallback is not None else 2


@dataclass(frozen=True, eq=False)
class LanguageContext:
    """One catalog being checked: its language, entries and shared resources.

    Built by :meth:`of` from a :class:`~pubkit.catalogs.views.CatalogView`, read from
    ``file`` by the runner or made in memory (``po_text``: the catalog's text, if known,
    for the line numbers of header fields)."""

    source: SourceContext
    lang: str
    catalog: CatalogView
    fonts: Fonts | None
    """The edition's fonts; None: the glyph rules have nothing to check against."""
    file: Path | None
    po_text: str | None
    is_source: bool
    entries: dict[Key, EntryView]
    nplurals: int
    french: bool

    @classmethod
    def of(
        cls,
        source: SourceContext,
        lang: str,
        catalog: CatalogView,
        *,
        fonts: Fonts | None = None,
        file: Path | None = None,
        po_text: str | None = None,
    ) -> LanguageContext:
        """The context of ``lang``'s catalog of the publication of ``source``."""
        return cls(
            source=source,
            lang=lang,
            catalog=catalog,
            fonts=fonts,
            file=file,
            po_text=po_text,
            is_source=lang == source.language,
            entries={(e.msgctxt, e.msgid): e for e in catalog.entries},
            nplurals=nplurals_of(catalog.metadata, lang),
            french=conventions(lang).french_spacing,
        )

    @property
    def glossary(self) -> Glossary | None:
        return self.source.glossary

    def text(self, entry: EntryView) -> str | None:
        """The translation the edition prints: not fuzzy, not empty; in the source
        language's catalog an empty msgstr stands for the source text."""
        if FUZZY in entry.flags:
            return None
        if entry.msgstr:
            return entry.msgstr
        return entry.msgid if self.is_source else None

    def plain(self, text: str) -> str:
        return self.source.plain(text)

    @cached_property
    def lines(self) -> list[str]:
        """The catalog's lines, read only when a finding needs the line of a header field."""
        text = self.po_text
        if text is None and self.file is not None:
            text = read_utf8(self.file, str(self.file), "catalog", self.source.root)
        return (text or "").splitlines()

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
