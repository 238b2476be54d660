"""Every file pubkit reads or copies is a regular file inside the project
(``fileio.project_file``): no symbolic link (out of the project or not), no named pipe,
no device, no socket. In process for each reader, and through the command line, where a
user sees a one-line message, exit status 1 and no traceback, and where a named pipe
must not hang pubkit."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pubkit.catalogs.pofile import read_catalog
from pubkit.checks.glossary import read_glossary
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.fileio import project_file, project_files, read_project_bytes, read_utf8
from pubkit.publish.build import copy_assets
from pubkit.publish.cache import RenderCache
from pubkit.publish.renderer import PdfResult
from pubkit.render.fonts import Fonts, font_folder, font_version
from pubkit.render.pdf import Rendered
from pubkit.source.reader import read_document
from pubkit.theme.files import ThemeFiles
from pubkit.theme.labels import theme_labels
from pubkit.theme.preflight import load_design

from .conftest import THEME_FONTS, copy_theme
from .helpers import cli_env, no_hang, small_project

SECRET = "the contents of a private file outside the project"
LINK = "is a symbolic link (to {target}): pubkit reads only regular files inside the project"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    (folder / "styles" / "fonts").mkdir(parents=True)
    (folder / "styles" / "brief.css").write_text("p {}", encoding="utf-8")
    return folder


def refused(path: Path, root: Path, what: str = "file") -> str:
    with no_hang(), pytest.raises(PubkitError) as error:
        read_project_bytes(path, root, what)
    assert error.value.path == path.relative_to(root).as_posix()
    assert error.value.line is None
    return error.value.message


# -- the one check --------------------------------------------------------------------------


def test_a_regular_file_inside_is_read(root: Path) -> None:
    path = root / "styles" / "brief.css"
    assert project_file(path, root, "stylesheet") == path
    assert read_project_bytes(path, root, "stylesheet") == b"p {}"
    # Written with "..": the file the words name, which is the one read.
    indirect = root / "styles" / "fonts" / ".." / "brief.css"
    assert read_project_bytes(indirect, root, "stylesheet") == b"p {}"


def test_a_link_out_is_refused_naming_the_file(root: Path, secret: Path) -> None:
    link = root / "styles" / "fonts" / "OFL.txt"
    link.symlink_to(secret)
    message = refused(link, root, "licence")
    assert message.startswith("licence " + LINK.format(target=secret))


def test_a_link_inside_the_project_is_refused_too(root: Path) -> None:
    # Chosen: a target inside the project may be .git/config (CI's token) or a
    # credentials file CI wrote into the checkout; no link is followed.
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http] extraheader = token", encoding="utf-8")
    link = root / "styles" / "fonts" / "OFL.txt"
    link.symlink_to(Path("..", "..", ".git", "config"))
    assert refused(link, root).startswith("file " + LINK.format(target="../../.git/config"))
    inner = root / "styles" / "copy.css"
    inner.symlink_to("brief.css")
    assert refused(inner, root).startswith("file " + LINK.format(target="brief.css"))


def test_a_linked_folder_on_the_way_is_refused(root: Path, secret: Path) -> None:
    (root / "locale").symlink_to(secret.parent)
    message = refused(root / "locale" / "secret.txt", root, "catalog")
    assert message.startswith(
        f"catalog is reached through the symbolic link locale (to {secret.parent})"
    )


def test_a_named_pipe_is_refused_without_being_opened(root: Path) -> None:
    pipe = root / "styles" / "pipe.css"
    os.mkfifo(pipe)
    assert refused(pipe, root, "stylesheet") == (
        "stylesheet is a named pipe (FIFO), not a regular file"
    )


def test_a_socket_and_a_folder_are_refused(root: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "styles" / "s.css"))
        assert refused(root / "styles" / "s.css", root) == "file is a socket, not a regular file"
    assert refused(root / "styles", root) == "file is a folder, not a regular file"


def test_a_device_is_refused() -> None:
    # /dev/null is a character device reached through no link below /dev.
    with pytest.raises(PubkitError) as error:
        read_project_bytes(Path("/dev/null"), Path("/dev"), "catalog")
    assert (error.value.path, error.value.message) == (
        "null",
        "catalog is a character device, not a regular file",
    )


def test_a_link_to_a_device_is_refused(root: Path) -> None:
    zero = root / "styles" / "zero.css"
    zero.symlink_to("/dev/zero")  # read, it would never end
    assert refused(zero, root).startswith("file " + LINK.format(target="/dev/zero"))


def test_a_file_outside_and_a_missing_file(root: Path, secret: Path) -> None:
    with pytest.raises(PubkitError, match="glossary lies outside the project"):
        read_project_bytes(secret, root, "glossary")
    with pytest.raises(PubkitError, match="glossary lies outside the project"):
        read_project_bytes(root / ".." / "outside" / "secret.txt", root, "glossary")
    assert refused(root / "missing.csv", root, "glossary") == (
        "cannot read glossary: No such file or directory"
    )


def test_without_a_root_the_file_s_own_folder_is_the_bound(root: Path, secret: Path) -> None:
    assert read_utf8(root / "styles" / "brief.css", None, "stylesheet") == "p {}"
    (root / "styles" / "x.css").symlink_to(secret)
    with pytest.raises(PubkitError, match=r"^x\.css: stylesheet is a symbolic link"):
        read_utf8(root / "styles" / "x.css", None, "stylesheet")


def test_a_folder_s_files_are_each_checked(root: Path, secret: Path) -> None:
    fonts = root / "styles" / "fonts"
    (fonts / "sub").mkdir()
    (fonts / "a.ttf").write_bytes(b"a")
    (fonts / "sub" / "b.ttf").write_bytes(b"b")
    assert project_files(fonts, root, "font", "fonts folder") == [
        fonts / "a.ttf",
        fonts / "sub" / "b.ttf",
    ]
    assert project_files(root / "missing", root, "font", "fonts folder") == []
    (fonts / "sub" / "c.ttf").symlink_to(secret)  # fontconfig reads subfolders too
    with pytest.raises(PubkitError) as error:
        project_files(fonts, root, "font", "fonts folder")
    assert error.value.path == "styles/fonts/sub/c.ttf"
    (fonts / "sub" / "c.ttf").unlink()
    os.mkfifo(fonts / "sub" / "pipe")
    with no_hang(), pytest.raises(PubkitError, match="named pipe"):
        project_files(fonts, root, "font", "fonts folder")


def test_a_linked_fonts_folder_is_refused(root: Path, tmp_path: Path) -> None:
    shutil.rmtree(root / "styles" / "fonts")
    (root / "styles" / "fonts").symlink_to("/usr/share/fonts")
    with pytest.raises(PubkitError) as error:
        font_folder(root / "styles" / "fonts", root)
    assert error.value.path == "styles/fonts"
    assert error.value.message.startswith(
        "fonts folder is a symbolic link (to /usr/share/fonts): pubkit reads only regular "
        "files inside the project, never through a link; put the folder itself here"
    )


# -- each reader ----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The small project, with the whole default theme copied into its theme folder."""
    project = small_project(tmp_path / "project")
    copy_theme(project)
    return project


def link_out(path: Path, secret: Path) -> None:
    """Replace ``path`` by a link to ``secret``, outside the project."""
    path.unlink()
    path.symlink_to(secret)


def test_readers_refuse_links_out(project: Project, secret: Path) -> None:
    catalog = project.po_path(project.publications[0], "fr")
    source = project.publications[0].source
    glossary = project.glossary
    assert glossary is not None
    labels = project.styles_dir / "pubkit-theme.pot"
    for path in (catalog, source, glossary, labels):
        link_out(path, secret)
    root = project.root
    readers = [
        ("catalog", lambda: read_catalog(catalog, "fr.po", root)),
        ("source", lambda: read_document(source, "doc.md", root=root)),
        ("glossary", lambda: read_glossary(glossary, "glossary.csv", root)),
        ("catalog", lambda: theme_labels(ThemeFiles(project.styles_dir, root))),
    ]
    for what, read in readers:
        with pytest.raises(PubkitError) as error:
            read()
        assert error.value.message.startswith(f"{what} " + LINK.format(target=secret))
    assert error.value.path == "styles/pubkit-theme.pot"


def test_the_copied_assets_are_regular_files_of_the_project(project: Project, secret: Path) -> None:
    assets = project.dist_dir / "assets"  # inside the project: pubkit writes nowhere else
    design = load_design(project)
    link_out(project.fonts_dir / "OFL.txt", secret)
    with pytest.raises(PubkitError) as error:
        copy_assets(design, assets, project.root)
    assert error.value.path == "styles/fonts/OFL.txt"
    (project.fonts_dir / "OFL.txt").unlink()
    shutil.copy(THEME_FONTS / "OFL.txt", project.fonts_dir / "OFL.txt")
    link_out(project.styles_dir / "print.css", secret)
    with pytest.raises(PubkitError) as error:
        copy_assets(design, assets, project.root)
    assert error.value.path == "styles/print.css"
    assert not any(
        SECRET.encode() in path.read_bytes() for path in assets.rglob("*") if path.is_file()
    )


def test_a_cache_entry_that_is_a_link_is_not_read(project: Project, secret: Path) -> None:
    cache = RenderCache.of(project, load_design(project))
    key = "0" * 32
    rendered = {kind: Rendered(b"%PDF-1.7", 1, ()) for kind in ("screen", "print")}
    cache.store(key, PdfResult(rendered, 0))  # by this user's pubkit: tagged
    assert cache.has(key)
    link_out(cache.pdf(key, "print"), secret)  # committed into the checkout, say
    assert not cache.has(key)  # rendered again, and stored over the link


NOT_A_FONT = "not a font pubkit can read: Not a TrueType or OpenType font"


def test_a_file_named_ttf_that_is_no_font_names_the_file(project: Project) -> None:
    fake = project.fonts_dir / "Fake.ttf"
    fake.write_text("this is a text file\n", encoding="utf-8")
    with pytest.raises(PubkitError) as error:
        Fonts(project.fonts_dir, project.font_cache_dir, project.root)
    assert error.value.path == "styles/fonts/Fake.ttf"
    assert error.value.message.startswith(NOT_A_FONT)
    with pytest.raises(PubkitError) as error:
        font_version(fake, project.font_cache_dir, project.root)
    assert error.value.path == "styles/fonts/Fake.ttf"
    assert error.value.message.startswith(NOT_A_FONT)
    fake.write_bytes((THEME_FONTS / "NotoSans-Regular.ttf").read_bytes()[:100])
    with pytest.raises(PubkitError) as error:
        Fonts(project.fonts_dir, None, project.root)  # truncated: another fontTools error
    assert error.value.message.startswith("not a font pubkit can read: ")


def test_a_damaged_font_cache_entry_is_made_again(project: Project) -> None:
    Fonts(project.fonts_dir, project.font_cache_dir, project.root)
    for entry in project.font_cache_dir.iterdir():
        entry.write_text("not json", encoding="utf-8")
    sys.modules["pubkit.render.fonts"]._CMAPS.clear()
    fonts = Fonts(project.fonts_dir, project.font_cache_dir, project.root)
    assert fonts.cmaps and all(ord("a") in cmap for _, cmap in fonts.cmaps)


# -- through the command line ---------------------------------------------------------------


def pubkit_run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """pubkit in a new process; a named pipe opened by mistake fails the test with a
    timeout rather than hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "pubkit", *args],
        cwd=project.root,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def assert_refused(done: subprocess.CompletedProcess[str], shown: str, message: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert done.stderr.splitlines()[0].startswith(f"pubkit: {shown}: {message}"), done.stderr


def assert_design_error(done: subprocess.CompletedProcess[str], shown: str, message: str) -> None:
    """Refused as :func:`assert_refused` says, or, by ``check``, reported as a design
    error of that file."""
    if done.args[3:4] != ["check"]:
        assert_refused(done, shown, message)
        return
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert f"{shown}:1: error: [design] {message}" in done.stdout, done.stdout


def nothing_released(project: Project) -> None:
    if project.dist_dir.exists():
        assert not [p for p in project.dist_dir.rglob("*") if p.is_file() and p.suffix != ".lock"]


@pytest.mark.slow
def test_cli_a_licence_linked_out_is_neither_checked_nor_released(
    project: Project, secret: Path
) -> None:
    link_out(project.fonts_dir / "OFL.txt", secret)
    expected = "theme file " + LINK.format(target=secret)
    for command in (["check"], ["release", "--version", "1"], ["build", "--format", "html"]):
        assert_design_error(pubkit_run(project, *command), "styles/fonts/OFL.txt", expected)
    nothing_released(project)


@pytest.mark.slow
def test_cli_a_font_linked_out_is_refused(project: Project, tmp_path: Path) -> None:
    system_font = tmp_path / "system" / "Other.otf"  # fontconfig would embed it
    system_font.parent.mkdir()
    shutil.copy(THEME_FONTS / "NotoSans-Regular.ttf", system_font)
    (project.fonts_dir / "x.otf").symlink_to(system_font)
    expected = "theme file " + LINK.format(target=system_font)
    for command in (["check"], ["build"], ["release", "--version", "1"]):
        assert_design_error(pubkit_run(project, *command), "styles/fonts/x.otf", expected)
    nothing_released(project)


@pytest.mark.slow
def test_cli_an_asset_linked_out_is_not_copied(project: Project, secret: Path) -> None:
    link_out(project.styles_dir / "brief.css", secret)
    expected = "theme file " + LINK.format(target=secret)
    for command in (["release", "--version", "1"], ["build", "--format", "html"], ["build"]):
        assert_refused(pubkit_run(project, *command), "styles/brief.css", expected)
    nothing_released(project)


@pytest.mark.slow
def test_cli_the_source_the_glossary_and_a_catalog_linked_out(
    project: Project, secret: Path
) -> None:
    catalog = project.po_path(project.publications[0], "fr")
    link_out(catalog, secret)
    shown = "locale/fr/LC_MESSAGES/doc.po"
    for command in ("status", "update"):
        assert_refused(pubkit_run(project, command), shown, "catalog " + LINK.format(target=secret))
    done = pubkit_run(project, "check")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{shown}:1: error: [po-validity] catalog {LINK.format(target=secret)}" in done.stdout
    assert catalog.is_symlink() and secret.read_text(encoding="utf-8") == SECRET  # untouched
    catalog.unlink()
    shutil.copy(project.po_path(project.publications[0], "bm"), catalog)

    assert project.glossary is not None
    # configured files: the configuration refuses them first, at the key's line
    link_out(project.glossary, secret)
    done = pubkit_run(project, "check")
    assert_refused(done, "pubkit.toml:2", "glossary must stay inside the project folder")
    project.glossary.unlink()
    project.glossary.write_text("en,fr,bm,note\n", encoding="utf-8")

    link_out(project.publications[0].source, secret)
    for command in ("extract", "check"):
        done = pubkit_run(project, command)
        assert_refused(
            done, "pubkit.toml:5", "source of publication 1 must stay inside the project folder"
        )


@pytest.mark.slow
def test_cli_a_link_inside_the_project_is_refused(project: Project) -> None:
    vendor = project.root / "vendor"
    vendor.mkdir()
    shutil.move(project.fonts_dir / "OFL.txt", vendor / "OFL.txt")
    (project.fonts_dir / "OFL.txt").symlink_to(Path("..", "..", "vendor", "OFL.txt"))
    expected = "theme file " + LINK.format(target="../../vendor/OFL.txt")
    assert_design_error(pubkit_run(project, "check"), "styles/fonts/OFL.txt", expected)


@pytest.mark.slow
def test_cli_a_named_pipe_in_the_fonts_folder_does_not_hang(project: Project) -> None:
    os.mkfifo(project.fonts_dir / "pipe.ttf")
    expected = "theme file is a named pipe (FIFO), not a regular file"
    for command in (["check"], ["build"], ["release", "--version", "1"]):
        assert_design_error(pubkit_run(project, *command), "styles/fonts/pipe.ttf", expected)
    nothing_released(project)


@pytest.mark.slow
def test_cli_a_named_pipe_as_a_catalog_does_not_hang(project: Project) -> None:
    catalog = project.po_path(project.publications[0], "fr")
    catalog.unlink()
    os.mkfifo(catalog)
    shown = "locale/fr/LC_MESSAGES/doc.po"
    expected = "catalog is a named pipe (FIFO), not a regular file"
    done = pubkit_run(project, "check")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{shown}:1: error: [po-validity] {expected}" in done.stdout
    for command in (["status"], ["update"], ["build"], ["release", "--version", "1"]):
        assert_refused(pubkit_run(project, *command), shown, expected)
    nothing_released(project)


@pytest.mark.slow
def test_cli_a_link_to_a_device_is_refused(project: Project) -> None:
    catalog = project.po_path(project.publications[0], "fr")
    catalog.unlink()
    catalog.symlink_to("/dev/zero")
    shown = "locale/fr/LC_MESSAGES/doc.po"
    assert_refused(
        pubkit_run(project, "status"), shown, "catalog " + LINK.format(target="/dev/zero")
    )
    (project.fonts_dir / "zero.ttf").symlink_to("/dev/zero")
    done = pubkit_run(project, "build", "--lang", "en")
    assert_refused(done, "styles/fonts/zero.ttf", "theme file is a symbolic link")


@pytest.mark.slow
def test_cli_a_text_file_named_ttf_is_a_design_error(project: Project) -> None:
    # The stylesheet declares it: a font the editions would print with.
    (project.fonts_dir / "NotoSans-Bold.ttf").write_text("not a font\n", encoding="utf-8")
    for command in (["check"], ["release", "--version", "1"], ["build"]):
        done = pubkit_run(project, *command)
        assert_design_error(done, "styles/fonts/NotoSans-Bold.ttf", NOT_A_FONT)
    nothing_released(project)
