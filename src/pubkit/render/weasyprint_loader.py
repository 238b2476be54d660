"""WeasyPrint imported the way pubkit needs it: fontconfig limited to the design's fonts,
and cffi's C declarations compiled ahead.

The only module that imports WeasyPrint (:func:`load_weasyprint`), and only when a PDF is
made, so the command line starts fast.

**Fontconfig.** It is pointed at a configuration listing only the project's font folder,
so Pango cannot fall back to a system font. The configuration and fontconfig's cache go
in the user's cache, else in a private temporary folder: never a shared, predictable
path where another user could plant links or font caches.

**The cffi declarations cache.** WeasyPrint reaches Pango through cffi's in-line ABI
mode: ``weasyprint/text/ffi.py`` calls ``ffi.cdef()`` with some 500 lines of C
declarations, which cffi parses with pycparser on every import, and every C type it
meets later (``hb_codepoint_t[38]``…) again in every process. :func:`_import_weasyprint`
compiles those declarations once into cffi's out-of-line form (``set_source(name, None)``
and ``emit_python_code``, no C compiler involved), kept in ``~/.cache/pubkit/cffi/``
(``$XDG_CACHE_HOME``), and hands WeasyPrint an FFI built from it, which cffi reads in C:
the same library calls, 43 % less import time (bench/MACHINERY.md). Parsing the
declarations is no longer what costs (pycparser 3 takes 0.02 s): four fifths of the gain
is that the compiled FFI's ``dlopen`` does not call ``ctypes.util.find_library`` (which
runs ``ldconfig``, ``gcc`` and ``ld``) for each of the other platforms' library names
WeasyPrint tries before the Linux one; the rest is cffi building C types in Python, once
per process. The file is read as data
(:func:`_ffi_arguments`), never run. When it cannot be written, is damaged, or no longer
matches the declarations of the installed WeasyPrint, the ordinary import is used: any
failure costs speed, never a render.

``PUBKIT_CFFI_CACHE=0`` (or ``false``, ``no``, ``off``) turns the cache off: WeasyPrint
is then imported the ordinary way and nothing is compiled or read. Set it to measure what
the cache earns (bench/), or to rule it out when something looks wrong.

What upstream would need for the cache to go away: first, ``_dlopen`` in
``weasyprint/text/ffi.py`` trying the running platform's library names only (the Linux
soname first), a few lines that take most of the gain (the symptom, gcc started at
import, is Kozea/WeasyPrint#1125, closed without a change); then WeasyPrint shipping its
declarations in cffi's out-of-line ABI form, a module generated when the wheel is built (still pure
Python, one wheel for every platform) that ``weasyprint/text/ffi.py`` imports instead of
calling ``cdef()`` (as python-soundfile did, bastibe/python-soundfile#211). Its import
time was raised upstream as Kozea/WeasyPrint#2073, about Python imports, and closed
without this. Once a WeasyPrint release does so, :func:`_cdef_source` finds no ``cdef()``
call and this module already falls back to the plain import: delete the cache then.
"""

from __future__ import annotations

import ast
import atexit
import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pubkit.errors import PubkitError
from pubkit.fileio import Roots
from pubkit.usercache import private_folder, user_cache
from pubkit.writing import write_atomic

SWITCH = "PUBKIT_CFFI_CACHE"
_OFF = frozenset({"0", "false", "no", "off"})
_FFI_MODULE = "weasyprint.text.ffi"


def load_weasyprint(font_dir: Path, root: Roots = None) -> Any:
    """The ``weasyprint`` module, imported (once) with fontconfig limited to ``font_dir``,
    which must hold only regular files of the project under ``root`` (checked on every
    call: see :func:`pubkit.render.fonts.font_folder`)."""
    _isolate_fontconfig(font_dir, root)
    if "weasyprint" not in sys.modules:
        _import_weasyprint()
    import weasyprint

    return weasyprint


def preload(font_dir: Path, root: Roots = None) -> None:
    """Import WeasyPrint now, so that processes forked later inherit it."""
    load_weasyprint(font_dir, root)


def cffi_cache_enabled() -> bool:
    """Whether the compiled declarations are used (see the module docstring)."""
    return os.environ.get(SWITCH, "").strip().lower() not in _OFF


# -- fontconfig -----------------------------------------------------------------------------


def _isolate_fontconfig(font_dir: Path, root: Roots = None) -> None:
    """Give fontconfig a configuration whose only font folder is the project's, once its
    files are known to be regular files of the project: fontconfig follows links, and
    reads every file of the folder and of its subfolders as a possible font."""
    from pubkit.render.fonts import font_folder

    font_folder(font_dir, root)
    # Made again when gone: a fallback folder goes with its run's temporary folder, and
    # fontconfig without its configuration would use the system's fonts.
    current = os.environ.get("FONTCONFIG_FILE", "")
    if os.environ.get("PUBKIT_FONTCONFIG_DIR") == str(font_dir) and os.path.isfile(current):
        return
    directory = font_dir.resolve()  # absolute: fontconfig reads a leading ~ as home
    folder = _fontconfig_folder()
    config = folder / f"fonts-{hashlib.sha256(os.fsencode(directory)).hexdigest()[:12]}.conf"
    # A new file renamed over the old one: a link planted there is replaced, not followed.
    write_atomic(config, _fonts_conf(directory, folder), folder)
    os.environ["FONTCONFIG_FILE"] = str(config)
    os.environ["PUBKIT_FONTCONFIG_DIR"] = str(font_dir)


def _fontconfig_folder() -> Path:
    """A folder for fontconfig's configuration and cache that no other user can write to:
    the user's cache, else a new temporary folder for this process (in a run's private
    temporary folder, removed with it; see writing.private_temporaries)."""
    private = private_folder(user_cache() / "fontconfig")
    if private is not None:
        return private
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


# -- the cffi declarations cache ------------------------------------------------------------


def _import_weasyprint() -> None:
    """Import WeasyPrint with its cffi declarations compiled ahead (see the module
    docstring); if that is switched off or anything about it fails, do nothing: the
    caller's ordinary import follows."""
    if not cffi_cache_enabled():
        return
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
    cached = user_cache() / "cffi" / f"weasyprint-{key}.py"
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
        write_atomic(target, emitted.read_bytes(), target.parent)


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
