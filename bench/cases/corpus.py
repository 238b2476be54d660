"""Benchmark 8, on the real-world corpus (issue 15): pubkit reading and writing 294
catalogs in one process against msgcat on each, and merging them with their templates
against msgmerge --previous on each."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tarfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from harness import BENCH, PYTHON, REPO, BenchError, Timing, command, measure, run
from report import Report, Row, machine, table

CORPUS = REPO.parent / "shared" / "corpora" / "po-real-world.tar.xz"
JOB = BENCH / "catalog_job.py"
# The template of each catalog: its active entries without translations, every 25th
# msgid changed by one word (msgmerge and pubkit then carry the old translation over as
# fuzzy, with the previous msgid) and every 40th gone (it becomes obsolete).
CHANGE_EVERY, DROP_EVERY = 25, 40


def unpack(work: Path) -> list[Path]:
    """The corpus unpacked into the scratch folder (never into the repository)."""
    if not CORPUS.is_file():
        raise BenchError(f"{CORPUS} is missing (see /work/shared/corpora/README.md)")
    target = work / "corpus"
    with tarfile.open(CORPUS) as archive:
        archive.extractall(target, filter="data")
    return sorted(target.rglob("*.po"))


def derive_template(po_path: Path, pot_path: Path) -> None:
    """Write the template of a catalog (see CHANGE_EVERY), as msgcat would print it."""
    import polib

    from pubkit.catalogs.pofile import read_catalog
    from pubkit.catalogs.poformat import format_po

    catalog = read_catalog(po_path, root=po_path.parent)
    pot = polib.POFile()
    pot.header = catalog.header
    pot.metadata = dict(catalog.metadata)
    active = [entry for entry in catalog if not entry.obsolete]
    for number, entry in enumerate(active, 1):
        if number % DROP_EVERY == 0:
            continue
        msgid = entry.msgid
        if number % CHANGE_EVERY == 0 and " " in msgid.strip():
            first, rest = msgid.split(" ", 1)
            msgid = f"{first} revised {rest}"
        template = polib.POEntry(
            msgid=msgid,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural,
            comment=entry.comment,
            occurrences=list(entry.occurrences),
            flags=[flag for flag in entry.flags if flag != "fuzzy"],
        )
        if entry.msgid_plural:
            template.msgstr_plural = {0: "", 1: ""}
        pot.append(template)
    pot_path.write_text(format_po(pot), encoding="utf-8")


def _each(
    argv: Callable[[int, Path], Sequence[str | Path]], paths: list[Path]
) -> Callable[[int], object]:
    """One fresh process per catalog, one after the other."""
    return lambda _: [run(argv(number, path), REPO) for number, path in enumerate(paths, 1)]


def _shell_loop(script: str, listing: Path, out: Path) -> Callable[[int], object]:
    """The same processes started by one shell loop (what a user's script would do)."""
    loop = (
        f'i=0; while IFS="$(printf "\\t")" read -r po pot; do i=$((i+1)); {script} || exit 1; done'
    )
    return command(["bash", "-c", f"{loop} < '{listing}'", "loop", out], REPO)


def _fresh(folder: Path) -> Callable[[int], None]:
    def clear(_: int) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    return clear


def _cpu(what: str, timed: dict[str, Timing], names: list[str]) -> str:
    """CPU time (user + system, of every process started) of each command: on a machine
    that other jobs share, a steadier comparison than wall time."""
    cells = [f"{name} {statistics.median(timed[name].cpu):.2f} s" for name in names]
    ratio = statistics.median(timed[names[0]].cpu) / statistics.median(timed[names[1]].cpu)
    return f"{what}, median CPU time: {', '.join(cells)} (pubkit / {names[1]}: {ratio:.2f}×)"


def _split(listing: Path, out: Path, mode: str, env: dict[str, str]) -> str:
    """Where pubkit's time goes: the CPU time of each part, from one more (untimed) run."""
    _fresh(out)(0)
    summary = run([PYTHON, JOB, mode, listing, out], REPO, env).stdout.splitlines()[-1]
    seconds = json.loads(summary)["seconds"]
    parts = ", ".join(f"{key} {value:.2f} s" for key, value in seconds.items() if value)
    return f"{mode}: CPU time of pubkit's parts in one more run: {parts}"


def _counts(folder: Path) -> dict[str, int]:
    """Entries of the catalogs in ``folder``, by state (polib's view)."""
    import polib

    totals = {"translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    for path in sorted(folder.glob("*.po")):
        catalog = polib.pofile(str(path))
        totals["translated"] += len(catalog.translated_entries())
        totals["fuzzy"] += len(catalog.fuzzy_entries())
        totals["untranslated"] += len(catalog.untranslated_entries())
        totals["obsolete"] += len(catalog.obsolete_entries())
    return totals


def _same_bytes(ours: Path, theirs: Path, count: int) -> int:
    names = [f"{number:04d}.po" for number in range(1, count + 1)]
    return sum(
        (ours / name).is_file() and (ours / name).read_bytes() == (theirs / name).read_bytes()
        for name in names
    )


def bench_corpus(report: Report, work: Path) -> None:
    runs = report.runs
    load_before = os.getloadavg()
    env = dict(os.environ)
    files = unpack(work)
    notes = [f"corpus: {len(files)} catalogs, {sum(p.stat().st_size for p in files):,} bytes"]

    # Which catalogs both tools take: msgcat's refusals, then pubkit's (untimed).
    print("corpus: sorting out refusals", flush=True)
    refused_msgcat = [
        path
        for path in files
        if run(["msgcat", "-o", "/dev/null", path], REPO, ok=(0, 1)).returncode != 0
    ]
    listing = work / "corpus.list"
    listing.write_text("".join(f"{p}\n" for p in files if p not in refused_msgcat))
    out_pubkit, out_msgcat, out_loop = (work / name for name in ("pk", "mc", "loop"))
    _fresh(out_pubkit)(0)
    summary = run([PYTHON, JOB, "roundtrip", listing, out_pubkit], REPO, env).stdout
    refused_pubkit = [Path(p) for p, _ in json.loads(summary.splitlines()[-1])["refused"]]
    kept = [p for p in files if p not in refused_msgcat and p not in refused_pubkit]
    listing.write_text("".join(f"{p}\n" for p in kept))
    notes.append(
        f"refused by msgcat: {len(refused_msgcat)} "
        f"({', '.join(p.relative_to(work / 'corpus').as_posix() for p in refused_msgcat)}); "
        f"refused by pubkit: {len(refused_pubkit)} "
        f"({', '.join(p.relative_to(work / 'corpus').as_posix() for p in refused_pubkit)}); "
        f"measured: the other {len(kept)}, {sum(p.stat().st_size for p in kept):,} bytes"
    )

    # (a) read + write
    print("corpus: read and write", flush=True)
    timed = measure(
        {
            "pubkit": (
                command([PYTHON, JOB, "roundtrip", listing, out_pubkit], REPO, env),
                _fresh(out_pubkit),
            ),
            "msgcat": (
                _each(lambda n, p: ["msgcat", "-o", out_msgcat / f"{n:04d}.po", p], kept),
                _fresh(out_msgcat),
            ),
            "loop": (
                _shell_loop('msgcat -o "$1/$(printf %04d $i).po" "$po"', listing, out_loop),
                _fresh(out_loop),
            ),
        },
        runs,
    )
    rows = [
        Row(
            "read + write, one process",
            timed["pubkit"],
            "msgcat, one process per catalog",
            timed["msgcat"],
            "≤ 1.0×",
            1.0,
        ),
        Row(
            "read + write, one process",
            timed["pubkit"],
            "msgcat, one process per catalog, shell loop",
            timed["loop"],
            "≤ 1.0×",
            1.0,
        ),
    ]
    notes.append(_cpu("read + write", timed, ["pubkit", "msgcat", "loop"]))
    notes.append(_split(listing, out_pubkit, "roundtrip", env))
    same = _same_bytes(out_pubkit, out_msgcat, len(kept))
    notes.append(
        f"read + write: pubkit's output is msgcat's, byte for byte, for {same} of {len(kept)}"
    )

    # (b) update: merge with the template
    print("corpus: templates", flush=True)
    templates = work / "pot"
    templates.mkdir()
    pairs = []
    for number, path in enumerate(kept, 1):
        pot = templates / f"{number:04d}.pot"
        derive_template(path, pot)
        pairs.append((path, pot))
    merge_listing = work / "merge.list"
    merge_listing.write_text("".join(f"{po}\t{pot}\n" for po, pot in pairs))
    print("corpus: update", flush=True)
    merged = {name: work / f"merged-{name}" for name in ("pubkit", "msgmerge", "loop")}

    def msgmerge(number: int, path: Path) -> list[str | Path]:
        target = merged["msgmerge"] / f"{number:04d}.po"
        return ["msgmerge", "--previous", "-q", "-o", target, path, pairs[number - 1][1]]

    loop_merge = 'msgmerge --previous -q -o "$1/$(printf %04d $i).po" "$po" "$pot"'
    timed = measure(
        {
            "pubkit": (
                command([PYTHON, JOB, "merge", merge_listing, merged["pubkit"]], REPO, env),
                _fresh(merged["pubkit"]),
            ),
            "msgmerge": (_each(msgmerge, kept), _fresh(merged["msgmerge"])),
            "loop": (
                _shell_loop(loop_merge, merge_listing, merged["loop"]),
                _fresh(merged["loop"]),
            ),
        },
        runs,
    )
    rows += [
        Row(
            "update (merge with template), one process",
            timed["pubkit"],
            "msgmerge --previous, one process per catalog",
            timed["msgmerge"],
            "≤ 1.0×",
            1.0,
        ),
        Row(
            "update (merge with template), one process",
            timed["pubkit"],
            "msgmerge --previous, shell loop",
            timed["loop"],
            "≤ 1.0×",
            1.0,
        ),
    ]
    notes.append(_cpu("update", timed, ["pubkit", "msgmerge", "loop"]))
    notes.append(_split(merge_listing, merged["pubkit"], "merge", env))
    ours, theirs = _counts(merged["pubkit"]), _counts(merged["msgmerge"])
    notes.append(
        "update, entries after the merge (polib's count over all catalogs): "
        + "; ".join(f"{key} pubkit {ours[key]:,}, msgmerge {theirs[key]:,}" for key in ours)
    )
    same = _same_bytes(merged["pubkit"], merged["msgmerge"], len(kept))
    notes.append(f"update: pubkit's output is msgmerge's, byte for byte, for {same} of {len(kept)}")
    load_after = os.getloadavg()
    notes.append(
        "load average (1, 5, 15 min) before: "
        + ", ".join(f"{v:.2f}" for v in load_before)
        + "; after: "
        + ", ".join(f"{v:.2f}" for v in load_after)
        + " (other jobs share the machine's CPUs)"
    )
    for row in rows:
        report.echo(row)
    for note in notes:
        print(f"  {note}", flush=True)
    report.section("corpus", _section(rows, notes, runs))


def _section(rows: Sequence[Row], notes: Sequence[str], runs: int) -> list[str]:
    return [
        "## Real-world catalogs (issue 15)",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by "
        f"`bench/run.py --only corpus --runs {runs}` (median of {runs} runs after a warm-up "
        "round, minimum in parentheses; each round runs the three commands in turn).",
        "",
        "The 294 catalogs of `../shared/corpora/po-real-world.tar.xz`, unpacked into the "
        "scratch folder. pubkit is one fresh process (`bench/catalog_job.py`) that reads and "
        "writes every catalog (`read_catalog`, `write_catalog`), or reads it with its "
        "template, merges them (`merge_catalog`, what `pubkit update` does per catalog) and "
        "writes the result. msgcat and msgmerge get one process per catalog, started from "
        "Python or from one bash loop. The templates are derived from the catalogs: active "
        f"entries without translations, every {CHANGE_EVERY}th msgid changed by one word, "
        f"every {DROP_EVERY}th removed.",
        "",
        table(rows),
        "",
        *[f"- {line}" for line in machine()],
        *[f"- {note}" for note in notes],
        "",
    ]
