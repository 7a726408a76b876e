"""A member's answers: read from TOML (or a mapping), validated, with errors a person can act on.

Every problem names the field and says what is expected, in the user's language. The member's
particular situation (``objection.grounds``) is required: the letter never invents one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from generator.controllers import DEFAULT_CONTROLLER, load_controller
from generator.errors import InvalidAnswers, Problem
from generator.i18n import LOCALES, N_, cldr_locale, gettext
from generator.jurisdictions import normalise_country, regional_authorities, supported_countries
from generator.resources import asset_dir

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
# CLDR territory codes that are not countries (unknown region, EU, eurozone, UN, pseudo).
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FieldProblem(ValueError):
    """A validator's complaint: an English message id and its values, translated on report."""

    def __init__(self, msgid: str, *, subfield: str | None = None, **values: object):
        self.msgid = msgid
        self.subfield = subfield  # for a model validator: the field within the section
        self.values = values
        super().__init__(msgid % values if values else msgid)


def _text(value: str, *, max_len: int, multiline: bool = False) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        raise FieldProblem(N_("is empty: write it in"))
    if _CONTROL.search(value) or (not multiline and "\n" in value):
        raise FieldProblem(N_("contains line breaks or control characters: keep it on one line"))
    if len(value) > max_len:
        raise FieldProblem(
            N_("is %(length)d characters long: shorten it to %(max)d at most"),
            length=len(value),
            max=max_len,
        )
    return value


def _email(value: str) -> str:
    value = _text(value, max_len=254)
    if not _EMAIL.match(value):
        raise FieldProblem(N_("is not an e-mail address: write it like name@example.com"))
    return value


def _address(value: str) -> str:
    lines = [line.strip() for line in _text(value, max_len=500, multiline=True).split("\n")]
    if len(lines) > 8:
        raise FieldProblem(N_("has more than 8 lines: an envelope holds fewer"))
    return "\n".join(line for line in lines if line)


def _url(value: str) -> str:
    value = value.strip()
    if value and "://" not in value:
        value = "https://" + value
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise FieldProblem(
            N_("is not a web address: write it like https://www.linkedin.com/in/name")
        )
    return value


# Field types shared by members and organisations: a validator attached to the type.
Name = Annotated[str, AfterValidator(lambda v: _text(v, max_len=200))]
Email = Annotated[str, AfterValidator(_email)]
PostalAddress = Annotated[str, AfterValidator(_address)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Person(_Section):
    name: Name
    email: Email
    postal_address: PostalAddress
    country: str
    region: str | None = None
    profile_url: str | None = None
    member: bool = True
    content_links: list[str] = Field(default_factory=list)

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        code = normalise_country(_text(v, max_len=100))
        known = code in cldr_locale("en").territories and code not in _NOT_COUNTRIES
        if not re.fullmatch(r"[A-Z]{2}", code) or not known:
            raise FieldProblem(
                N_("is not a two-letter ISO 3166-1 country code: write it like IT, IE or DE")
            )
        if code not in supported_countries():
            raise FieldProblem(
                N_(
                    "%(code)s is outside LinkedIn's plan (the EU/EEA, Switzerland, the UK and "
                    "Hong Kong), so there is no training there to object to: the letters cover "
                    "%(supported)s"
                ),
                code=code,
                supported=", ".join(supported_countries()),
            )
        return code

    @field_validator("region")
    @classmethod
    def _region(cls, v: str | None) -> str | None:
        return None if v is None or not v.strip() else _text(v, max_len=100)

    @field_validator("profile_url")
    @classmethod
    def _profile(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        url = _url(v)
        host = re.sub(r"^https?://", "", url).split("/")[0].lower()
        if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
            raise FieldProblem(
                N_("is not a LinkedIn address: write it like https://www.linkedin.com/in/name")
            )
        return url

    @field_validator("content_links")
    @classmethod
    def _links(cls, v: list[str]) -> list[str]:
        return [_url(link) for link in v if link.strip()]

    @model_validator(mode="after")
    def _known_region(self) -> Person:
        regions = regional_authorities(self.country)
        if self.region and regions:
            wanted = self.region.casefold()
            if not any(wanted == name.casefold() for names in regions.values() for name in names):
                raise FieldProblem(
                    N_(
                        "%(region)s is not one of the regions whose authority we know: use one "
                        "of %(known)s, or leave it out for the central authority"
                    ),
                    subfield="region",
                    region=self.region,
                    known=", ".join(regions),
                )
        return self

    @model_validator(mode="after")
    def _non_member_links(self) -> Person:
        if not self.member and not self.content_links:
            raise FieldProblem(
                N_(
                    "is empty: a non-member objects by listing the addresses of the LinkedIn "
                    "content that concerns them"
                ),
                subfield="content_links",
            )
        return self


class Objection(_Section):
    categories: list[str]
    grounds: str
    grounds_short: str | None = None
    switch_already_off: bool = False
    form_already_sent: bool = False

    @field_validator("categories", mode="before")
    @classmethod
    def _split(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [part for part in re.split(r"[;,\s]+", v) if part]
        return v

    @field_validator("categories")
    @classmethod
    def _categories(cls, v: list[str]) -> list[str]:
        keys = list(load_controller(DEFAULT_CONTROLLER).categories)
        wanted = {item.strip().lower() for item in v}
        if not wanted:
            raise FieldProblem(
                N_("is empty: choose one or more of %(keys)s, or all"), keys=", ".join(keys)
            )
        if "all" in wanted:
            return keys
        unknown = sorted(wanted - set(keys))
        if unknown:
            raise FieldProblem(
                N_("%(unknown)s is not a category: choose among %(keys)s, or all"),
                unknown=", ".join(unknown),
                keys=", ".join(keys),
            )
        return [k for k in keys if k in wanted]

    @field_validator("grounds")
    @classmethod
    def _grounds(cls, v: str) -> str:
        try:
            return _text(v, max_len=6000, multiline=True)
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
        return None if v is None or not v.strip() else _text(v, max_len=2000, multiline=True)


class Signature(_Section):
    place: str
    date: dt.date | None = None
    #: A handwritten signature (PNG, JPEG or SVG), relative to the answers file.
    image: Path | None = None
    #: A PKCS#12 certificate to sign the PDF with, relative to the answers file.
    pkcs12: Path | None = None

    @field_validator("place")
    @classmethod
    def _place(cls, v: str) -> str:
        return _text(v, max_len=100)

    @field_validator("date")
    @classmethod
    def _date(cls, v: dt.date | None) -> dt.date | None:
        if v is not None and v > dt.date.today() + dt.timedelta(days=1):
            raise FieldProblem(N_("is in the future: date the letter today or earlier"))
        return v


class Answers(_Section):
    """One member's answers, validated."""

    locale: Literal["en", "it"] | None = None
    controller: Literal["linkedin"] = "linkedin"
    person: Person
    objection: Objection
    signature: Signature

    @property
    def date(self) -> dt.date:
        return self.signature.date or dt.date.today()


# Inspiration only: the member writes their own situation; these are never filled in.
EXAMPLE_GROUNDS = (
    N_(
        "I am a lawyer: my posts discuss my clients' cases, and a model that reproduces them "
        "could breach professional secrecy."
    ),
    N_(
        "I am looking for work: the answers and resumes I saved contain details about my health "
        "and family that I shared only to apply for specific jobs."
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


class Organisation(_Section):
    """An organisation that sends letters for its members under a mandate (--on-behalf-of)."""

    name: Name
    postal_address: PostalAddress
    email: Email
    #: Not-for-profit bodies may also complain for the member (Art. 80(1) GDPR).
    non_profit: bool = False


def load_organisation(path: Path, *, ui_locale: str) -> Organisation:
    """The organisation file of --on-behalf-of: an [organisation] table."""
    data = read_answers_file(path, ui_locale=ui_locale)
    _ = gettext(ui_locale)
    try:
        return Organisation.model_validate(data.get("organisation", {}))
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            problem = _problem(error, _)
            problems.append(Problem(f"organisation.{problem.field}", problem.message))
        raise InvalidAnswers(str(path), problems) from None


# What each field expects, said when the field is missing or of the wrong kind.
_EXPECTED: dict[str, str] = {
    "locale": N_("en or it"),
    "controller": N_("linkedin"),
    "person": N_("a [person] section"),
    "person.name": N_("your full name, as on your LinkedIn account"),
    "person.email": N_("the e-mail address of your LinkedIn account"),
    "person.postal_address": N_("your postal address, one line per line of the envelope"),
    "person.country": N_("the two-letter code of the country you live in, like IT"),
    "person.region": N_("your region or state, as text"),
    "person.profile_url": N_("the address of your LinkedIn profile"),
    "person.member": N_("true or false"),
    "person.content_links": N_('a list of web addresses in quotes, like ["https://…"]'),
    "objection": N_("an [objection] section"),
    "objection.categories": N_('a list of categories, like ["profile", "content"], or "all"'),
    "objection.grounds": N_("your particular situation, in your own words"),
    "objection.grounds_short": N_("a shorter version of your grounds"),
    "objection.switch_already_off": N_("true or false"),
    "objection.form_already_sent": N_("true or false"),
    "signature": N_("a [signature] section"),
    "signature.place": N_("the town where you sign"),
    "signature.date": N_("a date like 2026-11-29"),
    "name": N_("the organisation's name"),
    "postal_address": N_("the organisation's postal address"),
    "email": N_("the organisation's e-mail address"),
    "non_profit": N_("true or false"),
    "signature.image": N_("the path of a PNG, JPEG or SVG image of your signature"),
    "signature.pkcs12": N_("the path of your certificate file (.p12 or .pfx)"),
}


def _problem(error: ErrorDetails, _: Any) -> Problem:
    loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
    field = ".".join(loc)
    kind = error["type"]
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, FieldProblem):
        if cause.subfield:
            field = f"{field}.{cause.subfield}"
        return Problem(field, _(cause.msgid, **cause.values))
    if kind == "extra_forbidden":
        parent = field.rpartition(".")[0]
        siblings = [k.rpartition(".")[2] for k in _EXPECTED if k.rpartition(".")[0] == parent]
        close = difflib.get_close_matches(loc[-1], siblings, n=1)
        if close:
            return Problem(
                field, _("is not a field we know: did you mean %(name)s?", name=close[0])
            )
        return Problem(field, _("is not a field we know: remove it"))
    expected = _(_EXPECTED[field]) if field in _EXPECTED else ""
    if kind == "missing":
        return Problem(field, _("is missing: add %(expected)s", expected=expected))
    return Problem(field, _("is not valid: expected %(expected)s", expected=expected))


def answers_from_mapping(
    data: dict[str, Any], *, source: str, ui_locale: str, base_dir: Path | None = None
) -> Answers:
    """Validate ``data`` (a parsed answers file or spreadsheet row); raise InvalidAnswers.

    Paths (the signature image, the certificate) are relative to ``base_dir``.
    """
    _ = gettext(ui_locale)
    try:
        answers = Answers.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(e, _) for e in exc.errors(include_url=False)]
        raise InvalidAnswers(source, problems) from None
    signature = answers.signature
    paths = {
        key: (base_dir / value if base_dir and not value.is_absolute() else value)
        for key, value in (("image", signature.image), ("pkcs12", signature.pkcs12))
        if value is not None
    }
    if "image" in paths:
        from generator.errors import InvalidInput
        from generator.signing import check_signature_image

        try:
            check_signature_image(paths["image"], ui_locale)
        except InvalidInput as exc:
            raise InvalidAnswers(source, [Problem("signature.image", str(exc))]) from None
    if "pkcs12" in paths and not paths["pkcs12"].is_file():
        raise InvalidAnswers(
            source,
            [
                Problem(
                    "signature.pkcs12",
                    _(
                        "%(path)s does not exist: check the path of your certificate file",
                        path=paths["pkcs12"],
                    ),
                )
            ],
        )
    return answers.model_copy(update={"signature": signature.model_copy(update=paths)})


def read_answers_file(path: Path, *, ui_locale: str) -> dict[str, Any]:
    """The raw mapping of an answers TOML file; InvalidAnswers if it cannot be read or parsed."""
    _ = gettext(ui_locale)

    def fail(message: str) -> InvalidAnswers:
        return InvalidAnswers(str(path), [Problem("", message)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail(
            _("there is no such file: check the path, or write one with objection init")
        ) from None
    except OSError as exc:
        raise fail(
            _("cannot be read (%(reason)s): check its permissions", reason=exc.strerror)
        ) from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail(_("is not UTF-8 text: save it again as UTF-8")) from None
    except tomllib.TOMLDecodeError as exc:
        raise fail(
            _(
                "is not valid TOML (%(reason)s): compare it with the file objection init writes",
                reason=str(exc),
            )
        ) from None


def load_answers(path: Path, *, ui_locale: str) -> Answers:
    """Read and validate an answers TOML file."""
    data = read_answers_file(path, ui_locale=ui_locale)
    return answers_from_mapping(data, source=str(path), ui_locale=ui_locale, base_dir=path.parent)


def sample_answers(locale: str) -> Answers:
    """The built-in answers of a fictional member, for the demo (``objection letter --sample``)."""
    path = asset_dir("data") / "samples" / f"{locale}.toml"
    answers = load_answers(path, ui_locale=locale)
    return answers.model_copy(update={"locale": locale})


__all__ = [
    "EXAMPLE_GROUNDS",
    "LOCALES",
    "Answers",
    "answers_from_mapping",
    "load_answers",
    "read_answers_file",
    "sample_answers",
]
