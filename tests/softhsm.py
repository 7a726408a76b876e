"""A smart card for the tests: a SoftHSM2 token initialised in a temporary folder (through
``SOFTHSM2_CONF``), its keys generated on the token, their certificates issued by a test CA and
written beside them.

The token holds, like an Italian signature card: ``firma`` (a qualified-looking certificate:
QC statements QcCompliance, QcSSCD, QcType esign; key usage nonRepudiation only), the CA's
certificate (the chain to embed), and ``cns`` (an authentication key whose certificate does
not allow signing). Debian's ``softhsm2`` package provides the driver; without it the tests
that need it are skipped, saying so.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

PIN, SO_PIN, LABEL = "246810", "13579111", "Firma Digitale"
MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


def softhsm_module() -> str | None:
    if shutil.which("softhsm2-util") is None:
        return None
    return next((m for m in MODULES if Path(m).is_file()), None)


def need_softhsm() -> str:
    module = softhsm_module()
    if module is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install softhsm2 (scripts/test): the PKCS#11 tests need it")
        pytest.skip("softhsm2 is not installed (apt-get install softhsm2): no token to sign with")
    return module


@dataclass(frozen=True)
class Token:
    module: str
    conf: Path
    ca_pem: Path
    folder: Path


def _name(common: str, **more: str) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common)]
    attributes += [x509.NameAttribute(getattr(NameOID, k), v) for k, v in more.items()]
    return x509.Name(attributes)


def _qc_statements() -> x509.UnrecognizedExtension:
    """QcStatements (RFC 3739) with QcCompliance, QcSSCD and QcType esign (ETSI EN 319 412-5),
    DER-encoded by hand: SEQUENCE { SEQUENCE { OID }, SEQUENCE { OID }, SEQUENCE { OID,
    SEQUENCE { OID } } }."""

    oid = _der_oid

    def seq(*parts: bytes) -> bytes:
        body = b"".join(parts)
        return b"\x30" + bytes([len(body)]) + body

    value = seq(
        seq(oid("0.4.0.1862.1.1")),
        seq(oid("0.4.0.1862.1.4")),
        seq(oid("0.4.0.1862.1.6"), seq(oid("0.4.0.1862.1.6.1"))),
    )
    return x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3"), value)


def _der_oid(dotted: str) -> bytes:
    numbers = [int(n) for n in dotted.split(".")]
    body = bytes([40 * numbers[0] + numbers[1]])
    for number in numbers[2:]:
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.append(0x80 | (number & 0x7F))
            number >>= 7
        body += bytes(reversed(chunk))
    return b"\x06" + bytes([len(body)]) + body


def _usage(*, sign: bool, commitment: bool, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=commitment,
        key_encipherment=not (sign or commitment or ca),
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _issue(
    subject: x509.Name, public: Any, ca: x509.Certificate | None, ca_key: Any, **kw: Any
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.subject if ca else subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=kw.get("days", 365)))
        .add_extension(x509.BasicConstraints(ca=ca is None, path_length=None), critical=True)
        .add_extension(kw["usage"], critical=True)
    )
    if kw.get("qualified"):
        builder = builder.add_extension(_qc_statements(), critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def _pins() -> list[str]:
    return ["--pin", PIN, "--so-pin", SO_PIN]


def make_token(folder: Path, module: str) -> Token:
    """A SoftHSM2 token in ``folder`` with the keys and certificates the module docstring
    describes; SOFTHSM2_CONF set for this process (and the children it starts)."""
    import pkcs11
    from pkcs11 import KeyType
    from pkcs11.util.rsa import encode_rsa_public_key

    (folder / "tokens").mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", LABEL, *_pins()],
        check=True,
        capture_output=True,
    )
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("Test Qualified CA", ORGANIZATION_NAME="Test Trust Services", COUNTRY_NAME="IT")
    ca = _issue(
        ca_name,
        ca_key.public_key(),
        None,
        ca_key,
        usage=_usage(sign=False, commitment=False, ca=True),
        days=3650,
    )
    lib = pkcs11.lib(module)
    token = lib.get_token(token_label=LABEL)
    with token.open(rw=True, user_pin=PIN) as session:
        for label, ident, qualified in (("firma", b"\x01", True), ("cns", b"\x02", False)):
            public, _private = session.generate_keypair(
                KeyType.RSA, 2048, label=label, id=ident, store=True
            )
            key = serialization.load_der_public_key(encode_rsa_public_key(public))
            subject = _name(
                "Mario Rossi", SERIAL_NUMBER="TINIT-RSSMRA80A01H501U", COUNTRY_NAME="IT"
            )
            usage = (
                _usage(sign=False, commitment=True)
                if qualified
                else _usage(sign=False, commitment=False)
            )
            cert = _issue(subject, key, ca, ca_key, usage=usage, qualified=qualified)
            _store(session, label, ident, cert)
        _store(session, "CA", b"\x09", ca)
    lib.finalize()  # the tests' processes load the driver afresh
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return Token(module, conf, ca_pem, folder)


def _store(session: Any, label: str, ident: bytes, cert: x509.Certificate) -> None:
    from pkcs11 import Attribute, CertificateType, ObjectClass

    session.create_object(
        {
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True,
            Attribute.LABEL: label,
            Attribute.ID: ident,
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.ISSUER: cert.issuer.public_bytes(),
            Attribute.SERIAL_NUMBER: cert.serial_number.to_bytes(20, "big").lstrip(b"\0"),
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
        }
    )
