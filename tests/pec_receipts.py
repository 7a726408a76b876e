"""PEC receipts made by the tests, in the format of the PEC technical rules (DM 2 November 2005,
described by RFC 6109): a ``multipart/signed`` S/MIME message from the provider whose signed
part holds the text a person reads, ``daticert.xml`` and, in a complete delivery receipt, the
original message (``postacert.eml``).

The provider's certificate is made here too (its own test CA): a real provider's chains to a
root on AgID's list, which no test can reach.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from xml.sax.saxutils import escape

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

#: The subject line each receipt carries before the original subject (RFC 6109, 3.x).
SUBJECTS = {
    "accettazione": "ACCETTAZIONE: ",
    "avvenuta-consegna": "CONSEGNA: ",
    "errore-consegna": "AVVISO DI MANCATA CONSEGNA: ",
}


@dataclass
class Provider:
    """A PEC provider's signing key and certificate, issued by its own CA."""

    key: Any
    cert: x509.Certificate
    ca: x509.Certificate

    @property
    def ca_pem(self) -> bytes:
        return self.ca.public_bytes(serialization.Encoding.PEM)


def provider(name: str = "Gestore di Prova S.p.A.") -> Provider:
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=3650))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "posta-certificata@pec.example.it"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=3000))
        .not_valid_after(now + dt.timedelta(days=3000))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return Provider(key, cert, ca)


@dataclass
class Facts:
    """What a receipt certifies (daticert.xml)."""

    kind: str = "avvenuta-consegna"
    error: str = "nessuno"
    sender: str = "maria.rossi@pec.example.it"
    recipient: str = "protocollo@pec.gpdp.it"
    subject: str = "Opposizione"
    message_id: str = "<1.2.3.REF@objection.invalid>"
    moment: dt.datetime = field(
        default_factory=lambda: dt.datetime(
            2026, 11, 3, 0, 15, 32, tzinfo=dt.timezone(dt.timedelta(hours=1))
        )
    )
    error_detail: str = ""
    #: The original message a complete delivery receipt carries (None: a short one).
    original: bytes | None = None


def daticert(facts: Facts) -> bytes:
    zone = facts.moment.strftime("%z")
    detail = (
        f"<errore-esteso>{escape(facts.error_detail)}</errore-esteso>" if facts.error_detail else ""
    )
    delivered = (
        f"<consegna>{escape(facts.recipient)}</consegna>"
        if facts.kind in ("avvenuta-consegna", "errore-consegna")
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<postacert tipo="{facts.kind}" errore="{facts.error}">\n'
        "  <intestazione>\n"
        f"    <mittente>{escape(facts.sender)}</mittente>\n"
        f'    <destinatari tipo="certificato">{escape(facts.recipient)}</destinatari>\n'
        f"    <risposte>{escape(facts.sender)}</risposte>\n"
        f"    <oggetto>{escape(facts.subject)}</oggetto>\n"
        "  </intestazione>\n"
        "  <dati>\n"
        "    <gestore-emittente>Gestore di Prova S.p.A.</gestore-emittente>\n"
        f'    <data zona="{zone}">\n'
        f"      <giorno>{facts.moment:%d/%m/%Y}</giorno>\n"
        f"      <ora>{facts.moment:%H:%M:%S}</ora>\n"
        "    </data>\n"
        "    <identificativo>opec21.20261103001532.123.45.1.1@pec.example.it</identificativo>\n"
        f"    <msgid>{escape(facts.message_id)}</msgid>\n"
        '    <ricevuta tipo="completa"/>\n'
        f"    {delivered}{detail}\n"
        "  </dati>\n"
        "</postacert>\n"
    ).encode()


def receipt(
    facts: Facts, signer: Provider | None, *, xml: bytes | None = None, tamper: bool = False
) -> bytes:
    """The receipt as an .eml file, signed by ``signer`` (None: not signed); ``xml`` replaces
    its daticert.xml; ``tamper`` changes the signed text after signing."""
    inner = EmailMessage()
    inner.set_content(
        f"Ricevuta: {facts.kind}\nIl giorno {facts.moment:%d/%m/%Y} alle ore "
        f'{facts.moment:%H:%M:%S} ({facts.moment:%z}) il messaggio "{facts.subject}" '
        f'proveniente da "{facts.sender}" ed indirizzato a "{facts.recipient}" ...\n'
    )
    inner.add_attachment(
        xml if xml is not None else daticert(facts),
        maintype="application",
        subtype="xml",
        filename="daticert.xml",
    )
    if facts.original is not None:
        # The original message, as a message/rfc822 part (never base64: RFC 2046).
        carried = message_from_bytes(facts.original, policy=policy.default)
        inner.add_attachment(carried, filename="postacert.eml")
    content = inner.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    content = content[content.find(b"Content-Type") :]  # the part's own header only
    headers = (
        f"X-Ricevuta: {facts.kind}\r\n"
        f"X-Riferimento-Message-ID: {facts.message_id}\r\n"
        f"Date: {facts.moment:%a, %d %b %Y %H:%M:%S %z}\r\n"
        f"Subject: {SUBJECTS.get(facts.kind, '')}{facts.subject}\r\n"
        "From: posta-certificata@pec.example.it\r\n"
        f"To: {facts.sender}\r\n"
        "MIME-Version: 1.0\r\n"
    ).encode()
    if signer is None:
        return headers + content
    signature = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(content)
        .add_signer(signer.cert, signer.key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )
    if tamper:
        content = content.replace(b"Ricevuta", b"Ricevuto", 1)
    boundary = "----=_objection_test_boundary"
    wrapped = base64.encodebytes(signature).replace(b"\n", b"\r\n")
    return (
        headers
        + (
            f'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; '
            f'micalg=sha-256; boundary="{boundary}"\r\n\r\n'
            "This is an S/MIME signed message\r\n"
            f"--{boundary}\r\n"
        ).encode()
        + content
        + (
            f"\r\n--{boundary}\r\n"
            'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\n'
            "Content-Transfer-Encoding: base64\r\n"
            'Content-Disposition: attachment; filename="smime.p7s"\r\n\r\n'
        ).encode()
        + wrapped
        + f"\r\n--{boundary}--\r\n".encode()
    )
