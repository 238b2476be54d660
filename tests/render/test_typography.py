"""The renderer's typography on untrusted text: long runs typeset as short ones, and the
linear patterns finding what their plain forms find."""

from __future__ import annotations

import re

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
