"""A project's design checked before anything is printed: every file of the theme, every
file the options name, the theme's words; each problem reported against the theme file
(or the configuration's line) that causes it, never later as a crash."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from pubkit.config import Project
from pubkit.errors import PubkitError
from pubkit.fileio import read_project_bytes
from pubkit.render.fonts import FontFile, family_name, read_font
from pubkit.theme.design import Design
from pubkit.theme.files import STYLESHEET, STYLESHEETS, TEMPLATE, ThemeFiles
from pubkit.theme.labels import Label, required_labels, theme_labels
from pubkit.theme.options import ConfiguredFile, ThemeOptions
from pubkit.theme.stylesheets import FontFace, font_faces, references, theme_name

PRINTED_LABELS = {
    "edition": "the imprint's line on the edition and its translator",
    "unknown_translator": "the imprint's word for a translator not recorded",
    "reviewed": "the imprint's line on the review",
    "draft": "the imprint's note on a draft translation",
    "fallback": "the imprint's note on passages printed in another language",
    "partial": "the imprint's note on a partial edition",
    "colophon": "the colophon",
    "colophon_fonts": "the colophon when the project sets its fonts",
}
"""The labels pubkit prints itself (the template asks for its own by name)."""

ROLE_PROPERTIES = {"serif": "--serif", "sans": "--sans", "display": "--display"}
"""The custom property of the theme's stylesheet that names each role's family."""

PNG = b"\x89PNG\r\n\x1a\n"
# An SVG's reference to another file: href, xlink:href or src attributes, and url().
_SVG_REFERENCE = re.compile(
    r"""(?:\b(?:xlink:)?href|\bsrc)\s*=\s*(?:"([^"]*)"|'([^']*)')|url\(\s*["']?([^"')\s]*)"""
)


def load_design(project: Project, cache_dir: Path | None = None) -> Design:
    """The project's design, or a PubkitError about its first problem (and how many more
    there are): called by build and release before they write anything."""
    problems: list[PubkitError] = []
    design = collect_design(project, problems.append, cache_dir)
    if problems or design is None:
        first = problems[0]
        if len(problems) > 1:
            first = PubkitError(
                f"{first.message} (and {len(problems) - 1} more design problem(s): "
                "'pubkit check' lists them)",
                first.path,
                first.line,
            )
        raise first
    return design


def design_problems(project: Project, cache_dir: Path | None = None) -> list[PubkitError]:
    """Every problem of the project's design (``pubkit check`` reports them)."""
    problems: list[PubkitError] = []
    collect_design(project, problems.append, cache_dir)
    return problems


def collect_design(
    project: Project, report: Callable[[PubkitError], None], cache_dir: Path | None
) -> Design | None:
    """The project's design, each of its problems given to ``report``; None when there is
    any."""
    files = ThemeFiles(project.styles_dir, project.root)
    try:
        files.listing()
    except PubkitError as error:  # a link or a pipe in the theme folder: nothing is safe
        report(error)
        return None
    count = _Counter(report)
    template = files.find(TEMPLATE)
    if template is None or not template.packaged:  # pubkit's own is compiled by its tests
        from pubkit.render.html import check_template  # Jinja2: only for a project's own

        try:
            check_template(files)
        except PubkitError as error:
            count(error)
    faces: list[tuple[FontFace, FontFile]] = []
    theme_fonts: list[tuple[str, FontFile]] = []
    properties: dict[str, str] = {}
    for name in STYLESHEETS:
        for face, theme_name_of, font in _stylesheet(files, name, count, properties, cache_dir):
            faces.append((face, font))
            theme_fonts.append((theme_name_of, font))
    options = project.theme
    configured = _configured_files(project, options, count, cache_dir)
    labels: dict[str, Label] = {}
    try:
        labels = theme_labels(files)
        required_labels(labels, PRINTED_LABELS)
    except PubkitError as error:
        count(error)
    replaced = {properties.get(ROLE_PROPERTIES[family.role]) for family in options.fonts}
    fonts = [font for face, font in faces if face.family not in replaced]
    fonts += [
        configured[file.path]
        for family in options.fonts
        for _, file in family.faces
        if file.path in configured  # else reported
    ]
    names: list[str] = []
    for family in options.fonts:
        regular = configured.get(family.face("regular").path)
        if regular is not None:
            try:
                names.append(family_name(regular, cache_dir, project.root))
            except PubkitError as error:
                count(error)
    if not fonts and not count.problems:
        count(PubkitError("the theme's stylesheets declare no font (@font-face)", STYLESHEET))
    if count.problems:
        return None
    unique = tuple({font.path: font for font in fonts}.values())
    return Design(
        files=files,
        options=options,
        root=project.root,
        labels=labels,
        fonts=unique,
        theme_fonts=tuple({name: font for name, font in theme_fonts}.items()),
        font_names=tuple(dict.fromkeys(name for name in names if name)),
    )


class _Counter:
    """``report``, counting what it is given."""

    def __init__(self, report: Callable[[PubkitError], None]):
        self.report = report
        self.problems = 0

    def __call__(self, error: PubkitError) -> None:
        self.problems += 1
        self.report(error)


def _stylesheet(
    files: ThemeFiles,
    name: str,
    report: Callable[[PubkitError], None],
    properties: dict[str, str],
    cache_dir: Path | None,
) -> Iterator[tuple[FontFace, str, FontFile]]:
    """The font faces of the theme's stylesheet ``name``, each file read as a font;
    every URL it names must be a file of the theme (or a data: URI)."""
    try:
        sheet = files.get(name, "stylesheet")
        text = sheet.read_text("stylesheet")
    except PubkitError as error:
        report(error)
        return
    properties.update(_custom_properties(text))
    for reference in references(text):
        problem = _reference_problem(files, reference.url, name)
        if problem is not None:
            report(PubkitError(problem, sheet.shown, reference.line))
    for face in font_faces(text):
        for reference in face.urls:
            target = theme_name(reference.url, name)
            found = files.find(target) if target is not None else None
            if found is None:
                continue  # reported above
            font = FontFile(found.path, found.root, found.shown)
            try:
                read_font(font, cache_dir, files.root)
            except PubkitError as error:
                report(error)
                continue
            yield face, found.name, font


def _reference_problem(files: ThemeFiles, url: str, stylesheet: str) -> str | None:
    if url.startswith(("data:", "#")):
        return None
    name = theme_name(url, stylesheet)
    if name is None:
        return (
            f"the stylesheet asks for {url!r}: pubkit reads only the theme's own files "
            "(relative URLs) and data: URIs, nothing from the network or elsewhere"
        )
    if files.find(name) is None:
        return (
            f"the stylesheet asks for {url!r}, which the theme does not have "
            f"(no file {name!r}: a misspelt name?)"
        )
    return None


_PROPERTY = re.compile(r"(--[a-z-]+)\s*:\s*\"([^\"\n]*)\"")


def _custom_properties(text: str) -> dict[str, str]:
    """The font families the stylesheet's custom properties name (``--serif: "X"``)."""
    return {
        name: value for name, value in _PROPERTY.findall(text) if name in ROLE_PROPERTIES.values()
    }


def _configured_files(
    project: Project,
    options: ThemeOptions,
    report: Callable[[PubkitError], None],
    cache_dir: Path | None,
) -> dict[Path, FontFile]:
    """The files the options name, each checked: the fonts read as fonts, the logo as an
    SVG or PNG image. The fonts, by path."""
    fonts: dict[Path, FontFile] = {}
    for file in options.files():
        shown = project.relative(file.path)
        if not os.path.lexists(file.path):
            report(file.error(f"{shown!r} does not exist"))
            continue
        font = FontFile(file.path, project.root, shown)
        try:
            if file is options.logo:
                _check_logo(file, font)
            else:
                read_font(font, cache_dir, project.root)
                fonts[file.path] = font
        except PubkitError as error:
            at_file = error.path == shown and error.line is not None  # a line of the file
            report(error if at_file or error.path == file.config else _at_key(file, error))
    return fonts


def _at_key(file: ConfiguredFile, error: PubkitError) -> PubkitError:
    """An error about a file the options name, at the key that names it."""
    return file.error(f"{error.path}: {error.message}" if error.path else error.message)


def _check_logo(file: ConfiguredFile, font: FontFile) -> None:
    """A logo is a PNG image, or an SVG image that names no other file (a PDF could not
    embed it, and pubkit fetches nothing)."""
    suffix = file.path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise file.error(f"{font.shown}: a logo must be an SVG or PNG image (.svg, .png)")
    data = read_project_bytes(font.path, font.root, "logo", font.shown)
    if suffix == ".png":
        if not data.startswith(PNG):
            raise PubkitError("not a PNG image", font.shown)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PubkitError("an SVG image must be UTF-8 text", font.shown) from None
    if "<svg" not in text:
        raise PubkitError("not an SVG image (no <svg> element)", font.shown)
    for found in _SVG_REFERENCE.finditer(text):
        target = next(group for group in found.groups() if group is not None)
        if target and not target.startswith(("#", "data:")):
            line = text.count("\n", 0, found.start()) + 1
            raise PubkitError(
                f"the logo refers to {target!r}: embed it (a data: URI) or draw it in the SVG; "
                "pubkit fetches no other file",
                font.shown,
                line,
            )
