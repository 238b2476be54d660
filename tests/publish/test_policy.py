"""The release policy on its own: thresholds, check errors in an edition's catalog or in
one it prints from, and what --allow-partial and --allow-errors waive."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from pubkit.errors import PubkitError
from pubkit.publish.policy import Decision, Policy, checked_languages

from ..conftest import MakeProject


def edition(lang: str, percent: float, printed_from: tuple[str, ...] = ()) -> Any:
    return SimpleNamespace(
        lang=lang, stats=SimpleNamespace(percent=percent), printed_from=printed_from
    )


def errors(*langs: str) -> list[Any]:
    return [SimpleNamespace(lang=lang, severity="error") for lang in langs]


WARNING = SimpleNamespace(lang="fr", severity="warning")


@pytest.fixture
def project(make_project: MakeProject) -> Any:
    return make_project("---\nslug: s\ntitle: T\nauthor: A\npublisher: P\n---\n\nText.\n")


def test_complete_editions_without_errors_are_released(project: Any) -> None:
    decisions = Policy().decide(project, [edition("en", 100), edition("fr", 100)], [WARNING])
    assert decisions == (Decision("en", True, False, ()), Decision("fr", True, False, ()))


def test_below_threshold_is_refused_unless_partial_is_allowed(project: Any) -> None:
    short = edition("fr", 87.5, ("en",))
    with pytest.raises(PubkitError) as refused:
        Policy().decide(project, [edition("en", 100), short], [])
    assert str(refused.value).splitlines()[1:] == [
        "  fr: 87.5 % of source words translated, threshold 100 %"
    ]
    assert not Policy().partial(project, short)
    allowed = Policy(allow_partial=True)
    assert allowed.partial(project, short) and not allowed.partial(project, edition("en", 100))
    [decision] = allowed.decide(project, [short], [])
    assert decision.released and decision.partial


def test_errors_in_a_catalog_printed_from_count_too(project: Any) -> None:
    bm = edition("bm", 100, ("fr", "en"))
    with pytest.raises(PubkitError, match=r"bm: 2 check error\(s\) in fr, which this edition"):
        Policy(allow_partial=True).decide(project, [bm], errors("fr", "fr"))
    [decision] = Policy(allow_errors=True).decide(project, [bm], errors("fr", "fr"))
    assert decision.released and not decision.partial
    assert decision.reasons == (
        "2 check error(s) in fr, which this edition prints from, (see 'pubkit check fr')",
    )


def test_checked_languages_are_the_editions_then_what_they_print_from() -> None:
    editions = {"bm": edition("bm", 100, ("fr", "en")), "en": edition("en", 100)}
    assert checked_languages(editions) == ["bm", "en", "fr"]
