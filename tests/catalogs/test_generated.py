"""Generated catalogs (generate.py) that hold every feature a translator's catalog can
bring, read and written as msgcat writes them and updated as msgmerge --previous
updates them; round trips over the same features."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubkit.catalogs.merge import merge_catalog
from pubkit.catalogs.pofile import catalog_text
from pubkit.catalogs.poformat import format_po
from pubkit.catalogs.poread import parse_po
from pubkit.errors import PubkitError

from .generate import po_file, po_text
from .gettext_tools import catalog_facts, msgcat, msgmerge
from .templates import derive_template

SEEDS = range(120)


def _features(texts: list[str]) -> Counter[str]:
    """How often the generated texts hold each feature the corpus is made to cover."""
    seen: Counter[str] = Counter()
    for text in texts:
        catalog = parse_po(text, "generated.po")
        seen["CRLF"] += "\r\n" in text
        seen["spaced header"] += "Project-Id-Version:  " in text or "X-Generator:Gedit " in text
        for entry in catalog:
            seen[f"{len(entry.msgstr_plural)} forms"] += bool(entry.msgid_plural)
            seen["msgctxt"] += entry.msgctxt is not None
            seen["previous"] += entry.previous_msgid is not None and not entry.obsolete
            seen["obsolete previous"] += entry.previous_msgid is not None and entry.obsolete
            seen["obsolete plural"] += entry.obsolete and bool(entry.msgid_plural)
            seen["blank comment line"] += "" in [*entry.tcomment.split("\n"), entry.comment]
            seen["flags"] += bool(set(entry.flags) - {"fuzzy"})
    return seen


def test_the_generated_corpus_covers_every_feature() -> None:
    seen = _features([po_file(seed) for seed in SEEDS])
    wanted = ["CRLF", "spaced header", "msgctxt", "previous", "obsolete previous"]
    wanted += ["obsolete plural", "blank comment line", "flags"]
    wanted += [f"{n} forms" for n in range(1, 7)]
    assert {name: seen[name] for name in wanted if seen[name] < 5} == {}


@pytest.mark.slow
def test_generated_catalogs_are_written_as_msgcat_writes_them(tmp_path: Path) -> None:
    problems = []
    for seed in SEEDS:
        path = tmp_path / f"generated-{seed}.po"
        path.write_bytes(po_file(seed).encode("utf-8"))
        expected = msgcat(path)
        try:
            text = catalog_text(parse_po(po_file(seed), path.name), path.name)
        except PubkitError as error:
            problems.append(f"seed {seed}: refused: {error}")
            continue
        if expected is None or text.encode("utf-8") != expected:
            problems.append(f"seed {seed}: written otherwise than msgcat writes it")
    assert problems == []


@pytest.mark.slow
def test_generated_catalogs_update_as_msgmerge_updates_them(tmp_path: Path) -> None:
    problems = []
    for seed in SEEDS[:60]:
        old = parse_po(po_file(seed), "generated.po")
        path, template = tmp_path / "generated.po", tmp_path / "next.pot"
        path.write_bytes(po_file(seed).encode("utf-8"))
        new = derive_template(old, str(seed))
        template.write_bytes(new.encode("utf-8"))
        expected = msgmerge(path, template).decode("utf-8")
        text = format_po(merge_catalog(old, parse_po(new, "next.pot")))
        if catalog_facts(text)[1] != catalog_facts(expected)[1]:
            problems.append(f"seed {seed}: entries differ from msgmerge's")
        elif text[text.find("\n\n") :] != expected[expected.find("\n\n") :]:
            problems.append(f"seed {seed}: written otherwise than msgmerge writes it")
        elif sorted(text[: text.find("\n\n")].split("\n")) != sorted(
            expected[: expected.find("\n\n")].split("\n")
        ):  # msgmerge moves the header fields it knows first; pubkit keeps their order
            problems.append(f"seed {seed}: header lines differ from msgmerge's")
    assert problems == []


_CATALOGS = st.randoms(use_true_random=False).map(po_text)
_ROUND_TRIPS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    # A catalog takes many choices, each a draw of its own: a large example by design.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
        HealthCheck.data_too_large,
    ],
)


@_ROUND_TRIPS
@given(_CATALOGS)
def test_read_write_read_is_identity(text: str) -> None:
    once = parse_po(text, "generated.po")
    again = parse_po(format_po(once), "written.po")
    assert catalog_facts(format_po(again)) == catalog_facts(format_po(once))
    assert [e.linenum for e in once] == sorted(e.linenum or 0 for e in once)


@_ROUND_TRIPS
@given(_CATALOGS)
def test_writing_what_was_written_is_a_fixed_point(text: str) -> None:
    written = format_po(parse_po(text, "generated.po"))
    assert format_po(parse_po(written, "written.po")) == written


@_ROUND_TRIPS
@given(_CATALOGS, st.integers(0, 2**32))
def test_update_twice_changes_nothing(text: str, seed: int) -> None:
    old = parse_po(text, "generated.po")
    template = parse_po(derive_template(old, str(seed)), "next.pot")
    once = format_po(merge_catalog(old, template))
    assert format_po(merge_catalog(parse_po(once, "merged.po"), template)) == once


def test_the_generator_is_deterministic() -> None:
    assert po_file(7) == po_file(7) == po_text(random.Random(7))
    assert po_file(7) != po_file(8)
