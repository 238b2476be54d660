"""pubkit's side of the corpus benchmark: many catalogs read and written, or merged with
their templates, in one process (what `pubkit update` does per catalog).

    .venv/bin/python bench/catalog_job.py roundtrip LIST OUT   # LIST: one PO path a line
    .venv/bin/python bench/catalog_job.py merge LIST OUT       # LIST: "PO<TAB>POT" lines

Each input is written to OUT/NNNN.po (NNNN: its line in LIST, from 0001). A catalog pubkit
refuses is skipped; the last line printed is a JSON summary naming the refusals.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pubkit.catalogs.merge import merge_catalog
from pubkit.catalogs.pofile import read_catalog, write_catalog
from pubkit.errors import PubkitError


def main(argv: list[str]) -> int:
    mode, listing, out = argv[0], Path(argv[1]), Path(argv[2])
    if mode not in ("roundtrip", "merge"):
        raise SystemExit(f"unknown mode {mode!r}: roundtrip or merge")
    refused: list[tuple[str, str]] = []
    written = 0
    seconds = {"read": 0.0, "merge": 0.0, "write": 0.0}  # CPU time: where the time goes
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), 1):
        paths = [Path(part) for part in line.split("\t")]
        target = out / f"{number:04d}.po"
        try:
            start = time.process_time()
            catalog = read_catalog(paths[0], root=paths[0].parent)
            if mode == "merge":
                template = read_catalog(paths[1], root=paths[1].parent)
                seconds["read"] += time.process_time() - start
                start = time.process_time()
                catalog = merge_catalog(catalog, template)
                seconds["merge"] += time.process_time() - start
            else:
                seconds["read"] += time.process_time() - start
        except PubkitError as error:
            refused.append((str(paths[0]), str(error)))
            continue
        start = time.process_time()
        write_catalog(catalog, target, out)
        seconds["write"] += time.process_time() - start
        written += 1
    print(json.dumps({"written": written, "refused": refused, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
