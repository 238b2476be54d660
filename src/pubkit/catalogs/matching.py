"""Find the closest old message for a changed one, fast on large catalogs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")
SHORTLIST = 12
CUTOFF = 0.6


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


class Matcher:
    """An inverted word index over candidate texts.

    Only the few candidates sharing the most words with a message are compared
    character by character, so a merge costs O(changed × shortlist), not
    O(changed × catalog) as a plain similarity scan would.
    """

    def __init__(self, texts: Sequence[str]):
        self.texts = texts
        self.index: dict[str, list[int]] = {}
        for number, text in enumerate(texts):
            for word in _words(text):
                self.index.setdefault(word, []).append(number)

    def best(self, text: str, cutoff: float = CUTOFF) -> int | None:
        """Index of the most similar candidate with a ratio of at least ``cutoff``."""
        shared: Counter[int] = Counter()
        for word in _words(text):
            shared.update(self.index.get(word, ()))
        best, best_ratio = None, cutoff
        for number, _ in shared.most_common(SHORTLIST):
            matcher = SequenceMatcher(None, text, self.texts[number], autojunk=False)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio or (ratio == best_ratio and best is None):
                best, best_ratio = number, ratio
        return best
