"""Asking a member the questions in a terminal, in their language, until the answers are valid.

The questions are the answers schema's (:mod:`generator.answers.schema`): every field with an
``ask`` kind, in the order of the answers file, asked only when it applies (``when``).
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import click

from generator import (
    DEFAULT_CONTROLLER,
    EXAMPLE_GROUNDS,
    LOCALES,
    Answers,
    InvalidAnswers,
    SchemaField,
    answers_fields,
    answers_from_mapping,
    load_controller,
    locale_from_env,
    regional_authorities,
)
from generator.cli.common import UI_LOCALE, ui_gettext, ui_locale


def confirm(prompt: str, *, default: bool, err: bool = False) -> bool:
    """A yes/no question in the user's language: "sì" is yes, as "y" and "yes" are; on
    standard error with ``err`` (standard output may carry a document)."""
    from generator import load_data

    _ = ui_gettext()
    words = load_data("columns")["booleans"]
    choices = _("[Y/n]") if default else _("[y/N]")
    while True:
        reply = click.prompt(f"{prompt} {choices}", default="", show_default=False, err=err)
        word = reply.strip().lower()
        if not word:
            return default
        if word in words["true"]:
            return True
        if word in words["false"]:
            return False
        click.echo("  " + _("Answer yes or no."), err=True)


def _width() -> int:
    return min(shutil.get_terminal_size((80, 24)).columns, 100) - 1


def _prompt_text(field: SchemaField, raw: dict[str, Any]) -> str:
    """The question, about the controller chosen (``%(controller)s`` in the schema's texts)."""
    _ = ui_gettext()
    text = _(field.spec.question or field.spec.help, controller=_controller(raw).name)
    return text[:1].upper() + text[1:]


def _controller(raw: dict[str, Any]) -> Any:
    from generator import available_controllers

    key = raw.get("controller", DEFAULT_CONTROLLER)
    return load_controller(key if key in available_controllers() else DEFAULT_CONTROLLER)


def _lines(prompt: str) -> str:
    _ = ui_gettext()
    click.echo(prompt + " " + _("(an empty line ends it):"))
    lines: list[str] = []
    while True:
        line = click.prompt("", default="", show_default=False, prompt_suffix="> ")
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        lines.append(line)


def _categories(raw: dict[str, Any], prompt: str) -> list[str] | str:
    _ = ui_gettext()
    locale = ui_locale()
    data = _controller(raw).categories
    categories = list(data)
    for number, key in enumerate(categories, 1):
        line = f"{data[key].label[locale]}: {data[key].covers[locale]}"
        click.echo(
            textwrap.fill(line, _width(), initial_indent=f"  {number}. ", subsequent_indent="     ")
        )
    reply = click.prompt(
        prompt + " " + _("(numbers separated by commas, or Enter for all)"),
        default="",
        show_default=False,
    )
    if not reply.strip():
        return "all"
    chosen: list[str] = []
    for part in reply.replace(";", ",").split(","):
        part = part.strip()
        if part.isdigit() and 1 <= int(part) <= len(categories):
            chosen.append(categories[int(part) - 1])
        elif part:
            chosen.append(part)  # a key typed by name, or a mistake validation reports
    return chosen


def _grounds(prompt: str) -> str:
    _ = ui_gettext()
    click.echo(
        _(
            "Article 21 GDPR asks for grounds relating to your particular situation: "
            "why the training harms you. Some examples, for inspiration only:"
        )
    )
    for example in EXAMPLE_GROUNDS:
        click.echo(
            textwrap.fill(_(example), _width(), initial_indent="  – ", subsequent_indent="    ")
        )
    return _lines(prompt)


def _ask(field: SchemaField, raw: dict[str, Any]) -> Any:
    _ = ui_gettext()
    prompt = _prompt_text(field, raw)
    kind = field.spec.ask
    if kind == "lines":
        return _lines(prompt)
    if kind == "categories":
        return _categories(raw, prompt)
    if kind == "grounds":
        return _grounds(prompt)
    if kind == "yesno":
        default = field.default if isinstance(field.default, bool) else True
        return confirm(prompt, default=default)
    if kind == "links":
        return _lines(prompt).split("\n")
    if kind in ("optional", "region"):
        return (
            click.prompt(
                prompt + " " + _("(Enter to leave it out)"), default="", show_default=False
            )
            or None
        )
    return click.prompt(prompt)


def _applies(field: SchemaField, raw: dict[str, Any]) -> bool:
    if field.spec.ask == "region":
        return bool(regional_authorities(str(raw.get("person", {}).get("country", "")).upper()))
    if field.spec.needs and getattr(_controller(raw).data, field.spec.needs) is None:
        return False  # Meta has no settings switch to ask about
    if not field.spec.when:
        return True
    path, wanted = field.spec.when.lstrip("!"), not field.spec.when.startswith("!")
    section, _dot, key = path.rpartition(".")
    value = (raw.get(section, {}) if section else raw).get(key, True)
    return bool(value) == wanted


def _problems_by_field(raw: dict[str, Any], source: str, base_dir: Path) -> dict[str, str]:
    try:
        answers_from_mapping(raw, source=source, base_dir=base_dir)
    except InvalidAnswers as exc:
        return {p.field: p.msg.text(ui_locale()) for p in exc.problems}
    return {}


def complete(raw: dict[str, Any], *, source: str, fresh: bool, base_dir: Path) -> Answers:
    """Ask for every missing or invalid answer, then return the validated answers."""
    ctx = click.get_current_context()
    if fresh and not raw.get("locale"):
        default = ctx.find_root().meta.get(UI_LOCALE) or locale_from_env() or "en"
        raw["locale"] = click.prompt(
            "Language / Lingua", type=click.Choice(LOCALES), default=default
        )
    if raw.get("locale") in LOCALES:
        ctx.find_root().meta[UI_LOCALE] = raw["locale"]
    for field in answers_fields():
        if not field.spec.ask or not _applies(field, raw):
            continue
        values = raw.setdefault(field.section, {}) if field.section else raw
        if field.key in values and field.path not in _problems_by_field(raw, source, base_dir):
            continue
        if not fresh and (not field.required or field.spec.ask == "optional"):
            continue
        while True:
            values[field.key] = _ask(field, raw)
            if values[field.key] is None:
                values.pop(field.key)
            problem = _problems_by_field(raw, source, base_dir).get(field.path)
            if problem is None:
                break
            click.echo(f"  {problem}", err=True)
    return answers_from_mapping(raw, source=source, base_dir=base_dir)


def offer_to_save(raw: dict[str, Any]) -> Path | None:
    """Offer to keep the answers typed, so the next commands need not ask again."""
    import tomli_w

    from generator.cli.common import write_atomically

    _ = ui_gettext()
    if not confirm(_("Save these answers for the next commands?"), default=True):
        return None
    path = Path(click.prompt(_("File"), default="answers.toml"))
    while path.exists() and not confirm(
        _("%(path)s exists already: replace it?", path=path), default=False
    ):
        path = Path(click.prompt(_("File"), default="answers.toml"))
    data = {k: v for k, v in raw.items() if v not in (None, {}, [])}
    write_atomically(path, tomli_w.dumps(data, multiline_strings=True).encode("utf-8"))
    click.echo(_("Saved your answers in %(path)s.", path=path))
    return path
