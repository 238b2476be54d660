"""Which languages are hyphenated: those pyphen has a dictionary for, as WeasyPrint asks it."""

from __future__ import annotations

from functools import cache


@cache
def dictionary(lang: str) -> str | None:
    """The name of pyphen's dictionary for ``lang`` (``de`` → ``de_DE``), or None when
    pyphen has none: WeasyPrint hyphenates a text in ``lang`` (CSS ``hyphens: auto``)
    with exactly that dictionary, through ``pyphen.language_fallback``."""
    import pyphen  # type: ignore[import-untyped]  # only when hyphenation is asked for

    name: str | None = pyphen.language_fallback(lang.replace("-", "_"))
    return name
