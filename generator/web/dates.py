"""The dates the register page explains: how each answer's due date was reached.

:func:`due_explanation` is the hook for the explanations of due dates being built for
``objection status --explain``: the register page shows whatever it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator import add_one_month, gettext, long_date


def due_explanation(state: Any, lang: str) -> str:
    """How the answer's due date was reached, in one sentence in ``lang``: from the day the
    controller received the letter (recorded, the sending day of a form, e-mail or PEC, or
    estimated for post), by the regime's period.

    The hook for the explanations of due dates being built for ``objection status --explain``:
    when the library gives each date's whole reasoning (extensions, holidays), return its text
    here; the register page shows whatever this returns.
    """
    _ = translate_in(lang)
    received, due = state.receipt, state.due
    if received is None or due is None:
        return _(
            "Not recorded as sent: the answer is due a month after the controller receives it."
        )
    day = long_date(received.day, lang)
    if due == add_one_month(received.day):
        period = _("One month after %(day)s", day=day)
    else:
        period = _("%(days)d days after %(day)s", days=(due - received.day).days, day=day)
    if received.estimated:
        return _(
            "%(period)s, the day it was received by the ordinary course of post (an estimate: "
            "record the day of delivery if you know it).",
            period=period,
        )
    return _("%(period)s, the day it was received.", period=period)


def translate_in(lang: str) -> Callable[..., str]:
    """``_(message, **values)`` in ``lang``."""
    return gettext(lang)
