"""One member's letter as a finished document: built, rendered, attached, signed.

This is where the pieces meet: :mod:`generator.documents.letter` decides what the letter says,
:mod:`generator.pdf.writer` turns its HTML into PDF, :mod:`generator.signature.sign` signs it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from generator.answers.model import Answers, Organisation
from generator.base.errors import Msg
from generator.base.i18n import resolve_locale
from generator.documents.letter import (
    Letter,
    build_letter,
    reference_id,
    render_html,
    render_text,
    slug,
)

Format = Literal["pdf", "html", "txt"]
FORMATS: tuple[Format, ...] = ("pdf", "html", "txt")


@dataclass(frozen=True)
class Document:
    """A rendered letter: its bytes, what it says, and what the user should know."""

    data: bytes
    letter: Letter
    fmt: Format

    @property
    def warnings(self) -> tuple[Msg, ...]:
        return self.letter.warnings


def signed_when_text(locale: str, now: dt.datetime | None) -> str:
    from babel.dates import format_datetime

    from generator.base.i18n import cldr_locale

    moment = now or dt.datetime.now(dt.UTC)
    return format_datetime(moment, "medium", tzinfo=dt.UTC, locale=cldr_locale(locale)) + " UTC"


def drawable_answers(answers: Answers) -> tuple[Answers, list[Msg]]:
    """The answers as the installed fonts can draw them: symbols no font has are left out
    (with a note saying so); a letter no font has is an error (MissingFont)."""
    from generator.pdf.fonts import check_fonts, without_missing_symbols

    person, objection, signature = answers.person, answers.objection, answers.signature
    notes = check_fonts(
        {
            "person.name": person.name,
            "person.postal_address": person.postal_address,
            "objection.grounds": objection.grounds,
            "signature.place": signature.place or "",
        }
    )
    if not notes:
        return answers, []
    clean = without_missing_symbols
    drawable = answers.model_copy(
        update={
            "person": person.model_copy(
                update={"name": clean(person.name), "postal_address": clean(person.postal_address)}
            ),
            "objection": objection.model_copy(update={"grounds": clean(objection.grounds)}),
            "signature": signature.model_copy(
                update={"place": clean(signature.place) if signature.place else None}
            ),
        }
    )
    return drawable, notes


def render_document(
    answers: Answers,
    fmt: Format = "pdf",
    *,
    locale: str | None = None,
    signer: Any = None,
    embed_answers: bool = False,
    on_behalf_of: Organisation | None = None,
    now: dt.datetime | None = None,
    pdf_variant: str | None = None,
    with_access: bool = False,
) -> Document:
    """The letter of ``answers`` as ``fmt``, in ``locale`` (default: the answers' language).

    ``signer`` (from :func:`generator.signature.sign.load_signer`) signs a PDF in a visible
    field over the signature space; ``embed_answers`` attaches the answers to a PDF as JSON;
    ``pdf_variant`` is one of :data:`generator.pdf.writer.PDF_VARIANTS` (default: tagged PDF/A-3a);
    ``with_access`` adds the targeted access request (Art. 15 GDPR and its peers).
    """
    locale = resolve_locale(locale, answers.locale)
    if fmt != "pdf":
        letter = build_letter(answers, locale, on_behalf_of=on_behalf_of, with_access=with_access)
        text = render_html(letter) if fmt == "html" else render_text(letter)
        return Document(text.encode("utf-8"), letter, fmt)
    from generator.pdf.engine import PDF_VARIANT
    from generator.pdf.writer import letter_to_pdf

    original = answers
    answers, dropped = drawable_answers(answers)
    letter = build_letter(
        answers,
        locale,
        signed_by=signer.name if signer else None,
        signed_when=signed_when_text(locale, now) if signer else None,
        on_behalf_of=on_behalf_of,
        with_access=with_access,
    )
    if dropped:  # the reference and the file name stay those of the member's own answers
        letter = dataclasses.replace(
            letter,
            warnings=(*letter.warnings, *dropped),
            reference=reference_id(original),
            slug=slug(original),
        )
    rendered = letter_to_pdf(
        lambda layer, gaps, heights: render_html(
            letter, inline_css=False, layer=layer, gaps=gaps, heights=heights
        ),
        title=letter.title,
        attachments=_answers_attachment(answers) if embed_answers else [],
        locate_signature=signer is not None,
        variant=pdf_variant or PDF_VARIANT,
    )
    if signer is None:
        return Document(rendered.data, letter, fmt)
    return Document(_signed(rendered, signer, letter, answers), letter, fmt)


def _answers_attachment(answers: Answers) -> list[tuple[str, str, bytes]]:
    """What the letter was made from, as JSON; local file paths stay on this machine."""
    content = answers.model_dump(mode="json", exclude={"signature": {"image", "pkcs12"}})
    data = json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8")
    return [("answers.json", "objection answers", data)]


def _signed(rendered: Any, signer: Any, letter: Letter, answers: Answers) -> bytes:
    """The PDF signed in a visible field over the signature space."""
    from generator.signature.sign import sign_pdf

    assert rendered.signature_box is not None, "letter.html.j2 has the signature-field anchors"
    page, box = rendered.signature_box
    return sign_pdf(
        rendered.data,
        signer,
        page=page,
        box=box,
        reason=letter.subject,
        location=answers.signature.place or "",
    )


def render(answers: Answers, fmt: Format = "pdf", **options: Any) -> bytes:
    """The letter of ``answers`` as PDF, HTML or text bytes (options: see render_document)."""
    return render_document(answers, fmt, **options).data
