"""manifest.json: what a release holds and was made from, language by language (status,
completion, fallbacks, review, checks, pages, file hashes), with the exact versions of
the tools, libraries and fonts."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pubkit.config import Project, Publication
from pubkit.fileio import Roots, read_project_bytes
from pubkit.publish.folder import sha256
from pubkit.render.fonts import font_version
from pubkit.versions import native_libraries, output_packages
from pubkit.writing import write_atomic

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pubkit.checks.findings import Finding
    from pubkit.render.edition import Edition
    from pubkit.theme.design import Design

Record = dict[str, Any]
"""A JSON object of the manifest, its keys in the order they are written."""


def file_record(path: Path) -> Record:
    return {"sha256": sha256(path), "size": path.stat().st_size}


def language_record(
    edition: Edition,
    *,
    partial: bool,
    findings: Sequence[Finding],
    pages: int,
    files: dict[str, Record],
    changelog: Record | None = None,
) -> Record:
    """What the manifest says of one language's edition; ``changelog``: its segments
    added, removed and changed since the previous release (publish.segments)."""
    mine = [f for f in findings if f.lang == edition.lang]
    credit = edition.credit
    return {
        "status": "partial" if partial else "complete",
        "completion": {**asdict(edition.stats), "percent": edition.stats.percent},
        "fallbacks": [
            {"location": str(fb.location), "reason": fb.reason, "printed_in": fb.used}
            for fb in edition.fallbacks
        ],
        "label_fallbacks": [
            {"label": fb.key, "text": fb.msgid, "reason": fb.reason, "printed_in": fb.used}
            for fb in edition.labels.fallbacks
        ],
        "translation_credit": credit.credit if credit else None,
        "review": asdict(credit.review) if credit else {"status": "source"},
        "checks": {
            "errors": sum(1 for f in mine if f.severity == "error"),
            "warnings": sum(1 for f in mine if f.severity == "warning"),
        },
        "pages": pages,
        "files": files,
        "changelog": changelog,
    }


def manifest(
    project: Project,
    publication: Publication,
    *,
    slug: str,
    version: str,
    languages: dict[str, Record],
    design: Design,
) -> Record:
    """The whole manifest of one publication's release."""

    def digest(path: Path, what: str, root: Path = project.root) -> str:
        return hashlib.sha256(read_project_bytes(path, root, what)).hexdigest()

    fonts = {}
    for font in design.fonts:
        version_of = font_version(font.path, project.font_cache_dir, font.root, project.root)
        fonts[font.shown] = {"version": version_of, "sha256": digest(font.path, "font", font.root)}
    # Every catalog an edition may print from: its own and those of its fallback chain.
    used = {code for lang in languages for code in (lang, *project.language(lang).fallback)}
    catalogs = {
        code: {"path": project.relative(p), "sha256": digest(p, "catalog")}
        for code in sorted(used)
        if os.path.lexists(p := project.po_path(publication, code))
    }
    theme_catalogs = {
        code: {"path": project.relative(p), "sha256": digest(p, "catalog")}
        for code in sorted(used)
        if os.path.lexists(p := project.theme_po_path(code))
    }
    return {
        "publication": slug,
        "version": version,
        "tools": output_packages(),
        "libraries": native_libraries(),
        "theme": design.record(),
        "fonts": fonts,
        "inputs": {
            "source": {
                "path": project.relative(publication.source),
                "sha256": digest(publication.source, "source"),
            },
            "catalogs": catalogs,
            "glossary": (
                {
                    "path": project.relative(project.glossary),
                    "sha256": digest(project.glossary, "glossary"),
                }
                if project.glossary is not None and os.path.lexists(project.glossary)
                else None
            ),
            "theme_catalogs": theme_catalogs,
        },
        "languages": languages,
    }


def write_manifest(folder: Path, record: Record, within: Roots) -> None:
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    write_atomic(folder / "manifest.json", text, within)
