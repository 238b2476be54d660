"""The render cache: an edition's PDFs kept by the hash of everything they depend on, so
that a release in which nothing changed renders nothing, and the renderer is sent only
what the cache lacks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.fileio import project_file, read_project_bytes, write_atomic
from pubkit.publish.build import VARIANTS, design_files
from pubkit.publish.renderer import PdfJob, PdfResult, Renderer
from pubkit.versions import native_libraries, output_packages


def fingerprint(project: Project) -> str:
    """Everything a render depends on besides its HTML: styles, fonts and the versions."""
    # A render depends on the C libraries too: Pango's line breaking, and which library
    # subsets the fonts (HarfBuzz and fontTools write different bytes).
    versions = {**output_packages(), **native_libraries()}
    packages = "".join(f"{name} {version}\n" for name, version in versions.items())
    digest = hashlib.sha256(packages.encode())
    for path in design_files(project):
        digest.update(path.relative_to(project.styles_dir).as_posix().encode() + b"\0")
        digest.update(
            hashlib.sha256(read_project_bytes(path, project.root, "design file")).digest()
        )
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
    def of(cls, project: Project) -> RenderCache:
        return cls(project.render_cache_dir, fingerprint(project), project.root)

    def key(self, html: str) -> str:
        """The name of the render of ``html`` with this fingerprint."""
        return hashlib.sha256(f"{self.fingerprint}\0{html}".encode()).hexdigest()[:32]

    def has(self, key: str) -> bool:
        # The JSON record is written last, so its presence means the entry is complete.
        # An entry that is not made of regular files (a link committed there) is missing:
        # rendered again, and stored over it.
        paths = [self._record(key), *(self.pdf(key, kind) for kind in VARIANTS)]
        try:
            for path in paths:
                project_file(path, self.root, "cached render")
        except PubkitError:
            return False
        return True

    def read_pdf(self, key: str, kind: str) -> bytes:
        """The bytes of a cached PDF (a regular file of the project)."""
        return read_project_bytes(self.pdf(key, kind), self.root, "cached render")

    def pdf(self, key: str, kind: str) -> Path:
        return self.folder / f"{key}-{kind}.pdf"

    def pages(self, key: str) -> int:
        record = read_project_bytes(self._record(key), self.root, "cached render")
        pages: int = json.loads(record)["pages"]
        return pages

    def store(self, key: str, result: PdfResult) -> None:
        for kind, rendered in result.pdfs.items():
            write_atomic(self.pdf(key, kind), rendered.data, self.root)
        pages = next(iter(result.pdfs.values())).pages
        write_atomic(self._record(key), json.dumps({"pages": pages}) + "\n", self.root)

    def _record(self, key: str) -> Path:
        return self.folder / f"{key}.json"


def send_missing(cache: RenderCache, renderer: Renderer, jobs: Mapping[str, PdfJob]) -> list[str]:
    """Send ``renderer`` the jobs (by key) the cache lacks; their keys, in the order sent."""
    missing = [key for key in jobs if not cache.has(key)]
    renderer.send([jobs[key] for key in missing])
    return missing


def store_rendered(
    cache: RenderCache, renderer: Renderer, keys: list[str], say: Callable[[str], None]
) -> list[int]:
    """Wait for the renders of ``keys`` (as :func:`send_missing` gave them) and store
    each as it is done; the peak memory (KiB) of each worker."""
    if not keys:
        say("nothing changed: every edition comes from the cache")
        return []
    peaks = []
    for done, (index, result) in enumerate(renderer.results(), start=1):
        cache.store(keys[index], result)
        peaks.append(result.peak_kib)
        say(f"rendered {done}/{len(keys)}")
    return peaks
