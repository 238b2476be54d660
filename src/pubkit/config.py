"""Project configuration: ``[tool.pubkit]`` in pyproject.toml, or a standalone pubkit.toml."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pubkit.errors import PubkitError, shown_path
from pubkit.fileio import read_utf8
from pubkit.schema import (
    ArrayOfTables,
    At,
    Flag,
    Key,
    KeyPath,
    ListOf,
    Number,
    ProjectPath,
    Table,
    TableOf,
    Text,
)
from pubkit.theme.options import THEME, ThemeOptions, theme_options

CONFIG_FILES = ("pubkit.toml", "pyproject.toml")
# A language code as pubkit uses it (catalog folders, lang attributes, Babel): an ISO 639
# language, then an optional script and region, joined by '-' or '_' ("pt-BR", "sr_Latn").
# Matched case-insensitively here; the case Babel and gettext expect is checked apart.
_CODE = re.compile(
    r"(?P<language>[a-z]{2,3})(?:(?P<sep>[-_])(?P<script>[a-z]{4}))?"
    r"(?:[-_](?P<region>[a-z]{2}|[0-9]{3}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Language:
    """A language pubkit publishes in, with the chain it falls back along."""

    code: str
    fallback: tuple[str, ...]
    threshold: float


@dataclass(frozen=True)
class Publication:
    """One source document and the gettext domain of its catalogs."""

    source: Path
    domain: str


@dataclass(frozen=True)
class Project:
    """Everything pubkit needs to know about a publication repository."""

    root: Path
    config_path: Path
    source_language: str
    languages: tuple[Language, ...]
    publications: tuple[Publication, ...]
    locale_dir: Path
    styles_dir: Path
    dist_dir: Path
    glossary: Path | None
    theme: ThemeOptions = field(default_factory=ThemeOptions)

    def language(self, code: str) -> Language:
        for language in self.languages:
            if language.code == code:
                return language
        known = ", ".join(lang.code for lang in self.languages)
        raise PubkitError(f"language {code!r} is not configured (configured: {known})")

    def pot_path(self, publication: Publication) -> Path:
        return self.locale_dir / f"{publication.domain}.pot"

    def po_path(self, publication: Publication, lang: str) -> Path:
        return self.domain_po_path(publication.domain, lang)

    def domain_po_path(self, domain: str, lang: str) -> Path:
        """The catalog of a gettext domain (a publication's, or the theme's) in ``lang``."""
        return self.locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"

    @property
    def fonts_dir(self) -> Path:
        """The fonts folder of the project's theme folder (its files replace or add to
        the default theme's)."""
        return self.styles_dir / "fonts"

    @property
    def theme_pot_path(self) -> Path:
        """The template of the theme's words for this project (pubkit.theme.labels)."""
        return self.locale_dir / f"{THEME_DOMAIN}.pot"

    def theme_po_path(self, lang: str) -> Path:
        return self.domain_po_path(THEME_DOMAIN, lang)

    @property
    def cache_dir(self) -> Path:
        """What pubkit keeps between runs of this project; safe to delete."""
        return self.root / ".pubkit-cache"

    @property
    def render_cache_dir(self) -> Path:
        """Rendered PDFs by the hash of what they depend on (see pubkit.publish.cache)."""
        return self.cache_dir / "renders"

    @property
    def font_cache_dir(self) -> Path:
        """What fontTools read of each font (cmaps, versions), by the font's hash."""
        return self.cache_dir / "fonts"

    @property
    def write_roots(self) -> tuple[Path, ...]:
        """Where pubkit may write (see fileio.writable_folder): the project, and the dist
        folder when it is configured outside (allow-dist-outside-project)."""
        real = os.path.realpath(self.root)
        if os.path.commonpath([real, os.path.realpath(self.dist_dir)]) == real:
            return (self.root,)
        return (self.root, self.dist_dir)

    @property
    def temporary_dir(self) -> Path:
        """Where each build or release makes its private temporary folder
        (writing.private_temporaries)."""
        return self.cache_dir / "tmp"

    def relative(self, path: Path) -> str:
        """A path as written in references and messages: relative to the project root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def find_config(start: Path) -> Path:
    """The nearest pubkit.toml, or pyproject.toml with a [tool.pubkit] table, at or above start."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pubkit.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            tool = _read_toml(candidate).get("tool")
            if isinstance(tool, dict) and "pubkit" in tool:
                return candidate
    raise PubkitError(
        f"no pubkit project found at or above {start} "
        "(looked for pubkit.toml or pyproject.toml with [tool.pubkit])"
    )


def load_project(start: Path | None = None) -> Project:
    """Find and validate the project configuration from ``start`` (default: the working folder)."""
    config_path = find_config(start or Path.cwd())
    data = _read_toml(config_path)
    if config_path.name == "pubkit.toml" and not _is_tool_table(data):
        return _parse(data, config_path, ())
    return _parse(data["tool"]["pubkit"], config_path, ("tool", "pubkit"))


def _is_tool_table(data: dict[str, Any]) -> bool:
    """Whether a pubkit.toml holds its keys under ``[tool.pubkit]``, as pyproject.toml
    does (a configuration copied from one): then only there, and with nothing else."""
    tool = data.get("tool")
    return list(data) == ["tool"] and isinstance(tool, dict) and list(tool) == ["pubkit"]


def _read_toml(path: Path) -> dict[str, Any]:
    shown = shown_path(path)
    text = read_utf8(path, shown, "configuration")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 puts the position only in the message: "… (at line 3, column 7)".
        found = re.search(r"\(at line (\d+), column \d+\)$", str(exc))
        message = str(exc)[: found.start()].rstrip() if found else str(exc)
        line = int(found.group(1)) if found else None
        raise PubkitError(f"invalid TOML: {message}", shown, line) from None


# -- the schema -------------------------------------------------------------------------------

# A gettext domain names files (<domain>.pot, <lang>/LC_MESSAGES/<domain>.po): a plain file
# name, never a path, and short enough for the longest of them.
_DOMAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_DOMAIN_BYTES = 200
THEME_DOMAIN = "pubkit-theme"
"""The gettext domain of the theme's own words (see pubkit.theme.labels)."""

LANGUAGE_CODE = Text(kind="a language code", problem=lambda code: _language_code_problem(code))

LANGUAGE = Table(
    (
        Key(
            "fallback",
            ListOf(LANGUAGE_CODE, kind="an array of language codes"),
            [],
            "the configured languages printed, in this order, where a segment has no usable "
            "translation; the source language comes last in any case",
        ),
        Key(
            "threshold",
            Number(0, 100),
            100,
            "the share (%) of source words translated for the language to be released",
        ),
    ),
    name=lambda code: f"language {code!r}",
)

PUBLICATION = Table(
    (
        Key(
            "source",
            ProjectPath(folder=False),
            required=True,
            description="the Markdown source, a file in the project",
        ),
        Key(
            "domain",
            Text(
                kind="a plain file name (letters, digits, '.', '_' and '-', not first '.' or '-')",
                pattern=_DOMAIN,
                max_bytes=MAX_DOMAIN_BYTES,
            ),
            required=True,
            description="the gettext domain, which names the catalogs: "
            "<locale-dir>/<lang>/LC_MESSAGES/<domain>.po",
        ),
    ),
    name=lambda index: f"publication {int(index) + 1}",
)

CONFIGURATION = Table(
    (
        Key(
            "source-language",
            LANGUAGE_CODE,
            "en",
            "the language the sources are written in",
        ),
        Key("locale-dir", ProjectPath(folder=True), "locale", "the catalogs' folder"),
        Key(
            "styles-dir",
            ProjectPath(folder=True),
            "styles",
            "the project's theme folder: files that replace the default theme's (optional)",
        ),
        Key(
            "allow-dist-outside-project",
            Flag(),
            False,
            "whether dist-dir may be outside the project (absolute, or out by '..')",
        ),
        Key(
            "dist-dir",
            ProjectPath(folder=True, outside_if="allow-dist-outside-project"),
            "dist",
            "where build and release write",
        ),
        Key("glossary", ProjectPath(folder=False), None, "the terminology CSV (optional)"),
        Key(
            "publications",
            ArrayOfTables(
                PUBLICATION, empty="publications is empty: configure at least one publication"
            ),
            required=True,
            description="one table per publication ([[publications]], with source and domain)",
        ),
        Key(
            "languages",
            TableOf(LANGUAGE_CODE, LANGUAGE, what="language code"),
            {},
            "a table per language ([languages.fr]); default: the source language alone",
        ),
        Key("theme", THEME, None, "what the project changes of the default theme ([theme])"),
    )
)
"""Every key of a configuration (``[tool.pubkit]`` or pubkit.toml), checked in this
order: the flag before the path it allows outside."""


def _parse(table: object, config_path: Path, prefix: tuple[str, ...]) -> Project:
    root = config_path.parent
    shown = shown_path(config_path)

    def locate(message: str, keys: KeyPath) -> PubkitError:
        """An error at the line where ``keys`` (under this file's pubkit table) are written."""
        return PubkitError(message, shown, _key_line(config_path, (*prefix, *keys)))

    label = "[" + ".".join(prefix) + "]" if prefix else None
    values = CONFIGURATION.check(table, At((), root, locate, label=label))
    at = At((), root, locate)
    source_language: str = values["source-language"]
    options = values["languages"] or {source_language: LANGUAGE.check({}, at)}
    languages = [
        Language(
            code=code,
            fallback=_fallback(code, option["fallback"], source_language),
            threshold=option["threshold"],
        )
        for code, option in options.items()
    ]
    codes = {lang.code for lang in languages}
    if source_language not in codes:
        languages.insert(0, Language(source_language, (), 100.0))
        codes.add(source_language)
    for code, option in options.items():
        for index, fallback_code in enumerate(option["fallback"]):
            where = at.child("languages").child(code).child("fallback").child(index)
            if fallback_code == code:
                raise where.error(f"language {code!r} falls back to itself")
            if fallback_code not in codes:
                raise where.error(
                    f"language {code!r} falls back to {fallback_code!r}, which is not configured"
                )
    publications: list[Publication] = []
    for index, option in enumerate(values["publications"]):
        domain = option["domain"]
        where = at.child("publications").child(index).child("domain")
        if any(domain == publication.domain for publication in publications):
            raise where.error(f"domain {domain!r} is the domain of another publication")
        if domain == THEME_DOMAIN:
            raise where.error(f"domain {domain!r} is the theme's: give the publication another")
        publications.append(Publication(source=option["source"], domain=domain))
    return Project(
        root=root,
        config_path=config_path,
        source_language=source_language,
        languages=tuple(languages),
        publications=tuple(publications),
        locale_dir=values["locale-dir"],
        styles_dir=values["styles-dir"],
        dist_dir=values["dist-dir"],
        glossary=values["glossary"],
        theme=theme_options(
            values["theme"], lambda keys: (shown, _key_line(config_path, (*prefix, "theme", *keys)))
        ),
    )


def _fallback(code: str, chain: tuple[str, ...], source_language: str) -> tuple[str, ...]:
    """The chain a language falls back along: as configured, then the source language."""
    if code != source_language and source_language not in chain:
        return (*chain, source_language)
    return chain


# -- language codes -------------------------------------------------------------------------


def language_code_problem(code: str) -> str | None:
    """Why pubkit cannot work in ``code`` (see :func:`_language_code_problem`), or None."""
    return _language_code_problem(code)


def _language_code_problem(code: str) -> str | None:
    """Why pubkit cannot work in ``code``, or None: the code must be well formed, written
    as Babel and gettext write it, and known to CLDR, with plural forms in pubkit's table
    (pubkit.locales.plurals) or that gettext can express. Babel is imported only here, when a
    project is loaded, never by ``pubkit --help``."""
    found = _CODE.fullmatch(code)
    if found is None:
        return (
            f"{code!r} is not a language code: write an ISO 639 code, optionally with a "
            "script and a region (e.g. 'fr', 'bm', 'pt-BR', 'sr-Latn')"
        )
    language, script, region = found.group("language", "script", "region")
    separator = found.group("sep") or ("_" if "_" in code else "-")
    canonical = separator.join(
        part
        for part in (language.lower(), script and script.title(), region and region.upper())
        if part
    )
    if code != canonical:
        return (
            f"language code {code!r} must be written {canonical!r} (language in lower case, "
            "script capitalised, region in capitals), as gettext and Babel expect"
        )
    import babel
    from babel import Locale, UnknownLocaleError

    cldr = f"CLDR (Babel {babel.__version__})"
    identifier = code.replace("-", "_")
    try:
        locale = Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return (
            f"language {code!r} is not in {cldr}: pubkit cannot derive its plural forms, "
            "its name or its number format"
        )
    if (
        locale.language != language
        or (script and locale.script != script)
        or (region and locale.territory != region)
    ):
        parts = (locale.language, script and locale.script, region and locale.territory)
        instead = separator.join(part for part in parts if part)
        return (
            f"{code!r} is not a language code of {cldr}, which reads it as {instead!r} "
            f"({locale.get_display_name('en')}): write that code instead"
        )
    from pubkit.locales.plurals import plural_forms

    try:
        plural_forms(code)
    except PubkitError as error:
        return error.message
    return None


# -- where a key is written ------------------------------------------------------------------

_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY_PART = re.compile(rf"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|({_BARE_KEY}))\s*""")


def _dotted_key(text: str) -> tuple[tuple[str, ...], str] | None:
    """A TOML dotted key at the start of ``text``: its parts and the text after it."""
    parts: list[str] = []
    position = 0
    while True:
        found = _KEY_PART.match(text, position)
        if found is None:
            return None
        basic, literal, bare = found.groups()
        parts.append(basic if basic is not None else literal if literal is not None else bare)
        position = found.end()
        if not text.startswith(".", position):
            return tuple(parts), text[position:]
        position += 1


def _key_line(path: Path, keys: KeyPath) -> int | None:
    """The first line of the TOML file that writes ``keys``, a key or a table, or a value
    that contains it (an inline table or array); None when it is not found. An index in
    ``keys`` counts the ``[[array]]`` tables of that name. tomllib keeps no positions, so
    this reads the lines again; it runs only to report an error."""
    if not keys:  # the whole file
        return None
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeError):
        return None
    table: KeyPath = ()
    arrays: dict[KeyPath, int] = {}  # the index of the last [[table]] of each array
    in_string: str | None = None  # the delimiter of the multi-line string being read
    for number, line in enumerate(lines, 1):
        if in_string is not None:
            if line.count(in_string) % 2:
                in_string = None
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            array = stripped.startswith("[[")
            found = _dotted_key(stripped[2 if array else 1 :])
            if found is None or not found[1].startswith("]"):
                continue
            table = _in_arrays(found[0], arrays)
            if array:
                arrays[table] = arrays.get(table, -1) + 1
                table = (*table, arrays[table])
            if table[: len(keys)] == keys:
                return number
            continue
        found = _dotted_key(stripped)
        if found is None or not found[1].startswith("="):
            continue
        full = (*table, *found[0])
        if full[: len(keys)] == keys or keys[: len(full)] == full:
            return number
        for delimiter in ('"""', "'''"):
            if found[1].count(delimiter) % 2:
                in_string = delimiter
    return None


def _in_arrays(names: tuple[str, ...], arrays: dict[KeyPath, int]) -> KeyPath:
    """The path of the table a header names: ``[a.b]`` or ``[[a.b]]`` after ``[[a]]`` is
    in a's last table."""
    path: KeyPath = ()
    for name in names[:-1]:
        path = (*path, name)
        if path in arrays:
            path = (*path, arrays[path])
    return (*path, names[-1])
