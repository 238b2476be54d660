"""What a check finds and what a rule is: the leaf of the checks, importing none of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, TypeVar

if TYPE_CHECKING:  # the types a rule takes, named for the type checker only
    from pubkit.catalogs.views import EntryView
    from pubkit.checks.context import LanguageContext, SourceContext
    from pubkit.source.segments import Segment

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem, printed as ``path:line: severity: [check] message``."""

    path: str
    line: int
    """1-based; 0 for a file without lines (a font of the design)."""
    severity: Severity
    check: str
    message: str
    lang: str | None


EntryCheck: TypeAlias = "Callable[[Segment, EntryView, LanguageContext], Iterable[str]]"
"""Yields messages about one entry of a catalog, given its source segment."""
CatalogCheck: TypeAlias = "Callable[[LanguageContext], Iterable[tuple[int, str]]]"
"""Yields (line, message) about a catalog as a whole."""
SourceCheck: TypeAlias = "Callable[[SourceContext], Iterable[tuple[int, str]]]"
"""Yields (line, message) about a source document, once for all languages."""

R = TypeVar("R", EntryCheck, CatalogCheck, SourceCheck)


@dataclass(frozen=True)
class Rule(Generic[R]):
    """A named check and the severity of what it finds (``table`` orders them)."""

    name: str
    severity: Severity
    run: R


def listing(values: Counter[Any], show_value: Callable[[Any], str] = repr) -> str:
    """Counted values as a message lists them: ``'a', 'b' (×2)``, in a stable order."""
    return ", ".join(
        show_value(value) + (f" (×{count})" if count > 1 else "")
        for value, count in sorted(values.items(), key=lambda item: str(item[0]))
    )
