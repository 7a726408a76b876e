"""What each answers field means to every layer, written once beside the field.

A field of the answers models (:mod:`generator.answers.model`) carries a :class:`Spec` in its
annotation: its help text (a message id), how it is asked in a terminal, the spreadsheet
headers that mean it, whether the ``letter`` command has an option for it, and an example.
The CLI options, the interactive questions, the sheet's column table, the ``init`` file, the
"is missing: …" part of validation errors and the README's answers table all come from here.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.answers.spec import Spec


@dataclass(frozen=True)
class SchemaField:
    path: str  # "person.name"
    section: str  # "person" ("" at the top)
    key: str  # "name"
    spec: Spec
    required: bool
    default: Any
    kind: str  # "text", "bool", "list", "date", "path", "choice"

    @property
    def option_name(self) -> str:
        name = self.spec.option if isinstance(self.spec.option, str) else self.key
        return "--" + name.replace("_", "-")

    @property
    def param(self) -> str:
        """The Python name of its option's value ("person__name")."""
        return self.path.replace(".", "__")

    @property
    def headers(self) -> tuple[str, ...]:
        keys = (self.key, f"{self.section}_{self.key}") if self.section else (self.key,)
        return tuple(dict.fromkeys((*keys, *self.spec.columns)))


def _kind(annotation: Any) -> str:
    import datetime as dt
    from pathlib import Path

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _kind(args[0])
    if origin is typing.Literal:
        return "choice"
    if origin is list:
        return "list"
    if annotation is bool:
        return "bool"
    if annotation is dt.date:
        return "date"
    if annotation is Path:
        return "path"
    return "text"


def _spec(metadata: list[Any]) -> Spec | None:
    return next((m for m in metadata if isinstance(m, Spec)), None)


def walk(model: Any, section: str = "") -> Iterator[SchemaField]:
    """The fields of ``model`` (a pydantic model class) that carry a Spec, in order."""
    from pydantic import BaseModel

    for key, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from walk(annotation, key)
            continue
        spec = _spec(info.metadata)
        if spec is None:
            continue
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        yield SchemaField(
            path=f"{section}.{key}" if section else key,
            section=section,
            key=key,
            spec=spec,
            required=info.is_required(),
            default=default,
            kind=_kind(annotation),
        )


@cache
def answers_fields() -> tuple[SchemaField, ...]:
    """Every field of one member's answers, in the order of an answers file."""
    from generator.answers.model import Answers  # pydantic: not for `objection --help`

    return tuple(walk(Answers))


def field(path: str) -> SchemaField:
    return next(f for f in answers_fields() if f.path == path)


def sections() -> list[str]:
    return list(dict.fromkeys(f.section for f in answers_fields() if f.section))


def markdown_table() -> str:
    """The README's table of answers fields (English help texts)."""
    rows = [
        "| field | required | what it holds | sheet columns | `letter` option |",
        "|---|---|---|---|---|",
    ]
    for f in answers_fields():
        text = f.spec.help[:1].upper() + f.spec.help[1:]
        columns = ", ".join(f"`{h}`" for h in f.headers) if f.spec.sheet else "—"
        option = f"`{f.option_name}`" if f.spec.option else "—"
        rows.append(
            f"| `{f.path}` | {'yes' if f.required else 'no'} | {text} | {columns} | {option} |"
        )
    return "\n".join(rows) + "\n"
