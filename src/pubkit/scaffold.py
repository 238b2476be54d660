"""``pubkit new``: a publication repository made from nothing, offline: configuration, an
example source, its catalogs, and the files CI and git need; ``pubkit release`` works in
it at once."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pubkit import __version__
from pubkit.config import MAX_DOMAIN_BYTES, THEME_DOMAIN, language_code_problem, load_project
from pubkit.errors import PubkitError
from pubkit.writing import write_atomic

CONFIG = """\
# pubkit's configuration (see "Configuration" in pubkit's README).
source-language = {source}
glossary = "locale/glossary.csv"

[[publications]]
source = "content/{slug}.md"
domain = "{slug}"
{languages}
# The design: pubkit's default theme, changed here (every key is optional).
# A file in styles/ with the name of one of the theme's replaces it
# (brief.html.j2, brief.css, print.css, pubkit-theme.pot).
# [theme]
# paper = "letter"                   # A4 (default), A5 or letter
# margins = "20mm 25mm"
# wordmark = ["Fondation", "Example"]
# logo = "design/logo.svg"           # an SVG or PNG instead of the wordmark
#
# [theme.colours]
# brand = "#0b5394"
# brand-dark = "#073763"
#
# [theme.fonts]
# serif = "fonts/SourceSerif4-Regular.ttf"
# sans = {{ regular = "fonts/Inter-Regular.ttf", bold = "fonts/Inter-Bold.ttf" }}
"""

LANGUAGE = """
[languages.{code}]
# A language is released when this share (%) of the source's words is translated.
# 0 while the translation starts: what is missing prints in the fallback languages
# (the source language last) and the imprint says so. Raise it to 100 before publishing.
threshold = 0
"""

SOURCE = """\
---
slug: {slug}
title: {title}
subtitle: One sentence that says what this brief is about.
author: Your Name
author_bio: Your Name writes about the region for the office.
publisher: Your Organisation
office: Regional Office
keywords: policy, region
imprint:
  published_by: Published by the Regional Office of Your Organisation
  credits:
    - role: Author
      name: Your Name
licence: This publication may be used by others as long as they give a proper reference.
---

::: lead
The lead paragraph is printed larger. In two sentences it says what the brief argues.
:::

A paragraph is one entry in the translators' catalogs. Inline markup is **bold**,
*italic* and [a link](https://example.org). A link whose target is not known yet is
written [like this](missing:): it prints as text and `pubkit check` reports it.

## A section heading

Write headings and pull quotes in normal case: the design prints them in capitals. A pull
quote repeats a sentence of the text near it.

::: pullquote
A pull quote repeats a sentence of the text near it.
:::

- Each list item is an entry too.
- Numbers such as 20,000 are checked in every translation.
"""

GITIGNORE = """\
/dist/
/.pubkit-cache/
/.venv/
__pycache__/
"""

WORKFLOW = """\
# Checks the translations on every push and pull request, and makes a release of every
# language (dist/, kept as the run's artifact).
name: pubkit
on:
  push:
  pull_request:
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # release versions (git describe) and dates come from git
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: The libraries WeasyPrint draws with
        run: >-
          sudo apt-get update &&
          sudo apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0
          libharfbuzz0b libharfbuzz-subset0 libfontconfig1
      - name: pubkit
        run: |
          if ! grep -qv '^\\s*\\(#\\|$\\)' requirements.txt; then
            echo "::error file=requirements.txt::name where pubkit comes from in requirements.txt"
            exit 1
          fi
          pip install -r requirements.txt
      - run: pubkit check
      - run: pubkit release
      - uses: actions/upload-artifact@v4
        with:
          name: editions
          path: dist/
"""

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pre-commit install`, then every commit that
# changes the source, the catalogs or the configuration is checked first.
repos:
  - repo: local
    hooks:
      - id: pubkit-check
        name: pubkit check
        entry: pubkit check
        language: system
        pass_filenames: false
        files: ^(content/|locale/|pubkit\\.toml$|styles/)
"""

REQUIREMENTS = """\
# How CI installs pubkit {version} (.github/workflows/pubkit.yml). The name "pubkit" on
# the Python Package Index may be another project's: name pubkit's own source, e.g.
#   pubkit @ git+https://example.org/your-org/pubkit@v{version}
# or a wheel committed to this repository:
#   pubkit @ file:vendor/pubkit-{version}-py3-none-any.whl
{requirement}"""

README = """\
# {title}

A publication made with pubkit: written once in `content/{slug}.md`, translated in the
gettext catalogs of `locale/` (Poedit, Lokalize, Weblate), checked and typeset per language.

```sh
pubkit update                  # after editing the source: the catalogs follow it
pubkit check                   # what translators must fix (file:line)
pubkit build --format html     # a look at the editions in dist/
pubkit release --version 1.0   # every language: PDFs, HTML, manifest.json, SHA256SUMS
```

`locale/<lang>/LC_MESSAGES/pubkit-theme.po` holds the words the design prints (imprint,
notes, the office's name on the cover).
"""


@dataclass(frozen=True)
class Made:
    """What ``pubkit new`` wrote: the folder, and its files (relative to it)."""

    folder: Path
    files: tuple[str, ...]


def new_publication(
    folder: Path, languages: Sequence[str] = ("en",), title: str = "A new brief"
) -> Made:
    """Make a publication repository in ``folder`` (new, or empty) in ``languages``, the
    first the source's: nothing is written when an argument or the folder is wrong."""
    codes = list(dict.fromkeys(code.strip() for code in languages if code.strip()))
    if not codes:
        raise PubkitError("--languages needs at least one language code (the source's first)")
    for code in codes:
        problem = language_code_problem(code)
        if problem:
            raise PubkitError(f"--languages: {problem}")
    if any(unicodedata.category(char)[0] == "C" for char in title) or not title.strip():
        raise PubkitError("--title needs one line of text")
    title = " ".join(title.split())
    _check_folder(folder)
    slug = slugify(title)
    files = {
        "pubkit.toml": _config(codes, slug),
        f"content/{slug}.md": SOURCE.format(slug=slug, title=json.dumps(title, ensure_ascii=False)),
        "locale/glossary.csv": ",".join([*codes, "note"]) + "\n",
        ".gitignore": GITIGNORE,
        ".github/workflows/pubkit.yml": WORKFLOW,
        ".pre-commit-config.yaml": PRE_COMMIT,
        "requirements.txt": REQUIREMENTS.format(version=__version__, requirement=_requirement()),
        "README.md": README.format(title=title, slug=slug),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write_atomic(folder / name, text, folder)
    from pubkit.catalogs import workflow

    project = load_project(folder)
    written = workflow.init(project, codes)
    names = [*files, *(item.path for item in written)]
    names.append(project.relative(project.pot_path(project.publications[0])))
    names.append(project.relative(project.theme_pot_path))
    return Made(folder, tuple(sorted(set(names))))


def _check_folder(folder: Path) -> None:
    if os.path.lexists(folder) and not folder.is_dir():
        raise PubkitError("is not a folder: pubkit new makes a publication in a new folder", folder)
    if folder.is_dir():
        try:
            entries = os.listdir(folder)
        except OSError as exc:
            raise PubkitError(f"cannot read the folder: {exc.strerror}", folder) from None
        if entries:
            raise PubkitError(
                f"the folder is not empty ({len(entries)} entries): pubkit new makes a "
                "publication in a new or empty folder, and never writes over files",
                folder,
            )


def slugify(title: str) -> str:
    """A slug of ``title``: its letters and digits without accents, in lower case, with
    hyphens between words ("Mali's Islamists" → "malis-islamists")."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.replace("'", "").lower())
    slug = "-".join(words)[: MAX_DOMAIN_BYTES // 2].strip("-")
    if not slug or slug == THEME_DOMAIN:
        return "brief"
    return slug


def _config(codes: list[str], slug: str) -> str:
    languages = f"\n[languages.{codes[0]}]\n" + "".join(
        LANGUAGE.format(code=code) for code in codes[1:]
    )
    return CONFIG.format(source=json.dumps(codes[0]), slug=slug, languages=languages)


def _requirement() -> str:
    """pubkit's source as pip recorded it, when it can be installed from elsewhere (a
    URL or a version control system; PEP 610); else nothing, for the user to write."""
    try:
        text = metadata.distribution("pubkit").read_text("direct_url.json")
        found = json.loads(text) if text else None
    except (metadata.PackageNotFoundError, ValueError):
        return ""
    if not isinstance(found, dict) or not isinstance(found.get("url"), str):
        return ""
    url = found["url"]
    if url.startswith("file:"):
        return ""
    vcs = found.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("vcs"), str):
        commit = vcs.get("commit_id")
        return f"pubkit @ {vcs['vcs']}+{url}" + (f"@{commit}" if commit else "") + "\n"
    return f"pubkit @ {url}\n"
