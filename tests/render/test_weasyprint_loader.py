"""WeasyPrint imported with its cffi declarations compiled ahead: used when it can be, the
same PDFs byte for byte, a damaged or stale cache repaired or bypassed, never executed,
switched off by PUBKIT_CFFI_CACHE=0; fontconfig given only the project's fonts, in files
no other user can plant."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pubkit.errors import PubkitError
from pubkit.render import weasyprint_loader as loader
from pubkit.render.weasyprint_loader import _isolate_fontconfig
from pubkit.writing import private_temporaries

from ..conftest import REPO, THEME_FONTS

EPOCH = "1767323040"

# Runs in a fresh interpreter, so that WeasyPrint is imported the way pubkit imports it;
# argv: mode ("compiled" or "plain"), output JSON path. Renders the real French edition.
PROBE = """\
import hashlib, json, sys
from pathlib import Path
from xml.etree import ElementTree
mode, out = sys.argv[1], sys.argv[2]
if mode == "plain":
    import weasyprint  # before pubkit: its own in-line cffi declarations
from pubkit.publish.build import edition_html, project_design
from pubkit.publish.renderer import pdf_job, render_job
from pubkit.config import load_project
from pubkit.render.edition import make_edition
from pubkit.theme.files import FALLBACK_FONTS
project = load_project(Path(sys.argv[3]))
publication = project.publications[0]
edition = make_edition(project, publication, "fr")
design = project_design(project)
html = edition_html(project, edition, for_pdf=True, design=design)
if mode == "import-only":
    from pubkit.render.weasyprint_loader import preload
    preload(*FALLBACK_FONTS)
    rendered = {}
else:
    job = pdf_job(project, publication, html, ("screen", "print"), design)
    rendered = render_job(job).pdfs
ffi = sys.modules["weasyprint.text.ffi"].ffi
json.dump({
    "ffi": type(ffi).__name__,
    "pycparser": "pycparser" in sys.modules,
    "sha256": {k: hashlib.sha256(r.data).hexdigest() for k, r in rendered.items()},
}, open(out, "w"))
"""


def probe(tmp_path: Path, mode: str, cache: Path, **env: str) -> dict[str, object]:
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    out = tmp_path / f"{mode}.json"
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache), "SOURCE_DATE_EPOCH": EPOCH, **env}
    subprocess.run(
        [sys.executable, script, mode, out, REPO], check=True, env=environment, cwd=tmp_path
    )
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


def cached_files(cache: Path) -> list[Path]:
    return sorted((cache / "pubkit" / "cffi").glob("*.py"))


@pytest.mark.slow
def test_compiled_declarations_give_the_same_pdfs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    plain = probe(tmp_path, "plain", cache)
    first = probe(tmp_path, "compiled", cache)  # compiles the cache, then uses it
    again = probe(tmp_path, "import-only", cache)
    assert plain["ffi"] == "FFI"
    assert first["ffi"] == again["ffi"] == "CompiledFFI"
    assert again["pycparser"] is False  # nothing was parsed at run time
    assert plain["sha256"] == first["sha256"]
    assert len(cached_files(cache)) == 1


@pytest.mark.slow
def test_a_damaged_cache_is_compiled_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    probe(tmp_path, "import-only", cache)
    [compiled] = cached_files(cache)
    good = compiled.read_text(encoding="utf-8")
    compiled.write_text(good[: len(good) // 2], encoding="utf-8")  # truncated
    assert probe(tmp_path, "import-only", cache)["ffi"] == "CompiledFFI"
    assert compiled.read_text(encoding="utf-8") == good


@pytest.mark.slow
def test_an_unwritable_cache_costs_only_speed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the folder should be", encoding="utf-8")
    assert probe(tmp_path, "import-only", cache)["ffi"] == "FFI"


@pytest.mark.slow
def test_the_cache_can_be_switched_off(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    off = probe(tmp_path, "import-only", cache, PUBKIT_CFFI_CACHE="0")
    assert off["ffi"] == "FFI" and off["pycparser"] is True
    assert cached_files(cache) == []  # nothing compiled either


@pytest.mark.parametrize(
    ("value", "enabled"),
    [(None, True), ("", True), ("1", True), ("0", False), ("off", False), (" False ", False)],
)
def test_the_switch(monkeypatch: pytest.MonkeyPatch, value: str | None, enabled: bool) -> None:
    if value is None:
        monkeypatch.delenv(loader.SWITCH, raising=False)
    else:
        monkeypatch.setenv(loader.SWITCH, value)
    assert loader.cffi_cache_enabled() is enabled


def test_the_cache_is_read_as_data_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hostile = f"import os\nffi = _cffi_backend.FFI(os.system('touch {marker}'))\n"
    with pytest.raises(ValueError):
        loader._ffi_arguments(hostile)
    assert not marker.exists()
    assert loader._ffi_arguments("ffi = _cffi_backend.FFI('m', _version=1, _types=b'x')") == (
        ["m"],
        {"_version": 1, "_types": b"x"},
    )


@pytest.mark.slow
def test_other_declarations_than_compiled_fall_back_to_the_plain_import(
    tmp_path: Path,
) -> None:
    """If WeasyPrint's cdef() is not the text compiled, its module is imported again the
    ordinary way, and works."""
    script = tmp_path / "stale.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from pubkit.render import weasyprint_loader as loader\n"
        "real = loader._cdef_source\n"
        "loader._cdef_source = lambda text: real(text) + '\\n    int pubkit_extra(int);'\n"
        "w = loader.load_weasyprint(Path(sys.argv[1]))\n"
        "import weasyprint.text.ffi as f\n"
        "assert type(f.ffi).__name__ == 'FFI', type(f.ffi)\n"
        "w.HTML(string='<p>x</p>').render()\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run([sys.executable, script, THEME_FONTS], check=True, env=environment)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import cffi\nffi = cffi.FFI()\nffi.cdef('''int f(int);''')\n", "int f(int);"),
        ("ffi = cffi.FFI()\n", None),
        ("ffi.cdef('int f(int);')\nffi.cdef('int g(int);')\n", None),
        ("ffi.cdef(DECLARATIONS)\n", None),
    ],
)
def test_cdef_source_is_one_string_literal(source: str, expected: str | None) -> None:
    assert loader._cdef_source(source) == expected


# -- fontconfig -----------------------------------------------------------------------------

AWKWARD = "a dir ü &co <x>"  # needs escaping in XML


@pytest.fixture
def fontconfig_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh fontconfig setup in a user cache under tmp_path; the variables
    _isolate_fontconfig sets are restored afterwards. Returns the expected folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    monkeypatch.delenv("PUBKIT_FONTCONFIG_DIR", raising=False)
    return tmp_path / "cache" / "pubkit" / "fontconfig"


def test_fontconfig_files_are_private_and_links_are_replaced(
    fontconfig_env: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    _isolate_fontconfig(tmp_path / "fonts")
    config = Path(os.environ["FONTCONFIG_FILE"])
    assert config.parent == fontconfig_env
    status = fontconfig_env.lstat()
    assert stat.S_IMODE(status.st_mode) == 0o700 and status.st_uid == os.getuid()
    config.unlink()
    config.symlink_to(victim)  # a link planted where the configuration goes
    del os.environ["PUBKIT_FONTCONFIG_DIR"]
    _isolate_fontconfig(tmp_path / "fonts")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not config.is_symlink() and "<fontconfig>" in config.read_text(encoding="utf-8")


@pytest.mark.parametrize("unsafe", ["writable by others", "not a folder"])
def test_fontconfig_falls_back_to_a_private_temporary_folder(
    fontconfig_env: Path, tmp_path: Path, unsafe: str
) -> None:
    if unsafe == "not a folder":
        fontconfig_env.parent.mkdir(parents=True)
        fontconfig_env.write_text("", encoding="utf-8")
    else:
        fontconfig_env.mkdir(parents=True)
        fontconfig_env.chmod(0o777)
    _isolate_fontconfig(tmp_path / "fonts")
    folder = Path(os.environ["FONTCONFIG_FILE"]).parent
    assert folder != fontconfig_env and folder.parent == Path(tempfile.gettempdir())
    assert stat.S_IMODE(folder.lstat().st_mode) == 0o700
    assert not fontconfig_env.is_dir() or not any(fontconfig_env.iterdir())


def test_fontconfig_fallback_folder_goes_with_the_run_and_is_made_again(
    fontconfig_env: Path, tmp_path: Path
) -> None:
    """In a run, the fallback folder is in the run's private temporary folder, removed
    with it; the next render then makes a configuration again, as without one fontconfig
    would use the system's fonts."""
    fontconfig_env.parent.mkdir(parents=True)
    fontconfig_env.write_text("", encoding="utf-8")  # not a folder: the fallback is used
    with private_temporaries(tmp_path / "project" / ".pubkit-cache" / "tmp") as run:
        _isolate_fontconfig(tmp_path / "fonts")
        assert Path(os.environ["FONTCONFIG_FILE"]).is_relative_to(run)
    assert not run.exists()
    _isolate_fontconfig(tmp_path / "fonts")
    assert "<fontconfig>" in Path(os.environ["FONTCONFIG_FILE"]).read_text(encoding="utf-8")


def test_fontconfig_file_names_an_awkward_folder_in_well_formed_xml(
    fontconfig_env: Path, tmp_path: Path
) -> None:
    fonts = tmp_path / AWKWARD / "proj" / "fonts"
    _isolate_fontconfig(fonts)
    root = ElementTree.parse(os.environ["FONTCONFIG_FILE"]).getroot()
    assert [(child.tag, child.text) for child in root] == [
        ("dir", str(fonts)),
        ("cachedir", str(fontconfig_env)),
    ]


@pytest.mark.parametrize("name", ["bell\x07", "undecodable\udcff"])
def test_fontconfig_refuses_a_folder_xml_cannot_name(
    fontconfig_env: Path, tmp_path: Path, name: str
) -> None:
    with pytest.raises(PubkitError, match="rename it"):
        _isolate_fontconfig(tmp_path / name)
