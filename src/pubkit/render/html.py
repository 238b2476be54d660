"""Render an Edition to HTML through the theme's autoescaped Jinja2 template."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from pubkit import __version__
from pubkit.errors import PubkitError
from pubkit.fileio import Roots
from pubkit.locales.names import language_name
from pubkit.render.body import NO_TEXT, Look, Notes, Text, blocks
from pubkit.render.breaks import keeper
from pubkit.render.edition import Edition
from pubkit.render.typography import typesetter
from pubkit.source import inline
from pubkit.source.images import read_image
from pubkit.source.model import Figure, Prose
from pubkit.theme.design import Design
from pubkit.theme.files import TEMPLATE, ThemeFiles
from pubkit.theme.labels import fill


class _ThemeLoader(jinja2.BaseLoader):
    """Templates from the theme (the project's theme folder over the packaged theme), as
    Jinja2's FileSystemLoader finds them, read only as regular files of their folder
    (:func:`pubkit.fileio.project_file`): the template, and every template it includes,
    imports or extends."""

    def __init__(self, files: ThemeFiles):
        self.files = files
        self.shown: dict[str, str] = {}

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        found = self.files.find("/".join(split_template_path(template)))
        if found is None:
            raise jinja2.TemplateNotFound(template)
        text = found.read_text("template")
        path = found.path
        mtime = path.lstat().st_mtime_ns
        self.shown[str(path)] = found.shown

        def uptodate() -> bool:
            try:
                return path.lstat().st_mtime_ns == mtime
            except OSError:
                return False

        return text, str(path), uptodate


@cache
def _environment(files: ThemeFiles) -> jinja2.Environment:
    return jinja2.Environment(
        loader=_ThemeLoader(files),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class _UnknownLabel(Exception):
    """A label the template asks for that the theme's words do not have."""


class LabelTable:
    """The labels as the template sees them (``labels.imprint``): typeset, and a name the
    theme does not have is an error at the template's line, not an empty string."""

    def __init__(self, texts: dict[str, str]):
        self._texts = texts

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._texts[name]
        except KeyError:
            known = ", ".join(sorted(self._texts))
            raise _UnknownLabel(f"unknown label {name!r} (the theme's labels: {known})") from None

    __getitem__ = __getattr__


def check_template(files: ThemeFiles) -> None:
    """Read and compile the theme's template: a PubkitError at the line of its first
    syntax error, or naming it when it is missing or unreadable."""
    _template(files)


def _template(files: ThemeFiles) -> jinja2.Template:
    environment = _environment(files)
    try:
        return environment.get_template(TEMPLATE)
    except jinja2.TemplateSyntaxError as exc:
        located = _located(f"template error: {exc.message}", environment, exc.filename, exc.lineno)
        raise located from None
    except jinja2.TemplateNotFound:
        files.get(TEMPLATE, "template")  # raises, naming where it was looked for
        raise


def _located(
    message: str, environment: jinja2.Environment, filename: str | None, line: int | None
) -> PubkitError:
    loader = environment.loader
    shown = loader.shown.get(filename or "", filename) if isinstance(loader, _ThemeLoader) else None
    return PubkitError(message, shown or TEMPLATE, line)


def _template_line(exc: BaseException, environment: jinja2.Environment) -> PubkitError:
    """The error ``exc`` raised while the template rendered, at the template's line: Jinja2
    rewrites the traceback so that its frames name the template's lines."""
    loader = environment.loader
    known = loader.shown if isinstance(loader, _ThemeLoader) else {}
    filename, line = None, None
    traceback = exc.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code.co_filename
        if code in known:
            filename, line = code, traceback.tb_lineno
        traceback = traceback.tb_next
    message = str(exc) if isinstance(exc, _UnknownLabel) else f"template error: {exc}"
    return _located(message, environment, filename, line)


def render_html(
    edition: Edition,
    design: Design,
    stylesheets: tuple[str, ...] = ("brief.css",),
    partial: bool = False,
    created: str | None = None,
    for_pdf: bool = True,
    notes_at: str = "end",
    source_dir: Path | None = None,
    root: Roots = None,
) -> str:
    """The HTML of one edition. Every piece of translator text is escaped or rendered
    through :func:`pubkit.source.inline.render`, which only emits strong, em, safe links
    and the footnote calls of :class:`pubkit.render.body.Notes` (``notes_at``: "foot"
    for the PDFs, "end" for the HTML edition). The template is read from the design's
    theme; ``for_pdf`` embeds the logo and the figures' images and names the project's
    fonts by file (the HTML edition names them under ``assets/``). The figures' images
    are regular files of the project under ``root``, found from ``source_dir`` (default:
    the source's folder as named)."""
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
        return image.data_uri() if for_pdf else "assets/" + image.asset

    meta = edition.document.meta
    labels = edition.labels
    office = labels.office(meta.office)
    texts = {key: typeset(labels.text(key)) for key in labels.keys}
    context: dict[str, Any] = {
        "lang": lang,
        "stylesheets": stylesheets,
        "theme_css": Markup(design.css(for_pdf=for_pdf)),
        "meta": meta,
        "wordmark": design.options.wordmark or meta.publisher.split("-"),
        "logo": design.logo(for_pdf=for_pdf),
        "office": typeset(office) if office else office,
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
        "labels": LabelTable(texts),
        "notes": _imprint_notes(edition, texts, typeset, partial, design.font_names),
        "created": created,
        "version": __version__,
    }
    template = _template(design.files)
    try:
        return template.render(context)
    except PubkitError:
        raise
    except (_UnknownLabel, jinja2.TemplateError) as exc:
        raise _template_line(exc, template.environment) from None


@cache
def _prose_typesetter(lang: str, quoted: bool) -> Callable[[str], str]:
    """Typography, then the runs a line must not break (pubkit.render.breaks)."""
    typeset, keep = typesetter(lang, quoted=quoted), keeper(lang)

    def prose(text: str) -> str:
        return keep(typeset(text))

    return prose


def _imprint_notes(
    edition: Edition,
    texts: dict[str, str],
    typeset: Callable[[str], str],
    partial: bool,
    font_names: tuple[str, ...],
) -> list[tuple[str, Markup]]:
    """The imprint's lines about this edition: who translated it, whether anyone
    reviewed it, what fell back to another language, and whether it is partial."""
    lang = edition.lang
    notes = []
    credit = edition.credit
    if credit is not None:
        who = typeset(credit.credit) if credit.credit else texts["unknown_translator"]
        edition_note = fill(
            texts["edition"], {"language": language_name(lang, lang), "credit": who}
        )
        notes.append(("edition", edition_note))
        review = credit.review
        if review.status == "reviewed":
            reviewer = typeset(review.reviewer or "")
            note = fill(texts["reviewed"], {"reviewer": reviewer, "date": review.date or ""})
            notes.append(("review", note))
        else:
            notes.append(("draft", texts["draft"]))
    if edition.fallbacks:
        used = {fb.used for fb in edition.fallbacks}
        names = [language_name(code, lang) for code in edition.chain if code in used]
        count = len(edition.fallbacks)
        template = typeset(edition.labels.plural("fallback", count))
        notes.append(
            ("fallback", fill(template, {"count": str(count), "languages": ", ".join(names)}))
        )
    if partial:
        notes.append(("partial", texts["partial"]))
    if font_names:
        fonts = _list(font_names, lang)
        notes.append(
            ("colophon", fill(texts["colophon_fonts"], {"version": __version__, "fonts": fonts}))
        )
    else:
        notes.append(("colophon", fill(texts["colophon"], {"version": __version__})))
    keep = keeper(lang)
    return [(kind, inline.escaped(keep(note))) for kind, note in notes]


def _list(names: tuple[str, ...], lang: str) -> str:
    """``names`` joined as ``lang`` writes a list (CLDR: "A, B and C")."""
    from babel import Locale, UnknownLocaleError
    from babel.lists import format_list

    try:
        return format_list(list(names), locale=Locale.parse(lang.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return ", ".join(names)
