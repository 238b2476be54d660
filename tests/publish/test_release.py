"""``pubkit release``: layout, manifest, checksums, policy, force, reproducibility, cache,
bad input, interruption and concurrent releases."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import subprocess
import sys
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from pubkit import __version__
from pubkit.catalogs.pofile import read_catalog
from pubkit.catalogs.review import review_of, translator_credit
from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.publish import folder as folder_module
from pubkit.publish.release import ReleaseResult, release
from pubkit.render.typography import typesetter
from pubkit.versions import native_libraries

from ..conftest import THEME_FONTS, copy_real_project, labels_of, set_msgstr
from ..helpers import (
    LANGS,
    SLUG,
    SUPPORT,
    TOWNS,
    cli_env,
    pubkit,
    rendered_cache,
    small_project,
    wait_for,
)

# -- helpers --------------------------------------------------------------------------------


def verify_sums(folder: Path) -> list[str]:
    """``sha256sum -c`` in the folder; the names it checked."""
    done = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(line.endswith(": OK") for line in lines)
    return [line.removesuffix(": OK") for line in lines]


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def leftovers(project: Project) -> list[str]:
    """Staging or half-replaced folders anywhere in dist."""
    if not project.dist_dir.exists():
        return []
    return sorted(
        p.name
        for p in project.dist_dir.rglob("*")
        if p.name.startswith((".staging-", ".replaced-"))
    )


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]+", "", text)


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The render cache of the small project, every edition rendered once for the module."""
    return rendered_cache(tmp_path_factory.mktemp("warm"))


# -- a release of the real brief, shared by the layout and manifest tests ---------------------


@pytest.fixture(scope="module")
def real_release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, ReleaseResult]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767323040")
        project = copy_real_project(tmp_path_factory.mktemp("real") / "project")
        [result] = release(project, version="1.0.0", jobs=2)
    return project, result


@pytest.mark.slow
def test_folder_layout(real_release: tuple[Project, ReleaseResult]) -> None:
    project, result = real_release
    slug = "mali-islamists-rise"
    folder = project.dist_dir / slug / "1.0.0"
    assert result.folder == folder
    assert result.rendered == 3 and result.cached == 0
    expected = {
        "manifest.json",
        "SHA256SUMS",
        "assets/brief.css",
        "assets/print.css",
        "assets/code.css",
        *(f"assets/fonts/{p.name}" for p in THEME_FONTS.glob("OFL*.txt")),
        *(f"assets/fonts/{p.name}" for p in THEME_FONTS.glob("*.ttf")),
        *(
            f"{slug}-{lang}{suffix}"
            for lang in LANGS
            for suffix in (".pdf", "-print.pdf", ".html", ".segments.json")
        ),
    }
    assert set(files_in(folder)) == expected
    assert {p.relative_to(folder).as_posix() for p in result.files} == expected
    assert sorted(p.name for p in (project.dist_dir / slug).iterdir()) == ["1.0.0"]
    assert leftovers(project) == []
    assert [d.lang for d in result.decisions] == list(LANGS)
    assert all(d.released and not d.partial for d in result.decisions)


@pytest.mark.slow
def test_sha256sums_verify(real_release: tuple[Project, ReleaseResult]) -> None:
    _, result = real_release
    checked = verify_sums(result.folder)
    assert set(checked) == set(files_in(result.folder)) - {"SHA256SUMS"}
    assert checked == sorted(checked)


@pytest.mark.slow
def test_html_edition_is_self_contained(real_release: tuple[Project, ReleaseResult]) -> None:
    folder = real_release[1].folder
    for page in folder.glob("*.html"):
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)">', page.read_text()):
            assert (folder / href).is_file(), href
    css = (folder / "assets" / "brief.css").read_text(encoding="utf-8")
    for url in re.findall(r'url\("([^"]+)"\)', css):
        assert (folder / "assets" / url).is_file(), url


@pytest.mark.slow
def test_manifest(real_release: tuple[Project, ReleaseResult]) -> None:
    project, result = real_release
    folder = result.folder
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["publication"] == "mali-islamists-rise"
    assert manifest["version"] == "1.0.0"
    tools = manifest["tools"]
    assert tools["pubkit"] == __version__
    # every package that can change the output, at its exact installed version
    for name in ("weasyprint", "pydyf", "fonttools", "pillow", "tinycss2", "pyphen", "babel"):
        assert tools[name] == package_version(name), name
    assert "click" not in tools and "pytest" not in tools
    assert manifest["libraries"] == native_libraries()
    fonts = sorted(THEME_FONTS.glob("*.ttf"))
    assert sorted(manifest["fonts"]) == [f"pubkit/theme/default/fonts/{f.name}" for f in fonts]
    for font in fonts:
        record = manifest["fonts"][f"pubkit/theme/default/fonts/{font.name}"]
        assert record["sha256"] == hashlib.sha256(font.read_bytes()).hexdigest()
        assert re.fullmatch(r"Version \d+\.\d+", record["version"])
    inputs = manifest["inputs"]
    assert inputs["source"]["path"] == "content/mali-islamists-rise.md"
    assert inputs["source"]["sha256"] == sha256(project.root / inputs["source"]["path"])
    assert set(inputs["catalogs"]) == set(LANGS)
    for lang, record in inputs["catalogs"].items():
        assert record["path"] == f"locale/{lang}/LC_MESSAGES/mali-islamists-rise.po"
        assert record["sha256"] == sha256(project.root / record["path"])
    assert set(inputs["theme_catalogs"]) == set(LANGS)
    for lang, record in inputs["theme_catalogs"].items():
        assert record["path"] == f"locale/{lang}/LC_MESSAGES/pubkit-theme.po"
        assert record["sha256"] == sha256(project.root / record["path"])
    theme = manifest["theme"]
    assert (theme["name"], theme["version"]) == ("default", __version__)
    assert re.fullmatch(r"[0-9a-f]{64}", theme["sha256"])
    assert theme["overrides"] == {} and theme["options"] == {}  # the brief: the theme as is

    assert list(manifest["languages"]) == list(LANGS)
    for lang, record in manifest["languages"].items():
        assert record["status"] == "complete"
        assert record["completion"]["lang"] == lang
        assert record["completion"]["percent"] == 100.0
        assert record["completion"]["untranslated"] == record["completion"]["fuzzy"] == 0
        assert record["fallbacks"] == []
        assert record["checks"]["errors"] == 0 and isinstance(record["checks"]["warnings"], int)
        assert record["pages"] >= 6
        suffixes = (".pdf", "-print.pdf", ".html", ".segments.json")
        names = {f"mali-islamists-rise-{lang}{s}" for s in suffixes}
        assert set(record["files"]) == names
        assert record["changelog"] is None  # the first release
        for name, entry in record["files"].items():
            data = (folder / name).read_bytes()
            assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        if lang == "en":
            assert record["review"] == {"status": "source"}
            assert record["translation_credit"] is None
        else:
            catalog = read_catalog(project.root / inputs["catalogs"][lang]["path"])
            assert record["review"]["status"] == review_of(catalog).status
            assert record["translation_credit"] == translator_credit(catalog)
        pdf = pdfium.PdfDocument(folder / f"mali-islamists-rise-{lang}.pdf")
        assert len(pdf) == record["pages"]
        pdf.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- policy ---------------------------------------------------------------------------------


def assert_nothing_released(project: Project) -> None:
    """No version folder, no staging, no render: at most the (empty) lock file in dist."""
    assert not (project.dist_dir / SLUG).exists()
    assert leftovers(project) == []
    assert not (project.root / ".pubkit-cache" / "renders").exists()
    if project.dist_dir.exists():
        assert [p.name for p in project.dist_dir.iterdir()] == [".pubkit-release.lock"]


@pytest.mark.slow
def test_language_below_threshold_is_refused(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    set_msgstr(project, "bm", {SUPPORT: ""})
    with pytest.raises(PubkitError) as error:
        release(project, version="1.0", jobs=2)
    message = str(error.value)
    assert re.search(r"^  bm: [\d.]+ % of source words translated, threshold 100 %$", message, re.M)
    assert "  fr:" not in message and "  en:" not in message
    assert "--allow-partial" in message
    assert_nothing_released(project)


@pytest.mark.slow
def test_language_with_a_check_error_is_refused(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    set_msgstr(
        project,
        "fr",
        {TOWNS: "Les deux chefs veulent un califat au Mali ; l'armée a quitté 4 villes."},
    )
    with pytest.raises(PubkitError) as error:
        release(project, version="1.0", jobs=2)
    assert re.search(
        r"^  fr: \d+ check error\(s\) \(see 'pubkit check fr'\)$", str(error.value), re.M
    )
    assert "  bm:" not in str(error.value)
    assert_nothing_released(project)


BAD_TOWNS = "Les deux chefs veulent un califat au Mali ; l'armée a quitté 4 villes."


@pytest.mark.slow
def test_allow_partial_does_not_waive_check_errors(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    set_msgstr(project, "fr", {TOWNS: BAD_TOWNS})
    with pytest.raises(PubkitError) as error:
        release(project, version="1.0", langs=["fr"], allow_partial=True, jobs=2)
    assert re.search(
        r"^  fr: \d+ check error\(s\) \(see 'pubkit check fr'\)$", str(error.value), re.M
    )
    assert "--allow-errors" in str(error.value)
    assert_nothing_released(project)


@pytest.mark.slow
def test_fallback_catalogs_are_checked_too(tmp_path: Path) -> None:
    # bm falls back to fr: its edition would print fr's wrong number.
    project = small_project(tmp_path / "p")
    set_msgstr(project, "fr", {TOWNS: BAD_TOWNS})
    set_msgstr(project, "bm", {TOWNS: ""})
    with pytest.raises(PubkitError) as error:
        release(project, version="1.0", langs=["bm"], allow_partial=True, jobs=2)
    assert re.search(
        r"^  bm: .*; \d+ check error\(s\) in fr, which this edition prints from, "
        r"\(see 'pubkit check fr'\)$",
        str(error.value),
        re.M,
    )
    assert_nothing_released(project)


@pytest.mark.slow
def test_allow_errors_releases_complete_not_partial(tmp_path: Path, warm: Path) -> None:
    project = small_project(tmp_path / "p", warm)
    set_msgstr(project, "fr", {TOWNS: BAD_TOWNS})
    [result] = release(project, version="1.0", langs=["fr"], allow_errors=True, jobs=2)
    [decision] = result.decisions
    assert decision.released and not decision.partial
    assert "check error(s)" in decision.reasons[0]
    fr = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))["languages"][
        "fr"
    ]
    assert fr["status"] == "complete" and fr["checks"]["errors"] > 0
    verify_sums(result.folder)


@pytest.mark.slow
def test_allow_partial_marks_the_edition(tmp_path: Path, warm: Path) -> None:
    project = small_project(tmp_path / "p", warm)
    set_msgstr(project, "fr", {SUPPORT: ""})
    [result] = release(project, version="1.0", langs=["en", "fr"], allow_partial=True, jobs=2)
    decisions = {d.lang: d for d in result.decisions}
    assert decisions["fr"].released and decisions["fr"].partial
    assert "threshold 100 %" in decisions["fr"].reasons[0]
    assert not decisions["en"].partial
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["languages"]) == ["en", "fr"]
    fr = manifest["languages"]["fr"]
    assert fr["status"] == "partial"
    assert fr["completion"]["untranslated"] == 1 and fr["completion"]["percent"] < 100
    assert fr["fallbacks"] == [
        {"location": "content/doc.md:22", "reason": "untranslated", "printed_in": "en"}
    ]
    assert manifest["languages"]["en"]["status"] == "complete"
    labels = labels_of(project, "fr")
    for name in ("brief-fr.pdf", "brief-fr-print.pdf"):
        text = squash(pdf_text(result.folder / name))
        assert squash(labels.text("partial")) in text
        assert squash(SUPPORT) in text  # printed in English
    partial = typesetter("fr")(labels.text("partial"))
    assert partial in (result.folder / "brief-fr.html").read_text(encoding="utf-8")
    english = labels_of(project, "en").text("partial")
    assert squash(english) not in squash(pdf_text(result.folder / "brief-en.pdf"))
    verify_sums(result.folder)


# -- existing versions ----------------------------------------------------------------------


@pytest.mark.slow
def test_existing_version_is_kept_without_force_and_replaced_with_it(
    tmp_path: Path, warm: Path
) -> None:
    project = small_project(tmp_path / "p", warm)
    [first] = release(project, version="1.0", jobs=2)
    assert not first.unchanged and first.rendered == 0
    before = files_in(first.folder)
    stamps = {p: p.stat().st_mtime_ns for p in first.folder.rglob("*")}

    # The same content again: nothing to do, the published folder is not touched.
    [again] = release(project, version="1.0", jobs=2)
    assert again.unchanged and again.rendered == 0
    assert {p: p.stat().st_mtime_ns for p in first.folder.rglob("*")} == stamps

    # Other content under the same version: refused without --force, folder untouched.
    set_msgstr(project, "fr", {SUPPORT: "La société civile a grand besoin de soutien."})
    with pytest.raises(
        PubkitError, match=r"^dist/brief/1\.0 exists already .*\(--force replaces it\)"
    ):
        release(project, version="1.0", jobs=2)
    assert files_in(first.folder) == before
    assert {p: p.stat().st_mtime_ns for p in first.folder.rglob("*")} == stamps
    assert leftovers(project) == []

    [second] = release(project, version="1.0", force=True, jobs=2)
    assert second.folder == first.folder and not second.unchanged
    after = files_in(second.folder)
    assert after["brief-fr.pdf"] != before["brief-fr.pdf"]
    assert after["brief-en.pdf"] == before["brief-en.pdf"]
    assert after["SHA256SUMS"] != before["SHA256SUMS"]
    verify_sums(second.folder)
    assert leftovers(project) == []
    assert sorted(p.name for p in (project.dist_dir / SLUG).iterdir()) == ["1.0"]


@pytest.mark.slow
def test_damaged_version_folder_is_not_unchanged(tmp_path: Path, warm: Path) -> None:
    project = small_project(tmp_path / "p", warm)
    [first] = release(project, version="1.0", jobs=2)
    (first.folder / "brief-fr.pdf").unlink()
    (first.folder / "brief-en.pdf").write_bytes(b"junk")
    with pytest.raises(PubkitError, match="exists already"):
        release(project, version="1.0", jobs=2)
    [again] = release(project, version="1.0", force=True, jobs=2)
    assert not again.unchanged
    verify_sums(again.folder)
    # An extra file is a difference too.
    (again.folder / "notes.txt").write_text("added by hand")
    [third] = release(project, version="1.0", force=True, jobs=2)
    assert not third.unchanged and not (third.folder / "notes.txt").exists()


@pytest.mark.slow
def test_a_release_killed_while_replacing_loses_no_version(tmp_path: Path, warm: Path) -> None:
    # Killed between "1.0 -> .replaced-1.0-<pid>" and "staging -> 1.0": the old 1.0 is
    # the only copy there is, and goes back in place, whichever version is released next.
    project = small_project(tmp_path / "p", warm)
    left = project.dist_dir / SLUG / ".replaced-1.0-99999"
    left.mkdir(parents=True)
    (left / "brief-fr.pdf").write_bytes(b"old")
    release(project, version="1.1", jobs=2)
    assert (project.dist_dir / SLUG / "1.0" / "brief-fr.pdf").read_bytes() == b"old"
    assert leftovers(project) == []
    # Once the new 1.0 is in place, what is left of a replacement is removed.
    [result] = release(project, version="1.0", force=True, jobs=2)
    (project.dist_dir / SLUG / ".replaced-1.0-99998").mkdir()
    # (not 1.1 again: its changelog now compares it with the new 1.0, so it differs)
    release(project, version="1.2", jobs=2)
    assert leftovers(project) == []
    verify_sums(result.folder)


@pytest.mark.slow
def test_damaged_sums_or_links_are_differences(tmp_path: Path, warm: Path) -> None:
    project = small_project(tmp_path / "p", warm)
    [first] = release(project, version="1.0", jobs=2)
    sums = first.folder / "SHA256SUMS"
    sums.write_bytes(sums.read_bytes() + b"\xff\xfe")
    [again] = release(project, version="1.0", force=True, jobs=2)
    assert not again.unchanged
    pdf = again.folder / "brief-fr.pdf"
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(pdf.read_bytes())
    pdf.unlink()
    pdf.symlink_to(copy)  # the same bytes, but through a link out of the folder
    [third] = release(project, version="1.0", force=True, jobs=2)
    assert not third.unchanged and not (third.folder / "brief-fr.pdf").is_symlink()


def test_invalid_versions_are_refused(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    for bad in ("../x", ".hidden", "a/b"):
        with pytest.raises(PubkitError, match="invalid release version"):
            release(project, version=bad)
    assert not (project.dist_dir / SLUG).exists()


# -- reproducibility and cache --------------------------------------------------------------


@pytest.mark.slow
def test_two_clean_releases_are_identical(tmp_path: Path) -> None:
    # Two copies at different paths, each with an empty dist and cache: every byte the same.
    one = small_project(tmp_path / "one")
    two = small_project(tmp_path / "elsewhere" / "two")
    [a] = release(one, version="2.0", jobs=2)
    [b] = release(two, version="2.0", jobs=2)
    assert a.rendered == b.rendered == 3
    assert (a.folder / "SHA256SUMS").read_bytes() == (b.folder / "SHA256SUMS").read_bytes()
    assert files_in(a.folder) == files_in(b.folder)


@pytest.mark.slow
def test_cache_renders_only_what_changed(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    [first] = release(project, version="1.0", jobs=2)
    assert (first.rendered, first.cached) == (3, 0)
    [second] = release(project, version="1.1", jobs=2)
    assert (second.rendered, second.cached) == (0, 3)
    for name, data in files_in(first.folder).items():
        if name not in ("manifest.json", "SHA256SUMS"):
            assert files_in(second.folder)[name] == data, name
    set_msgstr(project, "fr", {SUPPORT: "La société civile a grand besoin de soutien."})
    [third] = release(project, version="1.2", jobs=2)
    assert (third.rendered, third.cached) == (1, 2)
    assert files_in(third.folder)["brief-bm.pdf"] == files_in(first.folder)["brief-bm.pdf"]
    assert files_in(third.folder)["brief-fr.pdf"] != files_in(first.folder)["brief-fr.pdf"]
    for result in (first, second, third):
        verify_sums(result.folder)


@pytest.mark.slow
def test_catalog_syntax_error_stops_before_anything_is_written(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    path = project.po_path(project.publications[0], "bm")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith('msgid "What next?"'))
    lines[number - 1] = 'msgid "What next?\n'
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PubkitError) as error:
        release(project, version="1.0", jobs=2)
    assert str(error.value).startswith(f"locale/bm/LC_MESSAGES/doc.po:{number}: invalid PO syntax")
    assert_nothing_released(project)


@pytest.mark.slow
def test_interruption_in_staging_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: Path
) -> None:
    project = small_project(tmp_path / "p", warm)

    def interrupted(folder: Path, within: object = None) -> None:
        assert folder.name.startswith(".staging-1.0-") and (folder / "manifest.json").is_file()
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(folder_module, "write_sums", interrupted)
        with pytest.raises(KeyboardInterrupt):
            release(project, version="1.0", jobs=2)
    assert not (project.dist_dir / SLUG / "1.0").exists()
    assert leftovers(project) == []
    [result] = release(project, version="1.0", jobs=2)
    assert result.rendered == 0  # what was rendered before the interruption is kept
    verify_sums(result.folder)


# -- interruption of the command ------------------------------------------------------------


def rendered_one(project: Project) -> Any:
    """True once the first edition's render is complete in the cache (its JSON comes last)."""
    renders = project.root / ".pubkit-cache" / "renders"
    return lambda: renders.is_dir() and any(renders.glob("*.json"))


def start(project: Project, version: str, *options: str, jobs: int = 1) -> subprocess.Popen[str]:
    """``pubkit release`` running in the background."""
    return subprocess.Popen(
        pubkit("release", "--version", version, "--jobs", str(jobs), *options),
        cwd=project.root,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_sigkill_while_rendering_leaves_no_version(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    slug_dir = project.dist_dir / SLUG
    proc = start(project, "1.0.0", jobs=1)
    started = wait_for(proc, rendered_one(project))
    proc.kill()
    out, err = proc.communicate(timeout=60)
    assert started, f"the release ended before it could be killed: {out}{err}"
    assert proc.returncode == -signal.SIGKILL
    assert not (slug_dir / "1.0.0").exists()
    [result] = release(project, version="1.0.0", jobs=2)
    assert result.rendered <= 2  # the killed run's finished renders are reused
    verify_sums(result.folder)
    assert leftovers(project) == []


STAGING_HOOK = """\
import os, signal, sys
import pubkit.publish.folder
SIGNAL = getattr(signal, sys.argv.pop(1))
def hook(folder, within=None):
    os.kill(os.getpid(), SIGNAL)
pubkit.publish.folder.write_sums = hook
from pubkit.cli import main
sys.argv[0] = "pubkit"
main()
"""


def release_signalled_in_staging(project: Project, name: str) -> subprocess.CompletedProcess[str]:
    """``pubkit release --version 1.0`` sent the signal ``name`` once its staging folder
    holds everything but SHA256SUMS."""
    return subprocess.run(
        [sys.executable, "-c", STAGING_HOOK, name, "release", "--version", "1.0"],
        cwd=project.root,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_sigkill_in_staging_leaves_no_version(tmp_path: Path, warm: Path) -> None:
    project = small_project(tmp_path / "p", warm)
    done = release_signalled_in_staging(project, "SIGKILL")
    assert done.returncode == -signal.SIGKILL
    slug_dir = project.dist_dir / SLUG
    assert not (slug_dir / "1.0").exists()
    assert [p.name for p in slug_dir.glob(".staging-*")]  # killed: nothing could clean up
    [result] = release(project, version="1.0", jobs=2)
    assert result.rendered == 0
    verify_sums(result.folder)
    assert leftovers(project) == []  # the stale staging folder is gone


@pytest.mark.slow
def test_sigint_in_staging_cleans_up(tmp_path: Path, warm: Path) -> None:
    project = small_project(tmp_path / "p", warm)
    done = release_signalled_in_staging(project, "SIGINT")
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "pubkit: interrupted"
    assert "Traceback" not in done.stderr
    assert not (project.dist_dir / SLUG / "1.0").exists()
    assert leftovers(project) == []


@pytest.mark.slow
def test_sigint_while_rendering(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    slug_dir = project.dist_dir / SLUG
    proc = start(project, "1.0.0", jobs=2)
    started = wait_for(proc, rendered_one(project))
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert started, f"the release ended before it could be interrupted: {out}{err}"
    assert proc.returncode == 130, err
    assert "pubkit: interrupted" in err and "Traceback" not in err
    assert not (slug_dir / "1.0.0").exists()
    assert leftovers(project) == []


# -- concurrent releases --------------------------------------------------------------------


@pytest.mark.slow
def test_concurrent_releases(tmp_path: Path, warm: Path) -> None:
    two_versions = small_project(tmp_path / "a")  # renders while the other waits
    same_content = small_project(tmp_path / "b", warm)
    other_content = small_project(tmp_path / "c", warm)
    procs = [
        start(two_versions, "1.0"),
        start(two_versions, "2.0"),
        start(same_content, "3.0"),
        start(same_content, "3.0"),
        start(other_content, "4.0"),
        start(other_content, "4.0", "--lang", "en", "--lang", "fr"),
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        results.append((proc.returncode, out, err))
    for _, _, err in results:
        assert "Traceback" not in err
    # Two versions of one project: the lock serialises them, both are published whole.
    assert [code for code, _, _ in results[:2]] == [0, 0], results[:2]
    for version in ("1.0", "2.0"):
        verify_sums(two_versions.dist_dir / SLUG / version)
    # The same version twice with the same content: one publishes, the other has nothing to do.
    assert [code for code, _, _ in results[2:4]] == [0, 0], results[2:4]
    verify_sums(same_content.dist_dir / SLUG / "3.0")
    # The same version twice with other content: one publishes, the other fails cleanly.
    codes = sorted(code for code, _, _ in results[4:])
    assert codes == [0, 1], results[4:]
    [failed] = [err for code, _, err in results[4:] if code == 1]
    assert failed.startswith("pubkit: dist/brief/4.0 exists already")
    assert len(failed.strip().splitlines()) == 1
    verify_sums(other_content.dist_dir / SLUG / "4.0")
    for project in (two_versions, same_content, other_content):
        assert leftovers(project) == []
