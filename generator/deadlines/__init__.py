"""Every legal date a member's journey turns on: when a letter was received (or, posted without
a recorded day of delivery, when it is estimated to have been), when an answer is due, when a
reminder's time runs out, when the controller should have acknowledged a complaint. Documents,
the register and the commands ask here; none of them counts days on its own."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
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


#: How a letter left when the day it was sent is the day it was received, unless the member
#: records another: the controller's web form and a PEC give a dated receipt of delivery, an
#: e-mail reaches the mailbox when it is sent.
ARRIVES_WHEN_SENT = ("form", "email", "pec")


@dataclass(frozen=True)
class Receipt:
    """The day a letter reached its recipient: the day every period runs from (Art. 12(3)
    GDPR: "within one month of receipt of the request")."""

    day: dt.date
    #: Posted, with no day of delivery recorded: the day of posting plus the conservative
    #: delivery time of generator/data/delivery.toml ("on or about"; every date that follows
    #: is "at the latest").
    estimated: bool = False


def receipt(
    sent_on: dt.date | None,
    via: str | None,
    received_on: dt.date | None,
    *,
    origin: str,
    destination: str,
) -> Receipt | None:
    """When a letter sent on ``sent_on`` through ``via`` was received: the day the member
    recorded (``received_on``); else the sending day for a form, an e-mail or a PEC; else, for
    post, an estimate from ``origin`` to ``destination`` (countries). None: not sent."""
    if received_on is not None:
        return Receipt(received_on)
    if sent_on is None:
        return None
    if via in ARRIVES_WHEN_SENT:
        return Receipt(sent_on)
    from generator.facts.delivery import post_route

    days = post_route(origin, destination).days
    return Receipt(sent_on + dt.timedelta(days=days), estimated=True)


def letter_receipt(record: Any, law: Any) -> Receipt | None:
    """When the register's letter ``record`` was received (see :func:`receipt`): posted from
    the member's country (``law``, their :class:`~generator.facts.jurisdictions.Jurisdiction`)
    to the controller's, or, a complaint, to the member's own authority."""
    destination = law.country if record.kind == "complaint" else law.controller.country
    return receipt(
        record.sent_on,
        record.sent_via,
        record.received_on,
        origin=law.country,
        destination=destination,
    )


def answer_due(starts: dt.date, law: Any, *, access: bool = False) -> dt.date:
    """When the answer to a letter received on ``starts`` is due: a month (Art. 12(3) GDPR;
    the letter asks the same of others), or, for an access request, the regime's own days where
    it has them (Switzerland 30, Hong Kong 40). ``law`` is the member's
    :class:`generator.facts.jurisdictions.Jurisdiction`."""
    period = law.regime.access
    if access and period is not None:
        return starts + dt.timedelta(days=period.days)
    return add_one_month(starts)


def follow_up_reply_by(starts: dt.date) -> dt.date:
    """The day a follow-up dated ``starts`` asks an answer by."""
    return starts + dt.timedelta(days=FOLLOW_UP_DAYS)


def reminder_runs_until(dated: dt.date, received: Receipt) -> dt.date:
    """The last day a reminder dated ``dated`` and ``received`` leaves the controller to
    answer before a complaint may say it went unanswered: the day the reminder names, or, if it
    arrived after that day, the day it arrived."""
    return max(follow_up_reply_by(dated), received.day)


def acknowledgement_overdue(received: dt.date, today: dt.date) -> bool:
    """Whether a UK controller's s. 164A acknowledgement of the complaint it ``received`` is
    overdue (within 30 days of receiving it, s. 164A(3) DPA 2018). The complaint is the
    reminder: ``received`` is the day the reminder was received."""
    return today >= received + dt.timedelta(days=ACKNOWLEDGEMENT_DAYS)
