"""``pubkit release``: every language checked, rendered and recorded in one version folder.

The whole pipeline on one screen: read every catalog (bad input stops here, before
anything is written) → check → apply the release policy → render what the cache
does not hold, in parallel worker processes → assemble a staging folder with
manifest.json and SHA256SUMS → rename it into place under a lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import os
import resource
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pubkit.config import Project, Publication
from pubkit.errors import PubkitError
from pubkit.fileio import private_temporaries, write_atomic
from pubkit.render.fonts import font_version
from pubkit.versions import native_libraries, output_packages

if TYPE_CHECKING:  # imported where used: a release forks its renderer before them
    from pubkit.render.edition import Edition

PDF_KINDS = ("screen", "print")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Decision:
    """Whether a language is released, and why not when it is not."""

    lang: str
    released: bool
    partial: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ReleaseResult:
    folder: Path
    files: tuple[Path, ...]
    decisions: tuple[Decision, ...]
    unchanged: bool
    rendered: int
    cached: int
    worker_peak_kib: tuple[int, ...]


@dataclass(frozen=True)
class _Job:
    """One layout of one edition, written as both PDF variants; picklable for workers."""

    key: str
    html: str
    base_dir: Path
    roots: tuple[Path, ...]
    font_dir: Path


def release(
    project: Project,
    version: str | None = None,
    langs: Sequence[str] = (),
    allow_partial: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    allow_errors: bool = False,
) -> list[ReleaseResult]:
    """Release every publication in every (requested) language; see the module docstring."""
    say = progress or (lambda message: None)
    codes = list(langs) or [lang.code for lang in project.languages]
    for code in codes:
        project.language(code)
    version = version or default_version(project)
    if not version or "/" in version or version.startswith("."):
        raise PubkitError(f"invalid release version {version!r}")
    project.dist_dir.mkdir(parents=True, exist_ok=True)
    # A private temporary folder for the renderer's processes: see build.build.
    with (
        _lock(project.dist_dir / ".pubkit-release.lock", say),
        private_temporaries(project.temporary_dir),
    ):
        return [
            _release_publication(
                project,
                publication,
                version,
                codes,
                (allow_partial, allow_errors),
                force,
                jobs,
                say,
            )
            for publication in project.publications
        ]


def _release_publication(
    project: Project,
    publication: Publication,
    version: str,
    codes: list[str],
    allow: tuple[bool, bool],
    force: bool,
    jobs: int | None,
    say: Progress,
) -> ReleaseResult:
    cache = project.render_cache_dir
    # The renderer's zygote is forked first, so that WeasyPrint's import in it overlaps
    # with everything this process does before the HTML is known, imports included.
    with _Renderer(project, publication, cache, jobs) as renderer:
        from pubkit.checks.runner import check_project
        from pubkit.publish.build import copy_assets, edition_html, output_name
        from pubkit.render.edition import make_edition

        editions = {code: make_edition(project, publication, code) for code in codes}
        slug = next(iter(editions.values())).document.meta.slug
        fingerprint = _fingerprint(project)

        def html_and_key(code: str, partial: bool) -> tuple[str, str]:
            html = edition_html(project, editions[code], True, partial)
            return html, _digest(fingerprint, html)

        # Renders start before the checks, which run meanwhile in this process: an
        # edition is partial by its threshold alone, so its HTML is known already. The
        # catalogs an edition falls back to are checked too, since it prints from them.
        partial = {c: allow[0] and _below_threshold(project, editions[c]) for c in codes}
        pdf = {c: html_and_key(c, partial[c]) for c in codes}
        renderer.start({key: html for html, key in pdf.values()})
        printed = {code for edition in editions.values() for code in edition.printed_from}
        findings = check_project(project, [*codes, *sorted(printed - set(codes))])
        decisions = [_decide(project, editions[c], findings, *allow) for c in codes]
        refused = [d for d in decisions if not d.released]
        if refused:
            lines = [f"  {d.lang}: {'; '.join(d.reasons)}" for d in refused]
            raise PubkitError(
                "not released (fix these or narrow --lang; --allow-partial releases "
                "translations below their threshold, --allow-errors despite check errors):\n"
                + "\n".join(lines)
            )
        peaks = renderer.finish(say)
    keys = {c: pdf[c][1] for c in codes}
    folder = project.dist_dir / slug / version
    _recover(folder.parent)

    staging = folder.parent / f".staging-{version}-{os.getpid()}"
    try:
        staging.mkdir(parents=True)
        manifest_languages = {}
        for code, edition in editions.items():
            files = {}
            for kind in PDF_KINDS:
                name = output_name(slug, code, kind)
                shutil.copyfile(cache / f"{keys[code]}-{kind}.pdf", staging / name)
                files[name] = _file_record(staging / name)
            name = output_name(slug, code, "html")
            write_atomic(staging / name, edition_html(project, edition, False, partial[code]))
            files[name] = _file_record(staging / name)
            pages = json.loads((cache / f"{keys[code]}.json").read_text())["pages"]
            manifest_languages[code] = _language_record(
                edition, partial[code], findings, pages, files
            )
        copy_assets(project, staging / "assets")
        manifest = _manifest(project, publication, slug, version, manifest_languages)
        write_atomic(
            staging / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        )
        _write_sums(staging)
        files_out = tuple(sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file()))
        unchanged = _same_release(folder, staging)
        if folder.exists() and not (force or unchanged):
            raise PubkitError(
                f"{project.relative(folder)} exists already with other content "
                "(--force replaces it)"
            )
        if unchanged:
            pass  # byte-identical to what is there: leave the published folder untouched
        elif folder.exists() or folder.is_symlink():
            replaced = folder.parent / f".replaced-{version}-{os.getpid()}"
            folder.rename(replaced)
            staging.rename(folder)
            _remove(replaced)
        else:
            staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return ReleaseResult(
        folder=folder,
        files=tuple(folder / f for f in files_out),
        decisions=tuple(decisions),
        unchanged=unchanged,
        rendered=len(peaks),
        cached=len(codes) - len(peaks),
        worker_peak_kib=tuple(peaks),
    )


# -- policy ---------------------------------------------------------------------------------


def _below_threshold(project: Project, edition: Edition) -> bool:
    return edition.stats.percent < project.language(edition.lang).threshold


def _decide(
    project: Project, edition: Edition, findings: list[Any], allow_partial: bool, allow_errors: bool
) -> Decision:
    """Released when complete enough (or ``allow_partial``: then marked partial) and when
    neither its catalog nor one it prints fallbacks from has check errors (or
    ``allow_errors``)."""
    language = project.language(edition.lang)
    reasons = []
    partial = _below_threshold(project, edition)
    if partial:
        reasons.append(
            f"{edition.stats.percent:g} % of source words translated, "
            f"threshold {language.threshold:g} %"
        )
    errors = Counter(f.lang for f in findings if f.severity == "error")
    for code in (edition.lang, *edition.printed_from):
        if errors[code]:
            whose = "" if code == edition.lang else f" in {code}, which this edition prints from,"
            reasons.append(f"{errors[code]} check error(s){whose} (see 'pubkit check {code}')")
    failing = len(reasons) - partial
    released = (allow_partial or not partial) and (allow_errors or not failing)
    return Decision(edition.lang, released, partial and released, tuple(reasons))


# -- rendering and cache --------------------------------------------------------------------


def _fingerprint(project: Project) -> str:
    """Everything a render depends on besides its HTML: styles, fonts and the versions."""
    # A render depends on the C libraries too: Pango's line breaking, and which library
    # subsets the fonts (HarfBuzz and fontTools write different bytes).
    versions = {**output_packages(), **native_libraries()}
    packages = "".join(f"{name} {version}\n" for name, version in versions.items())
    digest = hashlib.sha256(packages.encode())
    for path in sorted(project.styles_dir.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(project.styles_dir).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _cached(cache: Path, key: str) -> bool:
    # The JSON record is written last, so its presence means the entry is complete.
    return (cache / f"{key}.json").is_file() and all(
        (cache / f"{key}-{kind}.pdf").is_file() for kind in PDF_KINDS
    )


class _Renderer:
    """Renders editions the cache lacks. Unless ``jobs`` is 1, a zygote process is forked
    at once (before this process has imported most of pubkit) to import WeasyPrint; it
    gets the jobs as soon as the HTML is known and renders each in a fork of itself, up
    to ``jobs`` at a time, while this process runs the checks. With ``jobs`` 1, this
    process renders at :meth:`finish`."""

    def __init__(self, project: Project, publication: Publication, cache: Path, jobs: int | None):
        from pubkit.render.pdf import start_renderer

        self.cache = cache
        self.font_dir = project.fonts_dir
        limit = jobs or max(2, 2 * (os.cpu_count() or 1))
        self.zygote = start_renderer(_render_job, self.font_dir, limit) if limit > 1 else None
        from pubkit.publish.build import asset_roots  # after the fork: nothing delays it

        self.base_dir = project.styles_dir
        self.roots = asset_roots(project, publication)
        self.sent: list[_Job] = []
        self.pending: list[_Job] = []

    def __enter__(self) -> _Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.zygote is not None:
            self.zygote.close()

    def start(self, html_by_key: dict[str, str]) -> None:
        """Start rendering every edition the cache lacks (called once)."""
        jobs = [
            _Job(key, html, self.base_dir, self.roots, self.font_dir)
            for key, html in html_by_key.items()
            if not _cached(self.cache, key)
        ]
        if jobs and self.zygote is not None:
            self.zygote.send(jobs)
            self.sent = jobs
        else:
            self.pending = jobs

    def finish(self, say: Progress) -> list[int]:
        """Wait for every render, store it in the cache; the workers' peak memory (KiB)."""
        total = len(self.sent) + len(self.pending)
        if not total:
            say("nothing changed: every edition comes from the cache")
            return []
        results: Iterable[_Rendered] = ()
        if self.sent and self.zygote is not None:
            results = (result for _, result in self.zygote.results())
        if self.pending:
            from pubkit.render.weasyprint_loader import preload

            preload(self.font_dir)
            results = itertools.chain(results, map(_render_job, self.pending))
        peaks = []
        for done, (key, data, pages, peak) in enumerate(results, start=1):
            _store(self.cache, key, data, pages)
            peaks.append(peak)
            say(f"rendered {done}/{total}")
        return peaks


_Rendered = tuple[str, dict[str, bytes], int, int]


def _render_job(job: _Job) -> _Rendered:
    from pubkit.render.pdf import render_pdfs

    rendered = render_pdfs(job.html, job.base_dir, job.roots, job.font_dir, PDF_KINDS)
    pages = next(iter(rendered.values())).pages
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return job.key, {kind: r.data for kind, r in rendered.items()}, pages, peak


def _store(cache: Path, key: str, data: dict[str, bytes], pages: int) -> None:
    for kind, payload in data.items():
        write_atomic(cache / f"{key}-{kind}.pdf", payload)
    write_atomic(cache / f"{key}.json", json.dumps({"pages": pages}) + "\n")


# -- manifest -------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _file_record(path: Path) -> dict[str, Any]:
    return {"sha256": _sha256(path), "size": path.stat().st_size}


def _language_record(
    edition: Edition, partial: bool, findings: list[Any], pages: int, files: dict[str, Any]
) -> dict[str, Any]:
    mine = [f for f in findings if f.lang == edition.lang]
    credit = edition.credit
    return {
        "status": "partial" if partial else "complete",
        "completion": {**asdict(edition.stats), "percent": edition.stats.percent},
        "fallbacks": [
            {"location": str(fb.location), "reason": fb.reason, "printed_in": fb.used}
            for fb in edition.fallbacks
        ],
        "translation_credit": credit.credit if credit else None,
        "review": asdict(credit.review) if credit else {"status": "source"},
        "checks": {
            "errors": sum(1 for f in mine if f.severity == "error"),
            "warnings": sum(1 for f in mine if f.severity == "warning"),
        },
        "pages": pages,
        "files": files,
    }


def _manifest(
    project: Project,
    publication: Publication,
    slug: str,
    version: str,
    languages: dict[str, Any],
) -> dict[str, Any]:
    fonts = {}
    for path in sorted(project.fonts_dir.glob("*.ttf")):
        version_of = font_version(path, project.font_cache_dir)
        fonts[path.name] = {"version": version_of, "sha256": _sha256(path)}
    # Every catalog an edition may print from: its own and those of its fallback chain.
    used = {code for lang in languages for code in (lang, *project.language(lang).fallback)}
    catalogs = {
        code: {"path": project.relative(p), "sha256": _sha256(p)}
        for code in sorted(used)
        if (p := project.po_path(publication, code)).is_file()
    }
    styles = {
        path.relative_to(project.styles_dir).as_posix(): _sha256(path)
        for path in sorted(project.styles_dir.rglob("*"))
        if path.is_file() and path.suffix in (".css", ".j2", ".toml")
    }
    return {
        "publication": slug,
        "version": version,
        "tools": output_packages(),
        "libraries": native_libraries(),
        "fonts": fonts,
        "inputs": {
            "source": {
                "path": project.relative(publication.source),
                "sha256": _sha256(publication.source),
            },
            "catalogs": catalogs,
            "glossary": (
                {"path": project.relative(project.glossary), "sha256": _sha256(project.glossary)}
                if project.glossary is not None and project.glossary.is_file()
                else None
            ),
            "styles": styles,
        },
        "languages": languages,
    }


def _same_release(folder: Path, staging: Path) -> bool:
    """Whether the published folder holds exactly the staged files, byte for byte: its
    SHA256SUMS is the same, and so are the sums of the files it actually holds (a file
    removed, added, damaged or replaced by a link since is a difference)."""
    staged = (staging / "SHA256SUMS").read_bytes()
    try:
        if folder.is_symlink() or any(path.is_symlink() for path in folder.rglob("*")):
            return False
        return (folder / "SHA256SUMS").read_bytes() == staged == _sums(folder).encode()
    except OSError:
        return False


def _recover(parent: Path) -> None:
    """Tidy what a release killed midway left (the lock says none is running now): its
    staging folder, and the version folder it was replacing with --force, which goes
    back in place when the new one never got there."""
    for stale in parent.glob(".staging-*"):
        _remove(stale)
    for replaced in parent.glob(".replaced-*"):
        version = replaced.name.removeprefix(".replaced-").rpartition("-")[0]
        original = parent / version
        if version and not (original.exists() or original.is_symlink()):
            replaced.rename(original)
        else:
            _remove(replaced)


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _sums(folder: Path) -> str:
    """SHA256SUMS of every file in ``folder`` but SHA256SUMS itself."""
    return "".join(
        f"{_sha256(path)}  {path.relative_to(folder).as_posix()}\n"
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path != folder / "SHA256SUMS"
    )


def _write_sums(folder: Path) -> None:
    write_atomic(folder / "SHA256SUMS", _sums(folder))


def default_version(project: Project) -> str:
    """The version a release is named after when none is given: ``git describe``."""
    try:
        described = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=project.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        described = ""
    return described or "unversioned"


@contextmanager
def _lock(path: Path, say: Progress) -> Iterator[None]:
    """An exclusive lock per dist folder: concurrent releases run one after the other."""
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("waiting for another release of this project to finish…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
