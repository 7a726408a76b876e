"""``objection next-steps``: what to do now, in order, and when an answer is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
    help=N_("The day the letter left, like 2026-11-29: the month runs from it."),
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
    fmt: str | None,
    out_dir: Path | None,
    output: str | None,
    date: dt.datetime | None,
    locale: str | None,
) -> None:
    from generator import calendar_file

    _ = ui_gettext()
    output_format(fmt, output, default="txt")
    answers, record = recorded(dated(load_member(answers_file, sample, locale, controller), date))
    made = make_text(
        "next_steps",
        answers,
        locale,
        out_dir,
        output,
        sent_on=sent_on.date() if sent_on else record.sent_on if record else None,
        sent_via=record.sent_via if record and not sent_on else None,
    )
    warn(made.warnings)
    if made.path is not None:
        say(_("Wrote %(path)s: your next steps.", path=made.path))
    if ics_file:
        write_atomically(ics_file, calendar_file(made.rendered))
        say(_("Wrote %(path)s: the deadline as a calendar event.", path=ics_file))
