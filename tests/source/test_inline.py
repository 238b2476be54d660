"""The inline Markdown subset on untrusted text: stray markers found in linear time."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.source.inline import _STRAY, BREAK, render, summarise


def test_a_long_run_of_underscores_inside_a_word_is_no_stray_marker() -> None:
    run = "_" * 20_000
    assert summarise(f"a{run}a").stray_markers == ()
    assert summarise(f"a{run} b").stray_markers == (run,)
    assert summarise(f"a {run}a").stray_markers == (run,)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet="*_a é\t", max_size=14))
def test_stray_pattern_is_its_backtracking_form(text: str) -> None:
    plain = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
    assert [m.span() for m in _STRAY.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_long_word_glued_to_a_tag_may_break_there() -> None:
    """WeasyPrint breaks a long word only at the start of a line: glued to the text
    before a tag, it gets a zero width space at the tag; nothing else does."""
    long, short = "a" * 64, "a" * 63
    assert render(f"x**{long}**") == f"x<strong>{BREAK}{long}</strong>"
    assert render(f"**x**{long}") == f"<strong>x</strong>{BREAK}{long}"
    assert render(f"x[{long}](https://e.org)") == f'x<a href="https://e.org">{BREAK}{long}</a>'
    assert render(f"x***{long}***") == f"x<em><strong>{BREAK}{long}</strong></em>"
    for text in (f"x **{long}**", f"**{long}**", f"x**{short}**", f"**x** {long}"):
        assert BREAK not in render(text), text
