"""Languages: gettext catalogs, the user's language, and CLDR dates and names.

Catalogs live in ``locales/<lang>/LC_MESSAGES/messages.po``. A wheel carries them compiled
(``.mo``, by the build hook); in a checkout, a ``.po`` newer than its ``.mo`` is compiled in
memory, so a translator sees an edit without reinstalling (and compiled to a file for click's
messages, which gettext's global domain reads: :func:`catalog_dir`).
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel import Locale, default_locale, negotiate_locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from generator.base.assets import asset_dir

#: Languages a letter (and the command line) can be written in.
LOCALES: tuple[str, ...] = ("en", "it")
DEFAULT_LOCALE = "en"
#: The CLDR locale for dates and names in each language: an English letter goes to Dublin,
#: so it writes dates the Irish way ("29 November 2026").
_CLDR = {"en": "en_IE", "it": "it_IT"}
DOMAIN = "messages"
#: The language of messages (errors) when nobody names one: chosen once a process.
_message_locale = DEFAULT_LOCALE


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where the language is known."""
    return message


def set_message_locale(locale: str) -> None:
    """Choose, once for the process, the language of ``str(error)`` and of batch manifests."""
    global _message_locale
    _message_locale = locale if locale in LOCALES else DEFAULT_LOCALE


def message_locale() -> str:
    return _message_locale


def locale_from_env() -> str | None:
    """The supported language the environment asks for, read as gettext reads it (and so as
    click's own messages follow it): LANGUAGE (the first of its list we speak), else LC_ALL,
    else LC_MESSAGES, else LANG; "C" is English. Babel parses the values."""
    listed = [code for code in os.environ.get("LANGUAGE", "").split(":") if code]
    found = default_locale(("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"))
    chosen: str | None = negotiate_locale([*listed, *([found] if found else [])], LOCALES)
    return chosen


def resolve_locale(*candidates: str | None) -> str:
    """The first supported language among ``candidates``, else the environment's, else English."""
    for candidate in candidates:
        if candidate:
            return candidate
    return locale_from_env() or DEFAULT_LOCALE


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalog for ``locale`` (English needs none: the source strings are English)."""
    if locale == DEFAULT_LOCALE:
        return NullTranslations()
    po, mo = _catalog_files(asset_dir("locales"), locale)
    if _compiled_is_current(po, mo):
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    return Translations(io.BytesIO(_compile(po, locale)), domain=DOMAIN)


@cache
def catalog_dir() -> Path:
    """A folder of compiled catalogs, ``<lang>/LC_MESSAGES/messages.mo``, for gettext's global
    domain (click's own messages, :mod:`generator.cli.click_words`), which reads only files.

    A wheel ships them compiled. In a checkout, a missing or stale ``.mo`` is compiled beside its
    ``.po`` (git ignores it); a read-only checkout gets them in a temporary folder instead.
    """
    root = asset_dir("locales")
    languages = [lang for lang in LOCALES if lang != DEFAULT_LOCALE]
    stale = [lang for lang in languages if not _compiled_is_current(*_catalog_files(root, lang))]
    try:
        for lang in stale:
            _write_mo(root, lang, root)
        return root
    except OSError:
        out = Path(tempfile.mkdtemp(prefix="objection-locales-"))
        atexit.register(shutil.rmtree, out, ignore_errors=True)
        for lang in languages:
            _write_mo(root, lang, out)
        return out


def _catalog_files(root: Path, locale: str) -> tuple[Path, Path]:
    folder = root / locale / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def _compiled_is_current(po: Path, mo: Path) -> bool:
    return mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime)


def _compile(po: Path, locale: str) -> bytes:
    """A ``.po`` catalog compiled (``.mo`` bytes), leaving out fuzzy translations."""
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _write_mo(source: Path, locale: str, out: Path) -> None:
    """Compile ``source``'s catalog for ``locale`` into ``out``, whole or not at all."""
    po, _ = _catalog_files(source, locale)
    _, mo = _catalog_files(out, locale)
    mo.parent.mkdir(parents=True, exist_ok=True)
    part = mo.with_name(f".{mo.name}.{os.getpid()}.part")
    try:
        part.write_bytes(_compile(po, locale))
        os.replace(part, mo)
    finally:
        part.unlink(missing_ok=True)


def gettext(locale: str) -> Callable[..., str]:
    """A ``_(message, **values)`` for ``locale``, formatting ``%(name)s`` placeholders."""
    translate = translations(locale).gettext

    def _(message: str, **values: object) -> str:
        text = translate(message)
        text = text % values if values else text
        return italian_dates(text) if locale == "it" else text

    return _


def ngettext(locale: str) -> Callable[..., str]:
    """A ``n_(singular, plural, n, **values)`` for ``locale``: the plural form the language
    needs, with ``%(num)d`` set to ``n``."""
    translate = translations(locale).ngettext

    def n_(singular: str, plural: str, n: int, **values: object) -> str:
        return translate(singular, plural, n) % {"num": n, **values}

    return n_


def cldr_locale(locale: str) -> Locale:
    return Locale.parse(_CLDR.get(locale, locale))


_IT_MONTHS = (
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
)
#: An article or articled preposition before a day that starts with a vowel sound (8, 11):
#: "il 8 novembre" → "l’8 novembre", "dal 11" → "dall’11".
_IT_ELIDED = re.compile(rf"\b(il|dal|al|del|nel|sul)\s+(8|11)(\s+(?:{_IT_MONTHS})\b)", re.I)
#: The first of the month is "1º" ("il 1º dicembre").
_IT_FIRST = re.compile(rf"(?<![\d.])\b1(\s+(?:{_IT_MONTHS})\b)")


_IT_STEMS = {"il": "l", "dal": "dall", "al": "all", "del": "dell", "nel": "nell", "sul": "sull"}


def _elided(match: re.Match[str]) -> str:
    word = match.group(1)
    stem = _IT_STEMS[word.lower()]
    stem = stem[0].upper() + stem[1:] if word[0].isupper() else stem
    return f"{stem}’{match.group(2)}{match.group(3)}"


def italian_dates(text: str) -> str:
    """Italian dates after their article as Italian writes them: "l’8 novembre", "dall’11
    dicembre", "il 1º dicembre" (never "il 8", "il 1 dicembre")."""
    return _IT_FIRST.sub(r"1º\1", _IT_ELIDED.sub(_elided, text))


def long_date(value: dt.date, locale: str) -> str:
    """A date as a letter writes it: "29 November 2026", "29 novembre 2026"."""
    return format_date(value, format="long", locale=cldr_locale(locale))


def language_name(code: str, locale: str) -> str:
    """The CLDR name of a language in ``locale`` ("it" → "Italian" in English, "italiano")."""
    name: str = cldr_locale(locale).languages.get(code, code)
    return name


def country_name(code: str, locale: str) -> str:
    """The CLDR name of an ISO 3166-1 country in ``locale`` ("IT" → "Italia" in Italian)."""
    name: str = cldr_locale(locale).territories.get(code.upper(), code.upper())
    return name


def typographic(text: str) -> str:
    """Straight apostrophes as typographic ones: l'autorità → l’autorità, member's → member’s."""
    return text.replace("'", "\u2019")
