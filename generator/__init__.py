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

__version__ = "0.2.0"

# The API, imported when first used: `objection --help` need not import WeasyPrint or pydantic.
_EXPORTS = {
    "Answers": "generator.answers",
    "load_answers": "generator.reading",
    "answers_from_mapping": "generator.reading",
    "sample_answers": "generator.reading",
    "render": "generator.documents",
    "render_document": "generator.documents",
    "Document": "generator.documents",
    "form_text": "generator.forms",
    "next_steps": "generator.steps",
    "sign": "generator.signing",
    "load_signer": "generator.signing",
    "verify_pdf": "generator.verification",
    "run_batch": "generator.batch",
    "ObjectionError": "generator.errors",
    "InvalidInput": "generator.errors",
    "InvalidAnswers": "generator.errors",
    "set_message_locale": "generator.i18n",
    "Register": "generator.register",
    "render_sequel": "generator.sequels",
}

__all__ = [
    "Answers",
    "Document",
    "InvalidAnswers",
    "InvalidInput",
    "ObjectionError",
    "Register",
    "__version__",
    "answers_from_mapping",
    "form_text",
    "load_answers",
    "load_signer",
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
    from generator.answers import Answers
    from generator.batch import run_batch
    from generator.documents import Document, render, render_document
    from generator.errors import InvalidAnswers, InvalidInput, ObjectionError
    from generator.forms import form_text
    from generator.i18n import set_message_locale
    from generator.reading import answers_from_mapping, load_answers, sample_answers
    from generator.register import Register
    from generator.sequels import render_sequel
    from generator.signing import load_signer, sign
    from generator.steps import next_steps
    from generator.verification import verify_pdf


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
