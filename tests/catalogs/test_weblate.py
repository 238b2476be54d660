"""pubkit's catalogs as Weblate reads and writes them (translate-toolkit's PO storage):
every entry's key, notes, references and state seen, and no byte changed by a save."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from translate.storage import po as ttk_po

from pubkit.catalogs.pofile import FUZZY, read_catalog

from ..conftest import REPO

CATALOGS = sorted((REPO / "locale").glob("*/LC_MESSAGES/*.po")) + sorted(
    (REPO / "locale").glob("*.pot")
)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(REPO)))
def test_weblate_sees_every_entry_as_pubkit_does(path: Path) -> None:
    store = ttk_po.pofile.parsestring(path.read_bytes())
    units = [unit for unit in store.units if not unit.isheader()]
    ours = read_catalog(path)
    assert len(units) == len(ours)
    for unit, entry in zip(units, ours, strict=True):
        assert unit.isobsolete() == entry.obsolete
        if entry.msgid_plural:  # translate-toolkit holds the forms as one multistring
            assert unit.hasplural()
            assert list(unit.source.strings) == [entry.msgid, entry.msgid_plural]
            forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
            assert list(unit.target.strings) == forms
        else:
            assert unit.source == entry.msgid
            assert unit.target == entry.msgstr
        assert unit.getcontext() == (entry.msgctxt or "")
        assert unit.isfuzzy() == (FUZZY in entry.flags)
        if not entry.obsolete:
            assert unit.getnotes("developer") == entry.comment  # the role and its hints
            assert unit.getlocations() == [f"{p}:{n}" for p, n in entry.occurrences]
    if path.suffix == ".po":
        assert store.gettargetlanguage() == path.parent.parent.name


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(REPO)))
def test_a_weblate_save_changes_no_byte(path: Path) -> None:
    """Weblate writes PO files through translate-toolkit: a catalog saved unchanged is
    the same bytes, so commits from Weblate carry only what translators changed."""
    data = path.read_bytes()
    assert bytes(ttk_po.pofile.parsestring(data)) == data


def test_gettext_drops_weblates_flags(tmp_path: Path) -> None:
    """Why the catalogs carry no ``md-text`` or ``max-length`` flag (docs/weblate.md):
    translate-toolkit reads them from a ``#,`` line, but GNU msgcat and msgmerge (0.21)
    drop every flag they do not know, and pubkit writes catalogs as msgcat does. If this
    fails, gettext keeps such flags now, and pubkit could write them."""
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, md-text, max-length:80\nmsgid "Title"\nmsgstr ""\n'
    )
    [unit] = [u for u in ttk_po.pofile.parsestring(text.encode()).units if not u.isheader()]
    assert unit.typecomments == ["#, md-text, max-length:80\n"]  # Weblate would see them
    path = tmp_path / "flags.po"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    assert "md-text" not in done.stdout and "max-length" not in done.stdout
