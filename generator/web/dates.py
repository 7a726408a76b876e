"""The dates the register page explains: how each answer's due date was reached.

:func:`due_explanation` is the hook for the explanations of due dates being built for
``objection status --explain``: the register page shows whatever it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from generator import add_one_month, gettext, long_date


def due_explanation(record: Any, due: dt.date, lang: str) -> str:
    """How the answer's due date was reached, in one sentence in ``lang``.

    The hook for the explanations of due dates being built for ``objection status --explain``:
    when the library gives each date's whole reasoning (extensions, receipt, the regime's own
    periods), return its text here; the register page shows whatever this returns.
    """
    _ = translate_in(lang)
    starts = long_date(record.starts, lang)
    if due == add_one_month(record.starts):
        period = _("One month after %(day)s", day=starts)
    else:
        period = _("%(days)d days after %(day)s", days=(due - record.starts).days, day=starts)
    if record.sent_on:
        return _("%(period)s, the day it left.", period=period)
    return _(
        "%(period)s, the letter's date: record when it left to count from that day.", period=period
    )


def translate_in(lang: str) -> Callable[..., str]:
    """``_(message, **values)`` in ``lang``."""
    return gettext(lang)
