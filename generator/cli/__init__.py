"""The ``objection`` command line: parse, call the library, print, set the exit code.

Only this package reads files, prompts, prints and exits; one module a command. Library errors
(the :class:`~generator.base.errors.ObjectionError` family) become one message on stderr and an exit
code at one place, :meth:`~generator.cli.common.ObjectionGroup.invoke`.
"""

from __future__ import annotations

import click

from generator import __version__
from generator.cli import (
    access,
    after,
    answered,
    batch,
    categories,
    evidence,
    form_text,
    init,
    letter,
    next_steps,
    sent,
    serve,
    status,
    verify,
)
from generator.cli.click_words import translate_click
from generator.cli.common import (
    N_,
    ObjectionGroup,
    TranslatedOption,
    common_options,
)
from generator.cli.registering import register_option

translate_click()  # click's usage, errors and "Aborted!" in the user's language too


@click.group(
    "objection",
    cls=ObjectionGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "Write GDPR Article 21 objection letters to the training of generative AI on your "
        "data by LinkedIn and Meta, and what follows them."
    ),
)
@click.version_option(
    __version__,
    "--version",
    prog_name="objection",
    cls=TranslatedOption,
    help=N_("Show the version and exit."),
)
@register_option
@common_options
@click.pass_context
def cli(ctx: click.Context, locale: str | None) -> None:
    # --locale, -q and -v act through their callbacks (generator/cli/common.py).
    del locale
    if ctx.invoked_subcommand is None:  # `objection` alone: the help, and success
        click.echo(ctx.get_help())
        ctx.exit(0)


cli.add_command(letter.letter)
cli.add_command(init.init)
cli.add_command(categories.categories)
cli.add_command(form_text.form_text)
cli.add_command(next_steps.next_steps)
cli.add_command(verify.verify)
cli.add_command(batch.batch)
cli.add_command(sent.sent)
cli.add_command(status.status)
cli.add_command(answered.answered)
cli.add_command(after.follow_up)
cli.add_command(after.complaint)
cli.add_command(access.access)
cli.add_command(serve.serve)
cli.add_command(evidence.evidence)


def main(argv: list[str] | None = None) -> None:
    """The command line (the console entry point is :func:`generator.cli.launch.main`)."""
    cli.main(args=argv, prog_name="objection")
