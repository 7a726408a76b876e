"""The text for the controller's web objection form: the fullest wording that fits its limit.

The member's grounds are never cut. If even the most compact wording with the grounds does not
fit, :func:`form_text` says by how many characters, and the member can give a shorter version
(``objection.grounds_short``), which is then used for the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.answers.model import Answers
from generator.base.errors import InvalidInput, Msg, msg
from generator.base.i18n import N_
from generator.documents.letter import Letter, build_letter
from generator.documents.templates import environment, regime_template
from generator.facts.controllers import load_controller

LEVELS = (0, 1, 2)  # full, compact, minimal


@dataclass(frozen=True)
class FormText:
    text: str
    reference: str
    max_chars: int
    #: 0 full, 1 compact, 2 minimal wording.
    level: int
    #: Whether ``objection.grounds_short`` replaced the grounds to fit.
    short_grounds: bool
    #: What the user should know (unconfirmed facts, the form's unconfirmed limit).
    warnings: tuple[Msg, ...] = ()


def default_max_chars(controller: str) -> int:
    """The form's limit as the controller data states it."""
    return load_controller(controller).data.objection_form.max_chars or 2000


def _warnings(letter: Letter, max_chars: int | None) -> tuple[Msg, ...]:
    form = letter.controller.data.objection_form
    if max_chars is None and not form.max_chars_confirmed:
        limit = msg(
            "The form's limit of %(limit)d characters is not confirmed: if the form refuses "
            "the text, give its real limit.",
            code="form.limit_unconfirmed",
            limit=form.max_chars or 0,
        )
        return (*letter.warnings, limit)
    return letter.warnings


def _render(letter: Letter, grounds: str, level: int, sent_before: bool) -> str:
    name = regime_template("form", letter.law)
    template = environment("text", letter.locale).get_template(name)
    text = template.render(letter=letter, grounds=grounds, level=level, sent_before=sent_before)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def form_text(
    answers: Answers,
    locale: str,
    max_chars: int | None = None,
    *,
    letter_sent: bool = False,
    letter: Letter | None = None,
) -> FormText:
    """The form text for ``answers`` in ``locale``, at most ``max_chars`` characters long; it
    says the full letter was sent only if the register says so (``letter_sent``), else that it
    follows. ``letter``, just built from the same answers, is not built again."""
    limit = max_chars or default_max_chars(answers.controller)
    letter = letter or build_letter(answers, locale)
    sent_before = letter_sent
    # Paragraph breaks inside the grounds become spaces: a form field is one block of text.
    full = " ".join(answers.objection.grounds.split())
    short = answers.objection.grounds_short
    candidates = [(full, False)] + ([(" ".join(short.split()), True)] if short else [])
    for grounds, is_short in candidates:
        for level in LEVELS:
            text = _render(letter, grounds, level, sent_before)
            if len(text) <= limit:
                return FormText(
                    text, letter.reference, limit, level, is_short, _warnings(letter, max_chars)
                )
    # Nothing fits: say why, and by how much.
    shortest, _is_short = candidates[-1]
    frame = len(_render(letter, "", LEVELS[-1], sent_before))
    if frame >= limit:
        raise InvalidInput(
            N_(
                "A limit of %(limit)d characters is too small: even the shortest wording needs "
                "%(frame)d characters before your grounds. Allow more characters."
            ),
            code="form.limit_too_small",
            limit=limit,
            frame=frame + 1,
        )
    over = len(_render(letter, shortest, LEVELS[-1], sent_before)) - limit
    if short:
        raise InvalidInput(
            N_(
                "Your shorter grounds (objection.grounds_short) are still %(over)d characters "
                "too long for this form (limit %(limit)d): shorten them to at most %(room)d "
                "characters."
            ),
            over=over,
            limit=limit,
            room=len(shortest) - over,
        )
    raise InvalidInput(
        N_(
            "Your grounds are %(over)d characters too long for this form (limit %(limit)d): add a "
            "shorter version of at most %(room)d characters as objection.grounds_short in your "
            "answers; the letter keeps the full text."
        ),
        over=over,
        limit=limit,
        room=len(shortest) - over,
    )
