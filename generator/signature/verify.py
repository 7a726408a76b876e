"""Checking a signed letter: who signed it, when, whether it is intact, what changed since.

pyHanko validates; this module decides what counts as a change. Its standard policy lets the
document information (/Info) and the XMP metadata change after signing; here only validation
data (the DSS, as long-term signatures add it) may be added: anything else makes the verdict
"changed after signing", naming what changed. pyHanko is imported only here.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

from generator.base.errors import InvalidInput, Msg, msg, visible
from generator.base.i18n import N_

#: A PDF larger than this is not a letter.
MAX_PDF_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Qualification:
    """What a signing certificate says of itself (ETSI EN 319 412-5 QC statements, RFC 5280
    key usage). A certificate *claims* to be an EU qualified one with QcCompliance; that its
    issuer is a qualified trust service provider is read in the EU Trusted Lists, which an
    offline check does not reach."""

    #: QcCompliance (0.4.0.1862.1.1): issued as a qualified certificate.
    compliance: bool = False
    #: QcSSCD (0.4.0.1862.1.4): its key is held in a qualified signature creation device.
    sscd: bool = False
    #: QcType esign (0.4.0.1862.1.6.1): for electronic signatures (not seals, not websites).
    esign: bool = False
    #: Key usage nonRepudiation (contentCommitment): meant for signatures a signer stands by.
    non_repudiation: bool = False

    @property
    def qualified(self) -> bool:
        """Whether it presents itself as a qualified signature certificate."""
        return self.compliance and self.non_repudiation


@dataclass(frozen=True)
class Verification:
    signer: str
    signed_at: dt.datetime | None
    #: The signed bytes are unchanged and the signature matches them.
    intact: bool
    #: Something was added or changed after signing, beyond validation data.
    changed_after: bool
    #: "trusted", "self-signed" or "unknown".
    trust: str
    #: What changed after signing ("page 1", "the XMP metadata"), when something did.
    changes: tuple[Msg, ...] = field(default_factory=tuple)
    #: What the signature does not cover, beyond validation data: bytes after the end of the
    #: signed file, or an incremental update (None: it covers the whole file).
    uncovered: Msg | None = None
    #: The certificate's subject and issuer, as RFC 4514 reads them.
    subject: str = ""
    issuer: str = ""
    qualification: Qualification = field(default_factory=Qualification)

    @property
    def holds(self) -> bool:
        """Intact, unchanged and covering the whole file (but for validation data)."""
        return self.intact and not self.changed_after and self.uncovered is None


class NotSigned(InvalidInput):
    """Not a PDF, or a PDF without a signature: exit 2."""


def load_trust_root(data: bytes, name: str) -> Any:
    """A certificate to trust (PEM or DER), or InvalidInput naming the file."""
    from asn1crypto import pem, x509

    try:
        der = pem.unarmor(data)[2] if pem.detect(data) else data
        certificate = x509.Certificate.load(der)
        certificate.native  # noqa: B018  (parses it whole: a broken file fails here)
    except Exception:
        raise InvalidInput(
            N_("%(path)s is not a certificate (PEM or DER): give your provider's CA certificate."),
            path=name,
        ) from None
    return certificate


def _policy() -> Any:
    """pyHanko's standard diff policy without the rules that allow /Info and XMP updates."""
    from pyhanko.sign.diff_analysis import (
        DEFAULT_DIFF_POLICY,
        CatalogModificationRule,
        DSSCompareRule,
        ModificationLevel,
        ObjectStreamRule,
        StandardDiffPolicy,
        XrefStreamRule,
    )

    level = ModificationLevel.LTA_UPDATES
    return StandardDiffPolicy(
        global_rules=[
            CatalogModificationRule(),  # type: ignore[no-untyped-call]
            XrefStreamRule().as_qualified(level),
            ObjectStreamRule().as_qualified(level),
            DSSCompareRule().as_qualified(level),
        ],
        form_rule=DEFAULT_DIFF_POLICY.form_rule,
    )


def _same(reference: Any, key: tuple[int, int]) -> bool:
    return reference is not None and (reference.idnum, reference.generation) == key


def _changes_after(reader: Any, signed_revision: int) -> tuple[Msg, ...]:
    """What the revisions after ``signed_revision`` wrote, as a reader names it.

    Validation data (the DSS and what it holds, the catalogue gaining /DSS, cross-reference
    and object streams) is not a change: long-term signatures add it.
    """
    from pyhanko.pdf_utils import generic

    def ref(container: Any, key: str) -> Any:
        value = container.raw_get(key) if key in container else None
        return value if isinstance(value, generic.IndirectObject) else None

    signed = reader.get_historical_resolver(signed_revision)
    signed_root = signed.trailer_view["/Root"]
    root_ref, info_ref = ref(reader.trailer_view, "/Root"), ref(reader.trailer_view, "/Info")
    metadata_ref = ref(reader.root, "/Metadata")
    pages = {
        (kid.idnum, kid.generation): number
        for number, kid in enumerate(reader.root["/Pages"].raw_get("/Kids"), 1)
        if isinstance(kid, generic.IndirectObject)
    }
    dss = _dss_refs(reader, ref(reader.root, "/DSS"))
    names: dict[str, Msg] = {}
    if _same_ref(ref(signed.trailer_view, "/Info"), info_ref) is False:
        names["info"] = msg("the document information (/Info)")
    known = {"info": info_ref, "xmp": metadata_ref}
    for revision in range(signed_revision + 1, reader.xrefs.total_revisions):
        for changed in reader.xrefs.explicit_refs_in_revision(revision):
            key = (changed.idnum, changed.generation)
            if key in dss or (_same(root_ref, key) and _same_catalogue(reader.root, signed_root)):
                continue
            name = next((n for n, r in known.items() if _same(r, key)), None)
            if name:
                names[name] = _NAMES[name]
            elif _same(root_ref, key):
                names["root"] = msg("the document catalogue")
            elif key in pages:
                names[f"page{pages[key]}"] = msg("page %(number)d", number=pages[key])
            else:
                names.update(_other(reader, changed))
    return tuple(names.values())


_NAMES = {
    "info": msg("the document information (/Info)"),
    "xmp": msg("the XMP metadata"),
}


def _same_catalogue(now: Any, signed: Any) -> bool:
    """The catalogue is as signed, but for a /DSS (validation data)."""
    keys = set(now) - {"/DSS"}
    return keys == set(signed) - {"/DSS"} and all(now.raw_get(k) == signed.raw_get(k) for k in keys)


def _other(reader: Any, changed: Any) -> dict[str, Msg]:
    """Any other object written after signing, unless it is file structure."""
    from pyhanko.pdf_utils import generic

    obj = reader.get_object(changed)
    kind = obj.get("/Type") if isinstance(obj, generic.DictionaryObject) else None
    if kind == "/Annot":
        return {"annot": msg("an annotation")}
    if kind in ("/XRef", "/ObjStm"):
        return {}
    return {f"obj{changed.idnum}": msg("object %(number)d", number=changed.idnum)}


def _same_ref(old: Any, new: Any) -> bool | None:
    """Whether two references name the same object; None when both are absent."""
    if old is None and new is None:
        return None
    if old is None or new is None:
        return False
    return bool((old.idnum, old.generation) == (new.idnum, new.generation))


def _dss_refs(reader: Any, dss_ref: Any) -> set[tuple[int, int]]:
    """Every object reachable from the DSS: validation data, not content."""
    from pyhanko.pdf_utils import generic

    found: set[tuple[int, int]] = set()
    todo = [dss_ref] if dss_ref is not None else []
    while todo:
        current = todo.pop()
        key = (current.idnum, current.generation)
        if key in found:
            continue
        found.add(key)
        obj = reader.get_object(current)
        values = (
            obj.values()
            if isinstance(obj, generic.DictionaryObject)
            else obj
            if isinstance(obj, generic.ArrayObject)
            else []
        )
        todo.extend(v for v in values if isinstance(v, generic.IndirectObject))
    return found


def verify_pdf(data: bytes, trust_roots: list[Any] | None = None) -> list[Verification]:
    """Check every signature of a PDF: signer, time, integrity, changes after, trust.

    ``trust_roots`` are certificates from :func:`load_trust_root` (or PEM/DER bytes).
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data.lstrip()[:5] == b"%PDF-":
        raise NotSigned(N_("This is not a PDF file."))
    roots = [
        load_trust_root(r, f"--trust #{n}") if isinstance(r, bytes) else r
        for n, r in enumerate(trust_roots or [], 1)
    ]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        if b"/ByteRange" in data:  # a signature is there, but damaged: it does not hold
            return [Verification("?", None, False, True, "unknown")]
        raise NotSigned(N_("This PDF cannot be read (%(reason)s)."), reason=str(exc)) from None
    if not signatures:
        raise NotSigned(N_("This PDF is not signed."))
    return [_verify_one(reader, signature, roots, data) for signature in signatures]


def _verify_one(reader: Any, signature: Any, roots: list[Any], data: bytes) -> Verification:
    """One embedded signature, validated offline against ``roots``."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    # A signing certificate may carry digitalSignature, nonRepudiation or both.
    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(
            signature, context, diff_policy=_policy(), key_usage_settings=usage
        )
    except Exception:
        return Verification("?", None, False, True, "unknown")
    cert = status.signing_cert
    name = cert.subject.native.get("common_name") or cert.subject.human_friendly
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    changed = not whole and (
        status.modification_level is None
        or status.modification_level > ModificationLevel.LTA_UPDATES
    )
    changes = () if whole else _changes_after(reader, signature.signed_revision)
    return Verification(
        visible(str(name)),
        status.signer_reported_dt,
        bool(status.intact and status.valid),
        changed or bool(changes),
        _trust(status, cert),
        changes,
        None if whole else _uncovered(reader, signature, data),
        visible(cert.subject.human_friendly),
        visible(cert.issuer.human_friendly),
        qualification(cert),
    )


def _uncovered(reader: Any, signature: Any, data: bytes) -> Msg | None:
    """What follows the signed bytes, unless it is validation data (a long-term signature's
    DSS) or line ends: bytes after the end of the file, or an incremental update. The
    signature's verdict does not reach them: poppler's pdfsig says "Not total document
    signed"."""
    _, _, start, length = (int(n) for n in signature.byte_range)
    later = reader.xrefs.total_revisions - 1 - signature.signed_revision
    if later == 0:
        tail = data[start + length :]
        if not tail.strip():
            return None
        return msg("%(count)d bytes after the end of the signed file", count=len(tail))
    if "/DSS" not in reader.root:
        return msg("an incremental update (revisions after the signed one: %(count)d)", count=later)
    tail = data[data.rfind(b"%%EOF") + len(b"%%EOF") :]
    if tail.strip():
        return msg("%(count)d bytes after the end of the file", count=len(tail))
    return None


def _trust(status: Any, cert: Any) -> str:
    if status.trusted:
        return "trusted"
    return "self-signed" if cert.self_signed in ("yes", "maybe") else "unknown"


#: The QC statements extension (RFC 3739) and the ETSI statements read from it.
_QC_STATEMENTS = "1.3.6.1.5.5.7.1.3"
_QC_COMPLIANCE, _QC_SSCD, _QC_TYPE = "0.4.0.1862.1.1", "0.4.0.1862.1.4", "0.4.0.1862.1.6"
_QCT_ESIGN = "0.4.0.1862.1.6.1"


@cache
def _qc_types() -> tuple[Any, Any]:
    """asn1crypto types for QC statements (RFC 3739: a sequence of an id and its info) and
    for the QcType statement's info (a sequence of ids)."""
    from asn1crypto import core

    class Statement(core.Sequence):  # type: ignore[misc]
        _fields: ClassVar[list[Any]] = [
            ("id", core.ObjectIdentifier),
            ("info", core.Any, {"optional": True}),
        ]

    class Statements(core.SequenceOf):  # type: ignore[misc]
        _child_spec = Statement

    class Types(core.SequenceOf):  # type: ignore[misc]
        _child_spec = core.ObjectIdentifier

    return Statements, Types


def qualification(cert: Any) -> Qualification:
    """What an asn1crypto certificate says of itself: its QC statements and key usage."""
    statements_type, types_type = _qc_types()
    usage = cert.key_usage_value.native if cert.key_usage_value is not None else set()
    found: set[str] = set()
    for extension in cert["tbs_certificate"]["extensions"]:
        if extension["extn_id"].dotted != _QC_STATEMENTS:
            continue
        try:
            for statement in statements_type.load(extension["extn_value"].contents):
                found.add(statement["id"].dotted)
                info = statement["info"]
                if statement["id"].dotted == _QC_TYPE and info.contents is not None:
                    found.update(t.dotted for t in types_type.load(info.dump()))
        except (ValueError, TypeError, KeyError):
            continue  # statements this reader cannot parse say nothing
    return Qualification(
        compliance=_QC_COMPLIANCE in found,
        sscd=_QC_SSCD in found,
        esign=_QCT_ESIGN in found,
        non_repudiation="non_repudiation" in usage,
    )
