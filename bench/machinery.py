"""Measure two pieces of pubkit's machinery: the renderer's zygote and the cffi declarations cache.

1. ``renders``: the 3 editions of the brief (HTML made by pubkit in the measured
   process, as a release makes it), each laid out once and written as both PDF variants
   by ``pubkit.publish.renderer.render_job``, in a fresh process, through: pubkit's
   zygote (``pubkit.publish.renderer.Renderer``, 2 at a time and release's limit); the
   standard library's forkserver and a pool of 2 workers, WeasyPrint preloaded in the
   forkserver (plainly, or through pubkit's import); pubkit's ``fork_map`` once
   WeasyPrint is imported (no zygote); and one process, serially. Wall and CPU time of
   the process tree.
2. ``cffi``: ``import weasyprint`` in a fresh process: plainly, plainly with
   ``ctypes.util.find_library`` stubbed out, and through pubkit's compiled declarations
   (warm cache, and cold: the cache built by that run); then the same imports followed
   by one render of the French edition.

Both run in interleaved rounds after a warm-up round (bench/harness.py). See MACHINERY.md.

    .venv/bin/python bench/machinery.py [--runs 9] [--only renders,cffi] [--keep]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from harness import PYTHON, Timing, command, compile_bytecode, measure, run, scratch

if TYPE_CHECKING:
    from pubkit.publish.renderer import PdfJob

SCRIPT = str(Path(__file__).resolve())
LANGS = ("en", "fr", "bm")
KINDS = ("screen", "print")
WORKERS = 2
# Set for the forkserver that preloads WeasyPrint through pubkit's import: it preloads this
# file as the module "machinery", which then does that. ("__main__" in the preload list
# would do nothing: Python 3.11's forkserver never imports it, python/cpython#98552.)
PRELOAD_FONTS = "BENCH_PRELOAD_FONTS"
if __name__ == "machinery" and os.environ.get(PRELOAD_FONTS):
    from pubkit.render.weasyprint_loader import preload

    preload(Path(os.environ[PRELOAD_FONTS]))

RENDERERS = ("zygote", "zygote-release", "forkserver", "forkserver-pubkit", "fork_map", "serial")


# -- in the measured process ------------------------------------------------------------------


def editions(root: Path) -> list[PdfJob]:
    """The jobs of the 3 editions, their HTML made by pubkit as a release makes it."""
    from pubkit.config import load_project
    from pubkit.publish.build import edition_html, project_design
    from pubkit.publish.renderer import pdf_job
    from pubkit.render.edition import make_edition

    project = load_project(root)
    publication = project.publications[0]
    design = project_design(project)
    return [
        pdf_job(
            project,
            publication,
            edition_html(
                project, make_edition(project, publication, lang), for_pdf=True, design=design
            ),
            KINDS,
            design,
        )
        for lang in LANGS
    ]


def render_all(method: str, root: Path, out: Path) -> None:
    """Render the 3 editions by ``method`` and write their PDFs into ``out``. Each edition
    is rendered by ``pubkit.publish.renderer.render_job``, as build and release do."""
    from pubkit.theme.files import FALLBACK_FONTS

    fonts, fonts_root = FALLBACK_FONTS
    if method.startswith("zygote"):
        from pubkit.publish.renderer import Renderer

        # release's limit is max(2, 2 × CPUs); build's min(CPUs, editions)
        limit = max(2, 2 * (os.cpu_count() or 1)) if method == "zygote-release" else WORKERS
        with Renderer(fonts, limit, fonts_root) as renderer:  # forks the zygote
            renderer.send(editions(root))
            results = [result for _, result in sorted(renderer.results(), key=lambda r: r[0])]
    elif method.startswith("forkserver"):
        import multiprocessing
        import multiprocessing.forkserver
        from concurrent.futures import ProcessPoolExecutor

        from pubkit.publish.renderer import render_job

        context = multiprocessing.get_context("forkserver")
        if method == "forkserver-pubkit":
            # 3.11's forkserver ignores sys.path (python/cpython#117378): PYTHONPATH it is
            paths = [str(Path(SCRIPT).parent), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
            os.environ[PRELOAD_FONTS] = str(fonts)
            context.set_forkserver_preload(["machinery"])
        else:
            context.set_forkserver_preload(["weasyprint"])
        multiprocessing.forkserver.ensure_running()  # it imports while the HTML is made
        jobs = editions(root)
        with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
            results = list(pool.map(render_job, jobs))
        multiprocessing.forkserver._forkserver._stop()  # type: ignore[attr-defined]  # reaped: its CPU time counts
    else:
        from pubkit.forking import fork_map
        from pubkit.publish.renderer import render_job
        from pubkit.render.weasyprint_loader import preload

        jobs = editions(root)
        preload(fonts, fonts_root)
        # fork_map: no zygote, WeasyPrint imported after the HTML, one fork per edition
        results = (
            fork_map(render_job, jobs) if method == "fork_map" else list(map(render_job, jobs))
        )
    for lang, result in zip(LANGS, results, strict=True):
        for kind, pdf in result.pdfs.items():
            (out / f"{lang}-{kind}.pdf").write_bytes(pdf.data)


def import_and_render(how: str, html: Path, root: Path) -> None:
    """Import WeasyPrint (``plain``, ``no-find`` or through pubkit), then render one
    edition's PDFs."""
    if how == "no-find":
        no_find_library()
    if how in ("plain", "no-find"):
        import weasyprint  # noqa: F401  (pubkit then finds it imported, and keeps it)
    from pubkit.render.pdf import render_pdfs
    from pubkit.theme.files import FALLBACK_FONTS, ThemeFiles

    styles = root / "styles"
    fonts, fonts_root = FALLBACK_FONTS
    theme = ThemeFiles(styles, root).layers
    html_text = html.read_text(encoding="utf-8")
    render_pdfs(
        html_text,
        styles,
        (root / "content",),
        fonts,
        KINDS,
        root,
        theme=theme,
        font_root=fonts_root,
    )


def no_find_library() -> None:
    """Make ``ctypes.util.find_library`` fail at once. cffi's in-line ``dlopen`` calls it
    (it runs ldconfig, gcc and ld) for each name that does not load as given; WeasyPrint
    tries several names per library, the Linux soname 4th. Without it, the same library
    loads by that soname: as if WeasyPrint tried the platform's own name first."""
    import ctypes.util

    ctypes.util.find_library = lambda name: None


# -- the benchmarks -------------------------------------------------------------------------


def bench_renders(work: Path, runs: int) -> list[str]:
    from projects import EPOCH, real_copy

    root = real_copy(work, "renders")
    env = {**_private_tmp(work), "SOURCE_DATE_EPOCH": EPOCH}
    outs = {method: work / "renders-out" / method for method in RENDERERS}
    for out in outs.values():
        out.mkdir(parents=True)
    timed = measure(
        {
            method: (command([PYTHON, SCRIPT, "render", method, root, out], work, env), None)
            for method, out in outs.items()
        },
        runs,
    )
    digests = {method: _digest(out) for method, out in outs.items()}
    same = len(set(digests.values())) == 1
    lines = _table(timed, "renders: 3 editions × 2 variants (HTML made in the process)")
    lines.append(f"PDFs identical across methods: {'yes' if same else f'NO: {digests}'}")
    return lines


def bench_cffi(work: Path, runs: int) -> list[str]:
    from projects import EPOCH, edition_htmls, real_copy

    root = real_copy(work, "cffi")
    (html,) = edition_htmls(root, ["fr"], work / "cffi-html", EPOCH)
    warm, cold = work / "cache-warm", work / "cache-cold"
    env = {**_private_tmp(work), "XDG_CACHE_HOME": str(warm)}
    cold_env = {**env, "XDG_CACHE_HOME": str(cold)}
    plain = [PYTHON, "-c", "import weasyprint"]
    stub = "import ctypes.util; ctypes.util.find_library = lambda name: None"
    no_find = [PYTHON, "-c", f"{stub}; import weasyprint"]  # as no_find_library() does
    cached = [
        PYTHON,
        "-c",
        "import pubkit.render.weasyprint_loader as p; p._import_weasyprint(); import weasyprint",
    ]
    fonts = "from pubkit.theme.files import FALLBACK_FONTS as F; p.preload(*F)"
    run([*cached[:-1], f"{cached[-1]}; {fonts}"], work, env)
    check = "import weasyprint.text.ffi as f; print(type(f.ffi).__name__)"
    compiled = run([*cached[:-1], f"{cached[-1]}; {check}"], work, env).stdout.strip()

    def empty(_: int) -> None:
        shutil.rmtree(cold, ignore_errors=True)

    render = [PYTHON, SCRIPT, "import-render"]
    timed = measure(
        {
            "import, plain": (command(plain, work, env), None),
            "import, plain, no find_library": (command(no_find, work, env), None),
            "import, cache warm": (command(cached, work, env), None),
            "import, cache cold (builds it)": (command(cached, work, cold_env), empty),
            "import + render fr, plain": (command([*render, "plain", html, root], work, env), None),
            "import + render fr, plain, no find_library": (
                command([*render, "no-find", html, root], work, env),
                None,
            ),
            "import + render fr, cache warm": (
                command([*render, "cached", html, root], work, env),
                None,
            ),
        },
        runs,
    )
    imports = {name: timing for name, timing in timed.items() if name.startswith("import,")}
    renders = {name: timing for name, timing in timed.items() if name not in imports}
    lines = [
        *_table(
            imports, "cffi: `import weasyprint` in a fresh process (XDG_CACHE_HOME in $TMPDIR)"
        ),
        *_table(renders, "cffi: the import, then the French edition laid out and written twice"),
    ]
    lines.append(f"the cached import's ffi is a {compiled} (CompiledFFI: the cache is used)")
    return lines


def _private_tmp(work: Path) -> dict[str, str]:
    """The environment with TMPDIR in the scratch folder: a fork that ends with os._exit
    leaves WeasyPrint's temporary font files behind (release and build give their
    renderers such a folder themselves; these runs call the renderer directly)."""
    tmp = work / "tmp"
    tmp.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp)}


def _digest(out: Path) -> str:
    files = sorted(out.iterdir())
    return hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()[
        :12
    ]


def _table(timed: dict[str, Timing], title: str) -> list[str]:
    """Median (min) of wall and CPU time, and the median of the differences of each round
    with the first row, which a slow spell of a shared machine moves less."""
    first = next(iter(timed.values()))
    head = f"| what | wall | CPU (user + system) | wall − {next(iter(timed))}, per round |"
    lines = [f"### {title}", "", head, "|---|---|---|---|"]
    for name, timing in timed.items():
        paired = statistics.median(
            a - b for a, b in zip(timing.samples, first.samples, strict=True)
        )
        cells = [name, timing.show(), Timing(timing.cpu).show(), f"{paired:+.3f} s"]
        lines.append(f"| {' | '.join(cells)} |")
    return [*lines, ""]


BENCHES: dict[str, Callable[[Path, int], list[str]]] = {
    "renders": bench_renders,
    "cffi": bench_cffi,
}


def main() -> None:
    if sys.argv[1:2] == ["render"]:  # one measured run
        render_all(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    if sys.argv[1:2] == ["import-render"]:
        import_and_render(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed rounds (default 9)")
    parser.add_argument("--only", default=",".join(BENCHES), help="renders,cffi (default both)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    if set(only) - set(BENCHES) or args.runs < 1:
        parser.error("--only takes renders and cffi; --runs must be at least 1")
    compile_bytecode()
    with scratch(args.keep) as work:
        for name in only:
            print(f"{name}: {args.runs} rounds after a warm-up round", flush=True)
            before = os.getloadavg()
            lines = BENCHES[name](work, args.runs)
            load = ", ".join(
                f"{a:.1f}→{b:.1f}" for a, b in zip(before, os.getloadavg(), strict=True)
            )
            print("\n".join([*lines, f"load average (1, 5, 15 min) before→after: {load}"]))


if __name__ == "__main__":
    main()
