"""What every command shares: the user's language, translated help, errors, file writing."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from generator import (
    DEFAULT_CONTROLLER,
    LOCALES,
    N_,
    InvalidInput,
    ObjectionError,
    gettext,
    ngettext,
    resolve_locale,
)

__all__ = ["N_", "ObjectionGroup", "TranslatedCommand", "TranslatedOption", "UserError"]

UI_LOCALE = "objection.ui_locale"
QUIET = "objection.quiet"


# --- the user's language, for messages, prompts and help ----------------------------------


_last_chosen: list[str] = []  # for click's own messages, shown after its context has closed


def ui_locale(ctx: click.Context | None = None) -> str:
    """The language of the command line: ``--locale`` if given, else the environment's."""
    ctx = ctx or click.get_current_context(silent=True)
    chosen = ctx.find_root().meta.get(UI_LOCALE) if ctx else None
    return resolve_locale(chosen or (_last_chosen[-1] if _last_chosen else None))


def ui_gettext(ctx: click.Context | None = None) -> Callable[..., str]:
    """A ``_()`` in the messages' language at the moment of each call: a command may learn it
    from the answers after it took ``_`` (see :func:`use_answers_language`)."""

    def _(message: str, **values: object) -> str:
        return gettext(ui_locale(ctx))(message, **values)

    return _


def ui_ngettext(ctx: click.Context | None = None) -> Callable[..., str]:
    """A plural-aware ``n_()`` in the messages' language at the moment of each call."""

    def n_(singular: str, plural: str, n: int, **values: object) -> str:
        return ngettext(ui_locale(ctx))(singular, plural, n, **values)

    return n_


LOCALE_OPTION = "objection.locale_option"


def _set_locale(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--locale, before or after the command: it sets the letter's and the messages' language."""
    meta = ctx.find_root().meta
    if value:
        meta[UI_LOCALE] = meta[LOCALE_OPTION] = value
        _last_chosen[:] = [value]
    return value or meta.get(LOCALE_OPTION)


@contextlib.contextmanager
def _help_in_user_language(thing: Any, ctx: click.Context | None) -> Iterator[None]:
    """While click formats ``thing`` (a command or an option), its help is translated.

    Help strings are English message ids (N_); click reads ``.help`` at render time.
    """
    original = thing.help
    if original:
        text = ui_gettext(ctx)(original)
        # Schema help texts are phrases ("your full name, …"): as help, a sentence.
        thing.help = text[:1].upper() + text[1:]
    try:
        yield
    finally:
        thing.help = original


class TranslatedOption(click.Option):
    """An option whose help is translated when it is shown, in the user's language."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _help_in_user_language(self, ctx):
            return super().get_help_record(ctx)


class TranslatedHelp:
    """A command or group whose help text is translated when it is shown."""

    help: str | None

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _help_in_user_language(self, ctx):
            super().format_help_text(ctx, formatter)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        with _help_in_user_language(self, None):
            text: str = super().get_short_help_str(limit)  # type: ignore[misc]
            return text


class TranslatedCommand(TranslatedHelp, click.Command):
    pass


class UserError(click.ClickException):
    """A library error as the user sees it: translated already, with its own exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class ObjectionGroup(TranslatedHelp, click.Group):
    command_class = TranslatedCommand

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _last_chosen.clear()  # each run starts from the environment's language
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        from generator import set_message_locale

        # Messages the library writes for the user (a batch manifest) follow the language too.
        set_message_locale(ui_locale(ctx))
        try:
            return super().invoke(ctx)
        except ObjectionError as exc:
            # The one place where library errors are translated: the user's language, now.
            raise UserError(exc.message(ui_locale(ctx)), exc.exit_code) from exc


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    meta = ctx.find_root().meta
    if param.name == "quiet" and value:
        meta[QUIET] = True
    if param.name == "verbose" and value:
        meta["objection.verbose"] = max(meta.get("objection.verbose", 0), value)
    configure_logging(meta.get("objection.verbose", 0), meta.get(QUIET, False))


def common_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--locale, -q and -v, on the group and on every command."""
    f = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_set_verbosity,
        cls=TranslatedOption,
        help=N_("Say more about what happens (-vv for debugging)."),
    )(f)
    f = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_verbosity,
        cls=TranslatedOption,
        help=N_("Print only errors."),
    )(f)
    return click.option(
        "--locale",
        type=click.Choice(LOCALES),
        is_eager=True,
        callback=_set_locale,
        cls=TranslatedOption,
        help=N_(
            "Language of the letter and the messages (default: the answers' language, "
            "else LANG, else en)."
        ),
    )(f)


def configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else logging.INFO if verbose == 1 else logging.WARNING
    if verbose > 1:
        level = logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
    # WeasyPrint and fontTools are chatty about CSS they skip, pyHanko logs a self-signed
    # certificate with a traceback (verify says it in a sentence), libraries' Python warnings
    # come as py.warnings records (generator.cli.launch): only -v shows them.
    for name in ("weasyprint", "fontTools", "pyhanko", "pyhanko_certvalidator", "py.warnings"):
        logging.getLogger(name).setLevel(level if verbose else logging.ERROR)


def say(message: str) -> None:
    """Tell the user something, on stderr (stdout may carry the letter), unless -q."""
    ctx = click.get_current_context(silent=True)
    if not (ctx and ctx.find_root().meta.get(QUIET)):
        click.echo(message, err=True)


# --- writing files --------------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, whole or not at all; a clear error if the folder refuses."""
    from generator import files

    files.write_file(path, data)


def answers_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--answers FILE, --sample and --controller, for the commands that read one member's
    answers."""
    from generator import available_controllers

    f = click.option(
        "--controller",
        type=click.Choice(available_controllers()),
        default=None,
        cls=TranslatedOption,
        help=N_("Whose processing to object to (default: the answers' controller)."),
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


def use_answers_language(answers: Any) -> None:
    """Without --locale, messages follow the answers' language (then LANG)."""
    ctx = click.get_current_context(silent=True)
    if ctx and answers.locale and not ctx.find_root().meta.get(UI_LOCALE):
        ctx.find_root().meta[UI_LOCALE] = answers.locale


def warn(warnings: Any) -> None:
    """What the user should know before sending (unconfirmed facts, a missing region)."""
    _ = ui_gettext()
    for warning in warnings:
        say(_("Note: %(warning)s", warning=warning.text(ui_locale())))


def write_stdout(data: bytes) -> None:
    """Bytes (a PDF, UTF-8 text) to standard output, after whatever text went before."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


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


# --- the register ----------------------------------------------------------------------------

REGISTER = "objection.register"


def _set_register(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.find_root().meta[REGISTER] = value
    return value


def register_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--register PATH|URL: the register of letters (default: $OBJECTION_REGISTER, else the
    user's data folder)."""
    return click.option(
        "--register",
        metavar="PATH|URL",
        expose_value=False,
        is_eager=True,
        callback=_set_register,
        cls=TranslatedOption,
        help=N_(
            "The register of letters: a file, or a database URL (default: $OBJECTION_REGISTER, "
            "else your data folder)."
        ),
    )(f)


def open_register(*, required: bool = True) -> Any:
    """The register; if it cannot be opened and is not ``required``, a note and None."""
    return register_opening(required=required)()


def register_opening(*, required: bool = True) -> RegisterOpening:
    """The register, opened in a thread meanwhile: call the result to have it (see
    :func:`open_register`). A letter opens it while its PDF is being made."""
    ctx = click.get_current_context(silent=True)
    return RegisterOpening(ctx.find_root().meta.get(REGISTER) if ctx else None, required)


class RegisterOpening:
    """A register being opened in a thread (SQLAlchemy's import takes a fifth of a second)."""

    def __init__(self, where: str | None, required: bool):
        import threading

        self._where, self._required = where, required
        self._outcome: list[Any] = []
        self._thread = threading.Thread(target=self._open, name="register", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        from generator import Register

        try:
            self._outcome.append(Register(self._where))
        except Exception as exc:  # raised where the register is wanted, in the main thread
            self._outcome.append(exc)

    def wait(self) -> None:
        """Let the opening finish (a command that failed meanwhile leaves nothing running)."""
        self._thread.join()

    def __call__(self) -> Any:
        """The register; if it cannot be opened and is not required, a note and None."""
        self.wait()
        result = self._outcome[0]
        if not isinstance(result, Exception):
            return result
        if self._required or not isinstance(result, ObjectionError):
            raise result
        say(result.message(ui_locale()))
        return None


def recorded(answers: Any) -> tuple[Any, Any]:
    """The answers as of the member's latest letter to this controller, and that letter.

    One letter, one reference: form text and next steps made on a later day carry the letter's
    reference and date (unless the answers give a date of their own).
    """
    register = open_register(required=False)
    record = register.latest(answers.person.email, answers.controller) if register else None
    if record is None or answers.signature.date is not None:
        return answers, record
    signature = answers.signature.model_copy(update={"date": record.letter_date})
    return answers.model_copy(update={"signature": signature}), record


#: Where a certificate's password comes from without a terminal (never an option).
PASSWORD_VARIABLE = "OBJECTION_PKCS12_PASSWORD"


def terminal(*, stdout: bool = True) -> bool:
    """Whether a person can answer: standard input (and output) are a terminal, and open."""
    streams = (sys.stdin, sys.stdout) if stdout else (sys.stdin,)
    return all(s is not None and not s.closed and s.isatty() for s in streams)


def pkcs12_password(path: Path) -> bytes:
    """The PKCS#12 password: from OBJECTION_PKCS12_PASSWORD, else asked without echo."""
    _ = ui_gettext()
    value = os.environ.get(PASSWORD_VARIABLE)
    if value is None:
        if not terminal(stdout=False):
            raise InvalidInput(
                N_(
                    "The certificate %(path)s needs its password: set %(variable)s, or run the "
                    "command in a terminal to type it."
                ),
                path=path,
                variable=PASSWORD_VARIABLE,
            )
        value = click.prompt(
            _("Password of %(path)s", path=path), hide_input=True, default="", show_default=False
        )
    return value.encode("utf-8")


def output_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """-o FILE / -o -, the same on every command that makes a document."""
    return click.option(
        "-o",
        "--output",
        "output",
        metavar="FILE",
        cls=TranslatedOption,
        help=N_("Write to FILE instead (- for standard output); its suffix chooses the format."),
    )(f)


def output_format(fmt: str | None, output: str | None) -> str:
    """The output format: --format, else -o FILE's suffix, else PDF; a contradiction refused."""
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
    chosen = fmt or known or "pdf"
    if output == "-" and chosen == "pdf" and sys.stdout.isatty():
        raise click.UsageError(
            _(
                "A PDF is not for a terminal: redirect standard output to a file (> letter.pdf), "
                "or choose --format txt."
            )
        )
    return chosen


def letter_signer(answers: Any, fmt: str) -> Any:
    """The signer the answers name (signature.pkcs12) for a PDF, its password from the
    environment or asked; None for HTML, text, or answers that name no certificate."""
    if fmt != "pdf" or not answers.signature.pkcs12:
        return None
    from generator import load_signer

    pkcs12 = answers.signature.pkcs12
    return load_signer(pkcs12, pkcs12_password(pkcs12))
