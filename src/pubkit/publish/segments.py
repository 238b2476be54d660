"""What a release records of each edition's segments (``<slug>-<lang>.segments.json``),
how two recordings differ, and the manifest's changelog against the previous version."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pubkit.catalogs.matching import Matcher
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.fileio import Roots, read_project_bytes
from pubkit.source.segments import prose_keys, segment_id
from pubkit.writing import write_atomic

if TYPE_CHECKING:
    from pubkit.render.edition import Edition

FORMAT = 1
"""The version of the segments file's layout; a reader refuses a newer one."""


@dataclass(frozen=True)
class Recorded:
    """One segment of a released edition: its id (the catalog entry's, see
    :func:`pubkit.source.segments.segment_id`), msgctxt, source text, the text printed
    and the language it was printed in (the edition's, or one of its fallback chain)."""

    id: str
    context: str | None
    source: str
    text: str
    printed_in: str


def segments_name(slug: str, lang: str) -> str:
    return f"{slug}-{lang}.segments.json"


def edition_segments(edition: Edition) -> tuple[Recorded, ...]:
    """Each distinct segment of ``edition`` in document order, as it was printed."""
    used = {fallback.location: fallback.used for fallback in edition.fallbacks}
    seen: set[str] = set()
    recorded = []
    for source, printed, key in zip(
        edition.source.prose(), edition.document.prose(), prose_keys(edition.source), strict=True
    ):
        ident = segment_id(key)
        if ident in seen:
            continue
        seen.add(ident)
        language = used.get(source.location, edition.lang)
        recorded.append(Recorded(ident, key[0], source.text, printed.text, language))
    return tuple(recorded)


def segments_text(slug: str, lang: str, source_language: str, segments: Sequence[Recorded]) -> str:
    """The segments file of one edition (JSON, keys in a fixed order, one line a field)."""
    record = {
        "format": FORMAT,
        "publication": slug,
        "lang": lang,
        "source_language": source_language,
        "segments": [asdict(segment) for segment in segments],
    }
    return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


def read_segments(path: Path, shown: str, root: Roots) -> tuple[Recorded, ...]:
    """The segments a release recorded in ``path`` (a PubkitError naming ``shown``)."""
    data = read_project_bytes(path, root, "segments file", shown)
    try:
        record = json.loads(data)
        if record.get("format", 0) > FORMAT:
            raise PubkitError(
                f"segments file format {record['format']}: made by a newer pubkit", shown
            )
        return tuple(Recorded(**segment) for segment in record["segments"])
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise PubkitError(f"not a segments file pubkit can read ({exc})", shown) from None


# -- differences ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A segment added, removed or changed from one release to the next. A changed
    segment has a new source (``source_changed``: paired with its old self by
    similarity, as ``pubkit update`` pairs a changed paragraph with its translation)
    or a new printed text, or both."""

    kind: str  # "added", "removed" or "changed"
    id: str
    old_source: str | None
    new_source: str | None
    old_text: str | None
    new_text: str | None
    source_changed: bool = False
    text_changed: bool = False
    printed_in: str | None = None  # the language of new_text


def changes(old: Sequence[Recorded], new: Sequence[Recorded]) -> tuple[Change, ...]:
    """What changed from ``old`` to ``new`` (one edition's segments in two releases):
    changed segments in the new order, then added, then removed ones."""
    before = {segment.id: segment for segment in old}
    after_ids = {segment.id for segment in new}
    gone = [segment for segment in old if segment.id not in after_ids]
    matcher = Matcher([segment.source for segment in gone])
    paired: set[int] = set()
    changed, added = [], []
    for segment in new:
        previous = before.get(segment.id)
        if previous is None:
            best = matcher.best(segment.source)
            if best is not None and best not in paired:
                paired.add(best)
                previous = gone[best]
            else:
                added.append(
                    Change(
                        "added",
                        segment.id,
                        None,
                        segment.source,
                        None,
                        segment.text,
                        printed_in=segment.printed_in,
                    )
                )
                continue
        source_changed = previous.source != segment.source
        text_changed = previous.text != segment.text
        if source_changed or text_changed:
            changed.append(
                Change(
                    "changed",
                    segment.id,
                    previous.source,
                    segment.source,
                    previous.text,
                    segment.text,
                    source_changed,
                    text_changed,
                    segment.printed_in,
                )
            )
    removed = [
        Change("removed", segment.id, segment.source, None, segment.text, None)
        for number, segment in enumerate(gone)
        if number not in paired
    ]
    return (*changed, *added, *removed)


def counts(found: Sequence[Change]) -> dict[str, int]:
    return {
        kind: sum(1 for c in found if c.kind == kind) for kind in ("added", "removed", "changed")
    }


# -- the changelog of a release ------------------------------------------------------------


_NUMBER = re.compile(r"(\d+)")


def version_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Versions in natural order: digits as numbers (1.9 < 1.10), the rest as text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _NUMBER.split(name) if part
    )


def released_versions(publication_dir: Path) -> list[str]:
    """The releases in a publication's folder (folders with a manifest.json), oldest first."""
    if not publication_dir.is_dir():
        return []
    found = [
        folder.name
        for folder in publication_dir.iterdir()
        if not folder.name.startswith(".")
        and not folder.is_symlink()
        and (folder / "manifest.json").is_file()
    ]
    return sorted(found, key=version_key)


def previous_version(publication_dir: Path, version: str) -> str | None:
    """The newest release in ``publication_dir`` that sorts before ``version``, if any."""
    key = version_key(version)
    earlier = [v for v in released_versions(publication_dir) if version_key(v) < key]
    return earlier[-1] if earlier else None


def changelog(
    publication_dir: Path, version: str, lang: str, segments: Sequence[Recorded], root: Roots
) -> dict[str, Any] | None:
    """The manifest's changelog of one language against the previous release: its
    version and how many segments were added, removed and changed; None when there is
    no previous release, and ``null`` counts when it did not record this language's
    segments (released before pubkit recorded them, or without this language)."""
    previous = previous_version(publication_dir, version)
    if previous is None:
        return None
    slug = publication_dir.name
    path = publication_dir / previous / segments_name(slug, lang)
    if not path.is_file():
        return {"against": previous, "added": None, "removed": None, "changed": None}
    old = read_segments(path, f"{slug}/{previous}/{path.name}", root)
    return {"against": previous, **counts(changes(old, segments))}


def record_segments(
    project: Project, edition: Edition, staged: Path, version: str
) -> tuple[str, dict[str, Any] | None]:
    """Write ``edition``'s segments file into the staging folder of ``version``; its
    name and the changelog of the language against the previous release."""
    slug = edition.document.meta.slug
    segments = edition_segments(edition)
    name = segments_name(slug, edition.lang)
    text = segments_text(slug, edition.lang, project.source_language, segments)
    write_atomic(staged / name, text, project.write_roots)
    folder = project.dist_dir / slug
    return name, changelog(folder, version, edition.lang, segments, project.write_roots)
