"""The Jinja environments: one per output kind and language, made once a process; the
environments of one kind share their compiled templates."""

from __future__ import annotations

import re
import textwrap
from functools import cache
from typing import Any

import jinja2
import markupsafe

from generator.base.assets import asset_dir
from generator.base.i18n import italian_dates, translations, typographic
from generator.facts.jurisdictions import Jurisdiction

TEXT_WIDTH = 76


def _wrap(text: str, width: int = TEXT_WIDTH, first: str = "", indent: str = "") -> str:
    """Fill ``text`` to ``width`` columns; URLs and e-mail addresses are never broken."""
    return textwrap.fill(
        " ".join(str(text).split()),
        width=width,
        initial_indent=first or indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


#: A token longer than this may break anywhere: kept whole, it would run off the page.
NOBR_MAX = 80


def _nobr(value: str) -> markupsafe.Markup:
    """An address (URL, e-mail) kept on one line where it fits one line; a longer one breaks
    only after a slash or a dot of its path (:func:`_breakable`)."""
    if len(value) > NOBR_MAX:
        return _breakable(value)
    return markupsafe.Markup('<span class="nobr">%s</span>') % value


def _breakable(value: str) -> markupsafe.Markup:
    """A long URL that may break only after a "/" or a "." — never inside "https://" — each
    piece kept whole (the letter's CSS breaks other tokens anywhere)."""
    scheme, sep, rest = str(value).partition("://")
    if not sep:
        scheme, rest = "", str(value)
    pieces = re.split(r"(?<=[/.])", rest)
    head = markupsafe.escape(scheme + sep)
    spans = markupsafe.Markup("<wbr>").join(
        # A piece longer than a line may still break where it must, not run off the page.
        markupsafe.Markup('<span class="nobr">%s</span>') % piece if len(piece) <= 60 else piece
        for piece in pieces
        if piece
    )
    return markupsafe.Markup('<span class="nobr">%s</span>') % head + spans if sep else spans


# Italian "a" + definite article: "il Garante" → "al Garante", "l'autorità" → "all'autorità".
_IT_TO = (
    ("il ", "al "),
    ("lo ", "allo "),
    ("la ", "alla "),
    ("l'", "all'"),
    ("l’", "all’"),  # the data's prose is typographic (models.Prose): "l’Incaricato"
    ("i ", "ai "),
    ("gli ", "agli "),
    ("le ", "alle "),
)


def to_phrase(name: str, locale: str) -> str:
    """``name`` after "to" in ``locale``: "to the ICO"; Italian contracts: "al Garante"."""
    if locale != "it":
        return f"to {name}"
    for article, contracted in _IT_TO:
        if name.startswith(article):
            return contracted + name[len(article) :]
    return f"a {name}"


#: The documents whose wording follows the member's law. Each is a folder of templates: a base
#: with named blocks (the letter's is letter/base.j2, the others' <folder>/base.j2) and one child
#: per regime, <law>.j2, that overrides only the blocks that differ.
REGIME_DOCUMENTS = (
    "letter/regimes",
    "after/follow_up",
    "after/complaint",
    "after/access",
    "form",
    "next_steps",
)


def regime_template(document: str, law: Jurisdiction) -> str:
    """The one place a document chooses its law: the child template of ``document`` (one of
    :data:`REGIME_DOCUMENTS`) for the member's regime, like "after/complaint/uk_gdpr.j2"."""
    return f"{document}/{law.law}.j2"


def regime_piece(document: str, law: Jurisdiction, locale: str, block: str, **context: Any) -> str:
    """One block of ``document``'s template for the member's regime, rendered alone as plain
    text: the child's if it overrides it, else its base's (``<document>/base.j2``).

    For the wording Python needs before the page is made — a subject line, the access request's
    citations. The block sees ``law``, ``locale`` and ``context``, not the variables its
    template sets.
    """
    env = environment("text", locale)
    child = env.get_template(regime_template(document, law))
    base = env.get_template(f"{document}/base.j2")
    ctx = child.new_context({"law": law, "locale": locale, **context})
    for name, render in base.blocks.items():
        ctx.blocks.setdefault(name, []).append(render)
    return "".join(ctx.blocks[block][0](ctx))


class _SharedCode(jinja2.BytecodeCache):
    """Compiled templates kept in memory, shared by the environments of one kind: the second
    language's letter (a batch of Italian and English rows) runs the code compiled for the
    first, instead of compiling its templates again (0.1 s a language and process).

    Sharing is sound because what differs between the languages is looked up when a template
    runs (the catalog's gettext, the filters by name), never when it is compiled: the filters
    that depend on the language are never folded into a constant (:func:`_by_language`)."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self._code.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


#: One cache per kind: the kinds compile differently (HTML autoescapes).
_CODE = {"html": _SharedCode(), "text": _SharedCode()}


def _by_language(function: Any) -> Any:
    """A filter whose result depends on the environment's language, which Jinja must not fold
    into the compiled code where its argument is a constant (a filter that takes the context
    is never folded): that code runs in the other language's environment too (_SharedCode)."""

    @jinja2.pass_context
    def filter_(_context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        return function(value, *args, **kwargs)

    return filter_


@cache
def environment(kind: str, locale: str) -> jinja2.Environment:
    """The Jinja environment for ``kind`` ("html" or "text") in ``locale``, made once a process.

    HTML autoescapes every value; the member's text is always data, never template source.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(asset_dir("templates")),
        autoescape=(kind == "html"),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_CODE[kind],
    )
    catalog = translations(locale)
    # What the templates say is typeset: apostrophes are typographic (’) in both languages.
    # The data's prose is typeset when loaded (data_models.Prose); the member's own words
    # are values, and stay as written.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: typographic(catalog.gettext(message)),
        ngettext=lambda one, many, n: typographic(catalog.ngettext(one, many, n)),
        # A message that reads differently for another reader: pgettext("authority", …).
        pgettext=lambda context, message: typographic(str(catalog.pgettext(context, message))),
        newstyle=True,
    )
    # Italian dates after an article ("l’8 novembre") are set before lines are filled.
    env.filters["wrap"] = _by_language(
        (lambda text, *a, **k: _wrap(italian_dates(str(text)), *a, **k))
        if (locale == "it")
        else _wrap
    )
    # Addresses (URLs, e-mail) must not break at "https://" or "@" in a PDF line.
    env.filters["nobr"] = _nobr if kind == "html" else str
    env.filters["url"] = _breakable if kind == "html" else str
    env.filters["to"] = _by_language(lambda name: to_phrase(name, locale))
    env.globals["regime_template"] = regime_template
    return env
