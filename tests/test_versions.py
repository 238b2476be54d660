"""The package versions a manifest records: what can change the output, exactly."""

from __future__ import annotations

import re
from importlib.metadata import version

from pubkit import __version__
from pubkit.versions import native_libraries, output_packages


def test_runtime_closure_at_installed_versions() -> None:
    packages = output_packages()
    assert packages["pubkit"] == __version__
    # direct requirements, WeasyPrint's own (pydyf, tinycss2) and theirs (webencodings)
    for name in ("weasyprint", "pydyf", "tinycss2", "webencodings", "jinja2", "markupsafe"):
        assert packages[name] == version(name)
    assert list(packages) == sorted(packages)


def test_extras_followed_only_when_asked() -> None:
    packages = output_packages()
    # WeasyPrint asks for fonttools[woff], which brings the WOFF compressors
    assert packages["brotli"] == version("brotli")
    # pubkit's own extras (tests, fonts), the command line and the preview's watcher never
    # change an output byte
    for name in ("pytest", "hypothesis", "pypdf", "click", "watchfiles", "fontpkg-noto-serif"):
        assert name not in packages


def test_native_libraries_report_their_versions() -> None:
    libraries = native_libraries()
    # the set-up installs Pango, HarfBuzz and its subsetter (README: system packages)
    assert re.fullmatch(r"1\.\d+\.\d+", libraries["pango"])
    assert re.fullmatch(r"\d+\.\d+\.\d+", libraries["harfbuzz"])
    assert libraries["harfbuzz-subset"] == "present"
