"""When a letter reached its recipient: the day every period runs from (Art. 12(3) GDPR:
"within one month of receipt of the request")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

#: How a letter left when the day it was sent is the day it was received, unless the member
#: records another: the controller's web form and a PEC give a dated receipt of delivery, an
#: e-mail reaches the mailbox when it is sent.
ARRIVES_WHEN_SENT = ("form", "email", "pec")


@dataclass(frozen=True)
class Receipt:
    """The day a letter reached its recipient, and how that day is known."""

    day: dt.date
    #: Posted, with no day of delivery recorded: the day of posting plus the conservative
    #: delivery time of generator/data/delivery.toml ("on or about"; every date that follows
    #: is "at the latest").
    estimated: bool = False
    #: The day it left and how ("form", "email", "pec", "post", …); None: not known here.
    sent_on: dt.date | None = None
    via: str | None = None
    #: The member recorded the day (a delivery proof, a PEC receipt, tracking).
    recorded: bool = False
    #: Not sent yet: the day it would be received if it left today (``if_sent_today``).
    planned: bool = False

    @property
    def delivery_days(self) -> int:
        """The days between sending and receipt (the estimate's delivery time)."""
        return (self.day - self.sent_on).days if self.sent_on else 0


def receipt(
    sent_on: dt.date | None,
    via: str | None,
    received_on: dt.date | None,
    *,
    origin: str,
    destination: str,
    planned: bool = False,
) -> Receipt | None:
    """When a letter sent on ``sent_on`` through ``via`` was received: the day the member
    recorded (``received_on``); else the sending day for a form, an e-mail or a PEC; else, for
    post, an estimate from ``origin`` to ``destination`` (countries). None: not sent."""
    if received_on is not None:
        return Receipt(received_on, sent_on=sent_on, via=via, recorded=True)
    if sent_on is None:
        return None
    if via in ARRIVES_WHEN_SENT:
        return Receipt(sent_on, sent_on=sent_on, via=via, planned=planned)
    from generator.facts.delivery import post_route

    days = post_route(origin, destination).days
    return Receipt(
        sent_on + dt.timedelta(days=days),
        estimated=True,
        sent_on=sent_on,
        via=via,
        planned=planned,
    )


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
