"""pubkit preview without a server: which address it listens on, what a changed file
touches, which folders it watches, which URL paths name a file, the script it adds."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from pubkit.cli import cli
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.publish.preview import PreviewOptions, listen_host, serve
from pubkit.publish.preview_http import _json, _local_host, inject, resolve
from pubkit.publish.preview_site import _newest_only
from pubkit.publish.preview_watch import Changes, affected, classify, watched_folders
from pubkit.theme.files import PACKAGED

from ..conftest import MakeProject
from ..helpers import SOURCE

TWO = """\
source-language = "en"
glossary = "glossary.csv"

[[publications]]
source = "content/doc.md"
domain = "doc"

[[publications]]
source = "content/other.md"
domain = "other"

[languages.fr]
[languages.bm]
fallback = ["fr"]
"""


@pytest.fixture
def project(make_project: MakeProject) -> Project:
    made = make_project(SOURCE, TWO)
    (made.root / "content" / "other.md").write_text(SOURCE, encoding="utf-8")
    for lang in ("en", "fr", "bm"):
        (made.locale_dir / lang / "LC_MESSAGES").mkdir(parents=True)
    return made


# -- the address ------------------------------------------------------------------------------


def test_loopback_by_default_and_on_request() -> None:
    assert listen_host(None, False) == "127.0.0.1"
    assert listen_host("localhost", False) == "127.0.0.1"
    assert listen_host("127.0.0.2", False) == "127.0.0.2"
    assert listen_host("::1", False) == "::1"
    assert listen_host("[::1]", False) == "::1"


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1"])
def test_another_interface_needs_the_flag_and_gets_it(host: str) -> None:
    with pytest.raises(PubkitError, match="--allow-remote"):
        listen_host(host, False)
    assert listen_host(host, True) == host


def test_names_are_not_resolved_and_the_flag_needs_a_host() -> None:
    with pytest.raises(PubkitError, match="not an IP address"):
        listen_host("example.org", True)
    with pytest.raises(PubkitError, match="goes with --host"):
        listen_host(None, True)


def test_the_command_refuses_a_remote_host_before_serving(project: Project) -> None:
    args = ["preview", "--project", str(project.root), "--port", "0", "--host", "0.0.0.0"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "pubkit: pubkit preview serves on the loopback interface only" in result.output
    assert "--allow-remote" in result.output
    assert not (project.cache_dir / "tmp").exists() or not any(
        (project.cache_dir / "tmp").iterdir()
    )


def test_a_port_in_use_is_said_plainly(project: Project) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        with pytest.raises(PubkitError, match=f"port {port} of 127.0.0.1 is in use.*--port 0"):
            serve(project, PreviewOptions(port=port), lambda message, *, kind="info": None)
    finally:
        taken.close()
    assert list((project.cache_dir / "tmp").iterdir()) == []  # its run folder is gone


def test_an_unknown_language_is_refused(project: Project) -> None:
    with pytest.raises(PubkitError, match="'de' is not configured"):
        serve(project, PreviewOptions(lang="de", port=0), lambda message, *, kind="info": None)


# -- what a change touches --------------------------------------------------------------------


def paths(project: Project, *names: str) -> list[str]:
    return [str(project.root / name) for name in names]


def test_each_kind_of_file(project: Project) -> None:
    found = classify(project, paths(project, "locale/fr/LC_MESSAGES/doc.po"))
    assert found == Changes(catalogs=frozenset({("doc", "fr")}), files=found.files)
    assert found.files == ("locale/fr/LC_MESSAGES/doc.po",)
    assert classify(project, paths(project, "content/other.md")).sources == {"other"}
    assert classify(project, paths(project, "pubkit.toml")).configuration
    assert classify(project, paths(project, "styles/brief.css")).design
    assert classify(project, paths(project, "styles/fonts/NotoSerif-Regular.ttf")).design
    assert classify(project, paths(project, "glossary.csv")).glossary
    # a theme's catalog, or any other domain's, is the language's
    assert classify(project, paths(project, "locale/bm/LC_MESSAGES/pubkit-theme.po")).catalogs == {
        ("pubkit-theme", "bm")
    }


@pytest.mark.parametrize(
    "name",
    [
        "locale/doc.pot",
        "locale/fr/LC_MESSAGES/.doc.po.a1b2c3d4.tmp",  # pubkit's own atomic write
        "locale/fr/LC_MESSAGES/.doc.po.swp",  # vim
        "locale/fr/LC_MESSAGES/doc.po~",
        "locale/fr/LC_MESSAGES/doc.mo",
        "locale/fr/doc.po",
        "styles/.brief.css.swp",
        "styles/#brief.css#",
        "styles/fonts/__pycache__/generate.cpython-311.pyc",
        "content/notes.txt",
        "README.md",
        ".pubkit-cache/tmp/run-x/preview/doc-en.html",
    ],
)
def test_what_the_preview_does_not_read_touches_nothing(project: Project, name: str) -> None:
    assert not classify(project, paths(project, name))


def test_a_file_beside_a_figure_s_image_is_its_publication_s(project: Project) -> None:
    figures = {project.root / "content" / "images": frozenset({"other"})}

    def sources(name: str) -> frozenset[str]:
        return classify(project, paths(project, name), figures).sources

    assert sources("content/images/chart.svg") == {"other"}
    assert sources("content/images/chart.fr.svg") == {"other"}  # French's own, just made
    assert sources("content/images/.chart.svg.swp") == set()
    assert sources("content/images/old/chart.svg") == set()
    assert sources("content/chart.svg") == set()
    folders = watched_folders(project, figures)
    assert Path(os.path.realpath(project.root / "content" / "images")) not in folders  # not made
    (project.root / "content" / "images").mkdir()
    assert Path(os.path.abspath(project.root / "content" / "images")) in watched_folders(
        project, figures
    )


def test_a_catalog_makes_stale_the_editions_that_print_from_it(project: Project) -> None:
    shown = {(domain, lang) for domain in ("doc", "other") for lang in ("en", "fr", "bm")}

    def stale(*names: str) -> set[tuple[str, str]]:
        return affected(project, classify(project, paths(project, *names)), shown)

    # bm falls back to fr, then to the source language
    assert stale("locale/fr/LC_MESSAGES/doc.po") == {("doc", "fr"), ("doc", "bm")}
    assert stale("locale/bm/LC_MESSAGES/doc.po") == {("doc", "bm")}
    assert stale("locale/en/LC_MESSAGES/other.po") == {
        ("other", "en"),
        ("other", "fr"),
        ("other", "bm"),
    }
    assert stale("locale/fr/LC_MESSAGES/pubkit-theme.po") == {
        ("doc", "fr"),
        ("doc", "bm"),
        ("other", "fr"),
        ("other", "bm"),
    }
    assert stale("content/other.md") == {("other", "en"), ("other", "fr"), ("other", "bm")}
    assert stale("styles/brief.css") == shown
    assert stale("pubkit.toml") == shown
    assert stale("glossary.csv") == set()
    # only the editions shown are built again
    assert affected(
        project, classify(project, paths(project, "styles/brief.css")), {("doc", "fr")}
    ) == {("doc", "fr")}


def test_the_folders_watched(project: Project) -> None:
    (project.cache_dir / "tmp").mkdir(parents=True)
    (project.root / "dist").mkdir()
    root = Path(os.path.realpath(project.root))
    folders = watched_folders(project)
    inside = {
        folder.relative_to(root).as_posix() for folder in folders if folder.is_relative_to(root)
    }
    # the project's theme folder is not made: watched through the root, which sees it made
    assert inside == {
        ".",
        "content",
        "locale",
        "locale/en",
        "locale/en/LC_MESSAGES",
        "locale/fr",
        "locale/fr/LC_MESSAGES",
        "locale/bm",
        "locale/bm/LC_MESSAGES",
    }
    # pubkit's default theme, without its caches
    packaged = {f.relative_to(PACKAGED).as_posix() for f in folders if f.is_relative_to(PACKAGED)}
    assert {".", "fonts"} <= packaged
    assert not any("__pycache__" in name for name in packaged)
    assert set(folders) == {root / name for name in inside} | {PACKAGED / p for p in packaged}
    (project.styles_dir / "fonts").mkdir(parents=True)
    assert {root / "styles", root / "styles" / "fonts"} <= set(watched_folders(project))


def test_the_theme_s_files_are_the_design(make_project: MakeProject) -> None:
    project = make_project(SOURCE, TWO + '\n[theme]\nlogo = "art/logo.svg"\n')
    assert classify(project, paths(project, "art/logo.svg")).design
    assert not classify(project, paths(project, "art/other.svg"))
    (project.root / "art").mkdir()
    assert Path(os.path.abspath(project.root / "art")) in watched_folders(project)
    assert classify(project, [str(PACKAGED / "brief.css")]).design
    assert classify(project, [str(PACKAGED / "locale" / "fr" / "pubkit-theme.po")]).design
    assert not classify(project, [str(PACKAGED / "__pycache__" / "x.pyc")])


def test_only_the_newest_version_of_each_file_is_kept() -> None:
    shared: dict[tuple[str, int, int], str] = {
        ("a.po", 1, 10): "a1",
        ("b.po", 5, 10): "b1",
        ("a.po", 2, 11): "a2",
        ("a.po", 3, 11): "a3",
    }
    _newest_only(shared)
    assert shared == {("b.po", 5, 10): "b1", ("a.po", 3, 11): "a3"}


# -- what the server answers ------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    site = tmp_path / "run" / "preview"
    (site / "assets").mkdir(parents=True)
    (site / "doc-en.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    (site / "assets" / "brief.css").write_text("p {}", encoding="utf-8")
    (site / ".doc-en.html.a1b2c3d4.tmp").write_text("half", encoding="utf-8")
    (tmp_path / "run" / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "pubkit.toml").write_text("secret", encoding="utf-8")
    (site / "assets" / "link.css").symlink_to(tmp_path / "pubkit.toml")
    (site / "linked").symlink_to(tmp_path / "run")
    return site


def test_files_of_the_folder_are_found(folder: Path) -> None:
    assert resolve(folder, "/doc-en.html") == folder / "doc-en.html"
    assert resolve(folder, "/assets/brief.css") == folder / "assets" / "brief.css"
    assert resolve(folder, "/assets/%62rief.css") == folder / "assets" / "brief.css"


TRAVERSALS = [
    "/../pubkit.toml",
    "/../../pubkit.toml",
    "/%2e%2e/pubkit.toml",
    "/%2E%2E/%2e%2e/pubkit.toml",
    "/..%2fpubkit.toml",
    "/..%2f..%2fpubkit.toml",
    "/%2e%2e%2f%2e%2e%2fpubkit.toml",
    "/assets/../../pubkit.toml",
    "/assets/%2e%2e/%2e%2e/pubkit.toml",
    "/.%2e/secret.txt",
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "/%252e%252e/secret.txt",  # decoded once only: a file named %2e%2e
    "/%c0%ae%c0%ae/secret.txt",  # overlong UTF-8 for '.', which no decoder may accept
    "/..%00/secret.txt",
    "//secret.txt",
    "/assets//brief.css",
    "/./doc-en.html",
    "/linked/secret.txt",  # a link to a folder outside
    "/assets/link.css",  # a link to a file outside
    "/.doc-en.html.a1b2c3d4.tmp",  # a half-written file
    "/assets/",
    "/",
    "doc-en.html",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_folder_is_found(folder: Path, path: str) -> None:
    assert resolve(folder, path) is None


def test_the_script_goes_before_the_end_of_the_body() -> None:
    assert inject("<p>x</p></BODY></html>", "<s>") == "<p>x</p><s></BODY></html>"
    assert inject("<p>x</p>", "<s>") == "<p>x</p><s>"
    # a slug or a language cannot end the script early
    assert "</script>" not in _json("</script><script>alert(1)</script>")
    assert _json("a&b") == '"a\\u0026b"'


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("LOCALHOST", True),
        ("[::1]:8000", True),
        ("192.168.1.20:8000", True),  # an address: no name to rebind
        (None, True),
        ("evil.example:8000", False),  # DNS rebinding: a name pointed at 127.0.0.1
        ("localhost.evil.example", False),
        ("", False),
    ],
)
def test_requests_must_name_the_server_by_address(host: str | None, local: bool) -> None:
    assert _local_host(host) is local


def test_no_name_is_looked_up(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """http.server asks socket.getfqdn for its name, which may ask DNS: not pubkit's."""
    from pubkit.publish.preview_http import address, make_server
    from pubkit.publish.preview_site import Site

    def refused(*args: object) -> None:
        raise AssertionError("a name was looked up")

    for name in ("getfqdn", "gethostbyaddr", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refused)
    site = Site(project, tmp_path / "site", "en", lambda message, *, kind="info": None)
    server = make_server(site, "127.0.0.1", 0)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", address(server))
    finally:
        server.server_close()
    server = make_server(site, "::1", 0)
    try:
        assert re.fullmatch(r"http://\[::1\]:\d+/", address(server))
    finally:
        server.server_close()


def test_a_page_of_another_run_or_too_old_reloads_whole(project: Project, tmp_path: Path) -> None:
    from pubkit.publish.preview_site import HISTORY, Site

    site = Site(project, tmp_path / "site", "en", lambda message, *, kind="info": None)
    assert site.wait(0, site.run, 0.01) == (0, [])
    generation, [event] = site.wait(0, "another run", 60)
    assert event["all"] is True
    site.slugs = {"doc": "brief"}
    site._tell([("doc", "fr")])
    generation, [event] = site.wait(0, site.run, 60)
    assert generation == 1
    assert event == {"generation": 1, "all": False, "editions": {"doc/fr": "/brief-fr.html"}}
    for _ in range(HISTORY + 1):
        site._tell([("doc", "en")])
    generation, events = site.wait(0, site.run, 60)
    assert [event["all"] for event in events] == [True]
    generation, events = site.wait(generation - 2, site.run, 60)
    assert len(events) == 2 and not any(event["all"] for event in events)
