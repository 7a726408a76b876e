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
    LOCALES,
    N_,
    ObjectionError,
    gettext,
    ngettext,
    resolve_locale,
)
from generator.cli.hints import with_hint

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
        _click_speaks(value)
    return value or meta.get(LOCALE_OPTION)


def _click_speaks(locale: str) -> None:
    """click's own words (headings, parsing errors) in ``locale`` from now on: click asks
    gettext's global domain (generator.cli.click_words), which reads LANGUAGE at each message.
    :meth:`ObjectionGroup.main` puts the environment back when the command is done."""
    os.environ["LANGUAGE"] = locale


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


def option(*names: str, **kwargs: Any) -> Callable[[Any], Any]:
    """A ``click.option`` whose help is translated when shown: every command's options."""
    return click.option(*names, cls=TranslatedOption, **kwargs)


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
        before = os.environ.get("LANGUAGE")
        try:
            return super().main(*args, **kwargs)
        finally:  # --locale or the answers' language spoke for click during this run only
            if before is None:
                os.environ.pop("LANGUAGE", None)
            else:
                os.environ["LANGUAGE"] = before

    def invoke(self, ctx: click.Context) -> Any:
        from generator import set_message_locale

        # Messages the library writes for the user (a batch manifest) follow the language too.
        set_message_locale(ui_locale(ctx))
        try:
            return super().invoke(ctx)
        except ObjectionError as exc:
            # The one place where library errors are translated: the user's language, now,
            # with the option that mends them (generator.cli.hints).
            text = with_hint(exc.message(ui_locale(ctx)), exc.code, exc.values, ui_gettext(ctx))
            raise UserError(text, exc.exit_code) from exc


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
    # SQLAlchemy's pool logs a connection it could not close with a traceback (the register's
    # error says it in a sentence); its statements carry members' data: never below WARNING.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING if verbose > 1 else logging.CRITICAL)


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


def use_answers_language(answers: Any) -> None:
    """Without --locale, messages follow the answers' language (then LANG)."""
    ctx = click.get_current_context(silent=True)
    if ctx and answers.locale and not ctx.find_root().meta.get(UI_LOCALE):
        ctx.find_root().meta[UI_LOCALE] = answers.locale
        _click_speaks(answers.locale)


def warn(warnings: Any) -> None:
    """What the user should know before sending (unconfirmed facts, a missing region)."""
    _ = ui_gettext()
    for warning in warnings:
        text = with_hint(warning.text(ui_locale()), warning.code, warning.values, _)
        say(_("Note: %(warning)s", warning=text))


def write_stdout(data: bytes) -> None:
    """Bytes (a PDF, UTF-8 text) to standard output, after whatever text went before."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


# --- the register ----------------------------------------------------------------------------
