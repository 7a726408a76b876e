"""The console entry point, as light as can be: a command that will make a PDF starts its
renderer (:mod:`generator.prerender`) before the command line itself is imported."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """``objection`` and ``python -m generator``."""
    from generator import prerender

    prerender.maybe_start(sys.argv[1:] if argv is None else argv)
    from generator.cli import main as cli_main

    cli_main(argv)
