"""The renderer's typography on untrusted text: long runs typeset as short ones, and the
linear patterns finding what their plain forms find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.locales.typography import NBSP, NNBSP
from pubkit.render import typography
from pubkit.render.typography import TAG_MARK, typesetter

RUN = 5000


def test_long_runs_of_spaces_are_typeset_as_short_ones() -> None:
    french = typesetter("fr")
    spaces = " " * RUN
    assert french(f"a{spaces};") == f"a{NNBSP};"
    assert french(f"a{NBSP * RUN}!") == f"a{NNBSP}!"
    assert french(f"a{spaces}:") == f"a{NBSP}:"
    assert french(f"«{spaces}x{spaces}»") == f"«{NNBSP}x{NNBSP}»"
    assert french(f"a{spaces}b") == f"a{spaces}b"  # no mark: the spaces stay as typed
    assert french(f"a{spaces}b;") == f"a{spaces}b{NNBSP};"
    assert french(" ;" * RUN) == f"{' ;'}{f'{NNBSP};' * (RUN - 1)}"
    assert typesetter("en")(f"a{spaces};") == f"a{spaces};"


PLAIN_FORMS = {
    "_SPACE_BEFORE_HIGH": r"[ \u00a0\u202f]*([;!?]+)",
    "_SPACE_BEFORE_COLON": r"(?<=[\w\ue000)\]»”’])[ \u00a0\u202f]*:(?=\s|$)",
}


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=f" \u00a0\u202f\t;!?:a1«»“”)]’({TAG_MARK}", max_size=24))
def test_linear_patterns_match_as_their_plain_forms(text: str) -> None:
    """Tried from the start of a run of spaces only, and possessive, the patterns find the
    same spans and groups as the backtracking forms they replace."""
    for name, plain in PLAIN_FORMS.items():
        fast = getattr(typography, name)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in re.finditer(plain, text)
        ], name
    for quotes in (("«", "»"), ("“", "”")):
        opening, closing = typography._quote_spacing(quotes)
        assert [m.span() for m in opening.finditer(text)] == [
            m.span() for m in re.finditer(rf"{quotes[0]}[ \u00a0\u202f]*", text)
        ]
        assert [m.span() for m in closing.finditer(text)] == [
            m.span() for m in re.finditer(rf"[ \u00a0\u202f]*{quotes[1]}", text)
        ]


# -- any language, from data ----------------------------------------------------------------


def test_german_quotes_outer_and_inner() -> None:
    german = typesetter("de")
    assert german('Er sagte "genug".') == "Er sagte „genug“."
    assert german("Er sagte 'genug'.") == "Er sagte ‚genug’."  # ' after a letter: apostrophe
    # in a pull quote, which the design puts inside „ “, quotations take the inner marks
    assert typesetter("de", quoted=True)('Er sagte "genug".') == "Er sagte ‚genug‘."
    assert german("5 % und 20.000") == f"5{NBSP}% und 20.000"  # CLDR: a no-break space


@pytest.mark.parametrize(
    ("lang", "typed", "printed"),
    [
        ("es", 'Dijo "basta": 5 %.', f"Dijo “basta”: 5{NBSP}%."),
        ("pt", 'Disse "basta"; 5 %.', "Disse “basta”; 5 %."),
        ("pt-PT", 'Disse "basta": 20 000.', f"Disse «basta»: 20{NBSP}000."),
        ("it", 'Disse "basta"!', "Disse «basta»!"),
        ("nl", 'Hij zei "genoeg".', "Hij zei ‘genoeg’."),
        ("wo", 'Mu ne "baax na"; 20 000?', "Mu ne “baax na”; 20 000?"),
        ("ha", 'Ya ce "jama\'a ta zo"!', "Ya ce “jama\u02bca ta zo”!"),
        (
            "fr",
            'Il dit "assez" ; 20 000 et 5 %.',
            f"Il dit «{NNBSP}assez{NNBSP}»{NNBSP}; 20{NNBSP}000 et 5{NNBSP}%.",
        ),
        ("en", 'It\'s "enough" at 5 %.', "It’s “enough” at 5 %."),
    ],
)
def test_typography_of_each_language(lang: str, typed: str, printed: str) -> None:
    assert typesetter(lang)(typed) == printed


def test_hausa_apostrophe_only_inside_words() -> None:
    hausa = typesetter("ha")
    assert hausa("jama'a") == "jama\u02bca"  # a letter between letters
    assert hausa("'yan'uwa") == "‘yan\u02bcuwa"  # word-initial: read as an opening mark
    assert hausa("ya ce 'a'") == "ya ce ‘a’"
    assert hausa(f"jama'{TAG_MARK}a") == f"jama\u02bc{TAG_MARK}a"  # markup is invisible


@pytest.mark.filterwarnings("ignore::pubkit.locales.typography.NeutralTypography")
def test_a_language_without_data_prints_neutral_marks() -> None:
    assert typesetter("xx")("A \"b\" c ; 20 000 'd'") == "A “b” c ; 20 000 ‘d’"
