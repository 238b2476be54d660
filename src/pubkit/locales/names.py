"""Language names, from CLDR via Babel (imported only when a name is asked for)."""

from __future__ import annotations


def language_name(lang: str, in_lang: str = "en") -> str:
    """A language's name from CLDR, e.g. 'French', 'Bambara'; in ``in_lang``'s words."""
    from babel import Locale

    return str(Locale.parse(lang.replace("-", "_")).get_display_name(in_lang.replace("-", "_")))
