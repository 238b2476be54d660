"""Benchmarks 6 and 7, on a copy of the real brief: build one PDF, and releases."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from harness import PUBKIT, PYTHON, command, max_rss_kib, measure, run
from projects import EPOCH, edition_htmls, french_editor, isolated_fonts, pdf_pages, real_copy
from report import Report, Row

from pubkit.theme.files import PACKAGED

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
from pubkit.publish.release import release

results = release(load_project(Path(sys.argv[1])), version=sys.argv[2])
print(json.dumps([list(r.worker_peak_kib) for r in results]))
"""


# -- 6: build -------------------------------------------------------------------------------


def bench_build(report: Report, work: Path) -> None:
    print("build", flush=True)
    runs = report.runs
    root = real_copy(work, "build")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # dates from git
    styles = PACKAGED  # the packaged default theme: the project has no theme folder
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
    styles = PACKAGED  # the packaged default theme: the project has no theme folder
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
