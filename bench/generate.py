"""Generate a large synthetic pubkit project for the benchmarks (bench/run.py).

The project is built from the real brief (content/mali-islamists-rise.md): its front
matter is kept (with another slug), and its body blocks are cycled and varied until the
body has ``--blocks`` paragraphs, headings and pull quotes (default 2,400). Every block is
unique: numbers are varied per cycle, headings and pull quotes carry the cycle number,
and each paragraph ends with a generated sentence with a counter, numbers, **bold** and
links. Pull quotes keep repeating a sentence of a paragraph, as in the brief.

The French catalog is made with the pubkit workflow (extract, init fr) and then filled
programmatically with a deterministic pseudo-translation that keeps what the checks
compare: glossary terms in their French form, numbers (in French notation), inline
Markdown and link targets, final punctuation, French spacing before ``; : ! ?``.

Finally ``edited/big.md`` is the same source with 1 % of the paragraphs edited (one word
replaced), for the update benchmark. Everything is seeded: the same arguments give the
same bytes.

    .venv/bin/python bench/generate.py [--out bench/out/big] [--blocks 2400] [--seed 2026]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pubkit.catalogs import workflow
from pubkit.catalogs.pofile import read_catalog, write_catalog
from pubkit.checks.glossary import Glossary, fold, read_glossary
from pubkit.config import load_project
from pubkit.source.reader import read_document

REPO = Path(__file__).resolve().parent.parent
BRIEF = REPO / "content" / "mali-islamists-rise.md"
GLOSSARY = REPO / "locale" / "glossary.csv"
DEFAULT_OUT = REPO / "bench" / "out" / "big"
SLUG = "bench-big"
DOMAIN = "big"
SOURCE_DATE_EPOCH = "1767323040"  # 2026-01-02 03:04 UTC, as the tests use
NNBSP = "\u202f"

PUBKIT_TOML = f"""\
# Synthetic benchmark project written by bench/generate.py; do not edit.
source-language = "en"
glossary = "glossary.csv"

[[publications]]
source = "content/{DOMAIN}.md"
domain = "{DOMAIN}"

[languages.en]
[languages.fr]
fallback = ["en"]
threshold = 100
"""

PLACES = ("Bamako", "Kidal", "Timbuktu", "Mopti", "Gao", "Ségou", "Sikasso", "Kayes")
REPLACEMENTS = ("considerable", "decisive", "renewed", "lasting", "growing", "uneven")


# -- the source -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    role: str  # heading, paragraph, lead, pullquote
    text: str
    level: int = 0

    def markdown(self) -> str:
        if self.role == "heading":
            return f"{'#' * self.level} {self.text}"
        if self.role in ("lead", "pullquote"):
            return f"::: {self.role}\n{self.text}\n:::"
        return self.text


_QUOTE_MARKS = str.maketrans(dict.fromkeys("“”„«»‘’‚‹›'", '"'))


def fold_quotation(text: str) -> str:
    """Text as a pull quote is compared with its paragraph: no case, emphasis markers,
    quotation-mark style or spacing differences (the rule pubkit's comments follow)."""
    text = re.sub(r"\*\*|\*|__|_", "", text).translate(_QUOTE_MARKS).casefold()
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split()).strip(' "')


def quoted_paragraph(quote: str, blocks: list[Block]) -> Block | None:
    """The first paragraph (or lead) whose text contains the pull quote's words."""
    needle = fold_quotation(quote).rstrip(".!?")
    for block in blocks:
        if block.role in ("paragraph", "lead") and needle in fold_quotation(block.text):
            return block
    return None


def _thousands(value: int) -> str:
    return f"{value:,}"


def vary_numbers(text: str, cycle: int) -> str:
    """Change the numbers of a text for one cycle: grouped numbers grow by 10 per cycle,
    small ones (days, millions) move by up to 6; years and link targets stay."""
    if cycle == 0:
        return text

    def grouped(match: re.Match[str]) -> str:
        return _thousands(int(match.group(0).replace(",", "")) + 10 * cycle)

    def small(match: re.Match[str]) -> str:
        return str(int(match.group(0)) + cycle % 7)

    parts = re.split(r"(\]\([^)]*\))", text)
    for index in range(0, len(parts), 2):
        part = re.sub(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])", grouped, parts[index])
        parts[index] = re.sub(r"(?<![\d,.])\d{1,2}(?![\d,.]\d|\d)", small, part)
    return "".join(parts)


def _field_note(rng: random.Random, number: int) -> str:
    """A generated closing sentence, unique through ``number``."""
    place = rng.choice(PLACES)
    count = rng.randint(12, 9_800)
    shown = _thousands(count)
    year = rng.randint(2012, 2025)
    template = rng.randrange(4)
    if template == 0:
        weeks = rng.randint(2, 40)
        return (
            f"Field note {number}: observers in {place} recorded {shown} incidents "
            f"over {weeks} weeks."
        )
    if template == 1:
        return (
            f"According to [bulletin {number}](https://example.org/bulletins/{number}), "
            f"**{shown} families** left {place} in {year}."
        )
    if template == 2:
        share = f"{rng.randint(1, 60)}.{rng.randint(1, 9)}"
        return (
            f"In {place}, report {number} counted {shown} checkpoints, "
            f"{share} % more than a year earlier."
        )
    return f"**Dispatch {number}** from {place} notes that {shown} people attended the talks."


def _splice(paragraph: str, quote: str, suffix: str) -> str | None:
    """``paragraph`` with ``suffix`` inserted after the sentence ``quote`` repeats."""
    needle = quote.rstrip(".").casefold()
    start = paragraph.casefold().find(needle)
    if start < 0:
        return None
    end = start + len(needle)
    return paragraph[:end] + suffix + paragraph[end:]


def body_blocks(blocks: int, seed: int) -> list[Block]:
    """The body: the brief's lead once, then its other blocks cycled and varied."""
    rng = random.Random(seed)
    document = read_document(BRIEF, "content/mali-islamists-rise.md")
    source = [Block(b.role, b.text, b.level) for b in document.blocks]
    lead = [b for b in source if b.role == "lead"]
    cycle_blocks = [b for b in source if b.role != "lead"]
    # Which paragraph each pull quote repeats (as pubkit finds it), by index.
    quoted: dict[int, int] = {}
    for index, block in enumerate(cycle_blocks):
        if block.role == "pullquote":
            found = quoted_paragraph(block.text, source)
            if found is not None and found in cycle_blocks:
                quoted[index] = cycle_blocks.index(found)
    out = list(lead)
    number = 0
    cycle = 0
    while len(out) < blocks:
        texts = [vary_numbers(b.text, cycle) for b in cycle_blocks]
        if cycle:
            for index, block in enumerate(cycle_blocks):
                if block.role == "heading":
                    texts[index] = f"{texts[index]} (part {cycle + 1})"
                while "](missing:)" in texts[index]:
                    url = f"https://example.org/notes/{cycle}-{rng.randrange(10**6)}"
                    texts[index] = texts[index].replace("](missing:)", f"]({url})", 1)
            for quote_index, paragraph_index in quoted.items():
                suffix = f" (dispatch {cycle + 1})"
                spliced = _splice(texts[paragraph_index], texts[quote_index], suffix)
                quote = texts[quote_index]
                texts[quote_index] = quote.rstrip(".") + suffix + "."
                if spliced is not None:
                    texts[paragraph_index] = spliced
        for index, block in enumerate(cycle_blocks):
            if len(out) >= blocks:
                break
            text = texts[index]
            if block.role == "paragraph":
                number += 1
                text = f"{text} {_field_note(rng, number)}"
            out.append(Block(block.role, text, block.level))
        cycle += 1
    return out


def front_matter() -> str:
    raw = BRIEF.read_text(encoding="utf-8")
    match = re.match(r"\A---\n(.*?\n)---\n", raw, re.DOTALL)
    assert match is not None, "the brief has no front matter"
    yaml_text = re.sub(r"(?m)^slug: .*$", f"slug: {SLUG}", match.group(1))
    return f"---\n{yaml_text}---\n"


def render_source(blocks: list[Block]) -> str:
    return front_matter() + "\n" + "\n\n".join(b.markdown() for b in blocks) + "\n"


def edit_source(blocks: list[Block], seed: int, share: float = 0.01) -> tuple[list[Block], int]:
    """A copy of ``blocks`` with ``share`` of the paragraphs edited: one word replaced."""
    rng = random.Random(seed + 1)
    paragraphs = [i for i, b in enumerate(blocks) if b.role == "paragraph"]
    chosen = sorted(rng.sample(paragraphs, max(1, round(share * len(paragraphs)))))
    edited = list(blocks)
    word = re.compile(r"(?<![\w*\[(/:.'-])[a-z]{5,}(?![\w*\]):/.'-])")
    for index in chosen:
        text = edited[index].text
        candidates = list(word.finditer(text))
        match = rng.choice(candidates)
        replacement = rng.choice([w for w in REPLACEMENTS if w != match.group(0)])
        text = text[: match.start()] + replacement + text[match.end() :]
        edited[index] = Block(edited[index].role, text, edited[index].level)
    return edited, len(chosen)


# -- the pseudo-translation -----------------------------------------------------------------

WORDS = {
    "the": "le", "of": "de", "and": "et", "in": "dans", "to": "à", "a": "un", "an": "un",
    "is": "est", "was": "était", "that": "que", "for": "pour", "with": "avec", "as": "comme",
    "by": "par", "on": "sur", "this": "ce", "which": "qui", "its": "son", "has": "a",
    "have": "ont", "been": "été", "were": "étaient", "are": "sont", "from": "de",
    "not": "pas", "but": "mais", "their": "leur", "they": "ils", "it": "il", "he": "il",
    "his": "son", "at": "à", "or": "ou", "be": "être", "also": "aussi", "more": "plus",
    "even": "même", "only": "seulement", "into": "en", "whether": "si", "country": "pays",
    "government": "gouvernement", "military": "militaire", "army": "armée",
    "attacks": "attaques", "people": "peuple", "state": "État", "city": "ville",
    "group": "groupe", "leader": "chef", "years": "ans", "year": "année",
    "first": "premier", "since": "depuis", "after": "après", "against": "contre",
    "many": "nombreux", "new": "nouveau", "region": "région", "power": "pouvoir",
    "support": "soutien", "war": "guerre", "peace": "paix", "security": "sécurité",
    "field": "terrain", "note": "note", "observers": "observateurs",
    "recorded": "ont relevé", "incidents": "incidents", "over": "en", "weeks": "semaines",
    "according": "selon", "bulletin": "bulletin", "families": "familles", "left": "ont quitté",
    "report": "rapport", "counted": "a compté", "checkpoints": "points de contrôle",
    "than": "que", "earlier": "plus tôt", "dispatch": "dépêche",
    "notes": "note", "attended": "ont assisté à", "talks": "pourparlers", "part": "partie",
}  # fmt: skip
_TOKEN = re.compile(
    r"(?P<target>\]\([^)]*\))"
    r"|(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_SUFFIXES = (("ing", "ant"), ("ed", "é"), ("ous", "eux"), ("ity", "ité"), ("y", "ie"))


def _pseudo_word(word: str) -> str:
    lower = word.casefold()
    if word.isupper() and len(word) > 1:
        return word  # acronyms
    french = WORDS.get(lower)
    if french is None:
        french = lower
        for english, ending in _SUFFIXES:
            if french.endswith(english) and len(french) > len(english) + 2:
                french = french[: -len(english)] + ending
                break
        else:
            if len(french) > 3 and french[-1] not in "aeiou":
                french += "e"
        french = french.replace("th", "t").replace("w", "ou").replace("k", "qu")
    return french[0].upper() + french[1:] if word[0].isupper() else french


def _pseudo_plain(text: str) -> str:
    out = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group(0)
        if kind == "number":
            whole, _, fraction = value.partition(".")
            value = whole.replace(",", NNBSP) + ("," + fraction if fraction else "")
        elif kind == "word":
            value = _pseudo_word(value)
        out.append(value)
    return "".join(out)


def _french_space(match: re.Match[str]) -> str:
    """A space before ; : ! ? as French typists type it (not between digits: 10:30)."""
    text, at = match.string, match.start()
    between_digits = text[at - 1].isdigit() and text[at + 1 : at + 2].isdigit()
    return match.group(0) if between_digits else " " + match.group(0)


_LINK_TARGET = re.compile(r"(\]\([^)]*\))")
_FRENCH_SPACE = re.compile(r"(?<=[^\s;:!?])[;:!?]")


def pseudo_translate(text: str, glossary: Glossary) -> str:
    """A deterministic 'French' version of ``text`` that the checks accept."""
    parts = _LINK_TARGET.split(fold(text))
    for index in range(0, len(parts), 2):  # odd parts are link targets: kept as they are
        part, out, last = parts[index], [], 0
        shift = len(part) - len(part.lstrip())  # occurrences() counts in the stripped text
        for term, start, end in glossary.occurrences(part):
            out.append(_pseudo_plain(part[last : start + shift]))
            out.append(term.form("fr") or part[start + shift : end + shift])
            last = end + shift
        out.append(_pseudo_plain(part[last:]))
        parts[index] = _FRENCH_SPACE.sub(_french_space, "".join(out))
    return "".join(parts)


def fill_catalog(path: Path, glossary: Glossary) -> int:
    catalog = read_catalog(path)
    for entry in catalog:
        entry.msgstr = pseudo_translate(entry.msgid, glossary)
    catalog.metadata["X-Translation-Credit"] = "pseudo-traduction déterministe (bench)"
    write_catalog(catalog, path)
    return len(catalog)


# -- the project ----------------------------------------------------------------------------


def generate(out: Path, blocks: int = 2400, seed: int = 2026) -> dict[str, object]:
    """Write the project into ``out`` (replacing it) and return a summary."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    (out / "edited").mkdir()
    (out / "pubkit.toml").write_text(PUBKIT_TOML, encoding="utf-8")
    shutil.copyfile(GLOSSARY, out / "glossary.csv")
    body = body_blocks(blocks, seed)
    source = render_source(body)
    (out / "content" / f"{DOMAIN}.md").write_text(source, encoding="utf-8")
    edited, changed = edit_source(body, seed)
    (out / "edited" / f"{DOMAIN}.md").write_text(render_source(edited), encoding="utf-8")

    project = load_project(out)
    workflow.extract(project)
    workflow.init(project, ["fr"], translator="pubkit bench <bench@example.org>")
    glossary = read_glossary(out / "glossary.csv")
    entries = fill_catalog(project.po_path(project.publications[0], "fr"), glossary)
    roles: dict[str, int] = {}
    for block in body:
        roles[block.role] = roles.get(block.role, 0) + 1
    summary: dict[str, object] = {
        "blocks": len(body),
        "roles": roles,
        "entries": entries,
        "edited_paragraphs": changed,
        "source_bytes": len(source.encode("utf-8")),
        "pull_quotes_repeating_a_paragraph": sum(_quotes_found(body)),
        "seed": seed,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def _quotes_found(blocks: list[Block]) -> Iterator[bool]:
    """For a self-test: whether each pull quote repeats some paragraph."""
    paragraphs = [fold_quotation(b.text) for b in blocks if b.role in ("paragraph", "lead")]
    for block in blocks:
        if block.role == "pullquote":
            needle = fold_quotation(block.text).rstrip(".!?")
            yield any(needle in p for p in paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="project folder")
    parser.add_argument("--blocks", type=int, default=2400, help="body blocks (2,000+)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    summary = generate(args.out.resolve(), args.blocks, args.seed)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
