"""How a document leaves the machine: an e-mail draft (.eml) or a message sent through SMTP, to
a PEC address too; and a PEC provider's receipt, read."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.delivery.mail": (
            "draft",
            "send",
            "smtp_settings",
        ),
        "generator.delivery.pec": ("Receipt", "read_receipt"),
    },
)
