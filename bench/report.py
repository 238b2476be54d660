"""The report: rows and notes of a run, RESULTS.md, the README's table and PROFILE.md."""

from __future__ import annotations

import io
import os
import platform
import pstats
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path

from harness import BENCH, PUBKIT, PYTHON, REPO, BenchError, Timing, run
from projects import BIG, EPOCH, PO4A, copy_project, french_editor, real_copy

RESULTS = BENCH / "RESULTS.md"
PROFILE = BENCH / "PROFILE.md"
README = BENCH / "README.md"


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

    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.echo(row)

    def echo(self, row: Row) -> None:
        cells = row.cells()
        print(f"  {cells[0]}: {cells[1]} vs {cells[3]} → {cells[4]} (target {cells[5]})")

    def section(self, name: str, lines: list[str]) -> None:
        """A section of RESULTS.md of its own, kept when later runs leave it out."""
        self.sections[name] = lines


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


_SECTION = re.compile(r"<!-- section:(\S+):start -->\n.*?<!-- section:\1:end -->\n", re.DOTALL)


def write_results(report: Report) -> None:
    """Write RESULTS.md and the README's table, and print the table. A run without rows
    of the main table (``--only corpus``) keeps the main table of the last run; the
    sections of RESULTS.md that a run does not make again are kept as they were."""
    when = datetime.now(UTC)
    info = machine()
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    sections = {found[1]: found[0] for found in _SECTION.finditer(old)}
    for name, lines in report.sections.items():
        body = "\n".join(lines).rstrip("\n")
        sections[name] = f"<!-- section:{name}:start -->\n{body}\n<!-- section:{name}:end -->\n"
    if report.rows:
        main = results_markdown(report, when, info)
        update_readme(report, when, info)
    else:
        main = _SECTION.sub("", old)
    text = main.rstrip("\n") + "\n" + "".join("\n" + block for block in sections.values())
    RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}")
    print(table(report.rows))
