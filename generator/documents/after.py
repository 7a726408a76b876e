"""What follows a letter: the reminder once the answer is overdue, the complaint to the
authority, and the targeted access request.

Each is a letter on the same page as the objection (letter.html.j2, signed the same way) with
its own body, ``templates/after/<kind>/``: a base and one child per regime. Python decides what
applies — when the answer was due, what happened, which authority, which attachments; the
templates and the catalogs say it. The register (:mod:`generator.register.store`) says what
happened to the letter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NoReturn

from generator.answers.model import Answers
from generator.base.errors import InvalidInput, Msg, msg
from generator.base.i18n import (
    LOCALES,
    N_,
    gettext,
    italian_dates,
    language_name,
    long_date,
    resolve_locale,
)
from generator.deadlines import (
    Dated,
    ExtensionClaim,
    Receipt,
    acknowledgement_due,
    answer_due,
    authority_news,
    complaint_from,
    extension_running,
    letter_receipt,
    reminder_reply_by,
    reminder_until,
)
from generator.documents.access import access_citations
from generator.documents.dates import due_long
from generator.documents.document import Document, Format, drawable_answers, signed_when_text
from generator.documents.letter import Letter, build_letter, reference_id, render_html, render_text
from generator.documents.templates import regime_piece, regime_template
from generator.facts.jurisdictions import Jurisdiction
from generator.register.store import SUFFIX, Record, stored_answers

Kind = Literal["follow_up", "complaint", "access"]


@dataclass(frozen=True)
class Standing:
    """Where a letter stands on ``today``: when it was received, what is due, what may follow.
    Every date comes from the deadline engine (:mod:`generator.deadlines`), with its reason;
    each is worked out once (the properties that count are cached)."""

    record: Record
    #: When the controller received the letter (estimated for a posted letter whose day of
    #: delivery was not recorded); None: the register does not say that it left.
    receipt: Receipt | None
    #: When the answer is due, counted from the receipt and moved by a lawful extension;
    #: None: not sent, nothing is due yet.
    answer: Dated | None
    follow_up: Record | None
    complaint: Record | None
    today: dt.date
    #: The member's law (its periods and the controller whose holidays count).
    law: Jurisdiction
    #: When the reminder was received; None: no reminder, or none recorded as sent.
    follow_up_receipt: Receipt | None = None
    #: When the authority received the complaint; None: none recorded as sent.
    complaint_receipt: Receipt | None = None

    @property
    def due(self) -> dt.date | None:
        return self.answer.day if self.answer else None

    @property
    def overdue(self) -> bool:
        return self.record.awaits_answer and self.due is not None and self.today > self.due

    @property
    def extension_running(self) -> bool:
        """The first period has passed but a lawful extension runs: no reminder yet."""
        return self.answer is not None and extension_running(self.answer, self.today)

    @property
    def refused(self) -> bool:
        return self.record.outcome in ("refused", "partial")

    @property
    def may_follow_up(self) -> bool:
        return self.overdue

    @property
    def reminder_unsent(self) -> bool:
        """A reminder was made, but the register does not say that it left."""
        return self.follow_up is not None and self.follow_up_receipt is None

    @functools.cached_property
    def reminder_reply_by(self) -> Dated | None:
        """The day the reminder made names for an answer (None: no reminder): its days, or,
        made while a lawful extension ran, the extension's end, as the reminder says."""
        if self.follow_up is None:
            return None
        named = reminder_reply_by(self.follow_up.letter_date, self.law)
        answer = self.answer
        if answer is None or answer.extension is None:
            return named
        made = self.follow_up.letter_date  # while the extension ran, it names its end
        if answer.extension.first.day < made <= answer.day and answer.day > named.day:
            return Dated(answer.day, "reminder_until", made, after=answer)
        return named

    @functools.cached_property
    def reminder_until_dated(self) -> Dated | None:
        """The last day the reminder leaves the controller to answer (None: no reminder sent)."""
        named = self.reminder_reply_by
        if named is None or self.follow_up_receipt is None:
            return None
        return reminder_until(named, self.follow_up_receipt)

    @property
    def reminder_until(self) -> dt.date | None:
        until = self.reminder_until_dated
        return until.day if until else None

    @property
    def reminder_running(self) -> bool:
        """The reminder's own time has not run out: no complaint may say it went unanswered."""
        until = self.reminder_until
        return until is not None and self.today <= until

    @functools.cached_property
    def complaint_from_dated(self) -> Dated | None:
        """The first day a complaint about silence may be made: once the answer is overdue
        and the reminder's time, if one was sent, has run out. None: not known while the
        register does not say that the letter (or the reminder made) left."""
        if self.answer is None or self.reminder_unsent:
            return None
        return complaint_from(self.answer, self.reminder_until_dated)

    @property
    def complaint_from(self) -> dt.date | None:
        start = self.complaint_from_dated
        return start.day if start else None

    @functools.cached_property
    def acknowledgement(self) -> Dated | None:
        """The UK: the last day the controller may acknowledge the reminder, which is also a
        complaint to it (s. 164A DPA 2018); None elsewhere, or no reminder sent."""
        if self.follow_up_receipt is None:
            return None
        return acknowledgement_due(self.follow_up_receipt, self.law)

    @property
    def acknowledgement_overdue(self) -> bool:
        acknowledgement = self.acknowledgement
        return acknowledgement is not None and self.today > acknowledgement.day

    @functools.cached_property
    def authority_news(self) -> Dated | None:
        """When the authority should have given news of the complaint (None: no complaint
        sent, or the law sets no such period)."""
        if self.complaint_receipt is None:
            return None
        return authority_news(self.complaint_receipt, self.law)

    @property
    def may_complain(self) -> bool:
        if self.refused:
            return True
        start = self.complaint_from
        return self.record.awaits_answer and start is not None and self.today >= start

    @property
    def follow_up_due(self) -> bool:
        """For ``follow-up --due``: overdue, and no reminder yet."""
        return self.overdue and self.follow_up is None

    @property
    def complaint_due(self) -> bool:
        """For ``complaint --due``: refused, or the reminder's own time has passed unanswered;
        and no complaint yet."""
        if self.complaint is not None:
            return False
        if self.refused:
            return True
        return self.follow_up is not None and self.may_complain

    def dates(self) -> list[Dated]:
        """Every date of the journey so far, in order: the answer's due date, the reminder's
        time, the first day of a complaint, the acknowledgement, the authority's news."""
        found = [
            self.answer,
            self.reminder_until_dated,
            self.complaint_from_dated if self.record.awaits_answer else None,
            self.acknowledgement,
            self.authority_news,
        ]
        return [dated for dated in found if dated is not None]


#: What the member does next: the action, and the date it turns on.
Action = Literal[
    "record_sending",  # not recorded as sent: nothing runs yet
    "wait",  # the answer is due on the date
    "extended",  # a lawful extension runs until the date
    "follow_up",  # overdue: a reminder can be made (from the date)
    "send_reminder",  # a reminder made, not recorded as sent
    "reminder_running",  # the reminder's time runs: a complaint from the date
    "complaint",  # a complaint can be made (from the date)
    "authority",  # a complaint sent: ask the authority for news from the date
    "complained",  # a complaint sent, and the law gives the authority no period
    "closed",  # upheld: nothing follows
]


@dataclass(frozen=True)
class NextClock:
    """The next date of a letter's journey and what to do then."""

    action: Action
    dated: Dated | None = None


def next_clock(state: Standing) -> NextClock:
    """What ``state`` waits for next, and when (the day a complaint may be made, an
    extension ends, the authority should have given news)."""
    if state.record.outcome == "upheld":
        return NextClock("closed")
    if state.complaint is not None and state.complaint_receipt is not None:
        news = state.authority_news
        return NextClock("authority", news) if news else NextClock("complained")
    if state.answer is None:
        return NextClock("record_sending")
    if state.refused or (state.follow_up is not None and state.may_complain):
        return NextClock("complaint", state.complaint_from_dated)
    if state.follow_up is not None:
        if state.reminder_unsent:
            return NextClock("send_reminder")
        return NextClock("reminder_running", state.complaint_from_dated)
    if state.overdue:
        return NextClock("follow_up", complaint_from(state.answer))
    if state.extension_running:
        return NextClock("extended", state.answer)
    return NextClock("wait", state.answer)


def extension_claim(record: Record) -> ExtensionClaim | None:
    """The extension the register says the controller announced for ``record``, if any."""
    if record.extended_to is None or record.extension_announced_on is None:
        return None
    return ExtensionClaim(
        record.extended_to, record.extension_announced_on, bool(record.extension_reasons)
    )


def standing(
    record: Record, following: dict[str, Record], today: dt.date, law: Jurisdiction | None = None
) -> Standing:
    """Where ``record`` stands on ``today``, with what ``following`` it (the register's
    follow-up and complaint); ``law``: the member's, else from the answers the register kept."""
    from generator.facts.jurisdictions import jurisdiction_for

    if law is None:
        person = stored_answers(record)["person"]
        law = jurisdiction_for(person["country"], person.get("region"), record.controller)
    received = letter_receipt(record, law)
    follow_up, complaint = following.get("follow_up"), following.get("complaint")
    answer = (
        answer_due(received, law, access=record.kind == "access", extension=extension_claim(record))
        if received
        else None
    )
    return Standing(
        record,
        received,
        answer,
        follow_up,
        complaint,
        today,
        law,
        letter_receipt(follow_up, law) if follow_up else None,
        letter_receipt(complaint, law) if complaint else None,
    )


# --- what the documents say -----------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    name: str
    description: str
    path: Path
    sha256: str | None
    #: The file's bytes, read once (and checked against ``sha256``).
    data: bytes = dataclasses.field(default=b"", repr=False)
    #: What it is: "letter", "proof", "answer", "follow_up", "follow_up_proof", "evidence".
    role: str = ""


#: The evidence pack's name among a complaint's attachments.
PACK_NAME = "1-evidence.pdf"


@dataclass(frozen=True)
class Pack:
    """The evidence pack a complaint attaches instead of the loose files
    (:func:`generator.documents.evidence.render_evidence` makes it; ``Evidence.as_pack``)."""

    data: bytes
    #: Where it is written beside the complaint (or just its name, on standard output).
    path: Path
    #: The files it carries: (name, what it is, SHA-256), as its first page and its manifest
    #: list them.
    listed: tuple[tuple[str, str, str], ...]
    #: The file that is the letter itself (None: left out, changed since it was recorded).
    letter_name: str | None
    #: Who signed the pack (None: not signed).
    signed_by: str | None = None
    #: The files left out of it, and why.
    notes: tuple[Msg, ...] = ()

    def attachment(self, locale: str) -> Attachment:
        """The pack as the complaint's one attachment."""
        import hashlib

        description = gettext(locale)(N_("the evidence concerning my letter, in one PDF/A-3 file"))
        digest = hashlib.sha256(self.data).hexdigest()
        return Attachment(PACK_NAME, description, self.path, digest, self.data, "evidence")


@dataclass(frozen=True)
class ExtensionStory:
    """An extension the controller announced, as the reminder and the complaint tell it."""

    announced_long: str
    to_long: str
    #: The due date without it, and with it (the law's cap applied).
    first_due_long: str
    due_long: str
    #: Announced within the first period, with reasons where the law wants them.
    lawful: bool
    late: bool
    unreasoned: bool
    #: The controller asked more than the law allows: cut to the cap.
    capped: bool
    #: A lawful extension still runs (a reminder the member chose to send before it ends).
    running: bool
    #: Announced as the law asks, but the law lets it set no date (s. 19(2) PDPO).
    advisory: bool
    #: The provision, as a sentence names it ("Article 12(3) GDPR"; "" where none).
    cite: str
    #: The law's rule for extensions, as the letter's language cites it ("" where none).
    rule: str


def _extension_story(state: Standing, locale: str) -> ExtensionStory | None:
    answer = state.answer
    outcome = answer.extension if answer else None
    if answer is None or outcome is None:
        return None
    return ExtensionStory(
        announced_long=long_date(outcome.claim.announced_on, locale),
        to_long=long_date(outcome.claim.to, locale),
        first_due_long=long_date(outcome.first.day, locale),
        due_long=long_date(answer.day, locale),
        lawful=outcome.lawful,
        late=outcome.late,
        unreasoned=outcome.unreasoned,
        capped=outcome.capped,
        running=state.extension_running,
        advisory=outcome.advisory,
        cite=outcome.rule.cite[locale] if outcome.rule else "",
        rule=outcome.rule.rule[locale] if outcome.rule else "",
    )


@dataclass(frozen=True)
class Story:
    """What happened to the letter, as the follow-up and the complaint tell it: only what the
    register knows (a day of receipt it estimates says so)."""

    reference: str
    kind: str
    date_long: str
    #: The day it left, and how.
    sent_long: str
    sent_via: str | None
    #: The day the controller received it.
    received_long: str
    #: Received the day it left (a form, an e-mail, a PEC: their receipt is the sending day).
    received_same_day: bool
    #: The day of receipt is an estimate ("on or about"): posted, no day of delivery recorded.
    received_estimated: bool
    #: When the answer was due: "3 December 2026", or "10 December 2026 at the latest" where
    #: the day of receipt is an estimate.
    due_long: str
    answered_long: str | None
    outcome: str | None
    with_access: bool
    #: The reminder, if one was recorded as sent: its reference and the day it left.
    follow_up_reference: str | None
    follow_up_long: str | None
    #: The day the reminder gave the controller to answer, and whether that day is still to
    #: come (a complaint made before it says so, and nothing of an answer).
    follow_up_until_long: str | None
    follow_up_running: bool
    reply_by_long: str
    #: UK: 30 days have passed since the reminder, which is also the complaint to the
    #: controller (s. 164A DPA 2018), was received; never without a reminder sent.
    acknowledgement_overdue: bool
    #: The extension the controller announced, if the register records one.
    extension: ExtensionStory | None
    attachments: tuple[Attachment, ...]
    #: The evidence pack the complaint attaches instead of the loose files (then its one
    #: attachment), listed with what it holds.
    pack: Pack | None = None


def _story(
    state: Standing,
    law: Jurisdiction,
    locale: str,
    attachments: tuple[Attachment, ...] = (),
    pack: Pack | None = None,
) -> Story:
    record, today, received, follow_up = state.record, state.today, state.receipt, state.follow_up
    assert record.sent_on is not None and received is not None and state.answer is not None
    named = state.reminder_reply_by.day if state.reminder_reply_by else None
    sent_reminder = follow_up is not None and state.reminder_until is not None
    return Story(
        reference=record.reference,
        kind=record.kind,
        date_long=long_date(record.letter_date, locale),
        sent_long=long_date(record.sent_on, locale),
        sent_via=record.sent_via,
        received_long=long_date(received.day, locale),
        received_same_day=received.day == record.sent_on and not received.estimated,
        received_estimated=received.estimated,
        # The first period's end: the extension, if any, is told apart (``extension``).
        due_long=due_long(
            (state.answer.extension.first if state.answer.extension else state.answer).day,
            received.estimated,
            locale,
        ),
        answered_long=long_date(record.answered_on, locale) if record.answered_on else None,
        outcome=record.outcome,
        with_access=record.with_access,
        follow_up_reference=follow_up.reference if follow_up and sent_reminder else None,
        follow_up_long=long_date(follow_up.sent_on, locale)
        if follow_up and follow_up.sent_on and sent_reminder
        else None,
        follow_up_until_long=long_date(named, locale) if named and sent_reminder else None,
        follow_up_running=bool(named and sent_reminder and today <= named),
        reply_by_long=long_date(_reply_by(state, today), locale),
        acknowledgement_overdue=state.acknowledgement_overdue,
        extension=_extension_story(state, locale),
        attachments=attachments,
        pack=pack,
    )


def _reply_by(state: Standing, today: dt.date) -> dt.date:
    """The day a reminder made ``today`` asks an answer by: the reminder's days, or, while a
    lawful extension runs, the extension's end (nothing is overdue before it)."""
    named = reminder_reply_by(today, state.law).day
    answer = state.answer
    return max(named, answer.day) if answer is not None and state.extension_running else named


def raise_not_sent(reference: str) -> NoReturn:
    """A reminder or complaint about a letter the register does not say left: refused."""
    raise InvalidInput(
        N_(
            "The register does not say that %(reference)s left: record when and how it was "
            "sent (and the day it was received, if you know it); its deadline runs from then."
        ),
        code="follow.not_sent",
        reference=reference,
    )


def attachments_for(
    record: Record, following: dict[str, Record], locale: str
) -> tuple[list[Attachment], list[Msg]]:
    """The complaint's attachments: the letter, the proof it left, the answer, the reminder.

    A file that is gone or changed since the register noted it is left out, with a note.
    """
    wanted = [
        ("letter", record.file, record.sha256),
        ("proof", record.proof_file, record.proof_sha256),
        ("answer", record.answer_file, record.answer_sha256),
    ]
    follow_up = following.get("follow_up")
    if follow_up is not None and follow_up.sent_on is not None:  # a reminder that left
        wanted.append(("follow_up", follow_up.file, follow_up.sha256))
        wanted.append(("follow_up_proof", follow_up.proof_file, follow_up.proof_sha256))
    found: list[Attachment] = []
    notes: list[Msg] = []
    for role, file, digest in wanted:
        if not file:
            continue
        path = Path(file)
        data, note = _attachment_bytes(path, digest)
        if note is not None:
            notes.append(note)
            continue
        stem, description = _ATTACHMENTS[role]
        # Numbered as the complaint lists them: the list and the embedded files agree.
        name = f"{len(found) + 1}-{stem}{path.suffix.lower()}"
        found.append(Attachment(name, gettext(locale)(description), path, digest, data, role))
    return found, notes


def _attachment_bytes(path: Path, digest: str | None) -> tuple[bytes, Msg | None]:
    """The bytes of a file to attach, read once and never beyond what an authority takes; or
    why it is not attached."""
    import hashlib

    from generator.base.files import MAX_ATTACHMENT_BYTES, read_regular, size_text

    try:
        data = read_regular(path, max_bytes=MAX_ATTACHMENT_BYTES)
    except InvalidInput as exc:
        if exc.code == "file.too_large":
            return b"", msg(
                "%(path)s is over %(max)s, more than an authority takes: it is not attached; "
                "send the authority a smaller copy yourself.",
                path=path,
                max=size_text(MAX_ATTACHMENT_BYTES),
            )
        data = None
    except OSError:
        data = None
    if data is None or (digest and hashlib.sha256(data).hexdigest() != digest):
        return b"", msg(
            "%(path)s is missing or changed since it was recorded: it is not attached; "
            "attach the original yourself.",
            path=path,
        )
    return data, None


#: Each attachment's file name in the complaint, and what it is: in words that suit every law
#: (a Hong Kong data user is no "controller").
_ATTACHMENTS = {
    "letter": ("letter", N_("my letter")),
    "proof": ("proof-of-sending", N_("the proof that it was sent")),
    "answer": ("answer", N_("the answer to my letter")),
    "follow_up": ("follow-up", N_("my reminder")),
    "follow_up_proof": ("follow-up-proof", N_("the proof that the reminder was sent")),
}


# --- making them ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sequel:
    """A follow-up, complaint or access request as rendered, and what to know of it."""

    document: Document
    kind: Kind
    record_reference: str | None
    attachments: tuple[Attachment, ...] = ()
    notes: tuple[Msg, ...] = ()
    #: A reminder: the day it asks an answer by (its days, or an extension's end).
    reply_by: dt.date | None = None


def _reference(kind: Kind, answers: Answers, record: Record | None) -> str:
    if kind == "access":
        return "ACC" + reference_id(answers)[3:]
    assert record is not None
    return record.reference + SUFFIX[kind]


def _title_subject(
    kind: Kind, letter: Letter, record: Record | None, locale: str, running: bool = False
) -> tuple[str, str]:
    """The document's title and subject (``running``: a reminder sent while a lawful extension
    runs asks for an answer rather than pointing out none came)."""
    _ = gettext(locale)
    name = letter.person.name
    if kind == "access":
        return (
            _("Access request – %(name)s", name=name),
            _(
                "Request for access under %(law)s: the use of my personal data to train AI models",
                law=access_citations(letter.law, locale).basis,
            ),
        )
    assert record is not None
    if kind == "follow_up":
        # The letter it follows up, by its own law (the regime's block), date and reference.
        subject = regime_piece(
            "after/follow_up",
            letter.law,
            locale,
            "subject",
            kind=record.kind,
            date=long_date(record.letter_date, locale),
            reference=record.reference,
            basis=access_citations(letter.law, locale).basis,
            running=running,
        )
        return (
            _("Reminder – %(name)s", name=name),
            italian_dates(subject) if locale == "it" else subject,
        )
    subject = regime_piece("after/complaint", letter.law, locale, "subject")
    return _("Complaint – %(name)s", name=name), subject


def _authority_lines(law: Jurisdiction, locale: str) -> tuple[str, ...]:
    """The authority's name and address as a complaint in ``locale`` heads them."""
    authority = law.authority
    return (authority.name_in(locale), *authority.address_in(locale))


def _warnings(kind: Kind, law: Jurisdiction, access_used: bool, locale: str) -> list[Msg]:
    """Unconfirmed facts this document uses; a complaint in a language its authority refuses."""
    from generator.documents.letter import unconfirmed_facts

    facts: dict[str, Any] = {law.controller.name: law.controller}
    if kind == "complaint":
        facts[law.authority.name] = law.authority
        facts[f"{law.authority.name}: complaint route"] = law.authority.complaint_route
    if access_used:
        facts[f"{law.regime.law}: access requests (time limit, form)"] = law.regime.access
    warnings = unconfirmed_facts(facts)
    accepted = law.authority.complaint_languages
    if kind == "complaint" and accepted and locale not in accepted:
        names = {lang: ", ".join(language_name(c, lang) for c in accepted) for lang in LOCALES}
        warnings.append(
            msg(
                "The authority takes complaints only in these languages: %(languages)s. Make "
                "this complaint in one of them.",
                languages=names,
                code="complaint.language",
            )
        )
    return warnings


def render_sequel(
    kind: Kind,
    answers: Answers,
    record: Record | None = None,
    following: dict[str, Record] | None = None,
    fmt: Format = "pdf",
    *,
    locale: str | None = None,
    today: dt.date | None = None,
    signer: Any = None,
    now: dt.datetime | None = None,
    pdf_variant: str | None = None,
    attach: bool = True,
    pack: Pack | None = None,
) -> Sequel:
    """The follow-up or complaint about ``record`` (the letter, from the register), or the
    access request of ``answers``, as ``fmt``, dated ``today``.

    A complaint as PDF carries the letter, the proof of sending, the answer and the follow-up
    as PDF/A-3 attachments (``attach``); as HTML or text it lists them. Given the letter's
    evidence ``pack``, the complaint attaches that one file instead, and lists what it holds
    with each file's SHA-256.
    """
    from generator.facts.jurisdictions import jurisdiction_for

    today = today or dt.date.today()
    following = following or {}
    if kind != "access" and record is None:
        raise ValueError("a follow-up or complaint needs the letter's record")
    locale = resolve_locale(locale, record.locale if record else answers.locale)
    law = jurisdiction_for(answers.person.country, answers.person.region, answers.controller)
    _check_land(kind, law)
    state = standing(record, following, today, law) if record else None
    if state is not None and state.receipt is None:
        raise_not_sent(state.record.reference)
    pack = pack if kind == "complaint" else None
    found, notes = _complaint_attachments(kind, record, following, locale, pack)
    running = state is not None and state.extension_running
    letter = _sequel_letter(
        kind, answers, record, law, fmt, locale, today, signer, now, notes, running
    )
    context: dict[str, Any] = {
        "story": _story(state, law, locale, tuple(found), pack) if state else None,
        # The complaint's files travel inside its PDF (PDF/A-3 attachments), numbered as listed.
        "embedded": fmt == "pdf" and attach and bool(found),
    }
    body = regime_template(f"after/{kind}", law)
    if fmt == "pdf":
        files = [(a.name, a.description, a.data) for a in found] if attach else []
        html = render_html(letter, inline_css=False, body=body, **context)
        data = _pdf(letter, html, files, signer, pdf_variant, answers.signature.place or "")
    elif fmt == "html":
        data = render_html(letter, body=body, **context).encode("utf-8")
    else:
        data = render_text(letter, body=body, **context).encode("utf-8")
    reference = record.reference if record else None
    reply_by = _reply_by(state, today) if state is not None and kind == "follow_up" else None
    document = Document(data, letter, fmt)
    return Sequel(document, kind, reference, tuple(found), tuple(notes), reply_by)


def _complaint_attachments(
    kind: Kind,
    record: Record | None,
    following: dict[str, Record],
    locale: str,
    pack: Pack | None,
) -> tuple[list[Attachment], list[Msg]]:
    """A complaint's attachments: the evidence pack alone, if one is given, else the loose
    files; and the files left out, with why. Nothing for other documents."""
    if kind != "complaint" or record is None:
        return [], []
    if pack is not None:
        return [pack.attachment(locale)], list(pack.notes)
    return attachments_for(record, following, locale)


def _check_land(kind: Kind, law: Jurisdiction) -> None:
    """A complaint in Germany without the member's Land has no authority to go to: refused."""
    if kind == "complaint" and law.authority.unnamed:
        raise InvalidInput(
            N_(
                "A complaint goes to the authority of your Land: give your Land in your answers "
                "(person.region, like BY or Bayern) and make the complaint from them."
            ),
            code="complaint.no_land",
        )


def _sequel_letter(
    kind: Kind,
    answers: Answers,
    record: Record | None,
    law: Jurisdiction,
    fmt: Format,
    locale: str,
    today: dt.date,
    signer: Any,
    now: dt.datetime | None,
    notes: list[Msg],
    running: bool = False,
) -> Letter:
    """The letter whose page carries the follow-up, complaint or access request: dated
    ``today``, with its own reference, title and subject, addressed to the authority for a
    complaint; ``notes`` are the attachments left out."""
    dated = answers.model_copy(
        update={"signature": answers.signature.model_copy(update={"date": today})}
    )
    drawable, dropped = drawable_answers(dated) if fmt == "pdf" else (dated, [])
    letter = build_letter(
        drawable,
        locale,
        signed_by=signer.name if signer else None,
        signed_when=signed_when_text(locale, now) if signer else None,
    )
    title, subject = _title_subject(kind, letter, record, locale, running)
    letter = dataclasses.replace(
        letter,
        reference=_reference(kind, dated, record),
        title=title,
        subject=subject,
        recipient_lines=_authority_lines(law, locale)
        if kind == "complaint"
        else letter.recipient_lines,
        warnings=(
            *_warnings(
                kind, law, kind == "access" or bool(record and record.kind == "access"), locale
            ),
            *dropped,
            *notes,
        ),
    )
    if kind == "access":
        letter = dataclasses.replace(letter, access=access_citations(law, locale))
    return letter


def _pdf(
    letter: Letter,
    html: str,
    files: list[tuple[str, str, bytes]],
    signer: Any,
    pdf_variant: str | None,
    place: str,
) -> bytes:
    """``html`` as PDF/A with ``files`` attached, signed by ``signer`` if there is one."""
    from generator.pdf.engine import PDF_VARIANT
    from generator.pdf.writer import html_to_pdf

    rendered = html_to_pdf(
        html,
        title=letter.title,
        attachments=files,
        relationship="Supplement",
        locate_signature=signer is not None,
        variant=pdf_variant or PDF_VARIANT,
    )
    if signer is None:
        return rendered.data
    from generator.signature.sign import sign_pdf

    assert rendered.signature_box is not None
    page, box = rendered.signature_box
    return sign_pdf(
        rendered.data, signer, page=page, box=box, reason=letter.subject, location=place
    )
