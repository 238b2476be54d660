"""The release policy: which editions are released, which marked partial, and why the
others are not."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pubkit.config import Project
from pubkit.errors import PubkitError

if TYPE_CHECKING:  # imported where used: a release forks its renderer before them
    from pubkit.checks.findings import Finding
    from pubkit.render.edition import Edition


@dataclass(frozen=True)
class Decision:
    """Whether a language is released, and why not when it is not."""

    lang: str
    released: bool
    partial: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    """A language is released when its share of translated source words reaches its
    threshold (or ``allow_partial``: then it is marked partial) and when neither its
    catalog nor one it prints fallbacks from has check errors (or ``allow_errors``);
    ``strict`` counts check warnings as errors."""

    allow_partial: bool = False
    allow_errors: bool = False
    strict: bool = False

    def partial(self, project: Project, edition: Edition) -> bool:
        """Whether ``edition`` is printed as partial: known from its threshold alone, so
        before the checks."""
        return self.allow_partial and _below_threshold(project, edition)

    def decide(
        self, project: Project, editions: Iterable[Edition], findings: Sequence[Finding]
    ) -> tuple[Decision, ...]:
        """The decision for each edition; a PubkitError saying why, language by language,
        when any is not released."""
        errors = Counter(f.lang for f in findings if f.severity == "error" or self.strict)
        # An edition printing fallback text from another language is held back by errors
        # in that language's catalogs only, not by what the design cannot print in that
        # language's own editions (a font without its narrow no-break space).
        catalogs = {
            project.relative(project.po_path(publication, language.code))
            for publication in project.publications
            for language in project.languages
        }
        in_catalogs = Counter(
            f.lang
            for f in findings
            if (f.severity == "error" or self.strict) and f.path in catalogs
        )
        decisions = tuple(
            self._decide(project, edition, errors, in_catalogs) for edition in editions
        )
        refused = [d for d in decisions if not d.released]
        if refused:
            lines = [f"  {d.lang}: {'; '.join(d.reasons)}" for d in refused]
            raise PubkitError(
                "not released (fix these or narrow --lang; --allow-partial releases "
                "translations below their threshold, --allow-errors despite check errors):\n"
                + "\n".join(lines)
            )
        return decisions

    def _decide(
        self,
        project: Project,
        edition: Edition,
        errors: Counter[str | None],
        in_catalogs: Counter[str | None],
    ) -> Decision:
        language = project.language(edition.lang)
        reasons = []
        partial = _below_threshold(project, edition)
        if partial:
            reasons.append(
                f"{edition.stats.percent:g} % of source words translated, "
                f"threshold {language.threshold:g} %"
            )
        for code in (edition.lang, *edition.printed_from):
            count = errors[code] if code == edition.lang else in_catalogs[code]
            if count:
                whose = (
                    "" if code == edition.lang else f" in {code}, which this edition prints from,"
                )
                what = "error(s) or warning(s) (--strict)" if self.strict else "error(s)"
                reasons.append(f"{count} check {what}{whose} (see 'pubkit check {code}')")
        failing = len(reasons) - partial
        released = (self.allow_partial or not partial) and (self.allow_errors or not failing)
        return Decision(edition.lang, released, partial and released, tuple(reasons))


def checked_languages(editions: Mapping[str, Edition]) -> list[str]:
    """The catalogs whose check errors keep editions back: the editions' own, then those
    they print fallback text from."""
    printed = {code for edition in editions.values() for code in edition.printed_from}
    return [*editions, *sorted(printed - set(editions))]


def _below_threshold(project: Project, edition: Edition) -> bool:
    return edition.stats.percent < project.language(edition.lang).threshold
