"""What follows a letter, over the whole register: whether a reminder or complaint may be made
for a letter (:func:`check_may_follow`), and every one that is due, made with a manifest
(:func:`make_due`)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.base.errors import InvalidInput, Msg, ObjectionError, msg
from generator.base.files import spreadsheet_safe, write_file
from generator.base.i18n import N_
from generator.making.operation import make
from generator.making.request import Kind, Made, Request

MANIFEST_COLUMNS = ["reference", "document", "name", "email", "file", "sha256", "status", "error"]


def check_may_follow(kind: str, standing: Any, *, early: bool = False) -> None:
    """A follow-up before the answer is overdue, or after an answer; a complaint before the
    answer is overdue or refused, or while a reminder's own time runs; anything about a letter
    the register does not say left, or after an upheld objection: refused, with why.

    ``early``: the member confirmed a complaint before the reminder's time runs out, or a
    reminder while an extension the controller announced runs (the document then says so; see
    :class:`generator.documents.after.Story`)."""
    record = standing.record
    if record.outcome == "upheld":
        raise InvalidInput(
            N_(
                "%(reference)s was upheld (objection answered): there is nothing to follow up "
                "or complain about."
            ),
            reference=record.reference,
        )
    if standing.receipt is None:
        from generator.documents.after import raise_not_sent

        raise_not_sent(record.reference)
    held = early and standing.extension_running  # follow-up --force, confirmed
    if kind == "follow_up" and not standing.may_follow_up and not held:
        _follow_up_refused(standing)
    if kind == "complaint" and not standing.may_complain:
        _complaint_refused(standing, early)


def _follow_up_refused(standing: Any) -> None:
    record = standing.record
    if standing.refused:
        raise InvalidInput(
            N_(
                "%(reference)s was answered (%(outcome)s): a reminder is for silence; a "
                "complaint is what follows a refusal."
            ),
            code="follow_up.answered",
            reference=record.reference,
            outcome=record.outcome,
        )
    if standing.extension_running:
        raise InvalidInput(
            N_(
                "The controller extended the time to answer %(reference)s to %(due)s: a "
                "reminder can be made from %(first)s. If the answer came, record it."
            ),
            code="follow_up.extended",
            reference=record.reference,
            until=standing.due.isoformat(),
            due=standing.due,
            first=standing.complaint_from,
        )
    raise InvalidInput(
        N_(
            "The answer to %(reference)s is due by %(due)s: a reminder can be made from the "
            "day after. If it came, record it."
        ),
        code="follow_up.not_due",
        reference=record.reference,
        due=_due(standing),
    )


def _complaint_refused(standing: Any, early: bool) -> None:
    record = standing.record
    if not standing.overdue:
        raise InvalidInput(
            N_(
                "The answer to %(reference)s is due by %(due)s and has not been refused: a "
                "complaint can be made once it is overdue or refused."
            ),
            code="complaint.not_due",
            reference=record.reference,
            due=_due(standing),
        )
    if early:
        return
    reminder = standing.follow_up.reference
    if standing.reminder_unsent:
        raise InvalidInput(
            N_(
                "Your reminder %(reminder)s is not recorded as sent: record when it left, and "
                "make the complaint once the time it gives has run out."
            ),
            code="complaint.reminder_unsent",
            reminder=reminder,
        )
    raise InvalidInput(
        N_(
            "Your reminder %(reminder)s gives the controller until %(until)s to answer: a "
            "complaint can be made from %(first)s."
        ),
        code="complaint.reminder_running",
        reminder=reminder,
        until=standing.reminder_until,
        first=standing.complaint_from,
    )


def _due(standing: Any) -> Msg | dt.date:
    """The answer's due day, "at the latest" where the day of receipt is an estimate."""
    if standing.receipt.estimated:
        return msg("%(date)s at the latest", date=standing.due)
    return standing.due  # type: ignore[no-any-return]


@dataclass(frozen=True)
class DueRun:
    """What ``make_due`` did: one manifest row a letter, and where the manifest is."""

    rows: list[dict[str, str]]
    manifest: Path

    @property
    def failed(self) -> int:
        return sum(row["status"] != "ok" for row in self.rows)


def make_due(
    kind: Kind,
    template: Request,
    *,
    campaign: str | None = None,
    locale: str = "en",
    signer: Callable[[Any], Any] | None = None,
    on_made: Callable[[Made], None] | None = None,
    evidence_signer: Callable[[Any], Any] | None = None,
) -> DueRun:
    """Every reminder (``kind`` follow_up) or complaint due in ``template.register`` (of one
    ``campaign``), made like ``template`` says (format, folder, date, delivery), each from the
    answers the register kept; the manifest ``<kind>-manifest.csv`` in the output folder.
    A letter that cannot be made is a failed row (its error in ``locale``); the others go on.
    ``signer(answers)`` signs each as its letter was (``evidence_signer(answers)``, a complaint's
    evidence pack where the complaint itself is not signed); ``on_made(made)`` hears of each
    made."""
    from generator.documents.after import standing
    from generator.register.store import answers_of

    register, today = template.register, template.today
    if campaign is not None:
        register.check_campaign(campaign)
    rows = []
    for record in register.letters(campaign=campaign, kinds=("objection", "access")):
        following = register.following(record.reference)
        state = standing(record, following, today or dt.date.today())
        if not (state.follow_up_due if kind == "follow_up" else state.complaint_due):
            continue
        answers = answers_of(record)
        request = dataclasses.replace(
            template,
            kind=kind,
            answers=answers,
            record=record,
            following=following,
            signer=signer(answers) if signer else None,
            evidence_signer=evidence_signer(answers) if evidence_signer else None,
        )
        rows.append(_row(request, locale, on_made))
    manifest = template.out_dir / f"{kind.replace('_', '-')}-manifest.csv"
    write_file(manifest, _csv(rows))
    return DueRun(rows, manifest)


def _row(request: Request, locale: str, on_made: Callable[[Made], None] | None) -> dict[str, str]:
    record = request.record
    row = dict.fromkeys(MANIFEST_COLUMNS, "")
    row.update(reference=record.reference, name=record.name, email=record.email, status="failed")
    try:
        made = make(request)
    except ObjectionError as exc:
        row["error"] = exc.message(locale)
        return row
    if on_made is not None:
        on_made(made)
    row.update(
        document=made.letter.reference,
        file=made.path.name if made.path else "",
        sha256=hashlib.sha256(made.data).hexdigest(),
        status="ok",
    )
    return row


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8")
