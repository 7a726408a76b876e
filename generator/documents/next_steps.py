"""What the member does after writing the letter, in order, and the date an answer is due."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from generator.answers.model import Answers
from generator.base.i18n import gettext, long_date, typographic
from generator.base.version import __version__
from generator.deadlines import Dated, Receipt, answer_due, explain, if_sent_today, receipt
from generator.documents.dates import due_long
from generator.documents.letter import Letter, build_letter
from generator.documents.templates import environment, regime_template
from generator.facts.controllers import load_controller
from generator.facts.models import Route


def _localised(entry: Route | None, locale: str) -> dict[str, Any] | None:
    """A controller-data route with its per-language values ({"en": …, "it": …}) resolved."""
    if entry is None:
        return None
    return {k: (v[locale] if isinstance(v, dict) else v) for k, v in entry.model_dump().items()}


@dataclass(frozen=True)
class NextSteps:
    text: str
    #: When the answer is due, with how it was reached: counted from the day the letter was
    #: received (estimated for a posted letter without a recorded day of delivery); for a
    #: letter not yet sent, from its date, as if it arrived that day through the web form.
    answer: Dated
    letter: Letter
    #: When the controller received the letter; None: not recorded as sent.
    receipt: Receipt | None = None
    #: Not sent yet: the due date for each route if the letter left on the day it was made.
    if_sent: tuple[tuple[str, Dated], ...] = ()

    @property
    def due(self) -> dt.date:
        return self.answer.day


def next_steps(
    answers: Answers,
    locale: str,
    *,
    sent_on: dt.date | None = None,
    sent_via: str | None = None,
    received_on: dt.date | None = None,
) -> NextSteps:
    """The member's next steps in ``locale``.

    The answer's month runs from the day the controller received the letter: ``received_on``,
    else the day it was ``sent_on`` through a form, an e-mail or a PEC, else (post) an estimate
    (:func:`generator.deadlines.receipt`); for a letter not yet sent, from its date.
    """
    controller = load_controller(answers.controller)
    letter = build_letter(answers, locale)
    law = letter.law
    received = receipt(
        sent_on, sent_via, received_on, origin=law.country, destination=law.controller.country
    )
    if received is None:  # as if it left on its date: each route; the form's the due date
        if_sent = tuple(if_sent_today(answers.date, law))
        answer = dict(if_sent)["form"]
    else:
        answer, if_sent = answer_due(received, law), ()
    due = answer.day
    template = environment("text", locale).get_template(regime_template("next_steps", law))
    text = template.render(
        letter=letter,
        due_long=due_long(due, bool(received and received.estimated), locale),
        due_reason=typographic(explain(answer, locale)),
        if_sent={via: due_long(d.day, d.estimated, locale) for via, d in if_sent},
        sent_long=long_date(sent_on, locale) if sent_on else None,
        sent_via=sent_via,
        received_long=long_date(received.day, locale) if received else None,
        received_estimated=bool(received and received.estimated),
        setting=_localised(controller.data.setting, locale),
        form=_localised(controller.data.objection_form, locale),
        dpo_form=_localised(controller.data.dpo_form, locale),
        routes={k: _localised(v, locale) for k, v in controller.data.routes.items()},
    )
    return NextSteps(
        re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", answer, letter, received, if_sent
    )


def calendar_file(steps: NextSteps) -> bytes:
    """The deadline as an iCalendar event (all day, with a reminder the day before)."""
    import icalendar

    letter = steps.letter
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//objection//objection {__version__}//EN")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{letter.reference}@objection")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", steps.due)
    event.add("dtend", steps.due + dt.timedelta(days=1))
    summary = _summary(steps)
    event.add("summary", summary)
    # How the date was reached, then the last numbered step: where to complain if no answer
    # comes.
    last_step = re.split(r"\n(?=\d+\. )", steps.text)[-1]
    reason = explain(steps.answer, letter.locale)
    event.add("description", f"{reason}\n\n{' '.join(last_step.split())}")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(days=-1))
    event.add_component(alarm)
    cal.add_component(event)
    return bytes(cal.to_ical())


def _summary(steps: NextSteps) -> str:
    """The calendar event's title: the answer is due that day, or by that day at the latest
    (the day of receipt estimated), or that day if the letter, not yet sent, arrives on its
    date."""
    _ = gettext(steps.letter.locale)
    letter = steps.letter
    values = {"controller": letter.controller.name, "reference": letter.reference}
    if steps.receipt is None:
        return _(
            "%(controller)s's answer to your objection is due, if your letter reaches it on "
            "%(date)s (%(reference)s)",
            date=letter.date_long,
            **values,
        )
    if steps.receipt.estimated:
        return _(
            "%(controller)s's answer to your objection is due by this day at the latest "
            "(%(reference)s)",
            **values,
        )
    return _("%(controller)s's answer to your objection is due (%(reference)s)", **values)
