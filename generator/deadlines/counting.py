"""How a period ends: its nominal last day (a month later, or so many days), then, where that
day is not a working day for the law's counting, the next one that is — with each day skipped
and why (a Saturday, a Sunday, a public holiday of which country, by name).

Public holidays come from the ``holidays`` library, imported when a date is first counted."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

from generator.base.errors import ObjectionError
from generator.base.i18n import N_
from generator.deadlines.rules import Counting, Period

#: Countries whose holiday names the ``holidays`` library gives in Italian, besides English.
_NAME_LANGUAGES = {"en": ("en_GB", "en_US", "en_IE", "en_HK"), "it": ("it",)}


@dataclass(frozen=True)
class DayOff:
    """A day a period could not end on."""

    day: dt.date
    #: A public holiday: its names by language ("en", "it" where the library has one) and
    #: the country (ISO 3166-1 alpha-2); None: a Saturday or a Sunday.
    holiday: dict[str, str] | None = None
    country: str | None = None
    #: A holiday in some of the country's parts only (a bank holiday of Northern Ireland).
    in_part: bool = False


def add_months(day: dt.date, months: int) -> dt.date:
    """The same date ``months`` later, or that month's last day (31 January + 1 → 28 February):
    Regulation 1182/71 Art. 3(2)(c), the ICO's method, Art. 77(1)(3) CO alike."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def nominal_end(period: Period, start: dt.date) -> dt.date:
    """The period's last day before any day off moves it."""
    if period.months is not None:
        end = add_months(start, period.months)
    else:
        assert period.days is not None
        end = start + dt.timedelta(days=period.days)
    return end - dt.timedelta(days=1) if period.counting.start_day_counts else end


def next_day(day: dt.date) -> dt.date:
    """The day after ``day`` (a complaint may be made the day after a period ends)."""
    return day + dt.timedelta(days=1)


def working_day(
    day: dt.date, counting: Counting, places: dict[str, str]
) -> tuple[dt.date, tuple[DayOff, ...]]:
    """``day``, or the first working day after it under ``counting``, with the days skipped.
    ``places``: the countries "controller" and "authority" stand for."""
    skipped: list[DayOff] = []
    while (off := _day_off(day, counting, places)) is not None:
        skipped.append(off)
        day = next_day(day)
    return day, tuple(skipped)


def _day_off(day: dt.date, counting: Counting, places: dict[str, str]) -> DayOff | None:
    for spec in counting.holidays:
        country, subdivisions = _calendar_spec(spec, places)
        names = _holiday(country, subdivisions, day)
        if names:
            return DayOff(day, names, country, in_part=bool(subdivisions))
    if day.weekday() in counting.weekend:
        return DayOff(day)
    return None


def _calendar_spec(spec: str, places: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    if spec in places:
        return places[spec], ()
    country, _, subdivisions = spec.partition(":")
    return country, tuple(s for s in subdivisions.split(",") if s)


def _holiday(country: str, subdivisions: tuple[str, ...], day: dt.date) -> dict[str, str]:
    """The holiday's names by language, where ``day`` is a public holiday in ``country`` (in
    any of ``subdivisions``, if given); else empty."""
    for subdivision in subdivisions or (None,):
        names = _names(country, subdivision, day.year).get(day)
        if names:
            return names
    return {}


@cache
def _names(country: str, subdivision: str | None, year: int) -> dict[dt.date, dict[str, str]]:
    import holidays

    known = holidays.list_supported_countries()
    if country not in known or (subdivision is not None and subdivision not in known[country]):
        # A calendar the library does not have: counting without its holidays would give a
        # due date too early, so nothing is counted.
        raise ObjectionError(
            N_(
                "No calendar of public holidays is known for %(country)s, where a deadline "
                "must be counted: update objection (its holidays library), or correct "
                "generator/data/deadlines.toml."
            ),
            code="deadlines.no_calendar",
            country=f"{country}-{subdivision}" if subdivision else country,
        )
    probe = holidays.country_holidays(country, subdiv=subdivision, years=year)
    days: dict[dt.date, dict[str, str]] = {day: {"en": name} for day, name in probe.items()}
    supported = set(probe.supported_languages)
    for locale, candidates in _NAME_LANGUAGES.items():
        language = next((c for c in candidates if c in supported), None)
        if language is None:
            continue
        named = holidays.country_holidays(
            country, subdiv=subdivision, years=year, language=language
        )
        for day, name in named.items():
            days.setdefault(day, {})[locale] = name
    return days
