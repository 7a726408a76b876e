"""How the documents write the day an answer is due: "3 December 2026" where the day the letter
was received is known, "10 December 2026 at the latest" where it is an estimate (a posted letter
whose day of delivery was not recorded: see :func:`generator.deadlines.receipt`). A sentence
reads the same either way: "that is by …", "the answer was due by …"."""

from __future__ import annotations

import datetime as dt

from generator.base.i18n import gettext, long_date


def due_long(day: dt.date, estimated: bool, locale: str) -> str:
    """``day`` as the letter's language writes it, "at the latest" if ``estimated``."""
    text = long_date(day, locale)
    if not estimated:
        return text
    return gettext(locale)("%(date)s at the latest", date=text)
