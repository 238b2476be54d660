"""The inline Markdown subset on untrusted text: stray markers found in linear time."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.source.inline import (
    _STRAY,
    BREAK,
    CHUNK,
    GLUED,
    LONG_RUN,
    PIECE,
    render,
    summarise,
)


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


def _pieces(word: str) -> str:
    return BREAK.join(word[i : i + PIECE] for i in range(0, len(word), PIECE))


def test_what_weasyprint_is_given_lays_out_in_linear_time() -> None:
    """Runs of spaces print as one (as HTML prints them); a run of more than LONG_RUN
    characters without a space may break every PIECE characters; a long text is cut into
    boxes at spaces; a long word glued to the text before a tag may break at the tag;
    nothing else changes."""
    assert render("a" + " " * 100_000 + "\t\tb") == "a b"
    word = "a" * (LONG_RUN + 1)
    assert render(f"x {word} y") == f"x {_pieces(word)} y"
    nbsp = "\u00a0" * LONG_RUN
    assert render(f"a{nbsp}b") == _pieces(f"a{nbsp}b")
    accented = "e\u0301" * LONG_RUN  # a combining mark stays with its letter
    assert all(not p or not unicodedata.combining(p[0]) for p in render(accented).split(BREAK))
    glued = "g" * GLUED
    assert render(f"x**{glued}**") == f"x<strong>{BREAK}{glued}</strong>"
    assert render(f"**x**{glued}") == f"<strong>x</strong>{BREAK}{glued}"
    assert render(f"x[{glued}](https://e.org)") == f'x<a href="https://e.org">{BREAK}{glued}</a>'
    words = "word " * (2 * CHUNK // 5)
    boxes = str(render(words)).split("</span><span>")
    assert len(boxes) == 2 and "".join(boxes) == f"<span>{words}</span>"
    assert all(box.endswith(" ") for box in boxes[:-1])
    short = "g" * (GLUED - 1)
    assert render(f"x**{short}**") == f"x<strong>{short}</strong>"
    assert render(f"x **{glued}**") == f"x <strong>{glued}</strong>"
    assert render("Un *texte* : 5 %.") == "Un <em>texte</em> : 5 %."
