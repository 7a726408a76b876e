"""objection: GDPR Article 21 objection letters to AI training on members' data.

Use it from Python::

    from generator import load_answers, render

    pdf = render(load_answers("answers.toml"), "pdf")   # also "html" and "txt"

The library takes validated answers and returns documents as bytes; errors are
:class:`ObjectionError` exceptions whose ``str()`` is an English sentence (or the language
chosen once with :func:`set_message_locale`). Only :mod:`generator.cli` reads files, prompts,
prints and sets exit codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.base.version import __version__

# The API, imported when first used: `objection --help` need not import WeasyPrint or pydantic.
_EXPORTS = {
    "Answers": "generator.answers.model",
    "load_answers": "generator.answers.reading",
    "answers_from_mapping": "generator.answers.reading",
    "sample_answers": "generator.answers.reading",
    "render": "generator.documents.document",
    "render_document": "generator.documents.document",
    "Document": "generator.documents.document",
    "form_text": "generator.documents.form_text",
    "next_steps": "generator.documents.next_steps",
    "sign": "generator.signature.sign",
    "load_signer": "generator.signature.sign",
    "load_token_signer": "generator.signature.token",
    "TokenSpec": "generator.signature.token",
    "verify_pdf": "generator.signature.verify",
    "run_batch": "generator.batch.run",
    "ObjectionError": "generator.base.errors",
    "InvalidInput": "generator.base.errors",
    "InvalidAnswers": "generator.base.errors",
    "set_message_locale": "generator.base.i18n",
    "Register": "generator.register.store",
    "render_sequel": "generator.documents.after",
    "make": "generator.making.operation",
    "Request": "generator.making.request",
    "Delivery": "generator.making.request",
    "Made": "generator.making.request",
    "KINDS": "generator.making.request",
}

#: What the command line (and the web front) take from the library: the same lazy door, but
#: not the documented API above. Modules are named where a command uses several of their
#: names (e-mail delivery, private files, the warm renderer).
_FOR_THE_EDGES = {
    "check_may_follow": "generator.making.due",
    "make_due": "generator.making.due",
    "after_steps": "generator.making.guidance",
    "DEFAULT_CONTROLLER": "generator.facts.controllers",
    "EXAMPLE_GROUNDS": "generator.answers.model",
    "Format": "generator.documents.document",
    "Kind": "generator.documents.after",
    "DOMAIN": "generator.base.i18n",
    "LOCALES": "generator.base.i18n",
    "MAX_PDF_BYTES": "generator.signature.verify",
    "N_": "generator.base.i18n",
    "OUTCOMES": "generator.register.store",
    "PDF_VARIANT": "generator.pdf.engine",
    "PDF_VARIANTS": "generator.pdf.engine",
    "Problem": "generator.base.errors",
    "SchemaField": "generator.answers.schema",
    "VIA": "generator.register.store",
    "TEXT_SUFFIXES": "generator.batch.sheets",
    "WORKBOOK_SUFFIXES": "generator.batch.sheets",
    "if_sent_today": "generator.deadlines",
    "explain": "generator.deadlines",
    "answers_fields": "generator.answers.schema",
    "asset_dir": "generator.base.assets",
    "answers_of": "generator.register.store",
    "available_controllers": "generator.facts.controllers",
    "calendar_file": "generator.documents.next_steps",
    "check_batch": "generator.batch.run",
    "batch_workers": "generator.batch.run",
    "open_cluster": "generator.batch.cluster",
    "catalog_dir": "generator.base.i18n",
    "cldr_locale": "generator.base.i18n",
    "environment": "generator.documents.templates",
    "files": "generator.base.files",
    "reminder_reply_by": "generator.deadlines",
    "gettext": "generator.base.i18n",
    "grounds_warnings": "generator.answers.grounds",
    "harfbuzz_subsetting": "generator.pdf.engine",
    "load_controller": "generator.facts.controllers",
    "load_data": "generator.base.assets",
    "load_organisation": "generator.answers.reading",
    "load_trust_root": "generator.signature.verify",
    "language_name": "generator.base.i18n",
    "locale_from_env": "generator.base.i18n",
    "long_date": "generator.base.i18n",
    "due_long": "generator.documents.dates",
    "mail": "generator.delivery.mail",
    "ngettext": "generator.base.i18n",
    "open_sheet": "generator.batch.sheets",
    "read_answers_file": "generator.answers.reading",
    "read_regular": "generator.base.files",
    "release_token": "generator.signature.token",
    "readdressed": "generator.answers.reading",
    "make_evidence": "generator.making.evidence",
    "verify_pack": "generator.signature.pack",
    "record_receipt": "generator.making.receipt",
    "record_for": "generator.register.store",
    "regional_authorities": "generator.facts.jurisdictions",
    "renderer": "generator.pdf.renderer",
    "resolve_locale": "generator.base.i18n",
    "slug": "generator.documents.letter",
    "spreadsheet_safe": "generator.base.files",
    "standing": "generator.documents.after",
    "next_clock": "generator.documents.after",
    "supported_countries": "generator.facts.jurisdictions",
    "to_phrase": "generator.documents.templates",
    "translations": "generator.base.i18n",
}

__all__ = [
    "KINDS",
    "Answers",
    "Delivery",
    "Document",
    "InvalidAnswers",
    "InvalidInput",
    "Made",
    "ObjectionError",
    "Register",
    "Request",
    "TokenSpec",
    "__version__",
    "answers_from_mapping",
    "form_text",
    "load_answers",
    "load_signer",
    "load_token_signer",
    "make",
    "next_steps",
    "render",
    "render_document",
    "render_sequel",
    "run_batch",
    "sample_answers",
    "set_message_locale",
    "sign",
    "verify_pdf",
]

if TYPE_CHECKING:
    from generator.answers.grounds import grounds_warnings as grounds_warnings
    from generator.answers.model import EXAMPLE_GROUNDS as EXAMPLE_GROUNDS
    from generator.answers.model import Answers
    from generator.answers.reading import answers_from_mapping, load_answers, sample_answers
    from generator.answers.reading import load_organisation as load_organisation
    from generator.answers.reading import read_answers_file as read_answers_file
    from generator.answers.reading import readdressed as readdressed
    from generator.answers.schema import SchemaField as SchemaField
    from generator.answers.schema import answers_fields as answers_fields
    from generator.base import files as files
    from generator.base.assets import asset_dir as asset_dir
    from generator.base.assets import load_data as load_data
    from generator.base.errors import InvalidAnswers, InvalidInput, ObjectionError
    from generator.base.errors import Problem as Problem
    from generator.base.files import read_regular as read_regular
    from generator.base.files import spreadsheet_safe as spreadsheet_safe
    from generator.base.i18n import DOMAIN as DOMAIN
    from generator.base.i18n import LOCALES as LOCALES
    from generator.base.i18n import N_ as N_
    from generator.base.i18n import catalog_dir as catalog_dir
    from generator.base.i18n import cldr_locale as cldr_locale
    from generator.base.i18n import gettext as gettext
    from generator.base.i18n import language_name as language_name
    from generator.base.i18n import locale_from_env as locale_from_env
    from generator.base.i18n import long_date as long_date
    from generator.base.i18n import ngettext as ngettext
    from generator.base.i18n import resolve_locale as resolve_locale
    from generator.base.i18n import set_message_locale
    from generator.base.i18n import translations as translations
    from generator.batch.cluster import open_cluster as open_cluster
    from generator.batch.run import check_batch as check_batch
    from generator.batch.run import run_batch
    from generator.batch.sheets import TEXT_SUFFIXES as TEXT_SUFFIXES
    from generator.batch.sheets import WORKBOOK_SUFFIXES as WORKBOOK_SUFFIXES
    from generator.batch.sheets import open_sheet as open_sheet
    from generator.deadlines import explain as explain
    from generator.deadlines import if_sent_today as if_sent_today
    from generator.deadlines import reminder_reply_by as reminder_reply_by
    from generator.delivery import mail as mail
    from generator.documents.after import Kind as Kind
    from generator.documents.after import next_clock as next_clock
    from generator.documents.after import render_sequel
    from generator.documents.after import standing as standing
    from generator.documents.dates import due_long as due_long
    from generator.documents.document import Document, render, render_document
    from generator.documents.document import Format as Format
    from generator.documents.form_text import form_text
    from generator.documents.letter import slug as slug
    from generator.documents.next_steps import calendar_file as calendar_file
    from generator.documents.next_steps import next_steps
    from generator.documents.templates import environment as environment
    from generator.documents.templates import to_phrase as to_phrase
    from generator.facts.controllers import DEFAULT_CONTROLLER as DEFAULT_CONTROLLER
    from generator.facts.controllers import available_controllers as available_controllers
    from generator.facts.controllers import load_controller as load_controller
    from generator.facts.jurisdictions import regional_authorities as regional_authorities
    from generator.facts.jurisdictions import supported_countries as supported_countries
    from generator.making.due import check_may_follow as check_may_follow
    from generator.making.due import make_due as make_due
    from generator.making.evidence import make_evidence as make_evidence
    from generator.making.guidance import after_steps as after_steps
    from generator.making.operation import make
    from generator.making.receipt import record_receipt as record_receipt
    from generator.making.request import KINDS, Delivery, Made, Request
    from generator.pdf import renderer as renderer
    from generator.pdf.engine import PDF_VARIANT as PDF_VARIANT
    from generator.pdf.engine import PDF_VARIANTS as PDF_VARIANTS
    from generator.pdf.engine import harfbuzz_subsetting as harfbuzz_subsetting
    from generator.register.store import OUTCOMES as OUTCOMES
    from generator.register.store import VIA as VIA
    from generator.register.store import Register
    from generator.register.store import answers_of as answers_of
    from generator.register.store import record_for as record_for
    from generator.signature.pack import verify_pack as verify_pack
    from generator.signature.sign import load_signer, sign
    from generator.signature.token import TokenSpec, load_token_signer
    from generator.signature.token import release_token as release_token
    from generator.signature.verify import MAX_PDF_BYTES as MAX_PDF_BYTES
    from generator.signature.verify import load_trust_root as load_trust_root
    from generator.signature.verify import verify_pdf


def __getattr__(name: str) -> Any:
    import importlib

    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    if name in _FOR_THE_EDGES:
        module = _FOR_THE_EDGES[name]
        if module.endswith(f".{name}"):  # a module: generator.delivery.mail
            return importlib.import_module(module)
        return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
