"""HTML → PDF with WeasyPrint in this process, loading nothing but the package's assets and
files the user named. :mod:`generator.pdf.writer` chooses between this and the warm renderer.

WeasyPrint is imported here only, so commands that make no PDF start fast. Fonts, the parsed
stylesheet and the URL fetcher are set up once a process and shared by every letter: a new
FontConfiguration per letter costs time and leaks memory (shared/performance-notes.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.base.assets import asset_dir
from generator.base.errors import InvalidInput, ObjectionError, RenderError
from generator.base.i18n import N_

log = logging.getLogger(__name__)


def make_fetcher(allowed_files: Iterable[Path] = ()) -> Any:
    """A WeasyPrint URL fetcher restricted to the package's assets and ``allowed_files``."""
    from generator.pdf.fetcher import AssetFetcher  # imports WeasyPrint: only when rendering

    return AssetFetcher(allowed_files)


@dataclass
class _Setup:
    font_config: Any
    stylesheet: Any


@cache
def warm_up() -> _Setup:
    """Fonts and the parsed letter stylesheet, once a process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css_path = asset_dir("templates") / "letter" / "letter.css"
    stylesheet = CSS(
        string=css_path.read_text("utf-8"),
        base_url=css_path.as_uri(),
        font_config=font_config,
        url_fetcher=make_fetcher(),
    )
    return _Setup(font_config, stylesheet)


def harfbuzz_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (fast) or falls back to fontTools."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    # The same test WeasyPrint makes before subsetting (weasyprint/pdf/fonts.py).
    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


# --- rendering ---------------------------------------------------------------------------

#: Letters are archival and accessible: tagged PDF/A-3a (structure, language, reading order;
#: PDF/A-3 allows the answers to be attached as JSON), identified as PDF/UA-1 too.
PDF_VARIANT = "pdf/a-3a"
#: What --pdf-variant may choose: pdf/a-3b is the smallest file (untagged).
PDF_VARIANTS = ("pdf/a-3a", "pdf/a-3u", "pdf/a-3b", "pdf/ua-1")
_PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px; PDF user space is in points


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    #: Where the signature space landed: (page index, (x1, y1, x2, y2) in PDF points).
    signature_box: tuple[int, tuple[float, float, float, float]] | None


def signature_box(document: Any) -> tuple[int, tuple[float, float, float, float]] | None:
    """The signature space, from the anchors of its two corners (letter.html.j2)."""
    for index, page in enumerate(document.pages):
        start, end = page.anchors.get("signature-field"), page.anchors.get("signature-field-end")
        if start and end:
            (x1, y1), (x2, y2) = start[:2], end[:2]
            return index, (
                x1 * _PX_TO_PT,
                (page.height - y2) * _PX_TO_PT,
                x2 * _PX_TO_PT,
                (page.height - y1) * _PX_TO_PT,
            )
    return None


class _ImageFailures(logging.Filter):
    """Catches WeasyPrint's "Failed to load image" errors during one render, and keeps the
    payload of a ``data:`` URL (hundreds of KB of base64) out of every log line."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Failed to load image"):
            self.failed += 1
        if isinstance(record.args, tuple):
            record.args = tuple(
                f"{a[:16]}… ({len(a)} characters)" if isinstance(a, str) and len(a) > 200 else a
                for a in record.args
            )
        return True


@cache
def _one_packet_class() -> Any:
    """WeasyPrint's ``DocumentMetadata`` (69 and 70 alike), writing its XMP as one
    ``rdf:Description`` in one ``rdf:RDF``, with the PDF/UA-1 identification and the language.

    WeasyPrint writes a description a property, and adds what ``write_pdf(xmp_metadata=…)``
    is given after its ``rdf:RDF``: a second one, which XMP does not allow and which readers
    (pyHanko among them) ignore. Here the packet is written once with everything it says.
    """
    import xml.etree.ElementTree as ET

    from weasyprint.pdf.metadata import NS, DocumentMetadata

    rdf, about = NS["rdf"], f"{{{NS['rdf']}}}about"

    class OnePacket(DocumentMetadata):  # type: ignore[misc]
        #: A tagged PDF/A-3a letter meets what PDF/UA-1 asks (tags, /Lang, the title shown).
        ua = False

        def generate_rdf_metadata(self, variant: str, version: Any, conformance: Any) -> bytes:
            root = ET.fromstring(super().generate_rdf_metadata(variant, version, conformance))
            one = ET.Element(f"{{{rdf}}}Description", {about: ""})
            for description in list(root):
                one.attrib.update(description.attrib)
                one.extend(list(description))
                root.remove(description)
            if self.ua and variant != "ua":
                one.set(f"{{{NS['pdfuaid']}}}part", "1")
            if self.lang:
                bag = ET.SubElement(ET.SubElement(one, f"{{{NS['dc']}}}language"), f"{{{rdf}}}Bag")
                ET.SubElement(bag, f"{{{rdf}}}li").text = self.lang
            root.append(one)
            return bytes(ET.tostring(root, encoding="utf-8"))

    return OnePacket


def one_packet(metadata: Any, *, ua: bool) -> Any:
    """``metadata`` (a document's, as WeasyPrint read it) writing one XMP packet, identified as
    PDF/UA-1 too if ``ua``."""
    kind = _one_packet_class()
    packet = kind.__new__(kind)
    packet.__dict__.update(vars(metadata))
    packet.ua = ua
    return packet


@contextmanager
def rendering(title: str) -> Iterator[Any]:
    """One letter's rendering: its URL fetcher, WeasyPrint's image failures caught and its
    errors named after the letter (``title``). Yields the fetcher."""
    fetcher = make_fetcher()
    failures = _ImageFailures()
    weasy_log = logging.getLogger("weasyprint")
    weasy_log.addFilter(failures)
    try:
        yield fetcher
    except ObjectionError:
        raise
    except Exception as exc:  # WeasyPrint raises plain exceptions; name the letter
        raise RenderError(
            N_("Could not make the PDF of %(title)s: %(reason)s"), title=title, reason=str(exc)
        ) from exc
    finally:
        weasy_log.removeFilter(failures)
    if failures.failed:
        # A letter whose signature silently vanished is worse than no letter.
        raise InvalidInput(
            N_(
                "The signature image could not be drawn in “%(title)s”: export it again as PNG, "
                "or as a plain SVG."
            ),
            title=title,
        )
    if fetcher.refused:
        log.warning("refused to load: %s", ", ".join(fetcher.refused))


@cache
def _flowing() -> Any:
    """The style sheet that lets a letter's requests follow its opening on the same page."""
    from weasyprint import CSS

    setup = warm_up()
    return CSS(string=".demands { break-before: auto; }", font_config=setup.font_config)


def anchor_pages(document: Any, name: str) -> list[int]:
    """The pages (indexes) on which the element with ``id`` ``name`` lies."""
    return [index for index, page in enumerate(document.pages) if name in page.anchors]


def lay_out(html: str, fetcher: Any, *, flow: bool = True, long: bool | None = None) -> Any:
    """``html`` laid out by WeasyPrint (a ``weasyprint.Document``).

    A letter's requests start on a page of their own (letter.css) when its opening fits the
    first page; an opening that runs past it is laid out again (``flow``) with the requests
    following it, rather than leave the second page half empty. ``long``: whether the opening
    is expected to run past the first page (a letter's own layer did, generator/pdf/
    sharing.py; None: guessed from its length): then the requests follow it from the first
    layout, and the letter is laid out again only if the opening fitted after all. A wrong
    guess costs a second layout, never a wrong one.
    """
    from weasyprint import HTML

    if long is None:
        long = flow and _opening_lines(html) >= LONG_OPENING_LINES
    setup = warm_up()
    source = HTML(string=html, base_url=asset_dir("templates").as_uri() + "/", url_fetcher=fetcher)
    whole = [setup.stylesheet]
    following = [setup.stylesheet, _flowing()]
    document = source.render(
        stylesheets=following if flow and long else whole, font_config=setup.font_config
    )
    if flow and long and anchor_pages(document, "demands")[:1] == [0]:
        # The opening ended on the first page after all: its requests start on the second.
        document = source.render(stylesheets=whole, font_config=setup.font_config)
    elif flow and not long and anchor_pages(document, "demands")[:1] > [1]:
        document = source.render(stylesheets=following, font_config=setup.font_config)
    return document


#: An opening of this many lines or more (:func:`_opening_lines`) is expected to run past the
#: first page: measured on the letters of tests/test_sharing.py, those of 46 lines fit it,
#: most of 47 do not.
LONG_OPENING_LINES = 47
_BLOCK_END = re.compile(r"</p>|<br>|</li>|</address>|</h1>|</blockquote>")
_TAG = re.compile(r"<[^>]+>")


def _opening_lines(html: str) -> int:
    """About how many lines a letter's opening (what comes before its requests) takes: each
    block's text at 95 characters a line. 0 for a page without requests."""
    end = html.find('id="demands"')
    if end < 0:
        return 0
    opening = html[html.find("<body") : end]
    return sum(
        -(-len(text) // 95)
        for block in _BLOCK_END.split(opening)
        if (text := _TAG.sub("", block).strip())
    )


def write(
    document: Any,
    fetcher: Any,
    *,
    attachments: Iterable[tuple[str, str, bytes]] = (),
    relationship: str = "Data",
    variant: str = PDF_VARIANT,
) -> bytes:
    """A laid-out ``document`` written as ``variant``, with ``attachments`` embedded."""
    from weasyprint import Attachment

    files = [
        Attachment(
            string=content,
            name=name,
            description=description,
            relationship=relationship,
            url_fetcher=fetcher,
        )
        for name, description, content in attachments
    ]
    document.metadata = one_packet(document.metadata, ua=variant == "pdf/a-3a")
    return bytes(document.write_pdf(pdf_variant=variant, attachments=files))


def render_pdf(
    html: str,
    *,
    title: str,
    attachments: Iterable[tuple[str, str, bytes]] = (),
    relationship: str = "Data",
    locate_signature: bool = False,
    variant: str = PDF_VARIANT,
) -> RenderedPdf:
    """``html`` (a letter page, styled by letter.css) as ``variant`` (tagged PDF/A-3a by
    default) with ``attachments`` embedded.

    ``relationship`` is the attachments' AFRelationship (PDF/A-3): "Data" for what the letter
    was made from, "Supplement" for the documents a complaint encloses.
    ``locate_signature`` also says where the signature space landed (for signing). In this
    process: :func:`generator.pdf.writer.html_to_pdf` uses the warm renderer when there is one.
    """
    with rendering(title) as fetcher:
        document = lay_out(html, fetcher)
        data = write(
            document, fetcher, attachments=attachments, relationship=relationship, variant=variant
        )
    return RenderedPdf(data, signature_box(document) if locate_signature else None)
