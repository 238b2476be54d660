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
    """Errors in the catalogs of ``langs``."""
    return [
        SimpleNamespace(lang=lang, severity="error", path=f"locale/{lang}/LC_MESSAGES/doc.po")
        for lang in langs
    ]


def design_error(lang: str) -> Any:
    """A font of the design without a character ``lang``'s typography prints."""
    return SimpleNamespace(lang=lang, severity="error", path="styles/fonts/A.ttf")


WARNING = SimpleNamespace(lang="fr", severity="warning", path="locale/fr/LC_MESSAGES/doc.po")


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


def test_a_design_error_holds_back_its_language_not_those_printing_from_it(
    project: Any,
) -> None:
    # Bambara prints fallback text from French; the font lacks what French typography
    # prints: French is held back, Bambara is not (its catalog and fr's have no error).
    bm = edition("bm", 100, ("fr", "en"))
    [decision] = Policy().decide(project, [bm], [design_error("fr")])
    assert decision.released and decision.reasons == ()
    with pytest.raises(PubkitError, match=r"fr: 1 check error\(s\) \(see 'pubkit check fr'\)"):
        Policy().decide(project, [bm, edition("fr", 100)], [design_error("fr")])
    with pytest.raises(PubkitError, match=r"  bm: 1 check error\(s\) \(see"):
        Policy().decide(project, [bm], [design_error("bm")])  # its own typography


def test_checked_languages_are_the_editions_then_what_they_print_from() -> None:
    editions = {"bm": edition("bm", 100, ("fr", "en")), "en": edition("en", 100)}
    assert checked_languages(editions) == ["bm", "en", "fr"]


WOLOF_TOML = """\
source-language = "en"

[[publications]]
source = "content/doc.md"
domain = "doc"

[languages.en]
[languages.fr]
fallback = ["en"]
[languages.wo]
fallback = ["fr", "en"]
threshold = 50
"""


def test_wolof_falling_back_to_french_is_not_refused_for_french_glyphs(
    make_project: MakeProject,
) -> None:
    """The font lacks U+202F, which French spacing prints and Wolof's does not: the design
    error names the font and holds French back; Wolof, printing a French passage, is
    released."""
    from pubkit.catalogs import workflow
    from pubkit.checks.runner import check_project
    from pubkit.render.edition import make_edition

    from ..checks.test_glyphs import make_font
    from ..conftest import set_msgstr

    source = "---\nslug: s\ntitle: Title\nauthor: A\npublisher: P\n---\n\nOne; two.\n\nThree.\n"
    project = make_project(source, WOLOF_TOML)
    workflow.init(project, ["fr", "wo"])
    set_msgstr(project, "fr", {"Title": "Titre", "One; two.": "Un ; deux.", "Three.": "Trois."})
    set_msgstr(project, "wo", {"Title": "Tur", "Three.": "Ñett."})
    from ..checks.test_glyphs import with_fonts

    fonts = project.root / "fonts"
    fonts.mkdir()
    make_font(fonts / "Plain.ttf", "".join(map(chr, range(0x20, 0x180))) + "’…“”‘")
    project = with_fonts(project, "fonts/Plain.ttf", "fonts/Plain.ttf")
    findings = check_project(project, ["fr", "wo"])
    errors = [f for f in findings if f.severity == "error"]
    assert [(f.path, f.lang) for f in errors] == [("fonts/Plain.ttf", "fr")]
    publication = project.publications[0]
    wolof = make_edition(project, publication, "wo")
    assert wolof.printed_from == ("fr",)
    [decision] = Policy(allow_partial=True).decide(project, [wolof], findings)
    assert decision.released
    french = make_edition(project, publication, "fr")
    with pytest.raises(PubkitError, match=r"fr: 1 check error"):
        Policy().decide(project, [wolof, french], findings)
