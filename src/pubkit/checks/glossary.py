"""The terminology glossary: a UTF-8 CSV of English terms and their required translations."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pubkit.errors import PubkitError
from pubkit.fileio import Roots, read_utf8

SOURCE_COLUMN = "en"
NOTE_COLUMN = "note"
_FOLD = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("\u00a0", " "), ("\u202f", " "))


def fold(text: str) -> str:
    """Text as terms are matched: NFC, straight apostrophes, ordinary single spaces."""
    text = unicodedata.normalize("NFC", text)
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return " ".join(text.split())


def lower(text: str) -> str:
    """``text.lower()``, each character kept in its place: one whose lowercase is longer
    ("İ") stays as it is; and final sigma "ς" as "σ", which str.lower writes or not
    depending on the next character. Terms and forms match "in any case" where the
    lowered texts are equal; matching lowered text, re runs several times faster than
    with IGNORECASE. Lowering never makes a word character of another or the reverse (a
    test checks every code point), so word boundaries are where they were."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(low if len(low := char.lower()) == 1 else char for char in text)
    return lowered.replace("ς", "σ") if "ς" in lowered else lowered


@dataclass(frozen=True)
class Term:
    """One row: an English term, the form each language must use, and a note."""

    en: str
    forms: dict[str, str] = field(hash=False)
    note: str = ""
    line: int = 0

    def form(self, lang: str) -> str | None:
        """The required form in ``lang``, or None when the glossary asks for nothing."""
        if lang == SOURCE_COLUMN:
            return self.en
        return self.forms.get(lang) or None


@dataclass(frozen=True)
class Glossary:
    """The terms of a glossary file, with the matchers check needs, compiled once."""

    path: str
    languages: tuple[str, ...]
    terms: tuple[Term, ...]
    _by_key: dict[str, Term] = field(init=False, repr=False, compare=False)
    _finder: _TermFinder | None = field(init=False, repr=False, compare=False)
    _forms: dict[str, re.Pattern[str]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _found: dict[str, list[Term]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {_key(t.en): t for t in self.terms})
        finder = _TermFinder([t.en for t in self.terms]) if self.terms else None
        object.__setattr__(self, "_finder", finder)

    def occurrences(self, text: str) -> Iterator[tuple[Term, int, int]]:
        """Each term standing as whole words in ``text`` (English), with its span in
        ``fold(text)``. Acronyms (all capitals) match their case only, other terms any case."""
        if self._finder is None:
            return
        folded = fold(text)
        lowered = lower(folded)
        for start, end in self._finder.spans(folded, lowered):
            term = self._by_key.get(lowered[start:end])
            if term is not None:
                yield term, start, end

    def terms_in(self, text: str) -> list[Term]:
        """The distinct terms occurring in ``text``, in order of first occurrence (memoised:
        every language's catalog asks about the same source texts)."""
        found = self._found.get(text)
        if found is None:
            seen: dict[str, Term] = {}
            for term, _, _ in self.occurrences(text):
                seen.setdefault(term.en, term)
            found = self._found[text] = list(seen.values())
        return found

    def has_form(self, form: str, text: str) -> bool:
        """Whether ``form`` occurs in a translation ``text``, from the start of a word and in
        any case; the word may go on, so inflected forms count ("junte" in "juntes",
        "malien" in "malienne", "jihadisti" in "jihadistiw")."""
        return self._form_pattern(form).search(lower(fold(text))) is not None

    def missing(self, source: str, translation: str, lang: str) -> list[tuple[Term, str]]:
        """Each term of ``source`` whose required ``lang`` form ``translation`` lacks, with
        that form."""
        terms = self.terms_in(source)
        if not terms:
            return []
        folded = lower(fold(translation))
        result = []
        for term in terms:
            form = term.form(lang)
            if form is not None and self._form_pattern(form).search(folded) is None:
                result.append((term, form))
        return result

    def _form_pattern(self, form: str) -> re.Pattern[str]:
        pattern = self._forms.get(form)
        if pattern is None:
            pattern = self._forms[form] = re.compile(_form_regex(lower(fold(form))))
        return pattern


_SPACE = " "


class _TermFinder:
    """Glossary terms in folded text, as the alternation of every term, longest first,
    would find them (acronyms in their own case, other terms in any case), but faster.

    One trie-shaped regex holds every term, lowered, and searches the lowered text: a
    shorter term is tried only after the longer ones that share its start ("Iyad Ag
    Ghali" wins over "Iyad"). What it finds is the longest term there in any case; when
    that is an acronym in another case ("Un" for "UN"), the terms are tried one by one,
    longest first, at that position, so an acronym never hides a shorter term that
    does match.
    """

    def __init__(self, terms: list[str]):
        trie: dict[str, dict[str, Any]] = {}
        for term in terms:
            node = trie
            for char in lower(fold(term)):
                node = node.setdefault(char, {})
            node[""] = {}
        if _nesting(trie) <= MAX_NESTING:
            pattern = _trie_pattern(trie)
        else:
            ordered = sorted({lower(fold(t)) for t in terms}, key=lambda t: (-len(t), t))
            pattern = "(?:" + "|".join(_words(term) for term in ordered) + ")"
        self.fast = re.compile(rf"(?<!\w){pattern}(?!\w)")
        self.any_case = {lower(fold(term)) for term in terms if not term.isupper()}
        self.exact = {fold(term) for term in terms if term.isupper()}
        self._terms = terms

    @cached_property
    def _one_by_one(self) -> list[tuple[bool, re.Pattern[str]]]:
        """(acronym?, pattern) of each term, longest first: acronyms match the text as
        it is, other terms the lowered text."""
        ordered = sorted(self._terms, key=lambda t: (-len(t), t))
        return [
            (
                term.isupper(),
                re.compile(_words(fold(term) if term.isupper() else lower(fold(term))) + r"(?!\w)"),
            )
            for term in ordered
        ]

    def spans(self, text: str, lowered: str) -> Iterator[tuple[int, int]]:
        """The (start, end) of each term in ``text``; ``lowered`` is ``lower(text)``."""
        position = 0
        while (found := self.fast.search(lowered, position)) is not None:
            start, end = found.span()
            if lowered[start:end] not in self.any_case and text[start:end] not in self.exact:
                end = self._longest_at(text, lowered, start)
            if end < 0:
                position = start + 1
                continue
            yield start, end
            position = end

    def _longest_at(self, text: str, lowered: str, start: int) -> int:
        """The end of the longest term at ``start`` (already a word's start), or -1."""
        for acronym, pattern in self._one_by_one:
            match = pattern.match(text if acronym else lowered, start)
            if match is not None:
                return match.end()
        return -1


def _trie_pattern(trie: dict[str, dict[str, Any]]) -> str:
    """The regex of ``trie``: at each node, its branches in order, a term ending there
    tried last, after every longer one (``(?:b1|b2|)``); a node with one branch adds no
    group. Built in one pass with a stack of its own, in time linear in the trie's size:
    a term of thousands of characters is as deep a trie (Python's recursion would stop
    at about 500)."""
    out: list[str] = []
    pending: list[str | dict[str, dict[str, Any]]] = [trie]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        branches: list[str | dict[str, dict[str, Any]]] = []
        for key, child in item.items():
            if key:
                branches += ["|", r"\s+" if key == _SPACE else re.escape(key), child]
        if "" in item:
            branches.append("|")  # an empty branch, last
        if len(branches) == 3:  # one branch: no group
            pending += reversed(branches[1:])
        elif branches != ["|"]:  # "|" alone: a leaf, an empty pattern
            pending += reversed(["(?:", *branches[1:], ")"])
    return "".join(out)


def _nesting(trie: dict[str, dict[str, Any]]) -> int:
    """How deeply :func:`_trie_pattern` nests its groups: the most nodes with several
    branches (or a term ending, and more to come) on one path."""
    deepest = 0
    pending = [(trie, 0)]
    while pending:
        node, depth = pending.pop()
        depth += len(node) > 1
        deepest = max(deepest, depth)
        pending += [(child, depth) for key, child in node.items() if key]
    return deepest


MAX_NESTING = 100
"""Groups nested deeper than this (a glossary of terms each the start of the next: "a",
"a b", "a b c"…, a hundred deep) are more than Python's regex parser can read (it
recurses, and stops at about 500); the finder then tries the terms as one flat
alternation, longest first, which finds the same terms, more slowly."""


def _key(text: str) -> str:
    return lower(fold(text))


def _words(text: str) -> str:
    """A pattern of folded ``text`` whose single spaces match any run of white space."""
    return r"\s+".join(re.escape(word) for word in text.split(" "))


def _spaced(text: str) -> str:
    return _words(fold(text))


def _form_regex(form: str) -> str:
    """The spaced form behind ``(?<!\\w)``, with the look-behind moved after the first
    character: a pattern that starts with a character lets re skip to it."""
    spaced = _spaced(form)
    first = re.escape(fold(form)[:1])
    if not first or not spaced.startswith(first):
        return rf"(?<!\w){spaced}"
    return rf"{first}(?<!\w{first}){spaced[len(first) :]}"


def read_glossary(path: Path, shown: str | None = None, root: Roots = None) -> Glossary:
    """Parse the glossary CSV, a regular file of the project under ``root``
    (:func:`pubkit.fileio.project_file`): header ``en,<lang>...,note``, one term per row.

    An empty cell means no requirement for that language. Every problem is a
    PubkitError naming ``shown:line``.
    """
    shown = shown or str(path)
    text = read_utf8(path, shown, "glossary", root)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            rows.append((line, [fold(cell) for cell in row]))
            line = reader.line_num + 1
    except csv.Error as exc:
        # The row that starts on ``line`` is at fault: an unclosed quote makes csv read
        # on to the end of the file, where reader.line_num then is.
        raise PubkitError(f"invalid CSV: {exc}", shown, line) from None
    rows = [(number, row) for number, row in rows if any(row)]
    if not rows:
        raise PubkitError(f"glossary is empty (expected a header '{SOURCE_COLUMN},...')", shown, 1)
    header_line, header = rows[0]
    languages = _parse_header(header, shown, header_line)
    terms: list[Term] = []
    first_line: dict[str, int] = {}
    for number, row in rows[1:]:
        if len(row) != len(header):
            raise PubkitError(
                f"row has {len(row)} cells, the header has {len(header)} "
                "(quote cells that contain commas)",
                shown,
                number,
            )
        en = row[0]
        if not en:
            raise PubkitError(f"the '{SOURCE_COLUMN}' cell is empty", shown, number)
        key = _key(en)
        if key in first_line:
            raise PubkitError(
                f"duplicate term {en!r} (first at line {first_line[key]})", shown, number
            )
        first_line[key] = number
        forms = {lang: cell for lang, cell in zip(languages, row[1:], strict=False) if cell}
        note = row[len(languages) + 1] if len(row) > len(languages) + 1 else ""
        terms.append(Term(en=en, forms=forms, note=note, line=number))
    return Glossary(path=shown, languages=languages, terms=tuple(terms))


def _parse_header(header: list[str], shown: str, line: int) -> tuple[str, ...]:
    names = [cell.strip() for cell in header]
    if not names or names[0] != SOURCE_COLUMN:
        raise PubkitError(
            f"the header must start with '{SOURCE_COLUMN}' (found {','.join(names)!r})",
            shown,
            line,
        )
    languages = names[1:-1] if names[-1] == NOTE_COLUMN else names[1:]
    seen: set[str] = set()
    for name in languages:
        if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*", name):
            raise PubkitError(f"column {name!r} is not a language code", shown, line)
        if name in seen or name == SOURCE_COLUMN:
            raise PubkitError(f"duplicate column {name!r}", shown, line)
        seen.add(name)
    return tuple(languages)
