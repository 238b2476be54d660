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
    table = data if config_path.name == "pubkit.toml" else data["tool"]["pubkit"]
    return _parse(table, config_path)


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


def _parse(table: dict[str, Any], config_path: Path) -> Project:
    root = config_path.parent
    config_path_shown = _shown(config_path)
    unknown = sorted(set(table) - _TOP_KEYS)
    if unknown:
        raise PubkitError(f"unknown configuration key(s): {', '.join(unknown)}", config_path_shown)
    source_language = str(table.get("source-language", "en"))
    languages_table = table.get("languages") or {source_language: {}}
    if not isinstance(languages_table, dict):
        raise PubkitError("[languages] must be a table of language codes", config_path_shown)
    languages = []
    for code, options in languages_table.items():
        options = options or {}
        bad = sorted(set(options) - _LANGUAGE_KEYS)
        if bad:
            raise PubkitError(
                f"unknown key(s) for language {code!r}: {', '.join(bad)}", config_path_shown
            )
        fallback = tuple(str(f) for f in options.get("fallback", ()))
        if code != source_language and source_language not in fallback:
            fallback = (*fallback, source_language)
        threshold = float(options.get("threshold", 100))
        if not 0 <= threshold <= 100:
            raise PubkitError(f"threshold of {code!r} must be between 0 and 100", config_path_shown)
        languages.append(Language(code=str(code), fallback=fallback, threshold=threshold))
    codes = {lang.code for lang in languages}
    if source_language not in codes:
        languages.insert(0, Language(source_language, (), 100.0))
        codes.add(source_language)
    for lang in languages:
        for fallback_code in lang.fallback:
            if fallback_code not in codes:
                raise PubkitError(
                    f"language {lang.code!r} falls back to {fallback_code!r}, "
                    "which is not configured",
                    config_path_shown,
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
