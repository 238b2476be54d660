"""HTML of an edition: golden files, escaping of hostile translations, typography, fallback
marking and the imprint's credits."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pubkit.catalogs import workflow
from pubkit.catalogs.pofile import FUZZY, read_catalog, write_catalog
from pubkit.catalogs.review import review_of, translator_credit
from pubkit.catalogs.stats import count_words
from pubkit.config import Project, load_project
from pubkit.errors import PubkitError
from pubkit.locales.typography import NBSP, NNBSP
from pubkit.publish.build import edition_html
from pubkit.render.edition import Edition, make_edition
from pubkit.render.typography import typesetter
from pubkit.theme.labels import fill

from ..conftest import FIXTURES, REPO, MakeProject, assert_golden, labels_of, set_office

GOLDEN = FIXTURES / "html"

SOURCE = """\
---
slug: doc
title: Mali's junta under pressure
subtitle: What the attacks of 25 April mean.
author: A. Writer
publisher: Rosa-Luxemburg-Stiftung
office: West Africa Office
imprint:
  published_by: Published by the West Africa Office
  credits:
    - role: Author
      name: A. Writer
licence: Free to reuse with a reference.
translation:
  credit: Translated by Andrea Garcés and Louise Pain
  translators: [Andrea Garcés, Louise Pain]
---

::: lead
The 20,000-strong army lost **Kidal** in 2023.
:::

## Why Bamako?

Both leaders want an "Islamic caliphate" in Mali: the *rest* is [detail](https://example.org/detail).

::: pullquote
Both leaders want an "Islamic caliphate" in Mali.
:::

- Kidal fell; Gao held.
- Write to [the office](mailto:office@example.org)!

1. First step.
2. Second step.

The [source](missing:) is not known yet.
"""
TITLE = "Mali's junta under pressure"
SUBTITLE = "What the attacks of 25 April mean."
PUBLISHED = "Published by the West Africa Office"
ROLE = "Author"
LICENCE = "Free to reuse with a reference."
CREDIT = "Translated by Andrea Garcés and Louise Pain"
LEAD = "The 20,000-strong army lost **Kidal** in 2023."
HEADING = "Why Bamako?"
LEADERS = (
    'Both leaders want an "Islamic caliphate" in Mali: the *rest* is '
    "[detail](https://example.org/detail)."
)
QUOTE = 'Both leaders want an "Islamic caliphate" in Mali.'
KIDAL = "Kidal fell; Gao held."
WRITE = "Write to [the office](mailto:office@example.org)!"
FIRST = "First step."
SECOND = "Second step."
MISSING = "The [source](missing:) is not known yet."

# Typed the way translators type: straight quotes and apostrophes, no special spaces.
# Typography is the renderer's job. SECOND is left untranslated: it falls back to English.
FRENCH = {
    TITLE: "La junte du Mali sous pression",
    SUBTITLE: "Ce que signifient les attaques du 25 avril.",
    PUBLISHED: "Publié par le bureau Afrique de l'Ouest",
    ROLE: "Auteur",
    LICENCE: "Libre de réutilisation avec une référence.",
    CREDIT: "Version anglaise traduite par Andrea Garcés et Louise Pain",
    LEAD: "L'armée de 20 000 hommes a perdu **Kidal** en 2023.",
    HEADING: "Pourquoi Bamako?",
    LEADERS: 'Les deux chefs veulent un "califat islamique" au Mali: le *reste* est un '
    "[détail](https://example.org/detail).",
    QUOTE: 'Les deux chefs veulent un "califat islamique" au Mali.',
    KIDAL: "Kidal est tombée ; Gao a tenu.",
    WRITE: "Écrivez au [bureau](mailto:office@example.org) dès aujourd'hui !",
    FIRST: "Première étape.",
    MISSING: "La [source](missing:) n'est pas encore connue.",
}
FRENCH_CREDIT = "Marie Dupont (traductrice)"

# Bambara is half done: what it lacks comes from French, and SECOND from English.
BAMBARA = {
    TITLE: "Mali sɔrɔdasi fanga bɛ degun na",
    SUBTITLE: "Awirilikalo tile 25 binkanniw kɔrɔ.",
    ROLE: "Sɛbɛnnikɛla",
    CREDIT: "Angilɛkan bayɛlɛmali kɛra Andrea Garcés ni Louise Pain fɛ",
    LEAD: "Sɔrɔdasi 20 000 ye **Kidal** bɔnɛ san 2023.",
    HEADING: "Mun na Bamako?",
    FIRST: "Taama fɔlɔ.",
}
BAMBARA_CREDIT = "Bamakɔ bayɛlɛmaliw"

BODY = {LEAD, HEADING, LEADERS, QUOTE, KIDAL, WRITE, FIRST, SECOND, MISSING}

HOSTILE = (
    "<script>alert(1)</script> "
    '<img src="file:///etc/passwd"> '
    '<link rel="stylesheet" href="file:///etc/passwd"> '
    "<style>@import url(file:///etc/passwd)</style> "
    "![x](file:///etc/passwd) "
    "[click](javascript:alert(1)) "
    "[f](file:///etc/passwd) "
    '" onmouseover="alert(1)'
)


# -- helpers --------------------------------------------------------------------------------


def translate(project: Project, lang: str, texts: dict[str, str], **metadata: str) -> None:
    """Fill a catalog's msgstrs (by msgid) and header fields through pubkit's catalog API."""
    path = project.po_path(project.publications[0], lang)
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
    catalog.metadata.update(metadata)
    write_catalog(catalog, path)


def page(project: Project, lang: str) -> tuple[Edition, str]:
    """An edition and its HTML without the line-breaking spans (tested on their own)."""
    edition, html = raw_page(project, lang)
    return edition, without_break_spans(html)


def raw_page(project: Project, lang: str) -> tuple[Edition, str]:
    edition = make_edition(project, project.publications[0], lang)
    return edition, edition_html(project, edition, for_pdf=False)


_SPAN = re.compile(r"<(/?)span([^>]*)>")
_BREAK_SPANS = (' class="keep"', ' class="nohyphen"')


def without_break_spans(html: str) -> str:
    """``html`` without pubkit.render.breaks' spans, every other span kept."""
    out, position, stack = [], 0, []
    for match in _SPAN.finditer(html):
        closing, attributes = match.group(1), match.group(2)
        drop = stack.pop() if closing else attributes in _BREAK_SPANS
        if not closing:
            stack.append(drop)
        out.append(html[position : match.start()])
        if not drop:
            out.append(match.group())
        position = match.end()
    out.append(html[position:])
    return "".join(out)


@pytest.fixture
def project(make_project: MakeProject) -> Project:
    project = make_project(SOURCE)
    workflow.init(project, ["en", "fr", "bm"])
    translate(project, "fr", FRENCH, **{"X-Translation-Credit": FRENCH_CREDIT})
    translate(project, "bm", BAMBARA, **{"X-Translation-Credit": BAMBARA_CREDIT})
    return project


class Elements(HTMLParser):
    """Every start tag with its attributes, the text, and the text of each class."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self.by_class: dict[str, list[str]] = {}
        self._open: list[tuple[str, list[str]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("meta", "link", "br"):
            return
        self._open.append((tag, (attributes.get("class") or "").split()))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        self.data.append(data)
        for _, classes in self._open:
            for name in classes:
                self.by_class.setdefault(name, []).append(data)

    def text(self, css_class: str) -> str:
        return "".join(self.by_class.get(css_class, []))


def tag_text(page_html: str, pattern: str) -> list[str]:
    """The unescaped text (tags stripped) of every match of an element regex."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
        for m in re.finditer(pattern, page_html, re.DOTALL)
    ]


# -- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "bm"])
def test_golden_html(project: Project, lang: str) -> None:
    _, text = raw_page(project, lang)
    assert_golden(text, GOLDEN / f"doc-{lang}.expect.html")


def test_html_for_pdf_links_the_print_sheet(project: Project) -> None:
    edition = make_edition(project, project.publications[0], "fr")
    for_pdf = edition_html(project, edition, for_pdf=True)
    for_web = edition_html(project, edition, for_pdf=False)
    assert '<link rel="stylesheet" href="brief.css">' in for_pdf
    assert '<link rel="stylesheet" href="print.css">' in for_pdf
    assert '<link rel="stylesheet" href="assets/brief.css">' in for_web
    assert "print.css" not in for_web
    assert '<meta name="dcterms.created" content="2026-01-02T03:04:00+00:00">' in for_pdf


# -- hostile translations -------------------------------------------------------------------

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "body", "section", "div", "span", "h1", "h2",
    "h3", "h4", "h5", "h6", "p", "main", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "a", "br",
}  # fmt: skip


def assert_inert(page_html: str) -> Elements:
    """Nothing in the page can run, fetch or link anywhere but http(s)/mailto."""
    parsed = Elements(page_html)
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "src" not in attrs and "style" not in attrs, (tag, attrs)
        if tag == "link":
            assert attrs == {"rel": "stylesheet", "href": "assets/brief.css"}
        if tag == "a":
            assert (attrs.get("href") or "").startswith(("http://", "https://", "mailto:"))
        if tag == "meta":
            assert set(attrs) <= {"charset", "name", "content"}, attrs
        href = attrs.get("href") or ""
        assert "passwd" not in href and "javascript" not in href
    for forbidden in ("<script", "<img", "<style", "<iframe", "<object", "<embed"):
        assert forbidden not in page_html.lower()
    assert page_html.count("<link") == 1
    return parsed


@pytest.mark.parametrize("lang", ["en", "fr", "bm"])
def test_hostile_msgstr_is_printed_as_text(project: Project, lang: str) -> None:
    # The source language's own catalog can override the source too: it is just as hostile.
    translate(project, lang, {LEADERS: HOSTILE, TITLE: HOSTILE, SUBTITLE: HOSTILE, ROLE: HOSTILE})
    edition, text = page(project, lang)
    assert not [fb for fb in edition.fallbacks if fb.msgid == LEADERS]
    parsed = assert_inert(text)
    words = "".join(parsed.data)
    for literal in (
        "<script>alert(1)</script>",
        "<img src=",
        "<link rel=",
        "<style>@import url(file:///etc/passwd)</style>",
        "file:///etc/passwd",
    ):
        assert literal in words, literal
    # Links with an unusable target keep their words and lose the target.
    assert text.count('<span class="link-unsafe">') >= 4 * 3  # x, click, f, per prose field
    assert '<span class="link-unsafe">click</span>' in text
    assert '<span class="link-unsafe">f</span>' in text
    # The <title> and <meta> attributes are escaped too.
    [title] = tag_text(text, r"<title>(.*?)</title>")
    assert "<script>alert(1)</script>" in title
    assert "&lt;script&gt;" in text


def test_hostile_header_fields_are_escaped(project: Project) -> None:
    translate(project, "fr", {}, **{"X-Translation-Credit": "<script>alert(1)</script>"})
    path = project.po_path(project.publications[0], "fr")
    catalog = read_catalog(path)
    for entry in catalog:
        entry.msgstr = entry.msgstr or entry.msgid
    write_catalog(catalog, path)
    set_office(project, "fr", "Bureau Afrique de l'Ouest")
    workflow.review(project, "fr", '<img src="file:///etc/passwd">')
    _, text = page(project, "fr")
    parsed = assert_inert(text)
    assert "<script>alert(1)</script>" in parsed.text("imprint-edition")
    # Inert text (assert_inert); the name only gets French typography on its quotes.
    review = parsed.text("imprint-review")
    assert "<img src=" in review and "file:///etc/passwd" in review


def test_only_safe_links_become_anchors(project: Project) -> None:
    _, text = page(project, "fr")
    assert re.findall(r'<a href="([^"]*)">', text) == [
        "https://example.org/detail",
        "mailto:office@example.org",
    ]
    assert '<span class="link-missing">source</span>' in text


# -- typography at render time --------------------------------------------------------------


def test_french_typography(project: Project) -> None:
    _, text = page(project, "fr")
    parsed = Elements(text)
    assert parsed.text("section-heading") == f"Pourquoi Bamako{NNBSP}?"
    assert parsed.text("lead") == f"L’armée de 20{NNBSP}000 hommes a perdu Kidal en 2023."
    body = "".join(parsed.data)
    assert f"un «{NNBSP}califat islamique{NNBSP}» au Mali{NBSP}: le reste" in body
    assert f"Kidal est tombée{NNBSP}; Gao a tenu." in body
    assert f"Écrivez au bureau dès aujourd’hui{NNBSP}!" in body
    assert "bureau Afrique de l’Ouest" in body
    assert "n’est pas encore connue" in body
    # Nothing typed straight survives in the French prose.
    prose = "".join(
        parsed.text(name)
        for name in ("body", "cover", "title-page", "imprint-publisher", "imprint-licence")
    )
    assert "'" not in prose and '"' not in prose
    assert not re.search(r" [;:!?»]|« ", prose)
    # The link target is never typeset.
    assert '<a href="https://example.org/detail">' in text


def test_english_typography(project: Project) -> None:
    _, text = page(project, "en")
    parsed = Elements(text)
    body = "".join(parsed.data)
    assert "Mali’s junta under pressure" in parsed.text("cover-title")
    assert "want an “Islamic caliphate” in Mali: the rest" in body
    assert "The 20,000-strong army" in body  # English groups digits with a comma, untouched
    assert "Kidal fell; Gao held." in body
    assert NNBSP not in parsed.text("body") and NBSP not in parsed.text("body")
    assert "«" not in body


def test_bambara_follows_french_typography(project: Project) -> None:
    _, text = page(project, "bm")
    parsed = Elements(text)
    assert parsed.text("section-heading") == f"Mun na Bamako{NNBSP}?"
    assert f"Sɔrɔdasi 20{NNBSP}000 ye Kidal" in parsed.text("lead")


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Écrivez au [bureau](mailto:a@example.org) !", f"</a>{NNBSP}!"),
        ("Le **Kidal** ?", f"</strong>{NNBSP}?"),
        ("Le *reste*; oui", f"</em>{NNBSP};"),
        ("Le *détail* : 5 %", f"</em>{NBSP}:"),
        ('Un "*califat*" ici', f"«{NNBSP}<em>califat</em>{NNBSP}» ici"),
        ('Un "[califat](https://example.org)" ici', f"</a>{NNBSP}» ici"),
    ],
)
def test_french_typography_across_inline_markup(project: Project, typed: str, printed: str) -> None:
    translate(project, "fr", {MISSING: typed})
    _, text = page(project, "fr")
    assert printed in text


def test_digit_grouping_leaves_years_apart(project: Project) -> None:
    translate(project, "fr", {FIRST: "En 2012 300 soldats sont partis ; 20 000 sont restés."})
    _, text = page(project, "fr")
    assert f"En 2012 300 soldats sont partis{NNBSP}; 20{NNBSP}000 sont restés." in text


def test_labels_follow_the_language_typography(project: Project) -> None:
    _, french = page(project, "fr")
    assert "provisoire : " not in french and f"provisoire{NBSP}: " in french
    _, bambara = page(project, "bm")
    assert "k'a" not in bambara and "k&#39;a" not in bambara


# -- fallback -------------------------------------------------------------------------------


def test_french_fallback_to_english(project: Project) -> None:
    edition, text = page(project, "fr")
    assert [(fb.msgid, fb.reason, fb.used) for fb in edition.fallbacks] == [
        (SECOND, "untranslated", "en")
    ]
    assert '<li lang="en">Second step.</li>' in text
    assert "<li>Première étape.</li>" in text
    assert text.count(' lang="en"') == 1
    labels = labels_of(project, "fr")
    [notice] = tag_text(text, r'<p class="imprint-fallback">(.*?)</p>')
    template = typesetter("fr")(labels.plural("fallback", 1))
    assert notice == fill(template, {"count": "1", "languages": "anglais"})
    assert notice == "1 passage est imprimé en anglais, faute de traduction complète."


def test_fuzzy_translation_falls_back_too(project: Project) -> None:
    path = project.po_path(project.publications[0], "fr")
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid == KIDAL:
            entry.flags.append(FUZZY)
    write_catalog(catalog, path)
    edition, text = page(project, "fr")
    assert {(fb.msgid, fb.reason, fb.used) for fb in edition.fallbacks} == {
        (SECOND, "untranslated", "en"),
        (KIDAL, "fuzzy", "en"),
    }
    assert '<li lang="en">Kidal fell; Gao held.</li>' in text
    assert "Kidal est tombée" not in text
    assert "2 passages sont imprimés en anglais" in text


def test_bambara_falls_back_to_french_before_english(project: Project) -> None:
    edition, text = page(project, "bm")
    used = {fb.msgid: fb.used for fb in edition.fallbacks}
    assert used[SECOND] == "en"
    assert used[KIDAL] == used[LEADERS] == used[LICENCE] == "fr"
    assert HEADING not in used and LEAD not in used
    assert f'<li lang="fr">Kidal est tombée{NNBSP}; Gao a tenu.</li>' in text
    assert '<li lang="en">Second step.</li>' in text
    # A passage printed in French is typeset as French, whatever the page's language.
    assert f'<p lang="fr">Les deux chefs veulent un «{NNBSP}califat' in text
    # Every body block printed from another language says so; nothing else does.
    [main] = re.findall(r"<main.*?</main>", text, re.DOTALL)
    in_body = [fb for fb in edition.fallbacks if fb.msgid in BODY]
    assert main.count(" lang=") == len(in_body) == 6
    [notice] = tag_text(text, r'<p class="imprint-fallback">(.*?)</p>')
    assert str(len(edition.fallbacks)) in notice
    assert "tubabukan" in notice and "angilɛkan" in notice  # French and English, in Bambara


def test_front_matter_fallback_is_marked_with_its_language(project: Project) -> None:
    translate(project, "fr", {TITLE: "", LICENCE: ""})
    edition, text = page(project, "fr")
    assert {fb.msgid for fb in edition.fallbacks} == {TITLE, LICENCE, SECOND}
    assert re.search(r'<h1 class="cover-title" lang="en">', text)
    assert re.search(r'<p class="imprint-licence" lang="en">', text)


# -- credits and review ---------------------------------------------------------------------


def test_imprint_credits_and_draft_status(project: Project) -> None:
    labels = labels_of(project, "fr")
    _, text = page(project, "fr")
    parsed = Elements(text)
    assert parsed.text("imprint-translation") == FRENCH[CREDIT]
    edition_note = fill(
        typesetter("fr")(labels.text("edition")),
        {"language": "français", "credit": FRENCH_CREDIT},
    )
    # The colon after "(français)" takes French spacing like any other.
    assert parsed.text("imprint-edition") == edition_note
    assert "(français)\u00a0:" in parsed.text("imprint-edition")
    assert parsed.text("imprint-draft") == typesetter("fr")(labels.text("draft"))
    # The reader learns on the title page who made the edition and that it is a draft.
    assert parsed.text("title-page-edition") == parsed.text("imprint-edition")
    assert parsed.text("title-page-draft") == parsed.text("imprint-draft")
    _, english = page(project, "en")
    parsed_en = Elements(english)
    assert parsed_en.text("imprint-translation") == CREDIT
    assert "imprint-edition" not in english and "imprint-review" not in english


def test_review_sign_off_replaces_the_draft_notice(project: Project) -> None:
    translate(project, "fr", {SECOND: "Deuxième étape."})
    with pytest.raises(PubkitError, match=r"pubkit-theme\.po: fr: cannot sign off .* 1 untrans"):
        workflow.review(project, "fr", "Awa Traoré")  # the office's name, on the cover
    set_office(project, "fr", "Bureau Afrique de l'Ouest")
    workflow.review(project, "fr", "Awa Traoré")
    edition, text = page(project, "fr")
    assert edition.credit is not None and edition.credit.review.status == "reviewed"
    labels = labels_of(project, "fr")
    assert Elements(text).text("imprint-review") == fill(
        labels.text("reviewed"), {"reviewer": "Awa Traoré", "date": "2026-01-02"}
    )
    assert "imprint-draft" not in text and "imprint-fallback" not in text
    # Changed after the sign-off: the edition says draft again.
    translate(project, "fr", {FIRST: "Étape un."})
    edition, text = page(project, "fr")
    assert edition.credit is not None and edition.credit.review.status == "outdated"
    assert Elements(text).text("imprint-draft") == typesetter("fr")(labels.text("draft"))


def test_bambara_imprint(project: Project) -> None:
    labels = labels_of(project, "bm")
    _, text = page(project, "bm")
    parsed = Elements(text)
    assert parsed.text("imprint-translation") == BAMBARA[CREDIT]
    assert BAMBARA_CREDIT in parsed.text("imprint-edition")
    assert parsed.text("imprint-draft") == typesetter("bm")(labels.text("draft"))


@pytest.fixture(scope="module")
def real_project() -> Project:
    return load_project(REPO)


@pytest.mark.parametrize("lang", ["en", "fr", "bm"])
def test_real_brief_credits_its_english_translators(real_project: Project, lang: str) -> None:
    edition, text = page(real_project, lang)
    parsed = Elements(text)
    credit = parsed.text("imprint-translation")
    assert "Andrea Garcés" in credit and "Louise Pain" in credit
    source_credit = real_project.publications[0]
    assert edition.source.meta.translation_credit is not None
    english = edition.source.meta.translation_credit.text
    if lang == "en":
        assert credit == english
        return
    assert credit != english  # translated, names kept
    path = real_project.po_path(source_credit, lang)
    catalog = read_catalog(path)
    labels = labels_of(real_project, lang)
    own_credit = translator_credit(catalog)
    typeset = typesetter(lang)
    assert own_credit and typeset(own_credit) in html.unescape(parsed.text("imprint-edition"))
    review = review_of(catalog)
    if review.status == "reviewed":
        assert review.reviewer and review.reviewer in parsed.text("imprint-review")
    else:
        assert parsed.text("imprint-draft") == typeset(labels.text("draft"))


def test_golden_files_exist() -> None:
    names = sorted(p.name for p in Path(GOLDEN).glob("*.expect.html"))
    assert names == ["doc-bm.expect.html", "doc-en.expect.html", "doc-fr.expect.html"]


def test_completion_counts_the_source_segments_a_catalog_lacks(project: Project) -> None:
    """An edition's completion is over the source's segments: entries deleted from the
    catalog (or a catalog emptied) count as untranslated, never as 100 %."""
    before = make_edition(project, project.publications[0], "fr").stats
    path = project.po_path(project.publications[0], "fr")
    catalog = read_catalog(path)
    dropped = [e for e in catalog if e.msgid and e.msgstr][:2]
    for entry in dropped:
        catalog.remove(entry)
    write_catalog(catalog, path)
    stats = make_edition(project, project.publications[0], "fr").stats
    assert stats.entries == before.entries
    assert stats.untranslated == before.untranslated + 2
    dropped_words = sum(count_words(e.msgid) for e in dropped)
    assert stats.words_untranslated == before.words_untranslated + dropped_words
    assert stats.percent < before.percent
    catalog = read_catalog(path)
    for entry in [e for e in catalog if e.msgid]:
        catalog.remove(entry)
    write_catalog(catalog, path)
    emptied = make_edition(project, project.publications[0], "fr").stats
    assert emptied.percent == 0 and emptied.untranslated == before.entries
    english = make_edition(project, project.publications[0], "en").stats
    assert english.percent == 100 and english.entries == before.entries
