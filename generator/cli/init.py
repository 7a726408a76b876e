"""``objection init``: a commented answers file to fill in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    common_options,
    say,
    ui_gettext,
    ui_locale,
    write_atomically,
)
from generator.controllers import DEFAULT_CONTROLLER, load_controller
from generator.jurisdictions import supported_countries


def answers_template(locale: str, file_name: str) -> str:
    """The commented answers file, in ``locale``."""
    from generator.answers import EXAMPLE_GROUNDS  # pydantic and Jinja: only when needed
    from generator.templating import environment

    controller = load_controller(DEFAULT_CONTROLLER)
    categories = [
        {"key": c.key, "label": c.label[locale], "covers": c.covers[locale]}
        for c in controller.categories.values()
    ]
    template = environment("text", locale).get_template("answers.toml.j2")
    return template.render(
        locale=locale,
        file_name=file_name,
        country="IT" if locale == "it" else "",
        countries=", ".join(supported_countries()),
        categories=categories,
        examples=EXAMPLE_GROUNDS,
        setting=controller.setting["name"][locale],
        today=dt.date.today().isoformat(),
    )


@click.command(
    cls=TranslatedCommand,
    help=N_("Write a commented answers file to fill in (default: answers.toml)."),
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), default="answers.toml")
@click.option(
    "--force", is_flag=True, cls=TranslatedOption, help=N_("Replace the file if it exists.")
)
@common_options
def init(file: Path, force: bool, locale: str | None) -> None:
    _ = ui_gettext()
    if file.exists() and not force:
        raise click.UsageError(
            _(
                "%(file)s exists already: choose another name, or add --force to replace it.",
                file=file,
            )
        )
    write_atomically(file, answers_template(ui_locale(), file.name).encode("utf-8"))
    say(_("Wrote %(file)s. Fill it in, then run: objection letter --answers %(file)s", file=file))
