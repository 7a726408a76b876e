"""A member's answers: read from TOML (or a mapping), validated, with errors a person can act on.

The models here are the one schema of the answers: each field carries a
:class:`~generator.schema.Spec` (help text, question, sheet columns, option, example) from which
the other layers are derived. Every problem names the field and says what is expected. The
member's particular situation (``objection.grounds``) is required: the letter never invents one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

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

from generator.controllers import DEFAULT_CONTROLLER, available_controllers, load_controller
from generator.errors import InvalidAnswers, InvalidInput, Msg, Problem, msg, visible
from generator.files import read_regular
from generator.i18n import N_, cldr_locale
from generator.jurisdictions import normalise_country, regional_authorities, supported_countries
from generator.resources import asset_dir
from generator.schema import Spec, walk

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
# CLDR territory codes that are not countries (unknown region, EU, eurozone, UN, pseudo).
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})
# C0 and C1 control characters and DEL (a line break is handled on its own: multi-line
# fields keep it). Tabs count as control characters in one-line fields only.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The longest web address accepted (browsers' practical limit): longer ones are abuse.
MAX_URL = 2000
#: An answers file is a few KB; grounds are at most 6,000 characters.
MAX_ANSWERS_BYTES = 256 * 1024
#: At most this many content links for a non-member.
MAX_LINKS = 50


class FieldProblem(ValueError):
    """A validator's complaint: an English message id and its values, translated on report."""

    def __init__(self, msgid: str, *, subfield: str | None = None, **values: object):
        self.msgid = msgid
        self.subfield = subfield  # for a model validator: the field within the section
        self.values = values
        super().__init__(msgid % values if values else msgid)


def _visible(value: str) -> str:
    """Without format characters (zero-width spaces, joiners…): what is there to read."""
    return "".join(c for c in value if unicodedata.category(c) != "Cf").strip()


def _text(value: str, *, max_len: int, multiline: bool = False) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not _visible(value):
        raise FieldProblem(N_("is empty: write it in"))
    if _CONTROL.search(value) or (not multiline and ("\n" in value or "\t" in value)):
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
    if len(value) > MAX_URL:
        raise FieldProblem(
            N_("is %(length)d characters long: shorten it to %(max)d at most"),
            length=len(value),
            max=MAX_URL,
        )
    if _CONTROL.search(value):
        raise FieldProblem(N_("contains line breaks or control characters: keep it on one line"))
    if value and "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise FieldProblem(
            N_("is not a web address: write it like https://www.linkedin.com/in/name")
        )
    return value


def _on_hosts(url: str, hosts: tuple[str, ...]) -> bool:
    """Whether ``url``'s host is one of ``hosts`` or a subdomain of one, with no user info."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    return parts.username is None and any(host == h or host.endswith("." + h) for h in hosts)


# Field types shared by members and organisations: a validator attached to the type.
Name = Annotated[str, AfterValidator(lambda v: _text(v, max_len=200))]
Email = Annotated[str, AfterValidator(_email)]
PostalAddress = Annotated[str, AfterValidator(_address)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Person(_Section):
    name: Annotated[
        Name,
        Spec(
            N_("your full name, as on your LinkedIn account"),
            ask="line",
            columns=("full_name", "nome", "nome_e_cognome", "nominativo"),
            option=True,
            example="Maria Rossi",
        ),
    ]
    email: Annotated[
        Email,
        Spec(
            N_("the e-mail address of your LinkedIn account: it identifies your account"),
            ask="line",
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
            N_("true if you have a LinkedIn account, false if you object as a non-member"),
            ask="yesno",
            question=N_("Do you have a LinkedIn account?"),
            columns=("iscritto",),
            option=True,
            example=True,
        ),
    ] = True
    profile_url: Annotated[
        str | None,
        Spec(
            N_("the address of your LinkedIn profile (optional, but it helps LinkedIn find you)"),
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
            N_("non-members: the addresses of the LinkedIn content that concerns you"),
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
        code = normalise_country(_text(v, max_len=100))
        known = code in cldr_locale("en").territories and code not in _NOT_COUNTRIES
        if not re.fullmatch(r"[A-Z]{2}", code) or not known:
            raise FieldProblem(
                N_("is not a two-letter ISO 3166-1 country code: write it like IT, IE or DE")
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
        return _url(v)

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
                    "is empty: a non-member objects by listing the addresses of the LinkedIn "
                    "content that concerns them"
                ),
                subfield="content_links",
            )
        return self


class Objection(_Section):
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
    switch_already_off: Annotated[
        bool,
        Spec(
            N_("true if you have already switched off LinkedIn's setting for generative AI"),
            ask="yesno",
            question=N_("Have you already switched off LinkedIn's setting for generative AI?"),
            columns=("impostazione_disattivata",),
            option=True,
            example=False,
        ),
    ] = False
    form_already_sent: Annotated[
        bool,
        Spec(
            N_("true if you have already sent LinkedIn's objection form"),
            ask="yesno",
            question=N_("Have you already sent LinkedIn's objection form?"),
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

    @field_validator("place")
    @classmethod
    def _place(cls, v: str | None) -> str | None:
        return None if v is None or not v.strip() else _text(v, max_len=100)

    @field_validator("date")
    @classmethod
    def _date(cls, v: dt.date | None) -> dt.date | None:
        if v is not None and v > dt.date.today() + dt.timedelta(days=1):
            raise FieldProblem(N_("is in the future: date the letter today or earlier"))
        return v

    @field_validator("image", "pkcs12", mode="before")
    @classmethod
    def _no_empty_path(cls, v: Any) -> Any:
        """``image = ""`` means no image, not the current folder."""
        return None if isinstance(v, str) and not v.strip() else v


class Answers(_Section):
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
            if any(not _on_hosts(url, hosts) for url in urls):
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


class Organisation(_Section):
    """An organisation that sends letters for its members under a mandate (--on-behalf-of)."""

    name: Annotated[Name, Spec(N_("the organisation's name"))]
    postal_address: Annotated[PostalAddress, Spec(N_("the organisation's postal address"))]
    email: Annotated[Email, Spec(N_("the organisation's e-mail address"))]
    #: Not-for-profit bodies may also complain for the member (Art. 80(1) GDPR).
    non_profit: Annotated[
        bool, Spec(N_("true if it is a not-for-profit body active in data protection"))
    ] = False


def _help(model: type[BaseModel]) -> dict[str, str]:
    return {f.path: f.spec.help for f in walk(model)}


_SECTIONS = {
    "person": N_("a [person] section"),
    "objection": N_("an [objection] section"),
    "signature": N_("a [signature] section"),
}


def _problem(error: ErrorDetails, helps: dict[str, str]) -> Problem:
    loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
    field = ".".join(loc)
    kind = error["type"]
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, FieldProblem):
        if cause.subfield:
            field = f"{field}.{cause.subfield}" if field else cause.subfield
        return Problem(field, Msg(cause.msgid, cause.values))
    if kind == "extra_forbidden":
        parent = field.rpartition(".")[0]
        siblings = [k.rpartition(".")[2] for k in helps if k.rpartition(".")[0] == parent]
        siblings += list(_SECTIONS) if not parent else []
        close = difflib.get_close_matches(loc[-1], siblings, n=1)
        if close:
            return Problem(
                field, msg("is not a field we know: did you mean %(name)s?", name=close[0])
            )
        return Problem(field, msg("is not a field we know: remove it"))
    expected = Msg(helps.get(field) or _SECTIONS.get(field, ""))
    if kind == "missing":
        return Problem(field, msg("is missing: add %(expected)s", expected=expected))
    return Problem(field, msg("is not valid: expected %(expected)s", expected=expected))


def _validate(model: type[_Section], data: dict[str, Any], source: str | Msg) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        helps = _help(model)
        problems = [_problem(e, helps) for e in exc.errors(include_url=False)]
        raise InvalidAnswers(source, problems) from None


def load_organisation(path: Path) -> Organisation:
    """The organisation file of --on-behalf-of: an [organisation] table."""
    data = read_answers_file(path)
    try:
        organisation: Organisation = _validate(
            Organisation, data.get("organisation", {}), str(path)
        )
    except InvalidAnswers as exc:
        problems = [Problem(f"organisation.{p.field}", p.msg) for p in exc.problems]
        raise InvalidAnswers(str(path), problems) from None
    return organisation


def answers_from_mapping(
    data: dict[str, Any], *, source: str | Msg = "answers", base_dir: Path | None = None
) -> Answers:
    """Validate ``data`` (a parsed answers file or spreadsheet row); raise InvalidAnswers.

    Paths (the signature image, the certificate) are relative to ``base_dir``.
    """
    answers: Answers = _validate(Answers, data, source)
    signature = answers.signature
    paths = {
        key: (base_dir / value if base_dir and not value.is_absolute() else value)
        for key, value in (("image", signature.image), ("pkcs12", signature.pkcs12))
        if value is not None
    }
    if "image" in paths:
        from generator.signing import check_signature_image

        try:
            check_signature_image(paths["image"])
        except InvalidInput as exc:
            raise InvalidAnswers(source, [Problem("signature.image", exc.msg)]) from None
    if "pkcs12" in paths and not paths["pkcs12"].is_file():
        problem = msg(
            "%(path)s does not exist: check the path of your certificate file",
            path=paths["pkcs12"],
        )
        raise InvalidAnswers(source, [Problem("signature.pkcs12", problem)])
    return answers.model_copy(update={"signature": signature.model_copy(update=paths)})


def read_answers_file(path: Path) -> dict[str, Any]:
    """The raw mapping of an answers TOML file; InvalidAnswers if it cannot be read or parsed."""

    def fail(problem: Msg) -> InvalidAnswers:
        return InvalidAnswers(str(path), [Problem("", problem)])

    try:
        raw = read_regular(path, max_bytes=MAX_ANSWERS_BYTES)
    except InvalidInput as exc:
        raise fail(exc.msg) from None
    except FileNotFoundError:
        raise fail(
            msg("there is no such file: check the path, or write one with objection init")
        ) from None
    except OSError as exc:
        raise fail(
            msg("cannot be read (%(reason)s): check its permissions", reason=exc.strerror)
        ) from None
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail(msg("is not UTF-8 text: save it again as UTF-8")) from None
    except tomllib.TOMLDecodeError as exc:
        raise fail(
            msg(
                "is not valid TOML (%(reason)s): compare it with the file objection init writes",
                reason=str(exc),
            )
        ) from None
    return data


def load_answers(path: str | Path, *, controller: str | None = None) -> Answers:
    """Read and validate an answers TOML file; InvalidAnswers says what is wrong, field by field.

    ``controller`` addresses the answers to another controller than the file names: its own
    categories (all of them, when the file's are another controller's) and profile.
    """
    path = Path(path)
    data = read_answers_file(path)
    if controller:
        data = readdressed(data, controller)
    return answers_from_mapping(data, source=str(path), base_dir=path.parent)


def readdressed(data: dict[str, Any], controller: str) -> dict[str, Any]:
    """Answers written for one controller, addressed to ``controller``: its categories (all of
    them, where the answers name another's) and no profile address on another's site."""
    if controller == data.get("controller", DEFAULT_CONTROLLER):
        return data
    data = {**data, "controller": controller}
    if controller not in available_controllers():
        return data  # validation says so
    known = load_controller(controller)
    objection = dict(data.get("objection", {}))
    if not set(_categories(objection.get("categories"))) <= {*known.categories, "all"}:
        objection["categories"] = "all"
    person = dict(data.get("person", {}))
    profile = person.get("profile_url")
    if isinstance(profile, str) and not _on_hosts(_with_scheme(profile), known.data.profile_hosts):
        person.pop("profile_url")
    return {**data, "person": person, "objection": objection}


def _with_scheme(url: str) -> str:
    return url if "://" in url else "https://" + url


def _categories(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part for part in re.split(r"[;,\s]+", value.lower()) if part]
    return [str(v).lower() for v in value or []]


def sample_answers(locale: str, controller: str = DEFAULT_CONTROLLER) -> Answers:
    """The built-in answers of a fictional member, for the demo (``objection letter --sample``);
    to another controller, without the LinkedIn profile and with all its categories."""
    return load_answers(asset_dir("data") / "samples" / f"{locale}.toml", controller=controller)


__all__ = [
    "EXAMPLE_GROUNDS",
    "Answers",
    "Organisation",
    "answers_from_mapping",
    "load_answers",
    "load_organisation",
    "read_answers_file",
    "sample_answers",
]
