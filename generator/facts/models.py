"""The shapes of the data files, checked when they are loaded (``extra="forbid"``).

Every fact a letter states carries where it comes from (``source``: a URL, or a document's
title and date) and when it was last ``checked``; a fact marked ``confirmed = false`` is shown
to the user as a warning whenever it reaches an output (see :meth:`Fact.unconfirmed`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, field_validator

from generator.base.errors import ObjectionError
from generator.base.i18n import N_, typographic

#: A text in each language ("en", "it"), as written in the data (messages use these).
Localised = dict[str, str]
#: A text in each language that letters and next steps set as prose: its apostrophes are
#: typographic (l’autorità, LinkedIn’s), like the templates' own words.
Prose = Annotated[
    dict[str, str], AfterValidator(lambda texts: {k: typographic(v) for k, v in texts.items()})
]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(_Data):
    """A fact with its provenance."""

    source: str
    checked: dt.date
    confirmed: bool = True

    @field_validator("source")
    @classmethod
    def _no_local_paths(cls, v: str) -> str:
        if v.startswith(("/", "~", "..", "file:")) or "shared/" in v:
            raise ValueError("a source is a URL or a document's title and date, not a path")
        return v


class Entity(Fact):
    """A legal entity acting as controller (or, in Hong Kong, data user)."""

    key: str = ""
    name: str
    address: tuple[str, ...]
    #: The country of that address (ISO 3166-1 alpha-2): how long a posted letter takes to
    #: reach it (delivery.toml).
    country: str
    #: Whether the GDPR binds it for all its processing (Art. 3(1) GDPR).
    established_in_eu: bool
    #: Who to address it to ("Attn: Data Protection Officer"), in each language.
    attention: Prose


class Category(_Data):
    label: Prose
    covers: Prose
    #: Whether the controller's own setting reaches it.
    switch: bool
    #: How the compact form text names it, where its label alone would hide what it holds.
    form_short: Prose | None = None


class Route(Fact):
    """A setting, a web form or a contact route the controller offers."""

    name: Prose
    url: str
    path: Prose | None = None
    #: Sending through it gives a dated receipt (LinkedIn's DPO form does).
    receipt: bool = False
    #: What a web form reaches ("what the setting does not reach, feedback data included").
    reaches: Prose | None = None
    #: A web form's free-text limit, the default of ``form-text --max-chars``.
    max_chars: int | None = None
    max_chars_confirmed: bool = True


class Representative(Fact):
    """A controller's representative in a member's region (Switzerland: Art. 14 FADP; the UK:
    Art. 27 UK GDPR), as the controller publishes it; without a ``name``, none is known
    (``confirmed = false`` says the question is open, and the user is warned)."""

    #: What it is, as a warning names it ("representative in Switzerland (Art. 14 FADP)").
    role: str = ""
    name: str | None = None
    address: tuple[str, ...] = ()


class RegionalTraining(Fact):
    """When the training reached one region, where that differs from ``training_since``."""

    #: The day it began there, where a source states it.
    since: dt.date | None = None
    #: The day the controller announced it there: what a letter states when the start is not
    #: known.
    announced: dt.date


class Plan(_Data):
    """What the controller announced, as a letter or a refusal names it."""

    #: "LinkedIn's notice of 3 November 2025", in each language.
    name: Localised
    #: What to say to someone outside the plan (and outside any statute the letters model).
    elsewhere: Localised


class ControllerData(Fact):
    id: str
    #: The name in running text ("LinkedIn"): "your LinkedIn account".
    name: str
    #: What it calls the people whose data it holds ("members", "users"), in each language.
    people: Prose
    #: How it lets them refuse, as the letter says it ("offer only an opt-out").
    opt_out: Prose
    training_since: dt.date
    #: Region (jurisdictions.toml) → when the training reached it, where not ``training_since``.
    training_by_region: dict[str, RegionalTraining] = {}
    #: Other purposes it trains AI for under legitimate interests ("such as personalisation …").
    other_ai_purposes: Prose | None = None
    #: Its affiliates as an access request names them ("your affiliates, including Microsoft").
    affiliates: Prose | None = None
    plan: Plan
    entities: dict[str, Entity]
    #: Region (jurisdictions.toml) → entity key.
    controller_by_region: dict[str, str]
    categories: dict[str, Category]
    setting: Route | None = None
    objection_form: Route
    dpo_form: Route | None = None
    #: Region (jurisdictions.toml) → its representative there, known or not (Art. 14 FADP,
    #: Art. 27 UK GDPR).
    representatives: dict[str, Representative] = {}
    #: Other routes the next steps name (another service's form, a form for non-users).
    routes: dict[str, Route] = {}
    #: The hosts of the member's account and content addresses ("linkedin.com").
    profile_hosts: tuple[str, ...]
    #: The wording this controller adds to the letter and next steps:
    #: templates/letter/controllers/<wording>.j2 ("default": none).
    wording: str = "default"
    #: What to tell the member about the controller's own form, with the form text.
    form_hint: Localised | None = None


class ComplaintRoute(Fact):
    """Where an authority takes complaints online: its web form, an e-mail address."""

    form: str | None = None
    email: str | None = None


class Authority(Fact):
    name: str
    letter_name: Prose
    address: tuple[str, ...] = ()
    #: The name and the address lines in a letter's language, where they differ from ``name``
    #: and ``address`` (the FDPIC's Italian name, "3003 Berna"), by language.
    local_name: Localised = {}
    local_address: dict[str, tuple[str, ...]] = {}
    website: str
    lead: bool = False
    pec: str | None = None
    #: Italy: a complaint and a court action on the same matter exclude each other.
    exclusive_with_court: bool = False
    #: UK: the authority expects a complaint to the controller first.
    complain_first: bool = False
    #: Hong Kong: the authority may refuse to investigate a complaint made more than this many
    #: years after the complainant learned of the act (s. 39(1)(a) PDPO): a discretion, not a bar.
    complaint_within_years: int | None = None
    #: The only languages the authority takes complaints in, where its law restricts them
    #: (Hong Kong: Chinese or English, s. 37 PDPO), as language codes.
    complaint_languages: tuple[str, ...] = ()
    #: How the authority takes complaints besides post (its web form, e-mail), with its source.
    complaint_route: ComplaintRoute | None = None
    #: Germany: the competent authority depends on the member's region (the Land).
    several: bool = False
    #: No single authority can be named without the member's region: the letter describes it.
    unnamed: bool = False
    #: What a maintainer should know about the entry (not shown to members).
    note: str | None = None
    #: The names that select a regional authority ("Bayern", "Bavaria").
    names: tuple[str, ...] = ()
    regions: dict[str, Authority] = {}

    def name_in(self, locale: str) -> str:
        """The name heading a letter in ``locale``."""
        return self.local_name.get(locale, self.name)

    def address_in(self, locale: str) -> tuple[str, ...]:
        """The postal address as a letter in ``locale`` writes it."""
        return self.local_address.get(locale, self.address)


class AccessPeriod(Fact):
    """What the member's law asks of an access request beyond the GDPR's (its time limit is the
    deadline engine's: generator/data/deadlines.toml)."""

    #: A form the law prescribes for the request (Hong Kong: the PCPD's), by name.
    form: Prose | None = None
    form_url: str | None = None


class ComplaintBasis(Fact):
    """The provision a complaint to the member's authority rests on, as a letter cites it."""

    #: "section 165 of the Data Protection Act 2018", in each language.
    cite: Localised


class Regime(_Data):
    """A legal regime: the member's law, its template and its citations."""

    law: str
    countries: tuple[str, ...]
    #: Countries of the regime that are not EU Member States (the EEA's Iceland, …).
    eea_states: tuple[str, ...] = ()
    #: The short name of the law cited in the letter ("GDPR", "RGPD"), and when the GDPR
    #: binds the controller too.
    cite: Localised
    cite_with_gdpr: Localised | None = None
    subject: Prose
    source: str
    checked: dt.date
    #: Access requests: the form the law prescribes, where it does.
    access: AccessPeriod | None = None
    #: Where the member's law moved the complaint to the authority out of the regulation's
    #: Art. 77 (the UK: s. 165 DPA 2018), what the letters cite for it.
    complaint: ComplaintBasis | None = None


class Jurisdictions(_Data):
    regions: dict[str, Regime]
    aliases: dict[str, str]
    #: Usual names where CLDR's are official ("Hong Kong SAR China" → "Hong Kong").
    country_names: dict[str, Localised] = {}


class Authorities(_Data):
    by_country: dict[str, Authority]


class PostRoute(_Data):
    """How long registered post takes on a route: our conservative assumption, and its basis."""

    days: int
    basis: str


class Post(_Data):
    within_a_country: PostRoute
    within_europe: PostRoute
    between_continents: PostRoute


class DeliveryTimes(_Data):
    """delivery.toml: the days we assume a posted letter takes, where its receipt is unknown."""

    source: str
    checked: dt.date
    europe: tuple[str, ...]
    post: Post


class Script(_Data):
    name: Localised
    codes: tuple[str, ...]  # ISO 15924 script codes ("Latn"), as fontTools names them
    package: str


class Fonts(_Data):
    scripts: dict[str, Script]


def validate(model: type[BaseModel], data: dict[str, Any], path: Path) -> Any:
    """``data`` as ``model``, or an error naming the data file and what is wrong in it."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ObjectionError(
            N_(
                "The data file %(path)s is damaged at %(where)s (%(reason)s): reinstall objection, "
                "or correct the file."
            ),
            path=path,
            where=where,
            reason=first["msg"],
        ) from None
