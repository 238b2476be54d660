"""PO files made to hold every feature a catalog from elsewhere can bring: plural entries
of 1 to 6 forms, contexts, previous fields, obsolete entries (plural ones, ones with
previous fields), comment blocks with blank lines, flags, CRLF line ends, header lines
spaced as editors space them, escapes and line separators in strings. Written as a
translator's tool would write them, not as msgcat would: each is one random.Random's
seed away, so that a failure is reproduced by its seed."""

from __future__ import annotations

import random

WORDS = [
    "the", "army", "left", "Kidal", "in", "2023", "self-governing", "20,000", "l’État",
    "aujourd’hui", "c’est-à-dire", "«\u00a0Bonjour\u00a0»", "mɔgɔ", "ɲɔgɔn", "sɛ̀bɛn",
    "Исламисты", "Μάλι", "马里的伊斯兰主义者", "「軍事政権」", "말리의", "%s", "%d", "%(name)s",
    "{count}", "https://example.org/a-b_c?x=1", "and/or", "—", "(JNIM)", "…", "e.g.",
    "tab\there", 'say "yes"', "back\\slash", "line\u2028separator", "next\u0085line",
    "a\u00adb", "2\u202f500", "file.txt", "--option", "<b>bold</b>", "ଉଦ୍ଦିଷ୍ଟ।ଏହି",
    "हिंदी।", "ٱلْعَرَبِيَّة،", "ภาษาไทย", "ꦗꦮ",
]  # fmt: skip
"""Texts in several scripts (the danda and other break opportunities outside Latin among
them), with what PO strings escape."""

FLAGS = ["c-format", "no-c-format", "python-format", "no-wrap", "wrap", "range: 1..9", "odd-flag"]
SPACED_HEADERS = [
    "Project-Id-Version:  spaced name\\n",  # two spaces, as some editors keep them
    "X-Generator:Gedit \\n",  # no space after the colon, one at the end
    "X-Poedit-Basepath: ..\\n",
    "X-Dup: first\\n",
    "X-Dup: second\\n",  # a repeated field
    "X-Empty:\\n",
    "a line without a field name\\n",
]
NPLURALS_FORMULAS = {
    1: "0",
    2: "(n != 1)",
    3: "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    4: "(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3)",
    5: "(n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4)",
    6: "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)",
}


def escape(text: str) -> str:
    """``text`` as a PO string's content."""
    for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\t", "\\t")):
        text = text.replace(char, escaped)
    return text


def prose(rng: random.Random, low: int = 1, high: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    text = " ".join(words)
    if rng.random() < 0.15:
        text += "\n" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
    return text


def string_lines(keyword: str, text: str, rng: random.Random, prefix: str = "") -> list[str]:
    """``keyword "text"`` split over lines as an editor may split it."""
    pieces: list[str] = []
    rest = text
    while rest and rng.random() < 0.5:
        cut = rng.randint(1, len(rest))
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    if len(pieces) > 1 and rng.random() < 0.5:
        pieces.insert(0, "")
    lines = [f'{prefix}{keyword} "{escape(pieces[0])}"']
    lines += [f'{prefix}"{escape(piece)}"' for piece in pieces[1:]]
    return lines


def reference(rng: random.Random) -> str:
    """A source reference, its file name isolated between U+2068 and U+2069 if spaced."""
    name = f"src/{rng.choice(['a', 'b', 'my file', 'ui/dialog-window'])}.c"
    line = rng.choice(["", f":{rng.randint(1, 9999)}"])
    return f"\u2068{name}\u2069{line}" if " " in name else f"{name}{line}"


def comment_block(marker: str, rng: random.Random) -> list[str]:
    """Comment lines, blank ones among them (first, last, or alone)."""
    lines = [f"{marker} {' '.join(rng.choice(WORDS[:12]) for _ in range(3))}"]
    lines *= rng.randint(1, 3)
    shape = rng.random()
    if shape < 0.25:
        lines.insert(0, marker)
    elif shape < 0.5:
        lines.append(marker)
    elif shape < 0.6:
        lines = [marker]
    elif shape < 0.7:
        lines.insert(1, marker)
    return lines


def entry_lines(
    rng: random.Random, key: tuple[str | None, str], nplurals: int, obsolete: bool
) -> list[str]:
    """One entry: comments, flags, previous fields, then its fields."""
    context, msgid = key
    lines: list[str] = []
    if rng.random() < 0.4:
        lines += comment_block("#", rng)
    if rng.random() < 0.4 and not obsolete:
        lines += comment_block("#.", rng)
    if rng.random() < 0.5 and not obsolete:
        lines.append("#: " + " ".join(reference(rng) for _ in range(rng.randint(1, 12))))
    fuzzy = rng.random() < 0.3
    flags = rng.sample(FLAGS, rng.randint(0, 2)) + (["fuzzy"] if fuzzy else [])
    if flags:
        lines.append("#, " + ", ".join(flags))
    plural = rng.random() < 0.35
    translated = rng.random() < 0.8
    prefix = "#~ " if obsolete else ""
    if rng.random() < (0.8 if fuzzy else 0.1):
        previous = "#~| " if obsolete else "#| "
        if rng.random() < 0.3:
            lines += string_lines("msgctxt", prose(rng, 1, 2), rng, previous)
        lines += string_lines("msgid", prose(rng), rng, previous)
        if plural and rng.random() < 0.5:
            lines += string_lines("msgid_plural", prose(rng), rng, previous)
    if context is not None:
        lines += string_lines("msgctxt", context, rng, prefix)
    lines += string_lines("msgid", msgid, rng, prefix)
    if plural:
        lines += string_lines("msgid_plural", prose(rng), rng, prefix)
        for form in range(nplurals):
            text = prose(rng) if translated and (form == 0 or rng.random() < 0.9) else ""
            lines += string_lines(f"msgstr[{form}]", text, rng, prefix)
    else:
        lines += string_lines("msgstr", prose(rng) if translated else "", rng, prefix)
    return lines


def header_lines(rng: random.Random, nplurals: int) -> list[str]:
    lines = comment_block("#", rng) if rng.random() < 0.8 else []
    if rng.random() < 0.3:
        lines.append("#, fuzzy")
    fields = [
        "Project-Id-Version: generated 1.0\\n",
        "Report-Msgid-Bugs-To: bugs@example.org\\n",
        "POT-Creation-Date: 2024-05-01 12:00+0000\\n",
        "PO-Revision-Date: 2024-05-02 08:30+0200\\n",
        "Last-Translator: Awa Traoré <awa@example.org>\\n",
        "Language-Team: Bambara <bm@example.org>\\n",
        "Language: bm\\n",
        "MIME-Version: 1.0\\n",
        "Content-Type: text/plain; charset=UTF-8\\n",
        "Content-Transfer-Encoding: 8bit\\n",
        f"Plural-Forms: nplurals={nplurals}; plural={NPLURALS_FORMULAS[nplurals]};\\n",
    ]
    for odd in rng.sample(SPACED_HEADERS, rng.randint(0, 3)):
        if odd.startswith("Project-Id-Version"):
            fields[0] = odd
        else:
            fields.insert(rng.randint(1, len(fields)), odd)
    return [*lines, 'msgid ""', 'msgstr ""', *(f'"{field}"' for field in fields)]


def po_file(seed: int) -> str:
    """The text of generated catalog number ``seed``."""
    return po_text(random.Random(seed))


def po_text(rng: random.Random) -> str:
    """The text of a catalog made with ``rng``'s choices."""
    nplurals = rng.randint(1, 6)
    keys: list[tuple[str | None, str]] = []
    count = rng.randint(8, 30)
    while len(keys) < count:
        context = rng.choice([None, None, None, "menu", "", prose(rng, 1, 2)])
        key = (context, prose(rng))
        if key not in keys:
            keys.append(key)
    blocks = [header_lines(rng, nplurals)]
    obsolete_from = len(keys) - rng.randint(0, 5)
    for number, key in enumerate(keys):
        blocks.append(entry_lines(rng, key, nplurals, number >= obsolete_from))
    newline = "\r\n" if rng.random() < 0.15 else "\n"
    return newline.join(newline.join(block) + newline for block in blocks)
