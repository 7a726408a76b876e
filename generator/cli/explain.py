"""``status --explain`` and ``next-steps``: each date of a letter's journey with how it was
reached (the deadline engine's words), and what to do next, when."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from generator.cli.common import N_, ui_gettext, ui_locale

#: What each kind of date is, as a line of ``status --explain`` begins.
LABELS = {
    "answer": N_("Answer due"),
    "access": N_("Answer due"),
    "reminder": N_("Your reminder's time runs until"),
    "reminder_until": N_("Your reminder's time runs until"),
    "complaint": N_("A complaint can be made from"),
    "acknowledgement": N_("The controller must acknowledge your complaint by"),
    "authority": N_("The authority should give news by"),
}

#: What to do next, by :class:`generator.documents.after.NextClock` action.
NEXT = {
    "record_sending": N_(
        "Next: record when and how it left (objection sent %(reference)s --on DATE --via "
        "post|email|pec|form): every date runs from its receipt."
    ),
    "wait": N_(
        "Next: wait for the answer until %(date)s; a reminder can be made from the day after "
        "(objection follow-up %(reference)s)."
    ),
    "extended": N_(
        "Next: the controller extended the time to answer to %(date)s; a reminder can be made "
        "from the day after."
    ),
    "follow_up": N_(
        "Next: the answer is overdue since %(date)s: make the reminder (objection follow-up "
        "%(reference)s)."
    ),
    "send_reminder": N_(
        "Next: send your reminder and record when it left (objection sent %(reference)s-F --on "
        "DATE --via …)."
    ),
    "reminder_running": N_(
        "Next: if no answer comes, a complaint can be made from %(date)s (objection complaint "
        "%(reference)s)."
    ),
    "complaint": N_(
        "Next: a complaint to the authority can be made from %(date)s (objection complaint "
        "%(reference)s)."
    ),
    "authority": N_(
        "Next: if the authority has given no news of your complaint by %(date)s, ask it for "
        "news: the law gives it until then."
    ),
    "complained": N_("Next: wait for the authority's news: the law sets it no period."),
    "closed": N_("Nothing follows: the objection was upheld."),
}


def next_line(state: Any) -> tuple[dt.date | None, str]:
    """The next date of ``state``'s journey and what to do then, in the messages' language."""
    from generator import long_date, next_clock

    _ = ui_gettext()
    clock = next_clock(state)
    day = clock.dated.day if clock.dated else None
    return day, _(
        NEXT[clock.action],
        reference=state.record.reference,
        date=long_date(day, ui_locale()) if day else "—",
    )


def explained(state: Any) -> list[str]:
    """Each date of ``state``'s journey with its reason, then the next step."""
    from generator import explain

    _ = ui_gettext()
    lines = [f"{_(LABELS[dated.kind])}: {explain(dated, ui_locale())}" for dated in state.dates()]
    return [*lines, next_line(state)[1]]


def print_explained(states: list[Any]) -> None:
    """``status --explain``: a block a letter — its dates with their reasons, and what next."""
    import shutil
    import textwrap

    width = max(shutil.get_terminal_size().columns, 60)
    for state in states:
        record = state.record
        click.echo(f"\n{record.reference} · {record.name}")
        for line in explained(state):
            click.echo(textwrap.fill(line, width, initial_indent="  ", subsequent_indent="    "))
