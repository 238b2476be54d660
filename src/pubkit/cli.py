"""The ``pubkit`` command: parse options, call one library function, report."""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

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


@dataclass
class Settings:
    """What every command takes, before or after its name: the project folder and how
    much to say (0: errors and the asked-for data only, 1: the default, 2: more)."""

    project: Path | None = None
    verbosity: int = 1


def _settings(ctx: click.Context) -> Settings:
    return ctx.ensure_object(Settings)


def _set_project(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        _settings(ctx).project = value


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        _settings(ctx).verbosity = 0


def _set_verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        _settings(ctx).verbosity = 1 + value


F = TypeVar("F", bound=Callable[..., Any])


def common(command: F) -> F:
    """The options every command accepts, after its name as before it."""
    options = [
        click.option(
            "--project",
            type=click.Path(file_okay=False, exists=True, path_type=Path),
            expose_value=False,
            callback=_set_project,
            help="Folder inside the project (default: the current folder).",
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            expose_value=False,
            callback=_set_quiet,
            help="Say nothing but errors and the output asked for.",
        ),
        click.option(
            "-v",
            "--verbose",
            count=True,
            expose_value=False,
            callback=_set_verbose,
            help="Say more: the project used, the time taken, whole texts in a diff.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="text for people, json for programs (docs/json-schema.md).",
    )


_STRICT = click.option(
    "--strict", is_flag=True, help="Treat warnings as errors (for CI): exit 1 on any."
)


def _project(ctx: click.Context) -> Project:
    settings = _settings(ctx)
    project = _run(lambda: load_project(settings.project))
    _tidy(project)
    if settings.verbosity > 1:
        click.echo(f"project: {project.root} ({project.config_path.name})", err=True)
    return project


def _tidy(project: Project) -> None:
    """Remove the temporary files that runs killed midway left where pubkit writes (the
    catalogs' folders, the render cache, dist): any command may be the next run."""
    folders = {project.render_cache_dir, project.dist_dir}
    for publication in project.publications:
        folders.add(project.pot_path(publication).parent)
        folders.update(project.po_path(publication, lang.code).parent for lang in project.languages)
    remove_stale_temporaries(sorted(folders), project.write_roots)


_COLOURS = {"error": "red", "warning": "yellow", "wrote": "green", "released": "green"}


def _paint(word: str, kind: str | None = None) -> str:
    """``word`` in the colour of its kind; click.echo drops colours when the output is no
    terminal or NO_COLOR is set (see :func:`cli`)."""
    colour = _COLOURS.get(kind or word.strip())
    return click.style(word, fg=colour, bold=kind == "error") if colour else word


def _say(ctx: click.Context, text: str, *, level: int = 1, err: bool = False) -> None:
    """Print ``text`` when the verbosity is at least ``level``."""
    if _settings(ctx).verbosity >= level:
        click.echo(text, err=err)


def _json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable))


def _jsonable(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _report(ctx: click.Context, written: Sequence[Any], fmt: str = "text") -> None:
    if fmt == "json":
        _json([{"path": w.path, "changed": w.changed, "detail": w.detail} for w in written])
        return
    for item in written:
        state = "wrote" if item.changed else "unchanged"
        line = f"{_paint(f'{state:9}', state)} {item.path}"
        _say(ctx, line + (f"  ({item.detail})" if item.detail else ""))


class _Progress:
    """A progress bar on the terminal (stderr), none elsewhere or when quiet: the
    library calls it with (done, total)."""

    def __init__(self, ctx: click.Context, label: str):
        self.shown = sys.stderr.isatty() and _settings(ctx).verbosity > 0
        self.label = label
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pubkit")
@common
@click.pass_context
def cli(ctx: click.Context) -> None:
    """pubkit: translatable briefs, gettext catalogs and print PDFs per language.

    Every command takes --project, -q and -v after its name as well as before it."""
    _settings(ctx)
    warnings.showwarning = _show_warning
    if os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        ctx.color = False
    started = time.monotonic()

    def took() -> None:  # -v may come after the command's name: known only now
        if _settings(ctx).verbosity > 1:
            click.echo(f"took {time.monotonic() - started:.2f} s", err=True)

    ctx.call_on_close(took)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """pubkit's own warnings (a language printed with neutral rules) as 'pubkit: warning:
    …'; any other as Python shows it."""
    from pubkit.locales.typography import NeutralTypography

    if issubclass(category, NeutralTypography):
        click.echo(f"pubkit: warning: {message}", err=True)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


# -- catalogs -------------------------------------------------------------------------------


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
@common
@_format_option("text", "json")
@click.pass_context
def extract(ctx: click.Context, fmt: str) -> None:
    """Write locale/<domain>.pot from the sources."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    _report(ctx, _run(lambda: workflow.extract(project)), fmt)


@cli.command()
@click.argument("langs", nargs=-1, required=True)
@click.option("--translator", help="Last-Translator of the new catalogs, 'Name <email>'.")
@click.option("--force", is_flag=True, help="Replace an existing catalog (loses its work).")
@common
@_format_option("text", "json")
@click.pass_context
def init(
    ctx: click.Context, langs: tuple[str, ...], translator: str | None, force: bool, fmt: str
) -> None:
    """Create locale/LANG/LC_MESSAGES/<domain>.po for each LANG."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    _report(
        ctx, _run(lambda: workflow.init(project, langs, translator=translator, force=force)), fmt
    )


@cli.command()
@common
@_format_option("text", "json")
@click.pass_context
def update(ctx: click.Context, fmt: str) -> None:
    """Re-extract and merge the template into every catalog (translations are never lost)."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    _report(ctx, _run(lambda: workflow.update(project)), fmt)


@cli.command()
@click.argument("langs", nargs=-1)
@common
@_format_option("text", "json")
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
        _json(data)
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
@common
@_format_option("text", "json")
@click.pass_context
def review(ctx: click.Context, lang: str, reviewer: str, fmt: str) -> None:
    """Record that a named reviewer signed off LANG's catalogs as they are now."""
    from pubkit.catalogs import workflow

    project = _project(ctx)
    _report(ctx, _run(lambda: workflow.review(project, lang, reviewer)), fmt)


@cli.command("export")
@click.argument("lang", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xliff", "tmx"]),
    required=True,
    help="xliff: LANG's catalogs for a CAT tool (XLIFF 2.1); tmx: every released "
    "translation as translation memory (TMX 1.4b).",
)
@click.option(
    "-o",
    "--output",
    help="File to write, inside the project, or - for standard output "
    "(default: dist/exchange/LANG.xlf or dist/exchange/translation-memory.tmx).",
)
@common
@click.pass_context
def export_command(ctx: click.Context, lang: str | None, fmt: str, output: str | None) -> None:
    """Write LANG's catalogs as XLIFF, or the releases' translations as TMX."""
    from pubkit.catalogs import exchange

    project = _project(ctx)
    if fmt == "xliff":
        if lang is None:
            raise click.UsageError(
                "--format xliff needs the language: pubkit export --format xliff LANG"
            )
        text = _run(lambda: exchange.export_xliff(project, lang))
        default, detail = f"{lang}.xlf", f"XLIFF 2.1, {text.count('<unit ')} units"
    else:
        if lang is not None:
            raise click.UsageError("--format tmx takes no language: it holds every language")
        from pubkit.publish.memory import translation_memory

        memory = _run(lambda: translation_memory(project))
        text, default = memory.text, "translation-memory.tmx"
        detail = f"TMX 1.4b, {memory.units} units from {len(memory.releases)} release(s)"
        if memory.left_out:
            detail += f"; {memory.left_out} left out (characters XML cannot hold)"
    if output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output).absolute() if output else exchange.default_output(project, default)
    _report(ctx, [_run(lambda: exchange.save(project, target, text, detail))])


@cli.command("import")
@click.argument("file", type=click.File("rb"))
@common
@_format_option("text", "json")
@click.pass_context
def import_command(ctx: click.Context, file: BinaryIO, fmt: str) -> None:
    """Merge a translated XLIFF into the catalogs of its target language.

    An empty or missing target never replaces a translation; a target whose state is
    reviewed or final is a translation, any other a fuzzy one."""
    from pubkit.catalogs import exchange

    project = _project(ctx)
    shown = file.name if isinstance(file.name, str) else "<stdin>"
    data = _run(file.read)
    _report(ctx, _run(lambda: exchange.import_xliff(project, data, shown)), fmt)


# -- checks ---------------------------------------------------------------------------------


@cli.command()
@click.argument("langs", nargs=-1)
@_STRICT
@common
@_format_option("text", "json")
@click.pass_context
def check(ctx: click.Context, langs: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Check catalogs against their source; exit 1 when any error is found."""
    from pubkit.checks import runner as checks

    project = _project(ctx)
    findings = _run(lambda: checks.check_project(project, langs))
    errors = sum(1 for f in findings if f.severity == "error")
    if fmt == "json":
        _json([asdict(f) for f in findings])
    else:
        for f in findings:
            where = f"{f.path}:{f.line}" if f.line else f.path  # 0: a file without lines
            click.echo(f"{where}: {_paint(f.severity)}: [{f.check}] {f.message}")
        _say(ctx, f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    if errors or (strict and findings):
        sys.exit(1)


# -- editions -------------------------------------------------------------------------------


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
    type=click.Choice(["pdf", "html", "json"]),
    multiple=True,
    help="Output format (repeatable; default pdf); json: report in JSON (docs/json-schema.md).",
)
@_STRICT
@common
@click.pass_context
def build(
    ctx: click.Context,
    langs: tuple[str, ...],
    variants: tuple[str, ...],
    formats: tuple[str, ...],
    strict: bool,
) -> None:
    """Typeset editions into dist/: <slug>-<lang>.pdf, -print.pdf and .html.

    With --strict, a segment printed from the fallback chain or a resource the renderer
    refused to fetch is an error (exit 1, the files written all the same)."""
    from pubkit.publish import build as builder

    project = _project(ctx)
    kinds = tuple(f for f in formats if f != "json") or ("pdf",)
    progress = _Progress(ctx, "rendering")
    try:
        outputs = _run(
            lambda: builder.build(
                project,
                langs=langs,
                variants=variants or ("screen",),
                formats=kinds,
                progress=progress,
            )
        )
    finally:
        progress.close()
    if "json" in formats:
        _json(
            [
                {
                    "path": project.relative(out.path),
                    "lang": out.lang,
                    "kind": out.kind,
                    "pages": out.pages,
                    "fallbacks": [_fallback(fb) for fb in out.fallbacks],
                    "refused": list(out.refused),
                }
                for out in outputs
            ]
        )
    else:
        _build_text(ctx, project, outputs)
    if strict and any(out.fallbacks or out.refused for out in outputs):
        click.echo("pubkit: --strict: fallback text or refused resources (listed above)", err=True)
        sys.exit(1)


def _fallback(fb: Any) -> dict[str, str]:
    return {
        "location": str(fb.location),
        "reason": fb.reason,
        "printed_in": fb.used,
        "msgid": fb.msgid,
    }


def _build_text(ctx: click.Context, project: Project, outputs: Sequence[Any]) -> None:
    from pubkit.theme.labels import label_warnings

    reported: set[str] = set()
    warned: set[str] = set()
    for out in outputs:
        pages = f", {out.pages} pages" if out.pages else ""
        _say(
            ctx, f"{_paint('wrote    ', 'wrote')} {project.relative(out.path)}  ({out.kind}{pages})"
        )
        for url in out.refused:
            click.echo(f"  {_paint('refused', 'warning')} to fetch {url}", err=True)
        if out.lang not in warned:
            warned.add(out.lang)
            for warning in label_warnings(out.label_fallbacks):
                click.echo(f"pubkit: warning: {warning}", err=True)
        if out.fallbacks and out.lang not in reported:
            reported.add(out.lang)
            _say(
                ctx,
                f"  {out.lang}: {len(out.fallbacks)} segment(s) printed from the fallback chain:",
            )
            for fb in out.fallbacks:
                _say(ctx, f"    {fb.location}: {fb.reason}, printed in {fb.used}: {fb.msgid[:60]}")


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
@_STRICT
@common
@_format_option("text", "json")
@click.pass_context
def release(
    ctx: click.Context,
    version: str | None,
    langs: tuple[str, ...],
    allow_partial: bool,
    allow_errors: bool,
    force: bool,
    jobs: int | None,
    strict: bool,
    fmt: str,
) -> None:
    """Check, render and publish dist/<slug>/<version>/ with manifest.json and SHA256SUMS.

    With --strict, check warnings keep a language back as errors do."""
    from pubkit.publish import release as releaser

    project = _project(ctx)
    shown = sys.stderr.isatty() and _settings(ctx).verbosity > 0
    progress = (lambda message: click.echo(f"  {message}", err=True)) if shown else None
    results = _run(
        lambda: releaser.release(
            project,
            version=version,
            langs=langs,
            allow_partial=allow_partial,
            allow_errors=allow_errors,
            strict=strict,
            force=force,
            jobs=jobs,
            progress=progress,
        )
    )
    if fmt == "json":
        _json([_release_record(project, result) for result in results])
        return
    for result in results:
        for warning in result.warnings:
            click.echo(f"pubkit: warning: {warning}", err=True)
        for decision in result.decisions:
            kind = "partial" if decision.partial else "despite"
            note = f"  {kind}: {'; '.join(decision.reasons)}" if decision.reasons else ""
            _say(ctx, f"{_paint('released')}  {decision.lang}{note}")
        state = "unchanged (identical to the published folder)" if result.unchanged else "written"
        _say(
            ctx,
            f"{project.relative(result.folder)}: {state}; {result.rendered} edition(s) rendered, "
            f"{result.cached} from cache",
        )
        for path in result.files:
            _say(ctx, f"  {project.relative(path)}")


def _release_record(project: Project, result: Any) -> dict[str, Any]:
    return {
        "folder": project.relative(result.folder),
        "unchanged": result.unchanged,
        "rendered": result.rendered,
        "cached": result.cached,
        "decisions": [asdict(decision) for decision in result.decisions],
        "files": [project.relative(path) for path in result.files],
    }


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--lang", "langs", multiple=True, help="Language to compare (repeatable; default all)."
)
@click.option("--no-pages", is_flag=True, help="Compare the segments only, not the PDFs' pages.")
@common
@_format_option("text", "json")
@click.pass_context
def diff(
    ctx: click.Context, old: str, new: str, langs: tuple[str, ...], no_pages: bool, fmt: str
) -> None:
    """What changed between releases OLD and NEW: segments added, removed and changed per
    language, and the pages whose rendering changed (a side-by-side PNG of each, in
    dist/diff/<slug>/OLD..NEW/; needs pubkit[diff])."""
    from pubkit.publish.diff import diff_releases

    project = _project(ctx)
    found = _run(lambda: diff_releases(project, old, new, langs=langs, pages=not no_pages))
    if fmt == "json":
        _json(found)
        return
    for publication in found:
        for language in publication.languages:
            _diff_text(ctx, publication.publication, old, new, language)


def _diff_text(ctx: click.Context, slug: str, old: str, new: str, language: Any) -> None:
    head = f"{slug} {language.lang}"
    if language.only_in is not None:
        click.echo(f"{head}: only in {language.only_in}")
        return
    if language.segments is None:
        click.echo(
            f"{head}: segments not recorded in both releases "
            "(one was released before pubkit recorded them)"
        )
    else:
        from pubkit.publish.segments import counts

        numbers = ", ".join(f"{n} {kind}" for kind, n in counts(language.segments).items())
        click.echo(f"{head}: {numbers}")
        for change in language.segments:
            _change_text(ctx, change)
    if language.pages is not None:
        click.echo(
            f"{head}: {len(language.pages)} page(s) changed "
            f"({language.old_pages} pages in {old}, {language.new_pages} in {new})"
        )
        for page in language.pages:
            click.echo(f"  page {page.page} {page.state}: {page.image}")


def _change_text(ctx: click.Context, change: Any) -> None:
    limit = 10_000 if _settings(ctx).verbosity > 1 else 70

    def cut(text: str | None) -> str:
        text = text or ""
        return text if len(text) <= limit else text[:limit] + "…"

    if change.kind == "added":
        click.echo(f"  {_paint('+', 'wrote')} {cut(change.new_source)}")
        if change.new_text != change.new_source:
            click.echo(f"      {cut(change.new_text)}")
    elif change.kind == "removed":
        click.echo(f"  {_paint('-', 'error')} {cut(change.old_source)}")
    else:
        what = " and ".join(
            w
            for w, c in (("source", change.source_changed), ("translation", change.text_changed))
            if c
        )
        click.echo(f"  {_paint('~', 'warning')} {what} changed: {cut(change.new_source)}")
        if change.source_changed:
            click.echo(f"      was: {cut(change.old_source)}")
        if change.text_changed:
            click.echo(f"      printed ({change.printed_in}): {cut(change.new_text)}")
            click.echo(f"      was:{' ' * (len(change.printed_in) + 7)}{cut(change.old_text)}")


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
