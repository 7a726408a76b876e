"""The one operation: render a document of any kind, write it atomically, record it, and draft
or send it (:func:`make`)."""

from __future__ import annotations

from typing import Any

from generator.base.errors import InvalidInput, ObjectionError
from generator.base.files import write_file
from generator.base.i18n import N_, gettext, resolve_locale
from generator.documents.letter import slug
from generator.making.request import RECORDED, Made, Request

#: How each kind's file is named after the member (and the format's suffix).
_NAMES = {
    "objection": "{stem}.{fmt}",
    "form_text": "{stem}.form.txt",
    "next_steps": "{stem}.next-steps.txt",
    "follow_up": "{stem}-follow-up.{fmt}",
    "complaint": "{stem}-complaint.{fmt}",
    "access": "{stem}-access.{fmt}",
}


def file_name(request: Request) -> str:
    """The file a document is written to in ``request.out_dir`` when no output is named."""
    return _NAMES[request.kind].format(stem=slug(request.answers), fmt=request.fmt)


def make(request: Request) -> Made:
    """Make the document ``request`` asks for: rendered (signed where a signer is given),
    written atomically (unless ``write`` is off), recorded in ``request.register`` (the kinds a
    later document may refer to), then drafted or sent as ``request.delivery`` says."""
    if request.delivery.wanted:  # before anything is made: a header that cannot be written
        _check_addresses(request)
    made = _render(request)
    if not request.write:
        return made
    made.path = _path(request)
    # The register before the file: one that is damaged or too new stops everything here.
    register = _opened(request.register)
    if made.evidence is not None:  # the pack first: a complaint never names a pack not written
        write_file(made.evidence.path, made.evidence.data)
    write_file(made.path, made.data)
    # The entry where it is recorded: here, or by the batch's parent for a campaign (building
    # it imports SQLAlchemy, a third of a second a batch worker need not spend).
    if request.kind in RECORDED and (register is not None or request.campaign is not None):
        made.entry = _entry(request, made)
        if register is not None:
            _record(register, made)
    if request.delivery.wanted:
        _deliver(request, made, register)
    return made


def _path(request: Request) -> Any:
    """Where the document is written: the output named, or a name from the member."""
    return request.output or request.out_dir / file_name(request)


def evidence_beside(path: Any) -> Any:
    """Where a complaint's evidence pack is written: beside it, ``<complaint>-evidence.pdf``."""
    return path.with_name(f"{path.stem}-evidence.pdf")


def _record(register: Any, made: Made) -> None:
    """The document into the register; if the register refuses, an error that says the file
    was written all the same."""
    try:
        register.record(made.entry)
    except ObjectionError as exc:
        raise ObjectionError(
            N_("%(path)s was written, but the register did not record it: %(reason)s"),
            code=exc.code,
            path=made.path,
            reason=exc.msg,
        ) from None


def _check_addresses(request: Request) -> None:
    """The sender and the recipient are each one plain address, and the file's name can name
    the attachment (InvalidInput otherwise)."""
    from generator.delivery.mail import check_address, check_attachment_name, check_sender

    delivery = request.delivery
    if delivery.via == "pec" and delivery.send and not delivery.pec_from:
        raise InvalidInput(
            N_(
                "Only a message from a PEC box to a PEC address is a PEC: give your PEC "
                "address to send from (through your PEC provider's server), or record it as "
                "e-mail."
            ),
            code="mail.pec_needs_box",
        )
    check_sender(delivery.pec_from or request.answers.person.email)
    if request.delivery.to:
        check_address(request.delivery.to)
    if request.output is not None:
        check_attachment_name(request.output.name)


def _opened(register: Any) -> Any:
    """The register: given, or opened by calling what was given (a register that opened in a
    thread while the document was made), or None."""
    if register is None or hasattr(register, "record"):
        return register
    return register()


def _render(request: Request) -> Made:
    from generator.documents.document import render_document
    from generator.documents.form_text import form_text
    from generator.documents.next_steps import next_steps

    answers, kind, fmt = request.answers, request.kind, request.fmt
    locale = resolve_locale(request.locale, answers.locale)
    if kind == "objection":
        document = render_document(
            answers,
            fmt,
            locale=request.locale,
            signer=request.signer,
            embed_answers=request.embed_answers,
            on_behalf_of=request.on_behalf_of,
            pdf_variant=request.pdf_variant,
            with_access=request.with_access,
        )
        return Made(kind, document.data, document.letter, document.warnings, document)
    if kind == "form_text":
        form = form_text(
            answers,
            locale,
            request.max_chars,
            letter_sent=request.sent_on is not None,
            letter=request.letter,
        )
        data = (form.text + "\n").encode("utf-8")
        return Made(kind, data, request.letter, form.warnings, form)
    if kind == "next_steps":
        steps = next_steps(
            answers,
            locale,
            sent_on=request.sent_on,
            sent_via=request.sent_via,
            received_on=request.received_on,
        )
        return Made(kind, steps.text.encode("utf-8"), steps.letter, steps.letter.warnings, steps)
    # Only here: it imports the register (SQLAlchemy, a third of a second), which a batch
    # worker's letters do not need.
    from generator.documents.after import render_sequel

    pack = _pack(request) if kind == "complaint" and request.evidence else None
    sequel = render_sequel(
        kind,
        answers,
        request.record,
        request.following,
        fmt,
        locale=request.locale,
        today=request.today,
        signer=request.signer,
        pdf_variant=request.pdf_variant,
        pack=pack,
    )
    document = sequel.document
    made = Made(kind, document.data, document.letter, document.warnings, sequel)
    made.evidence = pack
    return made


def _pack(request: Request) -> Any:
    """The evidence pack of the letter a complaint is about, signed as the complaint is (or by
    ``evidence_signer``), to be written beside the complaint."""
    from generator.documents.evidence import render_evidence

    if request.record is None:
        raise ValueError("a complaint needs the letter's record")
    evidence = render_evidence(
        request.record,
        request.following or {},
        locale=request.locale,
        today=request.today,
        signer=request.evidence_signer or request.signer,
    )
    return evidence.as_pack(evidence_beside(_path(request)))


def _entry(request: Request, made: Made) -> Any:
    from generator.register.store import record_for

    record = request.record
    sequel = request.kind in ("follow_up", "complaint", "access")
    return record_for(
        request.answers,
        made.rendered.document if sequel else made.rendered,
        made.path or "",
        kind=request.kind,
        refers_to=record.reference if record else None,
        campaign=request.campaign or (record.campaign if record else None),
    )


def _recipient(request: Request, made: Made) -> tuple[str | None, str]:
    """Whom the e-mail goes to, and how the register says it left: pec only from a PEC box to
    a PEC address (one we know, or one the user says is), else email."""
    authority = made.letter.law.authority
    delivery = request.delivery
    known = None
    if request.kind == "complaint":
        route = authority.complaint_route
        known = authority.pec or (route.email if route else None)
    to = delivery.to or known
    if delivery.via is not None:
        return to, delivery.via
    pec = bool(delivery.pec_from) and bool(to) and to == authority.pec
    return to, "pec" if pec else "email"


def _deliver(request: Request, made: Made, register: Any) -> None:
    """The e-mail draft beside the PDF, and the sending (recorded as sent that day)."""
    import datetime as dt

    from generator.delivery import mail

    assert made.path is not None
    delivery, letter = request.delivery, made.letter
    to, via = _recipient(request, made)
    body = gettext(letter.locale)(
        N_("Please find attached my letter (reference %(reference)s).\n\n%(name)s\n"),
        reference=letter.reference,
        name=request.answers.person.name,
    )
    message = mail.draft(
        sender=delivery.pec_from or request.answers.person.email,
        to=to,
        subject=letter.subject,
        body=body,
        attachment_name=made.path.name,
        attachment=made.data,
        reference=letter.reference,
    )
    made.sent_to, made.sent_via = to, via
    if delivery.eml:
        made.eml = made.path.with_suffix(".eml")
        write_file(made.eml, bytes(message))
    if not delivery.send:
        return
    if not to:
        raise InvalidInput(
            N_("Sending needs a recipient: give the address."), code="mail.no_recipient"
        )
    del message["X-Unsent"]
    mail.send(message, delivery.smtp, delivery.password)
    if register is not None:
        register.mark_sent(letter.reference, dt.date.today(), via)
