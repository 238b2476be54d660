"""Find the closest old message for a changed one, fast on large catalogs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")
SHORTLIST = 12
CUTOFF = 0.6
COMMON = 256
"""A word in more candidates than this does not shortlist: counting the candidates that
share each word of each changed message cost changed × catalog when every message has
it (a catalog whose every entry changed took time quadratic in its size), and a word
that common ("the", "of") tells the candidates apart no better than the rarer ones.
Catalogs of fewer candidates merge as before. On the 2,410-entry bench project, a merge
with 19 paragraphs edited is unchanged; with every "the" of the source made "that", 78
more changed paragraphs find an old translation (2,241 instead of 2,163), as the
shortlist is no longer crowded by candidates sharing only common words."""
EXACT_LIMIT = 4000
"""Two texts longer than this together are compared by :func:`ends_ratio`: SequenceMatcher's
ratio costs up to the product of their lengths (a 48 KB paragraph edited took 24 s of
update). A paragraph is a few hundred characters; an edit to a longer one keeps a long
common start or end."""


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
            having = self.index.get(word, ())
            if len(having) <= COMMON:
                shared.update(having)
        best, best_ratio = None, cutoff
        for number, _ in shared.most_common(SHORTLIST):
            other = self.texts[number]
            if len(text) + len(other) > EXACT_LIMIT:
                ratio = ends_ratio(text, other)
                if ratio < best_ratio:
                    continue
            else:
                matcher = SequenceMatcher(None, text, other, autojunk=False)
                if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                    continue
                ratio = matcher.ratio()
            if ratio > best_ratio or (ratio == best_ratio and best is None):
                best, best_ratio = number, ratio
        return best


def ends_ratio(a: str, b: str) -> float:
    """The share of both texts' characters in their longest common start and end: what
    an edit in one place leaves alike. The linear stand-in for SequenceMatcher's ratio
    on long texts (close to it for such an edit, never meant to equal it)."""
    start = _common_start(a, b)
    end = _common_start(a[start:][::-1], b[start:][::-1])
    total = len(a) + len(b)
    return 2 * (start + end) / total if total else 1.0


def _common_start(a: str, b: str) -> int:
    """The length of the longest common start of ``a`` and ``b``."""
    shorter = min(len(a), len(b))
    start, step = 0, 256
    while start < shorter:  # slices compared in C, then the differing one by character
        end = min(shorter, start + step)
        if a[start:end] != b[start:end]:
            while a[start] == b[start]:
                start += 1
            return start
        start = end
    return shorter
