"""Every date of a member's journey, each a :class:`Dated`: the day, and how it was reached —
from which day (a receipt, recorded or estimated; a reminder's date), by which period and
counting, with which days skipped, and the extension the controller announced.

``law`` below is the member's :class:`generator.facts.jurisdictions.Jurisdiction`: its regime
names the periods (``generator/data/deadlines.toml``), its controller the country whose holidays
the counting skips."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from generator.deadlines.counting import DayOff, add_months, next_day, nominal_end, working_day
from generator.deadlines.receipt import Receipt, receipt
from generator.deadlines.rules import Extension, Period, What, period_for

#: What a date is: a period's end (:data:`generator.deadlines.rules.What`), the last day a
#: reminder leaves the controller ("reminder_until"), the first day a complaint may be made.
Kind = What | Literal["reminder_until", "complaint"]


@dataclass(frozen=True)
class ExtensionClaim:
    """An extension the controller announced: to which day, on which day, with reasons or not."""

    to: dt.date
    announced_on: dt.date
    reasons: bool = True


@dataclass(frozen=True)
class ExtensionOutcome:
    """What an announced extension does to the due date, as the law says."""

    claim: ExtensionClaim
    #: The law's extension rule; None: the period is not the law's (nothing to check).
    rule: Extension | None
    #: The due date without the extension.
    first: Dated
    #: The latest day the law allows; None: no cap (the date the controller gives).
    cap: dt.date | None
    #: Announced after the first period ended, where the law wants it within.
    late: bool
    #: Announced without reasons, where the law wants them.
    unreasoned: bool
    #: The law knows no extension of this period (an access request's 30 days… and the rule is
    #: missing): the announcement moves nothing.
    not_allowed: bool = False

    @property
    def lawful(self) -> bool:
        return not (self.late or self.unreasoned or self.not_allowed)

    @property
    def advisory(self) -> bool:
        """Lawfully announced, but the law lets it set no date (s. 19(2) PDPO): said, not
        counted."""
        return self.lawful and self.rule is not None and not self.rule.moves

    @property
    def capped(self) -> bool:
        return self.lawful and self.cap is not None and self.claim.to > self.cap


@dataclass(frozen=True)
class Dated:
    """A date the engine gives, with how it was reached (said in words by
    :func:`generator.deadlines.explain.explain`)."""

    day: dt.date
    kind: Kind
    #: The day the period runs from (a receipt's day, a reminder's date); for "complaint" and
    #: "reminder_until", the day of ``after``.
    start: dt.date
    receipt: Receipt | None = None
    period: Period | None = None
    #: The period's last day before days off moved it.
    nominal: dt.date | None = None
    days_off: tuple[DayOff, ...] = ()
    extension: ExtensionOutcome | None = None
    #: "complaint": the date it comes the day after; "reminder_until": the reply-by day.
    after: Dated | None = None

    @property
    def estimated(self) -> bool:
        """Reached from an estimated day of receipt: "at the latest"."""
        if self.receipt is not None and self.receipt.estimated:
            return True
        return self.after is not None and self.after.estimated


def _law_period(law: Any, what: What) -> Period | None:
    return period_for(law.regime.law, what)


def _places(law: Any) -> dict[str, str]:
    """The countries whose holidays a counting may name: the controller's, where it answers;
    the member's, where their authority acts."""
    return {"controller": law.controller.country, "authority": law.country}


def _ended(period: Period, start: dt.date, law: Any, kind: Kind, got: Receipt | None) -> Dated:
    nominal = nominal_end(period, start)
    day, skipped = working_day(nominal, period.counting, _places(law))
    return Dated(day, kind, start, got, period, nominal, skipped)


def answer_due(
    received: Receipt, law: Any, *, access: bool = False, extension: ExtensionClaim | None = None
) -> Dated:
    """When the answer to a letter ``received`` is due: the regime's period for an objection
    or (``access``) an access request, moved by an ``extension`` as far as the law allows."""
    what: What = "access" if access else "answer"
    period = _law_period(law, what)
    if period is None:
        raise LookupError(f"deadlines.toml has no period {law.regime.law}.{what}")
    first = _ended(period, received.day, law, what, received)
    if extension is None:
        return first
    return _extended(first, period, extension, law)


def _extended(first: Dated, period: Period, claim: ExtensionClaim, law: Any) -> Dated:
    rule = period.extension
    if rule is None:
        outcome = ExtensionOutcome(claim, None, first, None, False, False, not_allowed=period.legal)
        if outcome.not_allowed:
            return _with(first, outcome)
        # Not the law's period (the month the member's letter asked for): the day the
        # controller gives is the day to wait for.
        return _with(first, outcome, claim.to)
    late = rule.announce_within_period and claim.announced_on > first.day
    unreasoned = rule.reasons and not claim.reasons
    cap = None
    if rule.months is not None:
        # The period and its further months, from receipt ("a maximum of three calendar
        # months"), ended as the period is.
        total = (period.months or 0) + rule.months
        cap, _ = working_day(add_months(first.start, total), period.counting, _places(law))
    outcome = ExtensionOutcome(claim, rule, first, cap, late, unreasoned)
    if not outcome.lawful or outcome.advisory:
        return _with(first, outcome)
    return _with(first, outcome, min(claim.to, cap) if cap else claim.to)


def _with(first: Dated, outcome: ExtensionOutcome, day: dt.date | None = None) -> Dated:
    if day is None or day <= first.day:
        return Dated(**{**first.__dict__, "extension": outcome})
    return Dated(day, first.kind, first.start, first.receipt, first.period, extension=outcome)


def extension_running(due: Dated, today: dt.date) -> bool:
    """The first period has passed on ``today``, but a lawful extension it moved the due date
    to still runs: no reminder yet."""
    outcome = due.extension
    return outcome is not None and outcome.lawful and outcome.first.day < today <= due.day


def reminder_reply_by(dated: dt.date, law: Any) -> Dated:
    """The day a reminder dated ``dated`` asks an answer by (our practice, in the data)."""
    period = _law_period(law, "reminder")
    assert period is not None, f"deadlines.toml has no period {law.regime.law}.reminder"
    return _ended(period, dated, law, "reminder", None)


def reminder_until(reply_by: Dated, received: Receipt) -> Dated:
    """The last day a reminder leaves the controller to answer before a complaint may say it
    went unanswered: the day it names, or, if it arrived after that day, the day it arrived."""
    if received.day <= reply_by.day:
        return reply_by
    return Dated(received.day, "reminder_until", received.day, received, after=reply_by)


def complaint_from(due: Dated, until: Dated | None = None) -> Dated:
    """The first day a complaint about silence may be made: the day after the answer's due
    date, or after the reminder's own time (``until``) where one was sent."""
    last = until if until is not None and until.day > due.day else due
    return Dated(next_day(last.day), "complaint", last.day, after=last)


def acknowledgement_due(received: Receipt, law: Any) -> Dated | None:
    """The UK: the last day the controller may acknowledge the complaint it ``received`` (the
    reminder, s. 164A DPA 2018); None where the member's law has no such period."""
    period = _law_period(law, "acknowledgement")
    return _ended(period, received.day, law, "acknowledgement", received) if period else None


def authority_news(received: Receipt, law: Any) -> Dated | None:
    """When the authority that ``received`` the complaint should have told the member of its
    progress or outcome (Art. 78(2) GDPR; the UK: s. 166 DPA 2018); None where the law sets no
    such period (Switzerland, Hong Kong)."""
    period = _law_period(law, "authority")
    return _ended(period, received.day, law, "authority", received) if period else None


#: The routes "if I sent it today" compares.
ROUTES = ("form", "email", "post")


def if_sent_today(today: dt.date, law: Any, *, access: bool = False) -> list[tuple[str, Dated]]:
    """For each route (the web form, an e-mail, the post), the due date if the letter left
    ``today``."""
    dates = []
    for via in ROUTES:
        got = receipt(
            today,
            via,
            None,
            origin=law.country,
            destination=law.controller.country,
            planned=True,
        )
        assert got is not None
        dates.append((via, answer_due(got, law, access=access)))
    return dates
