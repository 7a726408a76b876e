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
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

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


@pytest.fixture(autouse=True)
def private_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test has a register of its own: nothing reaches the user's data folder."""
    path = tmp_path / "register" / "register.sqlite"
    monkeypatch.setenv("OBJECTION_REGISTER", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/<kind>/*.txt from the current templates and catalogs.",
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


def letter_in_register(tmp_path: Path, locale: str = "en", date: str = "2026-09-01") -> str:
    """The sample member's letter (``tmp_path/answers.toml``), made as text in ``locale`` on
    ``date`` and recorded in the test's register; its reference."""
    import re

    from generator.cli import cli

    data = copy.deepcopy(VALID)
    data["locale"] = locale
    data["signature"]["date"] = date
    answers = tmp_path / "answers.toml"
    answers.write_text(to_toml(data), encoding="utf-8")
    made = CliRunner().invoke(
        cli, ["letter", "--answers", str(answers), "--format", "txt", "--out", str(tmp_path)]
    )
    assert made.exit_code == 0, made.output
    found = re.search(r"OBJ-\d{8}-[A-Z0-9]{6}", made.stderr)
    assert found, made.stderr
    return found.group(0)


def pdf_text(pdf: bytes | Path) -> str:
    """The text of a PDF as poppler's pdftotext reads it, white space folded."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return fold(result.stdout.decode("utf-8"))


def fold(text: str) -> str:
    """White space folded, and typographic apostrophes read as plain ones: the tests check
    what the text says (tests/test_letter.py checks the typography itself)."""
    return " ".join(text.replace("\u2019", "'").split())


@pytest.fixture(autouse=True, scope="session")
def _poppler() -> None:
    if shutil.which("pdftotext") is None:
        pytest.exit(
            "the tests need poppler-utils (pdftotext, pdffonts): apt-get install poppler-utils"
        )


def write_pdf(letter: Any) -> bytes:
    """A built letter as PDF bytes (what render() does after building it)."""
    from generator.documents.letter import render_html
    from generator.pdf.writer import html_to_pdf

    return html_to_pdf(render_html(letter, inline_css=False), title=letter.title).data


# --- certificates, made by the tests themselves ------------------------------------------------


PASSWORD = "correct horse battery staple"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _cert(
    subject: str,
    key: Any,
    issuer: str,
    issuer_key: Any,
    *,
    days: int = 365,
    start: int = -1,
    ca: bool = False,
    commitment: bool | None = None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=start))
        .not_valid_after(now + dt.timedelta(days=start + days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    # A CA signs certificates; a member's certificate signs documents.
    usage = dict.fromkeys(
        [
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "encipher_only",
            "decipher_only",
        ],
        False,
    )
    commitment = (not ca) if commitment is None else commitment
    usage.update(
        key_cert_sign=ca, crl_sign=ca, digital_signature=not ca, content_commitment=commitment
    )
    builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _p12(path: Path, key: Any, cert: x509.Certificate, chain: list[x509.Certificate]) -> Path:
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"me",
            key,
            cert,
            chain or None,
            serialization.BestAvailableEncryption(PASSWORD.encode()),
        )
    )
    return path


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("certs")
    own = ec.generate_private_key(ec.SECP256R1())
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = _cert("Test Qualified CA", ca_key, "Test Qualified CA", ca_key, days=3650, ca=True)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = _cert("Maria Grazia Esposito", leaf_key, "Test Qualified CA", ca_key)
    old_key = ec.generate_private_key(ec.SECP256R1())
    old = _cert(
        "Maria Grazia Esposito", old_key, "Maria Grazia Esposito", old_key, start=-400, days=30
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "not-a-p12.p12").write_bytes(b"-----BEGIN NOTHING-----\nhello\n")
    return {
        "self-signed": _p12(
            folder / "self.p12",
            own,
            _cert("Maria Grazia Esposito", own, "Maria Grazia Esposito", own),
            [],
        ),
        "ca-signed": _p12(folder / "leaf.p12", leaf_key, leaf, [ca]),
        "expired": _p12(folder / "expired.p12", old_key, old, []),
        "ca": folder / "ca.pem",
        "garbage": folder / "not-a-p12.p12",
    }


@pytest.fixture(scope="session")
def token(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One SoftHSM2 token for the session (tests/softhsm.py): SoftHSM reads its configuration
    once a process, so every test that signs on a card shares it."""
    from softhsm import make_token, need_softhsm

    return make_token(tmp_path_factory.mktemp("softhsm"), need_softhsm())
