"""The evidence in one file: a letter's pack (:func:`render_evidence`).

One tagged PDF/A-3 whose first page lists what it carries — the signed letter, the proof of
sending (a PEC delivery receipt, a postal receipt), the controller's answer, the reminder and
its proof — each with its SHA-256, and the timeline the register knows, in UTC: made, sent,
received, answer due, reminded, answered. The files travel inside it as PDF/A-3 associated
files; a manifest (``evidence.json``) lists their names and digests for ``objection verify``
(:mod:`generator.signature.pack`).

Given the member's signer, the pack is signed (PAdES, in a visible field at the end of its
list, as a letter is): the list of digests and the files it names cannot then be swapped
together without the signature saying so.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.base.errors import Msg
from generator.base.i18n import N_, gettext, italian_dates, resolve_locale
from generator.base.version import __version__
from generator.documents.after import Attachment, Pack, attachments_for, standing
from generator.documents.document import signed_when_text
from generator.documents.templates import environment
from generator.facts.controllers import load_controller
from generator.register.store import Record
from generator.signature.pack import MANIFEST


@dataclass(frozen=True)
class Event:
    """One line of the timeline: what, and when in UTC (a moment, or a day without a time)."""

    what: str
    when: str
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    """A pack as made: its bytes, what it carries, its timeline, and what it left out."""

    data: bytes
    reference: str
    attachments: tuple[Attachment, ...]
    timeline: tuple[Event, ...]
    notes: tuple[Msg, ...]
    #: Who signed the pack (the signer's name); None: not signed.
    signed_by: str | None = None

    def as_pack(self, path: Path) -> Pack:
        """The pack as a complaint attaches it, written to ``path``."""
        import hashlib

        listed = tuple(
            (a.name, a.description, hashlib.sha256(a.data).hexdigest()) for a in self.attachments
        )
        letter = next((a.name for a in self.attachments if a.role == "letter"), None)
        return Pack(self.data, path, listed, letter, self.signed_by, self.notes)


def render_evidence(
    record: Record,
    following: dict[str, Record],
    *,
    locale: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    signer: Any = None,
) -> Evidence:
    """The evidence pack of the letter ``record`` with what ``following`` it (the register's
    reminder and complaint), as a tagged PDF/A-3 dated ``now`` (UTC), signed by ``signer``
    (from :func:`generator.signature.sign.load_signer` or a card's) if there is one."""
    import hashlib

    from generator.pdf.writer import html_to_pdf

    locale = resolve_locale(locale, record.locale)
    today = today or dt.date.today()
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    found, notes = attachments_for(record, following, locale)
    timeline = _timeline(record, following, today, locale)
    _ = gettext(locale)
    title = _("Evidence – %(reference)s", reference=record.reference)
    html = (
        environment("html", locale)
        .get_template("evidence/evidence.html.j2")
        .render(
            title=title,
            record=record,
            controller=load_controller(record.controller).name,
            locale=locale,
            made=_utc(now),
            attachments=[(a, hashlib.sha256(a.data).hexdigest()) for a in found],
            timeline=timeline,
            notes=[note.text(locale) for note in notes],
            version=__version__,
            signed_by=signer.name if signer else None,
            signed_when=signed_when_text(locale, now) if signer else None,
        )
    )
    html = italian_dates(html) if locale == "it" else html
    manifest = _manifest(record, found, now)
    files = [(a.name, a.description, a.data) for a in found]
    files.append((MANIFEST, _("the list of these files with their SHA-256"), manifest))
    rendered = html_to_pdf(
        html,
        title=title,
        attachments=files,
        relationship="Supplement",
        locate_signature=signer is not None,
    )
    data = rendered.data if signer is None else _signed(rendered, signer, title)
    return Evidence(
        data,
        record.reference,
        tuple(found),
        timeline,
        tuple(notes),
        signer.name if signer else None,
    )


def _signed(rendered: Any, signer: Any, title: str) -> bytes:
    """The pack signed in the visible field after its lists (evidence.html.j2's anchors)."""
    from generator.signature.sign import sign_pdf

    assert rendered.signature_box is not None, "evidence.html.j2 has the signature-field anchors"
    page, box = rendered.signature_box
    return sign_pdf(rendered.data, signer, page=page, box=box, reason=title, location="")


def _manifest(record: Record, found: list[Attachment], now: dt.datetime) -> bytes:
    """What ``objection verify`` checks the attachments against."""
    import hashlib

    listed = {
        "reference": record.reference,
        "made": now.isoformat(timespec="seconds"),
        "files": [{"name": a.name, "sha256": hashlib.sha256(a.data).hexdigest()} for a in found],
    }
    return json.dumps(listed, indent=2, sort_keys=True).encode("utf-8")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _day(day: dt.date) -> str:
    return day.isoformat()


def _timeline(
    record: Record, following: dict[str, Record], today: dt.date, locale: str
) -> tuple[Event, ...]:
    """Made, sent, received, answer due, reminded, answered: what the register knows, in UTC
    (a day where the register keeps no time)."""
    _ = gettext(locale)
    state = standing(record, following, today)
    day_only = _("the day; no time is recorded")
    events = [Event(_("Made"), _utc(record.made_at))]
    if record.sent_on is not None:
        via = _(_VIA.get(record.sent_via or "", _HOW_UNKNOWN))
        events.append(Event(_("Sent"), _day(record.sent_on), f"{via}; {day_only}"))
    receipt = state.receipt
    if receipt is not None:
        moment = delivery_moment(record)
        if moment is not None:
            events.append(Event(_("Received"), _utc(moment), _("as its PEC delivery receipt says")))
        elif receipt.estimated:
            note = _("on or about: the usual time of registered post, no day recorded")
            events.append(Event(_("Received"), _day(receipt.day), note))
        else:
            events.append(Event(_("Received"), _day(receipt.day), day_only))
    if state.answer is not None and state.answer.extension is not None:
        events.append(_extension_event(state.answer, locale))
    if state.due is not None:
        note = _("at the latest") if receipt is not None and receipt.estimated else ""
        events.append(Event(_("Answer due"), _day(state.due), note))
    follow_up = following.get("follow_up")
    if follow_up is not None:
        if follow_up.sent_on is not None:
            events.append(Event(_("Reminder sent"), _day(follow_up.sent_on), day_only))
        else:
            note = _("made; not recorded as sent")
            events.append(Event(_("Reminder made"), _utc(follow_up.made_at), note))
    if record.answered_on is not None:
        outcome = _(_OUTCOMES.get(record.outcome or "", _OUTCOMES["none"]))
        events.append(Event(_("Answered"), _day(record.answered_on), f"{outcome}; {day_only}"))
    return tuple(events)


def _extension_event(answer: Any, locale: str) -> Event:
    """The extension the controller announced, and what the law makes of it."""
    _ = gettext(locale)
    outcome = answer.extension
    values = {"to": outcome.claim.to.isoformat(), "due": answer.day.isoformat()}
    if outcome.rule is not None and not outcome.lawful:
        note = _(
            "to %(to)s; it does not meet the conditions of %(cite)s: the due date stays",
            cite=outcome.rule.cite[locale],
            **values,
        )
    elif outcome.capped:
        note = _("to %(to)s; the law allows until %(due)s", **values)
    elif outcome.advisory:
        note = _("compliance by %(to)s; not a legal deadline", **values)
    else:
        note = _("to %(to)s", **values)
    return Event(_("Extension announced"), _day(outcome.claim.announced_on), note)


def delivery_moment(record: Record) -> dt.datetime | None:
    """When the letter was delivered, if its proof is a PEC delivery receipt for it that still
    reads so (the day alone is in the register; the moment is in the receipt)."""
    from generator.base.files import read_regular
    from generator.delivery.pec import DELIVERED, read_receipt

    if not record.proof_file or not record.proof_file.endswith(".eml"):
        return None
    try:
        data = read_regular(Path(record.proof_file), max_bytes=64 * 1024 * 1024)
        receipt = read_receipt(data, record.proof_file)
    except Exception:  # gone, changed, not a receipt: the register's day stands
        return None
    if receipt.kind != DELIVERED or receipt.moment.date() != record.received_on:
        return None
    return receipt.moment


_HOW_UNKNOWN = N_("how: not recorded")
_VIA = {
    "form": N_("through the web form"),
    "post": N_("by registered post"),
    "email": N_("by e-mail"),
    "pec": N_("by PEC"),
}
_OUTCOMES = {
    "upheld": N_("upheld"),
    "refused": N_("refused"),
    "partial": N_("upheld in part"),
    "none": N_("no decision"),
}
