"""A member's answers: read from TOML (or a mapping), validated, with errors a person can act on.

The models here are the one schema of the answers: each field carries a
:class:`~generator.answers.spec.Spec` (help text, question, sheet columns, option,
example) from which the other layers are derived. Every problem names the field and says what is
expected. The member's particular situation (``objection.grounds``) is required: the letter
never invents one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from generator.answers.spec import Spec
from generator.answers.validators import (
    MAX_LINKS,
    NOT_COUNTRIES,
    FieldProblem,
    clean_address,
    clean_email,
    clean_text,
    clean_url,
    on_hosts,
)
from generator.base.errors import visible
from generator.base.i18n import N_, cldr_locale
from generator.facts.controllers import DEFAULT_CONTROLLER, available_controllers, load_controller
from generator.facts.jurisdictions import (
    normalise_country,
    regional_authorities,
    supported_countries,
)

# Field types shared by members and organisations: a validator attached to the type.
Name = Annotated[str, AfterValidator(lambda v: clean_text(v, max_len=200))]
Email = Annotated[str, AfterValidator(clean_email)]
PostalAddress = Annotated[str, AfterValidator(clean_address)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Person(Section):
    name: Annotated[
        Name,
        Spec(
            N_("your full name, as on your account with the controller"),
            ask="line",
            columns=("full_name", "nome", "nome_e_cognome", "nominativo"),
            option=True,
            example="Maria Rossi",
        ),
    ]
    email: Annotated[
        Email,
        Spec(
            N_(
                "the e-mail address of your account with the controller: it identifies your account"
            ),
            ask="line",
            question=N_(
                "The e-mail address of your %(controller)s account (it identifies your account)"
            ),
            columns=("e_mail", "mail", "account_email", "posta_elettronica"),
            option=True,
            example="maria.rossi@example.org",
        ),
    ]
    postal_address: Annotated[
        PostalAddress,
        Spec(
            N_("your postal address, one line per line of the envelope"),
            ask="lines",
            columns=("address", "indirizzo", "indirizzo_postale"),
            option=True,
            example="Via Roma 1\n00100 Roma RM\nItalia",
        ),
    ]
    country: Annotated[
        str,
        Spec(
            N_(
                "the two-letter code (ISO 3166-1) of the country you live in, like IT: it "
                "decides the law, the authority and the controller"
            ),
            ask="line",
            question=N_(
                "The country you live in, as a two-letter code like IT (it decides the law, the "
                "authority and the controller)"
            ),
            columns=("paese", "nazione", "stato"),
            option=True,
            example="IT",
        ),
    ]
    region: Annotated[
        str | None,
        Spec(
            N_(
                "your region, where it decides the authority (Germany: your Land, like BY or "
                "Bayern)"
            ),
            ask="region",
            columns=("state", "land", "regione"),
            option=True,
        ),
    ] = None
    member: Annotated[
        bool,
        Spec(
            N_(
                "true if you have an account with the controller, false if you object as a "
                "non-member"
            ),
            ask="yesno",
            question=N_("Do you have a %(controller)s account?"),
            columns=("iscritto",),
            option=True,
            example=True,
        ),
    ] = True
    profile_url: Annotated[
        str | None,
        Spec(
            N_(
                "the address of your profile with the controller (optional, but it helps the "
                "controller find you)"
            ),
            ask="optional",
            when="person.member",
            columns=("profile", "linkedin", "profilo", "url_profilo"),
            option=True,
            example="https://www.linkedin.com/in/maria-rossi",
        ),
    ] = None
    accounts: Annotated[
        list[str],
        Spec(
            N_(
                "the addresses of your other accounts with this controller that the letter "
                "concerns (Meta: your Facebook and Instagram profiles)"
            ),
            columns=("account", "accounts", "account_social"),
            option="account",
            example=["https://www.facebook.com/…", "https://www.instagram.com/…"],
        ),
    ] = Field(default_factory=list)
    content_links: Annotated[
        list[str],
        Spec(
            N_("non-members: the addresses of the controller's content that concerns you"),
            ask="links",
            when="!person.member",
            columns=("links", "link_contenuti"),
            option="content_link",
            example=["https://www.linkedin.com/posts/…"],
        ),
    ] = Field(default_factory=list)

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        code = normalise_country(clean_text(v, max_len=100))
        known = code in cldr_locale("en").territories and code not in NOT_COUNTRIES
        if not re.fullmatch(r"[A-Z]{2}", code) or not known:
            raise FieldProblem(
                N_("is not a two-letter ISO 3166-1 country code: write it like IT, IE or DE")
            )
        return code

    @field_validator("region")
    @classmethod
    def _region(cls, v: str | None) -> str | None:
        return None if v is None or not v.strip() else clean_text(v, max_len=100)

    @field_validator("profile_url")
    @classmethod
    def _profile(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        return clean_url(v)

    @field_validator("content_links", "accounts", mode="before")
    @classmethod
    def _split_links(cls, v: Any) -> Any:
        return [part for part in re.split(r"[\s;,]+", v) if part] if isinstance(v, str) else v

    @field_validator("content_links", "accounts")
    @classmethod
    def _links(cls, v: list[str]) -> list[str]:
        if len(v) > MAX_LINKS:
            raise FieldProblem(
                N_("has %(count)d addresses: list at most %(max)d"), count=len(v), max=MAX_LINKS
            )
        return [clean_url(link) for link in v if link.strip()]

    @model_validator(mode="after")
    def _known_region(self) -> Person:
        regions = regional_authorities(self.country)
        if self.region and regions:
            wanted = self.region.casefold()
            if not any(wanted == name.casefold() for names in regions.values() for name in names):
                raise FieldProblem(
                    N_(
                        "%(region)s is not one of the regions whose authority we know: use one "
                        "of %(known)s, or leave it out"
                    ),
                    subfield="region",
                    region=visible(self.region),
                    known=", ".join(regions),
                )
        return self

    @model_validator(mode="after")
    def _non_member_links(self) -> Person:
        if not self.member and not self.content_links:
            raise FieldProblem(
                N_(
                    "is empty: a non-member objects by listing the addresses of the controller's "
                    "content that concerns them"
                ),
                subfield="content_links",
            )
        return self


class Objection(Section):
    categories: Annotated[
        list[str],
        Spec(
            N_(
                "the data you object to: a list of categories, like "
                '["profile", "content"], or "all"'
            ),
            ask="categories",
            question=N_("Which data do you object to?"),
            columns=("categorie",),
            option=True,
            example="all",
        ),
    ]
    grounds: Annotated[
        str,
        Spec(
            N_(
                "your particular situation, in your own words: why this training harms you "
                "(the letter quotes it as you write it)"
            ),
            ask="grounds",
            columns=("motivi", "situazione_particolare"),
            option=True,
        ),
    ]
    grounds_short: Annotated[
        str | None,
        Spec(
            N_("a shorter version of your grounds, for web forms with a tight limit"),
            columns=("motivi_brevi",),
            option=True,
        ),
    ] = None
    all_ai_training: Annotated[
        bool,
        Spec(
            N_(
                "true to object to every kind of AI training on your data (personalisation, "
                "trust and safety…), not only to generative models; the setting does not reach it"
            ),
            ask="yesno",
            question=N_(
                "Object to every kind of AI training on your data, not only to generative models?"
            ),
            columns=("all_ai", "tutta_l_ia", "ogni_ia"),
            option=True,
            example=True,
        ),
    ] = True
    send_by: Annotated[
        Literal["post", "pec", "email", "form"] | None,
        Spec(
            N_(
                "how you will send the letter: post (registered), pec, email or form; the letter "
                "says so above the address (optional)"
            ),
            columns=("invio", "spedizione"),
            option=True,
        ),
    ] = None
    switch_already_off: Annotated[
        bool,
        Spec(
            N_("true if you have already switched off the controller's setting for generative AI"),
            ask="yesno",
            question=N_(
                "Have you already switched off %(controller)s's setting for generative AI?"
            ),
            needs="setting",
            columns=("impostazione_disattivata",),
            option=True,
            example=False,
        ),
    ] = False
    form_already_sent: Annotated[
        bool,
        Spec(
            N_("true if you have already sent the controller's objection form"),
            ask="yesno",
            question=N_("Have you already sent %(controller)s's objection form?"),
            columns=("modulo_inviato",),
            option=True,
            example=False,
        ),
    ] = False

    @field_validator("categories", mode="before")
    @classmethod
    def _split(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [part for part in re.split(r"[;,\s]+", v) if part]
        return v

    @field_validator("grounds")
    @classmethod
    def _grounds(cls, v: str) -> str:
        try:
            return clean_text(v, max_len=6000, multiline=True)
        except FieldProblem as exc:
            if exc.msgid == N_("is empty: write it in"):
                raise FieldProblem(
                    N_(
                        "is empty: describe your particular situation in your own words "
                        "(Art. 21 GDPR asks for grounds relating to it)"
                    )
                ) from None
            raise

    @field_validator("grounds_short")
    @classmethod
    def _grounds_short(cls, v: str | None) -> str | None:
        return None if v is None or not v.strip() else clean_text(v, max_len=2000, multiline=True)


class Signature(Section):
    place: Annotated[
        str | None,
        Spec(
            N_("the town where you sign (optional: without it the letter carries the date alone)"),
            ask="optional",
            columns=("luogo", "localita", "località"),
            option=True,
            example="Roma",
        ),
    ] = None
    date: Annotated[
        dt.date | None,
        Spec(
            N_("the date of the letter, like 2026-11-29 (leave it out for today)"),
            columns=("data",),
            option=True,
        ),
    ] = None
    image: Annotated[
        Path | None,
        Spec(
            N_("the path of a PNG, JPEG or SVG image of your handwritten signature (optional)"),
            columns=("signature_image", "firma", "immagine_firma"),
            option="signature_image",
        ),
    ] = None
    pkcs12: Annotated[
        Path | None,
        Spec(
            N_(
                "the path of your certificate (.p12 or .pfx) to sign the PDF digitally "
                "(optional; its password from OBJECTION_PKCS12_PASSWORD or a hidden prompt)"
            ),
            sheet=False,
        ),
    ] = None
    pkcs11_module: Annotated[
        Path | None,
        Spec(
            N_(
                "the path of your smart card's or token's PKCS#11 driver, e.g. "
                "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so, to sign the PDF with the key on "
                "the card (optional; its PIN from OBJECTION_PKCS11_PIN or a hidden prompt)"
            ),
            sheet=False,
        ),
    ] = None
    pkcs11_token: Annotated[
        str | None,
        Spec(
            N_("the label of the token (card) to sign with (optional: the only one present)"),
            sheet=False,
        ),
    ] = None
    pkcs11_key: Annotated[
        str | None,
        Spec(
            N_(
                "the label of the signing key on the token; its certificate has the same "
                "label or id (optional: the only signing key)"
            ),
            sheet=False,
        ),
    ] = None

    @field_validator("pkcs11_token", "pkcs11_key", mode="before")
    @classmethod
    def _no_empty_label(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("place")
    @classmethod
    def _place(cls, v: str | None) -> str | None:
        return None if v is None or not v.strip() else clean_text(v, max_len=100)

    @field_validator("date")
    @classmethod
    def _date(cls, v: dt.date | None) -> dt.date | None:
        if v is not None and v > dt.date.today() + dt.timedelta(days=1):
            raise FieldProblem(N_("is in the future: date the letter today or earlier"))
        return v

    @field_validator("image", "pkcs12", "pkcs11_module", mode="before")
    @classmethod
    def _no_empty_path(cls, v: Any) -> Any:
        """``image = ""`` means no image, not the current folder."""
        return None if isinstance(v, str) and not v.strip() else v


class Answers(Section):
    """One member's answers, validated."""

    locale: Annotated[
        Literal["en", "it"] | None,
        Spec(N_("the language of the letter: en or it"), columns=("language", "lang", "lingua")),
    ] = None
    controller: Annotated[
        str,
        Spec(
            N_("whose processing you object to: linkedin (the default) or meta"),
            columns=("titolare",),
        ),
    ] = DEFAULT_CONTROLLER
    person: Person
    objection: Objection
    signature: Signature = Field(default_factory=Signature)

    @field_validator("controller")
    @classmethod
    def _controller(cls, v: str) -> str:
        if v not in available_controllers():
            raise FieldProblem(
                N_("%(value)s is not a controller we know: use one of %(known)s"),
                value=visible(v),
                known=", ".join(available_controllers()),
            )
        return v

    @model_validator(mode="after")
    def _addresses_of_the_controller(self) -> Answers:
        """Profile, accounts and content links must be the controller's own addresses."""
        controller = load_controller(self.controller)
        hosts = controller.data.profile_hosts
        person = self.person
        named = [("profile_url", [person.profile_url] if person.profile_url else [])]
        named += [("accounts", person.accounts), ("content_links", person.content_links)]
        for name, urls in named:
            if any(not on_hosts(url, hosts) for url in urls):
                raise FieldProblem(
                    N_("is not a %(controller)s address: write it like https://www.%(host)s/…"),
                    subfield=f"person.{name}",
                    controller=controller.name,
                    host=hosts[0],
                )
        return self

    @model_validator(mode="after")
    def _not_before_the_training(self) -> Answers:
        since = load_controller(self.controller).data.training_since
        if self.signature.date is not None and self.signature.date < since:
            raise FieldProblem(
                N_(
                    "is %(date)s, before %(controller)s began this training (%(since)s): date "
                    "the letter today, or leave the date out"
                ),
                subfield="signature.date",
                date=self.signature.date.isoformat(),
                controller=load_controller(self.controller).name,
                since=since.isoformat(),
            )
        return self

    @model_validator(mode="after")
    def _country_served(self) -> Answers:
        """The member's country must be one the controller's plan and a statute reach."""
        served = supported_countries(self.controller)
        if self.person.country not in served:
            plan = load_controller(self.controller).data.plan
            raise FieldProblem(
                N_(
                    "%(code)s is not covered: these letters are for the places where %(plan)s "
                    "applies and the law gives a right to object or to refuse (%(supported)s). "
                    "%(elsewhere)s"
                ),
                subfield="person.country",
                code=self.person.country,
                plan=plan.name,
                supported=", ".join(served),
                elsewhere=plan.elsewhere,
            )
        return self

    @model_validator(mode="after")
    def _categories(self) -> Answers:
        """Categories are the controller's: checked against its data."""
        keys = list(load_controller(self.controller).categories)
        wanted = {item.strip().lower() for item in self.objection.categories}
        if not wanted:
            raise FieldProblem(
                N_("is empty: choose one or more of %(keys)s, or all"),
                subfield="objection.categories",
                keys=", ".join(keys),
            )
        unknown = sorted(wanted - {*keys, "all"})
        if unknown:
            raise FieldProblem(
                N_("%(unknown)s is not a category: choose among %(keys)s, or all"),
                subfield="objection.categories",
                unknown=", ".join(visible(u) for u in unknown),
                keys=", ".join(keys),
            )
        chosen = keys if "all" in wanted else [k for k in keys if k in wanted]
        self.objection.categories = chosen
        return self

    @property
    def date(self) -> dt.date:
        return self.signature.date or dt.date.today()


# Inspiration only: the member writes their own situation; these are never filled in. They
# describe the risk, not the conduct or a condition (see generator/grounds.py).
EXAMPLE_GROUNDS = (
    N_(
        "I practise law, a profession bound by professional secrecy: a model that reproduces "
        "or recombines what I write could expose information that this secrecy protects."
    ),
    N_(
        "I am looking for work: the answers and resumes I saved contain sensitive personal "
        "details that I shared only to apply for specific jobs."
    ),
    N_(
        "I have been harassed online: content about me recombined by an AI could help someone "
        "find or impersonate me."
    ),
    N_(
        "I write for a living: my articles are my professional work, and a model trained on "
        "them imitates my style and competes with me."
    ),
)


class Organisation(Section):
    """An organisation that sends letters for its members under a mandate (--on-behalf-of)."""

    name: Annotated[Name, Spec(N_("the organisation's name"))]
    postal_address: Annotated[PostalAddress, Spec(N_("the organisation's postal address"))]
    email: Annotated[Email, Spec(N_("the organisation's e-mail address"))]
    #: Not-for-profit bodies may also complain for the member (Art. 80(1) GDPR).
    non_profit: Annotated[
        bool, Spec(N_("true if it is a not-for-profit body active in data protection"))
    ] = False


__all__ = [
    "EXAMPLE_GROUNDS",
    "Answers",
    "Objection",
    "Organisation",
    "Person",
    "Signature",
]
