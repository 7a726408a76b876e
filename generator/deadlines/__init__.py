"""The deadline engine: every legal date a member's journey turns on, computed from data
(``generator/data/deadlines.toml``: each period with its source, the counting of each law, the
extension it allows) and the public holidays of the ``holidays`` library — when a letter was
received (or, posted without a recorded day of delivery, when it is estimated to have been),
when its answer is due (moved by an extension as far as the law allows), when a reminder's time
runs out, when a complaint may be made, when the controller should acknowledge it and the
authority give news. Each date is a :class:`Dated` that says how it was reached
(:func:`explain`). Documents, the register and the commands ask here; none of them counts
days on its own."""

from __future__ import annotations

from generator.deadlines.clock import (
    ROUTES,
    Dated,
    ExtensionClaim,
    ExtensionOutcome,
    acknowledgement_due,
    answer_due,
    authority_news,
    complaint_from,
    extension_running,
    if_sent_today,
    reminder_reply_by,
    reminder_until,
)
from generator.deadlines.counting import DayOff, add_months
from generator.deadlines.explain import explain
from generator.deadlines.receipt import ARRIVES_WHEN_SENT, Receipt, letter_receipt, receipt
from generator.deadlines.rules import Counting, Extension, Period, period_for, rules

__all__ = [
    "ARRIVES_WHEN_SENT",
    "ROUTES",
    "Counting",
    "Dated",
    "DayOff",
    "Extension",
    "ExtensionClaim",
    "ExtensionOutcome",
    "Period",
    "Receipt",
    "acknowledgement_due",
    "add_months",
    "answer_due",
    "authority_news",
    "complaint_from",
    "explain",
    "extension_running",
    "if_sent_today",
    "letter_receipt",
    "period_for",
    "receipt",
    "reminder_reply_by",
    "reminder_until",
    "rules",
]
