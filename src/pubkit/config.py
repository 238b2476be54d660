"""Project configuration: ``[tool.pubkit]`` in pyproject.toml, or a standalone pubkit.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pubkit.errors import PubkitError

CONFIG_FILES = ("pubkit.toml", "pyproject.toml")
_TOP_KEYS = {
    "source-language",
    "locale-dir",
    "styles-dir",
    "dist-dir",
    "glossary",
    "publications",
    "languages",
}
_LANGUAGE_KEYS = {"fallback", "threshold", "fonts"}
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

    def language(self, code: str) -> Language:
        for language in self.languages:
            if language.code == code:
                return language
        known = ", ".join(lang.code for lang in self.languages)
        raise PubkitError(f"language {code!r} is not configured (configured: {known})")

    def pot_path(self, publication: Publication) -> Path:
        return self.locale_dir / f"{publication.domain}.pot"

    def po_path(self, publication: Publication, lang: str) -> Path:
        return self.locale_dir / lang / "LC_MESSAGES" / f"{publication.domain}.po"

    @property
    def fonts_dir(self) -> Path:
        """The design's fonts: the only ones WeasyPrint may use."""
        return self.styles_dir / "fonts"

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
    def temporary_dir(self) -> Path:
        """Where each build or release makes its private temporary folder
        (fileio.private_temporaries)."""
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
        if candidate.is_file() and "pubkit" in _read_toml(candidate).get("tool", {}):
            return candidate
    raise PubkitError(
        f"no pubkit project found at or above {start} "
        "(looked for pubkit.toml or pyproject.toml with [tool.pubkit])"
    )


def load_project(start: Path | None = None) -> Project:
    """Find and validate the project configuration from ``start`` (default: the working folder)."""
    config_path = find_config(start or Path.cwd())
    data = _read_toml(config_path)
    if config_path.name == "pubkit.toml":
        return _parse(data, config_path, ())
    return _parse(data["tool"]["pubkit"], config_path, ("tool", "pubkit"))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 puts the position only in the message: "… (at line 3, column 7)".
        found = re.search(r"\(at line (\d+), column \d+\)$", str(exc))
        message = str(exc)[: found.start()].rstrip() if found else str(exc)
        line = int(found.group(1)) if found else None
        raise PubkitError(f"invalid TOML: {message}", _shown(path), line) from None


def _shown(path: Path) -> str:
    """A path as the user typed it, relative to the working folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _parse(table: dict[str, Any], config_path: Path, prefix: tuple[str, ...]) -> Project:
    root = config_path.parent
    config_path_shown = _shown(config_path)

    def fail(message: str, *keys: str) -> PubkitError:
        """An error at the line where ``keys`` (under this file's pubkit table) are written."""
        return PubkitError(message, config_path_shown, _key_line(config_path, (*prefix, *keys)))

    unknown = sorted(set(table) - _TOP_KEYS)
    if unknown:
        raise PubkitError(f"unknown configuration key(s): {', '.join(unknown)}", config_path_shown)
    source_language = str(table.get("source-language", "en"))
    languages_table = table.get("languages") or {source_language: {}}
    if not isinstance(languages_table, dict):
        raise fail("[languages] must be a table of language codes", "languages")
    languages = []
    for code, options in languages_table.items():
        where = ("languages", code) if table.get("languages") else ("source-language",)
        options = options or {}
        if not isinstance(options, dict):
            raise fail(f"language {code!r} must be a table of options", *where)
        bad = sorted(set(options) - _LANGUAGE_KEYS)
        if bad:
            raise fail(f"unknown key(s) for language {code!r}: {', '.join(bad)}", *where)
        problem = _language_code_problem(code)
        if problem:
            raise fail(problem, *where)
        fallback_list = options.get("fallback", [])
        if not isinstance(fallback_list, list) or not all(
            isinstance(item, str) for item in fallback_list
        ):
            raise fail(f"fallback of {code!r} must be a list of language codes", *where)
        fallback = tuple(fallback_list)
        if code != source_language and source_language not in fallback:
            fallback = (*fallback, source_language)
        threshold = options.get("threshold", 100)
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            raise fail(f"threshold of {code!r} must be a number between 0 and 100", *where)
        if not 0 <= threshold <= 100:
            raise fail(f"threshold of {code!r} must be between 0 and 100", *where)
        languages.append(Language(code=code, fallback=fallback, threshold=float(threshold)))
    codes = {lang.code for lang in languages}
    if source_language not in codes:
        problem = _language_code_problem(source_language)
        if problem:
            raise fail(problem, "source-language")
        languages.insert(0, Language(source_language, (), 100.0))
        codes.add(source_language)
    for lang in languages:
        for fallback_code in lang.fallback:
            if fallback_code not in codes:
                raise fail(
                    f"language {lang.code!r} falls back to {fallback_code!r}, "
                    "which is not configured",
                    "languages",
                    lang.code,
                )
    publications = []
    for entry in table.get("publications", []):
        if "source" not in entry or "domain" not in entry:
            raise PubkitError("each publication needs 'source' and 'domain'", config_path_shown)
        publications.append(Publication(source=root / entry["source"], domain=entry["domain"]))
    if not publications:
        raise PubkitError(
            "no publications configured ([[tool.pubkit.publications]])", config_path_shown
        )
    glossary = table.get("glossary")
    return Project(
        root=root,
        config_path=config_path,
        source_language=source_language,
        languages=tuple(languages),
        publications=tuple(publications),
        locale_dir=root / table.get("locale-dir", "locale"),
        styles_dir=root / table.get("styles-dir", "styles"),
        dist_dir=root / table.get("dist-dir", "dist"),
        glossary=root / glossary if glossary else None,
    )


# -- language codes -------------------------------------------------------------------------


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


def _key_line(path: Path, keys: tuple[str, ...]) -> int | None:
    """The first line of the TOML file that writes ``keys``, a key or a table, or a value
    that contains it (an inline table); None when it is not found. tomllib keeps no
    positions, so this reads the lines again; it runs only to report an error."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return None
    table: tuple[str, ...] = ()
    in_string: str | None = None  # the delimiter of the multi-line string being read
    for number, line in enumerate(lines, 1):
        if in_string is not None:
            if line.count(in_string) % 2:
                in_string = None
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            found = _dotted_key(stripped.lstrip("["))
            if found is None or not found[1].startswith("]"):
                continue
            table = found[0]
            if table[: len(keys)] == keys:
                return number
            continue
        found = _dotted_key(stripped)
        if found is None or not found[1].startswith("="):
            continue
        full = table + found[0]
        if full[: len(keys)] == keys or keys[: len(full)] == full:
            return number
        for delimiter in ('"""', "'''"):
            if found[1].count(delimiter) % 2:
                in_string = delimiter
    return None
