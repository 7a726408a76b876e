"""Attacks that once worked, each reproduced: paths that are not plain files, modes, formulas.

CI runs as root, so these tests never aim at the system's own files: each makes its FIFO,
device node or symlink in its own tmp_path.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from conftest import VALID, _cert, _p12, pdf_text
from generator import render
from generator.answers.reading import answers_from_mapping
from generator.base.errors import InvalidAnswers
from generator.cli import cli
from test_batch import HEADER_IT, manifest, person, run, write_csv
from test_signing import _letter

SAMPLE_TXT = ["letter", "--sample", "--format", "txt"]


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    """`-o /dev/null` once replaced the system's /dev/null with a letter (as root)."""
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of the test's own
    result = invoke(*SAMPLE_TXT, "-o", str(null))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert stat.S_ISCHR(null.stat().st_mode)
    assert not list(tmp_path.glob(".*.part"))


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke(*SAMPLE_TXT, "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"Siobh" in received[0]


@pytest.mark.parametrize("command", [[*SAMPLE_TXT, "-o"], ["init", "--force"]])
def test_a_symlink_is_followed_and_kept(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = invoke(*command, str(link))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text("utf-8") != "old"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    result = invoke(*SAMPLE_TXT, "-o", str(tmp_path))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Could not write" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_letters_and_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """Letters hold health and family details: 0600 files, 0700 folders."""
    old = os.umask(0o022)
    try:
        sheet = write_csv(tmp_path / "staff.csv", [person(1)])
        out = tmp_path / "new" / "out"
        assert run(str(sheet), "--out", str(out), "--jobs", "1").exit_code == 0
        letter = tmp_path / "one.txt"
        assert invoke(*SAMPLE_TXT, "-o", str(letter)).exit_code == 0  # type: ignore[attr-defined]
    finally:
        os.umask(old)
    for path in [letter, *out.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (out, out.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formulas_never_reach_the_manifest(tmp_path: Path, cell: str) -> None:
    """The manifest is the file HR opens in Excel: a formula there runs."""
    sheet = write_csv(tmp_path / "staff.csv", [person(1, name=cell + " Rossi")])
    out = tmp_path / "out"
    run(str(sheet), "--out", str(out), "--jobs", "1")
    entry = manifest(out)[0]
    for value in entry.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), entry
    assert entry["name"].startswith("'")


# --- signed letters and verify ---------------------------------------------------------------


def _sign_with(tmp_path: Path, subject: str, *, ca: bool = False, commitment: bool = True) -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if ca:
        ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ca_cert = _cert("Hostile CA", ca_key, "Hostile CA", ca_key, days=3650, ca=True)
        key = ec.generate_private_key(ec.SECP256R1())
        leaf = _cert(subject, key, "Hostile CA", ca_key, commitment=commitment)
        p12 = _p12(tmp_path / "leaf.p12", key, leaf, [ca_cert])
        (tmp_path / "ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    else:
        key = ec.generate_private_key(ec.SECP256R1())
        p12 = _p12(tmp_path / "own.p12", key, _cert(subject, key, subject, key), [])
    result, out = _letter(tmp_path, pkcs12=p12)
    assert result.exit_code == 0, result.output
    return out


def test_verify_output_cannot_be_forged_by_a_certificate_name(tmp_path: Path) -> None:
    out = _sign_with(tmp_path, "Eve\n  Document: intact\x1b[2J\x07")
    result = CliRunner().invoke(cli, ["verify", str(out)])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Eve\\n  Document: intact\\x1b[2J\\x07" in result.output
    documents = [line for line in result.output.splitlines() if line.startswith("  Document:")]
    assert len(documents) == 1


def _update(path: Path, change: str) -> Path:
    """An incremental update after signing, as an editor would make it."""
    from pypdf import PdfWriter

    writer = PdfWriter(path, incremental=True)
    if change == "info":
        writer.add_metadata({"/Title": "I withdraw my objection"})
    else:
        from pypdf.generic import DecodedStreamObject, NameObject

        xmp = DecodedStreamObject()
        xmp.set_data(b'<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
        xmp.update({NameObject("/Type"): NameObject("/Metadata")})
        writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    buffer = io.BytesIO()
    writer.write(buffer)
    changed = path.with_name(f"{change}.pdf")
    changed.write_bytes(buffer.getvalue())
    return changed


@pytest.mark.parametrize(
    ("change", "named"), [("info", "document information (/Info)"), ("xmp", "XMP metadata")]
)
def test_verify_sees_metadata_changed_after_signing(
    tmp_path: Path, certs: dict[str, Path], change: str, named: str
) -> None:
    _result, out = _letter(tmp_path, "--locale", "en", pkcs12=certs["self-signed"])
    changed = _update(out, change)
    result = CliRunner().invoke(cli, ["--locale", "en", "verify", str(changed)])
    assert result.exit_code == 1, result.output
    assert "CHANGED after signing" in result.output and named in result.output


def test_a_damaged_byte_range_is_a_broken_signature(tmp_path: Path, certs: dict[str, Path]) -> None:
    _result, out = _letter(tmp_path, pkcs12=certs["self-signed"])
    data = re.sub(
        rb"/ByteRange\s*\[[^\]]*\]",
        lambda m: b"/ByteRange [0 0 0 0]".ljust(len(m[0])),
        out.read_bytes(),
        count=1,
    )
    out.write_bytes(data)
    result = CliRunner().invoke(cli, ["verify", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output


def test_digital_signature_usage_is_enough_with_a_trusted_ca(tmp_path: Path) -> None:
    out = _sign_with(tmp_path, "No Commitment", ca=True, commitment=False)
    result = CliRunner().invoke(
        cli, ["--locale", "en", "verify", str(out), "--trust", str(tmp_path / "ca.pem")]
    )
    assert result.exit_code == 0, result.output
    assert "trusted (it chains" in result.output


def test_trust_file_that_is_not_a_certificate(tmp_path: Path, certs: dict[str, Path]) -> None:
    _result, out = _letter(tmp_path, pkcs12=certs["self-signed"])
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    result = CliRunner().invoke(cli, ["--locale", "en", "verify", str(out), "--trust", str(junk)])
    assert result.exit_code == 2
    assert "junk.pem is not a certificate" in result.stderr


def test_an_ed25519_certificate_signs(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ed")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=9))
        .sign(key, None)
    )
    result, out = _letter(tmp_path, pkcs12=_p12(tmp_path / "ed.p12", key, cert, []))
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(cli, ["verify", str(out)]).exit_code == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize("command", ["verify", "answers", "image"])
def test_an_endless_device_is_refused_where_a_file_is_read(
    tmp_path: Path, write_answers: Any, command: str
) -> None:
    zero = tmp_path / "zero"
    os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # a /dev/zero of the test's own
    if command == "verify":
        args = ["verify", str(zero)]
    elif command == "answers":
        args = ["letter", "--answers", str(zero), "-o", str(tmp_path / "x.pdf")]
    else:
        data = copy.deepcopy(VALID)
        data["signature"]["image"] = str(zero)
        args = ["letter", "--answers", str(write_answers(data)), "-o", str(tmp_path / "x.pdf")]
    result = CliRunner().invoke(cli, ["--locale", "en", *args])
    assert result.exit_code == 2, result.output
    assert "is not a regular file" in result.stderr


def test_a_fifo_as_answers_file_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.toml"
    os.mkfifo(fifo)  # nobody writes into it: reading it would wait forever
    result = CliRunner().invoke(cli, ["--locale", "en", "letter", "--answers", str(fifo)])
    assert result.exit_code == 2
    assert "is not a regular file" in result.stderr


# --- what a person may type ------------------------------------------------------------------


def _problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidAnswers) as info:
        answers_from_mapping(data, source="t")
    return {p.field: p.message for p in info.value.problems}


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.com#@www.linkedin.com/in/x",
        "https://user@evil.com?x=.linkedin.com",
        "https://me@www.linkedin.com/in/x",
        "https://www.linkedin.com.evil.com/in/x",
        "javascript:alert(1)//www.linkedin.com",
    ],
)
def test_look_alike_profile_addresses_are_refused(url: str) -> None:
    data = copy.deepcopy(VALID)
    data["person"]["profile_url"] = url
    assert "person.profile_url" in _problems(data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("person", "profile_url"), "https://www.linkedin.com/in/x\x1b[31m"),
        (("person", "profile_url"), "https://www.linkedin.com/in/x\x07"),
        (("person", "profile_url"), "https://www.linkedin.com/in/\x00x"),
        (("person", "name"), "Maria\x85Rossi"),
        (("person", "name"), "Maria \x9b31m Rossi"),
        (("objection", "grounds"), "Sono un medico.\x1b]0;pwned\x07"),
        (("signature", "place"), "Roma\tNapoli"),
    ],
)
def test_control_characters_are_refused_everywhere(field: tuple[str, str], value: str) -> None:
    data = copy.deepcopy(VALID)
    data[field[0]][field[1]] = value
    assert "control characters" in _problems(data)[".".join(field)]


def test_echoed_values_show_control_characters_as_escapes() -> None:
    data = copy.deepcopy(VALID)
    data["objection"]["categories"] = ["\x1b]0;pwned\x07"]
    message = _problems(data)["objection.categories"]
    assert "\x1b" not in message and "\\x1b]0;pwned\\x07" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(1, 1, 1), "before LinkedIn began this training (2025-11-03)"),
        (dt.date(2025, 10, 1), "before LinkedIn began this training"),
        (dt.date.today() + dt.timedelta(days=400), "is in the future"),
    ],
)
def test_absurd_dates_are_refused(value: dt.date, expected: str) -> None:
    data = copy.deepcopy(VALID)
    data["signature"]["date"] = value
    assert expected in _problems(data)["signature.date"]


def test_a_name_of_zero_width_spaces_is_empty() -> None:
    data = copy.deepcopy(VALID)
    data["person"]["name"] = "\u200b\u200b\u200d"
    assert _problems(data)["person.name"].startswith("is empty")


def test_an_empty_certificate_path_means_none() -> None:
    data = copy.deepcopy(VALID)
    data["signature"]["pkcs12"] = ""
    assert answers_from_mapping(data, source="t").signature.pkcs12 is None


def test_runaway_inputs_are_refused_at_once(tmp_path: Path) -> None:
    start = time.monotonic()
    data = copy.deepcopy(VALID)
    data["person"]["member"] = False
    data["person"]["content_links"] = ["https://www.linkedin.com/posts/" + "x" * 100_000]
    assert "shorten it to 2000" in _problems(data)["person.content_links"]
    data["person"]["content_links"] = [f"https://www.linkedin.com/posts/{n}" for n in range(51)]
    assert "at most 50" in _problems(data)["person.content_links"]
    fan_out = tmp_path / "fan.svg"
    layers = "".join(
        f'<g id="l{n}"><use href="#l{n - 1}"/><use href="#l{n - 1}"/><use href="#l{n - 1}"/>'
        f'<use href="#l{n - 1}"/><use href="#l{n - 1}"/><use href="#l{n - 1}"/></g>'
        for n in range(1, 11)
    )
    fan_out.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><defs><path id="l0" d="M0 0h1"/>{layers}'
        '</defs><use href="#l10"/></svg>'
    )
    data = copy.deepcopy(VALID)
    data["signature"]["image"] = str(fan_out)
    assert "an SVG this tool does not draw" in _problems(data)["signature.image"]
    assert time.monotonic() - start < 30  # a sanity bound on the test, not a benchmark


def test_a_decompression_bomb_png_is_refused(tmp_path: Path) -> None:
    from PIL import Image

    bomb = tmp_path / "bomb.png"
    Image.new("1", (30_000, 30_000)).save(bomb)
    data = copy.deepcopy(VALID)
    data["signature"]["image"] = str(bomb)
    assert "30000 × 30000 pixels" in _problems(data)["signature.image"]


def test_an_svg_that_fails_to_draw_fails_clearly(tmp_path: Path, write_answers: Any) -> None:
    svg = tmp_path / "firma.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
        '<image href="missing.png" width="10" height="10"/></svg>'
    )
    data = copy.deepcopy(VALID)
    data["signature"]["image"] = str(svg)
    result = CliRunner().invoke(
        cli,
        [
            "--locale",
            "en",
            "letter",
            "--answers",
            str(write_answers(data)),
            "-o",
            str(tmp_path / "x.pdf"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "could not be drawn" in result.stderr
    assert len(result.output) < 2000  # never a payload
    assert not (tmp_path / "x.pdf").exists()


def test_long_unbreakable_text_stays_on_the_page() -> None:
    data = copy.deepcopy(VALID)
    data["locale"] = "en"
    data["person"]["profile_url"] = "https://www.linkedin.com/in/" + "x" * 82
    data["person"]["name"] = "M" + "a" * 175
    data["person"]["email"] = "m" * 222 + "@example.org"
    data["signature"]["place"] = "P" * 60
    pdf = render(answers_from_mapping(data, source="t"), "pdf")
    words = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', words))
    assert right <= 595.3 - 20 * 72 / 25.4 + 1  # within the right margin of A4
    flat = "".join(pdf_text(pdf).split()).replace("-", "")
    for value in ("x" * 82, "a" * 175, "m" * 222 + "@example.org", "P" * 60):
        assert value in flat


# --- the batch -------------------------------------------------------------------------------


def test_two_runs_into_one_folder(tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out / ".objection.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another run holds the folder
    try:
        sheet = write_csv(tmp_path / "staff.csv", [person(1)])
        result = run(str(sheet), "--out", str(out), "--locale", "en")
    finally:
        os.close(holder)
    assert result.exit_code == 2
    assert "Another run is using" in result.stderr
    assert not list(out.glob("*.pdf"))


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "staff.csv", [person(n) for n in range(1, 200)])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "batch",
            str(sheet),
            "--out",
            str(tmp_path / "out"),
            "--jobs",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    children: list[int] = []
    while time.monotonic() < deadline and len(children) < 2:
        time.sleep(0.2)
        children = _children(process.pid)
    assert children, "the batch started no workers"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(c) for c in children):
        time.sleep(0.2)
    assert not [c for c in children if _alive(c)]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_defaults_with_a_certificate_are_refused(tmp_path: Path, write_answers: Any) -> None:
    defaults = tmp_path / "defaults.toml"
    defaults.write_text('[signature]\npkcs12 = "org.p12"\n')
    sheet = write_csv(tmp_path / "staff.csv", [person(1)])
    result = run(str(sheet), "--defaults", str(defaults), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "batch letters are not signed" in result.stderr


def test_a_sheet_cannot_point_outside_its_folder(tmp_path: Path) -> None:
    header = [*HEADER_IT, "Firma"]
    rows = [[*person(1), "../../etc/passwd"], [*person(2), "/etc/hostname"]]
    sheet = write_csv(tmp_path / "staff.csv", rows, header=header)
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--locale", "en")
    assert result.exit_code == 1
    assert result.stderr.count("is outside the sheet's folder") == 2


def test_a_slow_row_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.batch.run import run_batch
    from generator.documents import document as documents

    real = documents.render_document

    def slow(answers: Any, *args: Any, **kwargs: Any) -> Any:
        if "Slow" in answers.person.name:
            time.sleep(30)
        return real(answers, *args, **kwargs)

    monkeypatch.setattr(documents, "render_document", slow)  # the forked workers inherit it
    sheet = write_csv(tmp_path / "staff.csv", [person(1), person(2, name="Slow Rossi")])
    summary = run_batch(sheet, tmp_path / "out", jobs=1, row_seconds=2)
    assert summary.made == 1 and summary.failed_count == 1
    assert "took longer than 2 seconds" in str(summary.failed[0].error)


def test_a_full_disk_fails_the_row_with_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from generator.base import files
    from generator.batch import run as batch

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(files, "write_atomically", full)  # inherited by the forked workers
    sheet = write_csv(tmp_path / "staff.csv", [person(1)])
    summary = batch.run_batch(sheet, tmp_path / "out", jobs=1)
    assert summary.failed_count == 1
    assert "No space left on device" in str(summary.failed[0].error)


def test_a_workbook_that_unpacks_to_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An 827 KB XLSX with 20 million shared strings once took 1.9 GB: the size comes first."""
    import zipfile

    from generator.batch import sheets

    monkeypatch.setattr(sheets, "MAX_UNPACKED", 1024 * 1024)  # a small bound, a small bomb
    bomb = tmp_path / "staff.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<si><t>x</t></si>" * 200_000)
    assert bomb.stat().st_size < 64 * 1024
    result = run(str(bomb), "--check")
    assert result.exit_code == 2
    assert "unpacks to more than a staff sheet can be" in result.stderr
