"""WeasyPrint made ready in a second process while the command line does the rest.

Importing WeasyPrint (Pango, HarfBuzz, fontconfig through cffi) is the largest single cost of a
one-letter run, and nothing in it depends on the member's answers. A command that will make a
PDF forks a renderer first: the child imports WeasyPrint and sets up the fonts and the style
sheet while the parent parses the options, validates the answers, builds the letter's HTML and
opens the register; then :func:`generator.pdf.writer.html_to_pdf` hands the HTML over a pipe
and gets the PDF back. On one CPU, or if anything about the child fails, the PDF is made in-process
as before: the renderer is an optimisation, never a dependency.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

#: Set to 0 to make every PDF in-process.
VARIABLE = "OBJECTION_PRERENDER"
#: The commands that make a PDF unless told otherwise.
COMMANDS = ("letter", "follow-up", "complaint", "access", "serve")

_current: Renderer | None = None


class Renderer:
    """A forked child with WeasyPrint imported, rendering the HTML it is sent."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, os.getpid()), daemon=True)
        self._process.start()
        child.close()

    def render(self, html: str, options: dict[str, Any]) -> Any:
        """The RenderedPdf of ``html``; None if the child cannot (the caller renders)."""
        from generator.base.errors import ObjectionError

        try:
            self._conn.send((html, options))
            status, *value = self._conn.recv()
        except (OSError, EOFError):
            self.close()
            return None
        if status == "ok":
            return value[0]
        if status == "error" and issubclass(value[0], ObjectionError):
            kind, message = value
            raise kind(message)  # a PDF that cannot be made, said as in-process
        self.close()  # no WeasyPrint in the child, or something unforeseen: in-process it is
        return None

    def close(self) -> None:
        global _current
        if _current is self:
            _current = None
        with contextlib.suppress(OSError):
            self._conn.send(None)
        self._conn.close()
        self._process.join(timeout=1)
        if self._process.is_alive():
            self._process.kill()


def _serve(conn: Any, parent: int) -> None:
    """The child: warm up, then render each job until the parent says stop or goes away."""
    global _current
    _current = None
    import signal

    from generator.base.children import die_with_parent

    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        from generator.pdf.engine import render_pdf, warm_up

        warm_up()
    except BaseException:
        ready = False
    else:
        ready = True
    from generator.base.errors import ObjectionError

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        if not ready:
            conn.send(("unavailable",))
            continue
        html, options = job
        try:
            conn.send(("ok", render_pdf(html, **options)))
        except ObjectionError as exc:
            conn.send(("error", type(exc), exc.msg))
        except Exception:  # the parent renders again in-process and meets it there
            conn.send(("unavailable",))
    os._exit(0)


def current() -> Renderer | None:
    return _current


#: The group's options that take a value (``objection --locale it letter``).
_GROUP_VALUES = ("--locale", "--register")


def _command(args: list[str]) -> str | None:
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _GROUP_VALUES:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _wants_pdf(args: list[str]) -> bool:
    """Whether the command line names a command that will make a PDF (a cheap guess)."""
    if _command(args) not in COMMANDS or {"-h", "--help", "--version"} & set(args):
        return False
    for index, arg in enumerate(args):
        value = arg.split("=", 1)[1] if "=" in arg else None
        name = arg.split("=", 1)[0]
        if value is None and index + 1 < len(args):
            value = args[index + 1]
        if name == "--format" and value in ("html", "txt"):
            return False
        if name in ("-o", "--output") and value and value.lower().endswith((".html", ".txt")):
            return False
    return True


def maybe_start(args: list[str]) -> None:
    """Start the renderer if this command will make a PDF and a second CPU can take it."""
    global _current
    if _current is not None or os.environ.get(VARIABLE) == "0":
        return
    if (os.cpu_count() or 1) < 2 or not _wants_pdf(args):
        return
    try:
        _current = Renderer()
    except (OSError, ValueError):  # no pipe, or no fork (Windows): in-process it is
        _current = None
