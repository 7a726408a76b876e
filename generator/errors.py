"""The project's error family: the CLI turns each into one message and an exit code."""

from __future__ import annotations

from dataclasses import dataclass


class ObjectionError(Exception):
    """Base class: ``str(error)`` is complete sentences for the user, already translated."""

    exit_code = 1


class InvalidInput(ObjectionError):
    """The user's input (answers file, option, spreadsheet row) is wrong: exit 2."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the answers: the field (dotted path) and a translated sentence."""

    field: str
    message: str


class InvalidAnswers(InvalidInput):
    """Everything wrong in one set of answers, each problem naming the source and the field."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        lines = [
            f"{source}: {p.field}: {p.message}" if p.field else f"{source}: {p.message}"
            for p in problems
        ]
        super().__init__("\n".join(lines))


class MissingFont(ObjectionError):
    """No installed font has glyphs for a script the letter needs: the machine, exit 1."""


class RenderError(ObjectionError):
    """The PDF or HTML could not be produced."""
