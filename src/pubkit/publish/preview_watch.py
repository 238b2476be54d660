"""What pubkit preview watches, and what a changed file makes stale (watchfiles is
imported here only, when a preview starts)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.theme.files import PACKAGED

STEP_MS = 50
"""How long the watcher waits for more changes after one before it reports them: an
editor's save (a temporary file renamed over the catalog) is one batch, not three."""

EditionKey = tuple[str, str]
"""An edition the preview serves: a publication's gettext domain (unique in the project,
unlike its slug, which an edit of the source may change) and a language."""

Figures = Mapping[Path, frozenset[str]]
"""The folders that hold figures' images, each with the domains of the publications
whose figures are there (what the editions built so far print)."""


@dataclass(frozen=True)
class Changes:
    """What a batch of changed files touches, as the preview rebuilds it."""

    configuration: bool = False
    design: bool = False
    sources: frozenset[str] = frozenset()
    """Domains of the publications whose source, or a file beside a figure's image, changed."""
    catalogs: frozenset[tuple[str, str]] = frozenset()
    """(domain, language) of each catalog changed; a domain may be no publication's."""
    glossary: bool = False
    files: tuple[str, ...] = ()
    """The files that matter, relative to the project, for the messages."""

    def __bool__(self) -> bool:
        return bool(self.files)


def classify(project: Project, paths: Iterable[str], figures: Figures | None = None) -> Changes:
    """What the changed ``paths`` (absolute, as the watcher reports them) touch. Files the
    preview does not read (an editor's backup or swap file, a template's .pot, pubkit's own
    temporary files) touch nothing."""
    config = _normal(project.config_path)
    glossary = _normal(project.glossary) if project.glossary is not None else None
    sources = {_normal(pub.source): pub.domain for pub in project.publications}
    images = {_normal(folder): domains for folder, domains in (figures or {}).items()}
    styles, locale = _normal(project.styles_dir), _normal(project.locale_dir)
    packaged = _normal(PACKAGED)
    design_files = {_normal(file.path) for file in project.theme.files()}
    configuration = design = glossary_changed = False
    domains: set[str] = set()
    catalogs: set[tuple[str, str]] = set()
    files = set()
    for raw in paths:
        path = _normal(raw)
        name = os.path.basename(path)
        if path == config:
            configuration = True
        elif path == glossary:
            glossary_changed = True
        elif path in sources:
            domains.add(sources[path])
        elif (
            path in design_files
            or any(  # a file the [theme] keys name, or the theme's
                _inside(path, folder) and not _scratch(path[len(folder) :])
                for folder in (styles, packaged)
            )
        ):
            design = True
        elif _inside(path, locale) and name.endswith(".po") and not _scratch(name):
            parts = Path(path[len(locale) + 1 :]).parts
            if len(parts) != 3 or parts[1] != "LC_MESSAGES":
                continue
            catalogs.add((name.removesuffix(".po"), parts[0]))
        elif os.path.dirname(path) in images and not _scratch(name):
            domains.update(images[os.path.dirname(path)])  # an image, or its language's
        else:
            continue
        files.add(project.relative(Path(path)))
    return Changes(
        configuration=configuration,
        design=design,
        sources=frozenset(domains),
        catalogs=frozenset(catalogs),
        glossary=glossary_changed,
        files=tuple(sorted(files)),
    )


def affected(project: Project, changes: Changes, editions: Iterable[EditionKey]) -> set[EditionKey]:
    """Which of ``editions`` ``changes`` makes stale: a catalog, the editions that print
    from it (its language's, and those falling back to it); a source, its publication's;
    the configuration or the design, all. The glossary only feeds ``pubkit check``."""
    editions = set(editions)
    if changes.configuration or changes.design:
        return editions
    domains = {pub.domain for pub in project.publications}
    stale = {key for key in editions if key[0] in changes.sources}
    for domain, lang in changes.catalogs:
        for key in editions:
            if domain in domains and key[0] != domain:
                continue  # another publication's catalog; a theme's catalog serves all
            with contextlib.suppress(PubkitError):
                if lang == key[1] or lang in project.language(key[1]).fallback:
                    stale.add(key)
    return stale


def watched_folders(project: Project, figures: Figures | None = None) -> tuple[Path, ...]:
    """The folders to watch (each alone, not its subfolders: a project's root may hold a
    virtual environment or dist/ with thousands): the configuration's, the sources' and
    the glossary's, the catalogs' (<lang>/LC_MESSAGES), the project's theme folder and
    pubkit's default theme with their subfolders, the folders of the files the [theme]
    keys name, and the figures' folders. A folder not made yet is watched through the
    nearest one above it that exists, so that its making is seen; the watcher then
    starts again with it."""
    folders = {project.root, project.config_path.parent, *(figures or {})}
    folders.update(file.path.parent for file in project.theme.files())
    folders.update(_subfolders(PACKAGED, depth=8))
    folders.update(pub.source.parent for pub in project.publications)
    if project.glossary is not None:
        folders.add(project.glossary.parent)
    folders.update(_subfolders(project.locale_dir, depth=2))
    folders.update(_subfolders(project.styles_dir, depth=8))
    existing = set()
    for folder in folders:
        while not folder.is_dir() and folder != project.root and folder.parent != folder:
            folder = folder.parent
        existing.add(Path(_normal(folder)))
    return tuple(sorted(existing))


def _subfolders(folder: Path, depth: int) -> list[Path]:
    """``folder`` and its subfolders ``depth`` levels down, links and hidden or cache
    folders (``__pycache__``) left out."""
    found = [folder]
    if depth == 0:
        return found
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not _scratch(entry.name) and entry.is_dir(follow_symlinks=False):
                found += _subfolders(Path(entry.path), depth - 1)
    return found


def _files(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return [entry for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return []


def _normal(path: Path | str) -> str:
    return os.path.normpath(os.path.abspath(path))


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder + os.sep)


def _scratch(path: str) -> bool:
    """An editor's or pubkit's scratch file: hidden (.x.swp, .x.XXXXXXXX.tmp, a folder like
    __pycache__), a backup (x~) or an autosave (#x#)."""
    return any(
        part.startswith((".", "#", "__")) or part.endswith(("~", ".swp", ".tmp"))
        for part in Path(path).parts
        if part != os.sep
    )


def follow(
    now: Callable[[], tuple[Project, Figures]],
    apply: Callable[[Changes], None],
    stop: threading.Event,
) -> None:
    """Call ``apply`` with what each batch of changed files touches, until ``stop``; the
    watcher starts again on other folders when the set to watch changes (a new
    language's folder, a styles subfolder, a new figure, another configuration). ``now``
    gives the project and its figures' folders as they are now."""
    from watchfiles import watch

    folders: tuple[Path, ...] = ()
    while not stop.is_set():
        project, figures = now()
        watched, folders = folders, watched_folders(project, figures)
        if watched:  # what was made in a new folder before it was watched (cp -r images/)
            made = [
                entry.path for folder in set(folders) - set(watched) for entry in _files(folder)
            ]
            apply(classify(project, made, figures))
        changes = watch(*folders, watch_filter=None, step=STEP_MS, stop_event=stop, recursive=False)
        try:
            with contextlib.closing(changes):
                for batch in changes:
                    project, figures = now()
                    apply(classify(project, (path for _, path in batch), figures))
                    if watched_folders(*now()) != folders:
                        break
        except FileNotFoundError:  # a folder went between the listing and the watching
            time.sleep(STEP_MS / 1000)
