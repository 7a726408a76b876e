"""The objection letter: which paragraphs apply (here) and what they say (templates, catalogs)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from generator.answers.grounds import grounds_warnings
from generator.answers.model import Answers, Organisation, Person
from generator.base.errors import Msg, msg
from generator.base.i18n import gettext, italian_dates, long_date
from generator.base.version import __version__
from generator.documents.access import Access, access_citations
from generator.documents.templates import environment
from generator.facts.controllers import DEFAULT_CONTROLLER, Controller, load_controller
from generator.facts.jurisdictions import Jurisdiction, country_name, jurisdiction_for
from generator.facts.models import Entity, Fact


@dataclass(frozen=True)
class Letter:
    """Everything a letter template needs, already chosen and formatted for one language."""

    locale: str
    person: Person
    law: Jurisdiction
    controller: Controller
    date: dt.date
    reference: str
    slug: str
    title: str
    subject: str
    #: How the letter cites the law whose Article 21 it invokes ("GDPR", "RGPD", "UK GDPR").
    cite: str
    #: The day the training began in the member's region, or, where that is not known, the
    #: day the controller announced it there (``started`` says which).
    since: str
    place_date: str
    country_name: str
    sender_lines: tuple[str, ...]
    recipient_lines: tuple[str, ...]
    #: The member's grounds, verbatim: paragraphs, each a tuple of lines.
    grounds: tuple[tuple[str, ...], ...]
    #: The chosen categories as (label, what it covers), in the controller's order.
    categories: tuple[tuple[str, str], ...]
    category_keys: tuple[str, ...]
    date_long: str
    switch_already_off: bool
    form_already_sent: bool
    #: The objection reaches every kind of AI training, not only generative models.
    all_ai: bool
    #: What else the controller trains AI for ("such as personalisation …"), if it says.
    other_ai_purposes: str | None
    setting_name: str | None
    form_name: str
    #: The handwritten signature as a data: URI (self-contained HTML, nothing to fetch).
    signature_image: str | None = None
    #: Set when the PDF is digitally signed: the signature space says who signs and when,
    #: and the visible signature field lies over it.
    signed_by: str | None = None
    signed_when: str | None = None
    #: An organisation that sends the letter for the member under a mandate (batch).
    on_behalf_of: Organisation | None = None
    #: How the letter will leave (post, pec, email, form), as its dispatch line says.
    send_by: str | None = None
    #: What the user should know before sending: unconfirmed facts used, a missing region.
    warnings: tuple[Msg, ...] = field(default_factory=tuple)
    #: The targeted access request the letter carries (letter --with-access), or the access
    #: request it is: its citations in the member's regime (generator.documents.access.Access).
    access: Access | None = None
    #: Whether ``since`` is the known start of the training in the member's region (else the
    #: day it was announced there).
    started: bool = True

    @property
    def with_access(self) -> bool:
        return self.access is not None

    def categories_for_form(self, *, full: bool) -> str:
        """The categories in one line, in one style: "profile data (name, …); feedback (…)".

        The compact form uses each category's short form name where it has one ("AI-feature
        prompts", "feedback data"): what the setting does not reach stays named.
        """
        parts = []
        for key, (label, covers) in zip(self.category_keys, self.categories, strict=True):
            short = self.controller.categories[key].form_short
            name = label if full or not short else short[self.locale]
            # "Profile data" → "profile data", "AI-feature" stays; an Italian article alone
            # ("I miei dati") is a word of the sentence too (English "I" stays).
            first = name.split(" ", 1)[0]
            if first[1:2].islower() or (len(first) == 1 and self.locale != "en"):
                name = name[:1].lower() + name[1:]
            parts.append(f"{name} ({covers})" if full else name)
        return "; ".join(parts)


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def reference_id(answers: Answers) -> str:
    """The letter's reference, shared by the letter and the form text: date plus a short hash.

    Stable for the same member, controller and date, so a rerun gives the same reference.
    """
    date = answers.date
    code = base64.b32encode(
        _digest(
            answers.controller, answers.person.email.lower(), answers.person.name, date.isoformat()
        )
    ).decode("ascii")[:6]
    return f"OBJ-{date:%Y%m%d}-{code}"


def slug(answers: Answers) -> str:
    """A safe file name stem: the member's name in ASCII plus a short stable id.

    Two people with the same name get different ids (the e-mail is part of it); a name like
    ``../../etc`` gives ``etc-…``: only ``[a-z0-9-]`` survive.
    """
    # python-slugify transliterates any script (Ζωή → zoe, 陳大文 → chen-da-wen).
    stem = slugify(answers.person.name, max_length=48, word_boundary=True) or "letter"
    short = _digest(answers.person.name, answers.person.email.lower()).hex()[:8]
    # A member's letters to other controllers than the first sit beside it, named apart.
    to = "" if answers.controller == DEFAULT_CONTROLLER else f"-{answers.controller}"
    return f"{stem}{to}-{short}"


def _data_uri(path: Path) -> str:
    """The signature image inline (answers validation has checked it already)."""
    from generator.signature.sign import image_media_type

    data = path.read_bytes()
    media_type = image_media_type(data) or "application/octet-stream"
    return f"data:{media_type};base64," + base64.b64encode(data).decode("ascii")


def unconfirmed_facts(facts: dict[str, Fact | None]) -> list[Msg]:
    return [
        msg(
            "Unconfirmed fact used: %(fact)s (source: %(source)s, checked %(checked)s). Check it "
            "before you send the letter.",
            fact=name,
            source=fact.source,
            checked=fact.checked.isoformat(),
        )
        for name, fact in facts.items()
        if fact is not None and not fact.confirmed
    ]


def training_dates(controller: Controller, law: Jurisdiction) -> tuple[dt.date, bool]:
    """When the training reached the member's region, and whether that is its known start
    (``False``: only the day the controller announced it there is known)."""
    regional = controller.data.training_by_region.get(law.region)
    if regional is None:
        return controller.data.training_since, True
    if regional.since is not None:
        return regional.since, True
    return regional.announced, False


def letter_warnings(law: Jurisdiction, controller: Controller, person: Person) -> list[Msg]:
    """What the user should know before sending a letter under ``law``."""
    warnings = unconfirmed_facts(
        {
            law.controller.name: law.controller,
            law.authority.name: law.authority,
            controller.data.objection_form.url: controller.data.objection_form,
            **({_role(law): law.representative} if law.representative else {}),
        }
    )
    if law.authority.unnamed and law.authority.several:
        warnings.append(
            msg(
                "The letter speaks of the authority of your Land without naming it: give your "
                "Land (person.region, like BY or Bayern) to name its authority."
            )
        )
    return warnings


def access_warnings(law: Jurisdiction) -> list[Msg]:
    """What a letter carrying an access request under ``law`` needs besides: the regime's access
    period if it is unconfirmed, and the form the law prescribes (Hong Kong's), to enclose."""
    period = law.regime.access
    if period is None:
        return []
    warnings = unconfirmed_facts({f"{law.regime.law}: access requests (time limit, form)": period})
    if period.form:
        warnings.append(
            msg(
                "The letter says that it encloses the %(form)s: fill it in and enclose it "
                "(%(url)s). A data user may refuse a data access request not made on that form "
                "(section 20(3)(e) PDPO).",
                form=dict(period.form),
                url=period.form_url or law.authority.website,
            )
        )
    return warnings


def build_letter(
    answers: Answers,
    locale: str,
    *,
    signed_by: str | None = None,
    signed_when: str | None = None,
    on_behalf_of: Organisation | None = None,
    with_access: bool = False,
) -> Letter:
    """Decide what the letter of ``answers`` says, in ``locale`` (``with_access``: with the
    targeted access request)."""
    _ = gettext(locale)
    controller = load_controller(answers.controller)
    law = jurisdiction_for(answers.person.country, answers.person.region, answers.controller)
    person = answers.person
    date = answers.date
    place_date = ", ".join(filter(None, (answers.signature.place, long_date(date, locale))))
    setting = controller.data.setting
    since, started = training_dates(controller, law)
    return Letter(
        locale=locale,
        person=person,
        law=law,
        controller=controller,
        date=date,
        reference=reference_id(answers),
        slug=slug(answers),
        title=_("Objection to AI training – %(name)s", name=person.name),
        subject=law.regime.subject[locale],
        cite=law.cite(locale),
        since=long_date(since, locale),
        started=started,
        place_date=place_date,
        country_name=country_name(person.country, locale),
        sender_lines=(person.name, *person.postal_address.split("\n"), person.email),
        recipient_lines=_recipient(law.controller, locale),
        grounds=_paragraphs(answers.objection.grounds),
        categories=_categories(controller, answers.objection.categories, locale),
        category_keys=tuple(answers.objection.categories),
        date_long=long_date(date, locale),
        switch_already_off=answers.objection.switch_already_off,
        form_already_sent=answers.objection.form_already_sent,
        all_ai=answers.objection.all_ai_training,
        other_ai_purposes=others[locale] if (others := controller.data.other_ai_purposes) else None,
        setting_name=setting.name[locale] if setting else None,
        form_name=controller.data.objection_form.name[locale],
        signature_image=_data_uri(answers.signature.image) if answers.signature.image else None,
        signed_by=signed_by,
        signed_when=signed_when,
        on_behalf_of=on_behalf_of,
        send_by=answers.objection.send_by,
        warnings=(
            *letter_warnings(law, controller, person),
            *grounds_warnings(answers.objection.grounds, locale),
            *(access_warnings(law) if with_access else ()),
        ),
        access=_access(law, locale) if with_access else None,
    )


def _role(law: Jurisdiction) -> str:
    """How a warning names the controller's representative."""
    role = law.representative.role if law.representative else ""
    return role or f"{law.controller.name}: representative"


def _categories(
    controller: Controller, keys: list[str], locale: str
) -> tuple[tuple[str, str], ...]:
    """Each category objected to: its label and what it covers."""
    return tuple(
        (controller.categories[k].label[locale], controller.categories[k].covers[locale])
        for k in keys
    )


def _recipient(entity: Entity, locale: str) -> tuple[str, ...]:
    _ = gettext(locale)
    # Translators: the first line of the recipient block; Italian letters say "Spett.le …".
    return (_("%(controller)s", controller=entity.name), entity.attention[locale], *entity.address)


def _paragraphs(grounds: str) -> tuple[tuple[str, ...], ...]:
    """The grounds as paragraphs (a blank line between them) of lines."""
    return tuple(
        tuple(line.strip() for line in block.split("\n") if line.strip())
        for block in re.split(r"\n\s*\n", grounds)
        if block.strip()
    )


def _access(law: Jurisdiction, locale: str) -> Access:
    return access_citations(law, locale)


def render_html(
    letter: Letter, *, inline_css: bool = True, body: str | None = None, **context: object
) -> str:
    """The letter as one self-contained HTML page (CSS inline unless the PDF supplies it).

    ``body`` is another body template in the same page (a follow-up, a complaint), with
    ``context``; by default the objection of the member's regime.
    """
    template = environment("html", letter.locale).get_template("letter/letter.html.j2")
    html = template.render(
        letter=letter,
        fmt="letter/html_fmt.j2",
        inline_css=inline_css,
        version=__version__,
        body=body,
        **context,
    )
    return italian_dates(html) if letter.locale == "it" else html


def render_text(letter: Letter, *, body: str | None = None, **context: object) -> str:
    """The letter as plain text, 76 columns wide (``body``: as for :func:`render_html`)."""
    template = environment("text", letter.locale).get_template("letter/letter.txt.j2")
    text = template.render(
        letter=letter, fmt="letter/text_fmt.j2", version=__version__, body=body, **context
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
