"""Signing with a key on a smart card or token (PKCS#11), on a SoftHSM2 token the tests set up.

Every signature is validated by pyHanko and by poppler's pdfsig; letters stay PDF/A-3a with
the signature field in their structure tree; the certificate chain from the token is embedded;
the PIN never shows; each failure (driver, token, PIN, key, key usage, a token removed in the
middle of a batch) is one sentence.
"""

from __future__ import annotations

import copy
import csv
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from softhsm import LABEL, PIN, Token
from test_accessibility import assert_signature_tagged

from conftest import VALID, to_toml
from generator.cli import cli
from generator.signature.verify import verify_pdf
from test_signing import _pdfa_id, _pdfsig


def _options(token: Token, key: str = "firma", label: str = LABEL) -> list[str]:
    return ["--pkcs11-module", token.module, "--pkcs11-token", label, "--pkcs11-key", key]


def _answers(tmp_path: Path, **signature: str) -> Path:
    data = copy.deepcopy(VALID)
    data["signature"].update(signature)
    path = tmp_path / "answers.toml"
    path.write_text(to_toml(data), "utf-8")
    return path


def _run(args: list[str], pin: str | None = PIN) -> Any:
    env = {"OBJECTION_PKCS11_PIN": pin} if pin is not None else {"OBJECTION_PKCS11_PIN": None}
    return CliRunner().invoke(cli, args, env=env)


def _chain(data: bytes) -> list[str]:
    """The common names of the certificates the signature carries."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    certificates = signature.signed_data["certificates"]
    return sorted({c.chosen.subject.native["common_name"] for c in certificates})


def test_a_letter_signed_on_the_card(tmp_path: Path, token: Token) -> None:
    out = tmp_path / "letter.pdf"
    result = _run(
        ["letter", "--answers", str(_answers(tmp_path)), "-o", str(out), *_options(token)]
    )
    assert result.exit_code == 0, result.output
    assert PIN not in result.output
    assert "objection verify" in result.output  # said to be digitally signed
    report = _pdfsig(out)
    assert "Signature Validation: Signature is Valid." in report
    assert "Signer Certificate Common Name: Mario Rossi" in report
    assert "ETSI.CAdES.detached" in report and "Total document signed" in report
    checks = verify_pdf(out.read_bytes(), [token.ca_pem.read_bytes()])
    assert checks[0].holds and checks[0].trust == "trusted"
    assert _chain(out.read_bytes()) == ["Mario Rossi", "Test Qualified CA"]  # the chain
    assert _pdfa_id(out)
    assert_signature_tagged(out)


def test_the_answers_name_the_card(tmp_path: Path, token: Token) -> None:
    answers = _answers(tmp_path, pkcs11_module=token.module, pkcs11_key="firma")
    out = tmp_path / "letter.pdf"
    result = _run(["letter", "--answers", str(answers), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Signature is Valid." in _pdfsig(out)


def test_an_access_request_signed_on_the_card(tmp_path: Path, token: Token) -> None:
    out = tmp_path / "access.pdf"
    result = _run(["access", "--sample", "-o", str(out), *_options(token)])
    assert result.exit_code == 0, result.output
    assert "Signature is Valid." in _pdfsig(out)


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        (
            "en",
            [
                "Signed by: Mario Rossi",
                "Subject: ",
                "Issued by: ",
                "Test Qualified CA",
                "Qualified: yes",
                "QcCompliance",
                "QcSSCD",
                "nonRepudiation",
                "intact: unchanged since it was signed",
            ],
        ),
        ("it", ["Firmato da: Mario Rossi", "Emesso da: ", "Qualificato: sì", "QcCompliance"]),
    ],
)
def test_verify_says_the_certificate_is_qualified(
    tmp_path: Path, token: Token, locale: str, words: list[str]
) -> None:
    out = tmp_path / "letter.pdf"
    _run(["letter", "--answers", str(_answers(tmp_path)), "-o", str(out), *_options(token)])
    result = CliRunner().invoke(
        cli, ["verify", str(out), "--trust", str(token.ca_pem), "--locale", locale]
    )
    assert result.exit_code == 0, result.output
    for word in words:
        assert word in result.output, (word, result.output)


def test_a_plain_certificate_is_not_called_qualified(
    tmp_path: Path, certs: dict[str, Path]
) -> None:
    from test_signing import _letter

    _result, out = _letter(tmp_path, pkcs12=certs["ca-signed"])
    result = CliRunner().invoke(cli, ["verify", str(out), "--locale", "en"])
    assert "Qualified: no" in result.output


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"pin": "000000"}, ["PIN of the token Firma Digitale is wrong", "not tried again"]),
        ({"label": "Altra Carta"}, ["No token labelled Altra Carta", "Firma Digitale"]),
        ({"key": "missing"}, ["no signing key labelled missing", "firma"]),
        ({"key": "cns"}, ["does not allow signing", "nonRepudiation"]),
        ({"module": "/nonexistent/opensc-pkcs11.so"}, ["card driver", "does not exist"]),
        ({"module": "/etc/hostname"}, ["could not be loaded as a PKCS#11 card driver"]),
        ({"pin": None}, ["needs its PIN", "OBJECTION_PKCS11_PIN"]),
    ],
)
def test_each_failure_is_one_sentence_and_writes_nothing(
    tmp_path: Path, token: Token, change: dict[str, Any], words: list[str]
) -> None:
    options = _options(token, change.get("key", "firma"), change.get("label", LABEL))
    if "module" in change:
        options[1] = change["module"]
    out = tmp_path / "letter.pdf"
    result = _run(
        [
            "letter",
            "--answers",
            str(_answers(tmp_path)),
            "-o",
            str(out),
            "--locale",
            "en",
            *options,
        ],
        pin=change.get("pin", PIN),
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and PIN not in result.output
    assert "000000" not in result.output
    for word in words:
        assert word in result.output, (word, result.output)
    assert not out.exists()


def _sheet(tmp_path: Path, rows: int) -> Path:
    sheet = tmp_path / "staff.csv"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "email", "postal_address", "country", "categories", "grounds"])
        for n in range(rows):
            writer.writerow(
                [
                    f"Socio Numero {n}",
                    f"socio{n}@example.org",
                    "Via Roma 1, Milano",
                    "IT",
                    "all",
                    "Lavoro come sindacalista e il mio profilo rivela la mia attività.",
                ]
            )
    return sheet


def test_a_batch_signs_every_letter_with_one_token(tmp_path: Path, token: Token) -> None:
    out = tmp_path / "out"
    result = _run(
        ["batch", str(_sheet(tmp_path, 3)), "--out", str(out), "--jobs", "2", *_options(token)]
    )
    assert result.exit_code == 0, result.output
    assert PIN not in result.output
    letters = sorted(out.glob("*.pdf"))
    assert len(letters) == 3
    for letter in letters:
        assert "Signature is Valid." in _pdfsig(letter), letter
        assert verify_pdf(letter.read_bytes())[0].signer == "Mario Rossi"


def test_a_wrong_pin_stops_a_batch_before_any_work(tmp_path: Path, token: Token) -> None:
    out = tmp_path / "out"
    result = _run(
        ["batch", str(_sheet(tmp_path, 2)), "--out", str(out), *_options(token)], pin="999999"
    )
    assert result.exit_code == 2 and "is wrong" in result.output
    assert not list(out.glob("*.pdf")) if out.exists() else True


def test_a_token_removed_midway_leaves_the_rest_for_resume(
    tmp_path: Path, token: Token, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second signature finds the token gone (as python-pkcs11 says it); the run stops
    with one sentence, the first letter kept; --resume signs the rest."""
    import pkcs11
    from pyhanko.sign.pkcs11 import PKCS11Signer

    marker = tmp_path / "signed-once"
    original = PKCS11Signer.async_sign_raw

    async def once(self: Any, data: bytes, digest: str, dry_run: bool = False) -> bytes:
        if not dry_run and marker.exists() and not (tmp_path / "back").exists():
            raise pkcs11.exceptions.DeviceRemoved()
        signed = await original(self, data, digest, dry_run)
        marker.touch()
        return signed

    monkeypatch.setattr(PKCS11Signer, "async_sign_raw", once)  # the forked worker has it too
    sheet, out = _sheet(tmp_path, 3), tmp_path / "out"
    args = ["batch", str(sheet), "--out", str(out), "--jobs", "1", "--locale", "en"]
    args += _options(token)
    result = _run(args)
    assert result.exit_code == 1, result.output
    assert "token was removed" in result.output and "--resume" in result.output
    assert "Traceback" not in result.output
    assert len(list(out.glob("*.pdf"))) == 1
    (tmp_path / "back").touch()  # the token is back
    resumed = _run([*args, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    letters = sorted(out.glob("*.pdf"))
    assert len(letters) == 3
    assert all("Signature is Valid." in _pdfsig(p) for p in letters)


def test_the_pin_is_never_an_option(token: Token) -> None:
    result = CliRunner().invoke(cli, ["letter", "--pkcs11-pin", PIN])
    assert result.exit_code == 2
    assert subprocess.run(["pdfsig", "-v"], capture_output=True).returncode == 0
