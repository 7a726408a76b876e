"""A PEC receipt, read: what its provider certifies in ``daticert.xml`` (DPR 11 February 2005
n. 68; the technical rules of DM 2 November 2005, described in English by RFC 6109).

A receipt is an e-mail its provider signs (S/MIME, ``multipart/signed``); inside it, beside
the text a person reads, ``daticert.xml`` holds the same facts for a program::

    <postacert tipo="avvenuta-consegna" errore="nessuno">
      <intestazione>
        <mittente>…</mittente> <destinatari tipo="certificato">…</destinatari>
        <risposte>…</risposte> <oggetto>…</oggetto>
      </intestazione>
      <dati>
        <gestore-emittente>…</gestore-emittente>
        <data zona="+0100"><giorno>25/03/2026</giorno><ora>10:15:32</ora></data>
        <identificativo>…</identificativo> <msgid>&lt;…&gt;</msgid>
        <ricevuta tipo="completa"/> <consegna>…</consegna> <errore-esteso>…</errore-esteso>
      </dati>
    </postacert>

``tipo`` says what it is: ``accettazione`` (the sender's provider took the message),
``avvenuta-consegna`` (delivered into the recipient's box: the day of receipt), ``errore-consegna``
and ``preavviso-errore-consegna`` (not delivered), and others. This module reads the file and
says what it certifies; whether the signature holds is :mod:`generator.signature.smime`'s job,
what the register makes of it the operation's (:mod:`generator.making.receipt`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from generator.base.errors import InvalidInput, visible
from generator.base.i18n import N_

#: A delivery receipt: the message is in the recipient's box.
DELIVERED = "avvenuta-consegna"
#: The receipts that say a message was not (or not yet) delivered.
NOT_DELIVERED = ("errore-consegna", "preavviso-errore-consegna", "mancata-consegna")
#: The sender's provider took the message (not a proof of delivery).
ACCEPTED = "accettazione"

#: The Message-ID our sending gives a document (:func:`generator.delivery.mail.draft`).
_OUR_MESSAGE_ID = re.compile(r"\.(?P<reference>[A-Za-z0-9-]+)@objection\.invalid>?\s*$")


@dataclass(frozen=True)
class Receipt:
    """What a PEC receipt certifies."""

    #: ``postacert/@tipo``: accettazione, avvenuta-consegna, errore-consegna, …
    kind: str
    #: ``postacert/@errore``: nessuno, no-dest, no-dominio, virus, altro.
    error: str
    #: ``dati/errore-esteso``: the provider's words for the error, if any.
    error_detail: str
    sender: str
    recipients: tuple[str, ...]
    subject: str
    #: ``dati/gestore-emittente``: the provider that issued it.
    provider: str
    #: ``dati/data``: when the event happened, in the zone the receipt gives.
    moment: dt.datetime
    #: ``dati/identificativo``: the provider's id of the message.
    identifier: str
    #: ``dati/msgid``: the Message-ID of the message the receipt is about.
    message_id: str
    #: ``dati/consegna``: the box it was delivered to (or not delivered to).
    delivered_to: str
    #: The SHA-256 of every PDF in the original message the receipt carries (a complete
    #: delivery receipt carries it whole).
    carried_pdfs: tuple[str, ...] = ()
    #: The S/MIME signature: the signed bytes exactly as in the file, and the signature
    #: (DER); both empty when the receipt is not signed.
    signed_content: bytes = field(default=b"", repr=False)
    signature: bytes = field(default=b"", repr=False)

    @property
    def reference(self) -> str | None:
        """The reference our sending put into the Message-ID, if it is one of ours."""
        found = _OUR_MESSAGE_ID.search(self.message_id)
        return found.group("reference") if found else None


def read_receipt(data: bytes, name: Path | str) -> Receipt:
    """The receipt in ``data`` (an ``.eml`` file, ``name`` in messages); InvalidInput if it
    holds no ``daticert.xml`` or one that cannot be read."""
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    xml = _daticert(message)
    if xml is None:
        raise InvalidInput(
            N_(
                "%(path)s is not a PEC receipt (it holds no daticert.xml): give the receipt "
                "your PEC provider sent, saved as an .eml file."
            ),
            code="pec.not_receipt",
            path=name,
        )
    try:
        receipt = _parsed(xml)
    except (ElementTree.ParseError, ValueError, KeyError, AttributeError) as exc:
        raise InvalidInput(
            N_(
                "%(path)s holds a daticert.xml that cannot be read (%(reason)s): give the "
                "receipt exactly as your PEC provider sent it."
            ),
            code="pec.malformed",
            path=name,
            reason=visible(str(exc) or type(exc).__name__)[:200],
        ) from None
    content, signature = _signed_parts(data, message)
    return Receipt(
        **receipt, carried_pdfs=_carried_pdfs(message), signed_content=content, signature=signature
    )


def _daticert(message: EmailMessage) -> bytes | None:
    for part in message.walk():
        if (part.get_filename() or "").lower() == "daticert.xml":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


def _parsed(xml: bytes) -> dict[str, Any]:
    """The facts of ``daticert.xml``; ValueError (or ParseError) where one is missing."""
    if b"<!ENTITY" in xml:  # a receipt declares no entities; one that does is not read
        raise ValueError("entity declarations")
    root = ElementTree.fromstring(xml)
    if root.tag != "postacert":
        raise ValueError(f"root element {visible(root.tag)[:40]}, not postacert")
    kind, error = root.get("tipo"), root.get("errore")
    if not kind or not error:
        raise ValueError("postacert without tipo or errore")
    header, data = root.find("intestazione"), root.find("dati")
    if header is None or data is None:
        raise ValueError("no intestazione or dati")
    return {
        "kind": kind,
        "error": error,
        "error_detail": _text(data, "errore-esteso"),
        "sender": _text(header, "mittente", required=True),
        "recipients": tuple((d.text or "").strip() for d in header.findall("destinatari")),
        "subject": _text(header, "oggetto"),
        "provider": _text(data, "gestore-emittente", required=True),
        "moment": _moment(data.find("data")),
        "identifier": _text(data, "identificativo", required=True),
        "message_id": _text(data, "msgid"),
        "delivered_to": _text(data, "consegna"),
    }


def _text(element: ElementTree.Element, tag: str, *, required: bool = False) -> str:
    found = element.find(tag)
    if found is None or not (found.text or "").strip():
        if required:
            raise ValueError(f"no {tag}")
        return ""
    return (found.text or "").strip()


def _moment(data: ElementTree.Element | None) -> dt.datetime:
    """``<data zona="+0100"><giorno>dd/mm/yyyy</giorno><ora>hh:mm:ss</ora></data>``."""
    if data is None:
        raise ValueError("no data")
    zone = re.fullmatch(r"([+-])(\d\d):?(\d\d)", (data.get("zona") or "").strip())
    if zone is None:
        raise ValueError("data without its zona")
    offset = dt.timedelta(hours=int(zone.group(2)), minutes=int(zone.group(3)))
    sign = -1 if zone.group(1) == "-" else 1
    day = dt.datetime.strptime(f"{_text(data, 'giorno')} {_text(data, 'ora')}", "%d/%m/%Y %H:%M:%S")
    return day.replace(tzinfo=dt.timezone(sign * offset))


def _carried_pdfs(message: EmailMessage) -> tuple[str, ...]:
    """The SHA-256 of every PDF the receipt carries (the original message, in a complete
    delivery receipt)."""
    import hashlib

    digests = []
    for part in message.walk():
        if part.get_content_type() == "application/pdf":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                digests.append(hashlib.sha256(payload).hexdigest())
    return tuple(digests)


def _signed_parts(data: bytes, message: EmailMessage) -> tuple[bytes, bytes]:
    """The bytes an S/MIME ``multipart/signed`` message signs, exactly as the file has them
    (lines ending in CRLF, RFC 5751), and its signature; empty when it is not signed so."""
    boundary = message.get_boundary()
    if message.get_content_type() != "multipart/signed" or not boundary:
        return b"", b""
    text = re.sub(rb"\r?\n", b"\r\n", data)
    body = text[text.find(b"\r\n\r\n") + 2 :]  # from the CRLF that ends the header
    delimiter = re.compile(rb"\r\n--" + re.escape(boundary.encode("ascii", "replace")))
    cuts = [m for m in delimiter.finditer(body)]
    if len(cuts) < 3:
        return b"", b""
    parts = []
    for start, end in itertools.pairwise(cuts):
        line_end = body.find(b"\r\n", start.end())
        parts.append(body[line_end + 2 : end.start()])
    content, signature_part = parts[0], parts[1]
    signature = message_from_bytes(signature_part, policy=policy.default)
    payload = signature.get_payload(decode=True)
    if signature.get_content_type() not in (
        "application/pkcs7-signature",
        "application/x-pkcs7-signature",
    ) or not isinstance(payload, bytes):
        return b"", b""
    return content, payload
