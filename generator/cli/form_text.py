"""``objection form-text``: the text to paste into the controller's web objection form."""

from __future__ import annotations

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
    ui_locale,
    warn,
    write_atomically,
    write_stdout,
)


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Print the text for LinkedIn's objection form: who objects, under which law, to "
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
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    cls=TranslatedOption,
    help=N_("Write to FILE instead of standard output."),
)
@common_options
def form_text(
    answers_file: Path | None,
    sample: bool,
    controller: str | None,
    max_chars: int | None,
    output: str | None,
    locale: str | None,
) -> None:
    from generator import form_text as make_form_text
    from generator import load_controller, resolve_locale

    _ = ui_gettext()
    answers, _record = recorded(load_member(answers_file, sample, locale, controller))
    form = make_form_text(answers, resolve_locale(locale, answers.locale), max_chars)
    data = (form.text + "\n").encode("utf-8")
    if output and output != "-":
        write_atomically(Path(output), data)
        say(
            _(
                "Wrote %(path)s: %(count)d of %(max)d characters, reference %(reference)s.",
                path=output,
                count=len(form.text),
                max=form.max_chars,
                reference=form.reference,
            )
        )
    else:
        write_stdout(data)
    warn(form.warnings)
    hint = load_controller(answers.controller).data.form_hint
    if hint:
        say(hint[ui_locale()])  # a message: in the messages' language
    if form.short_grounds:
        say(_("Your grounds were too long for this form: it uses objection.grounds_short."))
