"""Signed letters: image, PAdES signature, PDF/A before and after, and objection verify.

The tests make their own certificates (nothing secret is committed) and check every signature
with pyHanko's validator *and* with poppler's pdfsig, an independent implementation.
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import PASSWORD, VALID, pdf_text, to_toml
from generator.cli import cli
from generator.signature.sign import load_signer
from generator.signature.verify import verify_pdf


@pytest.fixture
def signature_png(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 180), (255, 255, 255, 0))
    ImageDraw.Draw(image).line(
        [(20, 140), (120, 40), (200, 150), (300, 50), (560, 120)], fill=(20, 40, 120, 255), width=7
    )
    path = tmp_path / "firma.png"
    image.save(path)
    return path


def _answers_file(tmp_path: Path, **signature: Any) -> Path:
    data = copy.deepcopy(VALID)
    data["signature"].update({k: str(v) for k, v in signature.items()})
    path = tmp_path / "answers.toml"
    path.write_text(to_toml(data), "utf-8")
    return path


def _letter(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, **signature: Any
) -> tuple[Any, Path]:
    answers = _answers_file(tmp_path, **signature)
    out = tmp_path / "letter.pdf"
    result = CliRunner().invoke(
        cli,
        ["letter", "--answers", str(answers), "-o", str(out), *args],
        env={"OBJECTION_PKCS12_PASSWORD": PASSWORD, **(env or {})},
    )
    return result, out


def _pdfsig(path: Path) -> str:
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    return result.stdout + result.stderr


def _pdfa_id(path: Path) -> bool:
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    return 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta


def test_unsigned_letter_is_pdfa_3a(tmp_path: Path) -> None:
    result, out = _letter(tmp_path)
    assert result.exit_code == 0, result.output
    assert _pdfa_id(out)
    assert "is not signed" in " ".join(_pdfsig(out).split()) or "does not contain" in _pdfsig(out)
    listing = subprocess.run(
        ["pdfdetach", "-list", str(out)], capture_output=True, text=True
    ).stdout
    assert listing.startswith("0 embedded files")  # the answers stay home by default


def test_signature_image_in_the_signature_block(tmp_path: Path, signature_png: Path) -> None:
    result, out = _letter(tmp_path, image=signature_png)
    assert result.exit_code == 0, result.output
    images = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert len([row for row in images if row.split()[2] == "image"]) == 1
    assert _pdfa_id(out)


def test_svg_signature_image(tmp_path: Path) -> None:
    svg = tmp_path / "firma.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90">'
        '<path d="M10 80 L60 10 L110 80 L160 20" stroke="navy" fill="none" '
        'stroke-width="4"/></svg>',
        "utf-8",
    )
    result, _out = _letter(tmp_path, image=svg)
    assert result.exit_code == 0, result.output
    html = (
        CliRunner()
        .invoke(
            cli,
            ["letter", "--answers", str(tmp_path / "answers.toml"), "--format", "html", "-o", "-"],
        )
        .stdout
    )
    assert 'src="data:image/svg+xml;base64,' in html  # self-contained, nothing to fetch


@pytest.mark.parametrize("kind", ["self-signed", "ca-signed"])
def test_signed_letter_validates_in_pyhanko_and_pdfsig(
    tmp_path: Path, certs: dict[str, Path], signature_png: Path, kind: str
) -> None:
    result, out = _letter(tmp_path, image=signature_png, pkcs12=certs[kind])
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    report = _pdfsig(out)
    assert "Signature Validation: Signature is Valid." in report
    assert "Signer Certificate Common Name: Maria Grazia Esposito" in report
    assert "ETSI.CAdES.detached" in report  # PAdES
    assert "Total document signed" in report
    checks = verify_pdf(out.read_bytes())
    assert len(checks) == 1 and checks[0].intact and not checks[0].changed_after
    assert checks[0].signer == "Maria Grazia Esposito"
    assert _pdfa_id(out)  # still PDF/A after signing
    text = pdf_text(out)
    assert "Maria Grazia Esposito" in text and "Napoli, 2 novembre 2026" in text


def test_verify_command_and_trust(tmp_path: Path, certs: dict[str, Path]) -> None:
    _result, out = _letter(tmp_path, pkcs12=certs["ca-signed"])
    runner = CliRunner()
    unknown = runner.invoke(cli, ["verify", str(out), "--locale", "en"])
    assert unknown.exit_code == 0, unknown.output
    assert "Signed by: Maria Grazia Esposito" in unknown.output
    assert "intact: unchanged since it was signed" in unknown.output
    assert "issued by an authority not known here" in unknown.output
    trusted = runner.invoke(cli, ["verify", str(out), "--trust", str(certs["ca"])])
    assert "Certificate: trusted" in trusted.output and trusted.exit_code == 0
    italian = runner.invoke(cli, ["verify", str(out), "--locale", "it"])
    assert "Firmato da: Maria Grazia Esposito" in italian.output

    _result, own = _letter(tmp_path, pkcs12=certs["self-signed"])
    assert "self-signed" in runner.invoke(cli, ["verify", str(own)]).output


def test_a_flipped_byte_is_caught_by_both(tmp_path: Path, certs: dict[str, Path]) -> None:
    _result, out = _letter(tmp_path, pkcs12=certs["self-signed"])
    data = bytearray(out.read_bytes())
    position = data.index(b"Maria Grazia Esposito") + 2  # inside the signed range
    data[position] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    assert "Signature is Invalid" in _pdfsig(tampered) or "Digest Mismatch" in _pdfsig(tampered)
    assert not verify_pdf(bytes(data))[0].intact
    result = CliRunner().invoke(cli, ["verify", str(tampered)])
    assert result.exit_code == 1
    assert "INVALID" in result.output


def test_a_change_after_signing_is_reported(tmp_path: Path, certs: dict[str, Path]) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    _result, out = _letter(tmp_path, pkcs12=certs["self-signed"])
    writer = IncrementalPdfFileWriter(io.BytesIO(out.read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                map(generic.FloatObject, (50, 50, 250, 80))
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("I withdraw everything"),
        }
    )
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)
    changed = tmp_path / "changed.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    changed.write_bytes(buffer.getvalue())
    check = verify_pdf(changed.read_bytes())[0]
    assert check.intact and check.changed_after
    assert "not signed" not in _pdfsig(changed)
    assert "Total document signed" not in _pdfsig(changed)  # pdfsig sees it too
    result = CliRunner().invoke(cli, ["verify", str(changed)])
    assert result.exit_code == 1 and "CHANGED after signing" in result.output


def test_verify_not_a_pdf_or_not_signed(tmp_path: Path) -> None:
    text = tmp_path / "a.pdf"
    text.write_text("hello")
    result = CliRunner().invoke(cli, ["verify", str(text)])
    assert result.exit_code == 2 and "not a PDF" in result.stderr
    _result, unsigned = _letter(tmp_path)
    result = CliRunner().invoke(cli, ["verify", str(unsigned)])
    assert result.exit_code == 2 and "not signed" in result.stderr


@pytest.mark.parametrize(
    ("kind", "env", "message"),
    [
        # The answers are Italian: without --locale, messages follow their language.
        ("self-signed", {"OBJECTION_PKCS12_PASSWORD": "wrong"}, "La password di"),
        ("garbage", {}, "non è un file PKCS#12"),
        ("expired", {}, "è scaduto il"),
    ],
)
def test_certificate_problems_exit_2_and_write_nothing(
    tmp_path: Path, certs: dict[str, Path], kind: str, env: dict[str, str], message: str
) -> None:
    result, out = _letter(tmp_path, env=env, pkcs12=certs[kind])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not list(tmp_path.glob("*.part"))


def test_password_is_never_an_option_and_needs_env_without_a_terminal(
    tmp_path: Path, certs: dict[str, Path]
) -> None:
    answers = _answers_file(tmp_path, pkcs12=certs["self-signed"])
    runner = CliRunner()
    result = runner.invoke(cli, ["letter", "--answers", str(answers), "-o", "x.pdf"], env={})
    assert result.exit_code == 2
    assert "OBJECTION_PKCS12_PASSWORD" in result.output
    assert runner.invoke(cli, ["letter", "--password", "x"]).exit_code == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not an image at all", "is not a PNG, JPEG or SVG image"),
        (b"\x89PNG\r\n\x1a\n" + b"broken", "is not a PNG, JPEG or SVG image"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * (3 * 1024 * 1024), "use one under 2048 KB"),
    ],
)
def test_bad_signature_images(tmp_path: Path, content: bytes, message: str) -> None:
    image = tmp_path / "firma.png"
    image.write_bytes(content)
    result, out = _letter(tmp_path, image=image)
    assert result.exit_code == 2
    assert "signature.image" in result.stderr and message in result.stderr
    assert not out.exists()


def test_missing_signature_files(tmp_path: Path) -> None:
    result, _out = _letter(tmp_path, image="nowhere.png")
    assert result.exit_code == 2 and "nowhere.png does not exist" in result.stderr
    result, _out = _letter(tmp_path, pkcs12="nowhere.p12")
    assert result.exit_code == 2 and "signature.pkcs12" in result.stderr


def test_embed_answers(tmp_path: Path, certs: dict[str, Path]) -> None:
    result, out = _letter(tmp_path, "--embed-answers", pkcs12=certs["self-signed"])
    assert result.exit_code == 0, result.output
    listing = subprocess.run(
        ["pdfdetach", "-list", str(out)], capture_output=True, text=True
    ).stdout
    assert "answers.json" in listing
    subprocess.run(
        ["pdfdetach", "-save", "1", "-o", str(tmp_path / "a.json"), str(out)], check=True
    )
    saved = json.loads((tmp_path / "a.json").read_text("utf-8"))
    assert saved["person"]["name"] == "Maria Grazia Esposito"
    assert "pkcs12" not in saved["signature"]  # no local paths leave the machine
    assert _pdfa_id(out) and "Signature is Valid" in _pdfsig(out)


def test_the_key_is_loaded_once(certs: dict[str, Path]) -> None:
    first = load_signer(certs["self-signed"], PASSWORD.encode())
    assert load_signer(certs["self-signed"], PASSWORD.encode()) is first


def test_paths_are_relative_to_the_answers_file(
    tmp_path: Path, certs: dict[str, Path], signature_png: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "member"
    folder.mkdir()
    (folder / "firma.png").write_bytes(signature_png.read_bytes())
    (folder / "me.p12").write_bytes(certs["self-signed"].read_bytes())
    answers = _answers_file(folder, image="firma.png", pkcs12="me.p12")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(
        cli,
        ["letter", "--answers", str(answers), "-o", "x.pdf"],
        env={"OBJECTION_PKCS12_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert "Signature is Valid" in _pdfsig(elsewhere / "x.pdf")


def test_verifying_a_self_signed_letter_shows_no_traceback(
    tmp_path: Path, certs: dict[str, Path]
) -> None:
    """pyHanko logs a self-signed certificate with a traceback; verify says it in a sentence."""
    result, out = _letter(tmp_path, pkcs12=certs["self-signed"])
    assert result.exit_code == 0, result.output
    checked = subprocess.run(
        [sys.executable, "-m", "generator", "verify", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "self-signed" in checked.stdout
    assert "Traceback" not in checked.stderr and "WARNING" not in checked.stderr


def test_a_due_run_asks_a_certificates_password_once(
    tmp_path: Path, certs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``follow-up --due`` signs every reminder with the certificate the letters name: its
    password is asked once a command, not once a letter."""
    from test_after import made, member, run

    from generator.cli import passwords

    asked: list[Path] = []

    def password(path: Path) -> bytes:
        asked.append(path)
        return PASSWORD.encode() if isinstance(PASSWORD, str) else PASSWORD

    monkeypatch.setattr(passwords, "pkcs12_password", password)
    register = str(tmp_path / "r.sqlite")
    for n in (1, 2):
        data = member(email=f"p{n}@example.org", name=f"Persona {n}")
        data["signature"]["pkcs12"] = str(certs["ca-signed"])
        folder = tmp_path / str(n)
        folder.mkdir()
        reference = made(folder, data, register)
        sent = run("sent", reference, "--on", "2026-09-02", "--via", "pec", register=register)
        assert sent.exit_code == 0, sent.output
    asked.clear()  # each letter was a command of its own
    out = tmp_path / "out"
    due = run("follow-up", "--due", "--date", "2026-10-10", "--out", str(out), register=register)
    assert due.exit_code == 0, due.output
    assert len(list(out.glob("*-follow-up.pdf"))) == 2
    assert asked == [certs["ca-signed"]]
