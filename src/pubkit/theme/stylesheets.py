"""What a theme's stylesheet asks for, read with tinycss2 (the CSS parser WeasyPrint
uses): every URL it names and every font face it declares, each with its line."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Reference:
    """A URL a stylesheet names (``url()``, ``@import``), at a line."""

    url: str
    line: int


@dataclass(frozen=True)
class FontFace:
    """An ``@font-face`` rule: its family, weight, style and the URLs of its sources."""

    family: str
    weight: str
    style: str
    urls: tuple[Reference, ...]
    line: int


def references(text: str) -> list[Reference]:
    """Every URL ``text`` names, in order."""
    import tinycss2

    found: list[Reference] = []
    tokens = tinycss2.parse_component_value_list(text, skip_comments=True)
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            found += [Reference(t.value, t.source_line) for t in rule.prelude if t.type == "string"]
    found += _urls(tokens)
    return sorted(found, key=lambda reference: reference.line)


def _urls(tokens: Iterable[Any]) -> Iterator[Reference]:
    for token in tokens:
        if token.type == "url":
            yield Reference(token.value, token.source_line)
        elif token.type == "function":
            if token.lower_name == "url":
                strings = [t for t in token.arguments if t.type == "string"]
                if strings:
                    yield Reference(strings[0].value, token.source_line)
            yield from _urls(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _urls(token.content)


def font_faces(text: str) -> list[FontFace]:
    """The ``@font-face`` rules of ``text`` (at the top level, where CSS declares them)."""
    import tinycss2

    faces = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or rule.content is None:
            continue
        values: dict[str, list[Any]] = {}
        for declaration in tinycss2.parse_declaration_list(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if declaration.type == "declaration":
                values[declaration.lower_name] = declaration.value
        family = " ".join(
            str(t.value) for t in values.get("font-family", []) if t.type in ("string", "ident")
        )
        faces.append(
            FontFace(
                family=family,
                weight=tinycss2.serialize(values.get("font-weight", [])).strip() or "400",
                style=tinycss2.serialize(values.get("font-style", [])).strip() or "normal",
                urls=tuple(_urls(values.get("src", []))),
                line=rule.source_line,
            )
        )
    return faces


def theme_name(url: str, stylesheet: str) -> str | None:
    """The theme file a relative ``url`` of the theme file ``stylesheet`` names
    (``fonts/NotoSans-Bold.ttf``), or None: a URL with a scheme, an absolute path, or one
    that leaves the theme by ``..``."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(stylesheet), unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined
