"""GNU gettext's msgcat and msgmerge, run on files as the references pubkit's catalogs are
held to, and what a catalog holds put in a form two catalogs can be compared by."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest

from pubkit.catalogs.poread import Catalog, lone_blank, parse_po


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"GNU gettext's `{name}` is not on PATH: the catalog tests compare with it and "
            "must not be skipped (install it, e.g. `apt-get install gettext`)",
            pytrace=False,
        )
    return path


def msgcat(path: Path) -> bytes | None:
    """What ``msgcat FILE`` prints (pubkit writes as msgcat 0.21 with its defaults), or
    None when msgcat refuses the file."""
    done = subprocess.run([gettext_tool("msgcat"), str(path)], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def msgmerge(po: Path, pot: Path) -> bytes:
    """What ``msgmerge --previous PO POT`` prints: pubkit's update is held to it."""
    args = [gettext_tool("msgmerge"), "--previous", "--quiet", str(po), str(pot)]
    done = subprocess.run(args, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


def entry_facts(entry: polib.POEntry) -> tuple[Any, ...]:
    """Everything a written entry says: what update must agree with msgmerge on."""
    forms = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr if not entry.msgid_plural else forms,
        "fuzzy" in entry.flags,
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        entry.tcomment,
        sorted(lone_blank(entry)),
        sorted(set(entry.flags) - {"fuzzy"}),
        entry.comment,
        entry.occurrences,
    )


def catalog_facts(text: str) -> tuple[dict[str, str], list[tuple[Any, ...]]]:
    """The header fields and every entry's facts of a catalog's text, in order."""
    catalog: Catalog = parse_po(text, "catalog")
    return catalog.metadata, [entry_facts(entry) for entry in catalog]
