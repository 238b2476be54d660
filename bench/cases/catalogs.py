"""Benchmarks 1-4, on the big synthetic project: extract, update, status and check."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from harness import PUBKIT, BenchError, command, measure, run
from projects import BIG, PO4A, copy_project, fuzzy_count
from report import Report, Row


def po4a_catalog(big: Path, work: Path, pot: Path) -> Path:
    """A French catalog in po4a's own msgids (it keeps the newline ending a ::: block),
    with pubkit's translations: what a po4a user would have before the edit."""
    import polib

    translated = {
        " ".join(e.msgid.split()): e.msgstr
        for e in polib.pofile(str(big / "locale" / "fr" / "LC_MESSAGES" / "big.po"))
    }
    catalog = polib.pofile(str(pot))
    missing = 0
    for entry in catalog:
        entry.msgstr = translated.get(" ".join(entry.msgid.split()), "")
        missing += not entry.msgstr
    catalog.metadata["Language"] = "fr"
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    path = work / "po4a-fr.po"
    catalog.save(str(path))
    if missing:
        raise BenchError(f"{missing} po4a entries have no pubkit translation")
    return path


def bench_catalogs(report: Report, work: Path) -> None:
    runs = report.runs
    env = dict(os.environ)
    summary = json.loads((BIG / "summary.json").read_text())
    report.note(
        "catalogs",
        f"input: {summary['blocks']} body blocks {summary['roles']}, "
        f"{summary['source_bytes']:,} bytes of Markdown, {summary['entries']} catalog entries; "
        f"{summary['edited_paragraphs']} paragraphs edited for the update",
    )
    project = copy_project(BIG, work / "big")
    pot = project / "locale" / "big.pot"
    po4a_dir = work / "po4a"
    po4a_dir.mkdir()
    po4a_pot = po4a_dir / "x.pot"

    # 1. extract, and 4. check (same anchor), measured together
    print("extract and check", flush=True)

    def drop(path: Path) -> Callable[[int], None]:
        return lambda _: path.unlink(missing_ok=True)

    po4a_command: list[str | Path] = [
        "po4a-updatepo",
        *PO4A,
        "-m",
        "content/big.md",
        "-p",
        po4a_pot,
    ]
    timed = measure(
        {
            "po4a": (command(po4a_command, project, env), drop(po4a_pot)),
            "fresh": (command([PUBKIT, "extract"], project, env), drop(pot)),
            "unchanged": (command([PUBKIT, "extract"], project, env), None),
            "check": (command([PUBKIT, "check", "fr"], project, env, ok=(0, 1)), None),
        },
        runs,
    )
    po4a_extract, fresh, unchanged = timed["po4a"], timed["fresh"], timed["unchanged"]
    check = timed["check"]
    anchor = "po4a-updatepo (text, markdown; new POT)"
    report.add(Row("extract (new POT)", fresh, anchor, po4a_extract, "≤ 1.0×", max_ratio=1.0))
    report.add(
        Row("extract (POT exists, unchanged)", unchanged, anchor, po4a_extract, "≤ 1.0×", 1.0)
    )
    report.note(
        "catalogs",
        f"entries extracted: pubkit {fuzzy_count(pot)[0]}, po4a {fuzzy_count(po4a_pot)[0]}",
    )

    # 2. update after editing 1 % of the paragraphs
    print("update", flush=True)
    updated = work / "updated"

    def fresh_copy(_: int) -> None:
        copy_project(BIG, updated, ["pubkit.toml", "glossary.csv", "content", "locale"])
        shutil.copyfile(BIG / "edited" / "big.md", updated / "content" / "big.md")

    # msgmerge merges pubkit's catalog with the POT pubkit extracts from the edited source.
    fresh_copy(0)
    run([PUBKIT, "extract"], updated, env)
    new_pot = po4a_dir / "new.pot"
    shutil.copyfile(updated / "locale" / "big.pot", new_pot)
    merged = po4a_dir / "merged.po"
    old_po = BIG / "locale" / "fr" / "LC_MESSAGES" / "big.po"
    msgmerge_command: list[str | Path] = [
        "msgmerge",
        "--previous",
        "-q",
        "-o",
        merged,
        old_po,
        new_pot,
    ]
    # po4a updates its own catalog (msgids as po4a extracts them), translated like pubkit's.
    run(["po4a-updatepo", *PO4A, "-m", "content/big.md", "-p", po4a_dir / "orig.pot"], project)
    po4a_fr = po4a_catalog(BIG, po4a_dir, po4a_dir / "orig.pot")
    shutil.copytree(BIG / "edited", po4a_dir / "edited")
    po4a_work = po4a_dir / "fr.po"
    po4a_merge_command: list[str | Path] = [
        "po4a-updatepo",
        *PO4A,
        "-m",
        "edited/big.md",
        "-p",
        po4a_work,
    ]
    timed = measure(
        {
            "pubkit": (command([PUBKIT, "update"], updated, env), fresh_copy),
            "po4a": (
                command(po4a_merge_command, po4a_dir, env),
                lambda _: shutil.copyfile(po4a_fr, po4a_work),
            ),
            "msgmerge": (command(msgmerge_command, po4a_dir, env), None),
        },
        runs,
    )
    update, po4a_update, msgmerge = timed["pubkit"], timed["po4a"], timed["msgmerge"]
    pubkit_fuzzy = fuzzy_count(updated / "locale" / "fr" / "LC_MESSAGES" / "big.po")[1]
    po4a_fuzzy = fuzzy_count(po4a_work)[1]
    msgmerge_fuzzy = fuzzy_count(merged)[1]
    report.add(
        Row(
            "update (1 % edited)",
            update,
            "po4a-updatepo (its own fr.po)",
            po4a_update,
            "≤ 1.0×",
            1.0,
        )
    )
    report.add(Row("update (1 % edited)", update, "msgmerge --previous", msgmerge, "—"))
    report.note(
        "catalogs",
        f"fuzzy entries after the update: pubkit {pubkit_fuzzy}, po4a {po4a_fuzzy}, "
        f"msgmerge {msgmerge_fuzzy} (edited paragraphs: {summary['edited_paragraphs']})",
    )

    # 3. status
    print("status", flush=True)
    po = project / "locale" / "fr" / "LC_MESSAGES" / "big.po"
    msgfmt_command: list[str | Path] = ["msgfmt", "--statistics", "-o", "/dev/null", po]
    timed = measure(
        {
            "pubkit": (command([PUBKIT, "status", "fr"], project, env), None),
            "msgfmt": (command(msgfmt_command, project, env), None),
        },
        runs,
    )
    report.add(Row("status fr", timed["pubkit"], "msgfmt --statistics", timed["msgfmt"], "—"))

    # 4. check (measured with extract above)
    report.add(
        Row("check fr", check, "po4a-updatepo (new POT, as above)", po4a_extract, "≤ 1.0×", 1.0)
    )
    proc = run([PUBKIT, "check", "fr"], project, env, ok=(0, 1))
    report.note("catalogs", f"check findings: {proc.stderr.strip().splitlines()[-1]}")
