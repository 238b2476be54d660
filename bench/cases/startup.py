"""Benchmark 5, on the real brief: the start-up of `pubkit --help` and `pubkit status`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from harness import PUBKIT, PYTHON, REPO, command, measure, run
from report import Report, Row


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


def bench_startup(report: Report, work: Path) -> None:
    del work  # on the repository itself
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
        ("status", report.rows[-1], "pubkit.cli, pubkit.catalogs.workflow"),
    ):
        if row.met is False:
            report.note("startup", f"`pubkit {name}` is over 0.3 s; slowest imports of {module}:")
            for line in import_offenders(module):
                report.note("startup", f"  {line}")
