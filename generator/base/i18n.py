"""Languages: gettext catalogs, the user's language, and CLDR dates and names.

Catalogs live in ``locales/<lang>/LC_MESSAGES/messages.po``. A wheel carries them compiled
(``.mo``, by the build hook); in a checkout, a ``.po`` newer than its ``.mo`` is compiled in
memory, so a translator sees an edit without reinstalling.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Mapping
from functools import cache

from babel import Locale
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


def locale_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The supported language named by LANGUAGE, LC_ALL, LC_MESSAGES or LANG, if any."""
    environ = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in environ.get(var, "").split(":"):
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LOCALES:
                return code
    return None


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
    folder = asset_dir("locales") / locale / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(locale: str) -> Callable[..., str]:
    """A ``_(message, **values)`` for ``locale``, formatting ``%(name)s`` placeholders."""
    translate = translations(locale).gettext

    def _(message: str, **values: object) -> str:
        text = translate(message)
        return text % values if values else text

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


def long_date(value: dt.date, locale: str) -> str:
    """A date as a letter writes it: "29 November 2026", "29 novembre 2026"."""
    return format_date(value, format="long", locale=cldr_locale(locale))


def country_name(code: str, locale: str) -> str:
    """The CLDR name of an ISO 3166-1 country in ``locale`` ("IT" → "Italia" in Italian)."""
    name: str = cldr_locale(locale).territories.get(code.upper(), code.upper())
    return name


def typographic(text: str) -> str:
    """Straight apostrophes as typographic ones: l'autorità → l’autorità, member's → member’s."""
    return text.replace("'", "\u2019")
