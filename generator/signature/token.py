"""Signing with a key that never leaves its smart card or USB token (PKCS#11, through pyHanko's
PKCS#11 signer and python-pkcs11).

Italian members, lawyers and DPOs sign with a *firma digitale* on a card (CNS, qualified
certificates from Aruba, InfoCert, Namirial…): the card's driver (a PKCS#11 module, e.g.
OpenSC's ``opensc-pkcs11.so``) is loaded, the token found by its label, the session opened
with the PIN, the key found by its label and its certificate by the same label or id. Each
failure is one sentence; a wrong PIN is never tried again by this module, since a card locks
after a few wrong tries.

The session is opened once a process. A process forked from one that had the driver loaded
(a batch worker) starts the driver again and opens a session of its own, as PKCS#11 asks.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.base.errors import InvalidInput, ObjectionError, visible
from generator.base.i18n import N_
from generator.signature.sign import GONE, LoadedSigner, removed_error


@dataclass(frozen=True)
class TokenSpec:
    """Which key on which token: the driver (PKCS#11 module), the token's label (None: the
    only token present), the key's label (None: the only signing key on the token)."""

    module: Path
    token: str | None = None
    key: str | None = None


#: python-pkcs11's exceptions that mean the PIN was refused, and that the card is locked.
_WRONG_PIN = ("PinIncorrect", "PinInvalid", "PinLenRange")
_LOCKED = ("PinLocked", "PinExpired")


# --- the driver, once a process -----------------------------------------------------------

#: Loaded drivers: path → (the process that started it, the library).
_LIBRARIES: dict[str, tuple[int, Any]] = {}
#: Signers ready in this process: (pid, module, token, key, the PIN's digest) → the signer.
_SIGNERS: dict[tuple[int, str, str | None, str | None, bytes], LoadedSigner] = {}


def _library(module: Path) -> Any:
    """The driver at ``module``, started once a process (again in a forked child)."""
    import pkcs11

    if not module.is_file():
        raise InvalidInput(
            N_(
                "The card driver %(path)s does not exist: give the path of your card's PKCS#11 "
                "module (for example opensc-pkcs11.so) in signature.pkcs11_module."
            ),
            code="pkcs11.no_module",
            path=module,
        )
    key = str(module.resolve())
    pid, lib = _LIBRARIES.get(key, (0, None))
    if lib is not None and pid == os.getpid():
        return lib
    try:
        if lib is None:
            lib = pkcs11.lib(key)
        else:  # inherited from the parent: PKCS#11 wants C_Initialize again in a child
            lib.reinitialize()
    except pkcs11.PKCS11Error as exc:
        raise InvalidInput(
            N_(
                "%(path)s could not be loaded as a PKCS#11 card driver (%(reason)s): give the "
                "path of your card's PKCS#11 module (for example opensc-pkcs11.so)."
            ),
            code="pkcs11.no_module",
            path=module,
            reason=visible(str(exc)),
        ) from None
    _LIBRARIES[key] = (os.getpid(), lib)
    return lib


def _token(lib: Any, spec: TokenSpec) -> Any:
    """The token ``spec`` names (or the only one present); one sentence when it is not there."""
    import pkcs11

    present = []
    for slot in lib.get_slots(token_present=True):
        try:
            token = slot.get_token()
        except pkcs11.PKCS11Error:
            continue
        if token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:  # not a blank slot's token
            present.append(token)
    labels = ", ".join(visible(t.label) for t in present) or "-"
    if spec.token is not None:
        found = [t for t in present if t.label == spec.token]
        if found:
            return found[0]
        raise InvalidInput(
            N_(
                "No token labelled %(token)s is present (tokens present: %(present)s): insert "
                "the card or plug the token in, or check signature.pkcs11_token."
            ),
            code="pkcs11.no_token",
            token=visible(spec.token),
            present=labels,
        )
    if len(present) == 1:
        return present[0]
    if not present:
        raise InvalidInput(
            N_(
                "No card or token is present for the driver %(path)s: insert the card in its "
                "reader, or plug the token in."
            ),
            code="pkcs11.no_token",
            path=spec.module,
        )
    raise InvalidInput(
        N_(
            "Several tokens are present (%(present)s): name the one to sign with in "
            "signature.pkcs11_token."
        ),
        code="pkcs11.which_token",
        present=labels,
    )


def _session(token: Any, pin: str) -> Any:
    """A session on ``token`` logged in with ``pin``: tried once, never again by itself."""
    import pkcs11

    try:
        return token.open(user_pin=pin)
    except pkcs11.PKCS11Error as exc:
        kind = type(exc).__name__
        label = visible(token.label)
        if kind in _WRONG_PIN:
            raise InvalidInput(
                N_(
                    "The PIN of the token %(token)s is wrong. It was not tried again: a card "
                    "locks after a few wrong PINs (often three), so check it before you try "
                    "once more."
                ),
                code="pkcs11.wrong_pin",
                token=label,
            ) from None
        if kind in _LOCKED:
            raise InvalidInput(
                N_(
                    "The token %(token)s is locked after too many wrong PINs (or its PIN has "
                    "expired): unlock it with its PUK, using the tool of its provider."
                ),
                code="pkcs11.locked",
                token=label,
            ) from None
        if kind in GONE:
            raise removed_error() from None
        raise ObjectionError(
            N_("The token %(token)s refused the session (%(reason)s)."),
            code="pkcs11.session",
            token=label,
            reason=kind,
        ) from None


def _objects(session: Any, kind: Any, **attributes: Any) -> list[Any]:
    from pkcs11 import Attribute

    query = {Attribute.CLASS: kind}
    query.update({getattr(Attribute, name.upper()): value for name, value in attributes.items()})
    return list(session.get_objects(query))


def _key(session: Any, spec: TokenSpec, token: str) -> Any:
    """The private key ``spec`` names (or the only signing key)."""
    from pkcs11 import Attribute, ObjectClass

    keys = _objects(session, ObjectClass.PRIVATE_KEY, sign=True)
    labels = ", ".join(visible(str(k[Attribute.LABEL])) for k in keys) or "-"
    chosen = [k for k in keys if spec.key is None or k[Attribute.LABEL] == spec.key]
    if len(chosen) == 1:
        return chosen[0]
    if not chosen:
        raise InvalidInput(
            N_(
                "The token %(token)s holds no signing key labelled %(key)s (its keys: "
                "%(keys)s): check signature.pkcs11_key."
            ),
            code="pkcs11.no_key",
            token=visible(token),
            key=visible(spec.key or "-"),
            keys=labels,
        )
    raise InvalidInput(
        N_(
            "The token %(token)s holds several signing keys (%(keys)s): name the one to "
            "sign with in signature.pkcs11_key."
        ),
        code="pkcs11.which_key",
        token=visible(token),
        keys=labels,
    )


def _certificates(session: Any) -> list[tuple[Any, Any]]:
    """Every certificate on the token, as (its PKCS#11 object, cryptography's certificate)."""
    from cryptography import x509
    from pkcs11 import Attribute, ObjectClass

    found = []
    for obj in _objects(session, ObjectClass.CERTIFICATE):
        try:
            found.append((obj, x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))))
        except ValueError:
            continue  # not an X.509 certificate: nothing to sign with
    return found


def _certificate(key: Any, certificates: list[tuple[Any, Any]], token: str) -> Any:
    """The key's certificate: the one with the same label, else the same id."""
    from pkcs11 import Attribute

    label, ident = key[Attribute.LABEL], key[Attribute.ID]
    for attribute, value in ((Attribute.LABEL, label), (Attribute.ID, ident)):
        for obj, cert in certificates:
            if value and obj[attribute] == value:
                return cert
    raise InvalidInput(
        N_(
            "The token %(token)s holds no certificate for the key %(key)s (none with its label "
            "or id): the card may need its certificate written again by its provider."
        ),
        code="pkcs11.no_certificate",
        token=visible(token),
        key=visible(str(label)),
    )


def _chain(cert: Any, certificates: list[tuple[Any, Any]]) -> list[Any]:
    """The issuers of ``cert`` found on the token, up to a root (its chain, to embed)."""
    chain: list[Any] = []
    current = cert
    while current.issuer != current.subject and len(chain) < 8:
        issuer = next(
            (c for _, c in certificates if c.subject == current.issuer and c not in chain), None
        )
        if issuer is None or issuer == current:
            break
        chain.append(issuer)
        current = issuer
    return chain


def check_certificate(cert: Any, token: str) -> None:
    """A certificate that may sign today: within its validity, with a key usage that allows
    signing (digitalSignature or nonRepudiation)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    name = visible(str(names[0].value) if names else cert.subject.rfc4514_string())
    if cert.not_valid_after_utc < now or cert.not_valid_before_utc > now:
        raise InvalidInput(
            N_(
                "The certificate %(name)s on the token %(token)s is valid only from %(start)s "
                "to %(end)s: renew it with its provider."
            ),
            code="pkcs11.expired",
            name=name,
            token=visible(token),
            start=cert.not_valid_before_utc.date().isoformat(),
            end=cert.not_valid_after_utc.date().isoformat(),
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise InvalidInput(
            N_(
                "The certificate %(name)s on the token %(token)s does not allow signing (its "
                "key usage has neither digitalSignature nor nonRepudiation): choose the "
                "signature key in signature.pkcs11_key (a card often has one key to log in "
                "and another to sign)."
            ),
            code="pkcs11.usage",
            name=name,
            token=visible(token),
        )


def load_token_signer(spec: TokenSpec, pin: str) -> LoadedSigner:
    """The signer of the key ``spec`` names, logged in with ``pin``: once a process (again in
    a forked child). InvalidInput in one sentence when the driver, the token, the PIN, the
    key or its certificate will not do."""
    import hashlib

    # The PIN takes part: a session logged in earlier never signs for a PIN not checked.
    pin_digest = hashlib.sha256(pin.encode("utf-8")).digest()
    cache_key = (os.getpid(), str(spec.module), spec.token, spec.key, pin_digest)
    if cache_key in _SIGNERS:
        return _SIGNERS[cache_key]
    _close_sessions(str(spec.module))  # PKCS#11 logs a process in once a token
    lib = _library(spec.module)
    token = _token(lib, spec)
    session = _session(token, pin)
    try:
        loaded = _signer(session, spec, token.label)
    except BaseException:
        session.close()
        raise
    _SIGNERS[cache_key] = loaded
    return loaded


def _close_sessions(module: str) -> None:
    """Close the sessions this process has through the driver ``module`` (logging it out
    of its tokens), before a session for another key or PIN is opened."""
    import contextlib

    import pkcs11

    for cache_key in [k for k in _SIGNERS if k[1] == module]:
        loaded = _SIGNERS.pop(cache_key)
        if cache_key[0] == os.getpid():  # a parent's session is not this process's to close
            with contextlib.suppress(pkcs11.PKCS11Error):
                loaded.signer.pkcs11_session.close()


def release_token(spec: TokenSpec) -> None:
    """Close this process's session on the token and stop its driver here (before a batch
    forks its workers, each of which opens its own: some drivers allow one at a time)."""
    import contextlib

    import pkcs11

    _close_sessions(str(spec.module))
    entry = _LIBRARIES.pop(str(spec.module.resolve()), None)
    if entry is not None and entry[0] == os.getpid():
        with contextlib.suppress(pkcs11.PKCS11Error):
            entry[1].finalize()


def _signer(session: Any, spec: TokenSpec, token: str) -> LoadedSigner:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID
    from pkcs11 import Attribute
    from pyhanko.sign.pkcs11 import PKCS11Signer

    key = _key(session, spec, token)
    certificates = _certificates(session)
    cert = _certificate(key, certificates, token)
    check_certificate(cert, token)
    chain = _chain(cert, certificates)

    def asn1(c: Any) -> Any:
        return asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))

    signer = PKCS11Signer(
        session,
        key_label=str(key[Attribute.LABEL]),
        key_id=bytes(key[Attribute.ID]) or None,
        signing_cert=asn1(cert),
        ca_chain=[asn1(c) for c in chain],
        other_certs_to_pull=(),
    )
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    name = str(names[0].value) if names else cert.subject.rfc4514_string()
    der_size = sum(len(c.public_bytes(Encoding.DER)) for c in (cert, *chain))
    reserved = 2 * (der_size + 4096)
    return LoadedSigner(signer, visible(name), reserved + reserved % 2, "sha256")
