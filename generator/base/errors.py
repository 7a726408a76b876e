"""The project's error family: each error is a stable code, a message id and its values,
translated late.

The library raises :class:`ObjectionError` (or a subclass) with an English message id, the
values it needs and a ``code`` (``"register.unavailable"``): whoever shows it chooses the
language and adds what only it knows — the command line translates it at its edge
(:meth:`ObjectionError.message`) and names the option that mends it by the code
(:mod:`generator.cli.hints`); a web page would name its field. Library messages name no
command-line option. ``str(error)`` gives the message in the language chosen once for the
process (:func:`generator.base.i18n.set_message_locale`, English by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Msg:
    """A message id with its values, to be translated when the language is known.

    A value may itself be a :class:`Msg` (translated in the same language), a mapping of
    language codes to text (``{"en": …, "it": …}``, as data files have them), or a day
    (written as the language writes dates: "2 December 2026", "2 dicembre 2026").
    """

    msgid: str
    values: Mapping[str, Any] = field(default_factory=dict)
    #: What the message is about, stable across wording and languages (for hints, tests, the
    #: web front); "" for messages nothing needs to recognise.
    code: str = ""

    def text(self, locale: str | None = None) -> str:
        from generator.base.i18n import message_locale, translations

        locale = locale or message_locale()
        template = translations(locale).gettext(self.msgid)
        if not self.values:
            return template
        return template % {k: _resolve(v, locale) for k, v in self.values.items()}

    def __str__(self) -> str:
        return self.text()


def _resolve(value: Any, locale: str) -> Any:
    if isinstance(value, Msg):
        return value.text(locale)
    if isinstance(value, dt.date):  # a day, as the message's language writes it
        from generator.base.i18n import long_date

        return long_date(value, locale)
    if isinstance(value, Mapping) and "en" in value:
        return value.get(locale, value["en"])
    return value


def msg(msgid: str, *, code: str = "", **values: Any) -> Msg:
    return Msg(msgid, values, code)


@dataclass(frozen=True)
class Joined:
    """Messages shown as one, translated together (a row's problems, one after another)."""

    parts: tuple[Any, ...]
    separator: str = "; "

    def text(self, locale: str | None = None) -> str:
        return self.separator.join(
            p.text(locale) if isinstance(p, Msg | Joined) else str(p) for p in self.parts
        )

    def __str__(self) -> str:
        return self.text()


class ObjectionError(Exception):
    """Base class: a code, a message id and its values; ``str(error)`` is the translated
    message."""

    exit_code = 1
    #: The code of errors raised without one of their own.
    default_code = "error"

    def __init__(self, msgid: str | Msg, *, code: str = "", **values: Any):
        self.msg = msgid if isinstance(msgid, Msg) else Msg(msgid, values, code)
        self.code = code or self.msg.code or self.default_code
        super().__init__(self.msg.msgid)

    @property
    def values(self) -> Mapping[str, Any]:
        return self.msg.values

    def message(self, locale: str | None = None) -> str:
        """The whole message in ``locale`` (default: the language chosen for the process)."""
        return self.msg.text(locale)

    def __str__(self) -> str:
        return self.message()


class InvalidInput(ObjectionError):
    """The user's input (answers file, option, spreadsheet row) is wrong: exit 2."""

    exit_code = 2
    default_code = "invalid_input"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the answers: the field (dotted path) and what is wrong with it."""

    field: str
    msg: Msg

    @property
    def message(self) -> str:
        """What is wrong, in the language chosen for the process."""
        return self.msg.text()


class InvalidAnswers(InvalidInput):
    """Everything wrong in one set of answers, each problem naming the source and the field."""

    default_code = "invalid_answers"

    def __init__(self, source: str | Msg, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(Msg("%(source)s", {"source": source}))

    def message(self, locale: str | None = None) -> str:
        source = self.source.text(locale) if isinstance(self.source, Msg) else self.source
        return "\n".join(
            f"{source}: {p.field}: {p.msg.text(locale)}"
            if p.field
            else f"{source}: {p.msg.text(locale)}"
            for p in self.problems
        )


class MissingFont(ObjectionError):
    """No installed font has glyphs for a script the letter needs: the machine, exit 1."""

    default_code = "missing_font"


class RenderError(ObjectionError):
    """The PDF or HTML could not be produced."""

    default_code = "render_failed"


def visible(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), safe to echo to a terminal.

    Untrusted text (a certificate's name, a value typed into a sheet) can otherwise move the
    cursor, change the title or forge lines of output.
    """
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text
    )
