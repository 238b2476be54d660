"""The render cache: an edition's PDFs kept by the hash of everything they depend on, so
that a release in which nothing changed renders nothing, and the renderer is sent only
what the cache lacks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.fileio import read_project_bytes, shown_path, writable_folder, written_path
from pubkit.publish.build import VARIANTS, refuse_fetches
from pubkit.publish.renderer import PdfJob, PdfResult, Renderer
from pubkit.usercache import genuine, tag
from pubkit.versions import native_libraries, output_packages
from pubkit.writing import write_atomic

if TYPE_CHECKING:
    from pubkit.theme.design import Design


def fingerprint(design: Design) -> str:
    """Everything a render depends on besides its HTML: the design (the theme's files,
    fonts, the files its options name) and the versions."""
    # A render depends on the C libraries too: Pango's line breaking, and which library
    # subsets the fonts (HarfBuzz and fontTools write different bytes).
    versions = {**output_packages(), **native_libraries()}
    packages = "".join(f"{name} {version}\n" for name, version in versions.items())
    digest = hashlib.sha256(packages.encode())
    digest.update(design.digest().encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class RenderCache:
    """A folder of renders, each entry every PDF variant of one edition's HTML and a JSON
    record of its page count, named by its key."""

    folder: Path
    fingerprint: str
    root: Path | None = None
    """The project the folder lies in: entries are read only as its regular files."""

    @classmethod
    def of(cls, project: Project, design: Design) -> RenderCache:
        """The project's render cache, whose folder is checked first as one pubkit may
        write in (fileio.writable_folder): a link there stops a release before it renders."""
        folder = project.render_cache_dir
        writable_folder(folder, project.root, written_path(folder / "*.pdf", project.root))
        return cls(folder, fingerprint(design), project.root)

    def key(self, html: str) -> str:
        """The name of the render of ``html`` with this fingerprint."""
        return hashlib.sha256(f"{self.fingerprint}\0{html}".encode()).hexdigest()[:32]

    def has(self, key: str) -> bool:
        # The JSON record is written last, so its presence means the entry is complete.
        # An entry that is not made of regular files (a link committed there), or whose
        # tag does not verify (committed, or damaged), is missing: rendered again, and
        # stored over it.
        return self._entry(key) is not None

    def read_pdf(self, key: str, kind: str) -> bytes:
        """The bytes of a cached PDF of an entry this user's pubkit stored (see
        :mod:`pubkit.usercache`)."""
        return self._verified(key)[1][kind]

    def pdf(self, key: str, kind: str) -> Path:
        return self.folder / f"{key}-{kind}.pdf"

    def pages(self, key: str) -> int:
        return self._verified(key)[0]

    def store(self, key: str, result: PdfResult) -> None:
        for kind, rendered in result.pdfs.items():
            write_atomic(self.pdf(key, kind), rendered.data, self.root)
        pages = next(iter(result.pdfs.values())).pages
        data = {kind: result.pdfs[kind].data for kind in VARIANTS}
        record = {"pages": pages, "tag": _tag(key, pages, data)}
        write_atomic(self._record(key), json.dumps(record) + "\n", self.root)

    def _entry(self, key: str) -> tuple[int, dict[str, bytes]] | None:
        """The page count and PDFs of the entry ``key``, when it is made of regular files
        of the project and its tag verifies; else None."""
        try:
            record = json.loads(read_project_bytes(self._record(key), self.root, "cached render"))
            data = {
                kind: read_project_bytes(self.pdf(key, kind), self.root, "cached render")
                for kind in VARIANTS
            }
        except (PubkitError, ValueError):
            return None
        if not isinstance(record, dict):
            return None
        pages = record.get("pages")
        if type(pages) is not int or not genuine(
            record.get("tag"), f"render:{key}", *_signed(pages, data)
        ):
            return None
        return pages, data

    def _verified(self, key: str) -> tuple[int, dict[str, bytes]]:
        entry = self._entry(key)
        if entry is None:  # checked by has() a moment ago: changed since
            shown = shown_path(self._record(key), self.root)
            raise PubkitError("cached render changed while pubkit read it: run pubkit again", shown)
        return entry

    def _record(self, key: str) -> Path:
        return self.folder / f"{key}.json"


def _signed(pages: int, data: Mapping[str, bytes]) -> list[bytes]:
    """What a render entry's tag covers besides its key: its page count and every PDF."""
    return [str(pages).encode(), *(data[kind] for kind in VARIANTS)]


def _tag(key: str, pages: int, data: Mapping[str, bytes]) -> str:
    return tag(f"render:{key}", *_signed(pages, data))


def send_missing(cache: RenderCache, renderer: Renderer, jobs: Mapping[str, PdfJob]) -> list[str]:
    """Send ``renderer`` the jobs (by key) the cache lacks; their keys, in the order sent."""
    missing = [key for key in jobs if not cache.has(key)]
    renderer.send([jobs[key] for key in missing])
    return missing


def store_rendered(
    cache: RenderCache,
    renderer: Renderer,
    keys: list[str],
    say: Callable[[str], None],
    design: Design | None = None,
) -> list[int]:
    """Wait for the renders of ``keys`` (as :func:`send_missing` gave them) and store
    each as it is done; the peak memory (KiB) of each worker. With ``design``, a render
    for which WeasyPrint was refused a file stops here, unstored (build.refuse_fetches)."""
    if not keys:
        say("nothing changed: every edition comes from the cache")
        return []
    peaks = []
    for done, (index, result) in enumerate(renderer.results(), start=1):
        if design is not None:
            refuse_fetches(design, result.pdfs.values())
        cache.store(keys[index], result)
        peaks.append(result.peak_kib)
        say(f"rendered {done}/{len(keys)}")
    return peaks
