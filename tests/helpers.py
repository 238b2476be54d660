"""Helpers several test modules share: a small translated project, and running pubkit
in a subprocess."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pubkit.catalogs import workflow
from pubkit.config import Project, load_project

from .conftest import PUBKIT_TOML, REPO, set_msgstr, set_office

SOURCE = """\
---
slug: brief
title: The junta under pressure
subtitle: What the attacks of April mean.
author: A. Writer
publisher: Rosa-Luxemburg-Stiftung
office: West Africa Office
translation:
  credit: Translated by Andrea Garcés and Louise Pain
---

::: lead
The 20,000-strong army lost **Kidal** in 2023.
:::

## Why Bamako?

Both leaders want a caliphate in Mali; the army left 3 towns.

## What next?

Civil society needs support.
"""
TOWNS = "Both leaders want a caliphate in Mali; the army left 3 towns."
SUPPORT = "Civil society needs support."
FRENCH = {
    "The junta under pressure": "La junte sous pression",
    "What the attacks of April mean.": "Ce que signifient les attaques d'avril.",
    "Translated by Andrea Garcés and Louise Pain": (
        "Version anglaise traduite par Andrea Garcés et Louise Pain"
    ),
    "The 20,000-strong army lost **Kidal** in 2023.": (
        "L'armée de 20 000 hommes a perdu **Kidal** en 2023."
    ),
    "Why Bamako?": "Pourquoi Bamako ?",
    TOWNS: "Les deux chefs veulent un califat au Mali ; l'armée a quitté 3 villes.",
    "What next?": "Et ensuite ?",
    SUPPORT: "La société civile a besoin de soutien.",
}
BAMBARA = {
    "The junta under pressure": "Sɔrɔdasi fanga bɛ degun na",
    "What the attacks of April mean.": "Awirilikalo binkanniw kɔrɔ.",
    "Translated by Andrea Garcés and Louise Pain": (
        "Angilɛkan bayɛlɛmali kɛra Andrea Garcés ni Louise Pain fɛ"
    ),
    "The 20,000-strong army lost **Kidal** in 2023.": "Sɔrɔdasi 20 000 ye **Kidal** bɔnɛ san 2023.",
    "Why Bamako?": "Mun na Bamako ?",
    TOWNS: "Ɲɛmɔgɔ fila bɛɛ b'a fɛ ka kalifaya sigi Mali la ; sɔrɔdasiw ye dugu 3 bila.",
    "What next?": "O kɔfɛ ?",
    SUPPORT: "Jamanadenw ka jɛkuluw mago bɛ dɛmɛ la.",
}
OFFICE = {"fr": "Bureau Afrique de l'Ouest", "bm": "Farafina Tilebin Biro"}
SLUG = "brief"
LANGS = ("en", "fr", "bm")


def small_project(root: Path, cache: Path | None = None) -> Project:
    """A fully translated three-language project whose check finds nothing; with ``cache``,
    a copy of that render cache, for tests that are not about rendering."""
    if cache is not None:
        shutil.copytree(cache, root / ".pubkit-cache" / "renders")
    (root / "content").mkdir(parents=True)
    (root / "pubkit.toml").write_text(PUBKIT_TOML, encoding="utf-8")
    (root / "glossary.csv").write_text("en,fr,bm,note\n", encoding="utf-8")
    (root / "content" / "doc.md").write_text(SOURCE, encoding="utf-8")
    project = load_project(root)
    workflow.init(project, list(LANGS))
    set_msgstr(project, "fr", FRENCH)
    set_msgstr(project, "bm", BAMBARA)
    set_office(project, "fr", OFFICE["fr"])  # the theme's words: the cover's office
    set_office(project, "bm", OFFICE["bm"])
    return project


def rendered_cache(folder: Path) -> Path:
    """The render cache of the small project (made in ``folder``), every edition rendered
    once: for the tests of releases that are not about rendering."""
    from pubkit.publish.release import release

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767323040")
        project = small_project(folder / "project")
        release(project, version="0", jobs=2)
    return project.render_cache_dir


def cli_env() -> dict[str, str]:
    """The environment of a pubkit subprocess: this one's (SOURCE_DATE_EPOCH included),
    without fontconfig settings an in-process render may have made."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_FILE", "PUBKIT_FONTCONFIG_DIR")
    }
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def pubkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pubkit", *args]


@contextlib.contextmanager
def no_hang(seconds: float = 10.0) -> Iterator[None]:
    """Fail the block instead of hanging if it blocks: opening a named pipe for reading
    waits for a writer for ever. (An AssertionError: pubkit handles OSErrors.)"""

    def expired(signum: int, frame: object) -> None:
        raise AssertionError("blocked: a named pipe was opened")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def wait_for(proc: subprocess.Popen[str], ready: Any) -> bool:
    """Poll until ``ready()`` or the process ends; True when ready came first."""
    while proc.poll() is None:
        if ready():
            return True
        time.sleep(0.002)
    return False
