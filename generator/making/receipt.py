"""A PEC delivery receipt into the register: the day the letter was received, and the receipt
kept beside the letter as the proof of its sending (:func:`record_receipt`).

No column of its own: the receipt is the sending's proof (``proof_file``, with its SHA-256) and
its day of delivery the day of receipt (``received_on``) — what every deadline runs from. The
time and zone stay in the kept receipt, where the evidence pack reads them again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.base.errors import InvalidInput, ObjectionError, visible
from generator.base.i18n import N_
from generator.delivery.pec import ACCEPTED, DELIVERED, NOT_DELIVERED, Receipt, read_receipt
from generator.signature.smime import SmimeCheck, check_smime

#: The largest receipt read: a complete delivery receipt carries the whole message (PEC
#: providers take messages of up to 30 MB a recipient, RFC 6109 3.1.1), and some more.
MAX_RECEIPT_BYTES = 48 * 1024 * 1024
#: The kept receipt's name beside the letter (``<letter's stem><suffix>``).
KEPT_SUFFIX = ".pec-delivery.eml"


@dataclass(frozen=True)
class ReceiptRecorded:
    """What recording a receipt did."""

    record: Any
    receipt: Receipt
    signature: SmimeCheck
    #: Where the receipt is kept (beside the letter).
    kept: Path
    #: The register did not say that the letter left: the receipt recorded that too.
    sending_recorded: bool


def record_receipt(
    register: Any,
    reference: str | None,
    path: Path,
    *,
    sent_on: dt.date | None = None,
    roots: list[Any] | None = None,
) -> ReceiptRecorded:
    """Read the PEC receipt ``path``; if it certifies that the letter ``reference`` was
    delivered, record the day of delivery as its day of receipt and keep the receipt beside the
    letter as its proof (a letter not yet recorded as sent is recorded as sent by PEC on
    ``sent_on``, else on the day of delivery). Anything else changes nothing: a receipt of
    non-delivery or of acceptance, one for another message, one whose signature does not match
    what it says (InvalidInput or ObjectionError, one sentence each)."""
    from generator.base.files import read_regular, write_file

    data = read_regular(path, max_bytes=MAX_RECEIPT_BYTES)
    receipt = read_receipt(data, path)
    record = register.get(reference)
    _check_for(receipt, record, path)
    _check_kind(receipt, record, path)
    signature = check_smime(receipt.signed_content, receipt.signature, receipt.moment, roots)
    if signature.signed and not signature.intact:
        raise InvalidInput(
            N_(
                "%(path)s has been changed since its provider signed it (its S/MIME signature "
                "does not match what it says): nothing was recorded; give the receipt as it "
                "came."
            ),
            code="pec.altered",
            path=path,
        )
    delivered = receipt.moment.date()  # the day where the receipt says it happened
    on = sent_on or record.sent_on or delivered
    if delivered < on or delivered < record.letter_date:  # before the receipt is kept
        raise InvalidInput(
            N_(
                "%(path)s says the message was delivered on %(received)s, before %(reference)s "
                "was dated or left (%(sent)s): nothing was recorded; give the receipt of this "
                "letter."
            ),
            code="pec.before_sending",
            path=path,
            received=delivered,
            reference=record.reference,
            sent=max(on, record.letter_date),
        )
    letter = Path(record.file)
    kept = letter.with_name(letter.stem + KEPT_SUFFIX)
    write_file(kept, data)
    sending_recorded = record.sent_on is None
    updated = register.mark_sent(
        record.reference,
        on,
        "pec",  # a delivery receipt is only given from one PEC box to another
        proof=kept,
        received=delivered,
    )
    return ReceiptRecorded(updated, receipt, signature, kept, sending_recorded)


def _check_for(receipt: Receipt, record: Any, path: Path) -> None:
    """The receipt is about this letter: the Message-ID our sending gave it names it; else the
    original message it carries holds the letter itself; else its subject names it."""
    ours = receipt.reference
    if ours is not None:
        if ours == record.reference:
            return
        raise _other(path, record, ours)
    named = re.search(rf"(?<![\w-]){re.escape(record.reference)}(?![\w-])", receipt.subject)
    if record.sha256 in receipt.carried_pdfs or named:
        return
    raise _other(path, record, visible(receipt.subject)[:120] or "?")


def _other(path: Path, record: Any, which: str) -> InvalidInput:
    return InvalidInput(
        N_(
            "%(path)s is a receipt for another message (%(which)s), not for %(reference)s: "
            "nothing was recorded; give the receipt of %(reference)s."
        ),
        code="pec.other_message",
        path=path,
        which=which,
        reference=record.reference,
    )


def _check_kind(receipt: Receipt, record: Any, path: Path) -> None:
    """A delivery receipt that reports no error; anything else is said in one sentence."""
    if receipt.kind in NOT_DELIVERED or (receipt.kind == DELIVERED and receipt.error != "nessuno"):
        raise ObjectionError(
            N_(
                "The receipt says that %(reference)s could not be delivered to %(to)s "
                "(%(reason)s): nothing was recorded; check the address and send it again."
            ),
            code="pec.not_delivered",
            reference=record.reference,
            to=visible(receipt.delivered_to or ", ".join(receipt.recipients) or "?"),
            reason=visible(receipt.error_detail or receipt.error)[:200],
        )
    if receipt.kind == ACCEPTED:
        raise InvalidInput(
            N_(
                "%(path)s is the acceptance receipt (your provider took the message on "
                "%(day)s): it does not say when the message was delivered; give the delivery "
                "receipt, the one whose subject begins with CONSEGNA."
            ),
            code="pec.acceptance",
            path=path,
            day=receipt.moment.date(),
        )
    if receipt.kind != DELIVERED:
        raise InvalidInput(
            N_(
                "%(path)s is a PEC message of kind %(kind)s, not a delivery receipt: give the "
                "receipt whose subject begins with CONSEGNA."
            ),
            code="pec.other_kind",
            path=path,
            kind=visible(receipt.kind)[:40],
        )
