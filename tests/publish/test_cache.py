"""The render cache: what its key follows, what counts as a complete entry, and that the
renderer is sent only what the cache lacks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from pubkit.config import load_project
from pubkit.publish import cache as cache_module
from pubkit.publish.cache import RenderCache, fingerprint, send_missing, store_rendered
from pubkit.publish.renderer import PdfJob, PdfResult
from pubkit.render.pdf import Rendered
from pubkit.theme.files import PACKAGED
from pubkit.theme.preflight import load_design
from pubkit.versions import native_libraries

from ..conftest import copy_real_project


def test_render_cache_key_follows_the_subsetter_and_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A render made with fontTools (no libharfbuzz-subset) or another Pango is not reused:
    its bytes differ from what the libraries present now would make."""
    design = load_design(copy_real_project(tmp_path / "project"))
    here = fingerprint(design)
    libraries = native_libraries()
    for change in ({"harfbuzz-subset": "absent"}, {"pango": "1.99.0"}):
        monkeypatch.setattr(cache_module, "native_libraries", lambda c=change: {**libraries, **c})
        assert fingerprint(design) != here
    monkeypatch.setattr(cache_module, "native_libraries", lambda: libraries)
    assert fingerprint(design) == here


def test_render_cache_key_follows_the_styles(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path / "project")
    before = RenderCache.of(project, load_design(project))
    project.styles_dir.mkdir()
    sheet = (PACKAGED / "brief.css").read_text(encoding="utf-8") + "p { color: red }\n"
    (project.styles_dir / "brief.css").write_text(sheet, encoding="utf-8")
    after = RenderCache.of(project, load_design(project))
    assert before.folder == after.folder == project.render_cache_dir
    assert before.key("<p>x</p>") != after.key("<p>x</p>")
    assert after.key("<p>x</p>") != after.key("<p>y</p>")
    assert after.key("<p>x</p>") == RenderCache.of(project, load_design(project)).key("<p>x</p>")


def test_render_cache_key_follows_the_theme_options(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path / "project")
    before = RenderCache.of(project, load_design(project)).key("<p>x</p>")
    with project.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[tool.pubkit.theme]\npaper = "letter"\n')
    after = RenderCache.of(load_project(project.root), load_design(load_project(project.root)))
    assert after.key("<p>x</p>") != before


def result(pages: int, peak: int = 1) -> PdfResult:
    pdfs = {kind: Rendered(f"%PDF {kind}".encode(), pages, ()) for kind in ("screen", "print")}
    return PdfResult(pdfs, peak)


def test_an_entry_is_complete_once_its_record_is_written(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path / "renders", "f" * 64)
    key = cache.key("<p>x</p>")
    assert not cache.has(key)
    cache.store(key, result(pages=7))
    assert cache.has(key) and cache.pages(key) == 7
    assert cache.pdf(key, "print").read_bytes() == b"%PDF print"
    cache.pdf(key, "screen").unlink()  # a variant missing: the entry is not reused
    assert not cache.has(key)


class FakeRenderer:
    """What send_missing and store_rendered ask of a Renderer, rendering nothing."""

    def __init__(self) -> None:
        self.sent: list[PdfJob] = []

    def send(self, jobs: Sequence[PdfJob]) -> None:
        self.sent = list(jobs)

    def results(self) -> Iterator[tuple[int, PdfResult]]:
        # In the order the renders finish, not the order sent.
        for index in reversed(range(len(self.sent))):
            yield index, result(pages=len(self.sent[index].html), peak=100 + index)


def job(html: str) -> PdfJob:
    return PdfJob(html, Path("styles"), (Path("styles"),), Path("styles/fonts"), ("screen",))


def test_only_what_the_cache_lacks_is_rendered(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path / "renders", "f" * 64)
    cache.store(cache.key("cached"), result(pages=1))
    jobs = {cache.key(html): job(html) for html in ("cached", "new", "newer!")}
    renderer: Any = FakeRenderer()
    said: list[str] = []
    pending = send_missing(cache, renderer, jobs)
    assert [j.html for j in renderer.sent] == ["new", "newer!"]
    assert store_rendered(cache, renderer, pending, said.append) == [101, 100]
    assert said == ["rendered 1/2", "rendered 2/2"]
    assert cache.pages(cache.key("new")) == 3 and cache.pages(cache.key("newer!")) == 6
    assert send_missing(cache, renderer, jobs) == []
    assert store_rendered(cache, renderer, [], said.append) == []
    assert said[-1] == "nothing changed: every edition comes from the cache"
