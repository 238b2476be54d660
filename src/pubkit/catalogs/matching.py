"""Find the closest old message for a changed one, as msgmerge finds it, fast on large
catalogs."""

from __future__ import annotations

import bisect
import heapq
import math
import operator
from collections import Counter
from collections.abc import Iterator, Sequence

THRESHOLD = 0.6
"""msgmerge's FUZZY_THRESHOLD: a closest message must be more similar than this."""
CONTEXT_BONUS = 0.00001
"""msgmerge's advantage to a message with the same context, or with none."""
SHORT_BYTES = 28
"""Messages up to this many bytes can be the closest to one of fewer than 4 characters
(gettext's SHORT_MSG_MAX, the longest that can reach the threshold)."""
FIRST = 16
"""The candidates sharing the most 4-character sequences, scored first: the best is
usually among them, and a good score early leaves few sizes to look at."""
PROFILE_BYTES = 24
"""The most frequent bytes of the candidates, whose counts bound the score cheaply."""
_SPREAD = 2 / THRESHOLD - 1  # a ratio above THRESHOLD needs lengths within this factor
EXACT_LIMIT = 16_000
"""Two texts longer than this together (in bytes) are compared by :func:`ends_ratio`, not
exactly as msgmerge does: their exact comparison costs the product of their lengths (two
8,000-byte paragraphs: 10 ms each pair). A paragraph is a few hundred bytes; an edit to a
longer one keeps a long common start or end. The only departure from msgmerge's choice."""


class Matcher:
    """msgmerge's fuzzy search (gettext's msgl-fsearch.c) over candidate messages, in
    their catalog's order: the candidates sharing a 4-character sequence with a message
    (for a message of fewer than 4 characters, the short candidates of a fitting length)
    are scored by gettext's fstrcmp, the share of the UTF-8 bytes of both in their
    longest common subsequence, plus :data:`CONTEXT_BONUS` for a candidate without
    context or with the message's; the best above :data:`THRESHOLD` wins, a tie going to
    the candidate sharing the most 4-character sequences, then to the first.

    The result is msgmerge's; the work is not: a candidate is scored only when bounds
    from the lengths leave it a chance to win, and the score is computed on bit vectors."""

    def __init__(self, texts: Sequence[str], contexts: Sequence[str | None] = ()):
        self.texts = list(texts)
        self.contexts = list(contexts) or [None] * len(self.texts)
        self.encoded = [text.encode("utf-8") for text in self.texts]
        self.grams: dict[str, list[int]] = {}
        self.short: dict[int, list[int]] = {}
        for number, text in enumerate(self.texts):
            for gram in dict.fromkeys(text[i : i + 4] for i in range(len(text) - 3)):
                self.grams.setdefault(gram, []).append(number)
            if len(self.encoded[number]) <= SHORT_BYTES:
                self.short.setdefault(len(self.encoded[number]), []).append(number)
        self.sizes = [len(data) for data in self.encoded]
        frequent = Counter(b"".join(self.encoded)).most_common(PROFILE_BYTES)
        self.usual = bytes(byte for byte, _ in frequent)
        self.profiles = [_profile(data, self.usual) for data in self.encoded]
        self.prepared: dict[int, _Text] = {}
        self.by_size = sorted(range(len(self.sizes)), key=self.sizes.__getitem__)
        self.sorted_sizes = [self.sizes[number] for number in self.by_size]

    def best(self, text: str, context: str | None = None) -> int | None:
        """Index of the candidate msgmerge takes for ``text`` in ``context``, if any."""
        search = _Search(self, text, context)
        if len(text) < 4:
            low = math.ceil(len(search.query.data) / _SPREAD)
            high = int(len(search.query.data) * _SPREAD)
            for size in range(low, high + 1):
                for number in self.short.get(size, ()):
                    search.consider(number)
            return min(search.ties, key=lambda n: (self.sizes[n], n), default=None)
        shared: Counter[int] = Counter()
        for i in range(len(text) - 3):
            shared.update(self.grams.get(text[i : i + 4], ()))
        # The candidates sharing the most first, for a good score early; then all others
        # whose size leaves them a chance, nearest in size first. The order changes the
        # work only: a tie is broken as msgmerge's order breaks it.
        first = heapq.nlargest(FIRST, shared.items(), key=operator.itemgetter(1))
        for number, _ in first:
            search.consider(number)
        done = {number for number, _ in first}
        for number in self._around(search):
            if number in shared and number not in done:
                search.consider(number)
        return min(search.ties, key=lambda n: (-shared[n], n), default=None)

    def _around(self, search: _Search) -> Iterator[int]:
        """The candidates within the search's window of sizes, nearest in size first."""
        sizes, size = self.sorted_sizes, len(search.query.data)
        right = bisect.bisect_left(sizes, size)
        left = right - 1
        while True:
            has_right = right < len(sizes) and sizes[right] <= search.high
            has_left = left >= 0 and sizes[left] >= search.low
            if has_right and (not has_left or sizes[right] - size <= size - sizes[left]):
                yield self.by_size[right]
                right += 1
            elif has_left:
                yield self.by_size[left]
                left -= 1
            else:
                return

    def _common(self, number: int, query: _Text, needed: float) -> int | None:
        """The length of the longest common subsequence of candidate ``number`` and the
        ``query``, or None when it is less than ``needed``: bounded first by how often
        each byte occurs in both (as gettext's fstrcmp is), then computed."""
        total = self.sizes[number] + len(query.data)
        if total >= 20:
            # Bytes in one text and not the other are not in common: of the usual bytes
            # counted apart and the others together, at least this many.
            apart = sum(map(abs, map(operator.sub, self.profiles[number], query.profile)))
            if total - apart < 2 * needed:
                return None
        text = self.prepared.get(number)
        if text is None:
            text = self.prepared[number] = _Text(self.encoded[number], self.usual)
        shorter, longer = (text, query) if len(text.data) <= len(query.data) else (query, text)
        return longer.common(shorter.data, needed)


class _Search:
    """The best candidates so far for one message, and the sizes that can still beat them."""

    def __init__(self, matcher: Matcher, text: str, context: str | None) -> None:
        self.matcher, self.text, self.context = matcher, text, context
        self.query = _Text(text.encode("utf-8"), matcher.usual)
        self.best, self.ties = THRESHOLD, list[int]()
        self.low, self.high = _window(len(self.query.data), self.best - CONTEXT_BONUS)

    def consider(self, number: int) -> None:
        """Score candidate ``number`` if its size leaves it a chance, and keep it if best."""
        matcher = self.matcher
        size = matcher.sizes[number]
        if size < self.low or size > self.high:
            return  # too short or too long to reach the best score so far
        bonus = CONTEXT_BONUS if matcher.contexts[number] in (None, self.context) else 0.0
        total = len(self.query.data) + size
        if not total:
            score = 1.0 + bonus  # two empty texts are alike, as fstrcmp says
        elif total > EXACT_LIMIT:
            score = ends_ratio(self.text, matcher.texts[number]) + bonus
        else:
            # A tie counts too; the margin keeps one that rounding would drop.
            needed = (self.best - bonus) * total / 2 - 1e-6
            common = matcher._common(number, self.query, needed)
            if common is None:
                return
            score = 2 * common / total + bonus
        if score > self.best:
            self.best, self.ties = score, [number]
            self.low, self.high = _window(len(self.query.data), self.best - CONTEXT_BONUS)
        elif score == self.best and self.ties:
            self.ties.append(number)


class _Text:
    """A text's UTF-8 bytes, its profile and, once needed, where each byte is."""

    def __init__(self, data: bytes, usual: bytes) -> None:
        self.data = data
        self.profile = _profile(data, usual)
        self._masks: dict[int, int] | None = None

    def common(self, other: bytes, needed: float) -> int | None:
        """The length of the longest common subsequence of this text and ``other`` (at
        most as long), by Hyyrö's bit-vector algorithm: a few big-integer steps per byte
        of ``other``; None as soon as it cannot reach ``needed``."""
        masks = self._masks
        if masks is None:
            masks = {}
            for position, byte in enumerate(self.data):
                masks[byte] = masks.get(byte, 0) | 1 << position
            self._masks = masks
        size = len(self.data)
        full = (1 << size) - 1
        vector = full
        if len(other) <= 128:  # checking on the way costs more than it saves
            for byte in other:
                matched = vector & masks.get(byte, 0)
                vector = ((vector + matched) | (vector - matched)) & full
        else:
            for step, byte in enumerate(other, start=1):
                matched = vector & masks.get(byte, 0)
                vector = ((vector + matched) | (vector - matched)) & full
                if not step % 64 and size - vector.bit_count() + len(other) - step < needed:
                    return None  # even every byte left in common would not be enough
        common = size - vector.bit_count()
        return common if common >= needed else None


def _profile(data: bytes, usual: bytes) -> tuple[int, ...]:
    """How often each of the ``usual`` bytes occurs in ``data``, then all others together."""
    counts = [data.count(byte) for byte in usual]
    return (*counts, len(data) - sum(counts))


def _window(size: int, score: float) -> tuple[float, float]:
    """The sizes a text can have to share more than ``score`` with one of ``size``: the
    common part is at most the shorter text."""
    return score * size / (2 - score), size * (2 - score) / score


def ends_ratio(a: str, b: str) -> float:
    """The share of both texts' characters in their longest common start and end: what
    an edit in one place leaves alike. The linear stand-in for the exact score on long
    texts (close to it for such an edit, never meant to equal it)."""
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
