"""The exact versions of the installed Python packages that can change what pubkit prints."""

from __future__ import annotations

import re
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution

from pubkit import __version__

# The command line (it parses options) and pubkit preview's file watcher (it only says
# when to build): neither touches an output byte, nor do the packages only they bring.
_NOT_IN_OUTPUT = frozenset({"click", "colorama", "watchfiles"})
_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def output_packages() -> dict[str, str]:
    """pubkit and every installed package its runtime requirements reach, transitively
    (WeasyPrint, pydyf, fontTools with the extras WeasyPrint asks of it, Pillow, Babel…),
    by canonical name, sorted.

    A requirement behind an extra is followed only when that extra was asked for; one
    whose environment marker excludes this machine is not installed, so it is not found."""
    found = {"pubkit": __version__}
    pending: list[tuple[str, frozenset[str]]] = [("pubkit", frozenset())]
    followed: set[tuple[str, frozenset[str]]] = set()
    while pending:
        name, extras = pending.pop()
        if (name, extras) in followed:
            continue
        followed.add((name, extras))
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for requirement in requires:
            spec, _, marker = requirement.partition(";")
            match = _REQUIREMENT.match(spec)
            wanted = _EXTRA.search(marker)
            if match is None or (wanted is not None and _canonical(wanted[1]) not in extras):
                continue
            needed = _canonical(match[1])
            if needed in _NOT_IN_OUTPUT:
                continue
            try:
                found.setdefault(needed, distribution(needed).version)
            except PackageNotFoundError:
                continue
            asked = frozenset(_canonical(e) for e in (match[2] or "").split(",") if e.strip())
            pending.append((needed, asked))
    return dict(sorted(found.items()))


# The names WeasyPrint's own loader tries, per platform, for the C libraries whose versions
# change the output: Pango lays the text out, HarfBuzz shapes it, and WeasyPrint subsets
# fonts with libharfbuzz-subset when it is present, with fontTools (other bytes) when not.
_LIBRARIES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    (
        "pango",
        ("libpango-1.0.so.0", "libpango-1.0-0", "libpango-1.0.dylib", "libpango-1.0-0.dll"),
        "pango_version_string",
    ),
    (
        "harfbuzz",
        ("libharfbuzz.so.0", "libharfbuzz-0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
        "hb_version_string",
    ),
    (
        "harfbuzz-subset",
        (
            "libharfbuzz-subset.so.0",
            "libharfbuzz-subset-0",
            "libharfbuzz-subset.0.dylib",
            "libharfbuzz-subset-0.dll",
        ),
        None,
    ),
)


@cache
def native_libraries() -> dict[str, str]:
    """The versions of the C libraries WeasyPrint draws with, as they report them, and
    whether libharfbuzz-subset is there ("present", else "absent": fontTools subsets)."""
    import ctypes

    found: dict[str, str] = {}
    for label, names, version_function in _LIBRARIES:
        found[label] = "absent"
        for name in names:
            try:
                library = ctypes.CDLL(name)
            except OSError:
                continue
            if version_function is None:
                found[label] = "present"
            else:
                function = getattr(library, version_function)
                function.restype = ctypes.c_char_p
                found[label] = function().decode("ascii", "replace")
            break
    return found
