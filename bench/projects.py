"""The projects the benchmarks run on: copies, the synthetic project, edition HTML, edits."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from harness import BENCH, PYTHON, REPO, environment, run

BIG = BENCH / "out" / "big"
EPOCH = "1767323040"  # SOURCE_DATE_EPOCH of the release benchmarks (as the tests)
# po4a: the text module's Markdown mode, reading from the YAML front matter only the keys
# pubkit translates (po4a 0.69 parses front matter itself; yfm_keys narrows it).
YFM_KEYS = "title,subtitle,author_bio,keywords,published_by,role,licence,disclaimer,credit"
PO4A = ["-f", "text", "-o", "markdown", "-o", f"yfm_keys={YFM_KEYS}", "-M", "utf-8"]
PROJECT_FILES = ("pyproject.toml", "content", "locale")
EDIT_PHRASES = (
    "En effet, ", "Par ailleurs, ", "De fait, ", "Ainsi, ", "Certes, ", "Or, ",
    "Toutefois, ", "D'ailleurs, ", "En outre, ", "Du reste, ", "Pourtant, ", "Cependant, ",
)  # fmt: skip


def generate(blocks: int, seed: int, reuse: bool) -> None:
    """Write the synthetic project into bench/out/big, unless ``reuse`` and it matches."""
    summary_path = BIG / "summary.json"
    if reuse and summary_path.is_file():
        summary = json.loads(summary_path.read_text())
        if summary.get("blocks") == blocks and summary.get("seed") == seed:
            print(f"reusing {BIG.relative_to(REPO)}")
            return
    print(f"generating {BIG.relative_to(REPO)} ({blocks} blocks)", flush=True)
    run(
        [PYTHON, BENCH / "generate.py", "--out", BIG, "--blocks", str(blocks), "--seed", str(seed)],
        REPO,
    )


def copy_project(source: Path, target: Path, names: Sequence[str] | None = None) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    skipped = {".pubkit-cache", "dist"}  # caches and outputs: every copy starts clean
    for name in names or sorted(p.name for p in source.iterdir() if p.name not in skipped):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            shutil.copyfile(path, target / name)
    return target


def git_commit(folder: Path) -> None:
    git = ["git", "-c", "user.name=pubkit bench", "-c", "user.email=bench@example.org"]
    run(["git", "init", "-q"], folder)
    run([*git, "add", "-A"], folder)
    run([*git, "commit", "-q", "-m", "bench snapshot"], folder)


def real_copy(work: Path, name: str) -> Path:
    """A copy of the real project (brief, catalogs; the packaged theme) under git, as a
    user has it."""
    root = copy_project(REPO, work / name, PROJECT_FILES)
    git_commit(root)
    return root


def fuzzy_count(path: Path) -> tuple[int, int]:
    """(active entries, fuzzy entries) of a PO file."""
    import polib

    catalog = polib.pofile(str(path))
    active = [e for e in catalog if not e.obsolete]
    return len(active), sum("fuzzy" in e.flags for e in active)


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(str(path)).pages)


def edition_htmls(root: Path, langs: Sequence[str], out: Path, epoch: str | None) -> list[Path]:
    """The HTML pubkit gives WeasyPrint for each language's PDFs, written to ``out``."""
    from pubkit.config import load_project
    from pubkit.publish.build import edition_html
    from pubkit.render.edition import make_edition

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with environment(SOURCE_DATE_EPOCH=epoch):
        project = load_project(root)
        publication = project.publications[0]
        for lang in langs:
            edition = make_edition(project, publication, lang)
            path = out / f"{lang}.html"
            path.write_text(edition_html(project, edition, for_pdf=True), encoding="utf-8")
            paths.append(path)
    return paths


def isolated_fonts(font_dir: Path, work: Path) -> str:
    """A fontconfig file listing only the project's fonts, as pubkit gives WeasyPrint, so
    that WeasyPrint alone uses the same fonts and the same fontconfig work."""
    cache = work / "fontconfig-cache"
    cache.mkdir(parents=True, exist_ok=True)
    config = work / "fonts.conf"
    config.write_text(
        "<?xml version='1.0'?>\n<!DOCTYPE fontconfig SYSTEM 'urn:fontconfig:fonts.dtd'>\n"
        f"<fontconfig><dir>{font_dir}</dir><cachedir>{cache}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return str(config)


def french_editor(po: Path) -> Callable[[int], None]:
    """Each call changes one French paragraph's msgstr (polib + write_catalog)."""
    from pubkit.catalogs.pofile import read_catalog, write_catalog

    original: dict[str, str] = {}

    def edit(number: int) -> None:
        catalog = read_catalog(po)
        entry = next(e for e in catalog if e.comment.startswith("Paragraph") and e.msgstr)
        text = original.setdefault(entry.msgid, entry.msgstr)
        phrase = EDIT_PHRASES[number % len(EDIT_PHRASES)]
        if number >= len(EDIT_PHRASES):
            phrase += EDIT_PHRASES[(number // len(EDIT_PHRASES)) % len(EDIT_PHRASES)]
        entry.msgstr = phrase + text[0].lower() + text[1:]
        write_catalog(catalog, po)

    return edit
