"""pubkit preview serving: a page, an edit seen through the event stream, an error page
that comes back when fixed, the PDF on demand, nothing outside its folder, and a clean
stop. Waits have generous timeouts that only a hang reaches; nothing is timed."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pubkit.config import Project
from pubkit.publish.preview import PreviewOptions, serve
from pubkit.theme.files import PACKAGED

from ..conftest import set_msgstr
from ..helpers import FRENCH, SLUG, SUPPORT, cli_env, pubkit, small_project

pytestmark = pytest.mark.slow

PATIENCE = 120.0
"""Seconds a wait may last before the test fails as hung (never reached when it works)."""


@dataclass
class Running:
    """A preview served in a thread of this process, and what it said."""

    project: Project
    host: str = ""
    port: int = 0
    said: list[tuple[str, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None

    def report(self, message: str, *, kind: str = "info") -> None:
        self.said.append((kind, message))
        if kind == "address":
            address = urlsplit(message.split(": ", 1)[1])
            self.host, self.port = address.hostname or "", address.port or 0

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=PATIENCE)

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = self.connection()
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def errors(self) -> list[str]:
        return [message for kind, message in self.said if kind == "error"]


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    project = small_project(tmp_path / "project")
    state = Running(project)

    def run() -> None:
        try:
            serve(project, PreviewOptions(port=0), state.report, stop=state.stop)
        except BaseException as exc:  # shown by the test that waits for the address
            state.error = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + PATIENCE
    while not state.port and state.error is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert state.port, f"the preview did not start: {state.error!r} {state.said}"
    try:
        yield state
    finally:
        state.stop.set()
        thread.join(PATIENCE)
        assert not thread.is_alive(), "the preview did not stop"
    assert state.error is None, state.error
    assert ("info", "pubkit preview: stopped") in state.said
    assert list((project.cache_dir / "tmp").iterdir()) == []  # its folder went with it


class Events:
    """A page's event stream, read line by line."""

    def __init__(self, running: Running, page: bytes):
        found = re.search(rb"/_pubkit/events\?since=(\d+)&run=([0-9a-f]+)", page)
        assert found is not None, "the page has no event stream"
        self.conn = running.connection()
        self.conn.request("GET", found.group(0).decode())
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next_change(self) -> dict[str, object]:
        """The next ``change`` event's data; a hang fails (the stream's comments every
        15 s keep its socket from timing out, so the wait has its own deadline)."""
        kind = None
        deadline = time.monotonic() + PATIENCE
        while True:
            assert time.monotonic() < deadline, "no change came"
            line = self.response.fp.readline().decode()
            assert line, "the event stream ended"
            if line.startswith("event: "):
                kind = line.removeprefix("event: ").strip()
            elif line.startswith("data: ") and kind == "change":
                data: dict[str, object] = json.loads(line.removeprefix("data: "))
                return data

    def wait_for(self, edition: str) -> str:
        """The URL of ``edition`` ("doc/fr") once an event says it was built again."""
        while True:
            change = self.next_change()
            editions = change["editions"]
            assert isinstance(editions, dict)
            if edition in editions:
                return str(editions[edition])

    def close(self) -> None:
        self.conn.close()


def save(path: Path, data: str | bytes) -> None:
    """Write ``path`` as editors and pubkit do: a new file renamed over the old one, so
    that the preview never reads it half-written."""
    temporary = path.with_name(f".{path.name}.saving")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    os.replace(temporary, path)


def text(page: bytes) -> str:
    """A page's words, without its tags (the typesetter wraps words in spans)."""
    return re.sub(r"<[^>]*>", "", page.decode("utf-8"))


def fr_page(running: Running) -> bytes:
    status, headers, _ = running.get("/_pubkit/edition/fr")
    assert status == 302 and headers["Location"] == f"/{SLUG}-fr.html"
    status, headers, page = running.get(f"/{SLUG}-fr.html")
    assert status == 200, page
    return page


def test_the_page_its_edit_and_its_error(running: Running) -> None:
    project = running.project
    status, headers, _ = running.get("/")
    assert status == 302 and headers["Location"] == f"/{SLUG}-en.html"
    status, headers, page = running.get(f"/{SLUG}-en.html")
    assert status == 200
    assert "Civil society needs support." in text(page)
    # the preview's page carries its script, allowed by its nonce alone
    nonce = re.search(rb'<script nonce="([^"]+)">', page)
    assert nonce is not None and page.count(b"<script") == 1
    assert f"script-src 'nonce-{nonce.group(1).decode()}'" in headers["Content-Security-Policy"]
    # the files it serves are the editions' HTML as build writes it: no script
    site = next((project.cache_dir / "tmp").iterdir()) / "preview"
    on_disk = (site / f"{SLUG}-en.html").read_text(encoding="utf-8")
    assert "<script" not in on_disk and "Civil society needs support." in text(on_disk.encode())
    assert page.decode()[: page.decode().index("<script")] in on_disk
    assert running.get("/assets/brief.css")[0] == 200

    page = fr_page(running)
    assert FRENCH[SUPPORT] in text(page)
    events = Events(running, page)
    try:
        # an edit through pubkit's catalog writer shows in the page
        set_msgstr(project, "fr", {SUPPORT: "La société civile a grand besoin d'aide."})
        assert events.wait_for("doc/fr") == f"/{SLUG}-fr.html"
        assert "grand besoin d" in text(running.get(f"/{SLUG}-fr.html")[2])

        # a broken catalog: an error page with file:line, the server keeps serving
        path = project.po_path(project.publications[0], "fr")
        good = path.read_bytes()
        save(path, good.replace(b'msgstr "La soci', b'msgstr <b>"La soci', 1))
        events.wait_for("doc/fr")
        status, headers, page = running.get(f"/{SLUG}-fr.html")
        assert status == 500
        shown = page.decode()
        line = good[: good.index(b'msgstr "La soci')].count(b"\n") + 1
        assert f"locale/fr/LC_MESSAGES/doc.po:{line}: " in shown
        assert "/_pubkit/events?since=" in shown  # it reloads when fixed
        assert any(f"doc.po:{line}:" in message for message in running.errors())
        assert running.get(f"/{SLUG}-en.html")[0] == 200  # English prints no French

        # fixed: the page comes back
        save(path, good)
        events.wait_for("doc/fr")
        status, _, page = running.get(f"/{SLUG}-fr.html")
        assert status == 200 and "grand besoin d" in text(page)
    finally:
        events.close()


def test_an_error_message_is_escaped_in_the_page(running: Running) -> None:
    project = running.project
    source = project.publications[0].source
    good = source.read_text(encoding="utf-8")
    events = Events(running, running.get(f"/{SLUG}-en.html")[2])
    try:
        save(source, good.replace("author:", "<img src=x onerror=alert(1)>: y\nauthor:", 1))
        events.wait_for("doc/en")
        status, _, page = running.get(f"/{SLUG}-en.html")
        assert status == 500
        assert b"&lt;img src=x onerror=alert(1)&gt;" in page
        assert b"<img" not in page
        assert b"content/doc.md:" in page
        save(source, good)
        events.wait_for("doc/en")
        assert running.get(f"/{SLUG}-en.html")[0] == 200
    finally:
        events.close()


def test_the_configuration_and_the_styles_are_watched(running: Running) -> None:
    project = running.project
    config = project.root / "pubkit.toml"
    good = config.read_text(encoding="utf-8")
    events = Events(running, running.get(f"/{SLUG}-en.html")[2])
    try:
        save(config, good + "colour = 'red'\n")
        events.wait_for("doc/en")
        status, _, page = running.get(f"/{SLUG}-en.html")
        assert status == 500
        line = good.count("\n") + 1
        assert f"pubkit.toml:{line}: " in page.decode() and "colour" in page.decode()
        save(config, good)
        events.wait_for("doc/en")
        status, _, page = running.get(f"/{SLUG}-en.html")
        assert status == 200, (page.decode()[:3000], running.said)

        # the project's theme folder made with a stylesheet that replaces the default
        # theme's: the assets copied again, the editions built again
        assert running.get("/assets/brief.css")[2] == (PACKAGED / "brief.css").read_bytes()
        project.styles_dir.mkdir()
        sheet = (PACKAGED / "brief.css").read_text(encoding="utf-8") + "\n/* preview */\n"
        save(project.styles_dir / "brief.css", sheet)
        events.wait_for("doc/en")
        assert running.get("/assets/brief.css")[2].endswith(b"/* preview */\n")
    finally:
        events.close()


CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
    '<rect width="{width}" height="10" fill="#d5002b"/></svg>\n'
)


def test_a_figure_s_image_is_served_and_watched(running: Running) -> None:
    project = running.project
    source = project.publications[0].source
    good = source.read_text(encoding="utf-8")
    events = Events(running, running.get(f"/{SLUG}-en.html")[2])
    try:
        figure = "\n![A red bar](images/chart.svg)\n\nFigure: A bar.\n"
        save(source, good + figure)
        events.wait_for("doc/en")
        status, _, page = running.get(f"/{SLUG}-en.html")
        assert status == 500 and "figure image content/images/chart.svg" in page.decode()

        # the folder and its image made at once: seen although the folder was not watched
        (source.parent / "images").mkdir()
        save(source.parent / "images" / "chart.svg", CHART.format(width=5))
        events.wait_for("doc/en")
        status, _, page = running.get(f"/{SLUG}-en.html")
        assert status == 200, page
        found = re.search(rb'<img[^>]* src="([^"]+)"', page)
        assert found is not None
        assert running.get("/" + found.group(1).decode())[2] == CHART.format(width=5).encode()

        # the image edited: the page built again, the image copied again
        save(source.parent / "images" / "chart.svg", CHART.format(width=15))
        events.wait_for("doc/en")
        assert running.get("/" + found.group(1).decode())[2] == CHART.format(width=15).encode()
    finally:
        events.close()


def test_a_catalog_edit_rebuilds_only_what_prints_from_it(running: Running) -> None:
    project = running.project
    fr_page(running)
    events = Events(running, running.get(f"/{SLUG}-bm.html")[2])
    try:
        os.utime(project.po_path(project.publications[0], "fr"))  # saved unchanged
        change = events.next_change()
        # Bambara falls back to French: both shown editions are built again; English not
        assert set(change["editions"]) == {"doc/fr", "doc/bm"}  # type: ignore[arg-type]
    finally:
        events.close()


def test_the_pdf_on_demand(running: Running) -> None:
    status, headers, data = running.get("/_pubkit/pdf/fr")
    assert status == 200, data[:2000]
    assert headers["Content-Type"] == "application/pdf"
    assert data.startswith(b"%PDF-")
    assert f'filename="{SLUG}-fr.pdf"' in headers["Content-Disposition"]
    assert running.get("/_pubkit/pdf/de")[0] == 404
    assert running.get("/_pubkit/edition/de")[0] == 404
    assert running.get("/_pubkit/pdf/fr/nodomain")[0] == 404
    assert running.get("/_pubkit/pdf/fr", {"Sec-Fetch-Site": "cross-site"})[0] == 403


REFUSED = [
    "/../pubkit.toml",
    "/%2e%2e/pubkit.toml",
    "/%2e%2e/%2e%2e/pubkit.toml",
    "/..%2fpubkit.toml",
    "/..%2f..%2f..%2fpubkit.toml",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2fpubkit.toml",
    "/assets/../../../../pubkit.toml",
    "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/pubkit.toml",
    "/..\\..\\..\\pubkit.toml",
    "/%252e%252e/pubkit.toml",
    "//pubkit.toml",
    "/_pubkit/../../../../pubkit.toml",
    "/_pubkit/pdf/..%2f..%2fpubkit.toml",
    "/_pubkit/edition/..%2f..%2fpubkit.toml",
]


def test_path_traversal_is_refused(running: Running) -> None:
    config = (running.project.root / "pubkit.toml").read_bytes()
    for path in REFUSED:
        # http.client sends the path as written: no client-side normalisation
        status, _, body = running.get(path)
        assert status in (302, 404), (path, status)
        assert b"publications" not in body and config not in body, path
    # absolute-form requests are no way round either
    conn = running.connection()
    try:
        conn.putrequest("GET", "http://127.0.0.1/../pubkit.toml", skip_host=True)
        conn.putheader("Host", f"127.0.0.1:{running.port}")
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 400 and b"publications" not in response.read()
    finally:
        conn.close()


def test_a_request_for_another_name_is_refused(running: Running) -> None:
    # DNS rebinding: a site whose name now points at 127.0.0.1
    status, _, body = running.get(f"/{SLUG}-en.html", {"Host": "evil.example"})
    assert status == 421 and "Civil society" not in text(body)
    assert running.get(f"/{SLUG}-en.html", {"Host": f"localhost:{running.port}"})[0] == 200


class Lines:
    """A process's standard output, line by line as it comes (a thread reads it: the
    pipe's buffer would hide a second line from select)."""

    def __init__(self, proc: subprocess.Popen[str]):
        self.lines: queue.Queue[str] = queue.Queue()
        stream = proc.stdout
        assert stream is not None

        def read() -> None:
            for line in stream:
                self.lines.put(line)
            self.lines.put("")

        threading.Thread(target=read, daemon=True).start()

    def next(self) -> str:
        """The next line ("" at the end); waits for it until a hang is clear."""
        try:
            return self.lines.get(timeout=PATIENCE)
        except queue.Empty:
            raise AssertionError("pubkit preview said nothing") from None

    def rest(self) -> str:
        """What it says until it ends."""
        said = []
        while line := self.next():
            said.append(line)
        return "".join(said)


def ended(proc: subprocess.Popen[str], lines: Lines) -> tuple[str, str]:
    """The rest of its output and its error output, once it has ended."""
    assert proc.stderr is not None
    proc.wait(timeout=PATIENCE)
    return lines.rest(), proc.stderr.read()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_the_command_stops_cleanly(tmp_path: Path, signum: int) -> None:
    project = small_project(tmp_path / "project")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    proc = subprocess.Popen(
        pubkit("preview", "--port", "0", "--lang", "fr"),
        cwd=project.root,
        env={**cli_env(), "TMPDIR": str(tmpdir)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = Lines(proc)
        line = lines.next()
        found = re.match(r"pubkit preview: (http://127\.0\.0\.1:(\d+)/(\S+))$", line.strip())
        assert found is not None, line
        assert found.group(3) == f"{SLUG}-fr.html"
        conn = http.client.HTTPConnection("127.0.0.1", int(found.group(2)), timeout=PATIENCE)
        conn.request("GET", f"/{found.group(3)}")
        response = conn.getresponse()
        assert response.status == 200 and FRENCH[SUPPORT] in text(response.read())
        conn.close()
        # a page's event stream open while it stops
        stream = http.client.HTTPConnection("127.0.0.1", int(found.group(2)), timeout=PATIENCE)
        stream.request("GET", "/_pubkit/events?since=0&run=0")
        assert stream.getresponse().status == 200
        proc.send_signal(signum)
        out, err = ended(proc, lines)
        stream.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in out
    assert out.strip().splitlines()[-1] == "pubkit preview: stopped"
    assert list(tmpdir.iterdir()) == []
    assert list((project.cache_dir / "tmp").iterdir()) == []


def test_keys_on_a_terminal(tmp_path: Path) -> None:
    """p renders the PDF of the page shown, q stops; the terminal is given back as it was."""
    import pty
    import termios

    project = small_project(tmp_path / "project")
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    proc = subprocess.Popen(
        pubkit("preview", "--port", "0"),
        cwd=project.root,
        env=cli_env(),
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = Lines(proc)
        said = [lines.next(), lines.next()]
        assert said[0].startswith("pubkit preview: http://127.0.0.1:"), said
        assert said[1].startswith("keys: p PDF"), said
        assert not termios.tcgetattr(slave)[3] & termios.ICANON  # single keys, no Enter
        port = int(re.findall(r":(\d+)/", said[0])[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
        conn.request("GET", "/_pubkit/edition/bm")  # the page shown: Bambara
        assert conn.getresponse().status == 302
        conn.close()
        os.write(master, b"p")
        while not (line := lines.next()).startswith("PDF: "):
            assert line, "pubkit preview ended"
        assert "/_pubkit/pdf/bm  (" in line and line.strip().endswith(f"{SLUG}-bm.pdf)")
        os.write(master, b"q")
        out, err = ended(proc, lines)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        after = termios.tcgetattr(slave)
        os.close(master)
        os.close(slave)
    assert proc.returncode == 0, err
    assert out.strip().splitlines()[-1] == "pubkit preview: stopped"
    assert after == before
    assert list((project.cache_dir / "tmp").iterdir()) == []


def test_another_interface_when_asked_with_a_warning(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project")
    state = Running(project)
    options = PreviewOptions(host="0.0.0.0", allow_remote=True, port=0)
    thread = threading.Thread(
        target=serve, args=(project, options, state.report), kwargs={"stop": state.stop}
    )
    thread.start()
    try:
        deadline = time.monotonic() + PATIENCE
        while not state.port and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert state.host == "0.0.0.0" and state.port
        warning = state.errors()
        assert warning == [
            "pubkit: warning: serving on 0.0.0.0: anyone who can reach this machine can "
            "read the unpublished editions"
        ]
        state.host = "127.0.0.1"
        assert state.get(f"/{SLUG}-en.html")[0] == 200
    finally:
        state.stop.set()
        thread.join(PATIENCE)
    assert not thread.is_alive()
