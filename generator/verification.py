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
from typing import Any

from generator.errors import InvalidInput, Msg, msg, visible
from generator.i18n import N_

#: A PDF larger than this is not a letter.
MAX_PDF_BYTES = 64 * 1024 * 1024


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
    """What the revisions after ``signed_revision`` wrote, as a reader names it."""
    from pyhanko.pdf_utils import generic

    def ref(container: Any, key: str) -> Any:
        value = container.raw_get(key) if key in container else None
        return value if isinstance(value, generic.IndirectObject) else None

    root_ref = ref(reader.trailer, "/Root")
    info_ref = ref(reader.trailer, "/Info")
    metadata_ref = ref(reader.root, "/Metadata")
    pages = {
        (kid.idnum, kid.generation): number
        for number, kid in enumerate(reader.root["/Pages"].raw_get("/Kids"), 1)
        if isinstance(kid, generic.IndirectObject)
    }
    names: dict[str, Msg] = {}
    for revision in range(signed_revision + 1, reader.xrefs.total_revisions):
        for changed in reader.xrefs.explicit_refs_in_revision(revision):
            key = (changed.idnum, changed.generation)
            if _same(info_ref, key):
                names["info"] = msg("the document information (/Info)")
            elif _same(metadata_ref, key):
                names["xmp"] = msg("the XMP metadata")
            elif _same(root_ref, key):
                names["root"] = msg("the document catalogue")
            elif key in pages:
                names[f"page{pages[key]}"] = msg("page %(number)d", number=pages[key])
            else:
                obj = reader.get_object(changed)
                kind = obj.get("/Type") if isinstance(obj, generic.DictionaryObject) else None
                if kind == "/Annot":
                    names["annot"] = msg("an annotation")
                elif kind not in ("/DSS", "/VRI"):
                    names[f"obj{key}"] = msg("object %(number)d", number=changed.idnum)
    return tuple(names.values())


def verify_pdf(data: bytes, trust_roots: list[Any] | None = None) -> list[Verification]:
    """Check every signature of a PDF: signer, time, integrity, changes after, trust.

    ``trust_roots`` are certificates from :func:`load_trust_root` (or PEM/DER bytes).
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

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
    # A signing certificate may carry digitalSignature, nonRepudiation or both.
    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    results = []
    for signature in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(
                signature, context, diff_policy=_policy(), key_usage_settings=usage
            )
        except Exception:
            results.append(Verification("?", None, False, True, "unknown"))
            continue
        cert = status.signing_cert
        name = cert.subject.native.get("common_name") or cert.subject.human_friendly
        changed = status.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
            status.modification_level is None
            or status.modification_level > ModificationLevel.LTA_UPDATES
        )
        if status.trusted:
            trust = "trusted"
        elif cert.self_signed in ("yes", "maybe"):
            trust = "self-signed"
        else:
            trust = "unknown"
        changes = _changes_after(reader, signature.signed_revision) if changed else ()
        results.append(
            Verification(
                visible(str(name)),
                status.signer_reported_dt,
                bool(status.intact and status.valid),
                changed,
                trust,
                changes,
            )
        )
    return results
