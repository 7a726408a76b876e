"""``objection sent``: when and how a letter left, and when it was received; the deadlines run
from receipt (an estimate for post until the day is recorded)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from generator import VIA
from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    common_options,
    say,
    ui_gettext,
    ui_locale,
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
        "Record that a letter left, and how, and the day it was received if you know it: every "
        "deadline runs from receipt. REF is the letter's reference (default: the only letter); "
        "--received alone records the day of receipt of a letter already recorded as sent."
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
    cls=TranslatedOption,
    help=N_("How it left: the web form, registered post, e-mail or PEC."),
)
@click.option(
    "--received",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    default=None,
    cls=TranslatedOption,
    help=N_(
        "The day it was received, from the delivery proof, the tracking or the PEC's receipt "
        "(default: the day it left for the form, e-mail and PEC; for post, an estimate until "
        "you give it)."
    ),
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
    "--receipt",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE.eml",
    cls=TranslatedOption,
    help=N_(
        "The PEC delivery receipt (the .eml whose subject begins with CONSEGNA): its day of "
        "delivery is recorded as the day of receipt, and the receipt is kept beside the letter."
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
    via: str | None,
    received: dt.datetime | None,
    proof: Path | None,
    receipt: Path | None,
    campaign: str | None,
    locale: str | None,
) -> None:
    _ = ui_gettext()
    day = _past(on, "--on") or dt.date.today()
    received_on = _past(received, "--received")
    if receipt is not None:
        if received_on or proof or campaign or via not in (None, "pec"):
            raise click.UsageError(
                _(
                    "--receipt records a PEC's delivery from its receipt: leave --received, "
                    "--proof, --campaign and --via out."
                )
            )
        _from_receipt(reference, receipt, _past(on, "--on"))
        return
    if via is None:
        if received_on is None or on is not None or proof is not None:
            raise click.UsageError(_("Say how it left: --via form, post, email or pec."))
        _received_alone(reference, received_on, campaign)
        return
    if campaign is not None:
        _campaign_sent(campaign, day, via, received_on, proof is not None or bool(reference))
        return
    register = open_register()
    record = register.mark_sent(reference, day, via, proof=proof, received=received_on)
    use_answers_language(record)  # without --locale, the letter's language
    say(
        _(
            "Recorded: %(reference)s left on %(day)s (%(via)s).",
            reference=record.reference,
            day=_long(day),
            via=_(VIA_NAMES[via]),
        )
    )
    _say_standing(register, record)


def _received_alone(reference: str | None, received: dt.date, campaign: str | None) -> None:
    """``sent REF --received DATE``: the day a letter already recorded as sent was received."""
    _ = ui_gettext()
    if campaign is not None:
        raise click.UsageError(
            _("--received alone records the day one letter was received: name it (REF).")
        )
    register = open_register()
    record = register.mark_received(reference, received)
    use_answers_language(record)  # without --locale, the letter's language
    say(
        _(
            "Recorded: %(reference)s was received on %(day)s.",
            reference=record.reference,
            day=_long(received),
        )
    )
    _say_standing(register, record, receipt=False)


def _from_receipt(reference: str | None, path: Path, on: dt.date | None) -> None:
    """``sent REF --receipt FILE.eml``: the day of delivery a PEC receipt certifies."""
    from generator import record_receipt
    from generator.cli.receipt import say_receipt

    register = open_register()
    recorded = record_receipt(register, reference, path, sent_on=on)
    use_answers_language(recorded.record)  # without --locale, the letter's language
    say_receipt(recorded)
    _say_standing(register, recorded.record)


def _past(value: dt.datetime | None, option: str) -> dt.date | None:
    """The day an option names; one in the future refused."""
    if value is None:
        return None
    if value.date() > dt.date.today():
        _ = ui_gettext()
        raise click.BadParameter(
            _("%(day)s is in the future.", day=value.date().isoformat()), param_hint=option
        )
    return value.date()


def _long(day: dt.date) -> str:
    """A day as the messages' language writes it."""
    from generator import long_date

    return long_date(day, ui_locale())


def _campaign_sent(
    campaign: str, day: dt.date, via: str, received: dt.date | None, one_letter: bool
) -> None:
    _ = ui_gettext()
    if one_letter:
        raise click.UsageError(_("--campaign records a whole campaign: leave REF and --proof out."))
    register = open_register()
    register.check_campaign(campaign)
    count = register.mark_campaign_sent(campaign, day, via, received)
    say(
        _(
            "Recorded: %(count)d letters of campaign %(name)s left on %(day)s (%(via)s).",
            count=count,
            name=campaign,
            day=_long(day),
            via=_(VIA_NAMES[via]),
        )
    )
    if received is not None:
        say(_("Received on %(day)s.", day=_long(received)))


def _say_standing(register: Any, record: Any, *, receipt: bool = True) -> None:
    """When the letter counts as received, and what that makes due (for a letter whose
    answers the register kept: made by an older version, it cannot say)."""
    from generator import standing

    _ = ui_gettext()
    if not record.answers:
        return
    if record.refers_to:  # a reminder or a complaint: when it counts as received
        letter = register.get(record.refers_to)
        state = standing(letter, register.following(letter.reference), dt.date.today())
        received = state.follow_up_receipt if record.kind == "follow_up" else None
    else:
        state = standing(record, register.following(record.reference), dt.date.today())
        received = state.receipt
    if receipt and received is not None:
        say(_receipt_text(record, received))
    if record.kind == "follow_up" and state.complaint_from is not None:
        say(
            _(
                "If no answer comes, a complaint can be made from %(day)s: objection complaint "
                "%(reference)s.",
                day=_long(state.complaint_from),
                reference=state.record.reference,
            )
        )
    elif not record.refers_to and state.due is not None:
        due = _long(state.due)
        if state.receipt is not None and state.receipt.estimated:
            due = _("%(date)s at the latest", date=due)
        if state.overdue:
            say(_("The answer was due by %(due)s: it is overdue.", due=due))
        else:
            say(_("An answer is due by %(due)s.", due=due))


def _receipt_text(record: Any, receipt: Any) -> str:
    _ = ui_gettext()
    if receipt.estimated:
        return _(
            "It counts as received on or about %(day)s (the usual time of registered post, "
            "counted generously): once you know the day, record it with objection sent "
            "%(reference)s --received DATE.",
            day=_long(receipt.day),
            reference=record.reference,
        )
    if record.received_on is None:
        return _(
            "It counts as received the day it left (a form, an e-mail or a PEC): if it was "
            "received later, record that day with --received DATE."
        )
    return _("It counts as received on %(day)s.", day=_long(receipt.day))
