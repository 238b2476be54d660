"""The benchmark sections, one function each: it times pubkit beside its anchor and adds rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from report import Report

from cases.catalogs import bench_catalogs
from cases.corpus import bench_corpus
from cases.renders import bench_build, bench_release
from cases.startup import bench_startup

SECTIONS: dict[str, Callable[[Report, Path], None]] = {
    "catalogs": bench_catalogs,
    "startup": bench_startup,
    "build": bench_build,
    "release": bench_release,
    "corpus": bench_corpus,
}
