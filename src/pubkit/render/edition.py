"""An edition: the source with each segment replaced along its language's fallback chain."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pubkit.catalogs.pofile import FUZZY, Catalog, read_catalog_shared
from pubkit.catalogs.review import Review, review_of, translator_credit
from pubkit.catalogs.stats import Stats, edition_stats, translations
from pubkit.config import Project, Publication
from pubkit.source.model import Document, Location, Prose
from pubkit.source.reader import read_document_shared
from pubkit.source.segments import Key, prose_keys
from pubkit.theme.files import ThemeFiles
from pubkit.theme.labels import Labels, resolve_labels, theme_labels


@dataclass(frozen=True)
class Fallback:
    """A segment printed in another language because its own translation is missing or fuzzy."""

    location: Location
    msgid: str
    reason: str  # "untranslated" or "fuzzy"
    used: str  # the language whose text was printed


@dataclass(frozen=True)
class TranslationCredit:
    """Who produced a catalog, as its header says, and whether anyone signed it off."""

    lang: str
    credit: str | None
    review: Review


@dataclass(frozen=True)
class Edition:
    """A publication in one language, ready to render."""

    document: Document
    source: Document
    lang: str
    chain: tuple[str, ...]  # the language, then its fallbacks in order
    fallbacks: tuple[Fallback, ...]
    credit: TranslationCredit | None  # None for the source language
    stats: Stats
    labels: Labels
    """The theme's words in this language (see pubkit.theme.labels)."""

    @property
    def printed_from(self) -> tuple[str, ...]:
        """The other languages whose catalogs this edition prints fallback text from."""
        return tuple(sorted({fb.used for fb in self.fallbacks} - {self.lang}))


def make_edition(project: Project, publication: Publication, lang: str) -> Edition:
    """Translate the publication into ``lang``, falling back along its configured chain."""
    language = project.language(lang)
    source = read_document_shared(
        publication.source, project.relative(publication.source), root=project.root
    )
    chain = (lang, *language.fallback)
    tables: dict[str, dict[Key, str]] = {}
    fuzzy: dict[str, set[Key]] = {}
    own: Catalog | None = None
    for code in chain:
        path = project.po_path(publication, code)
        is_source = code == project.source_language
        if not os.path.lexists(path) and is_source:
            tables[code], fuzzy[code] = {}, set()
            continue
        catalog = read_catalog_shared(path, project.relative(path), project.root)
        tables[code] = translations(catalog, is_source)
        fuzzy[code] = {(e.msgctxt, e.msgid) for e in catalog if FUZZY in e.flags}
        if code == lang:
            own = catalog
    keys = dict(zip(map(id, source.prose()), prose_keys(source), strict=True))
    fallbacks: list[Fallback] = []

    def translate(prose: Prose) -> str:
        key = keys[id(prose)]
        for code in chain:
            text = tables[code].get(key)
            if text is None and code == project.source_language:
                text = prose.text
            if text is not None:
                if code != lang:
                    reason = "fuzzy" if key in fuzzy[lang] else "untranslated"
                    fallbacks.append(Fallback(prose.location, prose.text, reason, code))
                return text
        return prose.text

    document = source.map_prose(translate, lang)
    is_source = lang == project.source_language
    all_keys = keys.values()
    stats = edition_stats(lang, all_keys, all_keys if is_source else tables[lang], fuzzy[lang])
    credit = (
        None
        if own is None or is_source
        else TranslationCredit(lang, translator_credit(own), _review(project, own, lang))
    )
    files = ThemeFiles(project.styles_dir, project.root)
    offices = [source.meta.office] if source.meta.office else []
    labels = resolve_labels(project, files, theme_labels(files), lang, chain, offices)
    return Edition(
        document=document,
        source=source,
        lang=lang,
        chain=chain,
        fallbacks=tuple(fallbacks),
        credit=credit,
        stats=stats,
        labels=labels,
    )


_STANDING = ("draft", "outdated", "reviewed")


def _review(project: Project, own: Catalog, lang: str) -> Review:
    """The review of an edition's words: its catalog's, unless the project's catalog of
    the theme's words in ``lang`` stands lower (a draft, or changed since its sign-off):
    the imprint says the translation was reviewed only when both were."""
    review = review_of(own)
    path = project.theme_po_path(lang)
    if review.status != "reviewed" or not os.path.lexists(path):
        return review
    theme = review_of(read_catalog_shared(path, project.relative(path), project.root))
    return theme if _STANDING.index(theme.status) < _STANDING.index(review.status) else review
