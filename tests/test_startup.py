"""What the command line imports before it does any work: neither Babel nor WeasyPrint."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import REPO

HEAVY = ("babel", "weasyprint", "polib", "fontTools", "jinja2", "markdown_it", "pydyf")

PROBE = """\
import json, sys
from pubkit.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="pubkit")
except SystemExit:
    pass
print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})), file=sys.stderr)
"""


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"]])
def test_the_cli_starts_without_heavy_libraries(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "pubkit" in loaded and "click" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
