"""``objection sent``: when and how a letter left; next steps count the month from then."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator import VIA
from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    common_options,
    say,
    ui_gettext,
    use_answers_language,
)
from generator.cli.registering import (
    open_register,
    register_option,
)

#: How a letter left, as the messages say it.
VIA_NAMES = {
    "form": N_("the web form"),
    "post": N_("registered post"),
    "email": N_("e-mail"),
    "pec": N_("PEC"),
}


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Record that a letter left, and how: next steps and the calendar event then count "
        "the month from that day. REF is the letter's reference (default: the only letter)."
    ),
)
@click.argument("reference", metavar="[REF]", required=False)
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    default=None,
    cls=TranslatedOption,
    help=N_("The day it left, like 2026-11-29 (default: today)."),
)
@click.option(
    "--via",
    type=click.Choice(VIA),
    required=True,
    cls=TranslatedOption,
    help=N_("How it left: the web form, registered post, e-mail or PEC."),
)
@click.option(
    "--proof",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    cls=TranslatedOption,
    help=N_(
        "The proof that it left (the postal receipt, the PEC receipt, the form's "
        "confirmation): a complaint attaches it."
    ),
)
@click.option(
    "--campaign",
    metavar="NAME",
    cls=TranslatedOption,
    help=N_("Every letter of this campaign (a batch's) not yet recorded as sent, at once."),
)
@register_option
@common_options
def sent(
    reference: str | None,
    on: dt.datetime | None,
    via: str,
    proof: Path | None,
    campaign: str | None,
    locale: str | None,
) -> None:
    from generator import add_one_month, long_date

    _ = ui_gettext()
    day = on.date() if on else dt.date.today()
    if day > dt.date.today():
        raise click.BadParameter(
            _("%(day)s is in the future.", day=day.isoformat()), param_hint="--on"
        )
    if campaign is not None:
        if reference or proof:
            raise click.UsageError(
                _("--campaign records a whole campaign: leave REF and --proof out.")
            )
        register = open_register()
        register.check_campaign(campaign)
        count = register.mark_campaign_sent(campaign, day, via)
        say(
            _(
                "Recorded: %(count)d letters of campaign %(name)s left on %(day)s (%(via)s).",
                count=count,
                name=campaign,
                day=day.isoformat(),
                via=_(VIA_NAMES[via]),
            )
        )
        return
    record = open_register().mark_sent(reference, day, via, proof=proof)
    use_answers_language(record)  # without --locale, the letter's language
    say(
        _(
            "Recorded: %(reference)s left on %(day)s (%(via)s); an answer is due by %(due)s.",
            reference=record.reference,
            day=day.isoformat(),
            via=_(VIA_NAMES[via]),
            due=long_date(add_one_month(day), record.locale),
        )
    )
