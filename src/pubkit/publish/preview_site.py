"""What pubkit preview serves: the editions asked for, built again as their files change,
their errors, the PDFs on demand, and the events that tell the pages."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pubkit.config import Project, Publication, load_project
from pubkit.errors import PubkitError, os_error
from pubkit.publish.build import (
    copy_assets,
    copy_images,
    edition_html,
    output_name,
    project_design,
    refuse_fetches,
    target_roots,
)
from pubkit.publish.preview_watch import Changes, EditionKey, Figures, affected
from pubkit.source.images import image_path
from pubkit.source.model import Figure
from pubkit.writing import write_atomic

if TYPE_CHECKING:
    from pubkit.render.edition import Edition
    from pubkit.theme.design import Design

HISTORY = 64
"""Events kept for pages that connect late (a page reloading while another edit lands)."""


class Report(Protocol):
    """Where the preview tells the person at the terminal what it does: ``kind`` is
    "address" (the URL: always shown), "info" or "error"."""

    def __call__(self, message: str, *, kind: str = "info") -> None: ...


class Site:
    """What the preview serves, in one folder of the run's private temporary folder: the
    HTML editions asked for (each rebuilt when its files change), the assets, the screen
    PDFs asked for. Thread-safe: the watcher, the terminal and each request call it; one
    lock makes the builds one at a time."""

    def __init__(self, project: Project, folder: Path, lang: str, report: Report):
        self.project = project
        self.folder = folder
        self.roots = target_roots(project, folder)
        self.report = report
        self.run = secrets.token_hex(8)
        """This run's token: a page of an earlier run reloads when it reconnects."""
        self.lock = threading.RLock()
        self.current: EditionKey = (project.publications[0].domain, lang)
        self.wanted = {(pub.domain, lang) for pub in project.publications}
        self.slugs: dict[str, str] = {}
        self.figures: Figures = {}
        self.errors: dict[EditionKey, str] = {}
        self.problems: dict[str, str] = {}  # "configuration", "design": every page shows them
        self.design: Design | None = None  # the last that could be loaded
        self.pdfs: dict[EditionKey, str] = {}  # the digest of the HTML each PDF was made from
        self.generation = 0
        self.events: list[tuple[int, dict[str, str]]] = []
        self.changed = threading.Condition()
        self.stopping = threading.Event()

    # -- what a request asks -------------------------------------------------------------

    def url(self, key: EditionKey) -> str:
        """The URL path of an edition's page ("/" while its slug is not known)."""
        slug = self.slugs.get(key[0])
        return f"/{output_name(slug, key[1], 'html')}" if slug else "/"

    def key_of(self, name: str) -> EditionKey | None:
        """The edition a file name of the folder is the page of, if any."""
        codes = {lang.code for lang in self.project.languages}
        for domain, slug in self.slugs.items():
            if name.startswith(f"{slug}-") and name.endswith(".html"):
                lang = name[len(slug) + 1 : -len(".html")]
                if lang in codes:
                    return domain, lang
        return None

    def key(self, lang: str, domain: str | None = None) -> EditionKey | None:
        """An edition by language (and domain: default the first publication's), if the
        project has it."""
        domains = [pub.domain for pub in self.project.publications]
        if domain is None:
            domain = domains[0]
        codes = {language.code for language in self.project.languages}
        return (domain, lang) if domain in domains and lang in codes else None

    def page(self, key: EditionKey) -> tuple[Path | None, str | None, int]:
        """An edition's page: its file, or the message of what keeps it from being built;
        and the generation of events it is as of (a page asks for the events after it)."""
        with self.lock:
            if self.stopping.is_set():  # its folder is about to go: nothing written there
                return None, "the preview is stopping", self.generation
            self.current = key
            if key not in self.wanted:
                self.wanted.add(key)
                self._build([key])
            generation = self.generation
            problem = self.problem(key)
            if problem is not None:
                return None, problem, generation
            return self.folder / self.url(key)[1:], None, generation

    def problem(self, key: EditionKey) -> str | None:
        """What keeps ``key`` from being shown, if anything."""
        messages = [*self.problems.values()]
        if key in self.errors:
            messages.append(self.errors[key])
        return "\n".join(messages) if messages else None

    def pdf(self, key: EditionKey) -> Path:
        """The screen PDF of an edition, rendered now unless its HTML is what the last one
        was made from (through the renderer build and release use)."""
        from pubkit.publish.renderer import pdf_job, render_job
        from pubkit.render.edition import make_edition

        with self.lock:
            if self.stopping.is_set():
                raise PubkitError("the preview is stopping")
            self.current = key
            if self.problems or self.design is None:
                raise PubkitError("\n".join(self.problems.values()))
            project, publication, design = self.project, self._publication(key[0]), self.design
            edition = make_edition(project, publication, key[1])
            html = edition_html(project, edition, for_pdf=True, design=design)
            digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
            path = self.folder / output_name(edition.document.meta.slug, key[1], "screen")
            if self.pdfs.get(key) == digest and path.is_file():
                return path
            self.report(f"rendering {path.name}…")
            started = time.monotonic()
            job = pdf_job(project, publication, html, ["screen"], design, lang=key[1])
            rendered = render_job(job).pdfs["screen"]
            refuse_fetches(design, [rendered])  # as build: the design asked for what is refused
            write_atomic(path, rendered.data, self.roots)
            self.pdfs[key] = digest
            self.report(
                f"rendered {path.name} ({rendered.pages} pages) in "
                f"{time.monotonic() - started:.1f} s"
            )
            return path

    # -- what changes ---------------------------------------------------------------------

    def start(self) -> None:
        """Load the design, copy the assets and build the first editions."""
        with self.lock:
            self._load_design()
            self._build(self.wanted)

    def refresh(self, changes: Changes) -> None:
        """Rebuild what ``changes`` makes stale, tell the pages, say what was done."""
        with self.lock:
            if not changes or self.stopping.is_set():
                return
            started = time.monotonic()
            stale: set[EditionKey] = set()
            if changes.configuration:
                reloaded = self._reload()
                if reloaded is None:  # every page shows the error: nothing to build
                    return
                stale |= reloaded
            if changes.design or changes.configuration:  # [theme] keys are configuration
                self._load_design()
            stale |= affected(self.project, changes, self.wanted)
            failed = self._build(stale)
            took = time.monotonic() - started
            what = ", ".join(changes.files)
            if not stale:
                note = "the editions do not print it (pubkit check reads it)"
                self.report(f"{what} changed: {note if changes.glossary else 'nothing to rebuild'}")
            elif not failed:
                self.report(f"{what} changed: rebuilt {self._names(stale)} in {took:.2f} s")

    def rebuild(self) -> None:
        """Build every edition shown again, and the assets (the terminal's r key)."""
        self.refresh(Changes(design=True, files=("(asked)",)))

    def stop(self) -> None:
        """End the pages' event streams; wait for a build or render under way."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()

    def wait(
        self, since: int, run: str | None, timeout: float
    ) -> tuple[int, list[dict[str, object]]]:
        """The events after generation ``since`` of run ``run`` (waiting up to ``timeout``
        seconds for one): a page made by another run, or too long ago for the history,
        reloads whole."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.generation > since or self.stopping.is_set() or run != self.run,
                timeout,
            )
            generation = self.generation
            oldest = self.events[0][0] if self.events else generation + 1
            if run != self.run or (since < generation and since + 1 < oldest):
                return generation, [{"generation": generation, "all": True, "editions": {}}]
            found = [
                {"generation": number, "all": False, "editions": editions}
                for number, editions in self.events
                if number > since
            ]
            return generation, found

    # -- inside the lock ------------------------------------------------------------------

    def _publication(self, domain: str) -> Publication:
        for publication in self.project.publications:
            if publication.domain == domain:
                return publication
        raise PubkitError(f"no publication has the domain {domain!r} any more")

    def _reload(self) -> set[EditionKey] | None:
        """Read the configuration again; every edition is stale if it changed (or was
        wrong), those of languages and publications no longer configured dropped. None
        when it cannot be read: the pages are told, and show its error."""
        try:
            project = load_project(self.project.config_path.parent)
            if project.config_path != self.project.config_path:
                raise PubkitError(
                    "the configuration file is gone: restore it, or stop the preview",
                    self.project.relative(self.project.config_path),
                )
        except PubkitError as exc:
            self.problems["configuration"] = str(exc)
            self.report(f"pubkit: {exc}", kind="error")
            self._tell(self.wanted)
            return None
        if project == self.project and "configuration" not in self.problems:
            return set()
        self.problems.pop("configuration", None)
        self.project = project
        self.roots = target_roots(project, self.folder)
        domains = {pub.domain for pub in project.publications}
        codes = {lang.code for lang in project.languages}
        self.wanted = {key for key in self.wanted if key[0] in domains and key[1] in codes}
        if self.current not in self.wanted:
            self.current = (project.publications[0].domain, project.source_language)
            self.wanted.add(self.current)
        self.pdfs.clear()
        return set(self.wanted)

    def _load_design(self) -> None:
        """Check the design again (as build does before it makes anything) and copy its
        assets; while it has an error, every page shows it."""
        try:
            self.design = project_design(self.project)
            copy_assets(self.design, self.folder / "assets", self.roots)
        except (PubkitError, OSError) as exc:
            message = str(exc if isinstance(exc, PubkitError) else os_error(exc))
            self.problems["design"] = message
            self.report(f"pubkit: {message}", kind="error")
        else:
            self.problems.pop("design", None)

    def _build(self, keys: Iterable[EditionKey]) -> list[str]:
        """Build the HTML of ``keys`` and tell their pages; the messages of those that
        failed, each also reported once (one broken catalog stops several editions)."""
        from pubkit.render.edition import make_edition

        keys = sorted(keys)
        failed: dict[str, None] = {}
        design = self.design
        for key in keys if design is not None else ():  # without a design, its error shows
            try:
                publication = self._publication(key[0])
                edition = make_edition(self.project, publication, key[1])
                self._note_figures(key[0], edition)  # first: a missing image is an error
                html = edition_html(self.project, edition, for_pdf=False, design=design)
                # a new dict, not a changed one: requests read it without the lock
                self.slugs = {**self.slugs, key[0]: edition.document.meta.slug}
                copy_images(self.project, edition, self.folder / "assets", self.roots)
                write_atomic(self.folder / self.url(key)[1:], html, self.roots)
            except PubkitError as exc:
                self.errors[key] = str(exc)
            except OSError as exc:
                self.errors[key] = str(os_error(exc))
            except Exception as exc:  # a bug of pubkit's: shown, and the server goes on
                self.errors[key] = f"internal error: {type(exc).__name__}: {exc}"
                self.report(traceback.format_exc().rstrip(), kind="error")
            else:
                self.errors.pop(key, None)
                continue
            failed[self.errors[key]] = None
        for message in failed:
            self.report(f"pubkit: {message}", kind="error")
        for problem in self.problems.values():
            failed[problem] = None
        _forget_old_reads()
        self._tell(keys)
        return list(failed)

    def _note_figures(self, domain: str, edition: Edition) -> None:
        """Where the images of ``domain``'s figures are, as its edition has them: the
        watcher watches those folders (a new dict: the watcher reads it without the lock)."""
        source_dir = (self.project.root / edition.source.path).parent  # as copy_images
        found = {
            image_path(node, source_dir, edition.lang).parent
            for node in edition.document.body
            if isinstance(node, Figure)
        }
        figures = {folder: domains - {domain} for folder, domains in self.figures.items()}
        for folder in found:
            figures[folder] = figures.get(folder, frozenset()) | {domain}
        self.figures = {folder: domains for folder, domains in figures.items() if domains}

    def _tell(self, keys: Iterable[EditionKey]) -> None:
        editions = {f"{domain}/{lang}": self.url((domain, lang)) for domain, lang in keys}
        if not editions:
            return
        with self.changed:
            self.generation += 1
            self.events = [*self.events[-HISTORY + 1 :], (self.generation, editions)]
            self.changed.notify_all()

    def _names(self, keys: Iterable[EditionKey]) -> str:
        if len(self.project.publications) == 1:
            return " ".join(lang for _, lang in sorted(keys))
        return " ".join(f"{domain}/{lang}" for domain, lang in sorted(keys))


def _forget_old_reads() -> None:
    """Drop the earlier versions of each file from the shared reads of catalogs and
    sources: they keep every version they parsed, which a command that runs for a moment
    never notices, but a preview open for a day of saves would grow by a catalog a save."""
    from pubkit.catalogs import pofile
    from pubkit.source import reader

    for shared in (pofile._READ_ONLY, reader._SHARED):
        _newest_only(shared)


def _newest_only(shared: dict[Any, Any]) -> None:
    """Keep, of the keys ``(path, mtime, …)`` of each path, the one added last: the
    version parsed last, the file as it is now."""
    last = {key[0]: key for key in shared}
    for key in [key for key in shared if last[key[0]] is not key]:
        del shared[key]
