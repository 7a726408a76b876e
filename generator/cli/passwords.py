"""Passwords a command needs (a certificate's, never an option or a message): from the environment,
else asked without echo in a terminal; the signer the answers name."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from generator import (
    N_,
    InvalidInput,
)
from generator.cli.common import ui_gettext

#: Where a certificate's password comes from without a terminal (never an option).
PASSWORD_VARIABLE = "OBJECTION_PKCS12_PASSWORD"


def terminal(*, stdout: bool = True) -> bool:
    """Whether a person can answer: standard input (and output) are a terminal, and open."""
    streams = (sys.stdin, sys.stdout) if stdout else (sys.stdin,)
    return all(s is not None and not s.closed and s.isatty() for s in streams)


def pkcs12_password(path: Path) -> bytes:
    """The PKCS#12 password: from OBJECTION_PKCS12_PASSWORD, else asked without echo."""
    _ = ui_gettext()
    value = os.environ.get(PASSWORD_VARIABLE)
    if value is None:
        if not terminal(stdout=False):
            raise InvalidInput(
                N_(
                    "The certificate %(path)s needs its password: set %(variable)s, or run the "
                    "command in a terminal to type it."
                ),
                path=path,
                variable=PASSWORD_VARIABLE,
            )
        value = click.prompt(
            _("Password of %(path)s", path=path), hide_input=True, default="", show_default=False
        )
    return value.encode("utf-8")


def letter_signer(answers: Any, fmt: str) -> Any:
    """The signer the answers name (signature.pkcs12) for a PDF, its password from the
    environment or asked — once a command, however many documents it signs (``--due``); None
    for HTML, text, or answers that name no certificate."""
    if fmt != "pdf" or not answers.signature.pkcs12:
        return None
    from generator import load_signer

    pkcs12 = answers.signature.pkcs12
    ctx = click.get_current_context(silent=True)
    loaded: dict[Any, Any] = ctx.find_root().meta.setdefault(_SIGNERS, {}) if ctx else {}
    if pkcs12 not in loaded:
        loaded[pkcs12] = load_signer(pkcs12, pkcs12_password(pkcs12))
    return loaded[pkcs12]


#: Where a command keeps the signers it loaded, by certificate (its click context's meta).
_SIGNERS = "objection.signers"
