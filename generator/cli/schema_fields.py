"""The answers schema as the command line uses it: options of ``letter``, and their values."""

from __future__ import annotations

from functools import cache
from typing import Any

import click

from generator import (
    InvalidAnswers,
    Problem,
    SchemaField,
)


@cache
def option_fields() -> tuple[SchemaField, ...]:
    from generator import answers_fields

    return tuple(f for f in answers_fields() if f.spec.option)


def field_options(option_class: type[click.Option]) -> list[click.Option]:
    """An option for every answers field the schema gives one (``--name``, ``--region``, …)."""
    options = []
    for field in option_fields():
        kwargs: dict[str, Any] = {"help": field.spec.help}
        names = [field.option_name, field.param]
        if field.kind == "bool":
            names = [f"{field.option_name}/--no-{field.option_name[2:]}", field.param]
            kwargs["default"] = None
        elif field.kind == "list" and field.key != "categories":
            kwargs["multiple"] = True
            kwargs["metavar"] = "URL"
        options.append(option_class(names, **kwargs))
    return options


def apply_options(raw: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """Put the options' values into the answers mapping ``raw``; field → the option that gave it."""
    given: dict[str, str] = {}
    for field in option_fields():
        value = values.get(field.param)
        if value is None or value == ():
            continue
        if field.kind == "list" and field.key != "categories":
            value = list(value)
        elif field.key == "postal_address":
            value = value.replace("\\n", "\n")
        target = raw.setdefault(field.section, {}) if field.section else raw
        target[field.key] = value
        given[field.path] = field.option_name
    return given


def blame_options(error: InvalidAnswers, given: dict[str, str]) -> InvalidAnswers:
    """The same problems, each naming the option that gave the value (a bad --email)."""
    problems = [
        Problem(f"{given[p.field]} ({p.field})", p.msg) if p.field in given else p
        for p in error.problems
    ]
    return InvalidAnswers(error.source, problems)
