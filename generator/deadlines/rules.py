"""The rules the deadline engine counts by, read from ``generator/data/deadlines.toml``: how
periods end under each law (:class:`Counting`) and each period with its source (:class:`Period`).
The file's comments say what each rule rests on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from generator.base.assets import asset_dir, load_data
from generator.base.errors import ObjectionError
from generator.base.i18n import N_

#: What a period is for: the answer to an objection, to an access request, the reply-by day of a
#: reminder, the acknowledgement of a complaint made to the controller, news from the authority.
What = Literal["answer", "access", "reminder", "acknowledgement", "authority"]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Counting:
    """How a period ends under one law."""

    key: str
    #: The day the period runs from is its first day ("beginning with", UK drafting); else the
    #: next day is (Regulation 1182/71, Art. 3(1)).
    start_day_counts: bool
    #: Days of the week that are not working days (0 = Monday).
    weekend: frozenset[int]
    #: Calendars whose public holidays end no period: "controller" (its country), "authority"
    #: (the member's country, where its authority acts), or "CC[:SUB,SUB]".
    holidays: tuple[str, ...]
    rule: dict[str, str]
    source: str
    checked: dt.date


@dataclass(frozen=True)
class Extension:
    """The extension the law allows: how long at most (None: no cap, the date the controller
    gives), whether it must be announced within the first period, and with reasons."""

    months: int | None
    announce_within_period: bool
    reasons: bool
    #: The provision, as a sentence names it ("Article 12(3) GDPR").
    cite: dict[str, str]
    rule: dict[str, str]
    source: str
    checked: dt.date
    confirmed: bool = True
    #: False: the law gives no power to set a later date (s. 19(2) PDPO): the date announced
    #: is recorded and said, the period's end stays the legal date.
    moves: bool = True


@dataclass(frozen=True)
class Period:
    """One period: its length (months or days), how it is counted, where it comes from."""

    law: str
    what: What
    months: int | None
    days: int | None
    counting: Counting
    rule: dict[str, str]
    source: str
    checked: dt.date
    #: False: not the law's (the member's own request, our practice).
    legal: bool = True
    extension: Extension | None = None


def _fail(where: str, reason: str) -> ObjectionError:
    return ObjectionError(
        N_(
            "The data file %(path)s is damaged at %(where)s (%(reason)s): reinstall objection, "
            "or correct the file."
        ),
        path=asset_dir("data") / "deadlines.toml",
        where=where,
        reason=reason,
    )


def _counting(key: str, data: dict[str, Any]) -> Counting:
    try:
        weekend = frozenset(WEEKDAYS.index(day) for day in data["weekend"])
        return Counting(
            key,
            bool(data["start_day_counts"]),
            weekend,
            tuple(data["holidays"]),
            dict(data["rule"]),
            str(data["source"]),
            data["checked"],
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise _fail(f"counting.{key}", repr(exc)) from None


def _period(law: str, what: str, data: dict[str, Any], countings: dict[str, Counting]) -> Period:
    where = f"periods.{law}.{what}"
    try:
        extension = data.get("extension")
        period = Period(
            law,
            what,  # type: ignore[arg-type]
            data.get("months"),
            data.get("days"),
            countings[data["counting"]],
            dict(data["rule"]),
            str(data["source"]),
            data["checked"],
            legal=bool(data.get("legal", True)),
            extension=Extension(
                extension.get("months"),
                bool(extension["announce_within_period"]),
                bool(extension["reasons"]),
                dict(extension["cite"]),
                dict(extension["rule"]),
                str(extension["source"]),
                extension["checked"],
                bool(extension.get("confirmed", True)),
                bool(extension.get("moves", True)),
            )
            if extension
            else None,
        )
    except (KeyError, TypeError) as exc:
        raise _fail(where, repr(exc)) from None
    if (period.months is None) == (period.days is None):
        raise _fail(where, "give months or days")
    return period


@cache
def rules() -> dict[tuple[str, str], Period]:
    """Every period, by (regime law, what)."""
    data = load_data("deadlines")
    countings = {key: _counting(key, value) for key, value in data["counting"].items()}
    return {
        (law, what): _period(law, what, value, countings)
        for law, periods in data["periods"].items()
        for what, value in periods.items()
    }


def period_for(law: str, what: What) -> Period | None:
    """The period ``what`` under the regime ``law`` (None: that law sets none)."""
    return rules().get((law, what))
