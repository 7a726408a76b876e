"""The render loads nothing but the package's assets and files the user named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import pdf_text, write_pdf
from generator.answers.reading import answers_from_mapping
from generator.base.assets import asset_dir
from generator.documents.letter import build_letter
from generator.pdf.engine import make_fetcher


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://otherhost/share/x.png",
    ],
)
def test_fetcher_refuses_the_outside(url: str) -> None:
    fetcher = make_fetcher()
    with pytest.raises(ValueError, match="refuses to load"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_own_assets_and_named_files(tmp_path: Path) -> None:
    css = asset_dir("templates") / "letter" / "letter.css"
    response = make_fetcher().fetch(css.as_uri())
    assert b"@page" in response.read()
    named = tmp_path / "firma.png"
    named.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert make_fetcher([named]).fetch(named.as_uri()).read().startswith(b"\x89PNG")
    sibling = tmp_path / "secret.txt"
    sibling.write_text("secret")
    with pytest.raises(ValueError):
        make_fetcher([named]).fetch(sibling.as_uri())
    with pytest.raises(ValueError):  # no escaping the templates folder with ..
        make_fetcher().fetch(css.as_uri().replace("letter.css", "../../../../../etc/passwd"))
    assert make_fetcher().fetch("data:text/plain,hello").read() == b"hello"


def test_markup_in_user_text_is_text(answers_data: dict[str, Any]) -> None:
    answers_data["person"]["name"] = '<img src="http://example.com/track.png">Eve'
    answers_data["objection"]["grounds"] = (
        '<link rel="stylesheet" href="file:///etc/passwd"> <b>bold?</b> {{ 6*7 }} {% raw %}'
    )
    answers = answers_from_mapping(answers_data, source="t")
    text = pdf_text(write_pdf(build_letter(answers, "en")))
    assert '<img src="http://example.com/track.png">Eve' in text
    assert "<b>bold?</b> {{ 6*7 }} {% raw %}" in text
