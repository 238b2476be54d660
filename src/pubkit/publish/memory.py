"""The translation memory of a project: every translation its releases printed, as TMX."""

from __future__ import annotations

from dataclasses import dataclass

from pubkit.catalogs.tmx import TranslationUnit, write_tmx
from pubkit.catalogs.workflow import read_source
from pubkit.config import Project
from pubkit.publish.segments import read_segments, released_versions, segments_name


@dataclass(frozen=True)
class Memory:
    """The TMX text, the releases it was read from and the units it holds."""

    text: str
    releases: tuple[str, ...]  # "<slug>/<version>"
    units: int
    left_out: int


def translation_memory(project: Project) -> Memory:
    """Every translation the project's releases printed in their own language (text
    printed from a fallback language is not a translation), one unit per segment of the
    source language, oldest release first so that a newer release's translation of the
    same segment replaces an older one."""
    source_language = project.source_language
    units: dict[str, TranslationUnit] = {}
    read: list[str] = []
    for publication in project.publications:
        slug = read_source(project, publication).meta.slug
        folder = project.dist_dir / slug
        for version in released_versions(folder):
            for language in project.languages:
                if language.code == source_language:
                    continue
                path = folder / version / segments_name(slug, language.code)
                if not path.is_file():
                    continue
                shown = project.relative(path)
                for segment in read_segments(path, shown, project.write_roots):
                    if segment.printed_in != language.code:
                        continue
                    unit = units.get(segment.id)
                    others = () if unit is None else unit.translations
                    kept = tuple(pair for pair in others if pair[0] != language.code)
                    units[segment.id] = TranslationUnit(
                        segment.id,
                        segment.context,
                        segment.source,
                        tuple(sorted((*kept, (language.code, segment.text)))),
                    )
            read.append(f"{slug}/{version}")
    text, left_out = write_tmx(source_language, list(units.values()))
    return Memory(text, tuple(read), len(units) - left_out, left_out)
