"""How the document commands make what they make: their shared options (answers, where, date, PDF
variant, e-mail, register), the ``Making`` they describe, and one call of the library's
operation per document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import click

from generator import (
    Delivery,
)
from generator.cli.common import (
    N_,
    common_options,
    option,
    ui_gettext,
    write_stdout,
)
from generator.cli.mailing import delivery_from, mail_options, report_delivery
from generator.cli.options import (
    date_option,
    document_date,
    output_format,
    pdf_variant_option,
    where_options,
)
from generator.cli.passwords import letter_signer, pkcs11_options
from generator.cli.registering import (
    register_option,
)


def document_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """What follow-up, complaint and access share: answers, format, where, e-mail, SMTP."""
    decorators = [
        option(
            "--answers",
            "answers_file",
            metavar="FILE",
            type=click.Path(path_type=Path, dir_okay=False),
            help=N_(
                "Your answers file: finds your latest letter, and signs as the letter did "
                "(default: the answers the register kept)."
            ),
        ),
        where_options("pdf", "html", "txt"),
        date_option,
        pdf_variant_option,
        pkcs11_options,
        mail_options,
        register_option,
        common_options,
    ]
    for decorate in reversed(decorators):
        f = decorate(f)
    return f


@dataclass(frozen=True)
class Making:
    """How a command makes its documents: where, in what format, dated when, and what else."""

    register: Any
    fmt: str
    out_dir: Path
    today: dt.date
    pdf_variant: str | None
    delivery: Delivery
    #: -o FILE: this file instead of one in out_dir; "-": standard output (nothing recorded).
    output: str | None = None


def making(register: Any, options: dict[str, Any]) -> Making:
    """A command's Making from its keyword arguments (format, folder, date, variant, e-mail)."""
    output: str | None = options.pop("output")
    fmt = output_format(options.pop("fmt"), output)
    today = document_date(options.pop("date"))
    if output == "-" and (options.get("eml") or options.get("send")):
        _ = ui_gettext()
        raise click.UsageError(_("--eml and --send need the document in a file: leave -o - out."))
    return Making(
        register,
        fmt,
        options.pop("out_dir"),
        today,
        options.pop("pdf_variant"),
        delivery_from(options, fmt),
        output,
    )


def make_document(
    kind: str,
    answers: Any,
    record: Any,
    how: Making,
    following: dict[str, Any] | None = None,
    *,
    evidence: bool = False,
) -> Any:
    """Make one follow-up, complaint or access request (to standard output with ``-o -``:
    nothing written or recorded); ``following``: what already followed the letter, if the
    caller has read it; ``evidence``: a complaint attaches the letter's evidence pack, signed
    as the letter was even where the complaint is text."""
    from generator import Request, make

    register = how.register
    if following is None:
        following = register.following(record.reference) if register and record else {}
    made = make(
        Request(
            cast("Any", kind),
            answers,
            cast("Any", how.fmt),
            out_dir=how.out_dir,
            output=Path(how.output) if how.output and how.output != "-" else None,
            write=how.output != "-",
            today=how.today,
            signer=letter_signer(answers, how.fmt),
            pdf_variant=how.pdf_variant,
            record=record,
            following=following,
            register=register,
            delivery=how.delivery,
            evidence=evidence,
            evidence_signer=letter_signer(answers, "pdf")
            if evidence and how.fmt != "pdf"
            else None,
        )
    )
    if how.output == "-":
        write_stdout(made.data)
    report_delivery(made, how.delivery)
    return made
