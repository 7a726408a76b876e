"""``objection evidence REF -o FILE.pdf``: a letter's evidence in one PDF/A-3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    common_options,
    option,
    say,
    ui_gettext,
    ui_ngettext,
    use_answers_language,
    warn,
)
from generator.cli.passwords import letter_signer, pkcs11_options
from generator.cli.registering import open_register, register_option


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Make one PDF/A-3 with a letter's evidence: the signed letter, the proof of sending "
        "(a PEC receipt), the answer, the reminder and its proof as attachments, each with its "
        "SHA-256 on the first page, and the timeline in UTC; signed as the letter was (your "
        "certificate, or your card with --pkcs11-*), so that the list and the files cannot be "
        "swapped. REF is the letter's reference (default: the only letter); objection verify "
        "checks the pack."
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
@option(
    "--unsigned",
    is_flag=True,
    help=N_("Leave the pack unsigned, even where your answers name a certificate or a card."),
)
@pkcs11_options
@register_option
@common_options
def evidence(
    reference: str | None, output: Path | None, unsigned: bool, locale: str | None
) -> None:
    from generator import make_evidence

    _, n_ = ui_gettext(), ui_ngettext()
    if output is not None and output.suffix.lower() != ".pdf":
        raise click.BadParameter(
            _("The pack is a PDF: name it FILE.pdf, not %(name)s.", name=output.name),
            param_hint="-o",
        )
    register = open_register()
    record = register.get(reference, kinds=("objection", "access"))
    if reference:
        use_answers_language(record)
    signer = None if unsigned else pack_signer(record)
    made, path = make_evidence(register, record.reference, output, locale=locale, signer=signer)
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
    if made.signed_by:
        say(_("It is digitally signed by %(name)s.", name=made.signed_by))
    else:
        say(
            _(
                "It is not signed (no certificate or card to sign with): its list and its "
                "files could be replaced together without it showing."
            )
        )


def pack_signer(record: Any) -> Any:
    """The signer of the letter's answers as the register kept them (signature.pkcs12, a card),
    or of the --pkcs11-* options; None where neither names one."""
    from generator import answers_of

    return letter_signer(answers_of(record) if record.answers else None, "pdf")
