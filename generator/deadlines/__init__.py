"""Every legal date a member's journey turns on: when an answer is due, when a reminder's time
runs out, when the controller should have acknowledged a complaint. Documents, the register and
the commands ask here; none of them counts days on its own."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

#: Days a follow-up gives the controller before the complaint is due (our practice, not a
#: legal period: the law's month has already passed when a reminder is sent).
FOLLOW_UP_DAYS = 14
#: Days within which a UK controller must acknowledge a complaint (s. 164A(3) DPA 2018: "within
#: the period of 30 days beginning when the complaint is received").
ACKNOWLEDGEMENT_DAYS = 30


def add_one_month(day: dt.date) -> dt.date:
    """The same day a month later, or that month's last day (31 January → 28 February).

    This is how a period "of one month" ends under EU law (Regulation 1182/71, Art. 3(2)(c)).
    """
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def answer_due(starts: dt.date, law: Any, *, access: bool = False) -> dt.date:
    """When the answer to a letter that started its clock on ``starts`` is due: a month (Art.
    12(3) GDPR; the letter asks the same of others), or, for an access request, the regime's own
    days where it has them (Switzerland 30, Hong Kong 40). ``law`` is the member's
    :class:`generator.facts.jurisdictions.Jurisdiction`."""
    period = law.regime.access
    if access and period is not None:
        return starts + dt.timedelta(days=period.days)
    return add_one_month(starts)


def follow_up_reply_by(starts: dt.date) -> dt.date:
    """The day a follow-up that left on ``starts`` asks an answer by."""
    return starts + dt.timedelta(days=FOLLOW_UP_DAYS)


def acknowledgement_overdue(starts: dt.date, today: dt.date) -> bool:
    """Whether a UK controller's s. 164A acknowledgement of a complaint is overdue on ``today``:
    the complaint is the reminder, and ``starts`` the day it left (the register's ``starts``
    of the follow-up record: its sending day, else its date)."""
    return today >= starts + dt.timedelta(days=ACKNOWLEDGEMENT_DAYS)
