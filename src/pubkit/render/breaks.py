"""Where a printed line may not break: proper names and a paragraph's last words are kept whole.

WeasyPrint hyphenates every word its dictionary knows, names included ("Maurita-nie",
"Rosa-Luxemburg-Stiftung" split at its hyphen), and it has no paragraph-wide optimiser,
so a paragraph may end on the tail of a hyphenated word ("uni-forme.") or on one short
word. These rules run on the typeset text of each prose block, before it is escaped,
and mark runs with :data:`pubkit.source.inline.KEEP_OPEN` and ``KEEP_CLOSE``, which
:func:`pubkit.source.inline.render` prints as ``<span class="keep">``: the theme sets
those to neither hyphenate nor wrap. The rules add no character to the text a reader
copies or a screen reader speaks.

- A capitalised word (its first letter upper case) is a name, in the languages whose
  common nouns are lower case (:func:`pubkit.locales.typography.capitalises_nouns`); it
  is kept whole, hyphens and apostrophe-free parts included ("Al-Qaïda", "l'Azawad"
  keeps "Azawad").
- No word is hyphenated in a block's last :data:`TAIL` characters, so that neither the
  last line nor the line before it ends on a split word ("uni-/forme."), and the last
  words stay on one line (two, or more while they are short), so the last line is not
  one short word.
  (What the theme's measure makes of TAIL is checked after layout: pubkit.render.layout.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from pubkit.locales.typography import capitalises_nouns
from pubkit.source.inline import (
    KEEP_CLOSE,
    KEEP_OPEN,
    TAG_MARK,
    UNHYPHENATED_CLOSE,
    UNHYPHENATED_OPEN,
)

MARKS = (KEEP_OPEN, KEEP_CLOSE, UNHYPHENATED_OPEN, UNHYPHENATED_CLOSE)

NAME_LIMIT = 40
"""A longer 'word' is no name (an address, a typing accident): it may still wrap."""
LAST_WORDS_LIMIT = 24
"""The last two words are kept on one line when together at most this long, and the
words before them too while the run stays within it."""
TEXT_LIMIT = 4096
"""Longer texts are printed in several boxes (pubkit.source.inline): no keep across them."""

# Letters joined by hyphens: one word for hyphenation and line breaking. Linear: each
# character is matched at most once, and the repeated group starts with a hyphen.
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*+")
TAIL = 100
"""Characters at the end of a block in which no word is hyphenated: more than a line of
the default theme's body text (about 70), so the last full line is covered too."""
SHORTEST = 6
"""Shorter words without a hyphen are never hyphenated anyway (the theme's
hyphenate-limit-chars): no need to mark them."""


@cache
def keeper(lang: str) -> Callable[[str], str]:
    """A function that marks the runs of a typeset text of ``lang`` to keep whole."""
    names = not capitalises_nouns(lang)

    def keep(text: str) -> str:
        if any(mark in text for mark in MARKS):  # typed, not ours: never a span
            text = text.translate(_TYPED_MARKS)
        if not text or len(text) > TEXT_LIMIT:
            return text
        return _unhyphenated_tail(_keep_last_words(_mark_names(text, names)))

    return keep


_TYPED_MARKS = str.maketrans(dict.fromkeys(MARKS, "\ufffd"))


def _mark_names(text: str, names: bool) -> str:
    """The names of the text marked to keep whole."""
    if not names:
        return text
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        word = match.group()
        short = len(word) < SHORTEST and not any(dash in word for dash in "-\u2010\u2011")
        if not word[0].isupper() or len(word) > NAME_LIMIT or short:
            continue
        out.append(text[position : match.start()])
        out.append(KEEP_OPEN + word + KEEP_CLOSE)
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _keep_last_words(text: str) -> str:
    """The last words kept on one line: two, or more while together they stay short."""
    body = text.rstrip(" ")
    window = 4 * LAST_WORDS_LIMIT
    pieces = body[-window:].split(" ")
    if len(body) > window:  # the window cut its first piece: never keep that one
        pieces = pieces[1:]
    kept: list[str] = []
    for piece in reversed(pieces):
        shown = sum(len(p) + 1 for p in [piece, *kept]) - sum(
            p.count(mark) for p in [piece, *kept] for mark in MARKS
        )
        if not piece or not _balanced(piece) or (len(kept) >= 2 and shown > LAST_WORDS_LIMIT):
            break
        if len(kept) < 2 and shown > LAST_WORDS_LIMIT:
            return text
        kept.insert(0, piece)
    if len(kept) < 2:
        return text
    run = " ".join(kept)
    start = len(body) - len(run)
    inner = run.replace(KEEP_OPEN, "").replace(KEEP_CLOSE, "")  # the run keeps them whole
    return f"{body[:start]}{KEEP_OPEN}{inner}{KEEP_CLOSE}{text[len(body) :]}"


def _unhyphenated_tail(text: str) -> str:
    """The text's last TAIL characters (from a space) marked not to hyphenate, each run
    between inline tags on its own: a span must not straddle a tag."""
    if len(text) <= TAIL:
        start = 0
    else:
        space = text.find(" ", len(text) - TAIL)
        if space < 0:
            return text
        start = space + 1
    pieces = text[start:].split(TAG_MARK)
    marked = [
        f"{UNHYPHENATED_OPEN}{piece}{UNHYPHENATED_CLOSE}" if _hyphenable(piece) else piece
        for piece in pieces
    ]
    return text[:start] + TAG_MARK.join(marked)


def _hyphenable(piece: str) -> bool:
    """Whether a piece holds a word long enough to hyphenate outside a kept run."""
    outside = _KEPT_RUN.sub("", piece)
    return any(len(m.group()) >= SHORTEST for m in _WORD.finditer(outside))


_KEPT_RUN = re.compile(f"{KEEP_OPEN}[^{KEEP_CLOSE}]*{KEEP_CLOSE}")


def _balanced(piece: str) -> bool:
    """No keep opened or closed halfway, and no inline tag (pubkit.source.inline.TAG_MARK)
    inside: a span must not straddle ``<strong>`` or a link."""
    return piece.count(KEEP_OPEN) == piece.count(KEEP_CLOSE) and TAG_MARK not in piece


def word_at_break(head: str, tail: str) -> str | None:
    """The word a line break split: the end of one line and the start of the next, as
    typed (the hyphen WeasyPrint adds, U+2010, left out; a typed hyphen kept)."""
    head = head.rstrip()
    if head.endswith("\u2010"):
        head = head[:-1]
    joined = head + tail.lstrip()
    for match in _WORD.finditer(joined, max(0, len(head) - NAME_LIMIT)):
        if match.start() < len(head) <= match.end():
            return match.group()
    return None


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def keep_words(html: str, words: frozenset[str]) -> str:
    """``html`` with each whole occurrence of ``words`` in the text of its body kept
    whole (the words are runs of letters and hyphens, which escaping leaves as they are)."""
    if not words:
        return html
    pattern = re.compile(
        r"(?<![\w\u2010\u2011-])("
        + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        + r")(?![\w\u2010\u2011-])"
    )
    opening = html.find("<body")
    start = html.find(">", opening) + 1 if opening >= 0 else 0
    if start <= 0:
        return html
    parts = _TAG_OR_TEXT.split(html[start:])
    for index in range(0, len(parts), 2):  # text between tags
        parts[index] = pattern.sub(r'<span class="keep">\1</span>', parts[index])
    return html[:start] + "".join(parts)
