"""Benchmark pubkit against GNU gettext, po4a and WeasyPrint alone; write bench/RESULTS.md.

Every benchmark runs each command once to warm up and then ``--runs`` times, always as a
fresh process (the same process-start basis for pubkit and for its anchor), pubkit and
anchor in turn, and reports the median and the minimum wall time and the ratio of the
medians. See bench/README.md. The work is in ``harness`` (timing), ``projects`` (the
projects measured), ``cases`` (one function per section) and ``report`` (the files).

    .venv/bin/python bench/run.py [--runs 5] [--blocks 2400] [--only catalogs,startup,...]
                                  [--reuse] [--profile] [--keep]
"""

from __future__ import annotations

import argparse
import shutil

from cases import SECTIONS
from harness import compile_bytecode, scratch
from projects import generate
from report import Report, write_profiles, write_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--blocks", type=int, default=2400, help="body blocks of the big project")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}"
    )
    parser.add_argument("--reuse", action="store_true", help="reuse bench/out/big if it matches")
    parser.add_argument("--profile", action="store_true", help="also write bench/PROFILE.md")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown or args.runs < 1:
        parser.error(f"unknown section(s) {unknown}" if unknown else "--runs must be at least 1")
    for tool in ("po4a-updatepo", "msgmerge", "msgfmt", "git"):
        if shutil.which(tool) is None:
            parser.error(f"{tool} is not installed (see bench/README.md)")

    compile_bytecode()
    if "catalogs" in only or args.profile:  # the other sections use the real brief or corpus
        generate(args.blocks, args.seed, args.reuse)
    report = Report(args.runs)
    with scratch(args.keep) as work:
        for name, bench in SECTIONS.items():
            if name in only:
                bench(report, work)
        if args.profile:
            write_profiles(work)
    write_results(report)


if __name__ == "__main__":
    main()
