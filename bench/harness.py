"""Time fresh processes in interleaved rounds: medians, minimums, CPU time, peak memory."""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = Path(sys.executable).parent  # run with the project's venv: .venv/bin/python
PYTHON = str(Path(sys.executable))
PUBKIT = str(BIN / "pubkit")


class BenchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Timing:
    """Wall times of the timed runs, and the CPU time (user + system) of the processes
    each run started and waited for."""

    samples: tuple[float, ...]
    cpu: tuple[float, ...] = ()

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
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    for number in range(runs + 1):
        for name, (action, setup) in cases.items():
            if setup is not None:
                setup(number)
            before = _children_cpu()
            start = time.perf_counter()
            action(number)
            elapsed = time.perf_counter() - start
            if number:
                samples[name].append(elapsed)
                cpu[name].append(_children_cpu() - before)
    return {name: Timing(tuple(samples[name]), tuple(cpu[name])) for name in cases}


def _children_cpu() -> float:
    """CPU seconds of every process this one has waited for, and of those they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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


def max_rss_kib(argv: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> int | None:
    """'Maximum resident set size' of a command and its children, by GNU time."""
    if not Path("/usr/bin/time").is_file():
        return None
    proc = run(["/usr/bin/time", "-v", *argv], cwd, env)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


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


@contextmanager
def scratch(keep: bool) -> Iterator[Path]:
    """A new ``pubkit-bench-*`` folder under $TMPDIR, removed afterwards unless ``keep``."""
    work = Path(tempfile.mkdtemp(prefix="pubkit-bench-"))
    try:
        yield work
    finally:
        if keep:
            print(f"scratch folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def compile_bytecode() -> None:
    """Compile pubkit's bytecode, as pip does for an installed package: an editable
    install never is when PYTHONDONTWRITEBYTECODE is set (as on the benchmark machine),
    and every command would then compile pubkit's modules afresh (about 40 ms)."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "src")], check=True)
