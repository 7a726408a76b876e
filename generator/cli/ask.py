"""Asking a member the questions in a terminal, in their language, until the answers are valid."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import click

from generator.answers import EXAMPLE_GROUNDS, Answers, answers_from_mapping
from generator.cli.common import UI_LOCALE, ui_gettext, ui_locale
from generator.controllers import DEFAULT_CONTROLLER, load_controller
from generator.errors import InvalidAnswers
from generator.i18n import LOCALES, N_, locale_from_env

# The questions, in the order they are asked: (section, key, kind).
QUESTIONS = (
    ("person", "name", "line"),
    ("person", "email", "line"),
    ("person", "postal_address", "lines"),
    ("person", "country", "country"),
    ("person", "profile_url", "optional"),
    ("objection", "categories", "categories"),
    ("objection", "grounds", "grounds"),
    ("signature", "place", "line"),
)

PROMPTS = {
    "name": N_("Your full name"),
    "email": N_("The e-mail address of your LinkedIn account"),
    "postal_address": N_("Your postal address, one line at a time (an empty line ends it)"),
    "country": N_("The country you live in, as a two-letter code (%(examples)s)"),
    "profile_url": N_("The address of your LinkedIn profile (Enter to leave it out)"),
    "categories": N_("Which data do you object to? Numbers separated by commas, or Enter for all"),
    "grounds": N_("Your particular situation, in your own words (an empty line ends it)"),
    "place": N_("The town where you sign"),
}


def _lines(prompt: str) -> str:
    click.echo(prompt + ":")
    lines: list[str] = []
    while True:
        line = click.prompt("", default="", show_default=False, prompt_suffix="> ")
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        lines.append(line)


def _categories(prompt: str) -> list[str] | str:
    locale = ui_locale()
    categories = list(load_controller(DEFAULT_CONTROLLER).categories.values())
    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    for number, category in enumerate(categories, 1):
        line = f"{category.label[locale]}: {category.covers[locale]}"
        click.echo(
            textwrap.fill(line, width, initial_indent=f"  {number}. ", subsequent_indent="     ")
        )
    reply = click.prompt(prompt, default="", show_default=False)
    if not reply.strip():
        return "all"
    chosen: list[str] = []
    for part in reply.replace(";", ",").split(","):
        part = part.strip()
        if part.isdigit() and 1 <= int(part) <= len(categories):
            chosen.append(categories[int(part) - 1].key)
        elif part:
            chosen.append(part)  # a key typed by name, or a mistake validation reports
    return chosen


def _ask(key: str, kind: str) -> Any:
    _ = ui_gettext()
    prompt = _(PROMPTS[key], examples="IT, IE, DE, FR, …")
    if kind == "lines":
        return _lines(prompt)
    if kind == "categories":
        return _categories(prompt)
    if kind == "grounds":
        click.echo(
            _(
                "Article 21 GDPR asks for grounds relating to your particular situation: "
                "why the training harms you. Some examples, for inspiration only:"
            )
        )
        width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
        for example in EXAMPLE_GROUNDS:
            click.echo(
                textwrap.fill(_(example), width, initial_indent="  – ", subsequent_indent="    ")
            )
        return _lines(prompt)
    if kind == "optional":
        return click.prompt(prompt, default="", show_default=False) or None
    return click.prompt(prompt)


def _problems_by_field(raw: dict[str, Any], source: str, base_dir: Path) -> dict[str, str]:
    try:
        answers_from_mapping(raw, source=source, ui_locale=ui_locale(), base_dir=base_dir)
    except InvalidAnswers as exc:
        return {p.field: p.message for p in exc.problems}
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
    for section, key, kind in QUESTIONS:
        field = f"{section}.{key}"
        values = raw.setdefault(section, {})
        if key in values and field not in _problems_by_field(raw, source, base_dir):
            continue
        if not fresh and kind == "optional":
            continue
        while True:
            values[key] = _ask(key, kind)
            if values[key] is None:
                values.pop(key)
            problem = _problems_by_field(raw, source, base_dir).get(field)
            if problem is None:
                break
            click.echo(f"  {problem}", err=True)
    return answers_from_mapping(raw, source=source, ui_locale=ui_locale(), base_dir=base_dir)
