"""Growth of pubkit's work in the size of untrusted input: every class of text a
translator, an editor or a maintainer can hand pubkit, made pathological and doubled;
and WeasyPrint laying out what pubkit gives it (the pdf/ cases).

For each case, an input of n units is built for five sizes n, 2n … 16n, the in-process
function is timed on each (the best of a few runs, caches cleared, the garbage collector
off), and also on the input of size 0: the fixed cost, subtracted. The growth exponent
is the least-squares slope of log(time − fixed cost) against log(size), over the sizes
where the growth is at least the fixed cost (the three largest at least): 1 is linear,
2 quadratic. A case passes at an exponent of at most 1.3, or when its time does not grow
measurably ("flat"). Times on a shared machine are noisy, so this is a benchmark, not a
test: the tests check the outputs of small pathological inputs, this script how the
time grows.

    .venv/bin/python bench/linearity.py                 # every case; writes LINEARITY.md
    .venv/bin/python bench/linearity.py --only typeset  # cases whose name contains it

Exit status 1 when a case grows faster than the limit, unless the case says why that
is known and left to another change (Python's tomllib; the glossary's term matching).
"""

from __future__ import annotations

import argparse
import gc
import math
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "src"))

import polib  # noqa: E402

from pubkit.catalogs import poformat  # noqa: E402
from pubkit.catalogs.merge import merge_catalog  # noqa: E402
from pubkit.catalogs.pofile import read_catalog  # noqa: E402
from pubkit.catalogs.review import review_of, translator_credit  # noqa: E402
from pubkit.catalogs.stats import Stats, catalog_stats  # noqa: E402
from pubkit.catalogs.template import header_defaults, make_template  # noqa: E402
from pubkit.catalogs.views import CatalogView, EntryView, view  # noqa: E402
from pubkit.checks.context import LanguageContext, SourceContext  # noqa: E402
from pubkit.checks.glossary import read_glossary  # noqa: E402
from pubkit.checks.table import CATALOG_RULES, ENTRY_RULES, SOURCE_RULES  # noqa: E402
from pubkit.config import load_project  # noqa: E402
from pubkit.errors import PubkitError  # noqa: E402
from pubkit.locales import plurals  # noqa: E402
from pubkit.render.edition import Edition  # noqa: E402
from pubkit.render.fonts import Fonts  # noqa: E402
from pubkit.render.html import render_html  # noqa: E402
from pubkit.render.typography import typesetter  # noqa: E402
from pubkit.source import inline  # noqa: E402
from pubkit.source.reader import parse_document  # noqa: E402
from pubkit.source.segments import extract_segments  # noqa: E402
from pubkit.theme.design import Design  # noqa: E402
from pubkit.theme.files import FALLBACK_FONTS, PACKAGED  # noqa: E402
from pubkit.theme.labels import Labels, resolve_labels  # noqa: E402

LIMIT = 1.3
SIZES = 5
RESULTS = BENCH / "LINEARITY.md"

FRONT = """\
---
slug: doc
title: The junta of Mali
author: A. Writer
publisher: Pub
---

"""
MSGID = (
    "The 20,000-strong army lost **Kidal** in 2023 to the [JNIM](https://example.org/jnim): "
    'the "Islamic caliphate" is *near*; 5 % left. See www.example.org.'
)
SOURCE = FRONT + MSGID + "\n\nThen Khouffa left; Kouffa stayed.\n"
GLOSSARY = "en,fr,bm,note\nJNIM,JNIM,JNIM,acronym\njunta,junte,,\ncaliphate,califat,,\n"


# -- the functions timed ----------------------------------------------------------------------


def clear_caches() -> None:
    """Every memo that would let a second run skip the work."""
    inline.tokens.cache_clear()
    inline.render.cache_clear()
    poformat._wrap.cache_clear()
    plurals.read_plural_forms.cache_clear()
    plurals.recognised.cache_clear()


_FONTS: list[Fonts] = []


def fonts() -> Fonts:
    if not _FONTS:
        _FONTS.append(Fonts(FALLBACK_FONTS[0]))
    return _FONTS[0]


_TEMPLATE = make_template(extract_segments(parse_document(SOURCE, "content/doc.md")), "doc", "doc")


def header(lang: str, **fields: str) -> dict[str, str]:
    """The header ``pubkit init`` writes for ``lang``, with ``fields`` changed."""
    metadata = header_defaults(_TEMPLATE, lang, "A Translator <a@example.org>")
    metadata.update({name.replace("_", "-"): value for name, value in fields.items()})
    return metadata


def run_rules(source: SourceContext, ctx: LanguageContext) -> int:
    found = sum(1 for rule in CATALOG_RULES for _ in rule.run(ctx))
    for item in ctx.entries.values():
        segment = source.segment(item)
        found += sum(1 for rule in ENTRY_RULES for _ in rule.run(segment, item, ctx))
    return found


_DOCUMENT = parse_document(SOURCE, "content/doc.md")


def check_translation(msgstr: str, msgid: str = MSGID, source_text: str | None = None) -> int:
    """Every rule of ``pubkit check`` on one entry translated ``msgstr``, in French (French
    spacing, numbers with spaces) and in English."""
    if source_text is None:  # the source parsed once: its cost is not the translation's
        source = SourceContext.of(_DOCUMENT, markdown=SOURCE)
    else:
        source = SourceContext.parse(source_text, path="content/doc.md")
    found = 0
    for lang in ("fr", "en"):
        item = EntryView(msgid, msgstr, None, "", {}, [], "Paragraph", 20)
        catalog = CatalogView(header(lang), (item,))
        ctx = LanguageContext.of(source, lang, catalog, fonts=fonts(), po_text="")
        found += run_rules(source, ctx)
    return found


def typeset_translation(text: str) -> int:
    """The renderer's inline Markdown and typography, as every prose text is printed."""
    size = 0
    for lang, quoted in (("fr", False), ("fr", True), ("en", False)):
        size += len(inline.render(text, typesetter(lang, quoted=quoted)))
    return size


def html_edition(text: str) -> int:
    """A whole HTML edition whose title, paragraphs and imprint credit are ``text``."""
    document = _DOCUMENT.map_prose(lambda prose: text, "fr")
    edition = Edition(document, _DOCUMENT, "fr", ("fr", "en"), (), None, _no_stats(), _labels())
    return len(render_html(edition, _design()))


_DESIGNS: list[Design] = []


def _design() -> Design:
    """The default theme's design, checked once (a project without a theme folder)."""
    if not _DESIGNS:
        from pubkit.config import load_project
        from pubkit.theme.preflight import load_design

        _DESIGNS.append(load_design(load_project(REPO)))
    return _DESIGNS[0]


def _labels() -> Labels:
    """The theme's words in French, as the packaged theme translates them."""
    from pubkit.config import load_project

    design = _design()
    project = load_project(REPO)
    return resolve_labels(project, design.files, design.labels, "fr", ("fr", "en"), [])


def _no_stats() -> Stats:
    return Stats("fr", 1, 1, 0, 0, 1, 1, 0, 0)


def pdf_of(body: Callable[[str], str], text: str) -> int:
    """A screen PDF, through pubkit's renderer and the design's stylesheet, of one French
    prose ``text`` (inline Markdown and typography) set in ``body``'s HTML."""
    from pubkit.render.pdf import render_pdfs

    styles = PACKAGED
    html = (
        '<!DOCTYPE html><html lang="fr"><head><link rel="stylesheet" href="brief.css">'
        f'</head><body><div class="body">{body(str(inline.render(text, typesetter("fr"))))}'
        "</div></body></html>"
    )
    fonts, root = FALLBACK_FONTS
    return len(render_pdfs(html, styles, [styles], fonts, ["screen"], root)["screen"].data)


def pdf_case(name: str, note: str, make: Callable[[int], str], body: Callable[[str], str]) -> Case:
    return Case(
        f"pdf/{name}", "translation → PDF", 2500, make, lambda text: pdf_of(body, text), note
    )


def read_source(markdown: str) -> int:
    """A source read as check and extract read it: parse, segments, lint."""
    source = SourceContext.parse(markdown, path="content/doc.md")
    found = sum(1 for rule in SOURCE_RULES for _ in rule.run(source))
    return found + len(extract_segments(source.document))


def check_source_text(text: str) -> int:
    """A source paragraph ``text`` checked against a translation that differs a little."""
    source_text = FRONT + text + "\n"
    msgid = SourceContext.parse(source_text).document.blocks[0].text
    return check_translation(msgid + " x", msgid=msgid, source_text=source_text)


class Files:
    """A scratch folder for the inputs that pubkit reads from files."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="pubkit-linearity-"))

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return path

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


FILES = Files()


def glossary_check(inputs: tuple[str, str]) -> int:
    """A glossary read, then its terms looked for in a text and their forms in it too."""
    csv_text, text = inputs
    glossary = read_glossary(FILES.write("glossary.csv", csv_text), "glossary.csv")
    return len(glossary.missing(text, text, "fr"))


def read_catalog_text(po_text: str) -> int:
    """A catalog read as every command reads it, then its header checked, its credit and
    review read, its words counted."""
    try:
        catalog = read_catalog(FILES.write("fr.po", po_text), "fr.po")
    except PubkitError:
        return 0
    source = SourceContext.of(_DOCUMENT, markdown=SOURCE)
    ctx = LanguageContext.of(source, "fr", view(catalog), fonts=fonts(), po_text=po_text)
    found = run_rules(source, ctx)
    found += len(translator_credit(catalog) or "") + len(review_of(catalog).status)
    return found + catalog_stats(catalog, "fr", False).words


def po_catalog(msgstr_lines: list[str], extra_header: str = "", entry_head: str = "") -> str:
    fields = "".join(f'"{name}: {value}\\n"\n' for name, value in header("fr").items())
    body = "\n".join(f'"{line}"' for line in msgstr_lines)
    return (
        f'msgid ""\nmsgstr ""\n{fields}{extra_header}\n'
        f'{entry_head}msgid "{MSGID.replace(chr(34), chr(92) + chr(34))}"\nmsgstr ""\n{body}\n'
    )


def header_value(name: str, value: str) -> str:
    fields = header("fr", **{name: value})
    lines = "".join(
        f'"{field}: {text.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}\\n"\n'
        for field, text in fields.items()
    )
    return f'msgid ""\nmsgstr ""\n{lines}\nmsgid "Kidal"\nmsgstr "Kidal"\n'


def write_catalog_text(msgstr: str | tuple[str, str]) -> int:
    """A catalog holding ``msgstr`` (with a flag, when a pair) merged with a changed
    template and written as msgcat writes it (``pubkit update``)."""
    msgstr, flag = (msgstr, "") if isinstance(msgstr, str) else msgstr
    document = parse_document(FRONT + MSGID + "\n", "content/doc.md")
    pot = make_template(extract_segments(document), "doc", "doc")
    old = make_template(extract_segments(document), "doc", "doc")
    for entry in old:
        entry.msgstr = msgstr
        entry.flags = [flag] if flag else []
    old.metadata = header("fr")
    return len(poformat.format_po(merge_catalog(old, pot)))


def update_changed_paragraph(text: str) -> int:
    """``pubkit update`` after a one-word edit of a paragraph ``text``: the fuzzy match."""
    new_text = text + " more"
    before = parse_document(FRONT + text + "\n", "content/doc.md")
    after = parse_document(FRONT + new_text + "\n", "content/doc.md")
    old = make_template(extract_segments(before), "doc", "doc")
    for entry in old:
        entry.msgstr = entry.msgid
    merged = merge_catalog(old, make_template(extract_segments(after), "doc", "doc"))
    return sum(1 for entry in merged if "fuzzy" in entry.flags)


def count_catalog_words(msgid: str) -> int:
    """``pubkit status``: the words of a catalog's msgids (the link-target pattern)."""
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid=msgid, msgstr="x"))
    return catalog_stats(catalog, "fr", False).words


def update_many_entries(count: int) -> int:
    """``pubkit update`` after every one of ``count`` paragraphs changed, all sharing
    most of their words: the fuzzy matcher's shortlist."""
    before = FRONT + "\n\n".join(f"The army left town {n} in the north." for n in range(count))
    after = before.replace("town", "city")
    old = make_template(extract_segments(parse_document(before + "\n", "c.md")), "doc", "doc")
    for entry in old:
        entry.msgstr = entry.msgid
    pot = make_template(extract_segments(parse_document(after + "\n", "c.md")), "doc", "doc")
    return sum(1 for entry in merge_catalog(old, pot) if "fuzzy" in entry.flags)


def load_config(toml: str) -> int:
    """The project configuration read, as every command reads it first."""
    folder = FILES.root / "config"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "pubkit.toml").write_text(toml, encoding="utf-8")
    try:
        return len(load_project(folder).languages)
    except PubkitError as error:
        return len(error.message)


# -- the cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    what: str  # the input class
    base: int  # n of the smallest input
    build: Callable[[int], Any]
    run: Callable[[Any], object]
    note: str  # the input, in words
    known: str = ""  # why a growth over the limit is not pubkit's to fix here


def translation_cases() -> list[Case]:
    payloads: list[tuple[str, str, int, Callable[[int], str]]] = [
        ("spaces", "a, n spaces, ;", 32768, lambda n: "a" + " " * n + ";"),
        ("nbsp", "a, n no-break spaces, :", 32768, lambda n: "a" + "\u00a0" * n + ":"),
        ("spaced-marks", "' ;' n times", 4000, lambda n: " ;" * n),
        ("dots", "'a.' n times, then ://", 4000, lambda n: "a." * n + " http://x"),
        ("www", "'www.' n times", 4000, lambda n: "www." * n),
        ("schemes", "'a://' n times", 4000, lambda n: "a://" * n),
        ("stars", "'*a' n times", 4000, lambda n: "*a" * n),
        ("strong", "'**a' n times", 4000, lambda n: "**a" * n),
        ("underscores", "'_a ' n times", 4000, lambda n: "_a " * n),
        ("underscore run", "a, n underscores, a", 4000, lambda n: "a" + "_" * n + "a"),
        ("brackets", "'[' n times, then a link", 4000, lambda n: "[" * n + "a](b)"),
        ("links", "'[a](' n times", 4000, lambda n: "[a](" * n),
        ("backslashes", "n backslashes", 4000, lambda n: "\\" * n),
        ("word", "a word of n letters", 8000, lambda n: "a" * n),
        ("guillemets", "'« ' n times", 4000, lambda n: "« " * n),
        ("quotes", "'\"a' n times", 4000, lambda n: '"a' * n),
        ("digits", "'1 000' n times", 2000, lambda n: "1 000 " * n),
        ("grouped", "'1' then ' 000' n times", 2000, lambda n: "1" + " 000" * n),
        ("separators", "'1,' n times", 4000, lambda n: "1," * n),
        ("tags", "'<a ' n times", 4000, lambda n: "<a " * n),
        ("entities", "'&#' n times", 4000, lambda n: "&#" * n),
        ("invisible", "U+2060 n times inside https://", 4000, lambda n: "https:/\u2060" * n),
        ("dashes", "' – ' n times", 4000, lambda n: " – " * n),
        ("words", "'Word ' n times", 4000, lambda n: "Word " * n),
    ]
    cases = []
    for name, note, base, make in payloads:
        cases.append(
            Case(f"check/{name}", "translation → check", base, make, check_translation, note)
        )
        cases.append(
            Case(
                f"typeset/{name}", "translation → typography", base, make, typeset_translation, note
            )
        )
    shown = ("spaces", "nbsp", "stars", "strong", "word", "guillemets", "dots")
    for name, note, base, make in (p for p in payloads if p[0] in shown):
        cases.append(
            Case(f"html/{name}", "translation → HTML edition", base, make, html_edition, note)
        )
    return cases


def pdf_cases() -> list[Case]:
    """WeasyPrint laying out what pubkit gives it: a paragraph, a heading, a pull quote,
    the lead (bold, larger: fewer characters a line)."""

    def paragraph(html: str) -> str:
        return f"<p>{html}</p>"

    def heading(html: str) -> str:
        return f'<h2 class="section-heading">{html}</h2>'

    def pullquote(html: str) -> str:
        return f'<aside class="pullquote"><p>{html}</p></aside>'

    def lead(html: str) -> str:
        return f'<p class="lead">{html}</p>'

    return [
        pdf_case("spaces", "a paragraph: a, n spaces, b", lambda n: "a" + " " * n + "b", paragraph),
        pdf_case("word", "a paragraph: a word of n letters", lambda n: "a" * n, paragraph),
        pdf_case("nbsp", "a pull quote: a, n no-break spaces, b",
                 lambda n: "a" + "\u00a0" * n + "b", pullquote),
        pdf_case("pull quote word", "a pull quote: a word of n letters after its mark",
                 lambda n: "q" * n, pullquote),
        pdf_case("heading words", "a heading: n/61 words of 60 letters",
                 lambda n: ("b" * 60 + " ") * (n // 61), heading),
        pdf_case("glued word", "the lead: x**, a word of n letters, **",
                 lambda n: "x**" + "g" * n + "**", lead),
    ]  # fmt: skip


def other_cases() -> list[Case]:
    def front(value: Callable[[int], str]) -> Callable[[int], str]:
        return lambda n: FRONT.replace("The junta of Mali", value(n)) + "Text.\n"

    def csv_term(n: int) -> tuple[str, str]:
        term = " ".join(["a"] * 60) + " b"
        return GLOSSARY + f"{term},x,,\n", "a " * n

    def csv_rows(n: int) -> tuple[str, str]:
        rows = "".join(f"term{i},terme{i},,\n" for i in range(n))
        return GLOSSARY + rows, "The junta of the JNIM and term7."

    def csv_named(n: int) -> tuple[str, str]:
        rows = "".join(f"term{i},terme{i},,\n" for i in range(n))
        return GLOSSARY + rows, " ".join(f"term{i}" for i in range(0, n, 7))

    def tripled(i: int) -> str:  # codes two edits apart at least: only the pair is a finding
        return "".join(digit * 3 for digit in str(i))

    plural = "nplurals=2; plural=n != 1;"
    return [
        Case("source/spaces", "source text", 65536, lambda n: FRONT + "a" + " " * n + "b\n",
             read_source, "a paragraph: a, n spaces, b"),
        Case("source/names", "source text", 2000,
             lambda n: FRONT
             + " ".join(f"x Kouffa{tripled(i)} Khouffa{tripled(i)}" for i in range(n)) + "\n",
             read_source, "n pairs of names one letter apart"),
        Case("source/links", "source text", 2000, lambda n: FRONT + "[a](missing:) " * n + "\n",
             read_source, "n links with a missing target"),
        Case("source/lines", "source text", 2000, lambda n: FRONT + "a\n" * n, read_source,
             "a paragraph of n lines"),
        Case("source/check", "source text", 2000, lambda n: "Word, 1 000 *a* " * n,
             check_source_text, "a paragraph of n words, numbers, italics, checked"),
        Case("source/pullquotes", "source text", 500,
             lambda n: FRONT + "".join(f"Text {i}.\n\n::: pullquote\nQuote {i}\n:::\n\n"
                                       for i in range(n)),
             read_source, "n paragraphs and n pull quotes that repeat nothing"),
        Case("source/images", "source text", 4000, lambda n: FRONT + "![" * n + "\n",
             read_source, "a paragraph of n '!['"),
        Case("source/table", "source text", 65536,
             lambda n: FRONT + "Text.\n\n|--" + " " * n + "x\n", read_source,
             "a line '|--', n spaces, x"),
        Case("source/long name", "source text", 16384,
             lambda n: FRONT + "The man Q" + "a" * n + " met Q" + "a" * n + "b.\n",
             read_source, "two capitalised words of n letters, one apart"),
        Case("source/spellings", "source text", 500,
             lambda n: FRONT + "The names " + " ".join(f"Kou{chr(0x100 + i)}ffa" for i in range(n))
             + " met Kouffa.\n", read_source, "n words one letter from one another"),
        Case("front/spaces", "front matter", 4000, front(lambda n: "a" + " " * n + "b"),
             read_source, "title: a, n spaces, b"),
        Case("front/quoted", "front matter", 2000, front(lambda n: '"' + "\\u00e9" * n + '"'),
             read_source, "title: a quoted string of n escapes"),
        Case("front/colons", "front matter", 4000, front(lambda n: "a:" * n + "b"),
             read_source, "title: 'a:' n times"),
        Case("glossary/long term", "glossary", 2000, csv_term,
             glossary_check, "a 60-word term, a text of n words"),
        Case("glossary/rows", "glossary", 500, csv_rows,
             glossary_check, "n terms, a text naming three"),
        Case("glossary/text", "glossary", 4000,
             lambda n: (GLOSSARY, "The junta of the JNIM. " * n),
             glossary_check, "3 terms, a text naming them n times"),
        Case("glossary/named terms", "glossary", 500, csv_named,
             glossary_check, "n terms, a text naming n/7 of them",
             known="each required form is looked for in the whole translation (terms × "
             "length), reported to the glossary's owner"),
        Case("glossary/acronym", "glossary", 250,
             lambda n: (GLOSSARY.replace("JNIM,JNIM,JNIM", "UN,ONU,ONU") + "".join(
                 f"term{i},terme{i},,\n" for i in range(n)), "Un x. " * n),
             glossary_check, "n terms and the acronym UN, a text of n 'Un'",
             known="each 'Un' tries every term, longest first (terms × occurrences), "
             "reported to the glossary's owner"),
        Case("glossary/cell", "glossary", 4096,
             lambda n: (GLOSSARY + "a" + " " * n + "b,c,,\n", "a b"),
             glossary_check, "a term: a, n spaces, b"),
        Case("catalog/lines", "catalog file", 2000, lambda n: po_catalog(["a "] * n),
             read_catalog_text, "a msgstr of n continuation lines"),
        Case("catalog/escapes", "catalog file", 2000, lambda n: po_catalog(["\\\"a\\\\" * n]),
             read_catalog_text, "a msgstr of n escaped quotes and backslashes"),
        Case("catalog/comments", "catalog file", 2000,
             lambda n: po_catalog(
                 ["a"], entry_head="# c\n" * n + "#, fuzzy, " + "c-format, " * n + "\n"
             ),
             read_catalog_text, "n comment lines and a flag line of n flags"),
        Case("catalog/indented", "catalog file", 65536,
             lambda n: po_catalog(["a"]) + 'msgid "b"\n' + " " * n + 'msgstr "c"\n',
             read_catalog_text, "n spaces before an msgstr"),
        Case("catalog/words", "catalog file", 4000, lambda n: "](" * n,
             count_catalog_words, "status: a msgid of n '](' "),
        Case("catalog/unclosed", "catalog file", 4000,
             lambda n: po_catalog(['a\\"' * n + "\\"]), read_catalog_text,
             "a msgstr line never closed"),
        Case("header/credit spaces", "catalog header", 16384,
             lambda n: header_value("Last-Translator", "a" + " " * n + "b"), read_catalog_text,
             "Last-Translator: a, n spaces, b"),
        Case("header/credit brackets", "catalog header", 16384,
             lambda n: header_value("Last-Translator", "<" * n), read_catalog_text,
             "Last-Translator: n '<'"),
        Case("header/plural spaces", "catalog header", 16384,
             lambda n: header_value("Plural-Forms", plural[:-1] + " " * n + "x"), read_catalog_text,
             "Plural-Forms: n spaces before the end"),
        Case("header/plural long", "catalog header", 16384,
             lambda n: header_value("Plural-Forms", "nplurals=2; plural=" + "(n" * n),
             read_catalog_text, "Plural-Forms: an expression of n parentheses"),
        Case("header/content type", "catalog header", 4000,
             lambda n: header_value("Content-Type", "text/plain; " + "charset=" * n),
             read_catalog_text, "Content-Type: 'charset=' n times"),
        Case("catalog/write", "catalog file", 4000, lambda n: "a" * n + " b" * n,
             write_catalog_text, "update writes a msgstr of a long word and n words"),
        Case("catalog/format", "catalog file", 4000,
             lambda n: ("%(" + "(a)" * n + " %d " * n, "python-format"),
             write_catalog_text, "update writes a python-format msgstr: '%(', n '(a)', n ' %d '"),
        Case("catalog/write spaces", "catalog file", 4000, lambda n: "a" + " " * n + "b",
             write_catalog_text, "update writes a msgstr: a, n spaces, b"),
        Case("update/fuzzy", "source text", 1000, lambda n: "The army left the town. " * n,
             update_changed_paragraph, "update: a paragraph of n sentences, edited"),
        Case("update/entries", "source text", 250, lambda n: n, update_many_entries,
             "update: n paragraphs, all changed, sharing their words"),
        Case("config/code", "configuration", 16384,
             lambda n: f'source-language = "{"e" * n}"\n', load_config,
             "source-language: a code of n letters"),
        Case("config/fallback", "configuration", 1000,
             lambda n: "[languages.fr]\nfallback = [" + '"en", ' * n + "]\n[languages.en]\n",
             load_config, "a fallback chain of n codes"),
        Case("config/key", "configuration", 1000,
             lambda n: "[languages.fr]\n" + "a." * n + "b = 1\n", load_config,
             "an unknown dotted key of n parts",
             known="Python's tomllib, before pubkit sees the file"),
    ]  # fmt: skip


# -- measuring ---------------------------------------------------------------------------------


def timed(run: Callable[[Any], object], data: object, repeat: int) -> float:
    """The best of ``repeat`` runs, caches cleared and the garbage collector off."""
    best = math.inf
    for _ in range(repeat):
        clear_caches()
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            run(data)
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


@dataclass(frozen=True)
class Result:
    case: Case
    ns: list[int]
    times: list[float]
    fixed: float  # the time at n = 0: the work that does not grow with the input

    @property
    def exponent(self) -> float:
        """The least-squares slope of log(time - fixed) against log(n), over the sizes
        where the growth is at least the fixed cost (so that noise in a small difference
        weighs nothing), and at least the three largest."""
        points = list(zip(self.ns, self.times, strict=True))
        grown = [(n, t) for n, t in points if t - self.fixed >= self.fixed]
        points = grown if len(grown) >= 3 else points[-3:]
        xs = [math.log(n) for n, _ in points]
        ys = [math.log(max(t - self.fixed, 1e-7)) for _, t in points]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )

    @property
    def flat(self) -> bool:
        """Whether the time does not measurably grow: the input is refused or skimmed at
        a fixed cost (a Plural-Forms too long to read, spaces collapsed by one split)."""
        return self.times[-1] - self.fixed < max(0.001, self.fixed)

    @property
    def verdict(self) -> str:
        if self.flat:
            return "flat"
        if self.exponent <= LIMIT:
            return ""
        return f"over the limit (known: {self.case.known})" if self.case.known else "OVER THE LIMIT"


def measure(case: Case, sizes: int, repeat: int) -> Result:
    try:
        fixed = timed(case.run, case.build(0), repeat)
    except Exception:  # an empty input may be refused or hold nothing: no fixed part then
        fixed = 0.0
    ns = [case.base * 2**i for i in range(sizes)]
    times = []
    for n in ns:
        times.append(timed(case.run, case.build(n), repeat))
        if times[-1] > 20:  # far beyond linear already: the larger sizes would take hours
            break
    return Result(case, ns[: len(times)], times, fixed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--sizes", type=int, default=SIZES, help="sizes, doubling (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size, best kept")
    args = parser.parse_args()
    every = translation_cases() + pdf_cases() + other_cases()
    cases = [c for c in every if not args.only or args.only in c.name]
    results = []
    heads = ("case", "input class", "n", "at 0", "at n", "at largest", "exponent")
    print("{:28} {:28} {:>6} {:>9} {:>9} {:>11} {}".format(*heads))
    try:
        for case in cases:
            result = measure(case, args.sizes, args.repeat)
            results.append(result)
            print(
                f"{case.name:28} {case.what:28} {result.ns[0]:>6} {ms(result.fixed):>9} "
                f"{ms(result.times[0]):>9} {ms(result.times[-1]):>11} "
                f"{'' if result.flat else f'{result.exponent:.2f}':>8} {result.verdict}",
                flush=True,
            )
    finally:
        FILES.remove()
    if not args.only:
        write_results(results, args)
    over = [r for r in results if not r.flat and r.exponent > LIMIT]
    print(f"{len(results) - len(over)} of {len(results)} cases at exponent ≤ {LIMIT} or flat")
    return 1 if any(not r.case.known for r in over) else 0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def write_results(results: list[Result], args: argparse.Namespace) -> None:
    import os
    import platform

    from pubkit import __version__

    command = "bench/linearity.py" + "".join(
        f" --{name} {value}"
        for name, value, default in (("sizes", args.sizes, SIZES), ("repeat", args.repeat, 3))
        if value != default
    )
    over = [r for r in results if not r.flat and r.exponent > LIMIT]
    lines = [
        "# Linearity of pubkit in untrusted input",
        "",
        f"Written by `.venv/bin/python {command}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: pubkit {__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} logical "
        "CPUs (a shared machine: compare exponents, not milliseconds). The method is in the "
        "script's docstring: each case's input is built at n, 2n … "
        f"{2 ** (args.sizes - 1)}n units and timed in process (best of {args.repeat}); "
        "*exponent* is the least-squares slope of log(time − time at 0) against log(size), "
        "over the sizes where the growth is at least the time at 0 (the three largest at "
        f"least): 1 is linear, 2 quadratic. The limit is {LIMIT}.",
        "",
        f"{len(results) - len(over)} of {len(results)} cases at exponent ≤ {LIMIT} or flat "
        "(*flat*: the time at the largest size exceeds the time at 0 by less than 1 ms, or "
        "by less than the time at 0 itself: no growth to measure). A case over the limit "
        "says why when the cause is known and left to another change.",
        "",
        "| case | input class | input | n | at 0 | at n | at largest | exponent |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        note = r.case.note.replace("|", "\\|")  # a cell of a Markdown table
        lines.append(
            f"| `{r.case.name}` | {r.case.what} | {note} | "
            f"{r.ns[0]:,} | {ms(r.fixed)} | "
            f"{ms(r.times[0])} | {ms(r.times[-1])} | "
            f"{'flat' if r.flat else f'{r.exponent:.2f} {r.verdict}'.strip()} |"
        )
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
