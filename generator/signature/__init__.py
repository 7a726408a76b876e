"""PAdES signatures: a letter signed in a visible field with a PKCS#12 certificate or a key on
a smart card or token (PKCS#11), and the check of a signed PDF (who, when, whether it changed
since, whether the certificate is a qualified one)."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.signature.sign": (
            "load_signer",
            "sign",
            "sign_pdf",
        ),
        "generator.signature.pack": ("PackCheck", "verify_pack"),
        "generator.signature.smime": ("SmimeCheck", "check_smime"),
        "generator.signature.token": (
            "TokenSpec",
            "load_token_signer",
        ),
        "generator.signature.verify": (
            "Verification",
            "verify_pdf",
        ),
    },
)
