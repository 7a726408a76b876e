"""``objection next-steps``: what to do now, in order, and when an answer is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    answers_option,
    common_options,
    load_member,
    recorded,
    say,
    ui_gettext,
    warn,
    write_atomically,
)


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
@common_options
def next_steps(
    answers_file: Path | None,
    sample: bool,
    controller: str | None,
    ics_file: Path | None,
    sent_on: dt.datetime | None,
    locale: str | None,
) -> None:
    from generator import calendar_file, resolve_locale
    from generator import next_steps as make_next_steps

    _ = ui_gettext()
    answers, record = recorded(load_member(answers_file, sample, locale, controller))
    left = sent_on.date() if sent_on else record.sent_on if record else None
    via = record.sent_via if record and not sent_on else None
    steps = make_next_steps(
        answers, resolve_locale(locale, answers.locale), sent_on=left, sent_via=via
    )
    warn(steps.letter.warnings)
    click.echo(steps.text, nl=False)
    if ics_file:
        write_atomically(ics_file, calendar_file(steps))
        say(_("Wrote %(path)s: the deadline as a calendar event.", path=ics_file))
