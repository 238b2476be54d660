"""Benchmark pubkit against GNU gettext, po4a and WeasyPrint alone; write bench/RESULTS.md.

Every benchmark runs each command once to warm up and then ``--runs`` times, always as a
fresh process (the same process-start basis for pubkit and for its anchor), pubkit and
anchor in turn, and reports the median and the minimum wall time and the ratio of the
medians. See bench/README.md.

    .venv/bin/python bench/run.py [--runs 5] [--blocks 2400] [--only catalogs,startup,...]
                                  [--reuse] [--profile] [--keep]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = Path(sys.executable).parent  # run with the project's venv: .venv/bin/python
PYTHON = str(Path(sys.executable))
PUBKIT = str(BIN / "pubkit")
BIG = BENCH / "out" / "big"
RESULTS = BENCH / "RESULTS.md"
PROFILE = BENCH / "PROFILE.md"
README = BENCH / "README.md"
EPOCH = "1767323040"  # SOURCE_DATE_EPOCH of the release benchmarks (as the tests)
SECTIONS = ("catalogs", "startup", "build", "release")
# po4a: the text module's Markdown mode, reading from the YAML front matter only the keys
# pubkit translates (po4a 0.69 parses front matter itself; yfm_keys narrows it).
YFM_KEYS = "title,subtitle,author_bio,keywords,published_by,role,licence,disclaimer,credit"
PO4A = ["-f", "text", "-o", "markdown", "-o", f"yfm_keys={YFM_KEYS}", "-M", "utf-8"]
PROJECT_FILES = ("pyproject.toml", "content", "locale", "styles")
EDIT_PHRASES = (
    "En effet, ", "Par ailleurs, ", "De fait, ", "Ainsi, ", "Certes, ", "Or, ",
    "Toutefois, ", "D'ailleurs, ", "En outre, ", "Du reste, ", "Pourtant, ", "Cependant, ",
)  # fmt: skip
RENDER_SCRIPT = """\
import sys
import weasyprint

base, out, jobs = sys.argv[1], sys.argv[2], sys.argv[3:]
for number in range(0, len(jobs), 2):
    html, variant = jobs[number], jobs[number + 1]
    weasyprint.HTML(filename=html, base_url=base).write_pdf(
        f"{out}-{number // 2}.pdf", pdf_variant=variant
    )
"""
PEAKS_SCRIPT = """\
import json, sys
from pathlib import Path
from pubkit.config import load_project
from pubkit.release import release

results = release(load_project(Path(sys.argv[1])), sys.argv[2])
print(json.dumps([list(r.worker_peak_kib) for r in results]))
"""


class BenchError(RuntimeError):
    pass


# -- measuring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def best(self) -> float:
        return min(self.samples)

    def show(self) -> str:
        return f"{self.median:.3f} s (min {self.best:.3f})"


Action = Callable[[int], object]


def measure(cases: dict[str, tuple[Action, Action | None]], runs: int) -> dict[str, Timing]:
    """Time each case ``runs`` times after one warm-up round, round-robin: every round
    runs each case once, in order, so that a slow spell of a shared machine hits pubkit
    and its anchor alike. ``setup(i)`` runs untimed before ``action(i)``."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for number in range(runs + 1):
        for name, (action, setup) in cases.items():
            if setup is not None:
                setup(number)
            start = time.perf_counter()
            action(number)
            elapsed = time.perf_counter() - start
            if number:
                samples[name].append(elapsed)
    return {name: Timing(tuple(values)) for name, values in samples.items()}


def run(
    argv: Sequence[str | Path],
    cwd: Path,
    env: dict[str, str] | None = None,
    ok: Sequence[int] = (0,),
) -> subprocess.CompletedProcess[str]:
    command = [str(arg) for arg in argv]
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode not in ok:
        raise BenchError(
            f"{' '.join(command)} (in {cwd}) exited {proc.returncode}:\n"
            f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        )
    return proc


def command(
    argv: Sequence[str | Path],
    cwd: Path,
    env: dict[str, str] | None = None,
    ok: Sequence[int] = (0,),
) -> Callable[[int], object]:
    return lambda _: run(argv, cwd, env, ok)


@dataclass
class Row:
    """One line of the results table."""

    what: str
    pubkit: Timing | None
    anchor: str
    anchor_time: Timing | None
    target: str
    max_ratio: float | None = None
    max_seconds: float | None = None
    pubkit_text: str | None = None
    anchor_text: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.pubkit is None or self.anchor_time is None:
            return None
        return self.pubkit.median / self.anchor_time.median

    @property
    def met(self) -> bool | None:
        if self.max_ratio is not None and self.ratio is not None:
            return self.ratio <= self.max_ratio
        if self.max_seconds is not None and self.pubkit is not None:
            return self.pubkit.median < self.max_seconds
        return None

    def cells(self) -> list[str]:
        met = {True: "yes", False: "**no**", None: "—"}[self.met]
        return [
            self.what,
            self.pubkit_text or (self.pubkit.show() if self.pubkit else "—"),
            self.anchor,
            self.anchor_text or (self.anchor_time.show() if self.anchor_time else "—"),
            f"{self.ratio:.2f}×" if self.ratio is not None else "—",
            self.target,
            met,
        ]


@dataclass
class Report:
    runs: int
    rows: list[Row] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def note(self, section: str, text: str) -> None:
        self.notes.setdefault(section, []).append(text)
        print(f"  {text}", flush=True)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        cells = row.cells()
        print(f"  {cells[0]}: {cells[1]} vs {cells[3]} → {cells[4]} (target {cells[5]})")


# -- helpers --------------------------------------------------------------------------------


def copy_project(source: Path, target: Path, names: Sequence[str] | None = None) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    skipped = {".pubkit-cache", "dist"}  # caches and outputs: every copy starts clean
    for name in names or sorted(p.name for p in source.iterdir() if p.name not in skipped):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            shutil.copyfile(path, target / name)
    return target


def git_commit(folder: Path) -> None:
    git = ["git", "-c", "user.name=pubkit bench", "-c", "user.email=bench@example.org"]
    run(["git", "init", "-q"], folder)
    run([*git, "add", "-A"], folder)
    run([*git, "commit", "-q", "-m", "bench snapshot"], folder)


def fuzzy_count(path: Path) -> tuple[int, int]:
    """(active entries, fuzzy entries) of a PO file."""
    import polib

    catalog = polib.pofile(str(path))
    active = [e for e in catalog if not e.obsolete]
    return len(active), sum("fuzzy" in e.flags for e in active)


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(str(path)).pages)


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    try:
        _set_environment(values)
        yield
    finally:
        _set_environment(saved)


def _set_environment(values: dict[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def edition_htmls(root: Path, langs: Sequence[str], out: Path, epoch: str | None) -> list[Path]:
    """The HTML pubkit gives WeasyPrint for each language's PDFs, written to ``out``."""
    from pubkit.build import edition_html
    from pubkit.config import load_project
    from pubkit.edition import make_edition

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with environment(SOURCE_DATE_EPOCH=epoch):
        project = load_project(root)
        publication = project.publications[0]
        for lang in langs:
            edition = make_edition(project, publication, lang)
            path = out / f"{lang}.html"
            path.write_text(edition_html(project, edition, for_pdf=True), encoding="utf-8")
            paths.append(path)
    return paths


def isolated_fonts(font_dir: Path, work: Path) -> str:
    """A fontconfig file listing only the project's fonts, as pubkit gives WeasyPrint, so
    that WeasyPrint alone uses the same fonts and the same fontconfig work."""
    cache = work / "fontconfig-cache"
    cache.mkdir(parents=True, exist_ok=True)
    config = work / "fonts.conf"
    config.write_text(
        "<?xml version='1.0'?>\n<!DOCTYPE fontconfig SYSTEM 'urn:fontconfig:fonts.dtd'>\n"
        f"<fontconfig><dir>{font_dir}</dir><cachedir>{cache}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return str(config)


def max_rss_kib(argv: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> int | None:
    """'Maximum resident set size' of a command and its children, by GNU time."""
    if not Path("/usr/bin/time").is_file():
        return None
    proc = run(["/usr/bin/time", "-v", *argv], cwd, env)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


# -- 1-4: catalogs on the big project -------------------------------------------------------


def po4a_catalog(big: Path, work: Path, pot: Path) -> Path:
    """A French catalog in po4a's own msgids (it keeps the newline ending a ::: block),
    with pubkit's translations: what a po4a user would have before the edit."""
    import polib

    translated = {
        " ".join(e.msgid.split()): e.msgstr
        for e in polib.pofile(str(big / "locale" / "fr" / "LC_MESSAGES" / "big.po"))
    }
    catalog = polib.pofile(str(pot))
    missing = 0
    for entry in catalog:
        entry.msgstr = translated.get(" ".join(entry.msgid.split()), "")
        missing += not entry.msgstr
    catalog.metadata["Language"] = "fr"
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    path = work / "po4a-fr.po"
    catalog.save(str(path))
    if missing:
        raise BenchError(f"{missing} po4a entries have no pubkit translation")
    return path


def bench_catalogs(report: Report, work: Path) -> None:
    runs = report.runs
    env = dict(os.environ)
    summary = json.loads((BIG / "summary.json").read_text())
    report.note(
        "catalogs",
        f"input: {summary['blocks']} body blocks {summary['roles']}, "
        f"{summary['source_bytes']:,} bytes of Markdown, {summary['entries']} catalog entries; "
        f"{summary['edited_paragraphs']} paragraphs edited for the update",
    )
    project = copy_project(BIG, work / "big")
    pot = project / "locale" / "big.pot"
    po4a_dir = work / "po4a"
    po4a_dir.mkdir()
    po4a_pot = po4a_dir / "x.pot"

    # 1. extract, and 4. check (same anchor), measured together
    print("extract and check", flush=True)

    def drop(path: Path) -> Callable[[int], None]:
        return lambda _: path.unlink(missing_ok=True)

    po4a_command: list[str | Path] = [
        "po4a-updatepo",
        *PO4A,
        "-m",
        "content/big.md",
        "-p",
        po4a_pot,
    ]
    timed = measure(
        {
            "po4a": (command(po4a_command, project, env), drop(po4a_pot)),
            "fresh": (command([PUBKIT, "extract"], project, env), drop(pot)),
            "unchanged": (command([PUBKIT, "extract"], project, env), None),
            "check": (command([PUBKIT, "check", "fr"], project, env, ok=(0, 1)), None),
        },
        runs,
    )
    po4a_extract, fresh, unchanged = timed["po4a"], timed["fresh"], timed["unchanged"]
    check = timed["check"]
    anchor = "po4a-updatepo (text, markdown; new POT)"
    report.add(Row("extract (new POT)", fresh, anchor, po4a_extract, "≤ 1.0×", max_ratio=1.0))
    report.add(
        Row("extract (POT exists, unchanged)", unchanged, anchor, po4a_extract, "≤ 1.0×", 1.0)
    )
    report.note(
        "catalogs",
        f"entries extracted: pubkit {fuzzy_count(pot)[0]}, po4a {fuzzy_count(po4a_pot)[0]}",
    )

    # 2. update after editing 1 % of the paragraphs
    print("update", flush=True)
    updated = work / "updated"

    def fresh_copy(_: int) -> None:
        copy_project(BIG, updated, ["pubkit.toml", "glossary.csv", "content", "locale"])
        shutil.copyfile(BIG / "edited" / "big.md", updated / "content" / "big.md")

    # msgmerge merges pubkit's catalog with the POT pubkit extracts from the edited source.
    fresh_copy(0)
    run([PUBKIT, "extract"], updated, env)
    new_pot = po4a_dir / "new.pot"
    shutil.copyfile(updated / "locale" / "big.pot", new_pot)
    merged = po4a_dir / "merged.po"
    old_po = BIG / "locale" / "fr" / "LC_MESSAGES" / "big.po"
    msgmerge_command: list[str | Path] = [
        "msgmerge",
        "--previous",
        "-q",
        "-o",
        merged,
        old_po,
        new_pot,
    ]
    # po4a updates its own catalog (msgids as po4a extracts them), translated like pubkit's.
    run(["po4a-updatepo", *PO4A, "-m", "content/big.md", "-p", po4a_dir / "orig.pot"], project)
    po4a_fr = po4a_catalog(BIG, po4a_dir, po4a_dir / "orig.pot")
    shutil.copytree(BIG / "edited", po4a_dir / "edited")
    po4a_work = po4a_dir / "fr.po"
    po4a_merge_command: list[str | Path] = [
        "po4a-updatepo",
        *PO4A,
        "-m",
        "edited/big.md",
        "-p",
        po4a_work,
    ]
    timed = measure(
        {
            "pubkit": (command([PUBKIT, "update"], updated, env), fresh_copy),
            "po4a": (
                command(po4a_merge_command, po4a_dir, env),
                lambda _: shutil.copyfile(po4a_fr, po4a_work),
            ),
            "msgmerge": (command(msgmerge_command, po4a_dir, env), None),
        },
        runs,
    )
    update, po4a_update, msgmerge = timed["pubkit"], timed["po4a"], timed["msgmerge"]
    pubkit_fuzzy = fuzzy_count(updated / "locale" / "fr" / "LC_MESSAGES" / "big.po")[1]
    po4a_fuzzy = fuzzy_count(po4a_work)[1]
    msgmerge_fuzzy = fuzzy_count(merged)[1]
    report.add(
        Row(
            "update (1 % edited)",
            update,
            "po4a-updatepo (its own fr.po)",
            po4a_update,
            "≤ 1.0×",
            1.0,
        )
    )
    report.add(Row("update (1 % edited)", update, "msgmerge --previous", msgmerge, "—"))
    report.note(
        "catalogs",
        f"fuzzy entries after the update: pubkit {pubkit_fuzzy}, po4a {po4a_fuzzy}, "
        f"msgmerge {msgmerge_fuzzy} (edited paragraphs: {summary['edited_paragraphs']})",
    )

    # 3. status
    print("status", flush=True)
    po = project / "locale" / "fr" / "LC_MESSAGES" / "big.po"
    msgfmt_command: list[str | Path] = ["msgfmt", "--statistics", "-o", "/dev/null", po]
    timed = measure(
        {
            "pubkit": (command([PUBKIT, "status", "fr"], project, env), None),
            "msgfmt": (command(msgfmt_command, project, env), None),
        },
        runs,
    )
    report.add(Row("status fr", timed["pubkit"], "msgfmt --statistics", timed["msgfmt"], "—"))

    # 4. check (measured with extract above)
    report.add(
        Row("check fr", check, "po4a-updatepo (new POT, as above)", po4a_extract, "≤ 1.0×", 1.0)
    )
    proc = run([PUBKIT, "check", "fr"], project, env, ok=(0, 1))
    report.note("catalogs", f"check findings: {proc.stderr.strip().splitlines()[-1]}")


# -- 5: start-up ----------------------------------------------------------------------------


def import_offenders(module: str, top: int = 10) -> list[str]:
    """The slowest imports of ``module`` by cumulative time (python -X importtime)."""
    proc = run([PYTHON, "-X", "importtime", "-c", f"import {module}"], REPO)
    rows = []
    for line in proc.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if found:
            self_us, cumulative, indent, name = found.groups()
            rows.append((int(cumulative), int(self_us), len(indent) // 2, name))
    # Top-level and first-level imports only: the packages pubkit itself asks for.
    shallow = sorted((r for r in rows if r[2] <= 1), reverse=True)[:top]
    return [
        f"{name}: {cum / 1000:.1f} ms cumulative ({own / 1000:.1f} ms own)"
        for cum, own, _, name in shallow
    ]


def bench_startup(report: Report) -> None:
    print("start-up", flush=True)
    runs = report.runs
    env = dict(os.environ)
    timed = measure(
        {
            "floor": (command([PYTHON, "-c", "pass"], REPO, env), None),
            "help": (command([PUBKIT, "--help"], REPO, env), None),
            "status": (command([PUBKIT, "status"], REPO, env), None),
        },
        runs,
    )
    floor, help_, status = timed["floor"], timed["help"], timed["status"]
    anchor = "python -c pass (floor)"
    report.add(Row("pubkit --help (the brief)", help_, anchor, floor, "< 0.3 s", max_seconds=0.3))
    report.add(Row("pubkit status (the brief)", status, anchor, floor, "< 0.3 s", max_seconds=0.3))
    for name, row, module in (
        ("--help", report.rows[-2], "pubkit.cli"),
        ("status", report.rows[-1], "pubkit.cli, pubkit.workflow"),
    ):
        if row.met is False:
            report.note("startup", f"`pubkit {name}` is over 0.3 s; slowest imports of {module}:")
            for line in import_offenders(module):
                report.note("startup", f"  {line}")


# -- 6: build -------------------------------------------------------------------------------


def real_copy(work: Path, name: str) -> Path:
    """A copy of the real project (brief, catalogs, styles) under git, as a user has it."""
    root = copy_project(REPO, work / name, PROJECT_FILES)
    git_commit(root)
    return root


def bench_build(report: Report, work: Path) -> None:
    print("build", flush=True)
    runs = report.runs
    root = real_copy(work, "build")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # dates from git
    styles = root / "styles"
    anchor_env = {**env, "FONTCONFIG_FILE": isolated_fonts(styles / "fonts", work / "fc-build")}
    (html,) = edition_htmls(root, ["fr"], work / "build-html", None)
    script = work / "render.py"
    script.write_text(RENDER_SCRIPT, encoding="utf-8")
    out = work / "build-alone"
    alone_command: list[str | Path] = [PYTHON, script, styles.as_uri() + "/", out, html, "pdf/ua-1"]
    timed = measure(
        {
            "alone": (command(alone_command, work, anchor_env), None),
            "build": (command([PUBKIT, "build", "--lang", "fr"], root, env), None),
        },
        runs,
    )
    alone, build = timed["alone"], timed["build"]
    report.add(
        Row(
            "build --lang fr (screen PDF)",
            build,
            "WeasyPrint alone, 1 render (pdf/ua-1)",
            alone,
            "≤ 1.10×",
            1.10,
        )
    )
    mine = pdf_pages(root / "dist" / "mali-islamists-rise-fr.pdf")
    theirs = pdf_pages(Path(f"{out}-0.pdf"))
    report.note("build", f"pages: pubkit {mine}, WeasyPrint alone {theirs}")


# -- 7: release -----------------------------------------------------------------------------


def bench_release(report: Report, work: Path) -> None:
    print("release", flush=True)
    runs = report.runs
    root = real_copy(work, "release")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    styles = root / "styles"
    anchor_env = {**env, "FONTCONFIG_FILE": isolated_fonts(styles / "fonts", work / "fc-release")}
    langs = ["en", "fr", "bm"]
    htmls = edition_htmls(root, langs, work / "release-html", EPOCH)
    script = work / "render.py"
    script.write_text(RENDER_SCRIPT, encoding="utf-8")
    base = styles.as_uri() + "/"
    six = [str(arg) for path in htmls for v in ("pdf/x-4", "pdf/ua-1") for arg in (path, v)]
    cache, dist = root / ".pubkit-cache", root / "dist"

    def cold_start(_: int) -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(dist, ignore_errors=True)

    said: dict[str, str] = {}

    def release(prefix: str) -> Callable[[int], object]:
        def action(number: int) -> None:
            proc = run([PUBKIT, "release", "--version", f"{prefix}{number}"], root, env)
            said[prefix] = next(line for line in proc.stdout.splitlines() if "rendered" in line)

        return action

    po = root / "locale" / "fr" / "LC_MESSAGES" / "mali-islamists-rise.po"
    one: list[str | Path] = [PYTHON, script, base, work / "one", htmls[1], "pdf/ua-1"]
    # One round: (a) cold, (b) nothing changed (the cache (a) just filled), (c) one French
    # entry edited (only French is rendered again), each beside its anchor.
    timed = measure(
        {
            "alone6": (command([PYTHON, script, base, work / "six", *six], work, anchor_env), None),
            "cold": (release("cold"), cold_start),
            "same": (release("same"), None),
            "alone1": (command(one, work, anchor_env), None),
            "edit": (release("edit"), french_editor(po)),
        },
        runs,
    )
    alone6, cold, warm = timed["alone6"], timed["cold"], timed["same"]
    alone1, edited = timed["alone1"], timed["edit"]
    report.add(
        Row(
            "release, cold (3 languages × 2 variants)",
            cold,
            "WeasyPrint alone, 6 renders in one process",
            alone6,
            "≤ 0.6×",
            0.6,
        )
    )
    report.add(Row("release, nothing changed", warm, "—", None, "< 0.5 s", max_seconds=0.5))
    report.add(
        Row(
            "release, one French entry edited",
            edited,
            "WeasyPrint alone, 1 render (fr, pdf/ua-1)",
            alone1,
            "≤ 1.2×",
            1.2,
        )
    )
    for prefix, what in (("cold", "cold"), ("same", "nothing changed"), ("edit", "one edit")):
        report.note("release", f"{what}, last run said: `{said[prefix]}`")
    # (d) memory: worker peaks from the library API, and whole runs by GNU time
    cold_start(0)
    peaks_script = work / "peaks.py"
    peaks_script.write_text(PEAKS_SCRIPT, encoding="utf-8")
    peaks = json.loads(run([PYTHON, peaks_script, root, "mem"], root, env).stdout)
    flat = [kib for result in peaks for kib in result]
    cold_start(0)
    whole = max_rss_kib([PUBKIT, "release", "--version", "mem2"], root, env)
    alone_rss = max_rss_kib([PYTHON, script, base, work / "six", *six], work, anchor_env)
    report.add(
        Row(
            "release, peak memory per worker",
            None,
            "WeasyPrint alone, 6 renders (max RSS)",
            None,
            "—",
            pubkit_text=(
                f"{max(flat) / 1024:.0f} MiB (largest of {len(flat)} render jobs)"
                if flat
                else "no worker ran"
            ),
            anchor_text=f"{alone_rss / 1024:.0f} MiB" if alone_rss else "—",
        )
    )
    report.note(
        "release",
        f"worker_peak_kib (ReleaseResult, cold): {flat}; whole cold `pubkit release` "
        f"max RSS (GNU time, largest process): {whole} KiB; CPUs: {os.cpu_count()}",
    )


def french_editor(po: Path) -> Callable[[int], None]:
    """Each call changes one French paragraph's msgstr (polib + write_catalog)."""
    from pubkit import catalog as cat

    original: dict[str, str] = {}

    def edit(number: int) -> None:
        catalog = cat.read_catalog(po)
        entry = next(e for e in catalog if e.comment.startswith("Paragraph") and e.msgstr)
        text = original.setdefault(entry.msgid, entry.msgstr)
        phrase = EDIT_PHRASES[number % len(EDIT_PHRASES)]
        if number >= len(EDIT_PHRASES):
            phrase += EDIT_PHRASES[(number // len(EDIT_PHRASES)) % len(EDIT_PHRASES)]
        entry.msgstr = phrase + text[0].lower() + text[1:]
        cat.write_catalog(catalog, po)

    return edit


# -- profiles -------------------------------------------------------------------------------


def profile_text(argv: Sequence[str], cwd: Path, env: dict[str, str], out: Path) -> str:
    """cProfile of one CLI run: the top functions by cumulative and by own time."""
    proc = subprocess.run(
        [PYTHON, "-m", "cProfile", "-o", str(out), "-m", "pubkit", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode not in ((0, 1) if argv[0] == "check" else (0,)):
        raise BenchError(f"profiling pubkit {' '.join(argv)} failed:\n{proc.stderr[-2000:]}")
    chunks = []
    for key, count in (("cumulative", 30), ("tottime", 15)):
        buffer = io.StringIO()
        stats = pstats.Stats(str(out), stream=buffer)
        stats.sort_stats(key).print_stats(count)
        text = buffer.getvalue()
        text = text[text.find("   ncalls") :]
        for prefix in (str(REPO / "src") + "/", str(Path(shutil.__file__).parent) + "/"):
            text = text.replace(prefix, "")
        text = re.sub(r"\S*/site-packages/", "", text)
        chunks.append(f"sorted by {key}:\n\n{text.rstrip()}")
    return "\n\n".join(chunks)


def write_profiles(work: Path) -> None:
    print("profiles", flush=True)
    env = dict(os.environ)
    project = copy_project(BIG, work / "profile-big")
    sections = []
    (project / "locale" / "big.pot").unlink()
    jobs: list[tuple[str, list[str], Path, Callable[[], object] | None]] = [
        ("pubkit extract (big project, new POT)", ["extract"], project, None),
        ("pubkit extract (big project, POT unchanged)", ["extract"], project, None),
        ("pubkit status fr (big project)", ["status", "fr"], project, None),
        ("pubkit check fr (big project)", ["check", "fr"], project, None),
        (
            "pubkit update (big project, 1 % edited)",
            ["update"],
            project,
            lambda: shutil.copyfile(BIG / "edited" / "big.md", project / "content" / "big.md"),
        ),
    ]
    build_root = real_copy(work, "profile-build")
    env_build = {k: v for k, v in env.items() if k != "SOURCE_DATE_EPOCH"}
    for title, argv, cwd, before in jobs:
        if before is not None:
            before()
        start = time.perf_counter()
        text = profile_text(argv, cwd, env, work / "profile.out")
        sections.append((title, time.perf_counter() - start, text))
    release_root = real_copy(work, "profile-release")
    env_release = {**env, "SOURCE_DATE_EPOCH": EPOCH}
    run([PUBKIT, "release", "--version", "warm"], release_root, env_release)  # fill the cache
    edit = french_editor(release_root / "locale" / "fr" / "LC_MESSAGES" / "mali-islamists-rise.po")
    for title, argv, cwd, job_env, before in (
        (
            "pubkit build --lang fr (the brief)",
            ["build", "--lang", "fr"],
            build_root,
            env_build,
            None,
        ),
        (
            "pubkit release, nothing changed (the brief, warm cache)",
            ["release", "--version", "p1"],
            release_root,
            env_release,
            None,
        ),
        (
            "pubkit release --jobs 1, one French entry edited (the brief; in-process render)",
            ["release", "--version", "p2", "--jobs", "1"],
            release_root,
            env_release,
            lambda: edit(0),
        ),
    ):
        if before is not None:
            before()
        start = time.perf_counter()
        text = profile_text(argv, cwd, job_env, work / "profile.out")
        sections.append((title, time.perf_counter() - start, text))
    lines = [
        "# pubkit profiles",
        "",
        f"Written by `bench/run.py --profile` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        "cProfile of one CLI run each; times under the profiler are inflated (roughly 1.5-2× "
        "for pure-Python code), so read them as shares, not as timings. cProfile sees only "
        "the process it runs in: what runs in forked processes (`check`'s parts of a large "
        "catalog, the renderer's zygote and its forks) is not in these profiles.",
        "",
    ]
    for title, seconds, text in sections:
        lines += [f"## {title}", "", f"wall time under cProfile: {seconds:.2f} s", "", "```"]
        lines += [text, "```", ""]
    PROFILE.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {PROFILE.relative_to(REPO)}")


# -- report ---------------------------------------------------------------------------------


def first_line(argv: Sequence[str]) -> str:
    try:
        return run(argv, REPO).stdout.splitlines()[0].strip()
    except (BenchError, IndexError, OSError):
        return "not found"


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"CPU: {cpu}, {os.cpu_count()} logical CPUs",
        f"OS: {platform.platform()}",
        f"Python: {platform.python_version()} ({PYTHON})",
        f"pubkit {package_version('pubkit')}, WeasyPrint {package_version('weasyprint')}, "
        f"pydyf {package_version('pydyf')}, polib {package_version('polib')}",
        f"gettext: {first_line(['msgmerge', '--version'])}",
        f"po4a: {first_line(['po4a-updatepo', '--version'])}",
    ]


def table(rows: Sequence[Row]) -> str:
    head = ["what", "pubkit", "anchor", "anchor time", "ratio", "target", "met?"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def results_markdown(report: Report, when: datetime, info: list[str]) -> str:
    lines = [
        "# pubkit benchmark results",
        "",
        f"Run on {when:%Y-%m-%d %H:%M} UTC by `bench/run.py --runs {report.runs}` "
        "(written by the script; see bench/README.md for the method).",
        "",
        table(report.rows),
        "",
        f"Wall-clock times: median of {report.runs} runs after one warm-up round (minimum in "
        "parentheses); every command is a fresh process, pubkit and anchor alike, and the "
        "commands compared are run in turn, round by round, so that a slow spell of the "
        "machine hits both. Ratio = pubkit median / anchor median.",
        "",
        "## Machine",
        "",
        *[f"- {line}" for line in info],
        "",
        "## Notes",
        "",
    ]
    for section, notes in report.notes.items():
        lines += [f"- {section}: {note}" for note in notes]
    lines += [
        "",
        "po4a invocation (0.69; `po4a-gettextize` refuses to run without a translated "
        "file, so `po4a-updatepo` into a new POT is po4a's extraction):",
        "",
        f"    po4a-updatepo {' '.join(PO4A)} -m content/big.md -p x.pot",
        "",
    ]
    return "\n".join(lines)


def update_readme(report: Report, when: datetime, info: list[str]) -> None:
    start, end = "<!-- latest:start -->", "<!-- latest:end -->"
    if not README.is_file():
        return
    text = README.read_text(encoding="utf-8")
    if start not in text or end not in text:
        return
    machine_line = "; ".join(line.rstrip(".") for line in info)
    block = "\n".join(
        [
            start,
            f"Latest run: {when:%Y-%m-%d %H:%M} UTC, `bench/run.py --runs {report.runs}`. "
            f"{machine_line}.",
            "",
            table(report.rows),
            end,
        ]
    )
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    README.write_text(before + block + after, encoding="utf-8")


# -- main -----------------------------------------------------------------------------------


def generate(blocks: int, seed: int, reuse: bool) -> None:
    summary_path = BIG / "summary.json"
    if reuse and summary_path.is_file():
        summary = json.loads(summary_path.read_text())
        if summary.get("blocks") == blocks and summary.get("seed") == seed:
            print(f"reusing {BIG.relative_to(REPO)}")
            return
    print(f"generating {BIG.relative_to(REPO)} ({blocks} blocks)", flush=True)
    run(
        [PYTHON, BENCH / "generate.py", "--out", BIG, "--blocks", str(blocks), "--seed", str(seed)],
        REPO,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--blocks", type=int, default=2400, help="body blocks of the big project")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}"
    )
    parser.add_argument("--reuse", action="store_true", help="reuse bench/out/big if it matches")
    parser.add_argument("--profile", action="store_true", help="also write bench/PROFILE.md")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown or args.runs < 1:
        parser.error(f"unknown section(s) {unknown}" if unknown else "--runs must be at least 1")
    for tool in ("po4a-updatepo", "msgmerge", "msgfmt", "git"):
        if shutil.which(tool) is None:
            parser.error(f"{tool} is not installed (see bench/README.md)")

    # pip compiles an installed package's bytecode; an editable install never does when
    # PYTHONDONTWRITEBYTECODE is set (as on the benchmark machine), and every command
    # would then compile pubkit's modules afresh (about 40 ms).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)
    generate(args.blocks, args.seed, args.reuse)
    report = Report(args.runs)
    work = Path(tempfile.mkdtemp(prefix="pubkit-bench-"))
    try:
        if "catalogs" in only:
            bench_catalogs(report, work)
        if "startup" in only:
            bench_startup(report)
        if "build" in only:
            bench_build(report, work)
        if "release" in only:
            bench_release(report, work)
        if args.profile:
            write_profiles(work)
    finally:
        if args.keep:
            print(f"scratch folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    when = datetime.now(UTC)
    info = machine()
    RESULTS.write_text(results_markdown(report, when, info), encoding="utf-8")
    update_readme(report, when, info)
    print(f"wrote {RESULTS.relative_to(REPO)}")
    print(table(report.rows))


if __name__ == "__main__":
    main()
