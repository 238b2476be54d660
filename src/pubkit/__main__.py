"""Run the command line interface as ``python -m pubkit``."""

from pubkit.cli import main

main()
