"""Typeset HTML to PDF with WeasyPrint, reading nothing but the project's own assets.

The only module that imports WeasyPrint, and only when a PDF is made, so the CLI
starts fast. Two guarantees are structural rather than checked after the fact:

* every URL WeasyPrint asks for (stylesheets, fonts, images, attachments) goes
  through :class:`AssetFetcher`, which serves files under the allowed folders and
  ``data:`` URIs and refuses everything else: no other ``file://``, no network;
* fontconfig is pointed at a configuration listing only the project's font folder,
  so Pango cannot fall back to a system font.

WeasyPrint reaches Pango through cffi's in-line ABI mode, which parses some 500 lines
of C declarations with pycparser on every import, and every C type it meets later
(``hb_codepoint_t[38]``…) again in every process. :func:`_import_weasyprint` compiles
those declarations once into cffi's out-of-line form, kept in the user's cache, which
cffi reads in C: the same library calls, half the import time.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import functools
import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

from pubkit.errors import PubkitError
from pubkit.fileio import write_atomic
from pubkit.forking import Zygote, fork_map

T = TypeVar("T")
R = TypeVar("R")

PDF_VARIANTS: dict[str, dict[str, Any]] = {
    # Press output: PDF 1.7 with trim and bleed boxes and crop marks. Not PDF/X:
    # WeasyPrint's PDF/X-4 mode only writes the required output intent when the CSS
    # names a CMYK press profile, and no freely licensed one exists to ship; claiming
    # PDF/X without it would be false. (That mode also stamps a random XMP
    # DocumentID, which would break reproducible output.)
    "print": {"pdf_version": "1.7"},
    # Tagged PDF (PDF/UA-1) for screens and assistive technology, cut to the trim box.
    "screen": {"pdf_variant": "pdf/ua-1"},
}


@dataclass(frozen=True)
class Rendered:
    """A finished PDF and what WeasyPrint was refused while making it."""

    data: bytes
    pages: int
    refused: tuple[str, ...]


def _isolate_fontconfig(font_dir: Path) -> None:
    """Give fontconfig a configuration whose only font folder is the project's."""
    # Made again when gone: a fallback folder goes with its run's temporary folder, and
    # fontconfig without its configuration would use the system's fonts.
    current = os.environ.get("FONTCONFIG_FILE", "")
    if os.environ.get("PUBKIT_FONTCONFIG_DIR") == str(font_dir) and os.path.isfile(current):
        return
    directory = font_dir.resolve()  # absolute: fontconfig reads a leading ~ as home
    folder = _fontconfig_folder()
    config = folder / f"fonts-{hashlib.sha256(os.fsencode(directory)).hexdigest()[:12]}.conf"
    # A new file renamed over the old one: a link planted there is replaced, not followed.
    write_atomic(config, _fonts_conf(directory, folder))
    os.environ["FONTCONFIG_FILE"] = str(config)
    os.environ["PUBKIT_FONTCONFIG_DIR"] = str(font_dir)


def _fontconfig_folder() -> Path:
    """A folder for fontconfig's configuration and cache that no other user can write to:
    the user's cache, else a new temporary folder for this process (in a run's private
    temporary folder, removed with it; see fileio.private_temporaries). Never a shared,
    predictable path, where another user could plant links or font caches."""
    folder = _user_cache() / "fontconfig"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
        if (
            stat.S_ISDIR(status.st_mode)
            and status.st_uid == os.getuid()
            and not status.st_mode & 0o022
            and os.access(folder, os.W_OK | os.X_OK)
        ):
            return folder
    except OSError:
        pass
    folder = Path(tempfile.mkdtemp(prefix="pubkit-fontconfig-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


# Characters XML 1.0 cannot carry, even escaped; surrogates stand for undecodable bytes.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _fonts_conf(font_dir: Path, cache: Path) -> str:
    """fontconfig's configuration listing only ``font_dir``. It must parse: fontconfig
    falls back to the system's fonts when its configuration does not."""
    for path in (font_dir, cache):
        if _NOT_XML.search(str(path)):
            raise PubkitError(f"fontconfig cannot be given the folder {str(path)!r}: rename it")
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<!DOCTYPE fontconfig SYSTEM 'urn:fontconfig:fonts.dtd'>\n"
        f"<fontconfig><dir>{escape(str(font_dir))}</dir>"
        f"<cachedir>{escape(str(cache))}</cachedir></fontconfig>\n"
    )


def _weasyprint(font_dir: Path) -> Any:
    _isolate_fontconfig(font_dir)
    if "weasyprint" not in sys.modules:
        _import_weasyprint()
    import weasyprint

    return weasyprint


_FFI_MODULE = "weasyprint.text.ffi"


def _import_weasyprint() -> None:
    """Import WeasyPrint with its cffi declarations compiled ahead (see the module
    docstring); if anything about that fails, import it the ordinary way."""
    try:
        prebuilt = _prebuilt_ffi()
    except Exception:  # any failure here only costs speed
        return
    if prebuilt is None:
        return
    import cffi

    plain_ffi = cffi.FFI

    def ffi_factory(*args: Any, **kwargs: Any) -> Any:
        # Only WeasyPrint's own declarations module gets the compiled instance.
        if sys._getframe(1).f_globals.get("__name__") == _FFI_MODULE:
            return prebuilt
        return plain_ffi(*args, **kwargs)

    cffi.FFI = ffi_factory
    try:
        import weasyprint  # noqa: F401
    except Exception:  # the ordinary import that follows says what is wrong
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        cffi.FFI = plain_ffi


class _StaleDeclarations(ImportError):
    """WeasyPrint declared other C functions than those compiled."""


def _prebuilt_ffi() -> Any:
    """A cffi FFI built from WeasyPrint's compiled declarations, compiling them into the
    user's cache first if needed; None when WeasyPrint's source cannot be read so."""
    import importlib.util

    import _cffi_backend
    import cffi

    # The package's spec, not the module's: finding a submodule imports its package.
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or spec.origin is None:
        return None
    module = Path(spec.origin).parent.joinpath(*_FFI_MODULE.split(".")[1:]).with_suffix(".py")
    declarations = _cdef_source(module.read_text(encoding="utf-8"))
    if declarations is None:
        return None
    key = hashlib.sha256(f"{cffi.__version__}\0{sys.version}\0{declarations}".encode()).hexdigest()[
        :24
    ]
    cached = _user_cache() / "cffi" / f"weasyprint-{key}.py"
    try:
        arguments = _ffi_arguments(cached.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, TypeError, ValueError):  # missing or damaged: compile
        _compile_declarations(declarations, cached)
        arguments = _ffi_arguments(cached.read_text(encoding="utf-8"))

    class CompiledFFI(_cffi_backend.FFI):  # type: ignore[misc]
        def cdef(self, csource: str, *args: Any, **kwargs: Any) -> None:
            if csource != declarations or args or kwargs:
                raise _StaleDeclarations(_FFI_MODULE)

    return CompiledFFI(*arguments[0], **arguments[1])


def _cdef_source(module_source: str) -> str | None:
    """The C declarations a module passes to ``ffi.cdef``, if it passes exactly one
    string literal."""
    found = [
        node.args[0].value
        for node in ast.walk(ast.parse(module_source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "cdef"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]
    return found[0] if len(found) == 1 else None


def _compile_declarations(declarations: str, target: Path) -> None:
    """Write cffi's out-of-line module for ``declarations`` to ``target``, atomically:
    processes racing to write it each write the same text."""
    import cffi

    builder = cffi.FFI()
    builder.cdef(declarations)
    builder.set_source("_pubkit_weasyprint_ffi", None, compiler_verbose=0)
    # cffi writes a file of its own naming: in a temporary folder, then copied whole.
    with tempfile.TemporaryDirectory(prefix="pubkit-cffi-") as scratch:
        emitted = Path(scratch) / "ffi.py"
        builder.emit_python_code(str(emitted))
        write_atomic(target, emitted.read_bytes())


def _ffi_arguments(module_source: str) -> tuple[list[Any], dict[str, Any]]:
    """The arguments of the ``_cffi_backend.FFI(...)`` call that cffi's emitted module
    makes, read as literals: the cache is data, never executed."""
    for node in ast.walk(ast.parse(module_source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "FFI"
        ):
            args = [ast.literal_eval(arg) for arg in node.args]
            kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
            return args, kwargs
    raise ValueError("no FFI(...) call in the compiled declarations")


def _user_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pubkit"


def make_fetcher(roots: Sequence[Path], font_dir: Path) -> Any:
    """A WeasyPrint URL fetcher that serves only files under ``roots`` and data: URIs."""
    weasyprint = _weasyprint(font_dir)
    allowed = tuple(root.resolve() for root in roots)

    class AssetFetcher(weasyprint.URLFetcher):  # type: ignore[misc,name-defined]
        refused: list[str]

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in allowed) and path.is_file():
                    return weasyprint.urls.URLFetcherResponse(
                        url, path.read_bytes(), {"Content-Type": _mime(path)}
                    )
            self.refused.append(url)
            raise ValueError(f"pubkit refuses to fetch {url}")

    fetcher = AssetFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)
    fetcher.refused = []
    return fetcher


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".ttf": "font/ttf",
        ".otf": "font/otf",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
    }.get(path.suffix.lower(), "application/octet-stream")


def _crop_to_trim_box(document: Any, pdf: Any) -> None:
    """Finisher: turn a page laid out with bleed into a plain page of the trim size."""
    for page in pdf.objects:
        if isinstance(page, dict) and page.get("Type") == "/Page" and "TrimBox" in page:
            page["MediaBox"] = page.pop("TrimBox")
            page.pop("BleedBox", None)


def render_pdfs(
    html: str,
    base_dir: Path,
    roots: Sequence[Path],
    font_dir: Path,
    variants: Sequence[str],
) -> dict[str, Rendered]:
    """Lay ``html`` out once (with bleed) and write each requested PDF variant from it.

    Relative URLs resolve in ``base_dir``; only files under ``roots`` can be read.
    """
    for variant in variants:
        if variant not in PDF_VARIANTS:
            known = ", ".join(PDF_VARIANTS)
            raise PubkitError(f"unknown PDF variant {variant!r} (known: {known})")
    weasyprint = _weasyprint(font_dir)
    fetcher = make_fetcher(roots, font_dir)
    document = weasyprint.HTML(
        string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
    ).render()
    with _dated(document.metadata.created):
        written = _write_variants(document, variants)
    refused = tuple(fetcher.refused)
    return {
        variant: Rendered(written[variant], len(document.pages), refused) for variant in variants
    }


@contextlib.contextmanager
def _dated(created: str | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set meanwhile (here and in the processes forked meanwhile) to
    ``created``, the date the HTML gives the PDF (``dcterms.created``), for the libraries
    that stamp what they make with the time.

    WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is installed, else with
    fontTools (a plain ``pip install`` brings no system library), which writes the time
    into each font it saves (head.modified): SOURCE_DATE_EPOCH when set, else the clock's,
    and two builds a minute apart would differ. pubkit's HTML for PDFs always has a date;
    without one (or an unreadable one), the environment is left as it is."""
    epoch = _epoch(created)
    if epoch is None:
        yield
        return
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _epoch(date: str | None) -> int | None:
    """Seconds since 1970 of an ISO date (UTC unless it says otherwise), never fewer than
    0, which SOURCE_DATE_EPOCH cannot say; None for no date or an unreadable one."""
    if date is None:
        return None
    try:
        moment = datetime.fromisoformat(date)
    except ValueError:
        return None
    return max(0, int(moment.replace(tzinfo=moment.tzinfo or UTC).timestamp()))


def _write(document: Any, variant: str) -> bytes:
    finisher = _crop_to_trim_box if variant == "screen" else None
    data: bytes = document.write_pdf(
        pdf_identifier=True, finisher=finisher, **PDF_VARIANTS[variant]
    )
    return data


def _write_variants(document: Any, variants: Sequence[str]) -> dict[str, bytes]:
    """Write each variant of one laid-out document, at the same time in forked copies:
    they only read the layout, and each write (font subsetting, serialising) costs about
    as much as the layout itself. Each is thus written from the untouched layout, the
    same bytes whichever other variants are asked for."""
    written = fork_map(functools.partial(_write, document), list(variants))
    return dict(zip(variants, written, strict=True))


def preload(font_dir: Path) -> None:
    """Import WeasyPrint now, so that processes forked later inherit it."""
    _weasyprint(font_dir)


def start_renderer(render: Callable[[T], R], font_dir: Path, limit: int) -> Zygote[T, R]:
    """Fork, now, the process that imports WeasyPrint while the caller goes on making
    HTML; ``render`` then runs on each job it is sent, ``limit`` at a time."""
    return Zygote(functools.partial(preload, font_dir), render, limit)
