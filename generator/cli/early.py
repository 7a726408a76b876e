"""``complaint --force``: a complaint before the reminder's own time has run out;
``follow-up --force``: a reminder while an extension the controller announced, as the law allows,
still runs. Each is made only once the member confirms what it will say.

A complaint made then cannot say that the reminder went unanswered: it says that it comes
before the day the reminder gave (or, a reminder never recorded as sent, nothing of it). The
member confirms that statement in a terminal (a yes/no question, "no" by default); a script has
no one to ask, so it must repeat the very day the reminder's time runs until with
``--confirm-before DATE``: a script written for one letter cannot confirm another's silently,
and ``yes |`` confirms nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click

from generator.cli.common import N_, TranslatedOption, UserError, say, ui_gettext, ui_locale
from generator.cli.passwords import terminal


def early_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--force and --confirm-before, for ``complaint``."""
    f = click.option(
        "--confirm-before",
        "confirm_before",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="DATE",
        cls=TranslatedOption,
        help=N_(
            "With --force and no terminal to confirm in: the day your reminder's time, or the "
            "controller's extension, runs until (the refusal names it), to confirm that the "
            "document comes before it."
        ),
    )(f)
    return click.option(
        "--force",
        is_flag=True,
        cls=TranslatedOption,
        help=N_(
            "Make the complaint before your reminder's time has run out, or the reminder "
            "before the controller's extension has, once you confirm that it says so."
        ),
    )(f)


def confirm_early(state: Any, confirm_before: dt.datetime | None, kind: str) -> None:
    """Nothing to confirm unless the reminder's time runs (or it is not recorded as sent), or,
    for a reminder, an extension does; else the member's confirmation, in a terminal or by
    ``--confirm-before`` the right day."""
    from generator import long_date

    _ = ui_gettext()
    if kind == "follow_up":
        if not state.extension_running:
            return
        until = state.due
        statement = _(
            "The controller extended the time to answer to %(until)s: the reminder will say "
            "that you send it before that day.",
            until=long_date(until, ui_locale()),
        )
        _confirmed(statement, until, confirm_before)
        return
    if not (state.reminder_running or state.reminder_unsent):
        return
    reminder = state.follow_up
    until = state.reminder_until or state.reminder_reply_by.day
    if state.reminder_unsent:
        statement = _(
            "Your reminder %(reminder)s is not recorded as sent: the complaint will not "
            "mention it.",
            reminder=reminder.reference,
        )
    else:
        statement = _(
            "Your reminder %(reminder)s gives the controller until %(until)s to answer: the "
            "complaint will say that you lodge it before that day, not that the reminder went "
            "unanswered.",
            reminder=reminder.reference,
            until=long_date(until, ui_locale()),
        )
    _confirmed(statement, until, confirm_before)


def _confirmed(statement: str, until: dt.date, confirm_before: dt.datetime | None) -> None:
    """The member confirms ``statement``: in a terminal, or by ``--confirm-before`` ``until``."""
    _ = ui_gettext()
    if confirm_before is not None:
        if confirm_before.date() != until:
            raise click.BadParameter(
                _(
                    "%(given)s is not the day the time runs until (%(until)s).",
                    given=confirm_before.date().isoformat(),
                    until=until.isoformat(),
                ),
                param_hint="--confirm-before",
            )
        say(statement)
        return
    if not terminal(stdout=False):
        more = _(
            "Without a terminal to confirm in, add --confirm-before %(until)s.",
            until=until.isoformat(),
        )
        raise UserError(f"{statement} {more}", 2)
    from generator.cli.ask import confirm

    click.echo(statement, err=True)
    if not confirm(_("Make it now?"), default=False, err=True):
        say(_("Nothing was made."))
        raise click.exceptions.Exit(1)
