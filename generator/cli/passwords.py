"""Secrets a command needs (a certificate's password, a card's PIN: never an option or a
message): from the environment, else asked once without echo in a terminal; the signer the
answers (or the ``--pkcs11-*`` options) name."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import (
    N_,
    InvalidInput,
)
from generator.cli.common import option, ui_gettext

#: Where a certificate's password comes from without a terminal (never an option).
PASSWORD_VARIABLE = "OBJECTION_PKCS12_PASSWORD"


def terminal(*, stdout: bool = True) -> bool:
    """Whether a person can answer: standard input (and output) are a terminal, and open."""
    streams = (sys.stdin, sys.stdout) if stdout else (sys.stdin,)
    return all(s is not None and not s.closed and s.isatty() for s in streams)


def _secret(variable: str, missing: InvalidInput, prompt: str) -> str:
    """A secret from ``variable``, else typed without echo at ``prompt``; ``missing`` where no
    one can type it (no terminal). Never an option's value, never in a message."""
    value = os.environ.get(variable)
    if value is not None:
        return value
    if not terminal(stdout=False):
        raise missing
    answer: str = click.prompt(prompt, hide_input=True, default="", show_default=False)
    return answer


def pkcs12_password(path: Path) -> bytes:
    """The PKCS#12 password: from OBJECTION_PKCS12_PASSWORD, else asked without echo."""
    _ = ui_gettext()
    missing = InvalidInput(
        N_(
            "The certificate %(path)s needs its password: set %(variable)s, or run the "
            "command in a terminal to type it."
        ),
        path=path,
        variable=PASSWORD_VARIABLE,
    )
    return _secret(PASSWORD_VARIABLE, missing, _("Password of %(path)s", path=path)).encode()


def letter_signer(answers: Any, fmt: str) -> Any:
    """The signer the answers name (signature.pkcs12, or a card: signature.pkcs11_* and the
    --pkcs11-* options) for a PDF, its password or PIN from the environment or asked — once a
    command, however many documents it signs (``--due``); None for HTML, text, or answers that
    name no certificate (or no answers: only the --pkcs11-* options can name a card)."""
    if fmt != "pdf":
        return None
    spec = token_spec(answers)
    if spec is not None:
        return _token_signer(spec)
    if answers is None or not answers.signature.pkcs12:
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


# --- a key on a smart card or token (PKCS#11) ------------------------------------------------

#: Where a card's PIN comes from without a terminal (never an option).
PIN_VARIABLE = "OBJECTION_PKCS11_PIN"
#: Where a command keeps what its --pkcs11-* options said (its click context's meta).
_TOKEN_OPTIONS = "objection.pkcs11"


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value is not None:
        ctx.meta.setdefault(_TOKEN_OPTIONS, {})[param.name] = value


def pkcs11_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--pkcs11-module, --pkcs11-token, --pkcs11-key: sign with a key on a card (they win
    over the answers' signature.pkcs11_*)."""
    helps = {
        "module": N_("The PKCS#11 driver of your smart card or token (e.g. opensc-pkcs11.so)."),
        "token": N_("The label of the token to sign with (default: the only one present)."),
        "key": N_("The label of the signing key on the token (default: the only one)."),
    }
    for name in ("key", "token", "module"):
        f = option(
            f"--pkcs11-{name}",
            f"pkcs11_{name}",
            metavar="PATH" if name == "module" else "LABEL",
            type=click.Path(path_type=Path, dir_okay=False) if name == "module" else str,
            expose_value=False,
            callback=_remember,
            help=helps[name],
        )(f)
    return f


def token_spec(answers: Any) -> Any:
    """The card the options or the answers name (a TokenSpec), or None."""
    from generator import TokenSpec

    ctx = click.get_current_context(silent=True)
    given = ctx.meta.get(_TOKEN_OPTIONS, {}) if ctx else {}
    signature = answers.signature if answers is not None else None
    module = given.get("pkcs11_module") or (signature.pkcs11_module if signature else None)
    if module is None:
        return None
    if signature is not None and signature.pkcs12 and "pkcs11_module" not in given:
        raise InvalidInput(
            N_(
                "The answers name both a certificate file (signature.pkcs12) and a card "
                "(signature.pkcs11_module): keep the one to sign with."
            )
        )
    return TokenSpec(
        Path(module),
        given.get("pkcs11_token") or (signature.pkcs11_token if signature else None),
        given.get("pkcs11_key") or (signature.pkcs11_key if signature else None),
    )


def pkcs11_pin(spec: Any) -> str:
    """The card's PIN: from OBJECTION_PKCS11_PIN, else asked once without echo."""
    _ = ui_gettext()
    missing = InvalidInput(
        N_(
            "Signing with the token needs its PIN: set %(variable)s, or run the "
            "command in a terminal to type it."
        ),
        variable=PIN_VARIABLE,
    )
    label = spec.token or spec.module.name
    return _secret(PIN_VARIABLE, missing, _("PIN of the token %(token)s", token=label))


def token_signing(spec: Any) -> tuple[Any, str]:
    """The card's signer, loaded in this process (the PIN asked once and checked here, so a
    wrong one is said before any work), and the PIN, for a batch's workers."""
    ctx = click.get_current_context(silent=True)
    pins: dict[Any, str] = ctx.find_root().meta.setdefault(_PINS, {}) if ctx else {}
    from generator import load_token_signer

    pin = pins[spec] if spec in pins else pkcs11_pin(spec)
    loaded = load_token_signer(spec, pin)  # a wrong PIN: an error here, never asked again
    pins[spec] = pin
    return loaded, pin


def batch_token(
    defaults: dict[str, Any] | None, *, ask: bool = True
) -> tuple[dict[str, Any] | None, Any]:
    """The card a batch signs with (the --pkcs11-* options, else --defaults' signature
    section), its PIN asked once and checked here, before any work; the defaults naming it
    (so the register keeps it for the follow-ups) and (spec, PIN) for the workers — or the
    defaults as given and None."""
    from generator import TokenSpec, release_token

    ctx = click.get_current_context(silent=True)
    given = ctx.meta.get(_TOKEN_OPTIONS, {}) if ctx else {}
    signature = dict((defaults or {}).get("signature", {}))
    module = given.get("pkcs11_module") or signature.get("pkcs11_module")
    if not module:
        return defaults, None
    spec = TokenSpec(
        Path(module),
        given.get("pkcs11_token") or signature.get("pkcs11_token"),
        given.get("pkcs11_key") or signature.get("pkcs11_key"),
    )
    signature.update(
        {k: v for k, v in zip(_FIELDS, (str(spec.module), spec.token, spec.key), strict=True) if v}
    )
    if not ask:  # the defaults name the card (a cluster refuses them), no PIN is asked
        return {**(defaults or {}), "signature": signature}, None
    _loaded, pin = token_signing(spec)
    release_token(spec)  # each worker opens its own session
    return {**(defaults or {}), "signature": signature}, (spec, pin)


_FIELDS = ("pkcs11_module", "pkcs11_token", "pkcs11_key")


def _token_signer(spec: Any) -> Any:
    return token_signing(spec)[0]


#: The PINs a command was given, by card (its click context's meta; never written anywhere).
_PINS = "objection.pins"
