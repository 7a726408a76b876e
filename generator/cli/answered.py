"""``objection answered``: what the controller's answer did with a letter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator import OUTCOMES
from generator.cli.common import (
    N_,
    TranslatedCommand,
    common_options,
    option,
    say,
    ui_gettext,
    ui_locale,
    use_answers_language,
)
from generator.cli.registering import (
    open_register,
    register_option,
)

#: What the answer did, as the messages say it.
OUTCOME_NAMES = {
    "upheld": N_("upheld"),
    "refused": N_("refused"),
    "partial": N_("upheld in part"),
    "none": N_("no decision"),
}


def _day(value: dt.datetime | None, option: str) -> dt.date:
    _ = ui_gettext()
    day = value.date() if value else dt.date.today()
    if day > dt.date.today():
        raise click.BadParameter(
            _("%(day)s is in the future.", day=day.isoformat()), param_hint=option
        )
    return day


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Record the controller's answer to a letter: upheld, refused, partial (upheld in part) "
        "or none (a reply that decides nothing). REF is the letter's reference."
    ),
)
@click.argument("reference", metavar="[REF]", required=False)
@option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    default=None,
    help=N_("The day the answer came, like 2026-11-29 (default: today)."),
)
@option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    required=True,
    help=N_("What the answer did with the letter."),
)
@option(
    "--file",
    "answer_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help=N_("The answer itself (a PDF, an e-mail): a complaint attaches it."),
)
@register_option
@common_options
def answered(
    reference: str | None,
    on: dt.datetime | None,
    outcome: str,
    answer_file: Path | None,
    locale: str | None,
) -> None:
    from generator import long_date

    _ = ui_gettext()
    day = _day(on, "--on")
    record = open_register().mark_answered(reference, day, outcome, answer=answer_file)
    use_answers_language(record)  # without --locale, the letter's language
    say(
        _(
            "Recorded: %(reference)s was answered on %(day)s (%(outcome)s).",
            reference=record.reference,
            day=long_date(day, ui_locale()),
            outcome=_(OUTCOME_NAMES[outcome]),
        )
    )
    if outcome in ("refused", "partial"):
        say(
            _(
                "Next: objection complaint %(reference)s writes your complaint to the authority.",
                reference=record.reference,
            )
        )
