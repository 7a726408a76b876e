"""Answers and facts in, the text and HTML of every document out: the letter (one child template
per regime), the form text, the next steps, and what follows a letter (follow-up, complaint,
access request)."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.documents.after": (
            "render_sequel",
            "standing",
        ),
        "generator.documents.document": (
            "Document",
            "render",
            "render_document",
        ),
        "generator.documents.form_text": ("form_text",),
        "generator.documents.letter": (
            "Letter",
            "build_letter",
        ),
        "generator.documents.next_steps": (
            "calendar_file",
            "next_steps",
        ),
    },
)
