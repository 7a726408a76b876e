"""``objection init``: a commented answers file to fill in, written from the answers schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

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


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str) and "\n" in value:
        return '"""\n' + value + '"""'
    return json.dumps(value, ensure_ascii=False)


def _line(field: Any, locale: str) -> str:
    """The field's line: required fields empty to fill in, optional ones commented out."""
    if field.path == "locale":
        return f'locale = "{locale}"'
    if field.path == "person.country":
        return f'country = "{"IT" if locale == "it" else ""}"'
    if field.path == "signature.date":
        return f"# date = {dt.date.today().isoformat()}"
    if field.required and field.kind == "text":
        multiline = field.spec.ask in ("lines", "grounds")
        return f'{field.key} = """\n"""' if multiline else f'{field.key} = ""'
    if field.spec.example is not None and not field.required and field.kind == "bool":
        return f"{field.key} = {_toml(field.default)}"
    if field.spec.example is not None:
        prefix = "" if field.required or field.key == "categories" else "# "
        return f"{prefix}{field.key} = {_toml(field.spec.example)}"
    return f'# {field.key} = ""'


def answers_template(locale: str, file_name: str) -> str:
    """The commented answers file, in ``locale``."""
    from generator import (
        DEFAULT_CONTROLLER,
        EXAMPLE_GROUNDS,
        answers_fields,
        environment,
        load_controller,
        supported_countries,
    )

    controller = load_controller(DEFAULT_CONTROLLER)
    categories = [
        {"key": key, "label": c.label[locale], "covers": c.covers[locale]}
        for key, c in controller.categories.items()
    ]
    fields = answers_fields()
    sections: dict[str, list[Any]] = {}
    for field in fields:
        sections.setdefault(field.section, []).append(field)
    template = environment("text", locale).get_template("answers.toml.j2")
    return template.render(
        file_name=file_name,
        sections=list(sections.items()),
        values={f.path: _line(f, locale) for f in fields},
        countries=", ".join(supported_countries()),
        categories=categories,
        examples=EXAMPLE_GROUNDS,
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
