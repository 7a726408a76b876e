"""``objection status``: the letters in the register — made, sent, due, overdue."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from typing import Any

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    common_options,
    open_register,
    ui_gettext,
)


def rows(register: Any, today: dt.date) -> list[dict[str, str]]:
    """Each letter as the status table shows it."""
    from generator.steps import add_one_month

    _ = ui_gettext()
    table = []
    for record in register.letters():
        due = add_one_month(record.starts)
        table.append(
            {
                "reference": record.reference,
                "member": record.name,
                "controller": record.controller,
                "made": record.letter_date.isoformat(),
                "sent": f"{record.sent_on.isoformat()} ({record.sent_via})"
                if record.sent_on
                else "",
                "due": due.isoformat(),
                "overdue": _("yes") if due < today else "",
            }
        )
    return table


@click.command(
    cls=TranslatedCommand,
    help=N_("List the letters in the register: made, sent, when an answer is due, overdue."),
)
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    cls=TranslatedOption,
    help=N_("Write CSV to standard output instead of a table."),
)
@common_options
def status(as_csv: bool, locale: str | None) -> None:
    from generator.files import spreadsheet_safe

    _ = ui_gettext()
    table = rows(open_register(), dt.date.today())
    headers = {
        "reference": _("Reference"),
        "member": _("Member"),
        "controller": _("Controller"),
        "made": _("Made"),
        "sent": _("Sent"),
        "due": _("Due"),
        "overdue": _("Overdue"),
    }
    if as_csv:
        writer = csv.DictWriter(sys.stdout, list(headers), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in table)
        return
    if not table:
        click.echo(_("The register holds no letter yet: objection letter records each one."))
        return
    from rich.console import Console
    from rich.table import Table

    view = Table(show_lines=False)
    for key, title in headers.items():
        view.add_column(title, no_wrap=key not in ("member", "controller"))
    for row in table:
        view.add_row(*(row[k] for k in headers), style="bold red" if row["overdue"] else None)
    Console().print(view)
