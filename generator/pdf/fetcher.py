"""What a render may load: the package's own assets, ``data:`` URLs and files the user named.

This module imports WeasyPrint; :mod:`generator.pdf.writer` imports it only when it renders.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.base.assets import asset_dir


class AssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
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
