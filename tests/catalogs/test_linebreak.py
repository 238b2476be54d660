"""pubkit.catalogs.linebreak must break lines exactly where msgcat 0.21 (libunistring 1.0)
does, in every script."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.catalogs import linebreak
from pubkit.catalogs.data.generate_linebreak import LIBUNISTRING_CLASSES
from pubkit.catalogs.poformat import format_po

from . import multiscript, unistring

# Differences from msgcat that remain: none in the line breaker for UTF-8, the only
# encoding pubkit writes. msgcat would break differently in a catalog whose charset is a
# legacy CJK encoding (EUC-JP, GB2312, BIG5…): there libunistring counts East Asian
# ambiguous characters as two columns and resolves class AI to ID (is_cjk_encoding).
# Outside the breaker, the catalog tests below leave out U+0000, at which msgcat ends a
# string (gettext's strings are C strings), and U+0004, gettext's context separator,
# which msgcat refuses in a string as a fatal error; format_po writes both.


def _file_classes() -> list[tuple[int, int, str]]:
    """linebreak.txt as (first, last, class) ranges, with its gaps as XX."""
    ranges: list[tuple[int, int, str]] = []
    end = 0
    for line in linebreak._CLASSES_FILE.read_text(encoding="ascii").splitlines():
        if line.startswith("#"):
            continue
        span, cls = line.split()
        head, _, tail = span.partition("..")
        first, last = int(head, 16), int(tail or head, 16)
        if first > end:
            ranges.append((end, first - 1, "XX"))
        ranges.append((first, last, cls))
        end = last + 1
    ranges.append((end, 0x10FFFF, "XX"))
    return ranges


def test_data_file_has_libunistrings_class_for_every_code_point() -> None:
    lookup = unistring.class_table()
    differences = [
        f"U+{cp:04X}: {cls} in linebreak.txt, {lookup(cp)} in libunistring"
        for first, last, cls in _file_classes()
        for cp in range(first, last + 1)
        if not 0xD800 <= cp <= 0xDFFF and lookup(cp) != cls
    ]
    assert differences == []
    assert {cls for _, _, cls in _file_classes()} <= set(LIBUNISTRING_CLASSES)


def test_classes_are_resolved_as_libunistring_does_for_utf8() -> None:
    resolved = {"AI": "AL", "SA": "AL", "XX": "AL", "CB": "ID1"}
    for first, last, cls in _file_classes():
        for cp in {first, last, (first + last) // 2} - set(range(0xD800, 0xE000)):
            assert linebreak._line_break_class(chr(cp)) == resolved.get(cls, cls), hex(cp)


DANDA = "कखगघङचछजझञटठडढण।" * 12  # no space: the only break opportunities follow a danda


def test_a_line_breaks_after_the_danda() -> None:
    """Issue 15: U+0964 is BA (break after), not a letter."""
    assert linebreak._line_break_class("\u0964") == "BA"
    text = "कककककककककक।खखखखखखखखखख"
    assert linebreak._possible_breaks(text)[11] == 1  # before the first ख
    prohibit = [False] * len(text)
    assert linebreak.width_breaks(text, prohibit, 15, 0) == [11]
    assert unistring.width_breaks(text, prohibit, 15, 0) == [11]


# ---------------------------------------------------------------------------
# The state machine against libunistring's, on strings of every class.
# ---------------------------------------------------------------------------


def _samples_per_class() -> dict[str, list[str]]:
    """A few characters of each resolved class, from each range of linebreak.txt."""
    rng = random.Random(15)
    samples: dict[str, list[str]] = {}
    for first, last, _ in _file_classes():
        for cp in rng.sample(range(first, last + 1), min(3, last - first + 1)):
            if not 0xD800 <= cp <= 0xDFFF:
                samples.setdefault(linebreak._line_break_class(chr(cp)), []).append(chr(cp))
    return samples


SAMPLES = _samples_per_class()
every_class = st.sampled_from(sorted(SAMPLES)).flatmap(lambda cls: st.sampled_from(SAMPLES[cls]))
prose_characters = st.one_of(st.sampled_from(list("abcdef ghij  ,.-;:!?()\"'01")), every_class)
catalog_characters = prose_characters.filter(lambda ch: ch not in "\x00\x04")  # see above


@settings(max_examples=600, deadline=None)
@given(text=st.text(every_class, min_size=1, max_size=16))
def test_break_opportunities_match_libunistring(text: str) -> None:
    assert linebreak._possible_breaks(text) == unistring.possible_breaks(text)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(prose_characters, min_size=1, max_size=200),
    data=st.data(),
    width=st.integers(5, 80),
    start=st.integers(0, 15),
)
def test_width_breaks_match_libunistring(
    text: str, data: st.DataObject, width: int, start: int
) -> None:
    prohibit = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    expected = unistring.width_breaks(text, prohibit, width, start)
    assert linebreak.width_breaks(text, prohibit, width, start) == expected


def test_multiscript_text_breaks_as_libunistring_does() -> None:
    rng = random.Random(2026)
    for _ in range(300):
        text = multiscript.text(rng, rng.randint(50, 400))
        prohibit = [rng.random() < 0.02 for _ in text]
        width, start = rng.randint(20, 77), rng.randint(0, 14)
        expected = unistring.width_breaks(text, prohibit, width, start)
        assert linebreak.width_breaks(text, prohibit, width, start) == expected, text


# ---------------------------------------------------------------------------
# Whole catalogs against msgcat itself.
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_msgcat_breaks_after_a_danda_and_so_does_pubkit(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="danda", msgstr=DANDA))
    path = tmp_path / "hi.po"
    text = format_po(po)
    path.write_text(text, encoding="utf-8")
    assert _msgcat(path) == text
    assert text.endswith('msgstr ""\n"' + '"\n"'.join([DANDA[:16] * 4] * 3) + '"\n')


def _msgcat(path: Path) -> str:
    exe = shutil.which("msgcat")
    if exe is None:
        pytest.fail("GNU gettext's `msgcat` is not on PATH (apt-get install gettext)")
    done = subprocess.run([exe, str(path)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def _catalog(pairs: list[tuple[str, str]], seed: int) -> polib.POFile:
    """Entries of every shape whose lines wrap differently: plain, with context, plural,
    fuzzy with previous msgid (``#|``), c-format (directives stay whole), no-wrap, and
    obsolete (``#~``, four columns less)."""
    rng = random.Random(seed)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for index, (msgid, msgstr) in enumerate(pairs):
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
        shape = index % 7
        if shape == 1:
            entry.msgctxt = msgstr[:70]
        elif shape == 2:
            entry.msgid_plural = msgid + " (plural)"
            entry.msgstr_plural = {0: msgstr, 1: msgstr[::-1].strip("\n") or "x", 2: msgid}
            entry.msgstr = ""
        elif shape == 3:
            entry.flags = ["fuzzy"]
            entry.previous_msgid = msgstr[rng.randint(0, 20) :]
        elif shape == 4:
            entry.flags = ["c-format"]
        elif shape == 5:
            entry.flags = ["no-wrap"]
        elif shape == 6 and index > 0:
            entry.obsolete = True
        po.append(entry)
    return po


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_multiscript_catalog_is_written_as_msgcat_writes_it(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "scripts.po"
    text = format_po(_catalog(multiscript.entries(seed, 700), seed))
    path.write_text(text, encoding="utf-8")
    assert _msgcat(path) == text


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(
    texts=st.lists(st.text(catalog_characters, min_size=1, max_size=400), min_size=30, max_size=30),
    seed=st.integers(0, 2**16),
)
def test_random_text_in_a_catalog_is_written_as_msgcat_writes_it(
    texts: list[str], seed: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Many entries per msgcat call, so that hypothesis stays fast."""
    pairs = [(f"{index}: {text}", text) for index, text in enumerate(texts)]
    path = tmp_path_factory.mktemp("hyp") / "random.po"
    text = format_po(_catalog(pairs, seed))
    path.write_text(text, encoding="utf-8")
    assert _msgcat(path) == text


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(prose_characters, min_size=1, max_size=160),
    data=st.data(),
    width=st.integers(5, 80),
    first_column=st.integers(0, 15),
)
def test_first_line_shortcut_is_width_breaks_twice(
    text: str, data: st.DataObject, width: int, first_column: int
) -> None:
    """first_line_breaks skips one of the two passes gettext's wrap() makes."""
    prohibit = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    breaks = bool(linebreak.width_breaks(text, prohibit, width, first_column))
    expected = (breaks, linebreak.width_breaks(text, prohibit, width, 0) if breaks else [])
    assert linebreak.first_line_breaks(text, prohibit, width, first_column) == expected
    assert linebreak.columns(text) == sum(map(linebreak._char_width, text))
