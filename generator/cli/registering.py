"""The register for a command: --register (or OBJECTION_REGISTER), opened when wanted or in a thread
while a PDF is made, and the member's latest letter in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from generator import (
    N_,
    ObjectionError,
)
from generator.cli.common import TranslatedOption, say, ui_gettext, ui_locale

REGISTER = "objection.register"


def _set_register(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.find_root().meta[REGISTER] = value
    return value


def register_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--register PATH|URL: the register of letters (default: $OBJECTION_REGISTER, else the
    user's data folder)."""
    return click.option(
        "--register",
        metavar="PATH|URL",
        expose_value=False,
        is_eager=True,
        callback=_set_register,
        cls=TranslatedOption,
        help=N_(
            "The register of letters: a file, or a database URL (default: $OBJECTION_REGISTER, "
            "else your data folder)."
        ),
    )(f)


def open_register(*, required: bool = True, read_only: bool = False) -> Any:
    """The register; if it cannot be opened and is not ``required``, a note and None.
    ``read_only``: for commands that only read it (it may be on a read-only share)."""
    return register_opening(required=required, read_only=read_only)()


def register_opening(*, required: bool = True, read_only: bool = False) -> RegisterOpening:
    """The register, opened in a thread meanwhile: call the result to have it (see
    :func:`open_register`). A letter opens it while its PDF is being made."""
    ctx = click.get_current_context(silent=True)
    where = ctx.find_root().meta.get(REGISTER) if ctx else None
    return RegisterOpening(where, required, read_only)


#: A register that is there but not one this version may use: even where a register is not
#: required, nothing is made from it or beside it.
_NEVER_SKIPPED = ("register.newer", "register.damaged", "register.outdated")


class RegisterOpening:
    """A register being opened in a thread (SQLAlchemy's import takes a fifth of a second)."""

    def __init__(self, where: str | None, required: bool, read_only: bool = False):
        import threading

        self._where, self._required, self._read_only = where, required, read_only
        #: Why the register could not be opened, when it was not required.
        self.failure: ObjectionError | None = None
        self._outcome: list[Any] = []
        self._thread = threading.Thread(target=self._open, name="register", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        from generator import Register

        try:
            self._outcome.append(Register(self._where, read_only=self._read_only))
        except ObjectionError as exc:
            # A register an earlier version wrote, read by a command that only reads: brought
            # up to date where it can be written (the migrations only add); else, as it was.
            if exc.code != "register.outdated":
                self._outcome.append(exc)
                return
            try:
                self._outcome.append(Register(self._where))
            except Exception:  # a read-only share: the first reason stands
                self._outcome.append(exc)
        except Exception as exc:  # raised where the register is wanted, in the main thread
            self._outcome.append(exc)

    def wait(self) -> None:
        """Let the opening finish (a command that failed meanwhile leaves nothing running)."""
        self._thread.join()

    def __call__(self) -> Any:
        """The register; if it cannot be opened and is not required, a note and None."""
        self.wait()
        result = self._outcome[0]
        if not isinstance(result, Exception):
            return result
        if (
            self._required
            or not isinstance(result, ObjectionError)
            or result.code in _NEVER_SKIPPED
        ):
            raise result
        self.failure = result
        say(result.message(ui_locale()))
        return None


def report_skipped(register: Any) -> None:
    """A note for each letter the register holds but could not read (left out)."""
    _ = ui_gettext()
    for note in register.notes() if register is not None else ():
        say(_("Note: %(warning)s", warning=note.text(ui_locale())))


def recorded(answers: Any) -> tuple[Any, Any]:
    """The answers as of the member's latest letter to this controller, and that letter.

    One letter, one reference: form text and next steps made on a later day carry the letter's
    reference and date (unless the answers give a date of their own).
    """
    register = open_register(required=False, read_only=True)
    record = register.latest(answers.person.email, answers.controller) if register else None
    if record is None or answers.signature.date is not None:
        return answers, record
    signature = answers.signature.model_copy(update={"date": record.letter_date})
    return answers.model_copy(update={"signature": signature}), record
