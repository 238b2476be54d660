"""The fuzzy matcher of update on large and pathological catalogs."""

from __future__ import annotations

from difflib import SequenceMatcher

from pubkit.catalogs.matching import COMMON, EXACT_LIMIT, Matcher, ends_ratio


def test_a_long_edited_paragraph_finds_its_old_text() -> None:
    old = "The army left the town. " * 2000  # 48,000 characters, every word repeated
    texts = ["Something else entirely.", old, "The army left the town."]
    assert len(old) > EXACT_LIMIT
    assert Matcher(texts).best(old.replace("town", "city", 1)) == 1
    assert Matcher(texts).best("Unrelated words " * 3000) is None


def test_every_entry_of_a_large_changed_catalog_finds_its_own() -> None:
    """More candidates than COMMON share most words: each changed text still finds the
    one it was made from, by the words they alone share."""
    count = 3 * COMMON
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
    short = "The army left the town."
    edited = "The army left the city."
    assert abs(ends_ratio(short, edited) - SequenceMatcher(None, short, edited).ratio()) < 0.1
