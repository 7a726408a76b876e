"""The evidence pack of a letter, made and written (:func:`make_evidence`): what
``objection evidence REF -o FILE.pdf`` and a complaint that attaches it call."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.base.files import write_file
from generator.documents.evidence import Evidence, render_evidence


def evidence_path(record: Any) -> Path:
    """Where a letter's pack goes by default: beside the letter, ``<letter>-evidence.pdf``."""
    letter = Path(record.file)
    return letter.with_name(f"{letter.stem}-evidence.pdf")


def make_evidence(
    register: Any,
    reference: str | None,
    output: Path | None = None,
    *,
    locale: str | None = None,
    today: dt.date | None = None,
    signer: Any = None,
) -> tuple[Evidence, Path]:
    """The pack of the letter ``reference`` (an objection or access request; without one, the
    only letter), signed by ``signer`` if given, written atomically to ``output`` (default:
    beside the letter)."""
    record = register.get(reference, kinds=("objection", "access"))
    evidence = render_evidence(
        record, register.following(record.reference), locale=locale, today=today, signer=signer
    )
    path = output or evidence_path(record)
    write_file(path, evidence.data)
    return evidence, path
