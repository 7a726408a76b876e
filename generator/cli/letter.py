"""``objection letter``: one member's letter, as PDF, HTML or text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from generator import (
    DEFAULT_CONTROLLER,
    load_controller,
    resolve_locale,
)
from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    UserError,
    common_options,
    option,
    say,
    ui_gettext,
    write_stdout,
)
from generator.cli.mailing import MAIL_OPTIONS, delivery_from, mail_options, report_delivery
from generator.cli.options import (
    answers_option,
    on_behalf_of_option,
    output_format,
    pdf_variant_option,
    where_options,
)
from generator.cli.passwords import (
    letter_signer,
    pkcs11_options,
    terminal,
    token_spec,
)

F = TypeVar("F", bound=Callable[..., Any])


class SchemaCommand(TranslatedCommand):
    """A command with an option for every answers field the schema gives one.

    The options are made the first time the command parses or shows its help, so listing the
    commands (``objection --help``) does not import the schema (pydantic).
    """

    _field_options_added = False

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if not self._field_options_added:
            from generator.cli.schema_fields import field_options

            position = next(i for i, p in enumerate(self.params) if p.name == "embed_answers")
            self.params[position:position] = field_options(TranslatedOption)
            self._field_options_added = True
        return super().get_params(ctx)


@click.command(
    cls=SchemaCommand,
    help=N_(
        "Write one objection letter: from --answers FILE, from options, or by asking you "
        "(in a terminal). --sample writes the letter of a fictional member."
    ),
)
@answers_option
@where_options("pdf", "html", "txt")
@on_behalf_of_option
@option(
    "--interactive/--no-interactive",
    default=None,
    help=N_("Ask for what is missing (default: only in a terminal)."),
)
@pdf_variant_option
@pkcs11_options
@mail_options
@option(
    "--with-access",
    is_flag=True,
    help=N_(
        "Add a targeted access request to the objection: whether your data went into AI "
        "training sets, to whom, for how long, and the balancing test."
    ),
)
@option(
    "--embed-answers",
    is_flag=True,
    help=N_("Attach the answers to the PDF as JSON (off: the controller gets only the letter)."),
)
@common_options
def letter(
    answers_file: Path | None,
    sample: bool,
    fmt: str | None,
    out_dir: Path,
    output: str | None,
    controller: str | None,
    interactive: bool | None,
    locale: str | None,
    embed_answers: bool,
    pdf_variant: str,
    with_access: bool,
    **fields: Any,
) -> None:
    _ = ui_gettext()
    fmt = output_format(fmt, output)
    mail = {key: fields.pop(key) for key in MAIL_OPTIONS}  # the rest are answers fields
    organisation = _organisation(fields.pop("organisation_file"))
    if (mail["eml"] or mail["send"]) and output == "-":
        raise click.UsageError(_("--eml and --send need the letter in a file: leave -o - out."))
    if sample and answers_file:
        raise click.UsageError(_("Use either --sample or --answers, not both."))
    if sample:
        from generator import sample_answers

        answers = sample_answers(resolve_locale(locale), controller or DEFAULT_CONTROLLER)
        saved = None
    else:
        answers, saved = _gather(answers_file, controller, locale, interactive, fields)
    produce(
        answers,
        locale=locale,
        fmt=fmt,
        out_dir=out_dir,
        output=output,
        embed_answers=embed_answers,
        pdf_variant=pdf_variant,
        with_access=with_access,
        delivery=delivery_from(mail, fmt),
        on_behalf_of=organisation,
    )
    if not output or output != "-":
        hint = _next_hint(answers_file or saved, sample, answers, controller)
        if hint:
            say(
                _(
                    "Next: objection next-steps %(answers)s, and objection form-text %(answers)s "
                    "for %(controller)s's form.",
                    answers=hint,
                    controller=load_controller(answers.controller).name,
                )
            )
    if sample:
        say(
            _(
                "This is the letter of a fictional member. For yours: objection init "
                "answers.toml, fill it in, then objection letter --answers answers.toml."
            )
        )


def _gather(
    answers_file: Path | None,
    controller: str | None,
    locale: str | None,
    interactive: bool | None,
    fields: dict[str, Any],
) -> tuple[Any, Path | None]:
    """The answers from the file, the options and (in a terminal) the questions; and where
    the answers typed were saved, if they were."""
    from generator import (
        InvalidAnswers,
        answers_from_mapping,
        read_answers_file,
        readdressed,
    )
    from generator.cli.schema_fields import apply_options, blame_options

    _ = ui_gettext()
    raw: dict[str, Any] = read_answers_file(answers_file) if answers_file else {}
    # An explicit --controller readdresses answers written for another (its categories, sites).
    raw = readdressed(raw, controller) if controller else raw
    if locale:
        raw["locale"] = locale
    given = apply_options(raw, fields)
    source = str(answers_file) if answers_file else _("your answers")
    # Paths in the answers (signature image, certificate) are relative to the file.
    base_dir = answers_file.parent if answers_file else Path.cwd()
    if interactive if interactive is not None else terminal():
        from generator.cli import ask

        answers = ask.complete(raw, source=source, fresh=answers_file is None, base_dir=base_dir)
        return answers, ask.offer_to_save(raw) if answers_file is None else None
    try:
        return answers_from_mapping(raw, source=source, base_dir=base_dir), None
    except InvalidAnswers as exc:
        raise blame_options(exc, given) from None


def _next_hint(
    answers_file: Path | None, sample: bool, answers: Any, controller: str | None
) -> str | None:
    """How the member names these answers to the next commands (with the --controller they
    chose: the next commands must speak of the same controller)."""
    chosen = f" --controller {controller}" if controller else ""
    if answers_file:
        return f"--answers {answers_file}{chosen}"
    if sample:
        return (
            "--sample" + (f" --locale {answers.locale}" if answers.locale != "en" else "") + chosen
        )
    return None


def produce(
    answers: Any,
    *,
    locale: str | None,
    fmt: str,
    out_dir: Path,
    output: str | None,
    embed_answers: bool = False,
    pdf_variant: str | None = None,
    with_access: bool = False,
    delivery: Any = None,
    on_behalf_of: Any = None,
) -> Any:
    """Make the letter of ``answers`` as ``fmt`` where the user asked (signed where the answers
    name a certificate) and say so; what was made."""
    from generator import Delivery, Request, make
    from generator.cli.common import (
        use_answers_language,
        warn,
    )
    from generator.cli.registering import register_opening

    use_answers_language(answers)
    _ = ui_gettext()
    # Opened meanwhile: while the PDF is made (in the renderer process), not after it.
    register = register_opening(required=False) if output != "-" else None
    request = Request(
        "objection",
        answers,
        cast("Any", fmt),
        locale=locale,
        out_dir=out_dir,
        output=Path(output) if output and output != "-" else None,
        write=output != "-",
        signer=letter_signer(answers, fmt),
        pdf_variant=pdf_variant,
        embed_answers=embed_answers,
        with_access=with_access,
        on_behalf_of=on_behalf_of,
        register=register,
        delivery=delivery or Delivery(),
    )
    try:
        made = make(request)
    except BaseException:
        if register is not None:
            register.wait()  # nothing left running behind the error
        raise
    warn(made.warnings)
    if output == "-":
        write_stdout(made.data)
        return made
    _wrote(made, answers, fmt)
    report_delivery(made, request.delivery)
    if register is not None and register.failure is not None:
        _not_recorded(made.path)
    return made


def _not_recorded(path: Path | None) -> None:
    """The letter is the member's and stays; a script must still learn that the register
    (what status and follow-up --due read) does not have it: exit 1."""
    _ = ui_gettext()
    raise UserError(
        _(
            "%(path)s is not recorded in the register: make the letter again once the "
            "register can be written (the same letter is made, and recorded).",
            path=path,
        ),
        1,
    )


def _wrote(made: Any, answers: Any, fmt: str) -> None:
    _ = ui_gettext()
    say(
        _(
            "Wrote %(path)s: the letter of %(name)s, in %(language)s, reference %(reference)s.",
            path=made.path,
            name=answers.person.name,
            language=_("Italian") if made.letter.locale == "it" else _("English"),
            reference=made.letter.reference,
        )
    )
    if fmt == "pdf" and (answers.signature.pkcs12 or token_spec(answers)):
        say(_("It is digitally signed: check it with objection verify %(path)s", path=made.path))


def _organisation(path: Path | None) -> Any:
    """The organisation of --on-behalf-of, if given."""
    if path is None:
        return None
    from generator import load_organisation

    return load_organisation(path)
