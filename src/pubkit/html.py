"""Render an Edition to HTML through the project's autoescaped Jinja2 template."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from pubkit import __version__, inline
from pubkit.catalog import language_name
from pubkit.edition import Edition
from pubkit.errors import PubkitError
from pubkit.model import Prose
from pubkit.typography import typesetter

TEMPLATE = "brief.html.j2"
LABELS = "labels.toml"


@dataclass(frozen=True)
class Block:
    """A body block as the template sees it: kind, safe HTML, and its own language."""

    kind: str
    html: Markup
    lang: str
    level: int


@cache
def _environment(styles_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(styles_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def load_labels(styles_dir: Path, lang: str) -> dict[str, str]:
    """The template's own words in ``lang`` (styles/labels.toml), falling back to English."""
    path = styles_dir / LABELS
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PubkitError(f"cannot read labels: {exc}", path) from None
    labels = dict(table.get("en", {}))
    labels.update(table.get(lang, {}))
    return labels


def render_html(
    edition: Edition,
    styles_dir: Path,
    stylesheets: tuple[str, ...] = ("brief.css",),
    partial: bool = False,
    created: str | None = None,
) -> str:
    """The HTML of one edition. Every piece of translator text is escaped or rendered
    through :func:`pubkit.inline.render`, which only emits strong, em and safe links."""
    lang = edition.lang
    typeset = typesetter(lang)
    fallback_lang = {fb.location: fb.used for fb in edition.fallbacks}

    def prose(item: Prose | None) -> Markup:
        if item is None:
            return Markup("")
        own = fallback_lang.get(item.location, lang)
        return inline.render(item.text, typesetter(own, quoted=item.role == "pullquote"))

    def plain(item: Prose | None) -> str:
        return typeset(inline.plain(item.text)) if item is not None else ""

    document = edition.document
    meta = document.meta
    blocks = [
        Block(b.role, prose(b), fallback_lang.get(b.location, lang), b.level)
        for b in document.blocks
    ]
    labels = load_labels(styles_dir, lang)
    fallback_langs = sorted({language_name(code, lang) for code in fallback_lang.values()})
    context: dict[str, Any] = {
        "lang": lang,
        "stylesheets": stylesheets,
        "meta": meta,
        "title": prose(meta.title),
        "title_plain": plain(meta.title),
        "subtitle": prose(meta.subtitle),
        "subtitle_plain": plain(meta.subtitle),
        "keywords_plain": plain(meta.keywords),
        "author_bio": prose(meta.author_bio),
        "published_by": prose(meta.published_by),
        "credits": [(prose(c.role), c.name) for c in meta.credits],
        "licence": prose(meta.licence),
        "disclaimer": prose(meta.disclaimer),
        "translation_credit": prose(meta.translation_credit),
        "blocks": blocks,
        "labels": labels,
        "language_name": language_name(lang, lang),
        "credit": edition.credit,
        "fallback_count": len(edition.fallbacks),
        "fallback_languages": ", ".join(fallback_langs),
        "partial": partial,
        "created": created,
        "version": __version__,
    }
    try:
        template = _environment(styles_dir).get_template(TEMPLATE)
        return template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise PubkitError(f"template error: {exc.message}", exc.filename, exc.lineno) from None
    except jinja2.TemplateNotFound:
        raise PubkitError("template not found", styles_dir / TEMPLATE) from None
    except jinja2.UndefinedError as exc:
        raise PubkitError(f"template error: {exc.message}", styles_dir / TEMPLATE) from None
