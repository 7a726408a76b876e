"""How a date was reached, said in the member's language: "18 March 2027: received on
17 February 2027, the day it was sent through the web form; plus one month (Art. 12(3) GDPR;
Regulation (EEC, Euratom) No 1182/71, Art. 3): 17 March 2027 is a public holiday in Ireland
(Saint Patrick's Day), so the period ends on the next working day." """

from __future__ import annotations

from generator.base.i18n import N_, country_name, gettext, long_date, ngettext
from generator.deadlines.clock import Dated, ExtensionOutcome
from generator.deadlines.receipt import Receipt

_MONTHS = {1: N_("one month"), 2: N_("two months"), 3: N_("three months")}
#: How a letter that arrives the day it leaves was sent.
_SENT = {
    "form": N_("received on %(day)s, the day it was sent through the web form"),
    "email": N_("received on %(day)s, the day it was sent by e-mail"),
    "pec": N_("received on %(day)s, the day it was sent by PEC"),
}
_PLANNED = {
    "form": N_("if sent through the web form on %(day)s, received the same day"),
    "email": N_("if sent by e-mail on %(day)s, received the same day"),
    "pec": N_("if sent by PEC on %(day)s, received the same day"),
}
#: "in Ireland", "nel Regno Unito": where a holiday is, as each language says it.
_IN = {
    "IE": N_("in Ireland"),
    "GB": N_("in the United Kingdom"),
    "CH": N_("in Switzerland"),
    "US": N_("in the United States"),
    "HK": N_("in Hong Kong"),
}
_IN_PART = {"GB": N_("in part of the United Kingdom")}
_WEEKEND = {5: N_("%(day)s is a Saturday"), 6: N_("%(day)s is a Sunday")}


def explain(dated: Dated, locale: str) -> str:
    """``dated`` with how it was reached, in ``locale``."""
    _ = gettext(locale)
    day = long_date(dated.day, locale)
    if dated.kind == "complaint":
        assert dated.after is not None
        if dated.after.kind == "reminder_until" or dated.after.kind == "reminder":
            return _(
                "%(date)s: the day after the time your reminder gave ran out (%(last)s).",
                date=day,
                last=long_date(dated.after.day, locale),
            )
        return _(
            "%(date)s: the day after the answer was due (%(last)s).",
            date=day,
            last=long_date(dated.after.day, locale),
        )
    if dated.kind == "reminder_until" and dated.after and dated.after.kind in ("answer", "access"):
        return _(
            "%(date)s: your reminder was sent while the controller's extension ran, and asks "
            "for an answer by the extension's end.",
            date=day,
        )
    if dated.kind == "reminder_until":
        assert dated.after is not None
        return _(
            "%(date)s: your reminder arrived that day, after the day it named (%(named)s), so "
            "its time runs until the day it arrived.",
            date=day,
            named=long_date(dated.after.day, locale),
        )
    parts = [_start(dated, locale), _period(dated, locale)]
    text = _("%(date)s: %(how)s", date=day, how="; ".join(p for p in parts if p))
    if dated.extension is not None:
        text += "; " + _extension(dated.extension, locale)
    return text + "."


def _start(dated: Dated, locale: str) -> str:
    _ = gettext(locale)
    got = dated.receipt
    if got is None:
        return _("from the reminder's date, %(day)s", day=long_date(dated.start, locale))
    return _received(got, locale)


def _received(got: Receipt, locale: str) -> str:
    _ = gettext(locale)
    day = long_date(got.day, locale)
    if got.recorded:
        return _("received on %(day)s (the day you recorded)", day=day)
    if got.estimated:
        sent = long_date(got.sent_on, locale) if got.sent_on else "—"
        if got.planned:
            return _(
                "if posted on %(sent)s, received on or about %(day)s (%(days)d days for "
                "delivery: our cautious estimate)",
                sent=sent,
                day=day,
                days=got.delivery_days,
            )
        return _(
            "received on or about %(day)s: posted on %(sent)s, plus %(days)d days for delivery "
            "(our cautious estimate; record the day of delivery if you know it)",
            day=day,
            sent=sent,
            days=got.delivery_days,
        )
    table = _PLANNED if got.planned else _SENT
    if got.via in table:
        return _(table[got.via], day=day)
    return _("received on %(day)s", day=day)


def _period(dated: Dated, locale: str) -> str:
    _ = gettext(locale)
    period = dated.period
    if period is None:
        return ""
    if period.months is not None:
        length = _(_MONTHS[period.months]) if period.months in _MONTHS else str(period.months)
    else:
        n_ = ngettext(locale)
        length = n_("%(num)d day", "%(num)d days", period.days or 0)
    rule = period.rule[locale]
    if period.legal:
        rule = f"{rule}; {period.counting.rule[locale]}"
    text = _("plus %(length)s (%(rule)s)", length=length, rule=rule)
    first = dated.extension.first if dated.extension is not None else dated
    if first.days_off:
        return text + ": " + _days_off(first, locale)
    if first is not dated and first.day != dated.day:
        text += _(", to %(date)s", date=long_date(first.day, locale))
    return text


def _days_off(first: Dated, locale: str) -> str:
    _ = gettext(locale)
    said = []
    for off in first.days_off:
        day = long_date(off.day, locale)
        if off.holiday is not None and off.country is not None:
            table = _IN_PART if off.in_part else _IN
            where = (
                _(table[off.country])
                if off.country in table
                else _("in %(country)s", country=country_name(off.country, locale))
            )
            said.append(
                _(
                    "%(day)s is a public holiday %(where)s (%(name)s)",
                    day=day,
                    where=where,
                    name=off.holiday.get(locale, off.holiday["en"]),
                )
            )
        else:
            said.append(_(_WEEKEND[off.day.weekday()], day=day))
    return _(
        "%(days)s, so the period ends on the next working day, %(date)s",
        days=", ".join(said),
        date=long_date(first.day, locale),
    )


def _extension(outcome: ExtensionOutcome, locale: str) -> str:
    _ = gettext(locale)
    claim = outcome.claim
    values = {
        "to": long_date(claim.to, locale),
        "announced": long_date(claim.announced_on, locale),
        "rule": outcome.rule.rule[locale] if outcome.rule else "",
    }
    if outcome.rule is None and not outcome.not_allowed:
        return _(
            "the controller said on %(announced)s that it would answer by %(to)s: the law sets "
            "no period here, so that is the day to wait for",
            **values,
        )
    if outcome.not_allowed:
        return _(
            "the law allows no extension of this period, so the one announced on %(announced)s "
            "(to %(to)s) does not move it",
            **values,
        )
    values["cite"] = outcome.rule.cite[locale] if outcome.rule else ""
    if outcome.late:
        return _(
            "an extension to %(to)s was announced on %(announced)s, after the period had "
            "ended: it does not meet the conditions of %(cite)s, so the due date stays",
            **values,
        )
    if outcome.unreasoned:
        return _(
            "an extension to %(to)s was announced on %(announced)s without reasons for the "
            "delay: it does not meet the conditions of %(cite)s, so the due date stays",
            **values,
        )
    if outcome.advisory:
        return _(
            "on %(announced)s compliance by %(to)s was announced (%(rule)s): the law lets no "
            "such date be set, so the period's end stays the due date",
            **values,
        )
    text = _(
        "the controller announced on %(announced)s an extension to %(to)s (%(rule)s)", **values
    )
    if outcome.capped and outcome.cap is not None:
        text += _(", cut to %(cap)s, the most the law allows", cap=long_date(outcome.cap, locale))
    return text
