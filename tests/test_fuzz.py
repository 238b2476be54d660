"""Generated catalogs, sources and glossaries through check, update, the HTML build and
the release policy: bad input is a PubkitError (``file:line: message``), never another
exception. Bounded for CI: derandomized, few examples, the whole file in seconds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pubkit.catalogs import workflow
from pubkit.catalogs.pofile import read_catalog
from pubkit.checks.glossary import read_glossary
from pubkit.checks.runner import check_project
from pubkit.config import Project, load_project
from pubkit.errors import PubkitError
from pubkit.publish.build import build
from pubkit.publish.policy import Policy, checked_languages
from pubkit.render.edition import make_edition
from pubkit.source.reader import parse_document
from pubkit.theme.files import PACKAGED

from .conftest import PUBKIT_TOML

SETTINGS = settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- pieces of text -------------------------------------------------------------------------

WORDS = ["Mali", "junta", "junte", "JNIM", "caliphate", "army", "l'armée", "Kouffa", "Khouffa"]
TRICKY = [
    "**", "*", "_", "__", "[", "]", "(", ")", "](", "![", "<b>", "</b>", "&amp;", "&#x41;",
    "\\", "`", "#", ":", ";", "!", "?", "«", "»", "“", "”", "'", '"', "%", "…", "...",
    "20,000", "20 000", "20\u202f000", "2,5", "2.5", "1980s", "14:30", "%d", "%(name)s",
    "https://example.org/a", "www.example.org", "mailto:a@b.org", "missing:", "[a](b)",
    "[x](missing:)", "[y](javascript:z)", "\u202e", "\u2060", "\u200b", "\u00ad", "\ufeff",
    "\u200d", "\u0301", "ɛ", "ŋ", "☺", "\t", "  ", "\u00a0", "\ue000", "\x00", "\x1b",
    "\u2028", "\r",
]  # fmt: skip
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
text_piece = st.sampled_from(WORDS + TRICKY) | st.text(PRINTABLE, max_size=4)
prose = st.lists(text_piece, max_size=8).map(" ".join)
# What YAML can hold: no C0 or C1 controls, which it refuses (a tested error of its own).
plain_piece = st.sampled_from(WORDS + [t for t in TRICKY if t.isprintable() or t == " "])
plain_prose = st.lists(plain_piece | st.text(PRINTABLE, max_size=4), max_size=6).map(" ".join)


def sometimes(draw: st.DrawFn, one_in: int) -> bool:
    """True one time in ``one_in``; False is what hypothesis tries first and shrinks to."""
    return draw(st.integers(1, one_in)) == one_in


def _escaped(text: str) -> str:
    """``text`` as a PO string holds it: escaped, and without the line breaks other than
    "\\n" that would end the line (pubkit reads lines as Python splits them)."""
    for odd in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        text = text.replace(odd, " ")
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


# PO strings: well escaped; in hostile catalogs, also raw (unescaped quotes, odd escapes)
good_string = prose.map(_escaped)
bad_string = st.one_of(
    good_string,
    prose,
    st.sampled_from(["\\n", "\\t", '\\"', "\\\\", "\\x41", "\\101", "\\a", "\\", '"']),
)


@st.composite
def po_line(draw: st.DrawFn, keyword: str, hostile: bool) -> str:
    parts = draw(st.lists(bad_string if hostile else good_string, min_size=1, max_size=3))
    first, *rest = parts
    return "\n".join([f'{keyword} "{first}"', *(f'"{part}"' for part in rest)])


HEADER_FIELDS = {
    "Project-Id-Version": st.just("doc"),
    "Language": st.sampled_from(["fr", "bm", "en", "xx", ""]),
    "Content-Type": st.sampled_from(
        ["text/plain; charset=UTF-8", "text/plain; charset=latin1", "text/plain", "charset="]
    ),
    "Content-Transfer-Encoding": st.just("8bit"),
    "MIME-Version": st.just("1.0"),
    "Plural-Forms": st.sampled_from(
        [
            "nplurals=2; plural=(n > 1);",
            "nplurals=1; plural=0;",
            "nplurals=3; plural=n;",
            "nplurals=2; plural=n/0;",
            "nplurals=99999999999999999999; plural=0;",
            "nplurals=2; plural=" + "(" * 300 + "n",
            "garbage",
        ]
    )
    | prose,
    "Last-Translator": prose,
    "Language-Team": prose,
    "X-Translation-Credit": prose,
    "X-Reviewed-By": prose,
    "X-Review-Date": st.sampled_from(["2026-01-01", "yesterday", ""]),
    "X-Reviewed-Digest": st.sampled_from(["0123456789abcdef", ""]),
    "PO-Revision-Date": st.sampled_from(["YEAR-MO-DA HO:MI+ZONE", "2026-01-02 03:04+0000"]),
}


@st.composite
def po_header(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(sorted(HEADER_FIELDS)), unique=True, min_size=3))
    fields = "".join(f'"{name}: {_escaped(draw(HEADER_FIELDS[name]))}\\n"\n' for name in names)
    fuzzy = draw(st.sampled_from(["", "#, fuzzy\n"]))
    return f'{fuzzy}msgid ""\nmsgstr ""\n{fields}'


@st.composite
def po_entry(draw: st.DrawFn, msgids: list[str], hostile: bool) -> str:
    lines = []
    for comment in draw(st.lists(st.sampled_from(["#.", "#:", "#,", "#|", "#"]), max_size=3)):
        if comment == "#,":
            flags = draw(
                st.lists(
                    st.sampled_from(["fuzzy", "c-format", "python-format", "no-wrap", "range:"]),
                    max_size=3,
                )
            )
            lines.append("#, " + ", ".join(flags))
        elif comment == "#|":
            lines.append(draw(po_line("#| msgid", hostile)).replace("\n", "\n#| "))
        else:
            lines.append(f"{comment} {_escaped(draw(prose))}")
    if sometimes(draw, 4):
        lines.append(draw(po_line("msgctxt", hostile)))
    if msgids and not sometimes(draw, 4):
        lines.append(f'msgid "{_escaped(draw(st.sampled_from(msgids)))}"')
    else:
        lines.append(draw(po_line("msgid", hostile)))
    if sometimes(draw, 6):
        lines.append(draw(po_line("msgid_plural", hostile)))
        for index in range(draw(st.integers(0 if hostile else 1, 3))):
            lines.append(draw(po_line(f"msgstr[{index}]", hostile)))
    elif not (hostile and sometimes(draw, 10)):
        lines.append(draw(po_line("msgstr", hostile)))
    entry = "\n".join(lines)
    if sometimes(draw, 7):
        entry = "\n".join("#~ " + line for line in entry.split("\n"))
    return entry


@st.composite
def po_file(draw: st.DrawFn, msgids: list[str], hostile: bool | None = None) -> str:
    """A catalog: well-formed with untrusted texts, or (``hostile``) also broken."""
    if hostile is None:
        hostile = sometimes(draw, 6)
    parts = [] if hostile and sometimes(draw, 6) else [draw(po_header())]
    if hostile or not msgids:
        parts += draw(st.lists(po_entry(msgids, hostile), max_size=6))
    else:  # each of the source's texts at most once: a duplicate entry is an error
        chosen = draw(st.lists(st.sampled_from(msgids), unique=True, max_size=6))
        parts += [draw(po_entry([msgid], hostile)) for msgid in chosen]
    text = "\n\n".join(parts) + draw(st.sampled_from(["\n", "", "\n\n"]))
    if sometimes(draw, 4):
        breaks = ["\r\n", "\r", "\n\u2028"] if hostile else ["\r\n"]
        text = text.replace("\n", draw(st.sampled_from(breaks)))
    return draw(st.sampled_from(["", "\ufeff"])) + text


# Sources: front matter, then blocks of random Markdown.
quoted = plain_prose.map(lambda text: '"' + _escaped(text or "T") + '"')
YAML_TRAPS = ["a\x00b", "*a", "[" * 1000, "", "a\x1bb", "[a, b]", "{a: b}", "&a x", "? [a]"]
YAML_TRAPS += ["!!binary aGk=", "|\n  block", "null", "2026-02-30", "a: b: c", "'unclosed"]
hostile_value = st.one_of(
    st.sampled_from(YAML_TRAPS),
    prose.map(lambda text: text.replace("\n", " ")),
    plain_prose,
    st.text(max_size=3),
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Mostly valid, with at times one hostile value or line."""
    fields = {"slug": "doc", "title": draw(quoted), "author": draw(quoted)}
    fields["publisher"] = draw(quoted)
    for key in draw(st.lists(st.sampled_from(["subtitle", "keywords", "licence"]), unique=True)):
        fields[key] = draw(quoted)
    if draw(st.booleans()):
        fields["date"] = "2026-05-01"
    lines = [f"{key}: {value}" for key, value in fields.items()]
    if draw(st.booleans()):
        lines.append(
            f"imprint:\n  published_by: {draw(quoted)}\n  credits:\n"
            f"    - role: {draw(quoted)}\n      name: {draw(quoted)}"
        )
    if draw(st.booleans()):
        lines.append(f"translation:\n  credit: {draw(quoted)}\n  translators: [a, b]")
    if sometimes(draw, 6):
        key = draw(st.sampled_from(["subtitle", "title", "office", "date", "slug", "colour"]))
        lines = [line for line in lines if not line.startswith(f"{key}:")]
        lines.append(f"{key}: {draw(hostile_value)}")
    draw(st.randoms()).shuffle(lines)
    return "---\n" + "\n".join(lines) + "\n---\n"


block = st.one_of(
    prose,
    prose,
    prose.map(lambda text: "## " + text),
    prose.map(lambda text: "- " + text + "\n- " + text),
    prose.map(lambda text: "1. " + text),
    prose.map(lambda text: "::: lead\n" + text + "\n:::"),
    prose.map(lambda text: "::: pullquote\n" + text + "\n:::"),
)
unsupported = st.sampled_from(
    ["> quote", "```\ncode\n```", "    code", "---", "| a | b |\n|---|---|", "<div>x</div>",
     "::: pullquote", ":::", "::: sidebar\nx\n:::", "- a\n  - b", "![x](y)", "<!-- c -->"]
)  # fmt: skip


@st.composite
def source_file(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block, min_size=1, max_size=6))
    if sometimes(draw, 5):
        blocks.insert(draw(st.integers(0, len(blocks))), draw(unsupported))
    text = draw(front_matter()) + "\n" + "\n\n".join(blocks) + "\n"
    return text.replace("\n", "\r\n") if sometimes(draw, 6) else text


def _csv(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if set(cell) & set(',"\r\n') else cell


csv_cell = st.one_of(
    st.sampled_from([*WORDS, "", "JNIM ", "l’armée", "a,b", '"q"']),
    plain_prose,
).map(_csv)
hostile_cell = st.one_of(csv_cell, prose.map(_csv), st.sampled_from(['"', "\n", "a\nb", "\x00"]))


@st.composite
def glossary_file(draw: st.DrawFn) -> str:
    """A glossary: header en,fr,bm,note and a row of four cells per term, or (one time
    in four) a hostile header or row."""
    header = "en,fr,bm,note"
    term = st.sampled_from(WORDS) | plain_prose.filter(str.strip)
    terms = draw(st.lists(term, unique_by=str.lower, max_size=5))
    rows = [",".join([_csv(t), *draw(st.lists(csv_cell, min_size=3, max_size=3))]) for t in terms]
    if sometimes(draw, 4):
        header = draw(st.sampled_from([header, "en,fr", "fr,en", "en,fr,fr", "en,x1,note", ""]))
        rows.append(",".join(draw(st.lists(hostile_cell, min_size=1, max_size=5))))
    return draw(st.sampled_from(["", "\ufeff"])) + "\n".join([header, *rows]) + "\n"


# -- the project ------------------------------------------------------------------------------

CONFIG = (  # each example's files under names of their own
    PUBKIT_TOML.replace("glossary.csv", "glossary-{n}.csv")
    .replace("content/doc.md", "content/doc-{n}.md")
    .replace('domain = "doc"', 'domain = "doc-{n}"')
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project folder for every example (the default theme copied once into its
    theme folder); each example's files have names of their own, so nothing read before
    is mistaken for them."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(PACKAGED, folder / "styles")
    (folder / "content").mkdir()
    return folder


class Examples:
    """A counter for the examples' file names."""

    count = 0

    @classmethod
    def project(cls, root: Path, source: str, glossary: str, catalogs: dict[str, str]) -> Project:
        cls.count += 1
        n = cls.count
        (root / "pubkit.toml").write_text(CONFIG.format(n=n), encoding="utf-8")
        (root / "content" / f"doc-{n}.md").write_text(source, encoding="utf-8", newline="")
        (root / f"glossary-{n}.csv").write_text(glossary, encoding="utf-8", newline="")
        for lang, text in catalogs.items():
            folder = root / "locale" / lang / "LC_MESSAGES"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"doc-{n}.po").write_text(text, encoding="utf-8", newline="")
        return load_project(root)


def tolerated(step: Callable[[], Any], what: str = "") -> Any:
    """Run ``step``: a PubkitError is an answer (bad input, said with its place); anything
    else fails the test. ``what``: the step, for hypothesis's statistics."""
    try:
        result = step()
    except PubkitError as error:
        assert str(error)  # a message, with its file:line when it has one
        event(f"{what}: PubkitError")
        return None
    event(f"{what}: done")
    return result


def source_msgids(source: str) -> list[str]:
    try:
        document = parse_document(source, "doc.md")
    except PubkitError:
        return []
    return [prose.text for prose in document.prose()]


@settings(SETTINGS, max_examples=60)
@given(data=st.data(), source=source_file(), glossary=glossary_file())
def test_projects_fail_only_with_pubkit_errors(
    root: Path, data: st.DataObject, source: str, glossary: str
) -> None:
    """A generated project through check, update, check again, the HTML build and the
    release policy."""
    msgids = source_msgids(source)
    catalogs = {"fr": data.draw(po_file(msgids)), "bm": data.draw(po_file(msgids))}
    project = Examples.project(root, source, glossary, catalogs)
    findings = tolerated(lambda: check_project(project), "check")
    tolerated(lambda: workflow.update(project), "update")
    findings = tolerated(lambda: check_project(project), "check after update") or findings or []
    tolerated(lambda: build(project, formats=("html",)), "build")
    publication = project.publications[0]
    editions = {}
    for language in project.languages:
        edition = tolerated(
            lambda code=language.code: make_edition(project, publication, code), "edition"
        )
        if edition is not None:
            editions[language.code] = edition
    for policy in (Policy(), Policy(allow_partial=True, allow_errors=True)):
        tolerated(
            lambda policy=policy: policy.decide(project, editions.values(), findings), "policy"
        )
        for edition in editions.values():
            policy.partial(project, edition)
    checked_languages(editions)


@settings(SETTINGS, max_examples=300)
@given(text=st.data())
def test_catalogs_fail_only_with_pubkit_errors(
    tmp_path_factory: pytest.TempPathFactory, text: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("po") / "fr.po"
    path.write_text(text.draw(po_file(WORDS, hostile=True)), encoding="utf-8", newline="")
    tolerated(lambda: read_catalog(path), "read")


@settings(SETTINGS, max_examples=300)
@given(source=source_file())
def test_sources_fail_only_with_pubkit_errors(source: str) -> None:
    tolerated(lambda: parse_document(source, "doc.md"), "parse")


@settings(SETTINGS, max_examples=300)
@given(csv=glossary_file(), text=prose)
def test_glossaries_fail_only_with_pubkit_errors(
    tmp_path_factory: pytest.TempPathFactory, csv: str, text: str
) -> None:
    path = tmp_path_factory.mktemp("glossary") / "glossary.csv"
    path.write_text(csv, encoding="utf-8", newline="")
    glossary = tolerated(lambda: read_glossary(path, "glossary.csv"), "read")
    if glossary is not None:
        glossary.missing(text, text, "fr")
        glossary.missing(text, text, "bm")
