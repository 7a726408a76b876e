"""Signing letters (PAdES baseline B-B, with pyHanko) and checking signed letters.

The key is read and parsed once a process (:func:`load_signer`): OpenSSL 3 validates an RSA
key on every load, which costs more than the signature itself (shared/performance-notes.md).
The space reserved for the signature is computed from the certificates, so pyHanko need not
sign twice to size it. pyHanko is imported only here, and only when a letter is signed.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.base.errors import InvalidInput, ObjectionError
from generator.base.files import read_regular
from generator.base.i18n import N_

# pyHanko logs a traceback for every untrusted certificate it meets; the result says it all.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

FIELD_NAME = "Signature"
MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}


# --- the handwritten signature image ------------------------------------------------------


def image_media_type(data: bytes) -> str | None:
    """The media type a signature image claims by its first bytes (no decoding)."""
    head = data[:512].lstrip()
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return IMAGE_TYPES["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return IMAGE_TYPES["jpeg"]
    if b"<svg" in data[:4096] and (head.startswith(b"<?xml") or head.startswith(b"<svg")):
        return IMAGE_TYPES["svg"]
    return None


def check_signature_image(path: Path) -> str:
    """The media type of a signature image, or InvalidInput saying what is wrong with it."""
    try:
        data = read_regular(path, max_bytes=16 * MAX_IMAGE_BYTES)  # the size is said below
    except FileNotFoundError:
        raise InvalidInput(
            N_("The signature image %(path)s does not exist: check the path in signature.image."),
            path=path,
        ) from None
    except OSError as exc:
        raise InvalidInput(
            N_("The signature image %(path)s cannot be read (%(reason)s)."),
            path=path,
            reason=exc.strerror,
        ) from None
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(
            N_(
                "The signature image %(path)s is %(size)d KB: use one under "
                "%(max)d KB (a scan at 300 dpi is plenty)."
            ),
            path=path,
            size=len(data) // 1024,
            max=MAX_IMAGE_BYTES // 1024,
        )
    media_type = image_media_type(data)
    if media_type == IMAGE_TYPES["svg"]:
        _check_svg(data, path)
        return media_type
    if media_type == IMAGE_TYPES["png"] and len(data) >= 24:  # the size, before decoding
        _check_pixels(struct.unpack(">II", data[16:24]), path)
    if media_type is not None:  # PNG or JPEG: decode it, so a broken file is caught here
        from PIL import Image, UnidentifiedImageError  # WeasyPrint depends on Pillow

        try:
            with Image.open(io.BytesIO(data)) as image:
                _check_pixels(image.size, path)
                image.verify()
                if IMAGE_TYPES.get((image.format or "").lower()) == media_type:
                    return media_type
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            pass
        except Image.DecompressionBombError:
            pass
    raise InvalidInput(
        N_(
            "The signature image %(path)s is not a PNG, JPEG or SVG image: "
            "export your signature in one of these formats."
        ),
        path=path,
    )


#: A signature scanned at 300 dpi is about 1,500 × 600 pixels: this leaves room, not abuse.
MAX_SIDE = 6000
#: An SVG signature needs a few hundred elements; `<use>` can multiply work: a few at most.
MAX_SVG_ELEMENTS, MAX_SVG_USES = 20_000, 20


def _check_pixels(size: tuple[int, int], path: Path) -> None:
    width, height = size
    if width > MAX_SIDE or height > MAX_SIDE:
        raise InvalidInput(
            N_(
                "The signature image %(path)s is %(width)d × %(height)d pixels: use one of at "
                "most %(max)d pixels a side."
            ),
            path=path,
            width=width,
            height=height,
            max=MAX_SIDE,
        )


def _check_svg(data: bytes, path: Path) -> None:
    """A signature SVG must be plain: no DTD, a bounded number of elements and of `<use>`."""
    import xml.etree.ElementTree as ET

    def refuse() -> InvalidInput:
        return InvalidInput(
            N_(
                "The signature image %(path)s is an SVG this tool does not draw (a DTD, too many "
                "elements or references, or broken XML): export it again as a plain SVG or PNG."
            ),
            path=path,
        )

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise refuse()
    try:
        elements = list(ET.fromstring(data).iter())
    except ET.ParseError:
        raise refuse() from None
    uses = sum(1 for e in elements if e.tag.rsplit("}", 1)[-1] == "use")
    if len(elements) > MAX_SVG_ELEMENTS or uses > MAX_SVG_USES:
        raise refuse()


# --- the signer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedSigner:
    signer: Any  # pyhanko.sign.signers.SimpleSigner
    name: str
    bytes_reserved: int
    #: The digest the key signs with: SHA-256, or SHA-512 for Ed25519 (RFC 8419).
    digest: str = "sha256"


@cache
def _load_signer_cached(path: str, mtime: float, password: bytes) -> LoadedSigner:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.x509.oid import NameOID
    from pyhanko.sign.signers import SimpleSigner

    from generator.signature.keys import CachedKeySigner  # pyHanko: only when a letter is signed

    data = read_regular(Path(path), max_bytes=1024 * 1024)
    key, cert, extra = _key_and_certificates(path, data, password)
    _check_validity(path, cert)
    # pyHanko's public loader gives the certificates and key in its own types; the parsed
    # pyca key is kept beside them, so no signature has to parse it again.
    loaded = SimpleSigner.load_pkcs12_data(data, [], password or None)
    signer = CachedKeySigner(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
        pyca_key=key,
    )
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    name = str(names[0].value) if names else cert.subject.rfc4514_string()
    # The CMS holds the certificates, the signature and some attributes: reserve their size
    # (hex-encoded, so twice) and a margin, instead of a dry run that signs twice.
    der_size = sum(len(c.public_bytes(_der())) for c in (cert, *extra))
    reserved = 2 * (der_size + 4096)
    digest = "sha512" if isinstance(key, Ed25519PrivateKey) else "sha256"
    return LoadedSigner(signer, name, reserved + reserved % 2, digest)


def _key_and_certificates(path: str, data: bytes, password: bytes) -> tuple[Any, Any, list[Any]]:
    """The private key, its certificate and the chain in a PKCS#12 file; a sentence if it is
    not one, the password is wrong, or it holds no key and certificate."""
    from asn1crypto import pkcs12 as asn1_pkcs12
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        asn1_pkcs12.Pfx.load(data)["version"].native  # noqa: B018  (parses the outer PFX)
    except Exception:
        raise InvalidInput(
            N_(
                "%(path)s is not a PKCS#12 file (.p12 or .pfx): export your "
                "certificate with its private key in that format."
            ),
            path=path,
        ) from None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password or None)
    except ValueError:
        raise InvalidInput(
            N_(
                "The password for %(path)s is wrong: check "
                "OBJECTION_PKCS12_PASSWORD, or type it again."
            ),
            path=path,
        ) from None
    if key is None or cert is None:
        raise InvalidInput(
            N_("%(path)s holds no private key and certificate to sign with."), path=path
        )
    return key, cert, list(extra)


def _check_validity(path: str, cert: Any) -> None:
    """A certificate that has expired or is not valid yet cannot sign today's letter."""
    now = dt.datetime.now(dt.UTC)
    if cert.not_valid_after_utc < now:
        raise InvalidInput(
            N_("The certificate in %(path)s expired on %(date)s: renew it with its provider."),
            path=path,
            date=cert.not_valid_after_utc.date().isoformat(),
        )
    if cert.not_valid_before_utc > now:
        raise InvalidInput(
            N_("The certificate in %(path)s is valid only from %(date)s."),
            path=path,
            date=cert.not_valid_before_utc.date().isoformat(),
        )


def _der() -> Any:
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def load_signer(path: Path, password: bytes) -> LoadedSigner:
    """The signer of a PKCS#12 file, loaded once a process; InvalidInput when it is unusable."""
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        raise InvalidInput(
            N_("The certificate file %(path)s does not exist: check the path in signature.pkcs12."),
            path=path,
        ) from None
    return _load_signer_cached(str(path.resolve()), mtime, password)


# --- signing ------------------------------------------------------------------------------


class TokenRemoved(ObjectionError):
    """The token a signer uses went away (unplugged, the card taken out)."""

    default_code = "pkcs11.removed"


#: python-pkcs11's exceptions that mean the token or its session is gone (named, so that
#: this module need not import python-pkcs11).
GONE = (
    "TokenNotPresent",
    "TokenNotRecognised",
    "DeviceRemoved",
    "DeviceError",
    "SessionClosed",
    "SessionHandleInvalid",
    "SlotIDInvalid",
)


def token_gone(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it, through pyHanko's wrapping) is python-pkcs11's
    saying that the token or its session went away."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return False
        if type(seen).__module__.startswith("pkcs11") and type(seen).__name__ in GONE:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def removed_error() -> TokenRemoved:
    return TokenRemoved(
        N_(
            "The token was removed (or stopped answering) while signing: put it back, then "
            "make what is missing again; what was signed before is kept."
        ),
        code="pkcs11.removed",
    )


def sign_pdf(
    pdf: bytes,
    loaded: LoadedSigner,
    *,
    page: int,
    box: tuple[float, float, float, float],
    reason: str,
    location: str,
) -> bytes:
    """``pdf`` signed (PAdES B-B) in a visible field at ``box`` on ``page`` (0-based).

    The letter itself draws what the field shows (the handwritten image, who signed, when):
    WeasyPrint embeds its fonts, so the letter stays PDF/A, and nothing is rendered twice.
    The field's own appearance is empty.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm=loaded.digest,
        reason=reason,
        location=location,
        name=loaded.name,
    )
    x1, y1, x2, y2 = (round(v) for v in box)
    pdf_signer = signers.PdfSigner(
        meta,
        loaded.signer,
        stamp_style=StaticStampStyle(border_width=0, background=None),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=(x1, y1, x2, y2))
        fields.append_signature_field(writer, spec)
        _tag_signature_field(writer, loaded.name)
        _keep_metadata(writer)
        out = pdf_signer.sign_pdf(writer, bytes_reserved=loaded.bytes_reserved)
    except Exception as exc:
        if token_gone(exc):
            raise removed_error() from exc
        raise ObjectionError(N_("Signing failed: %(reason)s"), reason=str(exc)) from exc
    return bytes(out.getvalue())


@cache
def _kept_xmp() -> type:
    """pyHanko's metadata stream, kept as written when pyHanko updates the metadata."""
    from pyhanko.pdf_utils.metadata.xmp_xml import MetadataStream

    class KeptXmp(MetadataStream):
        def update_xmp_with_meta(self, meta: Any) -> None:
            """Nothing: pyHanko would rebuild the packet from its own model, losing what it
            has no field for (the PDF/UA identification, the language) and naming itself
            alone as producer, unlike the document information."""

    return KeptXmp


def _keep_metadata(writer: Any) -> None:
    """The document's XMP packet (:func:`generator.pdf.engine.one_packet`: one, with all it
    says) kept through signing, its producer naming pyHanko too, as the document information
    does once pyHanko has updated it (PDF/A wants the two to agree). A packet without a
    ``pdf:Producer`` of that form is left to pyHanko."""
    import re
    from xml.sax.saxutils import escape

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    if "/Metadata" not in writer.root:
        return
    packet = writer.root["/Metadata"].data
    try:
        info_ref = writer.trailer.raw_get("/Info")
    except KeyError:
        return
    info = info_ref.get_object()
    before = str(info.get("/Producer", ""))
    producer = before if VENDOR in before else "; ".join(p for p in (before, VENDOR) if p)
    attribute = f'pdf:Producer="{escape(producer, {chr(34): "&quot;"})}"'.encode()
    packet, found = re.subn(rb'pdf:Producer="[^"]*"', lambda _: attribute, packet, count=1)
    if not found:
        return
    info["/Producer"] = generic.TextStringObject(producer)
    writer.mark_update(info_ref)
    writer.root["/Metadata"] = writer.add_object(_kept_xmp()(stream_data=packet))
    writer.update_root()


def _tag_signature_field(writer: Any, signer_name: str) -> None:
    """The signature field in a tagged letter's structure tree (PDF/UA, PDF/A-3a): a /Form
    element after the signature block, pointing at the field's widget, with a description a
    screen reader reads out. An untagged PDF (pdf/a-3b) is left as it is."""
    from pyhanko.pdf_utils import generic as pdf

    # pyHanko's object constructors are untyped: reached through Any.
    generic: Any = pdf
    root = writer.root
    if "/StructTreeRoot" not in root:
        return
    widget_ref = next(
        ref for ref in root["/AcroForm"]["/Fields"] if ref.get_object().get("/T") == FIELD_NAME
    )
    widget = widget_ref.get_object()
    tree = root["/StructTreeRoot"]
    numbers = tree["/ParentTree"]["/Nums"]
    keys = [int(numbers[i]) for i in range(0, len(numbers), 2)]
    key = int(tree.get("/ParentTreeNextKey", max(keys, default=-1) + 1))
    top: Any = tree.raw_get("/K")
    document_ref = top.raw_get(0) if isinstance(top, pdf.ArrayObject) else top
    document = document_ref.get_object()
    described = generic.TextStringObject(f"Digital signature of {signer_name}")
    element = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/StructElem"),
            generic.NameObject("/S"): generic.NameObject("/Form"),
            generic.NameObject("/P"): document_ref,
            generic.NameObject("/Alt"): described,
            generic.NameObject("/K"): generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/OBJR"),
                    generic.NameObject("/Obj"): widget_ref,
                    generic.NameObject("/Pg"): widget.raw_get("/P"),
                }
            ),
        }
    )
    element_ref = writer.add_object(element)
    # In reading order, after the signature block (the last Div: the letter's signature).
    kids = document["/K"]
    divs = [i for i, kid in enumerate(kids) if kid.get_object().get("/S") == "/Div"]
    kids.insert(divs[-1] + 1 if divs else len(kids), element_ref)
    widget["/StructParent"] = generic.NumberObject(key)
    widget["/TU"] = described
    numbers.extend([generic.NumberObject(key), element_ref])
    tree["/ParentTreeNextKey"] = generic.NumberObject(key + 1)
    for ref in (
        widget_ref,
        document_ref,
        tree.raw_get("/ParentTree"),
        root.raw_get("/StructTreeRoot"),
    ):
        writer.mark_update(ref)


def sign(
    pdf: bytes, pkcs12: str | Path, password: bytes, *, reason: str = "", location: str = ""
) -> bytes:
    """Any PDF signed (PAdES B-B) with the certificate in ``pkcs12``, in an invisible field.

    A letter made with ``render(answers, "pdf", signer=load_signer(...))`` is signed in a
    visible field over its signature space instead.
    """
    loaded = load_signer(Path(pkcs12), password)
    return sign_pdf(pdf, loaded, page=0, box=(0, 0, 0, 0), reason=reason, location=location)
