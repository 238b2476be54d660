"""``pubkit diff``: what changed between two releases, language by language: the segments
added, removed and changed (source and translation), and the pages that render
differently, each as a side-by-side PNG."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pubkit.catalogs.workflow import read_source
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.fileio import read_project_bytes, writable_folder
from pubkit.publish.build import output_name
from pubkit.publish.segments import Change, changes, read_segments, segments_name
from pubkit.writing import write_atomic


@dataclass(frozen=True)
class PageChange:
    page: int
    state: str  # "changed", "added" or "removed"
    image: str  # the side-by-side PNG, relative to the project


@dataclass(frozen=True)
class LanguageDiff:
    """One language of two releases. ``segments`` is None when a release did not record
    them (made before pubkit did); ``pages`` None when pages were not compared."""

    lang: str
    only_in: str | None  # the one release that has this language, if only one has it
    segments: tuple[Change, ...] | None
    pages: tuple[PageChange, ...] | None
    old_pages: int | None
    new_pages: int | None


@dataclass(frozen=True)
class ReleaseDiff:
    publication: str
    old: str
    new: str
    languages: tuple[LanguageDiff, ...]


def diff_folder(project: Project, slug: str, old: str, new: str) -> Path:
    """Where the side-by-side pictures of two releases go."""
    return project.dist_dir / "diff" / slug / f"{old}..{new}"


def diff_releases(
    project: Project, old: str, new: str, *, langs: Sequence[str] = (), pages: bool = True
) -> list[ReleaseDiff]:
    """Compare the releases ``old`` and ``new`` of every publication; with ``pages``,
    write a side-by-side PNG of each page whose rendering changed (see
    :func:`diff_folder`)."""
    for code in langs:
        project.language(code)
    result = []
    for publication in project.publications:
        slug = read_source(project, publication).meta.slug
        manifests = [_manifest(project, slug, version) for version in (old, new)]
        present = [set(manifest.get("languages", {})) for manifest in manifests]
        codes = [
            c for c in (langs or sorted(present[0] | present[1])) if c in present[0] | present[1]
        ]
        result.append(
            ReleaseDiff(
                slug,
                old,
                new,
                tuple(_language(project, slug, old, new, code, present, pages) for code in codes),
            )
        )
    return result


def _manifest(project: Project, slug: str, version: str) -> dict[str, Any]:
    folder = project.dist_dir / slug / version
    shown = project.relative(folder / "manifest.json")
    if not (folder / "manifest.json").is_file():
        raise PubkitError(f"no release {version!r} of {slug} (its manifest.json is missing)", shown)
    try:
        manifest = json.loads(
            read_project_bytes(folder / "manifest.json", project.write_roots, "manifest", shown)
        )
    except ValueError as exc:
        raise PubkitError(f"not a manifest pubkit can read ({exc})", shown) from None
    if not isinstance(manifest, dict):
        raise PubkitError("not a manifest pubkit can read", shown)
    return manifest


def _language(
    project: Project,
    slug: str,
    old: str,
    new: str,
    code: str,
    present: list[set[str]],
    pages: bool,
) -> LanguageDiff:
    folders = [project.dist_dir / slug / version for version in (old, new)]
    if code not in present[0] or code not in present[1]:
        return LanguageDiff(code, new if code in present[1] else old, None, None, None, None)
    recorded = []
    for folder in folders:
        path = folder / segments_name(slug, code)
        recorded.append(
            read_segments(path, project.relative(path), project.write_roots)
            if path.is_file()
            else None
        )
    found = (
        changes(recorded[0], recorded[1])
        if recorded[0] is not None and recorded[1] is not None
        else None
    )
    if not pages:
        return LanguageDiff(code, None, found, None, None, None)
    from pubkit.publish.pages import page_differences

    name = output_name(slug, code, "screen")
    pdfs = [
        read_project_bytes(
            folder / name, project.write_roots, "PDF", project.relative(folder / name)
        )
        for folder in folders
    ]
    differences, old_count, new_count = page_differences(pdfs[0], pdfs[1])
    target = diff_folder(project, slug, old, new)
    if target.is_dir():  # the pictures of an earlier run, whose pages may be alike now
        writable_folder(target, project.write_roots, project.relative(target))
        for stale in target.glob(f"{slug}-{code}-page-*.png"):
            stale.unlink()
    changed = []
    for difference in differences:
        path = target / f"{slug}-{code}-page-{difference.page}.png"
        write_atomic(path, difference.png, project.write_roots)
        changed.append(PageChange(difference.page, difference.state, project.relative(path)))
    return LanguageDiff(code, None, found, tuple(changed), old_count, new_count)
