"""``objection form-text``: the text to paste into the controller's web objection form."""

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
    ui_locale,
    warn,
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
        "Print the text for the controller's objection form: who objects, under which law, to "
        "which data, and why, within the form's character limit."
    ),
)
@answers_option
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    metavar="N",
    cls=TranslatedOption,
    help=N_("The form's character limit (default: the limit in the controller data)."),
)
@where_options("txt", out=None)
@date_option
@common_options
def form_text(
    answers_file: Path | None,
    sample: bool,
    controller: str | None,
    max_chars: int | None,
    fmt: str | None,
    out_dir: Path | None,
    output: str | None,
    date: dt.datetime | None,
    locale: str | None,
) -> None:
    from generator import load_controller

    _ = ui_gettext()
    output_format(fmt, output, default="txt")
    answers, record = recorded(dated(load_member(answers_file, sample, locale, controller), date))
    # The text says the letter was sent only where the register says so.
    sent_on = record.sent_on if record else None
    made = make_text(
        "form_text", answers, locale, out_dir, output, max_chars=max_chars, sent_on=sent_on
    )
    form: Any = made.rendered
    if made.path is not None:
        say(
            _(
                "Wrote %(path)s: %(count)d of %(max)d characters, reference %(reference)s.",
                path=made.path,
                count=len(form.text),
                max=form.max_chars,
                reference=form.reference,
            )
        )
    warn(form.warnings)
    hint = load_controller(answers.controller).data.form_hint
    if hint:
        say(hint[ui_locale()])  # a message: in the messages' language
    if form.short_grounds:
        say(_("Your grounds were too long for this form: it uses objection.grounds_short."))
