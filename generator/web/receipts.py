"""A PEC delivery receipt uploaded on the register page as the proof of a PEC sending: read and
recorded as ``objection sent REF --receipt`` does (:func:`pec_receipt`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator import ObjectionError, record_receipt


def pec_receipt(
    register: Any, reference: str, kept: Path | None, via: str, day: dt.date
) -> dt.date | None:
    """A PEC's proof that is its delivery receipt (an .eml with daticert.xml): recorded as
    ``objection sent REF --receipt`` does, the day of delivery with it; None if the proof is
    something else (a receipt for another message, of non-delivery, or changed: refused, and
    the upload removed)."""
    if via != "pec" or kept is None or kept.suffix != ".eml":
        return None
    # The upload replaced an earlier one at the same path: that one the register may name.
    ours = register.get(reference).proof_file != str(kept.resolve())
    try:
        recorded = record_receipt(register, reference, kept, sent_on=day)
    except ObjectionError as exc:
        if exc.code == "pec.not_receipt":
            return None  # an .eml that is no receipt: kept as the proof, as any other file
        if ours:
            kept.unlink(missing_ok=True)
        raise
    if ours:
        kept.unlink(missing_ok=True)  # kept beside the letter now
    received: dt.date = recorded.record.received_on
    return received
