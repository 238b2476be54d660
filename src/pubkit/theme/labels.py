"""The theme's own words (imprint headings, notes, the cover's office name) as a gettext
domain, ``pubkit-theme``: the theme ships its template and its translations; a project
keeps a catalog per language in its locale folder, and each word falls back along the
language's chain, with a warning, where neither has it."""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pubkit.catalogs.pofile import FUZZY, Catalog, read_catalog_shared
from pubkit.config import THEME_DOMAIN, Project
from pubkit.errors import PubkitError
from pubkit.locales.plurals import read_plural_forms, split_plural_forms
from pubkit.theme.files import LABELS, ThemeFiles, packaged_translation

OFFICE = "office"
"""The context of the office names the cover prints, one entry per name of the sources."""
OFFICE_COMMENT = (
    "The office named on the cover, under the publisher's wordmark (printed in capitals)"
)
LABELS_LANGUAGE = "en"
"""The language of the theme's msgids."""

_PLACEHOLDER = re.compile(r"\{([a-z_]{1,40})\}|(\{\{|\}\})|([{}])")
"""A ``{name}`` to fill, an escaped brace, or a brace that is neither."""


# -- placeholders ---------------------------------------------------------------------------


def placeholders(text: str) -> set[str] | None:
    """The ``{name}`` placeholders of ``text``, or None when a brace is neither one nor
    doubled (``{{``)."""
    names = set()
    for found in _PLACEHOLDER.finditer(text):
        if found.group(3):
            return None
        if found.group(1):
            names.add(found.group(1))
    return names


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by its value: only the names given, never
    Python's str.format, which would let a translation reach attributes of the values."""

    def value(found: re.Match[str]) -> str:
        if found.group(1) is not None:
            return values.get(found.group(1), found.group(0))
        return found.group(0)[0]

    return _PLACEHOLDER.sub(value, text)


def placeholder_problem(msgid: str, translation: str) -> str | None:
    """Why ``translation`` cannot stand for ``msgid``: a stray brace, or a placeholder the
    source does not have (it could not be filled)."""
    wanted = placeholders(msgid) or set()
    found = placeholders(translation)
    if found is None:
        return "a brace that is not a {placeholder} (write a literal brace twice: {{ or }})"
    unknown = sorted(found - wanted)
    if unknown:
        known = ", ".join("{" + name + "}" for name in sorted(wanted)) or "none"
        return (
            f"unknown placeholder(s) {', '.join('{' + n + '}' for n in unknown)} "
            f"(the source's: {known})"
        )
    return None


# -- the theme's template -------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """One word of the theme: its key (the msgctxt), its English text (and plural), what
    it is for, and where the theme's template writes it."""

    key: str
    msgid: str
    plural: str | None
    comment: str
    shown: str
    line: int


def theme_labels(files: ThemeFiles) -> dict[str, Label]:
    """The theme's labels by key, from its ``pubkit-theme.pot`` (a project's theme folder
    may replace it: a template of its own prints words of its own)."""
    pot = files.get(LABELS, "labels template")
    catalog = read_catalog_shared(pot.path, pot.shown, pot.root)
    labels: dict[str, Label] = {}
    for entry in catalog:
        line = entry.linenum or 1
        if entry.obsolete:
            continue
        if not entry.msgctxt or not re.fullmatch(r"[a-z][a-z_]*", entry.msgctxt):
            raise PubkitError(
                "each label needs a msgctxt, its key: lower-case letters and '_'", pot.shown, line
            )
        if entry.msgctxt == OFFICE:
            raise PubkitError(f"the key {OFFICE!r} is the office names'", pot.shown, line)
        for text in (entry.msgid, entry.msgid_plural):
            if text and placeholders(text) is None:
                raise PubkitError(
                    "a brace that is not a {placeholder} (write a literal brace twice)",
                    pot.shown,
                    line,
                )
        labels[entry.msgctxt] = Label(
            entry.msgctxt, entry.msgid, entry.msgid_plural or None, entry.comment, pot.shown, line
        )
    return labels


def required_labels(labels: Mapping[str, Label], keys: Mapping[str, str]) -> None:
    """Refuse a theme template without a label pubkit itself prints (``keys``: each key
    and what it is for), naming the template."""
    for key, meaning in keys.items():
        if key not in labels:
            shown = next(iter(labels.values())).shown if labels else LABELS
            raise PubkitError(f"the theme's words lack {key!r} ({meaning})", shown)


@dataclass(frozen=True)
class Office:
    """An office name a source prints on its cover, and where."""

    name: str
    path: str
    line: int | None


def office_of(project: Project, source: Path, name: str | None) -> Office | None:
    """The office a source names in its front matter (``office:``), with its line."""
    if not name:
        return None
    shown = project.relative(source)
    try:
        with source.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if number > 1 and line.rstrip() == "---":
                    break
                if line.startswith("office:"):
                    return Office(name, shown, number)
    except (OSError, UnicodeError):
        pass
    return Office(name, shown, None)


def project_template(labels: Mapping[str, Label], offices: list[Office], created: str) -> Catalog:
    """The template of the theme's words for a project: the theme's labels, then each
    office name its sources print."""
    from pubkit import __version__

    pot = Catalog(wrapwidth=79)
    pot.header = (
        "Translations template for the words of the publications' theme.\n"
        "This file is distributed under the same license as the publication."
    )
    pot.metadata_is_fuzzy = True
    pot.metadata = {
        "Project-Id-Version": THEME_DOMAIN,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"pubkit {__version__}",
    }
    for label in labels.values():
        entry = polib.POEntry(
            msgctxt=label.key, msgid=label.msgid, msgstr="", comment=label.comment
        )
        if label.plural is not None:
            entry.msgid_plural = label.plural
            entry.msgstr_plural = {0: "", 1: ""}
        pot.append(entry)
    places: dict[str, list[tuple[str, str]]] = {}
    for office in offices:
        where = places.setdefault(office.name, [])
        spot = (office.path, str(office.line) if office.line else "")
        if spot not in where:
            where.append(spot)
    for name, spots in places.items():
        pot.append(
            polib.POEntry(
                msgctxt=OFFICE, msgid=name, msgstr="", comment=OFFICE_COMMENT, occurrences=spots
            )
        )
    return pot


# -- a language's words ---------------------------------------------------------------------


@dataclass(frozen=True)
class LabelFallback:
    """A word of the theme printed in another language than the edition's."""

    key: str  # a label's key, or "office"
    msgid: str
    used: str  # the language printed
    where: str  # the catalog that should translate it
    reason: str

    def __str__(self) -> str:
        name = f"office name {self.msgid!r}" if self.key == OFFICE else f"label {self.key!r}"
        return f"{self.where}: {name} {self.reason}: falls back to {self.used}"


def label_warnings(fallbacks: Iterable[LabelFallback]) -> list[str]:
    """The warnings about ``fallbacks``: one per catalog, language printed and reason for
    the labels, one per office name."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    warnings = []
    for fallback in fallbacks:
        if fallback.key == OFFICE:
            warnings.append(str(fallback))
            continue
        groups.setdefault((fallback.where, fallback.reason, fallback.used), []).append(fallback.key)
    for (where, reason, used), keys in groups.items():
        if len(keys) == 1:
            warnings.insert(0, f"{where}: label {keys[0]!r} {reason}: falls back to {used}")
        else:
            names = ", ".join(keys)
            verb = reason.replace("is ", "are ", 1)
            warnings.insert(0, f"{where}: {len(keys)} labels {verb} ({names}): fall back to {used}")
    return warnings


@dataclass(frozen=True)
class Translation:
    """A usable translation of a word: its text (each plural form), the catalog's
    Plural-Forms, and its language."""

    forms: tuple[str, ...]
    plural_forms: str
    lang: str


@dataclass(frozen=True)
class Labels:
    """The theme's words in one edition's language: each label and office name as
    printed (found along the language's chain), and the words that fell back."""

    lang: str
    words: Mapping[tuple[str, str], Translation]
    keys: Mapping[str, Label]
    fallbacks: tuple[LabelFallback, ...] = field(default=())

    def text(self, key: str) -> str:
        """The label ``key`` (its singular form)."""
        label = self.keys[key]
        return self.words[(key, label.msgid)].forms[0]

    def plural(self, key: str, count: int) -> str:
        """The form of the label ``key`` for ``count``, by its catalog's Plural-Forms."""
        label = self.keys[key]
        found = self.words[(key, label.msgid)]
        return found.forms[min(_plural_index(found.plural_forms, count), len(found.forms) - 1)]

    def office(self, name: str | None) -> str | None:
        if not name:
            return name
        found = self.words.get((OFFICE, name))
        return found.forms[0] if found is not None else name


_ENGLISH_PLURALS = "nplurals=2; plural=(n != 1);"


def _plural_index(plural_forms: str, count: int) -> int:
    """The form gettext chooses for ``count`` by ``plural_forms`` (0 when unreadable)."""
    parts = split_plural_forms(plural_forms)
    if parts is None or read_plural_forms(plural_forms).problem is not None:
        return 0
    try:
        return int(gettext.c2py(parts[1])(count))
    except (ValueError, RecursionError):
        return 0


@dataclass(frozen=True)
class _Source:
    """A catalog of the theme's words in one language: the project's or the theme's."""

    lang: str
    shown: str
    catalog: Catalog


def _sources(project: Project, files: ThemeFiles, lang: str) -> Iterator[_Source]:
    """The catalogs that may translate the theme's words into ``lang``: the project's
    first, then the one the theme ships."""
    path = project.theme_po_path(lang)
    if os.path.lexists(path):
        shown = project.relative(path)
        yield _Source(lang, shown, read_catalog_shared(path, shown, project.root))
    shipped = files.find(packaged_translation(lang))
    if shipped is not None:
        yield _Source(
            lang, shipped.shown, read_catalog_shared(shipped.path, shipped.shown, shipped.root)
        )


def usable(
    entry: polib.POEntry, msgid: str, plural: str | None, filled: bool = True
) -> tuple[str, ...] | None:
    """The forms of a translated, not fuzzy entry whose placeholders all exist in the
    source (when it is ``filled``: an office's name is printed as it is); None otherwise."""
    if entry.obsolete or FUZZY in entry.flags:
        return None
    if plural is None:
        forms: tuple[str, ...] = (entry.msgstr,)
    else:
        forms = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    if not forms or not all(forms):
        return None
    if filled and any(placeholder_problem(f"{msgid} {plural or ''}", form) for form in forms):
        return None
    return forms


def resolve_labels(
    project: Project,
    files: ThemeFiles,
    labels: Mapping[str, Label],
    lang: str,
    chain: tuple[str, ...],
    offices: list[str],
) -> Labels:
    """Every label of the theme and each of ``offices`` in ``lang``, found along
    ``chain`` (the language, then its fallbacks): in the project's catalog, then in the
    theme's own translation, language after language; at the end, the msgid itself
    (English for labels, the source language for office names)."""
    sources = {code: list(_sources(project, files, code)) for code in dict.fromkeys(chain)}
    own = project.relative(project.theme_po_path(lang))
    words: dict[tuple[str, str], Translation] = {}
    fallbacks: list[LabelFallback] = []
    wanted = [(key, label.msgid, label.plural, LABELS_LANGUAGE) for key, label in labels.items()]
    wanted += [(OFFICE, name, None, project.source_language) for name in dict.fromkeys(offices)]
    for key, msgid, plural, original in wanted:
        found: Translation | None = None
        reason = "is not translated"
        for code in chain:
            for source in sources[code]:
                entry = _entry(source.catalog, key, msgid)
                if entry is None:
                    continue
                forms = usable(entry, msgid, plural, filled=key != OFFICE)
                if forms is not None:
                    plural_forms = source.catalog.metadata.get("Plural-Forms", "")
                    found = Translation(forms, plural_forms, code)
                    break
                if code == lang and FUZZY in entry.flags and reason == "is not translated":
                    reason = "is fuzzy"
            if found is None and code == original:
                forms = (msgid,) if plural is None else (msgid, plural)
                found = Translation(forms, _ENGLISH_PLURALS, code)
            if found is not None:
                break
        if found is None:  # the chain does not reach the msgid's language
            forms = (msgid,) if plural is None else (msgid, plural)
            found = Translation(forms, _ENGLISH_PLURALS, original)
        if found.lang != lang:
            fallbacks.append(LabelFallback(key, msgid, found.lang, own, reason))
        words[(key, msgid)] = found
    return Labels(lang, words, labels, tuple(fallbacks))


def _entry(catalog: Catalog, key: str, msgid: str) -> polib.POEntry | None:
    for entry in catalog:
        if entry.msgctxt == key and entry.msgid == msgid and not entry.obsolete:
            return entry
    return None
