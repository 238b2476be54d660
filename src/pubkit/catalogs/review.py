"""Review: a named person's sign-off of exactly the translations a catalog holds, and its credit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from pubkit.catalogs.pofile import Catalog
from pubkit.catalogs.stats import catalog_stats
from pubkit.catalogs.template import now_stamp
from pubkit.errors import PubkitError


def content_digest(catalog: Catalog) -> str:
    """A hash of what a reviewer signs off: every active entry's key, flags and
    translation (in any order: moving a paragraph in the source changes nothing), the
    translator credit the imprint prints, and the sign-off's own name and date."""
    entries = sorted(
        (
            entry.msgctxt or "",
            entry.msgid,
            entry.msgstr,
            *(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)),
            ",".join(entry.flags),
        )
        for entry in catalog
        if not entry.obsolete
    )
    metadata = catalog.metadata
    header = (
        translator_credit(catalog) or "",
        metadata.get("X-Reviewed-By", ""),
        metadata.get("X-Review-Date", ""),
    )
    digest = hashlib.sha256()
    for parts in (header, *entries):
        digest.update("\0".join(parts).encode("utf-8") + b"\1")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Review:
    """Whether a named person signed off exactly the translations the catalog holds now."""

    status: str  # "reviewed", "draft" or "outdated" (changed since the sign-off)
    reviewer: str | None
    date: str | None


def review_of(catalog: Catalog) -> Review:
    """The review state its header records, checked against the catalog's content now."""
    reviewer = catalog.metadata.get("X-Reviewed-By") or None
    date = catalog.metadata.get("X-Review-Date") or None
    signed = catalog.metadata.get("X-Reviewed-Digest")
    if not reviewer or not signed:
        return Review("draft", None, None)
    if signed != content_digest(catalog):
        return Review("outdated", reviewer, date)
    return Review("reviewed", reviewer, date)


def sign_off(catalog: Catalog, reviewer: str, lang: str, is_source: bool) -> None:
    """Record ``reviewer``'s sign-off in the header; only a complete catalog can be signed."""
    stats = catalog_stats(catalog, lang, is_source)
    if stats.fuzzy or stats.untranslated:
        raise PubkitError(
            f"{lang}: cannot sign off a catalog with {stats.fuzzy} fuzzy and "
            f"{stats.untranslated} untranslated entries"
        )
    catalog.metadata["X-Review-Status"] = "reviewed"
    catalog.metadata["X-Reviewed-By"] = reviewer
    catalog.metadata["X-Review-Date"] = now_stamp()[:10]
    catalog.metadata["X-Reviewed-Digest"] = content_digest(catalog)


class Headed(Protocol):
    """A catalog or what check reads of one (``views.CatalogView``): its header's fields."""

    @property
    def metadata(self) -> dict[str, str]: ...


def translator_credit(catalog: Headed) -> str | None:
    """The catalog's own credit line: X-Translation-Credit, else Last-Translator's name."""
    credit = str(catalog.metadata.get("X-Translation-Credit", "")).strip()
    if credit:
        return credit
    last = without_address(catalog.metadata.get("Last-Translator", "").strip())
    return last or None


def without_address(text: str) -> str:
    """Stripped ``text`` without a final "<address>": ``re.sub(r"\\s*<[^>]*>\\s*$", "",
    text)``, in linear time (that pattern tried every "<" and every space of a run,
    each try scanning to the end: quadratic in a header of many)."""
    if not text.endswith(">"):
        return text
    opening = text.find("<", text.rfind(">", 0, len(text) - 1) + 1)
    return text if opening < 0 else text[:opening].rstrip()
