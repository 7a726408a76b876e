"""The dates the register page explains: how each date of a letter was reached, as the deadline
engine says it (the same words as ``objection status --explain``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator import explain, gettext


def due_explanation(state: Any, lang: str) -> str:
    """How each date of the letter ``state`` stands for was reached, in ``lang``: the answer's
    due date (from the receipt, by the regime's period, moved off days off, extended), then the
    reminder's time, the first day of a complaint and the authority's period, where they are
    known."""
    _ = translate_in(lang)
    if state.answer is None:
        return _(
            "Not recorded as sent: the answer is due a month after the controller receives it."
        )
    return " ".join(explain(dated, lang) for dated in state.dates())


def translate_in(lang: str) -> Callable[..., str]:
    """``_(message, **values)`` in ``lang``."""
    return gettext(lang)
