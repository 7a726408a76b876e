"""One operation makes any document — letter, form text, next steps, follow-up, complaint,
access request: answers + kind + format in; rendered, signed where asked, written atomically,
recorded in the register, drafted or sent as an e-mail. The command line, the batch and the web
front call it; none of them renders, writes or records on its own."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.making.request": ("KINDS", "Delivery", "Kind", "Made", "Request"),
        "generator.making.operation": ("make", "file_name"),
        "generator.making.due": ("DueRun", "check_may_follow", "make_due"),
        "generator.making.guidance": ("after_steps", "complaint_steps"),
        "generator.making.receipt": ("ReceiptRecorded", "record_receipt"),
        "generator.making.evidence": ("evidence_path", "make_evidence"),
    },
)
