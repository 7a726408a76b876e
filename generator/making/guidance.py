"""What to do with a follow-up, complaint or access request once it is made: where it goes and
how it is signed. Said in the language of the messages (``locale``); the command line and the
web front add how to record it their own way."""

from __future__ import annotations

from typing import Any

from generator.base.i18n import gettext
from generator.documents.templates import regime_piece, to_phrase


def after_steps(kind: str, sequel: Any, locale: str) -> list[str]:
    """The member's next steps with ``sequel`` (a :class:`generator.documents.after.Sequel`)."""
    _ = gettext(locale)
    letter = sequel.document.letter
    law = letter.law
    lines = []
    if kind == "complaint":
        lines += complaint_steps(law.authority, bool(sequel.attachments), locale, law=law)
        note = translation_note(law.country, law.authority, letter.locale, locale)
        lines += [note] if note else []
    elif kind == "access":
        lines.append(_("Send the access request as you sent your letter."))
    else:
        lines.append(_("Send it as you sent your letter."))
    period = law.regime.access
    if kind == "access" and period is not None and period.form:
        lines.append(
            _(
                "A data user may refuse a data access request not made in the form the Privacy "
                "Commissioner specifies (section 20(3)(e) PDPO): fill in the %(form)s (%(url)s) "
                "and send it with this letter.",
                form=period.form[letter.locale],
                url=period.form_url or law.authority.website,
            )
        )
    return lines


def complaint_steps(authority: Any, attached: bool, locale: str, *, law: Any = None) -> list[str]:
    """Where a complaint goes (PEC, post, web form, e-mail) and how it is signed; ``attached``:
    the PDF carries the letter and the proof of sending itself. With the member's ``law``, the
    complaint's template for it words the first step (a Swiss report is not a complaint)."""
    _ = gettext(locale)
    where = {
        "to_authority": to_phrase(authority.letter_name[locale], locale),
        "ways": "; ".join(_ways(authority, locale)),
    }
    send = (
        regime_piece("after/complaint", law, locale, "send", **where)
        if law is not None
        else _("Send it %(to_authority)s: %(ways)s.", **where)
    )
    lines = [send]
    if authority.exclusive_with_court:
        lines.append(
            _(
                "Sign it with a digital signature, or sign it by hand and attach a copy of a "
                "valid identity document (the Garante asks for one or the other)."
            )
        )
    if authority.complaint_within_years:
        lines.append(
            _(
                "Complain in writing, and soon: the authority may refuse to investigate a "
                "complaint made more than %(years)d years after you learned of the act you "
                "complain of.",
                years=authority.complaint_within_years,
            )
        )
    if not attached:
        lines.append(
            _("Attach your letter and the proof that it was sent (a PDF carries them itself).")
        )
    return lines


def translation_note(country: str, authority: Any, letter_locale: str, locale: str) -> str | None:
    """Where the authority works in other languages than the complaint's: it may ask for a
    translation (the tool writes none in a language it does not speak). CLDR's official
    languages of the authority's country decide."""
    from babel import Locale
    from babel.languages import get_official_languages

    official = get_official_languages(country, de_facto=True)
    if not official or letter_locale in official:
        return None
    names = [Locale.parse(code).get_display_name(locale) or code for code in official]
    _ = gettext(locale)
    note = _(
        "%(authority)s works in %(languages)s: it may ask you for a translation of the complaint "
        "and of its attachments.",
        authority=authority.letter_name[locale],
        languages=", ".join(names),
    )
    return note[:1].upper() + note[1:]


def _ways(authority: Any, locale: str) -> list[str]:
    """The ways a complaint reaches ``authority``, as its data knows them."""
    _ = gettext(locale)
    ways = []
    if authority.pec:
        ways.append(_("by PEC to %(pec)s", pec=authority.pec))
    if authority.address:
        ways.append(_("by registered post to %(address)s", address=", ".join(authority.address)))
    route = authority.complaint_route
    if route and route.form:
        ways.append(
            _(
                "through its complaint form, %(url)s, uploading the PDF and its attachments",
                url=route.form,
            )
        )
    if route and route.email:
        ways.append(_("by e-mail to %(email)s", email=route.email))
    return ways or [_("as its website says: %(url)s", url=authority.website)]
