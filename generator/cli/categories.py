"""``objection categories``: the data categories, and what each covers."""

from __future__ import annotations

import shutil
import textwrap

import click

from generator import (
    DEFAULT_CONTROLLER,
    available_controllers,
    load_controller,
)
from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    common_options,
    ui_gettext,
    ui_locale,
)


@click.command(
    cls=TranslatedCommand,
    help=N_("List the data categories you can object to, with what each covers."),
)
@click.option(
    "--controller",
    type=click.Choice(available_controllers()),
    default=DEFAULT_CONTROLLER,
    show_default=True,
    cls=TranslatedOption,
    help=N_("Whose processing to object to."),
)
@common_options
def categories(controller: str, locale: str | None) -> None:
    _ = ui_gettext()
    lang = ui_locale()
    data = load_controller(controller)
    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    for key, category in data.categories.items():
        click.echo(f"{key}: {category.label[lang]}")
        notes = [category.covers[lang]]
        if not category.switch:
            notes.append(
                _(
                    "Not covered by the settings switch: only an objection "
                    "(letter or web form) reaches it."
                )
            )
        for note in notes:
            click.echo(textwrap.fill(note, width, initial_indent="    ", subsequent_indent="    "))
    click.echo()
    click.echo(_('In an answers file: categories = ["profile", "content"], or "all".'))
