"""The exact versions of the installed Python packages that can change what pubkit prints."""

from __future__ import annotations

import re
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution

from pubkit import __version__

# Only the command line: it parses options and never touches an output byte.
_NOT_IN_OUTPUT = frozenset({"click", "colorama"})
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
