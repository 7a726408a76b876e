"""The member's questions as one web form, generated from the answers schema.

Every answers field with a question (``Spec.ask``) or an option of ``objection letter`` is an
input named by its dotted path (``person.name``, ``objection.grounds``); paths to files on the
member's machine (a signature image, a certificate) are the command line's. The form's values
become the same answers mapping a file or the questions give, validated by the same models,
and each problem is shown beside its field, in the member's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from generator import (
    DEFAULT_CONTROLLER,
    EXAMPLE_GROUNDS,
    N_,
    InvalidAnswers,
    SchemaField,
    answers_fields,
    answers_from_mapping,
    cldr_locale,
    gettext,
    load_controller,
    regional_authorities,
    supported_countries,
)

#: Browsers fill these in from the member's own details.
AUTOCOMPLETE = {
    "person.name": "name",
    "person.email": "email",
    "person.postal_address": "street-address",
    "person.country": "country",
    "person.profile_url": "url",
    "signature.place": "address-level2",
}
TEXTAREAS = ("lines", "links", "grounds")
#: The legend of each section of the form.
SECTIONS = {
    "person": N_("About you"),
    "objection": N_("Your objection"),
    "signature": N_("Date and place"),
}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    detail: str = ""
    checked: bool = False


@dataclass(frozen=True)
class Input:
    """One field of the form as the template draws it."""

    name: str
    control: str  # text, email, url, date, textarea, radios, checkboxes, select
    label: str
    required: bool
    value: Any
    choices: tuple[Choice, ...] = ()
    error: str | None = None
    #: When the question applies ("person.member" or "!person.member"), for the script.
    when: str = ""
    examples: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    autocomplete: str = ""

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def target(self) -> str:
        """What a link to the field goes to: the field, or a group's first choice."""
        return f"{self.id}-1" if self.control in ("radios", "checkboxes") else self.id

    @property
    def described_by(self) -> str:
        """The id of what describes the field: its error, if it has one."""
        return f"{self.id}-error" if self.error else ""


@dataclass
class Section:
    name: str
    legend: str
    inputs: list[Input] = field(default_factory=list)


@cache
def web_fields() -> tuple[SchemaField, ...]:
    """The answers fields the form asks: those with a question or an option, not files."""
    return tuple(
        f
        for f in answers_fields()
        if f.section and f.kind != "path" and (f.spec.ask or f.spec.option)
    )


def applies(f: SchemaField, raw: dict[str, Any], controller: str) -> bool:
    """Whether ``f`` is asked of these answers (the schema's ``when`` and ``needs``)."""
    if f.spec.needs and getattr(load_controller(controller).data, f.spec.needs) is None:
        return False
    if not f.spec.when:
        return True
    path, wanted = f.spec.when.lstrip("!"), not f.spec.when.startswith("!")
    section, _dot, key = path.rpartition(".")
    return bool((raw.get(section, {}) if section else raw).get(key, True)) == wanted


def _value(f: SchemaField, values: list[str]) -> Any:
    """A field's value from what the form sent (None: leave it to its default)."""
    if f.kind == "bool":
        return {"true": True, "false": False}.get(values[0] if values else "")
    if f.key == "categories":
        return list(values)
    text = "\n".join(values).replace("\r\n", "\n")
    if f.kind == "list":
        return text if text.strip() else None
    if not text.strip():
        return "" if f.required else None
    return text


def answers_mapping(form: Any) -> dict[str, Any]:
    """The answers mapping of a posted form (``form.getlist(path)``), as a file would hold it."""
    controller = str(form.get("controller") or DEFAULT_CONTROLLER)
    raw: dict[str, Any] = {"controller": controller}
    if form.get("locale"):
        raw["locale"] = str(form.get("locale"))
    for f in web_fields():
        if not applies(f, raw, controller):
            continue
        value = _value(f, [v for v in form.getlist(f.path) if isinstance(v, str)])
        if value is not None:
            raw.setdefault(f.section, {})[f.key] = value
    return raw


def validate(raw: dict[str, Any], lang: str) -> tuple[Any, dict[str, str]]:
    """The answers, or the problems by field path ("" for the whole), in ``lang``."""
    try:
        return answers_from_mapping(raw, source=gettext(lang)(N_("your answers"))), {}
    except InvalidAnswers as exc:
        problems: dict[str, str] = {}
        for problem in exc.problems:
            shown = problem.field if problem.field in _paths() else ""
            text = problem.msg.text(lang)
            problems[shown] = f"{problems[shown]} {text}" if shown in problems else text
        return None, problems


@cache
def _paths() -> frozenset[str]:
    return frozenset(f.path for f in web_fields())


def sections(raw: dict[str, Any], problems: dict[str, str], lang: str) -> list[Section]:
    """The form's fieldsets, each input filled from ``raw`` with its problem if it has one."""
    controller = str(raw.get("controller") or DEFAULT_CONTROLLER)
    _ = gettext(lang)
    found: dict[str, Section] = {}
    for f in web_fields():
        if f.spec.needs and not applies(f, {}, controller):
            continue
        section = found.setdefault(f.section, Section(f.section, _(SECTIONS[f.section])))
        section.inputs.append(_input(f, raw, problems.get(f.path), controller, lang))
    return list(found.values())


def _current(f: SchemaField, raw: dict[str, Any]) -> Any:
    values = raw.get(f.section, {})
    return values.get(f.key, f.default)


def _input(
    f: SchemaField, raw: dict[str, Any], error: str | None, controller: str, lang: str
) -> Input:
    _ = gettext(lang)
    name = load_controller(controller).name
    # The question where the schema has one (the help text then says what the file holds:
    # "true if …"), else the help text, as the command line asks it.
    text = _(f.spec.question or f.spec.help, controller=name)
    label = text[:1].upper() + text[1:]
    value = _current(f, raw)
    common: dict[str, Any] = {
        "name": f.path,
        "label": label,
        "required": f.required,
        "error": error,
        "when": f.spec.when or "",
        "autocomplete": AUTOCOMPLETE.get(f.path, ""),
    }
    if f.kind == "bool":
        chosen = bool(value) if value is not None else bool(f.default)
        choices = (
            Choice("true", _("Yes"), checked=chosen),
            Choice("false", _("No"), checked=not chosen),
        )
        return Input(control="radios", value=chosen, choices=choices, **common)
    if f.key == "categories":
        return Input(
            control="checkboxes",
            value=value,
            choices=_categories(controller, value, lang),
            **common,
        )
    if f.path == "person.country":
        return Input(
            control="select",
            value=value or "",
            choices=_countries(controller, value, lang),
            **common,
        )
    if f.kind == "list":
        text = "\n".join(value) if isinstance(value, list) else value or ""
        return Input(control="textarea", value=text, **common)
    examples = tuple(_(e) for e in EXAMPLE_GROUNDS) if f.spec.ask == "grounds" else ()
    control = "textarea" if f.spec.ask in TEXTAREAS or f.key == "grounds_short" else "text"
    control = {"person.email": "email", "person.profile_url": "url"}.get(f.path, control)
    control = "date" if f.kind == "date" else control
    text = value.isoformat() if hasattr(value, "isoformat") else value or ""
    suggestions = _regions() if f.spec.ask == "region" else ()
    return Input(control=control, value=text, examples=examples, suggestions=suggestions, **common)


def _categories(controller: str, value: Any, lang: str) -> tuple[Choice, ...]:
    _ = gettext(lang)
    data = load_controller(controller).categories
    wanted = set(value) if isinstance(value, list) else set(data)
    if "all" in wanted:
        wanted = set(data)
    choices = []
    for key, category in data.items():
        detail = category.covers[lang]
        if not category.switch:
            detail += " " + _(
                "Not covered by the settings switch: only an objection (letter or web form) "
                "reaches it."
            )
        choices.append(Choice(key, category.label[lang], detail, key in wanted))
    return tuple(choices)


def _countries(controller: str, value: Any, lang: str) -> tuple[Choice, ...]:
    names = cldr_locale(lang).territories
    codes = sorted(supported_countries(controller), key=lambda c: names.get(c, c))
    return tuple(Choice(code, names.get(code, code), checked=code == value) for code in codes)


@cache
def _regions() -> tuple[str, ...]:
    """Every region whose authority the data knows (the German Länder), by name."""
    return tuple(
        names[1] if len(names) > 1 else names[0]
        for country in supported_countries()
        for names in regional_authorities(country).values()
    )


def hidden(raw: dict[str, Any], leave_out: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The answers as hidden fields (name, value): a page carries them to the next one."""
    pairs = [("controller", str(raw.get("controller", DEFAULT_CONTROLLER)))]
    if raw.get("locale"):
        pairs.append(("locale", str(raw["locale"])))
    for f in web_fields():
        value = raw.get(f.section, {}).get(f.key)
        if f.path in leave_out or value is None:
            continue
        if isinstance(value, bool):
            pairs.append((f.path, "true" if value else "false"))
        elif isinstance(value, list):
            pairs += (
                [(f.path, str(v)) for v in value]
                if f.key == "categories"
                else [(f.path, "\n".join(value))]
            )
        else:
            pairs.append((f.path, str(value)))
    return pairs
