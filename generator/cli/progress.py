"""How a batch's rows are shown going: a progress bar in a terminal, else a line every 5%."""

from __future__ import annotations

from typing import Any

import click

from generator import DEFAULT_CONTROLLER
from generator.cli.common import (
    ui_gettext,
    ui_locale,
)


class Reporter:
    """Tells the user how the rows go: a progress bar in a terminal, else a line every 5%."""

    def __init__(self, total: int, *, quiet: bool, bar: bool):
        self.total, self.quiet = total, quiet
        self.done = self.failed = 0
        self._ = ui_gettext()
        self.progress: Any = self._progress() if bar else None

    def _progress(self) -> Any:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(self._("{task.fields[failed]} failed")),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )

    def __enter__(self) -> Reporter:
        if self.progress is not None:
            self.progress.__enter__()
            self.task = self.progress.add_task(self._("Letters"), total=self.total, failed=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.update(self.task, total=self.done)  # the sheet's length was a guess
            self.progress.__exit__(*exc)

    def __call__(self, result: Any) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        if result.status == "failed":
            self.failed += 1
            row = str(result.row)
            if result.controller != DEFAULT_CONTROLLER:
                row += f" ({result.controller})"
            self._say(self._("row %(row)s: %(error)s", row=row, error=_text(result.error)))
        if self.progress is not None:
            self.progress.update(self.task, advance=1, failed=self.failed)
        elif self.done % max(1, self.total // 20) == 0 or self.done == self.total:
            counts = {"done": self.done, "total": self.total, "failed": self.failed}
            self._say(self._("%(done)d/%(total)d rows, %(failed)d failed", **counts))

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress.console.print(message, markup=False, highlight=False)
        elif not self.quiet:
            click.echo(message, err=True)


def _text(message: Any) -> str:
    """A row's message in the language of the command line."""
    return message.text(ui_locale()) if hasattr(message, "text") else str(message)
