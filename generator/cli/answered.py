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
        "or none (a reply that decides nothing); or, with --extended-to, that it extended the "
        "time to answer. REF is the letter's reference."
    ),
)
@click.argument("reference", metavar="[REF]", required=False)
@option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    default=None,
    help=N_(
        "The day the answer (or the notice of an extension) came, like 2026-11-29 (default: today)."
    ),
)
@option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    help=N_("What the answer did with the letter."),
)
@option(
    "--extended-to",
    "extended_to",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help=N_(
        "The controller extended the time to answer, to this day: the due date moves as far "
        "as the law allows."
    ),
)
@option(
    "--no-reasons",
    "no_reasons",
    is_flag=True,
    help=N_("With --extended-to: the notice gave no reasons for the extension."),
)
@option(
    "--file",
    "answer_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help=N_("The answer itself, or the notice of the extension (a PDF, an e-mail)."),
)
@register_option
@common_options
def answered(
    reference: str | None,
    on: dt.datetime | None,
    outcome: str | None,
    extended_to: dt.datetime | None,
    no_reasons: bool,
    answer_file: Path | None,
    locale: str | None,
) -> None:
    from generator import long_date

    _ = ui_gettext()
    day = _day(on, "--on")
    if extended_to is not None:
        if outcome is not None:
            raise click.UsageError(
                _("An extension is not an answer: give --outcome or --extended-to, not both.")
            )
        _extended(reference, day, extended_to.date(), not no_reasons, answer_file)
        return
    if outcome is None:
        raise click.UsageError(_("Say what the answer did with --outcome, or give --extended-to."))
    if no_reasons:
        raise click.UsageError(_("--no-reasons goes with --extended-to."))
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


def _extended(
    reference: str | None, on: dt.date, to: dt.date, reasons: bool, notice: Path | None
) -> None:
    """Record the extension, and say what it does to the due date, with the law's reason."""
    from generator import explain, long_date, standing

    _ = ui_gettext()
    register = open_register()
    before = register.get(reference, kinds=("objection", "access"))
    record = register.mark_extended(reference, to, on, reasons=reasons, announcement=notice)
    use_answers_language(record)
    state = standing(record, register.following(record.reference), dt.date.today())
    say(
        _(
            "Recorded: the controller extended the time to answer %(reference)s to %(to)s "
            "(announced on %(on)s).",
            reference=record.reference,
            to=long_date(to, ui_locale()),
            on=long_date(on, ui_locale()),
        )
    )
    if before.extended_to is not None and before.extension_announced_on is not None:
        say(
            _(
                "It replaces the extension recorded before (to %(to)s, announced on %(on)s).",
                to=long_date(before.extended_to, ui_locale()),
                on=long_date(before.extension_announced_on, ui_locale()),
            )
        )
    if state.answer is None:
        say(_("The register does not say that the letter left: nothing runs yet."))
        return
    outcome = state.answer.extension
    if outcome is not None and not outcome.lawful:
        say(_("It does not move the due date, as the law says:"))
    else:
        say(_("The answer is now due by %(due)s:", due=long_date(state.answer.day, ui_locale())))
    say(explain(state.answer, ui_locale()))
