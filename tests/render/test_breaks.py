"""Where lines may not break: names and a block's last words kept whole, in memory."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.render.breaks import (
    LAST_WORDS_LIMIT,
    TAIL,
    keep_words,
    keeper,
    word_at_break,
)
from pubkit.source import inline
from pubkit.source.inline import (
    KEEP_CLOSE,
    KEEP_OPEN,
    TAG_MARK,
    UNHYPHENATED_CLOSE,
    UNHYPHENATED_OPEN,
)

K, k = KEEP_OPEN, KEEP_CLOSE
U, u = UNHYPHENATED_OPEN, UNHYPHENATED_CLOSE
LONG_PROSE = "Une phrase ordinaire qui parle de choses et d'autres sans nom propre. " * 3


def kept_runs(text: str) -> list[str]:
    runs, depth, current = [], 0, ""
    for char in text:
        if char == K:
            depth += 1
        elif char == k:
            depth -= 1
            if depth == 0:
                runs.append(current.replace(U, "").replace(u, ""))
                current = ""
        elif depth:
            current += char
    return runs


def test_capitalised_words_are_kept_whole_hyphens_included() -> None:
    text = "la Rosa-Luxemburg-Stiftung et la Mauritanie, puis l'Azawad. " + LONG_PROSE
    runs = kept_runs(keeper("fr")(text))
    assert {"Rosa-Luxemburg-Stiftung", "Mauritanie", "Azawad"} <= set(runs)
    assert "l'Azawad" not in runs  # the elided article is no part of the name


def test_german_nouns_are_no_names() -> None:
    text = "Der Bundesverfassungsgerichtspräsident sprach lange. " + LONG_PROSE
    assert "Bundesverfassungsgerichtspräsident" not in kept_runs(keeper("de")(text))
    assert "Bundesverfassungsgerichtspräsident" not in kept_runs(keeper("de-AT")(text))


def test_short_words_need_no_mark() -> None:
    assert kept_runs(keeper("fr")("Le Mali et Gao. " + LONG_PROSE))[:-1] == []


def test_the_last_words_stay_together_and_the_tail_is_not_hyphenated() -> None:
    text = LONG_PROSE + "Elle finit par une uniforme."
    marked = keeper("fr")(text)
    assert kept_runs(marked)[-1] == "finit par une uniforme."  # 23 characters
    start = marked.index(U)
    assert marked.endswith(u) and len(marked[start:]) - 6 <= TAIL + 2
    assert U not in marked[: len(marked) - TAIL - 10]


def test_the_last_run_stays_short() -> None:
    text = LONG_PROSE + "et des extraordinairement longues considérations."
    runs = kept_runs(keeper("fr")(text))
    assert runs[-1] == "longues considérations."
    assert len(runs[-1]) <= LAST_WORDS_LIMIT
    assert kept_runs(keeper("fr")(LONG_PROSE + "anticonstitutionnellement incompréhensibles")) == []


def test_marks_never_straddle_inline_markup() -> None:
    text = LONG_PROSE + f"chef de la junte, {TAG_MARK}Assimi Goïta{TAG_MARK}."
    marked = keeper("fr")(text)
    for piece in marked.split(TAG_MARK):
        assert piece.count(K) == piece.count(k)
        assert piece.count(U) == piece.count(u)


def test_marks_a_translator_types_are_never_spans() -> None:
    typed = f"Un {K}piège{u} et un {U}autre."
    html = inline.render(typed, keeper("fr"))
    assert html.count("<span") == html.count("</span>")
    assert "\ufffd" in html
    note = inline.escaped(keeper("fr")(typed))
    assert note.count("<span") == note.count("</span>")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=f"aB -‐'.?{TAG_MARK}{K}{k}{U}{u}\u202fÉé", max_size=60))
def test_any_text_renders_balanced_spans(text: str) -> None:
    html = str(inline.render(text, keeper("fr")))
    depth = 0
    for position in range(len(html)):
        if html.startswith("<span", position):
            depth += 1
        elif html.startswith("</span>", position):
            depth -= 1
            assert depth >= 0
    assert depth == 0
    assert inline.plain(text).replace(" ", "") != "" or "keep" not in html


def test_long_words_are_never_kept_whole() -> None:
    """A word longer than a line must still wrap (overflow-wrap) instead of leaving the page."""
    word = "A" + "b" * 10_000
    assert K not in keeper("fr")(f"{word} et la suite. {LONG_PROSE}")


def test_long_texts_are_left_alone_in_linear_time() -> None:
    text = "Mot Nom " * 100_000
    assert keeper("fr")(text) == text


def test_word_at_break_rejoins_what_the_hyphen_split() -> None:
    assert word_at_break("une uni\u2010", "forme. Et") == "uniforme"
    assert word_at_break("de la Rosa-", "Luxemburg-Stiftung à") == "Rosa-Luxemburg-Stiftung"
    assert word_at_break("", "") is None


def test_keep_words_touches_only_the_text_of_the_body() -> None:
    html = (
        '<html><head><title>mission</title></head><body class="mission">'
        '<p title="mission">la mission, les missions et <em>mission</em></p></body></html>'
    )
    kept = keep_words(html, frozenset({"mission"}))
    assert "<title>mission</title>" in kept and 'class="mission"' in kept
    assert 'title="mission"' in kept
    assert kept.count('<span class="keep">mission</span>') == 2
    assert "missions" in kept
    assert keep_words(html, frozenset()) == html
