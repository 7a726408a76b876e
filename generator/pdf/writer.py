"""One call makes a PDF: in the renderer process warmed up at start (:mod:`generator.pdf.renderer`)
when there is one, else in this process (:mod:`generator.pdf.engine`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from generator.pdf import renderer
from generator.pdf.engine import PDF_VARIANT, RenderedPdf, render_pdf


def html_to_pdf(
    html: str,
    *,
    title: str,
    attachments: Iterable[tuple[str, str, bytes]] = (),
    relationship: str = "Data",
    locate_signature: bool = False,
    variant: str = PDF_VARIANT,
) -> RenderedPdf:
    """``html`` (a letter page, styled by letter.css) as ``variant`` (tagged PDF/A-3a by
    default) with ``attachments`` embedded; see :func:`generator.pdf.engine.render_pdf`."""
    options = {
        "title": title,
        "attachments": list(attachments),
        "relationship": relationship,
        "locate_signature": locate_signature,
        "variant": variant,
    }
    warm = renderer.current()
    if warm is not None:
        rendered = warm.render(html, options)
        if rendered is not None:
            return cast("RenderedPdf", rendered)
    return render_pdf(html, **options)  # type: ignore[arg-type]


def letter_to_pdf(html_of: Callable[[str, Any, Any], str], **options: Any) -> RenderedPdf:
    """An objection letter as a PDF (options: as for :func:`html_to_pdf`), from
    ``html_of(layer, gaps, heights)``, its HTML whole (``""``) or in the layers by which
    letters of a batch share what they have in common, where this process shares it
    (:mod:`generator.pdf.sharing`)."""
    from generator.pdf import sharing

    shared = sharing.current()
    if shared is not None and options.get("relationship", "Data") == "Data":
        options.pop("relationship", None)
        return shared.render(html_of, **options)
    return html_to_pdf(html_of("", None, None), **options)
