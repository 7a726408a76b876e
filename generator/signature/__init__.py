"""PAdES signatures: a letter signed with a PKCS#12 certificate in a visible field, and the
check of a signed PDF (who, when, whether it changed since)."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.signature.sign": (
            "load_signer",
            "sign",
            "sign_pdf",
        ),
        "generator.signature.verify": (
            "Verification",
            "verify_pdf",
        ),
    },
)
