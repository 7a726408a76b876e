"""HTML to tagged PDF/A: WeasyPrint in this process or in the renderer process warmed up at
start, loading nothing but the package's files; the fonts every script needs."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.pdf.engine": (
            "PDF_VARIANT",
            "PDF_VARIANTS",
            "RenderedPdf",
        ),
        "generator.pdf.writer": ("html_to_pdf",),
    },
)
