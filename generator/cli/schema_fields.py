"""The answers schema as the command line uses it: options of ``letter``, and their values."""

from __future__ import annotations

from functools import cache
from typing import Any

from generator.schema import SchemaField


@cache
def option_fields() -> tuple[SchemaField, ...]:
    from generator.schema import answers_fields

    return tuple(f for f in answers_fields() if f.spec.option)


def apply_options(raw: dict[str, Any], values: dict[str, Any]) -> list[str]:
    """Put the options' values into the answers mapping ``raw``; the options that gave one."""
    given = []
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
        given.append(field.option_name)
    return given
