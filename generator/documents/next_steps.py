"""What the member does after writing the letter, in order, and the date an answer is due."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from generator.answers.model import Answers
from generator.base.i18n import gettext, long_date
from generator.base.version import __version__
from generator.deadlines import add_one_month
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
    due: dt.date
    letter: Letter


def next_steps(
    answers: Answers, locale: str, *, sent_on: dt.date | None = None, sent_via: str | None = None
) -> NextSteps:
    """The member's next steps in ``locale``.

    The answer's month runs from ``sent_on`` (when the letter left; UK: Art. 12A UK GDPR
    counts from receipt too) or, without it, from the letter's date.
    """
    controller = load_controller(answers.controller)
    letter = build_letter(answers, locale)
    due = add_one_month(sent_on or answers.date)
    template = environment("text", locale).get_template(regime_template("next_steps", letter.law))
    text = template.render(
        letter=letter,
        due_long=long_date(due, locale),
        sent_long=long_date(sent_on, locale) if sent_on else None,
        sent_via=sent_via,
        setting=_localised(controller.data.setting, locale),
        form=_localised(controller.data.objection_form, locale),
        dpo_form=_localised(controller.data.dpo_form, locale),
        routes={k: _localised(v, locale) for k, v in controller.data.routes.items()},
    )
    return NextSteps(re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", due, letter)


def calendar_file(steps: NextSteps) -> bytes:
    """The deadline as an iCalendar event (all day, with a reminder the day before)."""
    import icalendar

    _ = gettext(steps.letter.locale)
    letter = steps.letter
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//objection//objection {__version__}//EN")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{letter.reference}@objection")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", steps.due)
    event.add("dtend", steps.due + dt.timedelta(days=1))
    summary = _(
        "%(controller)s's answer to your objection is due (%(reference)s)",
        controller=letter.controller.name,
        reference=letter.reference,
    )
    event.add("summary", summary)
    # The last numbered step: where to complain if no answer comes.
    last_step = re.split(r"\n(?=\d+\. )", steps.text)[-1]
    event.add("description", " ".join(last_step.split()))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(days=-1))
    event.add_component(alarm)
    cal.add_component(event)
    return bytes(cal.to_ical())
