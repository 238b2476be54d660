"""Seeded text in many scripts, with each script's punctuation, spaces, digits, marks and
emoji: the line breaker is held to msgcat on it."""

from __future__ import annotations

import random
from dataclasses import dataclass


def _span(first: int, last: int) -> str:
    return "".join(chr(cp) for cp in range(first, last + 1))


@dataclass(frozen=True)
class Script:
    """What words and sentences of one script are made of."""

    name: str
    letters: str
    marks: str  # combining marks (Mn, Mc) and vowel signs written after a letter
    punctuation: str  # written after a word
    openers: str  # written before a word
    digits: str
    word_space: str = " "  # what separates words (Thai, Khmer, Myanmar: often nothing)


# fmt: off
SCRIPTS = (
    Script("Latin", "abcdefghijklmnopqrstuvwxyzàéèïôœßɛɔɲŋ" * 3 + "ABCDEFGHIJKLMNOPQRSTUVWXYZÉ",
           "\u0300\u0301\u0302\u0303\u0308\u030c\u0327", ".,;:!?…)»”’-–—/%'\"", "(«“‘¿¡[",
           "0123456789"),
    Script("Cyrillic", _span(0x0430, 0x044F) * 2 + _span(0x0410, 0x042F), "\u0301",
           ".,;:!?…)»“—", "(«„", "0123456789"),
    Script("Greek", _span(0x03B1, 0x03C9) * 2 + "άέήίόύώΑΒΓΔ", "\u0301\u0308",
           ".,\u037e\u0387!)»—", "(«", "0123456789"),
    Script("Arabic", _span(0x0627, 0x064A), _span(0x064B, 0x0652) + "\u0670",
           "\u060c\u061b\u061f\u06d4.!)»\u066a", "(«", _span(0x0660, 0x0669) + "\u066b\u066c"),
    Script("Hebrew", _span(0x05D0, 0x05EA), _span(0x05B0, 0x05BC),
           ".,:!?\u05c3\u05be\u05f3\u05f4)-", "(\"", "0123456789"),
    Script("Devanagari", _span(0x0915, 0x0939) + "अआइउएओ",
           _span(0x093E, 0x094C) + "\u094d\u093c\u0902\u0901", "\u0964\u0965,?!)-", "(\"",
           _span(0x0966, 0x096F)),
    Script("Bengali", _span(0x0995, 0x09A8) + _span(0x09AA, 0x09B0) + "অআইউএ",
           "\u09be\u09bf\u09c0\u09c1\u09c7\u09cb\u09cd\u0982\u09bc", "\u0964\u0965,?!)\u09f3",
           "(", _span(0x09E6, 0x09EF)),
    Script("Oriya", _span(0x0B15, 0x0B28) + _span(0x0B2A, 0x0B30) + "ଅଆଇଉଏ",
           "\u0b3e\u0b3f\u0b40\u0b41\u0b47\u0b4b\u0b4d\u0b02\u0b3c", "\u0964\u0965\u0b70,?!)",
           "(", _span(0x0B66, 0x0B6F)),
    Script("Tamil", "கஙசஞடணதநபமயரலவழளறனஜஷஸஹ" + "அஆஇஈஉஊஎஏஐஒஓ",
           "\u0bbe\u0bbf\u0bc0\u0bc1\u0bc2\u0bc6\u0bc7\u0bc8\u0bca\u0bcd", ".,?!)\u0bf9", "(",
           _span(0x0BE6, 0x0BEF)),
    Script("Thai", _span(0x0E01, 0x0E2E), _span(0x0E31, 0x0E3A) + _span(0x0E47, 0x0E4C),
           "\u0e2f\u0e46\u0e5a\u0e5b", "\u0e4f", _span(0x0E50, 0x0E59) + "\u0e3f", ""),
    Script("Khmer", _span(0x1780, 0x17A2), _span(0x17B6, 0x17C5) + "\u17d2\u17c6\u17c9",
           "\u17d4\u17d5\u17d6\u17db", "", _span(0x17E0, 0x17E9), ""),
    Script("Myanmar", _span(0x1000, 0x1021), _span(0x102B, 0x1035) + "\u1039\u103a\u1036\u1037",
           "\u104a\u104b", "", _span(0x1040, 0x1049), ""),
    Script("CJK", "中文字日本語漢政府軍事國家的人民是了在有和我们你他她它们时间年月"
           + _span(0x3041, 0x3096) + _span(0x30A1, 0x30FA) + "ー々〆", "\u3099",
           "、。」』）！？：；・〕】ゝヽ", "「『（〔【", _span(0xFF10, 0xFF19) + "0123456789", ""),
    Script("Hangul", "".join(chr(0xAC00 + 28 * i + (i * 7) % 28) for i in range(0, 399, 7))
           + "한국어말리의정부", "", ".,!?)」", "(「", "0123456789"),
    Script("Hangul jamo", _span(0x1100, 0x1112) + _span(0x1161, 0x1175) + _span(0x11A8, 0x11C2),
           "", ".,", "", "0123456789"),
    Script("Ethiopic", _span(0x1200, 0x1248) + _span(0x12A0, 0x12B0), "\u135d\u135f",
           "\u1362\u1363\u1364\u1365\u1366\u1367\u1368", "", _span(0x1369, 0x137C), "\u1361"),
    Script("Tibetan", _span(0x0F40, 0x0F47) + _span(0x0F49, 0x0F6C),
           _span(0x0F71, 0x0F7E) + _span(0x0F90, 0x0F97) + "\u0f7f\u0f80",
           "\u0f0d\u0f0e\u0f11\u0f14\u0f0c\u0f3b\u0f3d", "\u0f04\u0f05\u0f06\u0f3a\u0f3c",
           _span(0x0F20, 0x0F29), "\u0f0b"),
)
# fmt: on

SPACES = (
    " ",
    " ",
    " ",
    " ",
    "  ",
    "\u00a0",
    "\u1680",
    *map(chr, range(0x2000, 0x200B)),
    "\u202f",
    "\u205f",
    "\u3000",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\t",
    "\u180e",
)
EMOJI = (
    "😀", "👍", "👍🏽", "🏃\u200d♀️", "👨\u200d👩\u200d👧", "🇲🇱", "🇫🇷🇲🇱", "❤️", "#️⃣", "🏳️\u200d🌈",
    "✊🏿", "☺", "⌚", "🀄", "\U0001f02c", "🫠", "🧑🏾\u200d🚀", "©", "™",
)  # fmt: skip
NUMBERS = (
    "1,234.56", "50%", "50 %", "$5", "€20", "20 €", "12:30", "3/4", "-5", "(2024)", "1990s",
    "2012–2024", "+33 1 23 45", "№ 7", "10⁶", "½", "3.5×", "2\u202f500", "v1.2.3", "#15",
)  # fmt: skip
MIXED = (
    "https://example.org/path-to/page?x=1&y=2", "e.g.", "a/b", "C++", "<b>", "</p>",
    "%s", "%d", "%(name)s", "{count}", "\\", '"', "\u00ad", "\u2011", "\u2010", "\u2014",
    "\u2026", "\u2028", "\u0085", "\u200d", "\u200c", "\u034f", "\u061c", "\u2066", "\u2069",
)  # fmt: skip


def word(rng: random.Random, script: Script) -> str:
    """A word: letters, each possibly followed by a combining mark or vowel sign."""
    parts = []
    for _ in range(rng.randint(1, 9)):
        parts.append(rng.choice(script.letters))
        if script.marks and rng.random() < 0.3:
            parts.append(rng.choice(script.marks))
    return "".join(parts)


def token(rng: random.Random, script: Script) -> str:
    """A word with its punctuation, or now and then a number, an emoji or a symbol."""
    roll = rng.random()
    if roll < 0.06:
        return "".join(rng.choice(script.digits) for _ in range(rng.randint(1, 6)))
    if roll < 0.09:
        return rng.choice(NUMBERS)
    if roll < 0.12:
        return rng.choice(EMOJI)
    if roll < 0.15:
        return rng.choice(MIXED)
    text = word(rng, script)
    if script.openers and rng.random() < 0.1:
        text = rng.choice(script.openers) + text
    if rng.random() < 0.25:
        text += "".join(rng.choice(script.punctuation) for _ in range(rng.randint(1, 2)))
    return text


def separator(rng: random.Random, script: Script) -> str:
    roll = rng.random()
    if roll < 0.7:
        return script.word_space
    if roll < 0.9:
        return " "
    return rng.choice(SPACES)


def text(rng: random.Random, length: int, scripts: tuple[Script, ...] = SCRIPTS) -> str:
    """About ``length`` characters: runs of one script, now and then another."""
    script = rng.choice(scripts)
    parts: list[str] = []
    size = 0
    while size < length:
        if rng.random() < 0.05:
            script = rng.choice(scripts)
        piece = token(rng, script) + separator(rng, script)
        parts.append(piece)
        size += len(piece)
    return "".join(parts)


def entries(seed: int, count: int) -> list[tuple[str, str]]:
    """``count`` (msgid, msgstr) pairs: long values in every script, one script per
    entry and mixed, some with embedded newlines, some starting or ending with one."""
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    for index in range(count):
        scripts = (SCRIPTS[index % len(SCRIPTS)],) if index % 3 else SCRIPTS
        msgstr = text(rng, rng.choice((60, 120, 300, 700)), scripts)
        if rng.random() < 0.2:
            msgstr = msgstr.replace(" ", "\n", 2)
        msgid = f"entry {index}: " + text(rng, rng.choice((20, 90, 200)), scripts)
        pairs.append((msgid, msgstr))
    return pairs
