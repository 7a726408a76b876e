"""What one answers field is, for people: the :class:`Spec` each field of the answers models
carries in its annotation (:mod:`generator.answers.schema` reads them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Spec:
    """What one answers field is, for people: see the module docstring."""

    #: A lower-case phrase saying what the field holds (a message id): "your full name, …".
    help: str
    #: How it is asked in a terminal: "line", "lines", "optional", "yesno", "links",
    #: "categories", "grounds", "region" — or None: not asked (files, options, sheets only).
    ask: str | None = None
    #: The question, when the help text does not read as one (a message id).
    question: str | None = None
    #: Ask only when this other field (dotted path) is true (or, with a leading "!", false).
    when: str | None = None
    #: Ask only when the controller's data has this (a settings switch: "setting").
    needs: str | None = None
    #: Spreadsheet headers that mean the field, besides its key and section_key.
    columns: tuple[str, ...] = ()
    #: The ``letter`` command has an option for it (``--key``, or this name).
    option: bool | str = False
    #: A value for the init file and the README (None: left empty).
    example: Any = None
    #: A column of a staff sheet may fill it.
    sheet: bool = True
