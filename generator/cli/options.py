"""The options every document command shares, each declared once: --answers, --sample and
--controller; --format, --out, -o (:func:`where_options`); --pdf-variant."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from generator import (
    DEFAULT_CONTROLLER,
    N_,
    resolve_locale,
)
from generator.cli.common import TranslatedOption, ui_gettext, use_answers_language, write_stdout

F = TypeVar("F", bound=Callable[..., Any])


def answers_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--answers FILE, --sample and --controller, for the commands that read one member's
    answers."""
    from generator import available_controllers

    f = click.option(
        "--controller",
        type=click.Choice(available_controllers()),
        default=None,
        cls=TranslatedOption,
        help=N_("Whose processing to object to (default: the answers' controller, else linkedin)."),
    )(f)
    f = click.option(
        "--sample",
        is_flag=True,
        cls=TranslatedOption,
        help=N_("Use the built-in answers of a fictional member."),
    )(f)
    return click.option(
        "--answers",
        "answers_file",
        metavar="FILE",
        cls=TranslatedOption,
        type=click.Path(path_type=Path, dir_okay=False),
        help=N_("Answers file (TOML; objection init writes one)."),
    )(f)


def load_member(
    answers_file: Path | None, sample: bool, locale: str | None, controller: str | None = None
) -> Any:
    """The validated answers of --answers FILE or --sample; a usage error without either."""
    from generator import (
        load_answers,
        sample_answers,
    )

    _ = ui_gettext()
    if sample and answers_file:
        raise click.UsageError(_("Use either --sample or --answers, not both."))
    if sample:
        return sample_answers(resolve_locale(locale), controller or DEFAULT_CONTROLLER)
    if answers_file is None:
        raise click.UsageError(
            _("Say whose answers to use: --answers FILE (objection init writes one), or --sample.")
        )
    answers = load_answers(answers_file, controller=controller)
    use_answers_language(answers)
    return answers


def pdf_variant_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--pdf-variant, for the commands that make PDFs (the list is generator.pdf.writer's)."""
    from generator import (
        PDF_VARIANT,
        PDF_VARIANTS,
    )

    return click.option(
        "--pdf-variant",
        type=click.Choice(PDF_VARIANTS),
        default=PDF_VARIANT,
        show_default=True,
        cls=TranslatedOption,
        help=N_("The PDF's standard: tagged and accessible by default; pdf/a-3b is smallest."),
    )(f)


def output_option(f: F) -> F:
    """-o FILE / -o -, the same on every command that makes a document."""
    return click.option(
        "-o",
        "--output",
        "output",
        metavar="FILE",
        cls=TranslatedOption,
        help=N_("Write to FILE instead (- for standard output); its suffix chooses the format."),
    )(f)


def where_options(*formats: str, out: str | None = "out") -> Callable[[F], F]:
    """--format (one of ``formats``), --out FOLDER (default ``out``; None: standard output
    unless a folder or a file is named) and -o FILE: the same on every document command."""

    def decorate(f: F) -> F:
        f = output_option(f)
        f = click.option(
            "--out",
            "out_dir",
            type=click.Path(path_type=Path, file_okay=False),
            default=out,
            show_default=out is not None,
            cls=TranslatedOption,
            help=N_("Folder for the documents."),
        )(f)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=None,
            cls=TranslatedOption,
            help=N_("Output format (default: the suffix of -o FILE, else pdf).")
            if "pdf" in formats
            else N_("Output format."),
        )(f)

    return decorate


def date_option(f: F) -> F:
    """--date DATE: the document's date (never in the future; see :func:`document_date`)."""
    return click.option(
        "--date",
        "date",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="DATE",
        default=None,
        cls=TranslatedOption,
        help=N_("The document's date (default: today)."),
    )(f)


def dated(answers: Any, date: dt.datetime | None) -> Any:
    """The answers with the letter's date --date gives (a form text or next steps for a letter
    of that day); unchanged without it."""
    if date is None:
        return answers
    signature = answers.signature.model_copy(update={"date": document_date(date)})
    return answers.model_copy(update={"signature": signature})


def document_date(date: dt.datetime | None) -> dt.date:
    """The day --date names, else today; a day in the future refused."""
    if date is not None and date.date() > dt.date.today():
        _ = ui_gettext()
        raise click.BadParameter(
            _("%(day)s is in the future.", day=date.date().isoformat()), param_hint="--date"
        )
    return date.date() if date else dt.date.today()


def output_format(fmt: str | None, output: str | None, default: str = "pdf") -> str:
    """The output format: --format, else -o FILE's suffix, else ``default``; a contradiction
    refused."""
    _ = ui_gettext()
    suffix = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
    known = suffix if suffix in ("pdf", "html", "txt") else None
    if fmt and known and fmt != known:
        raise click.UsageError(
            _(
                "--format %(format)s and -o %(output)s disagree: name the file .%(format)s, or "
                "leave --format out.",
                format=fmt,
                output=output,
            )
        )
    chosen = fmt or known or default
    if output == "-" and chosen == "pdf" and sys.stdout.isatty():
        raise click.UsageError(
            _(
                "A PDF is not for a terminal: redirect standard output to a file (> letter.pdf), "
                "or choose --format txt."
            )
        )
    return chosen


def make_text(
    kind: str,
    answers: Any,
    locale: str | None,
    out_dir: Path | None,
    output: str | None,
    **extra: Any,
) -> Any:
    """Make a text document (form text, next steps): to standard output unless --out or
    -o FILE names where; what was made."""
    from generator import Request, make

    to_file = bool(out_dir) or output not in (None, "-")
    made = make(
        Request(
            cast("Any", kind),
            answers,
            "txt",
            locale=locale,
            out_dir=out_dir or Path("out"),
            output=Path(output) if to_file and output else None,
            write=to_file,
            **extra,
        )
    )
    if made.path is None:
        write_stdout(made.data)
    return made


def on_behalf_of_option(f: F) -> F:
    """--on-behalf-of ORG.toml: an organisation sends the letter for the member, with a
    mandate for the member to sign (letter and batch alike)."""
    return click.option(
        "--on-behalf-of",
        "organisation_file",
        metavar="ORG.toml",
        cls=TranslatedOption,
        type=click.Path(path_type=Path, dir_okay=False),
        help=N_(
            "An organisation sends the letter for the member, with a mandate for the member to "
            "sign ([organisation] name, postal_address, email, non_profit)."
        ),
    )(f)
