"""The glossary rule and the glossary: reading it, finding terms and forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.catalogs import workflow
from pubkit.checks.glossary import Term, read_glossary
from pubkit.checks.runner import check_project
from pubkit.config import Project
from pubkit.errors import PubkitError

from ..conftest import REPO, MakeProject
from .conftest import FRENCH, LEADERS, MEETING, TITLE, changed, line_of, of, translate


def test_glossary(french: Project) -> None:
    [finding] = of(changed(french, TITLE, "La junta du Mali"), "glossary")
    assert finding.severity == "error"
    assert finding.line == line_of(french, TITLE)
    assert finding.message == "'junta' must be translated 'junte' (glossary.csv:3)"


def test_glossary_accepts_inflection_and_case(french: Project) -> None:
    assert of(changed(french, TITLE, "Les Juntes du Mali"), "glossary") == []


def test_glossary_whole_words_in_the_source(french: Project) -> None:
    # "juntas" is not the term "junta": no requirement for MEETING.
    assert (
        of(changed(french, MEETING, FRENCH[MEETING].replace("juntes", "chefs")), "glossary") == []
    )


_TERM = st.lists(st.text(alphabet="aAbBİß-", min_size=1, max_size=3), min_size=1, max_size=3).map(
    " ".join
)


def _longest_first(terms: list[str], text: str) -> list[tuple[int, int]]:
    """What the glossary means by a term occurring, by brute force: at each word start,
    left to right, the longest term there, an acronym in its own case, any other term
    where the lowered texts agree; each followed by a word's end."""
    import re

    from pubkit.checks.glossary import _spaced, lower

    lowered = lower(text)
    ordered = sorted(terms, key=lambda t: (-len(t), t))
    patterns = [
        (t.isupper(), re.compile(rf"(?<!\w){_spaced(t if t.isupper() else lower(t))}(?!\w)"))
        for t in ordered
    ]
    spans, position = [], 0
    while position < len(text):
        for acronym, pattern in patterns:
            match = pattern.match(text if acronym else lowered, position)
            if match is not None:
                spans.append(match.span())
                position = match.end()
                break
        else:
            position += 1
    return spans


@settings(max_examples=300, deadline=None)
@given(
    terms=st.lists(_TERM, min_size=1, max_size=6, unique_by=lambda t: t.casefold()),
    text=st.text("aAbBİß- .", max_size=40),
)
def test_glossary_finder_is_the_longest_first_alternation(terms: list[str], text: str) -> None:
    """The trie-shaped finder matches exactly what trying every term, longest first, at
    every word start matches."""
    from pubkit.checks.glossary import _TermFinder, lower

    finder = _TermFinder(terms)
    assert list(finder.spans(text, lower(text))) == _longest_first(terms, text)


_ASCII_TERM = st.lists(st.text("aAbB-", min_size=1, max_size=3), min_size=1, max_size=3).map(
    " ".join
)


@settings(max_examples=300, deadline=None)
@given(
    terms=st.lists(_ASCII_TERM, min_size=1, max_size=6, unique_by=str.lower),
    text=st.text("aAbB- .", max_size=40),
)
def test_glossary_finder_agrees_with_ignorecase(terms: list[str], text: str) -> None:
    """Where str.lower and re.IGNORECASE agree (here: ASCII), the finder matches what
    the alternation of every term, longest first, matches with IGNORECASE, acronyms in
    their own case (the behaviour before terms were matched in lowered text)."""
    import re

    from pubkit.checks.glossary import _spaced, _TermFinder, lower

    ordered = sorted(terms, key=lambda t: (-len(t), t))
    alternatives = [f"(?-i:{_spaced(t)})" if t.isupper() else _spaced(t) for t in ordered]
    plain = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
    spans = list(_TermFinder(terms).spans(text, lower(text)))
    assert spans == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(form=_ASCII_TERM, text=st.text("aAbBéÉ-’' .\u00a0", max_size=40))
def test_glossary_has_form_agrees_with_ignorecase(form: str, text: str) -> None:
    """A required form is found where ``(?<!\\w)`` and the spaced form find it in the
    folded translation with IGNORECASE (here str.lower and IGNORECASE agree)."""
    import re

    from pubkit.checks.glossary import Glossary, _spaced, fold

    expected = re.search(rf"(?<!\w){_spaced(form)}", fold(text), re.IGNORECASE) is not None
    assert Glossary("g.csv", ("fr",), ()).has_form(form, text) == expected


def test_lowering_keeps_word_boundaries() -> None:
    """No character becomes a word character by lowering, or stops being one: matching
    the lowered text finds word boundaries where the text has them."""
    import sys

    from pubkit.checks.glossary import lower

    changed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if (char := chr(code)).isalnum() != lower(char).isalnum()
    ]
    assert changed == []
    assert lower("İSTANBUL Ünal") == "İstanbul ünal"  # kept in place, not "i̇"
    # Final sigma is folded, whatever str.lower made of it and whatever else is there.
    assert lower("ΟΔΟΣ") == lower("ΟΔΟΣ İ")[:4] == lower("οδος") == "οδοσ"


@settings(max_examples=300, deadline=None)
@given(form=_TERM, text=st.text("aAbB- .é", max_size=40))
def test_glossary_form_pattern_is_the_look_behind_first_form(form: str, text: str) -> None:
    """A required form is found where ``(?<!\\w)`` + the spaced form finds it."""
    import re

    from pubkit.checks.glossary import _form_regex, _spaced

    plain = re.compile(rf"(?<!\w){_spaced(form)}", re.IGNORECASE)
    fast = re.compile(_form_regex(form), re.IGNORECASE)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_glossary_empty_cell_means_no_requirement(french: Project) -> None:
    workflow.init(french, ["bm"])
    translate(french, "bm", {LEADERS: "Kuntigi fila b'a fɛ ... 5 %.", TITLE: "Mali sɔrɔdasi fanga"})
    assert of(check_project(french, ["bm"]), "glossary", "bm") == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("fr,en,note\n", 1, "must start with 'en'"),
        ("en,fr,fr,note\n", 1, "duplicate column 'fr'"),
        ("en,fr,note\njunta,junte\n", 2, "row has 2 cells, the header has 3"),
        ("en,fr,note\njunta,junte,\n,x,\n", 3, "'en' cell is empty"),
        ("en,fr,note\njunta,junte,\nJunta,junte,\n", 3, "duplicate term 'Junta' (first at line 2)"),
        ('en,fr,note\n"junta,junte,\n', 2, "invalid CSV"),
        ('en,fr,note\njunta,junte,\n"Kidal,Kidal,\nSahel,Sahel,\nMali,Mali,\n', 3, "invalid CSV"),
        ("", 1, "glossary is empty"),
    ],
)
def test_glossary_file_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PubkitError) as error:
        read_glossary(path, "glossary.csv")
    assert (error.value.path, error.value.line) == ("glossary.csv", line)
    assert message in error.value.message


def test_glossary_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_bytes(b"en,fr,note\njunta,junte,\ncaf\xe9,caf\xe9,\n")
    with pytest.raises(PubkitError, match=r"glossary\.csv:3: glossary is not valid UTF-8"):
        read_glossary(path, "glossary.csv")


def test_glossary_reads_quoted_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(
        'en,fr,bm,note\nUN,ONU,,"acronym,\nkept"\nWest Africa,Afrique de l’Ouest,,\n', "utf-8"
    )
    glossary = read_glossary(path)
    assert [(t.en, t.line, t.form("fr"), t.form("bm")) for t in glossary.terms] == [
        ("UN", 2, "ONU", None),
        ("West Africa", 4, "Afrique de l'Ouest", None),
    ]
    # Acronyms match their case only: the French article "un" is not the UN.
    assert glossary.terms_in("un UN") == [glossary.terms[0]]
    assert glossary.terms_in("West African") == []
    assert glossary.has_form("Afrique de l'Ouest", "l’Afrique\u00a0de l’Ouest")


def test_a_term_of_thousands_of_characters_is_found(tmp_path: Path) -> None:
    """A term is a path of the trie as long as itself: its pattern is built without
    recursion, in one pass (a 1,000-character term used to raise RecursionError)."""
    term = " ".join(["sahel"] * 2000)  # 11,999 characters
    path = tmp_path / "glossary.csv"
    path.write_text(f"en,fr,note\n{term},{term.replace('sahel', 'sahil')},\n", encoding="utf-8")
    glossary = read_glossary(path, "glossary.csv")
    source = f"Before {term.upper()} after."
    assert glossary.terms_in(source) == list(glossary.terms)
    [(found, form)] = glossary.missing(source, "Rien.", "fr")
    assert (found.en, found.line, form) == (term, 2, term.replace("sahel", "sahil"))
    assert glossary.missing(source, f"Avant {form} après.", "fr") == []
    assert glossary.terms_in(source[: len(source) // 2]) == []


def test_a_long_term_through_the_check(make_project: MakeProject) -> None:
    term = "Sahel " + " ".join(["region"] * 300)  # 2,105 characters
    form = term.replace("region", "zone")
    source = f"---\nslug: doc\ntitle: T\nauthor: A\npublisher: P\n---\n\nThe {term} burns.\n"
    project = make_project(source, glossary=f"en,fr,bm,note\n{term},{form},,\n")
    workflow.init(project, ["en", "fr"])
    translate(project, "fr", {"T": "T", f"The {term} burns.": "La région brûle."})
    [finding] = of(check_project(project, ["fr"]), "glossary")
    assert finding.message == f"{term!r} must be translated {form!r} (glossary.csv:2)"
    translate(project, "fr", {f"The {term} burns.": f"La {form} brûle."})
    assert of(check_project(project, ["fr"]), "glossary") == []


def test_terms_nested_deeper_than_the_regex_parser_reads() -> None:
    """Terms each the start of the next ("a", "a a", "a a a"…) 299 deep, deeper than
    Python's regex parser reads a pattern that nests a group a term, as the finder's
    pattern once did: found as trying every term, longest first, finds them."""
    from pubkit.checks.glossary import _TermFinder, lower

    MAX_NESTING = 100  # the former finder's limit
    terms = [" ".join(["a"] * count) for count in range(1, 3 * MAX_NESTING)]
    text = " ".join(["a"] * (len(terms) + 5)) + " b A a"
    finder = _TermFinder(terms)
    assert list(finder.spans(text, lower(text))) == _longest_first(terms, text)
    few = terms[: MAX_NESTING // 2]  # fewer: the former finder's own pattern
    assert list(_TermFinder(few).spans(text, lower(text))) == _longest_first(few, text)


def test_broken_glossary_stops_the_check(french: Project) -> None:
    (french.root / "glossary.csv").write_text("en,fr\njunta\n", encoding="utf-8")
    with pytest.raises(PubkitError, match=r"glossary\.csv:2"):
        check_project(french, ["fr"])


def test_real_glossary_parses() -> None:
    path = REPO / "locale" / "glossary.csv"
    if path.exists():
        glossary = read_glossary(path)
        assert "fr" in glossary.languages


_FORM = st.lists(st.text("aAbBİß_-’'é", min_size=1, max_size=3), min_size=1, max_size=3).map(
    " ".join
)


@settings(max_examples=300, deadline=None)
@given(
    forms=st.lists(_FORM, min_size=1, max_size=8),
    text=st.text("aAbBİß_-’' .\u00a0é", max_size=40),
)
def test_glossary_form_automaton_is_has_form(forms: list[str], text: str) -> None:
    """The automaton that finds many forms in one pass finds each where has_form does."""
    from pubkit.checks.glossary import Glossary, _FormFinder, _key, fold, lower

    glossary = Glossary("g.csv", ("fr",), ())
    found = _FormFinder({_key(form) for form in forms}).found(lower(fold(text)))
    assert {form for form in forms if _key(form) in found} == {
        form for form in forms if glossary.has_form(form, text)
    }


def _many_terms(count: int) -> tuple[Term, ...]:
    """Terms term000… whose French forms terme000… are none the start of another."""
    return tuple(Term(f"term{i:03}", {"fr": f"terme{i:03}"}, line=i + 2) for i in range(count))


def test_glossary_many_terms_in_one_text() -> None:
    """A text naming more terms than FEW_FORMS: the forms are found in one pass (the
    automaton), with the answers each form's own search gives."""
    from pubkit.checks.glossary import FEW_FORMS, Glossary

    count = 3 * FEW_FORMS
    glossary = Glossary("glossary.csv", ("fr",), _many_terms(count))
    source = " ".join(f"term{i:03}" for i in range(count))
    # Every other form; 001 inflected; 003 not at a word's start; 005 between hyphens.
    translation = " ".join(f"terme{i:03}" for i in range(0, count, 2))
    translation += " terme001s xterme003 a-terme005-b"
    missing = glossary.missing(source, translation, "fr")
    expected = [
        (t, f"terme{i:03}") for i, t in enumerate(glossary.terms) if i % 2 and i not in (1, 5)
    ]
    assert missing == expected
    assert [form for _, form in expected if glossary.has_form(form, translation)] == []
    few = glossary.missing("term001 term002 term003", translation, "fr")  # each form's search
    assert few == [(glossary.terms[3], "terme003")]


def test_glossary_acronym_in_another_case_many_times() -> None:
    """'Un' is not the acronym UN, however many terms the glossary has and however
    often the text says it; a longer term that is not an acronym matches in any case."""
    from pubkit.checks.glossary import Glossary

    terms = (Term("UN", {"fr": "ONU"}), Term("UN mission", {"fr": "mission de l'ONU"}))
    glossary = Glossary("glossary.csv", ("fr",), terms + _many_terms(200))
    assert glossary.terms_in("Un x. " * 200) == []
    assert glossary.terms_in("Un x. " * 200 + "the UN, term007") == [terms[0], glossary.terms[9]]
    assert [(t.en, s, e) for t, s, e in glossary.occurrences("Un mission; UN UNs UN")] == [
        ("UN mission", 0, 10),
        ("UN", 12, 14),
        ("UN", 19, 21),
    ]
