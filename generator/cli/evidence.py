"""``objection evidence REF -o FILE.pdf``: a letter's evidence in one PDF/A-3."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    common_options,
    option,
    say,
    ui_ngettext,
    use_answers_language,
    warn,
)
from generator.cli.registering import open_register, register_option


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Make one PDF/A-3 with a letter's evidence: the signed letter, the proof of sending "
        "(a PEC receipt), the answer, the reminder and its proof as attachments, each with its "
        "SHA-256 on the first page, and the timeline in UTC. REF is the letter's reference "
        "(default: the only letter); objection verify checks the pack."
    ),
)
@click.argument("reference", metavar="[REF]", required=False)
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.pdf",
    help=N_("Where to write it (default: beside the letter, <letter>-evidence.pdf)."),
)
@register_option
@common_options
def evidence(reference: str | None, output: Path | None, locale: str | None) -> None:
    from generator import make_evidence

    n_ = ui_ngettext()
    register = open_register()
    if reference:
        use_answers_language(register.get(reference, kinds=("objection", "access")))
    made, path = make_evidence(register, reference, output, locale=locale)
    warn(made.notes)
    count = len(made.attachments)
    say(
        n_(
            "Wrote %(path)s: the evidence of %(reference)s, %(num)d file attached with its "
            "SHA-256, and the timeline. Check it with objection verify %(path)s",
            "Wrote %(path)s: the evidence of %(reference)s, %(num)d files attached with their "
            "SHA-256, and the timeline. Check it with objection verify %(path)s",
            count,
            path=path,
            reference=made.reference,
        )
    )
