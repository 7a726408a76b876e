"""``objection status``: the letters in the register — made, sent, due, overdue, answered,
followed up, complained of; ``--campaign`` sums up one organisation's campaign."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections import Counter
from typing import Any

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    common_options,
    ui_gettext,
)
from generator.cli.registering import (
    open_register,
    register_option,
    report_skipped,
)

#: After a date estimated from the usual time of registered post (the legend explains it).
ESTIMATED = "*"
#: The due date of a letter not recorded as sent, in a table: nothing runs yet.
NOTHING_DUE = "—"


def standings(register: Any, today: dt.date, campaign: str | None = None) -> list[Any]:
    """Where each objection or access request (of ``campaign``) stands on ``today``: read once,
    for the table and for ``--explain``."""
    from generator import standing

    return [
        standing(record, register.following(record.reference), today)
        for record in register.letters(campaign=campaign, kinds=("objection", "access"))
    ]


def rows(states: list[Any]) -> list[dict[str, str]]:
    """Each letter of ``states`` as the status table shows it, with what followed: how
    it left and what its answer did in the messages' language, a day estimated marked
    :data:`ESTIMATED` (a posted letter's receipt, and the due date counted from it), no due
    date for a letter not recorded as sent. ``_outcome`` keeps the answer's code."""
    from generator import next_clock
    from generator.cli.answered import OUTCOME_NAMES
    from generator.cli.sent import VIA_NAMES

    _ = ui_gettext()
    table = []
    for state in states:
        record = state.record
        mark = ESTIMATED if state.receipt and state.receipt.estimated else ""
        upcoming = next_clock(state).dated
        table.append(
            {
                "reference": record.reference,
                "member": record.name,
                "controller": record.controller,
                "campaign": record.campaign or "",
                "made": record.letter_date.isoformat(),
                "sent": f"{record.sent_on.isoformat()} ({_(VIA_NAMES[record.sent_via])})"
                if record.sent_on and record.sent_via
                else "",
                "received": state.receipt.day.isoformat() + mark if state.receipt else "",
                "due": state.due.isoformat() + mark if state.due else "",
                "overdue": _("yes") if state.overdue else "",
                "answered": f"{record.answered_on.isoformat()} ({_(OUTCOME_NAMES[record.outcome])})"
                if record.answered_on and record.outcome
                else "",
                "follow_up": state.follow_up.letter_date.isoformat() if state.follow_up else "",
                "complaint": state.complaint.letter_date.isoformat() if state.complaint else "",
                "next": upcoming.day.isoformat() + (ESTIMATED if upcoming.estimated else "")
                if upcoming
                else "",
                "_outcome": record.outcome if record.answered_on and record.outcome else "",
            }
        )
    return table


def summary(table: list[dict[str, str]]) -> dict[str, int]:
    """A campaign in figures: made, sent, answered (and by outcome), overdue, followed up,
    complained of."""
    outcomes = Counter(row["_outcome"] for row in table if row["_outcome"])
    return {
        "made": len(table),
        "sent": sum(bool(row["sent"]) for row in table),
        "answered": sum(outcomes.values()),
        **{
            outcome: outcomes.get(outcome, 0)
            for outcome in ("upheld", "refused", "partial", "none")
        },
        "overdue": sum(bool(row["overdue"]) for row in table),
        "follow_up": sum(bool(row["follow_up"]) for row in table),
        "complaint": sum(bool(row["complaint"]) for row in table),
    }


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "List the letters in the register: made, sent, when an answer is due, overdue, "
        "answered, followed up, complained of."
    ),
)
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    cls=TranslatedOption,
    help=N_("Write CSV to standard output instead of a table."),
)
@click.option(
    "--campaign",
    metavar="NAME",
    cls=TranslatedOption,
    help=N_("Only one campaign (a batch's), summed up: made, sent, answered, overdue."),
)
@click.option(
    "--explain",
    is_flag=True,
    cls=TranslatedOption,
    help=N_(
        "After the table, each letter's dates with how they were reached (the rule, the day "
        "it ran from, the holidays skipped) and what to do next."
    ),
)
@register_option
@common_options
def status(as_csv: bool, campaign: str | None, explain: bool, locale: str | None) -> None:
    from generator import spreadsheet_safe

    _ = ui_gettext()
    if as_csv and explain:
        raise click.UsageError(_("--explain goes with the table, not with --csv."))
    register = open_register(read_only=True)
    if campaign is not None:
        register.check_campaign(campaign)
    states = standings(register, dt.date.today(), campaign)
    table = rows(states)
    report_skipped(register)
    headers = {
        "reference": _("Reference"),
        "member": _("Member"),
        "controller": _("Controller"),
        "campaign": _("Campaign"),
        "made": _("Made"),
        "sent": _("Sent"),
        "received": _("Received"),
        "due": _("Due"),
        "overdue": _("Overdue"),
        "answered": _("Answered"),
        "follow_up": _("Reminder"),
        "complaint": _("Complaint"),
        "next": _("Next date"),
    }
    if as_csv:
        writer = csv.DictWriter(
            sys.stdout, list(headers), lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in table)
        return
    if not table:
        click.echo(_("The register holds no letter yet: objection letter records each one."))
        return
    from rich.console import Console

    console = Console()
    if campaign is not None:
        console.print(_overview(table, campaign))
    shown = [
        k
        for k in headers
        if k != "campaign" and (k != "controller" or len({r["controller"] for r in table}) > 1)
    ]
    _print_table(console, table, headers, shown)
    if explain:
        from generator.cli.explain import print_explained

        print_explained(states)


def _print_table(
    console: Any, table: list[dict[str, str]], headers: dict[str, str], shown: list[str]
) -> None:
    """The widest layout the terminal can show whole: a column a fact, four columns, or a block
    of lines a letter; and what an estimated day means, if there is one."""
    _ = ui_gettext()
    unbounded = console.options.update_width(sys.maxsize)
    wide = _wide_table(table, headers, shown)
    narrow = _narrow_table(table, headers, shown)
    if console.measure(wide, options=unbounded).maximum <= console.width:
        console.print(wide)
    elif console.measure(narrow, options=unbounded).minimum <= console.width:
        console.print(narrow)
    else:
        console.print(_stacked(table, headers, shown))
    if any(row["due"].endswith(ESTIMATED) for row in table):
        console.print(
            _(
                "%(mark)s Estimated: the letter went by post and the day it arrived is not "
                "recorded, so it counts as arriving after the usual time of registered post, "
                "counted generously, and the answer is due by that day at the latest. Record the "
                "day with objection sent REF --received DATE.",
                mark=ESTIMATED,
            ),
            highlight=False,
        )


def _overview(table: list[dict[str, str]], campaign: str) -> Any:
    """A campaign in figures, as a two-column table."""
    from rich.table import Table

    _ = ui_gettext()
    figures = summary(table)
    labels = {
        "made": _("Made"),
        "sent": _("Sent"),
        "answered": _("Answered"),
        "upheld": _("– upheld"),
        "refused": _("– refused"),
        "partial": _("– upheld in part"),
        "none": _("– deciding nothing"),
        "overdue": _("Overdue"),
        "follow_up": _("Reminded"),
        "complaint": _("Complained of"),
    }
    overview = Table(title=_("Campaign %(name)s", name=campaign))
    overview.add_column(_("Letters"))
    overview.add_column(_("Count"), justify="right")
    for key, label in labels.items():
        overview.add_row(label, str(figures[key]))
    return overview


def _wide_table(table: list[dict[str, str]], headers: dict[str, str], shown: list[str]) -> Any:
    """One column a fact: for a terminal wide enough to show them all, unwrapped."""
    from rich.table import Table

    view = Table(show_lines=False)
    for key in shown:
        view.add_column(headers[key], no_wrap=key not in ("member",), overflow="fold")
    for row in table:
        view.add_row(*(row[k] for k in shown), style="bold red" if row["overdue"] else None)
    return view


#: What the narrow table stacks in its last column, in this order.
_STACKED = ("made", "sent", "received", "answered", "follow_up", "complaint", "next")


def _standing(row: dict[str, str], headers: dict[str, str], shown: list[str]) -> list[str]:
    """What the narrow layouts say of a letter besides its reference, member and due date."""
    facts = [row["controller"]] if "controller" in shown else []
    facts += [f"{headers[k]} {row[k]}" for k in _STACKED if row[k]]
    return [*facts, headers["overdue"]] if row["overdue"] else facts


def _narrow_table(table: list[dict[str, str]], headers: dict[str, str], shown: list[str]) -> Any:
    """Reference, member, due date and standing (the rest, one line a fact): an 80-column
    terminal shows every letter's reference and due date whole, and its member."""
    from rich.table import Table

    _ = ui_gettext()
    view = Table(show_lines=True)
    longest = max(len(row["reference"]) for row in table)
    view.add_column(headers["reference"], no_wrap=True, min_width=longest)
    view.add_column(headers["member"], overflow="fold", min_width=10)
    view.add_column(headers["due"], no_wrap=True, min_width=10)
    view.add_column(_("Standing"), min_width=16)
    for row in table:
        view.add_row(
            row["reference"],
            row["member"],
            row["due"] or NOTHING_DUE,
            "\n".join(_standing(row, headers, shown)),
            style="bold red" if row["overdue"] else None,
        )
    return view


def _stacked(table: list[dict[str, str]], headers: dict[str, str], shown: list[str]) -> Any:
    """A block of lines a letter, for a terminal too narrow for any table."""
    from rich.console import Group
    from rich.text import Text

    blocks = []
    for row in table:
        lines = [
            f"{row['reference']} · {headers['due']} {row['due'] or NOTHING_DUE}",
            row["member"],
            *_standing(row, headers, shown),
        ]
        style = "bold red" if row["overdue"] else ""
        blocks.append(Text("\n".join(lines) + "\n", style=style))
    return Group(*blocks)
