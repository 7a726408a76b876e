"""An S/MIME signature checked offline: a PEC receipt's, which its provider signs.

What can be checked without the network is checked: that the signed bytes are the ones the
provider signed (the message digest and the signature over it), who signed (the certificate
the signature carries) and whether that certificate was within its validity on the day the
receipt gives. What cannot is said so: that the certificate belongs to a PEC provider on AgID's
public list (published online), and that it was not revoked — unless the user gives the
provider's root, which is then checked like a PDF's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.base.errors import visible


@dataclass(frozen=True)
class SmimeCheck:
    """What an offline check of an S/MIME signature found."""

    #: A signature was there at all.
    signed: bool
    #: The signed bytes are the ones signed, and the signature over them holds.
    intact: bool = False
    #: The signing certificate's subject and issuer (RFC 4514, as pyHanko reads them).
    subject: str = ""
    issuer: str = ""
    #: The certificate was within its validity period at the moment checked.
    in_validity: bool = False
    #: The certificate chains to a root the user gave (False: none given, or no chain).
    trusted: bool = False


def check_smime(
    content: bytes, signature: bytes, at: dt.datetime, roots: list[Any] | None = None
) -> SmimeCheck:
    """Check the detached CMS ``signature`` over ``content`` offline, its certificate at
    ``at``; ``roots``: trust roots the user gave (asn1crypto certificates)."""
    if not signature:
        return SmimeCheck(signed=False)
    import asyncio

    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    try:
        info = cms.ContentInfo.load(signature)
        signed_data = info["content"]
        context = ValidationContext(
            trust_roots=roots or [], allow_fetching=False, moment=at.astimezone(dt.UTC)
        )
        # A provider's certificate signs receipts; what key usage it states is its own.
        usage = KeyUsageConstraints(key_usage=set())
        status = asyncio.run(
            async_validate_detached_cms(
                content,
                signed_data,
                signer_validation_context=context,
                key_usage_settings=usage,
            )
        )
    except Exception:  # a signature pyHanko cannot read at all: it holds nothing
        return SmimeCheck(signed=True)
    cert = status.signing_cert
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    return SmimeCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        subject=visible(cert.subject.human_friendly),
        issuer=visible(cert.issuer.human_friendly),
        in_validity=start <= at <= end,
        trusted=bool(roots) and bool(status.trusted),
    )
