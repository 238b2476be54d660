"""The fuzzy matcher of update: msgmerge's choice, on large and pathological catalogs."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.catalogs.matching import EXACT_LIMIT, Matcher, ends_ratio


def _lcs(a: bytes, b: bytes) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal, row[0] = 0, 0
        for j, y in enumerate(b, start=1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def _msgmerge_choice(
    candidates: list[tuple[str | None, str]], text: str, context: str | None
) -> int | None:
    """gettext's message_fuzzy_index_search without its shortcuts: every candidate in
    its order, scored by fstrcmp (plain dynamic programming here), the first best kept."""
    if len(text) >= 4:
        grams = [text[i : i + 4] for i in range(len(text) - 3)]
        shared = {
            n: sum(g in {t[i : i + 4] for i in range(len(t) - 3)} for g in grams)
            for n, (_, t) in enumerate(candidates)
        }
        order = sorted((n for n in shared if shared[n]), key=lambda n: (-shared[n], n))
    else:
        size = len(text.encode())
        low, high = math.ceil(size / (2 / 0.6 - 1)), int(size * (2 / 0.6 - 1))
        order = sorted(
            (n for n, (_, t) in enumerate(candidates) if low <= len(t.encode()) <= min(high, 28)),
            key=lambda n: (len(candidates[n][1].encode()), n),
        )
    best, chosen = 0.6, None
    for n in order:
        a, b = text.encode(), candidates[n][1].encode()
        bonus = 0.00001 if candidates[n][0] in (None, context) else 0.0
        score = (2 * _lcs(a, b) / (len(a) + len(b)) if a or b else 1.0) + bonus
        if score > best:
            best, chosen = score, n
    return chosen


_WORDS = st.sampled_from(["army", "arm", "left", "town", "the", "é", "ɛ", "a", "an", "ant", "-"])
_TEXT = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join) | st.text("ab é", max_size=5)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    candidates=st.lists(st.tuples(st.sampled_from([None, "x", "y"]), _TEXT), max_size=12),
    text=_TEXT,
    context=st.sampled_from([None, "x"]),
)
def test_the_choice_is_msgmerges(
    candidates: list[tuple[str | None, str]], text: str, context: str | None
) -> None:
    matcher = Matcher([text for _, text in candidates], [context for context, _ in candidates])
    assert matcher.best(text, context) == _msgmerge_choice(candidates, text, context)


def test_a_context_breaks_a_tie_and_a_short_text_finds_its_like() -> None:
    matcher = Matcher(["Log Out", "Log Out", "Off", "Of"], ["button", "title", None, None])
    assert matcher.best("Log revised Out", "title") == 1
    assert matcher.best("Log revised Out", "menu") == 0
    assert matcher.best("Of!") == 3  # 0.8 beats "Off" (2 * 2 / 6 < 0.6 + …)
    assert matcher.best("Zzz") is None


def test_a_long_edited_paragraph_finds_its_old_text() -> None:
    old = "The army left the town. " * 2000  # 48,000 characters, every word repeated
    texts = ["Something else entirely.", old, "The army left the town."]
    assert len(old) * 2 > EXACT_LIMIT
    assert Matcher(texts).best(old.replace("town", "city", 1)) == 1
    assert Matcher(texts).best("Unrelated words " * 3000) is None


def test_every_entry_of_a_large_changed_catalog_finds_its_own() -> None:
    count = 600
    texts = [f"The army left town {n} in the north, said source {n * 7}." for n in range(count)]
    matcher = Matcher(texts)
    for n in range(count):
        assert matcher.best(f"The army left city {n} in the north, said source {n * 7}.") == n


def test_ends_ratio() -> None:
    assert ends_ratio("abcdef", "abcdef") == 1.0
    assert ends_ratio("", "") == 1.0
    assert ends_ratio("abcXdef", "abcYdef") == 12 / 14
    assert ends_ratio("aaaa", "aa") == 4 / 6  # start and end never overlap
    text = "x" * 100_000
    assert ends_ratio(text, text[:-1] + "y") == 2 * 99_999 / 200_000
