"""The preview's HTTP server (the standard library's): pages with the reload script, the
assets, the event stream, the PDFs on demand; nothing outside the preview's folder."""

from __future__ import annotations

import errno
import html
import ipaddress
import json
import secrets
import socket
import socketserver
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from pubkit.errors import PubkitError, os_error
from pubkit.fileio import project_file, read_project_bytes
from pubkit.publish.preview_site import Site
from pubkit.publish.preview_watch import EditionKey

KEEP_ALIVE = 15.0
"""Seconds between two comments on an idle event stream: a closed page is noticed."""

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".pdf": "application/pdf",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".txt": "text/plain; charset=utf-8",
}

# The page's script: reload (or follow the edition to its new address) when the event
# stream says its edition was built again. Only the preview's responses carry it; the
# files of the folder, like the released editions, carry no script.
SCRIPT = """\
<script nonce="{nonce}">
(function () {{
  var me = {key}, languages = {languages}, pdf = {pdf};
  var events = new EventSource("/_pubkit/events?since={generation}&run={run}");
  events.addEventListener("change", function (message) {{
    var change = JSON.parse(message.data);
    var url = change.all ? location.pathname : change.editions[me];
    if (url === undefined) return;
    events.close();
    if (url === location.pathname || url === "/") location.reload();
    else location.replace(url);
  }});
  var bar = document.createElement("nav");
  bar.setAttribute("aria-label", "pubkit preview");
  bar.style.cssText = "position:fixed;right:8px;bottom:8px;z-index:2147483647;" +
    "font:13px/1.6 sans-serif;background:#222;color:#fff;padding:2px 8px;" +
    "border-radius:4px;opacity:.85";
  function link(text, href, current) {{
    var a = document.createElement("a");
    a.textContent = text;
    a.href = href;
    a.style.cssText = "color:#fff;margin:0 4px;" + (current ? "font-weight:bold" : "");
    bar.appendChild(a);
  }}
  bar.appendChild(document.createTextNode("preview"));
  languages.forEach(function (pair) {{ link(pair[0], pair[1], pair[2]); }});
  link("PDF", pdf, false);
  var media = window.matchMedia("print");
  function place() {{ bar.style.display = media.matches ? "none" : ""; }}
  media.addEventListener("change", place);
  place();
  (document.body || document.documentElement).appendChild(bar);
}})();
</script>
"""

ERROR_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>pubkit preview: error</title>
<style>
body {{ font: 16px/1.5 sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; background: #fdecea;
       border-left: 4px solid #b3261e; padding: 1em; }}
</style>
</head>
<body>
<main>
<h1>This edition cannot be built</h1>
<pre>{message}</pre>
<p>Fix the file named above: the page comes back by itself when it builds again.</p>
</main>
</body>
</html>
"""


class PreviewServer(ThreadingHTTPServer):
    """One thread a request; they end with the process (an event stream never ends)."""

    daemon_threads = True
    site: Site

    def server_bind(self) -> None:
        # HTTPServer's asks socket.getfqdn for the server's name: a look-up that may go
        # to the network (DNS), which the preview never does. The address is its name.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host if isinstance(host, str) else bytes(host).decode()
        self.server_port = port

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A reader that goes away mid-answer is no error; anything else is pubkit's bug.
        self.site.report(traceback.format_exc().rstrip(), kind="error")


class PreviewServer6(PreviewServer):
    address_family = socket.AF_INET6


def make_server(site: Site, host: str, port: int) -> PreviewServer:
    """The server, bound to ``host``:``port`` (0: any free port); a port in use is a
    PubkitError that says what to do."""
    kind = PreviewServer6 if ipaddress.ip_address(host).version == 6 else PreviewServer
    try:
        server = kind((host, port), Handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PubkitError(
                f"port {port} of {host} is in use (another preview?): choose another "
                "with --port, or --port 0 for any free one"
            ) from None
        if exc.errno == errno.EACCES:
            raise PubkitError(
                f"port {port} of {host} needs privileges: use one above 1023, or --port 0"
            ) from None
        raise PubkitError(f"cannot serve on {host} port {port}: {os_error(exc).message}") from None
    server.site = site
    return server


def address(server: PreviewServer) -> str:
    """The URL of the server's root, with the port it got."""
    host, port = server.server_name, server.server_port
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def resolve(folder: Path, url_path: str) -> Path | None:
    """The file of ``folder`` a URL's path names, or None: the path decoded once, then
    every part a plain visible name (no ``..``, ``.``, empty part, backslash or NUL),
    and the file a regular file inside ``folder`` reached through no link."""
    try:
        text = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not text.startswith("/"):
        return None
    parts = text[1:].split("/")
    for part in parts:
        if not part or part.startswith(".") or "\\" in part or "\0" in part:
            return None
    path = folder.joinpath(*parts)
    try:
        return project_file(path, folder, "preview file")
    except PubkitError:
        return None


def inject(page: str, script: str) -> str:
    """``page`` with ``script`` before its last ``</body>`` (at its end without one)."""
    at = page.lower().rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def _json(value: object) -> str:
    """JSON that can stand inside a script element: no ``</script>`` can end it early."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _local_host(header: str | None) -> bool:
    """Whether a request's Host names this server by address or as localhost. A page of
    another site whose name was made to point at 127.0.0.1 (DNS rebinding) sends its
    own name: refused, so that it cannot read the editions."""
    if header is None:
        return True  # HTTP/1.0 clients; browsers always send it
    try:
        name = urlsplit(f"//{header}").hostname
    except ValueError:
        return False
    if name is None:
        return False
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "pubkit-preview"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows what the preview does, not each request

    @property
    def site(self) -> Site:
        return self.server.site

    def _answer(self, body: bool) -> None:
        try:
            self._route(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away
        except Exception:
            self.site.report(traceback.format_exc().rstrip(), kind="error")
            self._plain(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error (see the terminal)")

    def _route(self, body: bool) -> None:
        if not _local_host(self.headers.get("Host")):
            self._plain(
                HTTPStatus.MISDIRECTED_REQUEST,
                "pubkit preview answers requests for its address or localhost only",
            )
            return
        if not self.path.startswith("/"):
            self._plain(HTTPStatus.BAD_REQUEST, "bad request")
            return
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/_pubkit/events":
            self._events(parse_qs(parts.query))
            return
        if path.startswith("/_pubkit/pdf/"):
            self._pdf(path.removeprefix("/_pubkit/pdf/"), body)
            return
        if path == "/" or path.startswith("/_pubkit/edition/"):
            key = self._key(path.removeprefix("/_pubkit/edition/")) if path != "/" else None
            if key is None and path != "/":
                self._plain(HTTPStatus.NOT_FOUND, "no such edition")
                return
            key = key or self.site.current
            self.site.page(key)  # built first: its address is known after
            url = self.site.url(key)
            if url == "/":  # never built: its error
                self._page(key, body)
            else:
                self._redirect(url)
            return
        target = None if path.startswith("/_pubkit/") else resolve(self.site.folder, path)
        key = self.site.key_of(path[1:]) if "/" not in path[1:] else None
        if key is not None:
            self._page(key, body)
        elif target is None:
            self._plain(HTTPStatus.NOT_FOUND, "not found")
        else:
            self._file(target, body)

    def _page(self, key: EditionKey, body: bool) -> None:
        file, problem, generation = self.site.page(key)
        if problem is not None or file is None:
            text = ERROR_PAGE.format(message=html.escape(problem or "not built"))
            status = HTTPStatus.INTERNAL_SERVER_ERROR
        else:
            text = read_project_bytes(file, self.site.folder, "preview file").decode("utf-8")
            status = HTTPStatus.OK
        nonce = secrets.token_urlsafe(16)
        text = inject(text, self._script(key, generation, nonce))
        self._send(status, text.encode("utf-8"), TYPES[".html"], body, nonce=nonce)

    def _script(self, key: EditionKey, generation: int, nonce: str) -> str:
        site = self.site
        domain, lang = key
        suffix = f"/{quote(domain)}" if domain != site.project.publications[0].domain else ""
        languages = [
            [code, f"/_pubkit/edition/{quote(code)}{suffix}", code == lang]
            for code in (language.code for language in site.project.languages)
        ]
        return SCRIPT.format(
            nonce=nonce,
            key=_json(f"{domain}/{lang}"),
            languages=_json(languages),
            pdf=_json(f"/_pubkit/pdf/{quote(lang)}{suffix}"),
            generation=generation,
            run=site.run,
        )

    def _key(self, rest: str) -> EditionKey | None:
        """The edition ``<lang>`` (of the first publication) or ``<lang>/<domain>`` names."""
        lang, _, domain = unquote(rest).partition("/")
        return self.site.key(lang, domain or None)

    def _pdf(self, rest: str, body: bool) -> None:
        if self.headers.get("Sec-Fetch-Site") == "cross-site":
            self._plain(HTTPStatus.FORBIDDEN, "a PDF is rendered for the preview's own pages")
            return
        key = self._key(rest)
        if key is None:
            self._plain(HTTPStatus.NOT_FOUND, "no such edition")
            return
        try:
            path = self.site.pdf(key)
        except (PubkitError, OSError) as exc:
            error = exc if isinstance(exc, PubkitError) else os_error(exc)
            self.site.report(f"pubkit: {error}", kind="error")
            nonce = secrets.token_urlsafe(16)
            with self.site.lock:
                generation = self.site.generation
            text = inject(
                ERROR_PAGE.format(message=html.escape(str(error))),
                self._script(key, generation, nonce),
            )
            self._send(
                HTTPStatus.INTERNAL_SERVER_ERROR, text.encode(), TYPES[".html"], body, nonce=nonce
            )
            return
        data = read_project_bytes(path, self.site.folder, "preview file")
        self._send(
            HTTPStatus.OK,
            data,
            TYPES[".pdf"],
            body,
            extra={"Content-Disposition": f'inline; filename="{path.name}"'},
        )

    def _file(self, path: Path, body: bool) -> None:
        data = read_project_bytes(path, self.site.folder, "preview file")
        kind = TYPES.get(path.suffix.lower(), "application/octet-stream")
        self._send(HTTPStatus.OK, data, kind, body)

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-sent events: a ``change`` naming the editions built again, for as long
        as the page stays open and the preview runs."""
        site = self.site
        try:
            since = int(self.headers.get("Last-Event-ID") or query.get("since", ["0"])[0])
        except ValueError:
            since = 0
        run = query.get("run", [None])[0]
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(b"retry: 1000\n\n")
        while not site.stopping.is_set():
            generation, events = site.wait(since, run, KEEP_ALIVE)
            if site.stopping.is_set():
                return
            if not events:
                self.wfile.write(b": still here\n\n")
                continue
            for event in events:
                data = json.dumps(event, ensure_ascii=True)
                number = event["generation"]
                self.wfile.write(f"id: {number}\nevent: change\ndata: {data}\n\n".encode())
            since, run = generation, site.run

    def _redirect(self, url: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", url)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _plain(self, status: HTTPStatus, text: str) -> None:
        self._send(status, f"{text}\n".encode(), TYPES[".txt"], self.command != "HEAD")

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        kind: str,
        body: bool,
        *,
        nonce: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        # The page fetches nothing but the preview's own files: the stylesheets, the
        # fonts, the event stream and the one script, by its nonce.
        script = f"'nonce-{nonce}'" if nonce else "'none'"
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'",
        )
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)
