"""WeasyPrint imported with its cffi declarations compiled ahead: used when it can be, the
same PDFs byte for byte, a damaged or stale cache repaired or bypassed, never executed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pubkit.render import pdf

from ..conftest import REPO

EPOCH = "1767323040"

# Runs in a fresh interpreter, so that WeasyPrint is imported the way pubkit imports it;
# argv: mode ("compiled" or "plain"), output JSON path. Renders the real French edition.
PROBE = """\
import hashlib, json, sys
from pathlib import Path
mode, out = sys.argv[1], sys.argv[2]
if mode == "plain":
    import weasyprint  # before pubkit: its own in-line cffi declarations
from pubkit.publish.build import asset_roots, edition_html
from pubkit.config import load_project
from pubkit.render.edition import make_edition
from pubkit.render.pdf import render_pdfs
project = load_project(Path(sys.argv[3]))
publication = project.publications[0]
edition = make_edition(project, publication, "fr")
html = edition_html(project, edition, True, False)
fonts = project.styles_dir / "fonts"
if mode == "import-only":
    from pubkit.render.pdf import preload
    preload(fonts)
    rendered = {}
else:
    rendered = render_pdfs(
        html, project.styles_dir, asset_roots(project, publication), fonts, ("screen", "print")
    )
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


def test_the_cache_is_read_as_data_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hostile = f"import os\nffi = _cffi_backend.FFI(os.system('touch {marker}'))\n"
    with pytest.raises(ValueError):
        pdf._ffi_arguments(hostile)
    assert not marker.exists()
    assert pdf._ffi_arguments("ffi = _cffi_backend.FFI('m', _version=1, _types=b'x')") == (
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
        "from pubkit.render import pdf\n"
        "real = pdf._cdef_source\n"
        "pdf._cdef_source = lambda text: real(text) + '\\n    int pubkit_extra(int);'\n"
        "w = pdf._weasyprint(Path(sys.argv[1]))\n"
        "import weasyprint.text.ffi as f\n"
        "assert type(f.ffi).__name__ == 'FFI', type(f.ffi)\n"
        "w.HTML(string='<p>x</p>').render()\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run([sys.executable, script, REPO / "styles" / "fonts"], check=True, env=environment)


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
    assert pdf._cdef_source(source) == expected
