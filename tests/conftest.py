"""Shared fixtures: valid answers to vary, an answers-file writer, and PDF text extraction."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

FIXED_DATE = dt.date(2026, 11, 2)

VALID: dict[str, Any] = {
    "locale": "it",
    "controller": "linkedin",
    "person": {
        "name": "Maria Grazia Esposito",
        "email": "mg.esposito@example.org",
        "postal_address": "Via dei Mille 7\n80121 Napoli NA\nItalia",
        "country": "IT",
        "profile_url": "https://www.linkedin.com/in/mg-esposito-example",
        "member": True,
    },
    "objection": {
        "categories": ["profile", "content"],
        "grounds": (
            "Sono un'assistente sociale e nei miei post racconto, in forma anonima, casi di "
            "minori seguiti dai servizi.\n\nUn modello che li rielaborasse potrebbe renderli "
            "riconoscibili."
        ),
        "switch_already_off": False,
        "form_already_sent": False,
    },
    "signature": {"place": "Napoli", "date": FIXED_DATE},
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/*.txt from the current templates and catalogs.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def answers_data() -> dict[str, Any]:
    """A fresh copy of valid answers, to change one thing at a time."""
    return copy.deepcopy(VALID)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def to_toml(data: dict[str, Any]) -> str:
    """A small TOML writer for the tests (tomllib reads, it does not write)."""
    top = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    tables = [
        f"[{k}]\n" + "\n".join(f"{kk} = {_toml_value(vv)}" for kk, vv in v.items())
        for k, v in data.items()
        if isinstance(v, dict)
    ]
    return "\n".join(top) + "\n\n" + "\n\n".join(tables) + "\n"


@pytest.fixture
def write_answers(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    def write(data: dict[str, Any], name: str = "answers.toml") -> Path:
        path = tmp_path / name
        path.write_text(to_toml(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def pdf_text(pdf: bytes | Path) -> str:
    """The text of a PDF as poppler's pdftotext reads it, white space folded."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True, scope="session")
def _poppler() -> None:
    if shutil.which("pdftotext") is None:
        pytest.exit(
            "the tests need poppler-utils (pdftotext, pdffonts): apt-get install poppler-utils"
        )


def write_pdf(letter: Any) -> bytes:
    """A built letter as PDF bytes (what render() does after building it)."""
    from generator.letters import render_html
    from generator.pdf import html_to_pdf

    return html_to_pdf(render_html(letter, inline_css=False), title=letter.title).data
