"""``pubkit preview``: the HTML editions served on the loopback interface, rebuilt as their
files change and reloaded in the browser; the screen PDF on demand."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from pubkit.config import Project
from pubkit.errors import PubkitError, os_error
from pubkit.publish.preview_site import Report, Site
from pubkit.publish.preview_watch import follow
from pubkit.writing import private_temporaries

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class PreviewOptions:
    lang: str | None = None
    """The language shown first (default: the source language)."""
    host: str | None = None
    """The address to listen on (default: 127.0.0.1); another than a loopback address
    needs ``allow_remote``."""
    port: int = 8000
    """0: any free port (the address reported says which)."""
    allow_remote: bool = False
    keys: bool = False
    """Read single keys from the terminal (standard input): p, r, q."""


def listen_host(host: str | None, allow_remote: bool) -> str:
    """The address to listen on: a loopback address unless ``allow_remote`` comes with an
    explicit ``host``. Names other than localhost are refused: resolving them would ask
    the network, and a name can change what it points to."""
    if host is None:
        if allow_remote:
            raise PubkitError("--allow-remote goes with --host: name the address to serve on")
        return LOOPBACK
    if host == "localhost":
        return LOOPBACK
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise PubkitError(
            f"--host {host!r} is not an IP address: give one (127.0.0.1, ::1, or with "
            "--allow-remote an address of this machine)"
        ) from None
    if not address.is_loopback and not allow_remote:
        raise PubkitError(
            f"pubkit preview serves on the loopback interface only: --host {host} would let "
            "anyone who can reach this machine read the unpublished editions; add "
            "--allow-remote if that is what you want"
        )
    return str(address)


def serve(
    project: Project,
    options: PreviewOptions,
    report: Report,
    *,
    stop: threading.Event | None = None,
) -> None:
    """Serve the preview until Ctrl-C, the q key or ``stop``: the editions of the current
    language built first, then each rebuilt as its files change. Everything it writes is
    in a private temporary folder of the project's cache, removed when it stops (or by
    the next run, after a SIGKILL)."""
    from pubkit.publish import preview_http

    host = listen_host(options.host, options.allow_remote)
    lang = options.lang or project.source_language
    project.language(lang)
    stop = stop or threading.Event()
    with private_temporaries(project.temporary_dir, project.root) as run:
        site = Site(project, run / "preview", lang, report)
        server = preview_http.make_server(site, host, options.port)
        serving = threading.Thread(target=server.serve_forever, name="preview-http", daemon=True)
        try:
            site.start()
            serving.start()
            address = preview_http.address(server)
            if not ipaddress.ip_address(host).is_loopback:
                report(
                    f"pubkit: warning: serving on {host}: anyone who can reach this machine "
                    "can read the unpublished editions",
                    kind="error",
                )
            report(f"pubkit preview: {address}{site.url(site.current)[1:]}", kind="address")
            keys = _terminal_keys(site, stop, address) if options.keys else contextlib.nullcontext()
            with keys, _stopped_by_sigterm(stop):
                follow(lambda: (site.project, site.figures), site.refresh, stop)
        except KeyboardInterrupt:
            pass
        finally:
            site.stop()
            if serving.is_alive():
                server.shutdown()
            server.server_close()
            with site.lock:  # a render under way finishes before its folder goes
                pass
    report("pubkit preview: stopped")


@contextlib.contextmanager
def _stopped_by_sigterm(stop: threading.Event) -> Iterator[None]:
    """SIGTERM stops the preview as Ctrl-C does, meanwhile: a service manager's way to
    say what Ctrl-C says. (Raised as an exception, it would sometimes be turned into
    KeyboardInterrupt by the watcher, which checks for signals as it waits.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _terminal_keys(site: Site, stop: threading.Event, address: str) -> Iterator[None]:
    """Single keys from the terminal, read in a thread while the block runs: p renders
    the PDF of the edition last shown, r rebuilds, q stops. The terminal is given back
    as it was, however the block ends."""
    import select
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                continue
            key = os.read(fd, 1).decode("ascii", "replace").lower()
            if key in ("q", "", "\x04"):  # q, the end of input, Ctrl-D
                stop.set()
                return
            try:
                _key(site, key, address)
            except Exception:  # a bug of pubkit's: shown, and the keys still work
                site.report(traceback.format_exc().rstrip(), kind="error")

    tty.setcbreak(fd)
    site.report("keys: p PDF of the page shown, r rebuild, q quit (or Ctrl-C)")
    thread = threading.Thread(target=read, name="preview-keys", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _key(site: Site, key: str, address: str) -> None:
    if key == "r":
        site.rebuild()
    elif key == "p":
        domain, lang = current = site.current
        try:
            path = site.pdf(current)
        except (PubkitError, OSError) as exc:
            error = exc if isinstance(exc, PubkitError) else os_error(exc)
            site.report(f"pubkit: {error}", kind="error")
            return
        suffix = f"/{domain}" if domain != site.project.publications[0].domain else ""
        site.report(f"PDF: {address}_pubkit/pdf/{lang}{suffix}  ({path})")
    elif key in ("h", "?"):
        site.report("keys: p PDF of the page shown, r rebuild, q quit (or Ctrl-C)")
