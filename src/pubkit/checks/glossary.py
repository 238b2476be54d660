"""The terminology glossary: a UTF-8 CSV of English terms and their required translations."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import deque
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

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
    _form_finders: dict[str, _FormFinder] = field(
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
        that form (a form counts where :meth:`has_form` finds it). Up to FEW_FORMS forms
        are each looked for with their own pattern; more, all at once, in one pass."""
        required = [(term, form) for term in self.terms_in(source) if (form := term.form(lang))]
        folded = lower(fold(translation))
        if len(required) <= FEW_FORMS:
            return [
                (t, form) for t, form in required if not self._form_pattern(form).search(folded)
            ]
        finder = self._form_finders.get(lang)
        if finder is None:
            forms = {_key(form) for term in self.terms if (form := term.form(lang)) is not None}
            finder = self._form_finders[lang] = _FormFinder(forms)
        found = finder.found(folded)
        return [(term, form) for term, form in required if _key(form) not in found]

    def _form_pattern(self, form: str) -> re.Pattern[str]:
        pattern = self._forms.get(form)
        if pattern is None:
            pattern = self._forms[form] = re.compile(_form_regex(lower(fold(form))))
        return pattern


FEW_FORMS = 16
"""Up to this many forms, :meth:`Glossary.missing` looks for each with its own pattern:
a search of re, in C, costs about 1/80 of a pass of the automaton, in Python, over the
same translation (measured on the benchmarks' French catalog). Beyond it, the automaton's
one pass keeps the time linear however many terms a text names."""

_TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)
"""A text as terms are matched in it: words, runs of white space, and every other
character alone. A term's word matches a whole word of the text (a term ends where a word
does), its space any run of white space."""

_SPACE = " "
_END = ""  # the key, in a trie node, of "a term ends here" (no token is empty)

Trie = dict[str, "Trie"]


def _is_word(char: str) -> bool:
    """Whether ``char`` is one ``\\w`` matches (as re defines it for str)."""
    return char.isalnum() or char == "_"


def _tokens(text: str) -> list[str]:
    """The tokens of ``text``, each run of white space as one space."""
    return [_SPACE if token[0].isspace() else token for token in _TOKEN.findall(text)]


class _TermFinder:
    """Glossary terms in text, longest first at each word's start, left to right, as the
    alternation of every term, longest first, would find them: acronyms (all capitals)
    in their own case, other terms in any case (where the lowered texts agree).

    The terms are two tries of tokens (the lowered other terms, the acronyms as they
    are), walked from each token of the text that starts a term's first token: the work
    at one position is at most the longest term's tokens, whatever the number of terms.
    """

    def __init__(self, terms: list[str]):
        self._any_case: Trie = {}
        self._exact: Trie = {}
        for term in terms:
            acronym = term.isupper()
            node = self._exact if acronym else self._any_case
            tokens = _tokens(fold(term) if acronym else lower(fold(term)))
            if tokens:  # a glossary has no empty term; an empty one would match nothing
                for token in tokens:
                    node = node.setdefault(token, {})
                node[_END] = {}
        # The lowered first tokens of acronyms, and of every term: where a term may start.
        self._acronyms = {lower(token) for token in self._exact}
        self._firsts = set(self._any_case) | self._acronyms

    def spans(self, text: str, lowered: str) -> Iterator[tuple[int, int]]:
        """The (start, end) of each term in ``text``; ``lowered`` is ``lower(text)``."""
        tokens = _TOKEN.findall(lowered)
        firsts = [index for index, token in enumerate(tokens) if token in self._firsts]
        if not firsts:
            return
        # lower() keeps each character in its place and a word character a word
        # character (a test checks every code point): tokens of lowered are of text too.
        starts = [0, *accumulate(map(len, tokens))]
        after = 0  # the end of the last term found: terms do not overlap
        for index in firsts:
            # A term starts where (?<!\w) holds: a word is never preceded by a word,
            # the other tokens may be.
            if index < after or (index and _is_word(tokens[index - 1][0])):
                continue
            end = _longest(self._any_case, tokens, index)
            if tokens[index] in self._acronyms:
                end = max(end, _longest(self._exact, tokens, index, text, starts))
            if end > index:
                yield starts[index], starts[end]
                after = end


def _longest(
    trie: Trie, tokens: list[str], start: int, text: str = "", starts: list[int] | None = None
) -> int:
    """The index after the last token of the longest term of ``trie`` at token ``start``
    that ends where a word does, or -1. A term's space matches any run of white space.
    With ``starts``, the tokens' offsets, the tokens are read in ``text`` (acronyms)."""
    longest, node, index = -1, trie, start
    while index < len(tokens):
        token = tokens[index] if starts is None else text[starts[index] : starts[index + 1]]
        child = node.get(token)
        if child is None and token[0].isspace():
            child = node.get(_SPACE)
        if child is None:
            break
        node, index = child, index + 1
        if _END in node and (
            _is_word(token[0]) or index == len(tokens) or not _is_word(tokens[index][0])
        ):
            longest = index
    return longest


class _FormFinder:
    """Which of some required forms occur in a (folded, lowered) translation, each from a
    word's start, the word going on or not: the Aho–Corasick automaton of the forms, so
    that one pass over the translation finds them all.

    A word's start is where ``(?<!\\w)`` holds: the start of the text and after each
    character that is not a word character. The automaton reads a mark (None) there, in
    the text and in each form, which makes "from a word's start" part of the strings
    matched: an occurrence of the marked form in the marked text starts at a mark.
    """

    def __init__(self, forms: Collection[str]):
        self._goto: list[dict[str | None, int]] = [{}]
        self._state: dict[str, int] = {}
        self._empty = "" in forms  # found everywhere, as (?<!\w) alone is at 0
        for form in forms:
            if not form:
                continue
            state = 0
            for symbol in _marked(form):
                after = self._goto[state].get(symbol)
                if after is None:
                    after = self._goto[state][symbol] = len(self._goto)
                    self._goto.append({})
                state = after
            self._state[form] = state
        self._form_at = {state: form for form, state in self._state.items()}
        ends = self._form_at.keys()
        firsts = "".join(sorted({f"\\U{ord(form[0]):08x}" for form in self._state}))
        self._first = re.compile(rf"(?<!\w)[{firsts}]" if firsts else "(?!)")
        # fail: the longest proper suffix that is a state; out: the longest suffix (the
        # state itself included) where a form ends, 0 for none. Breadth first, so that a
        # state's suffixes, shorter, are done before it.
        self._fail = [0] * len(self._goto)
        self._out = [0] * len(self._goto)
        queue = deque(self._goto[0].values())
        while queue:
            state = queue.popleft()
            self._out[state] = state if state in ends else self._out[self._fail[state]]
            for symbol, after in self._goto[state].items():
                suffix = self._fail[state]
                while suffix and symbol not in self._goto[suffix]:
                    suffix = self._fail[suffix]
                found = self._goto[suffix].get(symbol, 0)
                self._fail[after] = found if found != after else 0
                queue.append(after)

    def found(self, text: str) -> set[str]:
        """The forms occurring in ``text``.

        Where the automaton is back at a word's start with nothing under way, a regex
        skips to the next word that starts with a form's first character: no form
        starts in between. Each character is read once, by the regex or the automaton."""
        goto, fail = self._goto, self._fail
        marked = goto[0].get(None)  # the state after a mark alone
        if marked is None:  # no forms
            return {""} if self._empty else set()
        seen, state, position = set(), 0, 0
        while position < len(text):
            if state in (0, marked):
                skip = self._first.search(text, position)
                if skip is None:
                    break
                state, position = marked, skip.start()
            char = text[position]
            position += 1
            for symbol in (char,) if _is_word(char) else (char, None):
                while (after := goto[state].get(symbol)) is None and state:
                    state = fail[state]
                state = after or 0
                seen.add(state)
        ends: set[int] = set()
        for state in seen:  # every form ending at a suffix of a state reached, once each
            end = self._out[state]
            while end and end not in ends:
                ends.add(end)
                end = self._out[fail[end]]
        found = {self._form_at[end] for end in ends}
        return (found | {""}) if self._empty else found


def _marked(text: str) -> Iterator[str | None]:
    """``text`` with None wherever a word may start (see :class:`_FormFinder`)."""
    yield None
    for char in text:
        yield char
        if not _is_word(char):
            yield None


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
