"""Render an Edition to HTML through the project's autoescaped Jinja2 template."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from pubkit import __version__
from pubkit.errors import PubkitError
from pubkit.fileio import Roots, read_utf8, shown_path
from pubkit.locales.names import language_name
from pubkit.render.body import NO_TEXT, Look, Notes, Text, blocks
from pubkit.render.breaks import keeper
from pubkit.render.edition import Edition
from pubkit.render.typography import typesetter
from pubkit.source import inline
from pubkit.source.images import read_image
from pubkit.source.model import Figure, Prose
from pubkit.tomltext import key_line, parse_toml

TEMPLATE = "brief.html.j2"
LABELS = "labels.toml"


class _DesignLoader(jinja2.BaseLoader):
    """Templates from the styles folder, as Jinja2's FileSystemLoader finds them, read
    only as regular files of the project (:func:`pubkit.fileio.project_file`): the
    template, and every template it includes, imports or extends."""

    def __init__(self, folder: Path, root: Roots):
        self.folder = folder
        self.root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        text = read_utf8(path, None, "template", self.root)
        mtime = path.lstat().st_mtime_ns

        def uptodate() -> bool:
            try:
                return path.lstat().st_mtime_ns == mtime
            except OSError:
                return False

        return text, str(path), uptodate


@cache
def _environment(styles_dir: Path, root: Roots) -> jinja2.Environment:
    return jinja2.Environment(
        loader=_DesignLoader(styles_dir, root),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def load_labels(styles_dir: Path, lang: str, root: Roots = None) -> dict[str, str]:
    """The template's own words in ``lang`` (styles/labels.toml, a regular file of the
    project under ``root``), falling back to English."""
    path = styles_dir / LABELS
    shown = shown_path(path, root)
    table = parse_toml(read_utf8(path, shown, "labels", root), shown)
    labels: dict[str, str] = {}
    for code in dict.fromkeys(("en", lang)):
        words = table.get(code, {})
        if not isinstance(words, dict):
            raise PubkitError(f"'{code}' must be a table of words", shown, key_line(path, (code,)))
        for key, word in words.items():
            if not isinstance(word, str):
                raise PubkitError(
                    f"the label '{code}.{key}' must be a string", shown, key_line(path, (code, key))
                )
        labels.update(words)
    return labels


def render_html(
    edition: Edition,
    styles_dir: Path,
    stylesheets: tuple[str, ...] = ("brief.css",),
    partial: bool = False,
    created: str | None = None,
    root: Roots = None,
    notes_at: str = "end",
    source_dir: Path | None = None,
    embed_images: bool = False,
) -> str:
    """The HTML of one edition. Every piece of translator text is escaped or rendered
    through :func:`pubkit.source.inline.render`, which only emits strong, em, safe links
    and the footnote calls of :class:`pubkit.render.body.Notes` (``notes_at``: "foot"
    for the PDFs, "end" for the HTML edition).
    The template and labels are regular files of the project under ``root``; so are the
    figures' images, found from ``source_dir`` (default: the source's folder as named),
    embedded in the HTML (``embed_images``: the PDFs) or linked under ``assets/``."""
    lang = edition.lang
    typeset = typesetter(lang)
    fallback_lang = {fb.location: fb.used for fb in edition.fallbacks}
    # The cells of a table row share a line: a body block's fallback is found by its
    # line and source text.
    fallback_of = {(fb.location, fb.msgid): fb.used for fb in edition.fallbacks}
    references = edition.source.references  # the source's alone

    def render(item: Prose, calls: inline.NoteCalls | None, source: str | None = None) -> Text:
        if source is None:
            own = fallback_lang.get(item.location, lang)
        else:
            own = fallback_of.get((item.location, source), lang)
        typeset_own = _prose_typesetter(own, item.role == "pullquote")
        html = inline.render(item.text, typeset_own, calls, references)
        return Text(html, Markup(f' lang="{own}"') if own != lang else Markup(""))

    def text(item: Prose | None) -> Text:
        return NO_TEXT if item is None else render(item, None)

    document = edition.document
    notes = Notes(document, render, notes_at)

    def body_text(index: int) -> Text:
        prose = document.blocks[index]
        return render(prose, notes.calls_of(index, prose), edition.source.blocks[index].text)

    def plain(item: Prose | None) -> str:
        return typeset(inline.plain(item.text, references)) if item is not None else ""

    def plain_text(index: int) -> Text:
        item = document.blocks[index]
        own = fallback_of.get((item.location, edition.source.blocks[index].text), lang)
        words = typesetter(own)(inline.plain(item.text, references))
        attr = Markup(f' lang="{own}"') if own != lang else Markup("")
        return Text(escape(" ".join(words.split())), attr)

    if source_dir is not None:
        folder = source_dir
    else:
        named = Path(edition.source.path)
        folder = (root / named if isinstance(root, Path) else named).parent

    def src(figure: Figure) -> str:
        image = read_image(figure, folder, lang, root)
        return image.data_uri() if embed_images else "assets/" + image.asset

    meta = edition.document.meta
    labels = {key: typeset(value) for key, value in load_labels(styles_dir, lang, root).items()}
    context: dict[str, Any] = {
        "lang": lang,
        "stylesheets": stylesheets,
        "meta": meta,
        "title": text(meta.title),
        "title_plain": plain(meta.title),
        "subtitle": text(meta.subtitle),
        "subtitle_plain": plain(meta.subtitle),
        "keywords_plain": plain(meta.keywords),
        "author_bio": text(meta.author_bio),
        "published_by": text(meta.published_by),
        "credits": [(text(c.role), c.name) for c in meta.credits],
        "licence": text(meta.licence),
        "disclaimer": text(meta.disclaimer),
        "translation_credit": text(meta.translation_credit),
        "blocks": blocks(document.body, document, Look(body_text, plain_text, src)),
        "endnotes": notes.endnotes(),
        "labels": labels,
        "notes": _imprint_notes(edition, labels, typeset, partial),
        "created": created,
        "version": __version__,
    }
    try:
        template = _environment(styles_dir, root).get_template(TEMPLATE)
        return template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise PubkitError(f"template error: {exc.message}", exc.filename, exc.lineno) from None
    except jinja2.TemplateNotFound:
        raise PubkitError("template not found", styles_dir / TEMPLATE) from None
    except jinja2.UndefinedError as exc:
        raise PubkitError(f"template error: {exc.message}", styles_dir / TEMPLATE) from None


@cache
def _prose_typesetter(lang: str, quoted: bool) -> Callable[[str], str]:
    """Typography, then the runs a line must not break (pubkit.render.breaks)."""
    typeset, keep = typesetter(lang, quoted=quoted), keeper(lang)

    def prose(text: str) -> str:
        return keep(typeset(text))

    return prose


def _imprint_notes(
    edition: Edition, labels: dict[str, str], typeset: Callable[[str], str], partial: bool
) -> list[tuple[str, Markup]]:
    """The imprint's lines about this edition: who translated it, whether anyone
    reviewed it, what fell back to another language, and whether it is partial."""
    lang = edition.lang
    notes = []
    credit = edition.credit
    if credit is not None:
        who = typeset(credit.credit) if credit.credit else labels["unknown_translator"]
        notes.append(
            ("edition", labels["edition"].format(language=language_name(lang, lang), credit=who))
        )
        review = credit.review
        if review.status == "reviewed":
            reviewer = typeset(review.reviewer or "")
            note = labels["reviewed"].format(reviewer=reviewer, date=review.date)
            notes.append(("review", note))
        else:
            notes.append(("draft", labels["draft"]))
    if edition.fallbacks:
        used = {fb.used for fb in edition.fallbacks}
        names = [language_name(code, lang) for code in edition.chain if code in used]
        category = plural_category(lang, len(edition.fallbacks))
        template = labels.get(f"fallback_{category}", labels["fallback_other"])
        notes.append(
            ("fallback", template.format(count=len(edition.fallbacks), languages=", ".join(names)))
        )
    if partial:
        notes.append(("partial", labels["partial"]))
    notes.append(("colophon", labels["colophon"].format(version=__version__)))
    keep = keeper(lang)
    return [(kind, inline.escaped(keep(note))) for kind, note in notes]


def plural_category(lang: str, count: int) -> str:
    """CLDR's plural category of ``count`` in ``lang`` ('one', 'other', …)."""
    from babel import Locale

    return str(Locale.parse(lang.replace("-", "_")).plural_form(count))
