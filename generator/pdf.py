"""HTML → PDF with WeasyPrint, loading nothing but the package's assets and files the user named.

This module only turns a letter's HTML into PDF (and checks that fonts exist for its text); the
letter itself is built in :mod:`generator.letters`, and :mod:`generator.documents` puts the two
together.

WeasyPrint is imported here only, so commands that make no PDF start fast. Fonts, the parsed
stylesheet and the URL fetcher are set up once a process and shared by every letter: a new
FontConfiguration per letter costs time and leaks memory (shared/performance-notes.md).
"""

from __future__ import annotations

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

from generator.data_models import Fonts, validate
from generator.errors import MissingFont, RenderError
from generator.i18n import N_
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
def _fonts() -> Fonts:
    return validate(Fonts, load_data("fonts"), asset_dir("data") / "fonts.toml")


@cache
def _scripts() -> list[tuple[str, str, tuple[tuple[int, int], ...]]]:
    return [(key, spec.package, spec.ranges) for key, spec in _fonts().scripts.items()]


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


def check_fonts(fields: Mapping[str, str]) -> None:
    """Raise MissingFont if no installed font can show some characters of ``fields``.

    ``fields`` maps an answers field (``person.name``) to its text; the error names the field,
    the script and the Debian package that brings a font for it.
    """
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
                N_(
                    "No installed font can show the %(script)s characters in %(field)s "
                    "(%(sample)s): install a font for them, on Debian or Ubuntu with "
                    '"apt-get install %(package)s", and run the command again.'
                ),
                script=_fonts().scripts[key].name,
                field=field,
                sample=" ".join(missing[:5]),
                package=package,
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


def html_to_pdf(
    html: str,
    *,
    title: str,
    attachments: Iterable[tuple[str, str, bytes]] = (),
    locate_signature: bool = False,
) -> RenderedPdf:
    """``html`` (a letter page, styled by letter.css) as PDF/A-3b with ``attachments`` embedded.

    ``locate_signature`` also says where the signature space landed (for signing).
    """
    from weasyprint import HTML, Attachment

    setup = _setup()
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
        raise RenderError(
            N_("Could not make the PDF of %(title)s: %(reason)s"), title=title, reason=str(exc)
        ) from exc
    if fetcher.refused:
        log.warning("refused to load: %s", ", ".join(fetcher.refused))
    return RenderedPdf(data, _signature_box(document) if locate_signature else None)
