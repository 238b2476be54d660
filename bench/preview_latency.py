"""How long an edit to a catalog takes to show in pubkit preview's page.

A copy of the brief is served by ``pubkit preview --port 0 --lang fr`` in a subprocess;
this script, acting as the page, keeps the page's event stream open and, each round,
changes one French translation through pubkit's catalog writer, then waits for the
event naming the French edition and fetches the page until it holds the new text. The
anchor is the file watcher alone (watchfiles, the same folder and settings, in this
process): what no preview can beat. Times run from just before the catalog is written.

    .venv/bin/python bench/preview_latency.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from pubkit.catalogs.pofile import read_catalog, write_catalog  # noqa: E402
from pubkit.config import load_project  # noqa: E402
from pubkit.publish.preview_watch import STEP_MS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory(prefix="pubkit-bench-preview-") as scratch:
        root = Path(scratch)
        shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
        for folder in ("content", "locale", "styles"):  # styles: a theme folder, if any
            if (REPO / folder).is_dir():
                shutil.copytree(REPO / folder, root / folder)
        project = load_project(root)
        catalog_path = project.po_path(project.publications[0], "fr")
        proc = subprocess.Popen(
            [sys.executable, "-m", "pubkit", "preview", "--port", "0", "--lang", "fr"],
            cwd=root,
            env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            found = re.search(r"http://127\.0\.0\.1:(\d+)/(\S+)", line)
            if found is None:
                raise SystemExit(f"pubkit preview did not start: {line}")
            port, page = int(found.group(1)), "/" + found.group(2)
            times = measure(port, page, catalog_path, rounds)
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    report(times, rounds)


def measure(port: int, page: str, catalog_path: Path, rounds: int) -> dict[str, list[float]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", page)
    body = conn.getresponse().read()
    conn.close()
    stream_path = re.search(rb"/_pubkit/events\?since=\d+&run=[0-9a-f]+", body)
    assert stream_path is not None
    stream = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    stream.request("GET", stream_path.group(0).decode())
    events = stream.getresponse()

    watched: list[float] = []
    stop = threading.Event()

    def anchor() -> None:
        from watchfiles import watch

        for batch in watch(
            catalog_path.parent, watch_filter=None, step=STEP_MS, stop_event=stop, recursive=False
        ):
            if any(path == str(catalog_path) for _, path in batch):
                watched.append(time.perf_counter())

    thread = threading.Thread(target=anchor, daemon=True)
    thread.start()
    time.sleep(0.5)  # the watcher is up

    times: dict[str, list[float]] = {"watcher": [], "event": [], "page": []}
    catalog = read_catalog(catalog_path)
    entry = next(e for e in catalog if e.msgstr and len(e.msgstr) > 40 and not e.msgid_plural)
    original = entry.msgstr
    for number in range(rounds):
        marker = f"Version {number} "
        entry.msgstr = marker + original
        before = len(watched)
        started = time.perf_counter()
        write_catalog(catalog, catalog_path)
        while True:  # the page's event stream
            line = events.fp.readline().decode()
            if line.startswith("data: "):
                editions = json.loads(line.removeprefix("data: "))["editions"]
                if any(key.endswith("/fr") for key in editions):
                    break
        times["event"].append(time.perf_counter() - started)
        while True:  # the page, reloaded
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", page)
            text = re.sub(r"<[^>]*>", "", conn.getresponse().read().decode())
            conn.close()
            if marker.strip() in text:
                break
        times["page"].append(time.perf_counter() - started)
        deadline = time.monotonic() + 10
        while len(watched) == before and time.monotonic() < deadline:
            time.sleep(0.001)
        times["watcher"].append(watched[-1] - started if len(watched) > before else float("nan"))
        time.sleep(0.3)  # the next edit is another batch
    stop.set()
    stream.close()
    return times


def report(times: dict[str, list[float]], rounds: int) -> None:
    print(f"pubkit preview: a French catalog edit to the page, {rounds} rounds (ms)")
    print(f"{'':28} {'median':>8} {'min':>8} {'max':>8}")
    labels = {
        "watcher": "watchfiles alone (anchor)",
        "event": "edit -> page's event",
        "page": "edit -> new page fetched",
    }
    for key, label in labels.items():
        values = [v * 1000 for v in times[key]]
        print(f"{label:28} {statistics.median(values):8.1f} {min(values):8.1f} {max(values):8.1f}")
    ratio = statistics.median(times["page"]) / statistics.median(times["watcher"])
    print(f"page / anchor (medians): {ratio:.2f}")


if __name__ == "__main__":
    main()
