"""Render an Edition to HTML through the theme's autoescaped Jinja2 template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from pubkit import __version__
from pubkit.errors import PubkitError
from pubkit.locales.names import language_name
from pubkit.render.edition import Edition
from pubkit.render.typography import typesetter
from pubkit.source import inline
from pubkit.source.model import Prose
from pubkit.theme.design import Design
from pubkit.theme.files import TEMPLATE, ThemeFiles
from pubkit.theme.labels import fill


@dataclass(frozen=True)
class Text:
    """Prose as the template sees it: safe HTML, and a lang attribute when the text
    comes from another language of the fallback chain."""

    html: Markup
    attr: Markup

    def __bool__(self) -> bool:
        return bool(self.html)

    def __html__(self) -> str:
        return str(self.html)


@dataclass(frozen=True)
class Block:
    """A body block: its kind, its text and its heading level."""

    kind: str
    text: Text
    level: int


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
) -> str:
    """The HTML of one edition. Every piece of translator text is escaped or rendered
    through :func:`pubkit.source.inline.render`, which only emits strong, em and safe links.
    The template is read from the design's theme; ``for_pdf`` embeds the logo and names
    the project's fonts by file (the HTML edition names them under ``assets/``)."""
    lang = edition.lang
    typeset = typesetter(lang)
    fallback_lang = {fb.location: fb.used for fb in edition.fallbacks}

    def text(item: Prose | None) -> Text:
        if item is None:
            return Text(Markup(""), Markup(""))
        own = fallback_lang.get(item.location, lang)
        html = inline.render(item.text, typesetter(own, quoted=item.role == "pullquote"))
        return Text(html, Markup(f' lang="{own}"') if own != lang else Markup(""))

    def plain(item: Prose | None) -> str:
        return typeset(inline.plain(item.text)) if item is not None else ""

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
        "blocks": [Block(b.role, text(b), b.level) for b in edition.document.blocks],
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


def _imprint_notes(
    edition: Edition,
    texts: dict[str, str],
    typeset: Callable[[str], str],
    partial: bool,
    font_names: tuple[str, ...],
) -> list[tuple[str, str]]:
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
    return notes


def _list(names: tuple[str, ...], lang: str) -> str:
    """``names`` joined as ``lang`` writes a list (CLDR: "A, B and C")."""
    from babel import Locale, UnknownLocaleError
    from babel.lists import format_list

    try:
        return format_list(list(names), locale=Locale.parse(lang.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return ", ".join(names)
