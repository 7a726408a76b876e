"""``objection access``: a targeted access request, standalone (``letter --with-access`` puts
it inside the objection)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from generator.cli.after import report_made
from generator.cli.common import (
    N_,
    TranslatedCommand,
    option,
)
from generator.cli.making import document_options, make_document, making
from generator.cli.registering import (
    open_register,
)


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Write a targeted access request: whether your data went into AI training sets and "
        "for which models, to whom, for how long, and the balancing test. (letter "
        "--with-access puts it inside the objection.)"
    ),
)
@option("--sample", is_flag=True, help=N_("Use the built-in answers of a fictional member."))
@option(
    "--controller",
    default=None,
    help=N_("Whose processing to ask about (default: the answers' controller)."),
)
@document_options
def access(
    answers_file: Path | None,
    sample: bool,
    controller: str | None,
    locale: str | None,
    **options: Any,
) -> None:
    from generator.cli.options import load_member

    how = making(open_register(required=False), options)
    answers = load_member(answers_file, sample, locale, controller)
    if locale:
        answers = answers.model_copy(update={"locale": locale})
    made = make_document("access", answers, None, how)
    report_made("access", made.rendered, made.path)
