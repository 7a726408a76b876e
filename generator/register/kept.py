"""What the register keeps of the answers a letter was made from: written with its entry
(:func:`record_for`), read back through :func:`stored_answers` alone — as a mapping for what a
letter's standing needs, as :class:`~generator.answers.model.Answers` for what follows it
(:func:`answers_of`). The grounds are never kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.base.errors import InvalidInput
from generator.base.i18n import N_
from generator.register.terms import KINDS, one_of

if TYPE_CHECKING:
    from generator.register.schema import Record


def record_for(
    answers: Any,
    document: Any,
    path: Path | str,
    *,
    kind: str = "objection",
    refers_to: str | None = None,
    campaign: str | None = None,
) -> Record:
    """The register's entry for ``document`` (a rendered letter) written to ``path``."""
    import hashlib
    import json

    from generator.register.schema import Record

    letter = document.letter
    kept = answers.model_dump(mode="json", exclude={"objection": {"grounds", "grounds_short"}})
    return Record(
        reference=letter.reference,
        name=answers.person.name,
        email=answers.person.email.lower(),
        controller=answers.controller,
        regime=letter.law.law,
        locale=letter.locale,
        letter_date=letter.date,
        file=str(Path(path).resolve()),
        sha256=hashlib.sha256(document.data).hexdigest(),
        made_at=dt.datetime.now(dt.UTC),
        kind=one_of(kind, KINDS),
        refers_to=refers_to,
        campaign=campaign,
        answers=json.dumps(kept, ensure_ascii=False, sort_keys=True),
        with_access=getattr(letter, "with_access", False),
    )


#: The grounds are not kept: what is rebuilt from the register says this instead, and no
#: document made from the register quotes them.
GROUNDS_NOT_KEPT = "(The grounds are in the letter; the register does not keep them.)"


def stored_answers(record: Record) -> dict[str, Any]:
    """The answers the register kept with ``record``, as a mapping (grounds excepted)."""
    import json

    if not record.answers:
        raise InvalidInput(
            N_(
                "The register does not hold the answers of %(reference)s (made by an older "
                "version): give the answers file."
            ),
            code="register.no_answers",
            reference=record.reference,
        )
    data: dict[str, Any] = json.loads(record.answers)
    return data


def answers_of(record: Record) -> Any:
    """The answers ``record`` was made from, rebuilt from the register (grounds excepted)."""
    from generator.answers.reading import answers_from_mapping

    data = stored_answers(record)
    data.setdefault("objection", {})["grounds"] = GROUNDS_NOT_KEPT
    data = _without_none(data)
    return answers_from_mapping(data, source=record.reference)


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    return value
