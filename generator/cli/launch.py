"""The console entry point, as light as can be: a command that will make a PDF starts its
renderer (:mod:`generator.pdf.renderer`) before the command line itself is imported, and the
process leaves as soon as the command is done."""

from __future__ import annotations

import contextlib
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """``objection`` and ``python -m generator``."""
    quiet_library_warnings()
    from generator import renderer as prerender

    prerender.maybe_start(sys.argv[1:] if argv is None else argv)
    from generator.cli import main as cli_main

    try:
        cli_main(argv)
    except SystemExit as exit_:
        code = exit_.code
    else:
        code = 0
    _leave(code)


def quiet_library_warnings() -> None:
    """Python warnings become log records of the ``py.warnings`` logger, one line each without
    a file path, shown only with ``-v`` (see :func:`generator.cli.common.configure_logging`).

    A library's warning (``CryptographyDeprecationWarning: DSA is deprecated`` from pyHanko's
    imports) is for the maintainers, not the member: the command line prints only its own
    sentences. Processes forked from this one (the renderer, batch workers) inherit it.
    """
    import logging
    import warnings

    def log_warning(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: object = None,
        line: str | None = None,
    ) -> None:
        logging.getLogger("py.warnings").warning("%s: %s", category.__name__, message)

    warnings.showwarning = log_warning
    # Until -v says otherwise, nothing below an error (no last-resort handler on stderr).
    logging.getLogger("py.warnings").setLevel(logging.ERROR)


def _leave(code: object) -> None:
    """Exit with ``code`` once everything is written, without the interpreter's teardown.

    Everything a command writes is written and closed (files atomically, the register
    committed) by the time it returns; what the teardown would add is a tenth of a second of
    freeing modules, on every run.
    """
    renderer = getattr(sys.modules.get("generator.pdf.renderer"), "current", lambda: None)()
    if renderer is not None:
        renderer.close()
    if code is not None and not isinstance(code, int):  # sys.exit("message"), as Python does
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (objection … | head) or stream: there is nothing left to lose.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code if isinstance(code, int) else 0)
