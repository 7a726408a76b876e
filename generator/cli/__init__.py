"""The ``objection`` command line: parse, call the library, print, set the exit code.

Only this package reads files, prompts, prints and exits; one module a command. Library errors
(the :class:`~generator.errors.ObjectionError` family) become one message on stderr and an exit
code at one place, :meth:`~generator.cli.common.ObjectionGroup.invoke`.
"""

from __future__ import annotations

import click

from generator import __version__
from generator.cli import (
    batch,
    categories,
    form_text,
    init,
    letter,
    next_steps,
    sent,
    status,
    verify,
)
from generator.cli.common import N_, ObjectionGroup, common_options, register_option


@click.group(
    "objection",
    cls=ObjectionGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "Write GDPR Article 21 objection letters to LinkedIn's training of "
        "generative AI on members' data."
    ),
)
@click.version_option(__version__, "--version", prog_name="objection")
@register_option
@common_options
def cli(locale: str | None) -> None:
    # --locale, -q and -v act through their callbacks (generator/cli/common.py).
    del locale


cli.add_command(letter.letter)
cli.add_command(init.init)
cli.add_command(categories.categories)
cli.add_command(form_text.form_text)
cli.add_command(next_steps.next_steps)
cli.add_command(verify.verify)
cli.add_command(batch.batch)
cli.add_command(sent.sent)
cli.add_command(status.status)


def main(argv: list[str] | None = None) -> None:
    """The console entry point (``objection``)."""
    cli.main(args=argv, prog_name="objection")
