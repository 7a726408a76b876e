"""``objection next-steps``: what to do now, in order, and when an answer is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    common_options,
    say,
    ui_gettext,
    warn,
    write_atomically,
)
from generator.cli.options import (
    answers_option,
    date_option,
    dated,
    load_member,
    make_text,
    output_format,
    where_options,
)
from generator.cli.registering import recorded


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Say what to do now, in order: the setting, the form, the letter, the date an answer "
        "is due, and where to complain if none comes."
    ),
)
@answers_option
@click.option(
    "--ics",
    "ics_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    cls=TranslatedOption,
    help=N_("Also write the deadline as a calendar event (.ics)."),
)
@click.option(
    "--sent",
    "sent_on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    cls=TranslatedOption,
    help=N_(
        "The day the letter left, like 2026-11-29, if the register does not say (objection "
        "sent records it there); without --received, the day it arrived is estimated as for "
        "registered post."
    ),
)
@click.option(
    "--received",
    "received_on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    cls=TranslatedOption,
    help=N_("With --sent: the day the letter was received; the month runs from it."),
)
@where_options("txt", out=None)
@date_option
@common_options
def next_steps(
    answers_file: Path | None,
    sample: bool,
    controller: str | None,
    ics_file: Path | None,
    sent_on: dt.datetime | None,
    received_on: dt.datetime | None,
    fmt: str | None,
    out_dir: Path | None,
    output: str | None,
    date: dt.datetime | None,
    locale: str | None,
) -> None:
    from generator import calendar_file

    _ = ui_gettext()
    output_format(fmt, output, default="txt")
    if received_on and not sent_on:
        raise click.UsageError(_("--received goes with --sent."))
    answers, record = recorded(dated(load_member(answers_file, sample, locale, controller), date))
    made = make_text(
        "next_steps", answers, locale, out_dir, output, **_sending(record, sent_on, received_on)
    )
    warn(made.warnings)
    if made.path is not None:
        say(_("Wrote %(path)s: your next steps.", path=made.path))
    if ics_file:
        write_atomically(ics_file, calendar_file(made.rendered))
        say(_("Wrote %(path)s: the deadline as a calendar event.", path=ics_file))
    if record is not None and sent_on is None:
        _say_next(record)


def _say_next(record: Any) -> None:
    """The letter's next date as the register knows it, and what to do then (a reminder, a
    complaint, news from the authority): ``status --explain`` says how each date was reached."""
    from generator import standing
    from generator.cli.explain import next_line
    from generator.cli.registering import open_register

    register = open_register(required=False, read_only=True)
    if register is None:
        return
    state = standing(record, register.following(record.reference), dt.date.today())
    say(next_line(state)[1])


def _sending(
    record: Any, sent_on: dt.datetime | None, received_on: dt.datetime | None
) -> dict[str, Any]:
    """When and how the letter left and when it arrived: as --sent and --received say, else as
    the register knows it."""
    if sent_on is not None:
        return {
            "sent_on": sent_on.date(),
            "received_on": received_on.date() if received_on else None,
        }
    if record is None:
        return {}
    return {
        "sent_on": record.sent_on,
        "sent_via": record.sent_via,
        "received_on": record.received_on,
    }
