"""The ``pubkit`` command: parse options, call one library function, report."""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from pubkit import __version__
from pubkit.config import Project, load_project
from pubkit.errors import PubkitError, os_error
from pubkit.writing import remove_stale_temporaries

T = TypeVar("T")


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that what it was doing is undone (the
    temporary files, the renderer's processes) as after Ctrl-C: by default SIGTERM ends
    the process at once. Not an Exception, which handlers of failures would catch."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _run(action: Callable[[], T]) -> T:
    """Call into the library; bad input becomes 'pubkit: file:line: message' and exit 1,
    and so does what the system refuses ('pubkit: dist/x.pdf: no space left on device')."""
    try:
        return action()
    except PubkitError as exc:
        click.echo(f"pubkit: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # what the system refused: a full disk, a read-only folder…
        click.echo(f"pubkit: {os_error(exc)}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("pubkit: interrupted", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("pubkit: terminated", err=True)
        sys.exit(128 + signal.SIGTERM)


def _project(ctx: click.Context) -> Project:
    root: Path | None = ctx.obj
    project = _run(lambda: load_project(root))
    _tidy(project)
    return project


def _tidy(project: Project) -> None:
    """Remove the temporary files that runs killed midway left where pubkit writes (the
    catalogs' folders, the render cache, dist): any command may be the next run."""
    folders = {project.render_cache_dir, project.dist_dir}
    for publication in project.publications:
        folders.add(project.pot_path(publication).parent)
        folders.update(project.po_path(publication, lang.code).parent for lang in project.languages)
    remove_stale_temporaries(sorted(folders), project.write_roots)


def _report(written: Sequence[Any]) -> None:
    for item in written:
        state = "wrote" if item.changed else "unchanged"
        click.echo(f"{state:9} {item.path}" + (f"  ({item.detail})" if item.detail else ""))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pubkit")
@click.option(
    "--project",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder inside the project (default: the current folder).",
)
@click.pass_context
def cli(ctx: click.Context, project: Path | None) -> None:
    """pubkit: translatable briefs, gettext catalogs and print PDFs per language."""
    ctx.obj = project


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--languages",
    default="en",
    show_default=True,
    help="Language codes, separated by commas, the source language first (en,fr,wo).",
)
@click.option("--title", default="A new brief", show_default=True, help="The publication's title.")
def new(folder: Path, languages: str, title: str) -> None:
    """Make a new publication repository in FOLDER (new, or empty), offline."""
    from pubkit.scaffold import new_publication

    made = _run(lambda: new_publication(folder, languages.split(","), title))
    for name in made.files:
        click.echo(f"wrote     {folder / name}")
    click.echo(
        f"\nNext: cd {folder}, edit content/, then 'pubkit update', 'pubkit check' and "
        "'pubkit release'. Name where CI gets pubkit in requirements.txt."
    )


@cli.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write locale/<domain>.pot from the sources."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    _report(_run(lambda: workflow.extract(project)))


@cli.command()
@click.argument("langs", nargs=-1, required=True)
@click.option("--translator", help="Last-Translator of the new catalogs, 'Name <email>'.")
@click.option("--force", is_flag=True, help="Replace an existing catalog (loses its work).")
@click.pass_context
def init(ctx: click.Context, langs: tuple[str, ...], translator: str | None, force: bool) -> None:
    """Create locale/LANG/LC_MESSAGES/<domain>.po for each LANG."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    _report(_run(lambda: workflow.init(project, langs, translator=translator, force=force)))


@cli.command()
@click.pass_context
def update(ctx: click.Context) -> None:
    """Re-extract and merge the template into every catalog (translations are never lost)."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    _report(_run(lambda: workflow.update(project)))


@cli.command()
@click.argument("langs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def status(ctx: click.Context, langs: tuple[str, ...], fmt: str) -> None:
    """Entries and source words translated, fuzzy and untranslated per language."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    rows = _run(lambda: workflow.status(project, langs))
    if fmt == "json":
        data = [
            {
                "domain": row.domain,
                "catalog": row.path,
                **asdict(row.stats),
                "percent": row.stats.percent,
                "review": asdict(row.review),
            }
            for row in rows
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'lang':5} {'entries':>15} {'words':>17} {'fuzzy':>11} {'untransl.':>11}  review")
    for row in rows:
        s = row.stats
        click.echo(
            f"{s.lang:5} {s.translated:>6}/{s.entries:<6}  {s.words_translated:>7}/{s.words:<7} "
            f"{s.fuzzy:>3} ({s.words_fuzzy:>4}w) {s.untranslated:>3} ({s.words_untranslated:>4}w)"
            f"  {row.review.status}   {s.percent:5.1f} %  {row.path}"
        )


@cli.command()
@click.argument("lang")
@click.option("--by", "reviewer", required=True, help="Name of the person signing off.")
@click.pass_context
def review(ctx: click.Context, lang: str, reviewer: str) -> None:
    """Record that a named reviewer signed off LANG's catalogs as they are now."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    _report(_run(lambda: workflow.review(project, lang, reviewer)))


@cli.command()
@click.argument("langs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def check(ctx: click.Context, langs: tuple[str, ...], fmt: str) -> None:
    """Check catalogs against their source; exit 1 when any error is found."""
    from pubkit.checks import runner as checks

    project = _project(ctx)
    findings = _run(lambda: checks.check_project(project, langs))
    errors = sum(1 for f in findings if f.severity == "error")
    if fmt == "json":
        click.echo(json.dumps([asdict(f) for f in findings], indent=2, ensure_ascii=False))
    else:
        for f in findings:
            click.echo(f"{f.path}:{f.line}: {f.severity}: [{f.check}] {f.message}")
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    if errors:
        sys.exit(1)


@cli.command()
@click.option("--lang", "langs", multiple=True, help="Language to build (repeatable; default all).")
@click.option(
    "--variant",
    "variants",
    type=click.Choice(["screen", "print"]),
    multiple=True,
    help="PDF variant (repeatable; default screen).",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["pdf", "html"]),
    multiple=True,
    help="Output format (repeatable; default pdf).",
)
@click.pass_context
def build(
    ctx: click.Context, langs: tuple[str, ...], variants: tuple[str, ...], formats: tuple[str, ...]
) -> None:
    """Typeset editions into dist/: <slug>-<lang>.pdf, -print.pdf and .html."""
    from pubkit.publish import build as builder
    from pubkit.theme.labels import label_warnings

    project = _project(ctx)
    outputs = _run(
        lambda: builder.build(
            project, langs=langs, variants=variants or ("screen",), formats=formats or ("pdf",)
        )
    )
    reported: set[str] = set()
    warned: set[str] = set()
    for out in outputs:
        pages = f", {out.pages} pages" if out.pages else ""
        click.echo(f"wrote     {project.relative(out.path)}  ({out.kind}{pages})")
        for url in out.refused:
            click.echo(f"  refused to fetch {url}", err=True)
        if out.lang not in warned:
            warned.add(out.lang)
            for warning in label_warnings(out.label_fallbacks):
                click.echo(f"pubkit: warning: {warning}", err=True)
        if out.fallbacks and out.lang not in reported:
            reported.add(out.lang)
            click.echo(
                f"  {out.lang}: {len(out.fallbacks)} segment(s) printed from the fallback chain:"
            )
            for fb in out.fallbacks:
                click.echo(f"    {fb.location}: {fb.reason}, printed in {fb.used}: {fb.msgid[:60]}")


@cli.command()
@click.option("--version", "version", help="Release version (default: git describe).")
@click.option("--lang", "langs", multiple=True, help="Language to release (repeatable).")
@click.option(
    "--allow-partial", is_flag=True, help="Release languages below their threshold, marked partial."
)
@click.option(
    "--allow-errors", is_flag=True, help="Release languages despite errors found by check."
)
@click.option("--force", is_flag=True, help="Replace an existing version folder.")
@click.option("--jobs", type=click.IntRange(1, 64), help="Worker processes (default: CPU count).")
@click.pass_context
def release(
    ctx: click.Context,
    version: str | None,
    langs: tuple[str, ...],
    allow_partial: bool,
    allow_errors: bool,
    force: bool,
    jobs: int | None,
) -> None:
    """Check, render and publish dist/<slug>/<version>/ with manifest.json and SHA256SUMS."""
    from pubkit.publish import release as releaser

    project = _project(ctx)
    progress = (
        (lambda message: click.echo(f"  {message}", err=True)) if sys.stderr.isatty() else None
    )
    results = _run(
        lambda: releaser.release(
            project,
            version=version,
            langs=langs,
            allow_partial=allow_partial,
            allow_errors=allow_errors,
            force=force,
            jobs=jobs,
            progress=progress,
        )
    )
    for result in results:
        for warning in result.warnings:
            click.echo(f"pubkit: warning: {warning}", err=True)
        for decision in result.decisions:
            kind = "partial" if decision.partial else "despite"
            note = f"  {kind}: {'; '.join(decision.reasons)}" if decision.reasons else ""
            click.echo(f"released  {decision.lang}{note}")
        state = "unchanged (identical to the published folder)" if result.unchanged else "written"
        click.echo(
            f"{project.relative(result.folder)}: {state}; {result.rendered} edition(s) rendered, "
            f"{result.cached} from cache"
        )
        for path in result.files:
            click.echo(f"  {project.relative(path)}")


def main() -> None:
    """The ``pubkit`` script: run the command, then end the process without freeing
    each of its objects one by one, as mypy does. A large project's catalogs and parsed
    texts take 50-100 ms to free, for nothing: the process ends. Exit handlers still
    run (coverage saves its data in one) and the output is flushed; under a profiler,
    tracer or debugger, and after an unexpected exception, the process ends as usual.
    Library callers call :data:`cli` (or the library), never this."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        cli(prog_name="pubkit")
        status = 0
    except SystemExit as stop:
        if _observed():
            raise  # cProfile, trace, debuggers: they write their results once main returns
        status = _exit_status(stop.code)
    except Terminated:  # outside _run: while parsing options or reporting
        status = 128 + signal.SIGTERM
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None when Python was started with the stream closed
                stream.flush()
        except OSError:  # a closed pipe: Python itself exits with 120 when it cannot flush
            status = status or 120
    os._exit(status)


def _observed() -> bool:
    """Whether a profiler, tracer or debugger watches this process: through
    ``sys.setprofile``/``sys.settrace``, or through ``sys.monitoring`` (cProfile and
    coverage from Python 3.12 on)."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    return monitoring is not None and any(
        monitoring.get_tool(tool) is not None for tool in range(6)
    )


def _exit_status(code: object) -> int:
    """The exit status Python gives ``SystemExit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    if sys.stderr is not None:
        print(code, file=sys.stderr)
    return 1
