"""HTML → PDF with WeasyPrint, loading nothing but the package's assets and files the user named.

WeasyPrint is imported here only, so commands that make no PDF start fast. Fonts, the parsed
stylesheet and the URL fetcher are set up once a process and shared by every letter: a new
FontConfiguration per letter costs time and leaks memory (shared/performance-notes.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.errors import MissingFont, RenderError
from generator.i18n import gettext
from generator.letters import Letter, render_html
from generator.resources import asset_dir, load_data

log = logging.getLogger(__name__)


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serves ``data:`` URLs, the package's templates and the files the user named.

        Anything else (http, https, ftp, other local files) is refused: a letter never
        reaches the network, and user text can never make the render read a local file.
        """

        def __init__(self, allowed_files: Iterable[Path] = ()):
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.roots = (asset_dir("templates").resolve(),)
            self.files = frozenset(Path(f).resolve() for f in allowed_files)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if path in self.files or any(path.is_relative_to(r) for r in self.roots):
                    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
            self.refused.append(url)
            raise ValueError(f"objection refuses to load {url!r}: not one of its own files")

    return AssetFetcher


def make_fetcher(allowed_files: Iterable[Path] = ()) -> Any:
    """A WeasyPrint URL fetcher restricted to the package's assets and ``allowed_files``."""
    return _fetcher_class()(allowed_files)


@dataclass
class _Setup:
    font_config: Any
    stylesheet: Any


@cache
def _setup() -> _Setup:
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


# --- fonts -------------------------------------------------------------------------------


@cache
def _scripts() -> list[tuple[str, str, list[tuple[int, int]]]]:
    data = load_data("fonts")["scripts"]
    return [
        (key, spec["package"], [tuple(r) for r in spec["ranges"]]) for key, spec in data.items()
    ]


def _script_of(char: str) -> tuple[str, str]:
    """The script key of ``char`` and the package that brings a font for it."""
    code = ord(char)
    other = None
    for key, package, ranges in _scripts():
        if not ranges:
            other = (key, package)
        if any(lo <= code <= hi for lo, hi in ranges):
            return key, package
    assert other is not None, "fonts.toml needs a script with no ranges, for the rest"
    return other


@cache
def _fonts_cover(charset: str) -> bool:
    """Whether some installed font has all of ``charset`` (hex code points, space-separated)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:  # not a fontconfig system: nothing to ask, let Pango do its best
        return True
    result = subprocess.run(
        [fc_list, f":charset={charset}", "family"], capture_output=True, text=True, check=False
    )
    return bool(result.stdout.strip())


def check_fonts(fields: Mapping[str, str], locale: str) -> None:
    """Raise MissingFont if no installed font can show some characters of ``fields``.

    ``fields`` maps an answers field (``person.name``) to its text; the error names the field,
    the script and the Debian package that brings a font for it.
    """
    _ = gettext(locale)
    for field, text in fields.items():
        groups: dict[tuple[str, str], set[str]] = {}
        for char in set(text):
            if char.isprintable() and not char.isspace() and ord(char) > 0x7E:
                groups.setdefault(_script_of(char), set()).add(char)
        for (key, package), chars in sorted(groups.items()):
            ordered = sorted(chars)
            if _fonts_cover(" ".join(f"{ord(c):x}" for c in ordered)):
                continue
            missing = [c for c in ordered if not _fonts_cover(f"{ord(c):x}")] or ordered
            raise MissingFont(
                _(
                    "No installed font can show the %(script)s characters in %(field)s "
                    "(%(sample)s): install a font for them, on Debian or Ubuntu with "
                    '"apt-get install %(package)s", and run the command again.',
                    script=load_data("fonts")["scripts"][key]["name"][locale],
                    field=field,
                    sample=" ".join(missing[:5]),
                    package=package,
                )
            )


# --- rendering ---------------------------------------------------------------------------

#: Letters are archival: PDF/A-3b (PDF/A-3 allows the answers to be attached as JSON).
PDF_VARIANT = "pdf/a-3b"
_PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px; PDF user space is in points


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    #: Where the signature space landed: (page index, (x1, y1, x2, y2) in PDF points).
    signature_box: tuple[int, tuple[float, float, float, float]] | None


def _signature_box(document: Any) -> tuple[int, tuple[float, float, float, float]] | None:
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():  # WeasyPrint's laid-out boxes
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == "signature-field":
                x, y = box.border_box_x(), box.border_box_y()
                width, height = box.border_width(), box.border_height()
                return index, (
                    x * _PX_TO_PT,
                    (page.height - y - height) * _PX_TO_PT,
                    (x + width) * _PX_TO_PT,
                    (page.height - y) * _PX_TO_PT,
                )
    return None


def render_pdf(
    letter: Letter,
    *,
    attachments: Iterable[tuple[str, str, bytes]] = (),
    locate_signature: bool = False,
) -> RenderedPdf:
    """The letter as PDF/A-3b, with ``attachments`` (name, description, bytes) embedded.

    ``locate_signature`` also finds where the signature space landed (for signing); it walks
    every laid-out box, so unsigned letters skip it.
    """
    from weasyprint import HTML, Attachment

    setup = _setup()
    html = render_html(letter, inline_css=False)
    fetcher = make_fetcher()
    try:
        document = HTML(
            string=html, base_url=asset_dir("templates").as_uri() + "/", url_fetcher=fetcher
        ).render(stylesheets=[setup.stylesheet], font_config=setup.font_config)
        files = [
            Attachment(
                string=content,
                name=name,
                description=description,
                relationship="Data",
                url_fetcher=fetcher,
            )
            for name, description, content in attachments
        ]
        data = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=files)
    except Exception as exc:  # WeasyPrint raises plain exceptions; name the letter
        raise RenderError(f"Could not make the PDF for {letter.person.name}: {exc}") from exc
    if fetcher.refused:
        log.warning("refused to load: %s", ", ".join(fetcher.refused))
    return RenderedPdf(data, _signature_box(document) if locate_signature else None)


def write_pdf(letter: Letter) -> bytes:
    """The letter as PDF bytes: A4, PDF/A-3b, fonts embedded and subset, text selectable."""
    return render_pdf(letter).data


def letter_pdf(
    answers: Any,
    locale: str,
    *,
    signer: Any = None,
    embed_answers: bool = False,
    on_behalf_of: Any = None,
    ui_locale: str = "en",
    now: dt.datetime | None = None,
) -> bytes:
    """The whole PDF of one member's letter: fonts checked, rendered, attached, signed."""
    import json

    from generator.letters import build_letter

    person = answers.person
    check_fonts(
        {
            "person.name": person.name,
            "person.postal_address": person.postal_address,
            "objection.grounds": answers.objection.grounds,
            "signature.place": answers.signature.place,
        },
        ui_locale,
    )
    signed_when = None
    if signer is not None:
        from babel.dates import format_datetime

        from generator.i18n import cldr_locale

        signed_when = (
            format_datetime(
                now or dt.datetime.now(dt.UTC), "medium", tzinfo=dt.UTC, locale=cldr_locale(locale)
            )
            + " UTC"
        )
    letter = build_letter(
        answers,
        locale,
        signed_by=signer.name if signer else None,
        signed_when=signed_when,
        on_behalf_of=on_behalf_of,
    )
    attachments = []
    if embed_answers:
        # What the letter was made from; local file paths stay on this machine.
        content = answers.model_dump(mode="json", exclude={"signature": {"image", "pkcs12"}})
        attachments.append(
            (
                "answers.json",
                "objection answers",
                json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8"),
            )
        )
    rendered = render_pdf(letter, attachments=attachments, locate_signature=signer is not None)
    if signer is None:
        return rendered.data
    from generator.signing import sign_pdf

    assert rendered.signature_box is not None, "letter.html.j2 has #signature-field"
    page, box = rendered.signature_box
    return sign_pdf(
        rendered.data,
        signer,
        page=page,
        box=box,
        reason=letter.subject,
        location=answers.signature.place,
    )
