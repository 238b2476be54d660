"""po-validity and plural-forms: what ``msgfmt --check`` rejects, and unknown Plural-Forms."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pubkit.catalogs.pofile import FUZZY
from pubkit.catalogs.template import REQUIRED_HEADER
from pubkit.catalogs.views import EntryView
from pubkit.checks.context import LanguageContext
from pubkit.locales.plurals import Convention, plural_forms, read_plural_forms, recognised
from pubkit.locales.plurals import conventions as plural_conventions
from pubkit.source.segments import Segment

INITIAL_DEFAULTS = (
    "FULL NAME <EMAIL@ADDRESS>",
    "YEAR-MO-DA",
    "LANGUAGE <LL@li.org>",
    "PACKAGE VERSION",
)


def _shortened(value: str, limit: int = 100) -> str:
    """``repr(value)``, cut short: a header value can be thousands of characters long."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + "…"


def check_header(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    metadata: dict[str, str] = ctx.catalog.metadata
    if not metadata:
        empty = "the catalog is empty: " if not ctx.catalog.entries else ""
        yield 1, f'{empty}no PO header (the first entry must be msgid "" with the header fields)'
        return
    for name in REQUIRED_HEADER:
        if name not in metadata:
            yield ctx.header_line, f"header field {name!r} is missing"
    content_type = metadata.get("Content-Type")
    if content_type is not None:
        charset = re.search(r"charset=([^\s;]+)", content_type)
        if charset is None or charset.group(1).upper().replace("_", "-") != "UTF-8":
            yield (
                ctx.field_line("Content-Type"),
                f"Content-Type is {content_type!r}: the charset must be UTF-8",
            )
    language = metadata.get("Language")
    if language is not None and language.replace("-", "_") != ctx.lang.replace("-", "_"):
        yield (
            ctx.field_line("Language"),
            f"Language is {language!r} but this is the {ctx.lang!r} catalog",
        )
    actual = metadata.get("Plural-Forms")
    if actual is None:
        expected = plural_forms(ctx.lang)
        yield ctx.header_line, f"header field 'Plural-Forms' is missing ({ctx.lang}: {expected})"
    else:
        problem = read_plural_forms(actual).problem
        if problem is not None:
            shown = _shortened(actual)
            yield ctx.field_line("Plural-Forms"), f"invalid Plural-Forms {shown}: {problem}"
    for name, value in metadata.items():
        if any(default in value for default in INITIAL_DEFAULTS):
            yield (
                ctx.field_line(name),
                f"header field {name!r} still has the initial default value {value!r}",
            )


def check_entry_validity(segment: Segment, entry: EntryView, ctx: LanguageContext) -> Iterator[str]:
    if FUZZY in entry.flags:
        return  # msgfmt leaves fuzzy entries out, and so does the edition
    msgid_plural, forms = entry.msgid_plural, entry.msgstr_plural  # msgstr[N] without a
    # msgid_plural is refused when the catalog is read (catalog.read_catalog)
    if msgid_plural and not forms and entry.msgstr:
        yield "a plural message needs msgstr[0]… msgstr[N-1], not msgstr"
    if msgid_plural and any(forms.values()) and sorted(forms) != list(range(ctx.nplurals)):
        yield (
            f"{len(forms)} plural form(s) (msgstr[{','.join(map(str, sorted(forms)))}]) but "
            f"Plural-Forms says nplurals={ctx.nplurals}"
        )
    translations = [s for s in ([entry.msgstr] if not forms else forms.values()) if s]
    if not translations:
        return
    pairs = [("msgid_plural", msgid_plural)] if msgid_plural else []
    pairs += [("msgstr", text) for text in translations]
    for name, text in pairs:
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(entry.msgid, "\n") != test(text, "\n"):
                yield f"'msgid' and '{name}' do not both {where} with '\\n'"


def _convention_name(convention: Convention) -> str:
    """Who writes a convention, in short: GNU gettext, else CLDR (with its version)."""
    sources = convention.sources
    if "GNU gettext" in sources:
        return "GNU gettext"
    cldr = next((source for source in sources if source.startswith("CLDR")), None)
    return cldr.split(" (")[0] if cldr is not None else sources[0]


def check_plural_convention(ctx: LanguageContext) -> Iterator[tuple[int, str]]:
    """A readable Plural-Forms that is none of the language's conventions: gettext's,
    CLDR's (old or new) or the installed Babel's. Only a warning: the catalog's own
    msgstr[N] agree with it (po-validity checks that), so msgfmt and the edition work."""
    actual = ctx.catalog.metadata.get("Plural-Forms")
    if actual is None or read_plural_forms(actual).problem is not None:
        return  # po-validity reports it
    if recognised(actual, ctx.lang) is not None:
        return
    known = plural_conventions(ctx.lang)
    if not known:
        return
    init = plural_forms(ctx.lang)
    listed = "; ".join(
        f"{c.formula!r} ({_convention_name(c)}"
        + (", what pubkit init writes)" if c.formula == init else ")")
        for c in known
    )
    yield (
        ctx.field_line("Plural-Forms"),
        f"Plural-Forms is {_shortened(actual)}, none of the conventions for {ctx.lang}: {listed}",
    )
