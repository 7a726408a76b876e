"""The evidence in one file: `objection evidence` packs a letter's files into one PDF/A-3 with
their SHA-256 and a timeline in UTC; `objection verify` checks each file and the signatures
inside. The attachments are read back with pypdf and poppler's pdfdetach (neither wrote them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pec_receipts import Facts, provider, receipt
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from test_after import member, run

from conftest import PASSWORD, pdf_text

ROME = dt.timezone(dt.timedelta(hours=1))
ENV = {"OBJECTION_PKCS12_PASSWORD": PASSWORD}


@pytest.fixture
def history(tmp_path: Path, certs: dict[str, Path]) -> dict[str, Any]:
    """A signed letter sent by PEC with its delivery receipt, refused, then reminded (a
    reminder sent with a proof): the register's record and the pack made of it."""
    register = str(tmp_path / "r.sqlite")
    data = member()
    data["signature"]["pkcs12"] = str(certs["self-signed"])
    answers = tmp_path / "answers.toml"
    from conftest import to_toml

    answers.write_text(to_toml(data), encoding="utf-8")
    out = tmp_path / "out"
    result = run("letter", "--answers", str(answers), "--out", str(out), register=register, env=ENV)
    assert result.exit_code == 0, result.output
    reference = re.search(r"OBJ-\d{8}-[A-Z0-9]{6}", result.stderr).group(0)  # type: ignore[union-attr]
    assert (
        run("sent", reference, "--on", "2026-09-02", "--via", "pec", register=register).exit_code
        == 0
    )
    facts = Facts(
        message_id=f"<1.2.3.{reference}@objection.invalid>",
        moment=dt.datetime(2026, 9, 3, 0, 15, 32, tzinfo=ROME),
    )
    ricevuta = tmp_path / "ricevuta.eml"
    ricevuta.write_bytes(receipt(facts, provider()))
    assert run("sent", reference, "--receipt", str(ricevuta), register=register).exit_code == 0
    follow_up = run(
        "follow-up",
        reference,
        "--date",
        "2026-10-10",
        "--out",
        str(out),
        register=register,
        env=ENV,
    )
    assert follow_up.exit_code == 0, follow_up.output
    proof = tmp_path / "follow-up-receipt.pdf"
    proof.write_bytes(b"%PDF-1.4 a postal receipt\n")
    sent = ("sent", f"{reference}-F", "--on", "2026-10-10", "--via", "post", "--proof", str(proof))
    assert run(*sent, register=register).exit_code == 0
    answer = tmp_path / "risposta.txt"
    answer.write_text("No.", encoding="utf-8")
    answered = ("answered", reference, "--on", "2026-10-20", "--outcome", "refused")
    assert run(*answered, "--file", str(answer), register=register).exit_code == 0
    pack = tmp_path / "prove.pdf"
    made_pack = run("evidence", reference, "-o", str(pack), register=register, env=ENV)
    assert made_pack.exit_code == 0, made_pack.output
    from generator.register.store import Register

    store = Register(register)
    return {
        "reference": reference,
        "register": register,
        "record": store.find(reference),
        "follow_up": store.find(f"{reference}-F"),
        "pack": pack,
        "said": made_pack.stderr,
    }


def test_the_pack_carries_the_registers_files_byte_for_byte(history: dict[str, Any]) -> None:
    record, follow_up, pack = history["record"], history["follow_up"], history["pack"]
    expected = {
        "1-letter.pdf": record.file,
        "2-proof-of-sending.eml": record.proof_file,
        "3-answer.txt": record.answer_file,
        "4-follow-up.pdf": follow_up.file,
        "5-follow-up-proof.pdf": follow_up.proof_file,
    }
    attached = PdfReader(pack).attachments
    assert set(attached) == {*expected, "evidence.json"}
    for name, path in expected.items():
        assert attached[name][0] == Path(path).read_bytes(), name
    manifest = json.loads(attached["evidence.json"][0])
    assert manifest["reference"] == history["reference"]
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert listed == {
        n: hashlib.sha256(Path(p).read_bytes()).hexdigest() for n, p in expected.items()
    }
    # The first page lists each file with its SHA-256.
    said = pdf_text(pack).replace(" ", "")  # a long name or digest wraps in its cell
    for name, digest in listed.items():
        assert name in said and digest in said, name
    assert "5 file allegati" in history["said"]


def test_poppler_reads_the_same_attachments(history: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "detached"
    folder.mkdir()
    subprocess.run(["pdfdetach", "-saveall", "-o", str(folder), str(history["pack"])], check=True)
    assert (folder / "1-letter.pdf").read_bytes() == Path(history["record"].file).read_bytes()


def test_the_timeline_is_the_registers_in_utc(history: dict[str, Any]) -> None:
    record = history["record"]
    said = pdf_text(history["pack"])
    made_at = record.made_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    assert f"Scritta {made_at}" in said
    assert "Inviata 2026-09-02 via PEC" in said
    # The moment of delivery from the kept receipt: 00:15:32 in Rome is 23:15:32 UTC the day before.
    assert (
        "Ricevuta 2026-09-02 23:15:32 UTC come dice la sua ricevuta PEC di avvenuta consegna"
        in said
    )
    from generator import standing

    due = standing(record, {}, dt.date(2026, 12, 1)).due
    # A month from 3 September is Saturday 3 October: the next working day (Reg. 1182/71).
    assert due == dt.date(2026, 10, 5) and f"Risposta attesa entro {due.isoformat()}" in said
    assert "Sollecito inviato 2026-10-10" in said
    assert "Risposta 2026-10-20 respinta" in said


def test_the_pack_is_tagged_pdfa3_with_fonts_embedded(history: dict[str, Any]) -> None:
    pack = history["pack"]
    fonts = subprocess.run(["pdffonts", str(pack)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts.stdout
    reader = PdfReader(pack)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    meta = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta
    # PDF/A-3: every embedded file is an associated file with its relationship.
    associated = [spec.get_object() for spec in root["/AF"]]
    assert {str(spec["/F"]) for spec in associated} == {*PdfReader(pack).attachments}
    assert len(PdfReader(pack).attachments) == 6
    assert all(spec["/AFRelationship"] == "/Supplement" for spec in associated)


def test_verify_checks_each_file_and_the_signatures_inside(history: dict[str, Any]) -> None:
    result = run("--locale", "en", "verify", str(history["pack"]))
    assert result.exit_code == 0, result.output
    assert "1-letter.pdf: intact: its SHA-256 is the one listed" in result.stdout
    # The pack's own signature, then the letter's and the reminder's.
    assert result.stdout.count("Signature 1 of 1") == 3
    own = result.stdout.split("The pack's own signature (it covers the list and every file in it):")
    assert len(own) == 2 and own[1].index("Signed by: Maria Grazia Esposito") < own[1].index(
        "1-letter.pdf"
    )
    assert "Document: intact: unchanged since it was signed" in own[1]
    assert "not signed" not in result.stdout


def test_the_pack_is_signed_as_the_letter_was(history: dict[str, Any]) -> None:
    """Signed with the letter's certificate (the answers the register kept): pdfsig and pyHanko
    validate the signature, which covers the whole file, and the pack stays PDF/A-3a with the
    signature field in its structure tree."""
    from test_accessibility import assert_signature_tagged

    from generator.signature.verify import verify_pdf
    from test_signing import _pdfa_id, _pdfsig

    pack = history["pack"]
    assert "firmato digitalmente da Maria Grazia Esposito" in history["said"]
    report = _pdfsig(pack)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report and "ETSI.CAdES.detached" in report
    assert "Signer Certificate Common Name: Maria Grazia Esposito" in report
    (check,) = verify_pdf(pack.read_bytes())
    assert check.holds and check.signer == "Maria Grazia Esposito"
    assert _pdfa_id(pack)
    assert_signature_tagged(pack)
    said = pdf_text(pack)
    assert "Firmato digitalmente da Maria Grazia Esposito" in said
    # The attachments are still the register's, read back after signing.
    attached = PdfReader(pack).attachments
    assert attached["1-letter.pdf"][0] == Path(history["record"].file).read_bytes()


def test_unsigned_stays_possible_and_verify_says_so(
    history: dict[str, Any], tmp_path: Path
) -> None:
    pack = tmp_path / "unsigned.pdf"
    made = run(
        "--locale", "en", "evidence", history["reference"], "-o", str(pack), "--unsigned",
        register=history["register"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "It is not signed" in made.stderr
    assert "does not contain any signatures" in _pdfsig_text(pack)
    result = run("--locale", "en", "verify", str(pack))
    assert result.exit_code == 0, result.output
    assert "The pack itself is not signed" in result.stdout
    assert result.stdout.count("Signature 1 of 1") == 2  # the letter and the reminder


def _pdfsig_text(path: Path) -> str:
    from test_signing import _pdfsig

    return " ".join(_pdfsig(path).split())


def _replaced(pack: Path, name: str, data: bytes, out: Path) -> Path:
    """The pack with the attachment ``name`` replaced by ``data`` (its list left as it was)."""
    writer = PdfWriter(clone_from=PdfReader(pack))
    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    for key, spec in zip(names[::2], names[1::2], strict=True):
        if key == name:
            stream = spec.get_object()["/EF"]["/F"].get_object()
            stream.set_data(data)
            params = stream.get("/Params")
            if params is not None:
                params.get_object()[NameObject("/Size")] = type(params["/Size"])(len(data))
    with out.open("wb") as fh:
        writer.write(fh)
    return out


def test_verify_reports_a_changed_attachment(history: dict[str, Any], tmp_path: Path) -> None:
    changed = _replaced(history["pack"], "3-answer.txt", b"Yes.", tmp_path / "changed.pdf")
    assert PdfReader(changed).attachments["3-answer.txt"][0] == b"Yes."
    result = run("--locale", "en", "verify", str(changed))
    assert result.exit_code == 1
    assert "3-answer.txt: CHANGED: its SHA-256 is not the one listed" in result.stdout
    assert "1-letter.pdf: intact" in result.stdout
    assert "the evidence does not hold" in result.stderr


def test_a_signed_pack_shows_a_list_swapped_with_its_files(
    history: dict[str, Any], tmp_path: Path
) -> None:
    """The attack an unsigned pack cannot show: a file replaced and the list made to match.
    The files then agree with the list, but the pack's own signature no longer holds."""
    swapped = _replaced(history["pack"], "3-answer.txt", b"Yes.", tmp_path / "swapped.pdf")
    manifest = json.loads(PdfReader(swapped).attachments["evidence.json"][0])
    for entry in manifest["files"]:
        if entry["name"] == "3-answer.txt":
            entry["sha256"] = hashlib.sha256(b"Yes.").hexdigest()
    listed = json.dumps(manifest, indent=2, sort_keys=True).encode()
    _replaced(swapped, "evidence.json", listed, swapped)
    result = run("--locale", "en", "verify", str(swapped))
    assert "3-answer.txt: intact: its SHA-256 is the one listed" in result.stdout
    own = result.stdout.split("The pack's own signature")[1].split("1-letter.pdf")[0]
    assert "Document: INVALID" in own
    assert result.exit_code == 1
    assert "the evidence does not hold" in result.stderr


def test_a_pack_signed_on_the_card(tmp_path: Path, token: Any) -> None:
    """The member's card signs the pack (--pkcs11-*, the PIN from the environment): pdfsig
    and pyHanko validate it, and verify reports it with its qualified-looking certificate."""
    from softhsm import LABEL, PIN

    from generator.signature.verify import verify_pdf
    from test_signing import _pdfsig

    card = ["--pkcs11-module", token.module, "--pkcs11-token", LABEL, "--pkcs11-key", "firma"]
    env = {"OBJECTION_PKCS11_PIN": PIN}
    register = str(tmp_path / "r.sqlite")
    answers = tmp_path / "answers.toml"
    from conftest import to_toml

    answers.write_text(to_toml(member()), encoding="utf-8")
    letter = run(
        "letter", "--answers", str(answers), "--out", str(tmp_path), *card,
        register=register, env=env,
    )  # fmt: skip
    assert letter.exit_code == 0, letter.output
    reference = re.search(r"OBJ-\d{8}-[A-Z0-9]{6}", letter.stderr).group(0)  # type: ignore[union-attr]
    assert (
        run("sent", reference, "--on", "2026-09-02", "--via", "pec", register=register).exit_code
        == 0
    )
    pack = tmp_path / "pack.pdf"
    made = run("evidence", reference, "-o", str(pack), *card, register=register, env=env)
    assert made.exit_code == 0, made.output
    assert PIN not in made.output
    assert "Signature Validation: Signature is Valid." in _pdfsig(pack)
    (check,) = verify_pdf(pack.read_bytes(), [token.ca_pem.read_bytes()])
    assert check.holds and check.trust == "trusted" and check.signer == "Mario Rossi"
    result = run("--locale", "en", "verify", str(pack), "--trust", str(token.ca_pem))
    assert result.exit_code == 0, result.output
    own = result.stdout.split("The pack's own signature")[1].split("1-letter.pdf")[0]
    assert "Signed by: Mario Rossi" in own and "Qualified: yes" in own


# --- the complaint attaches the pack --------------------------------------------------------


def _complaint(history: dict[str, Any], tmp_path: Path, *extra: str) -> tuple[Any, Path]:
    out = tmp_path / "complaint"
    result = run(
        "complaint", history["reference"], "--out", str(out), "--evidence", *extra,
        register=history["register"], env=ENV,
    )  # fmt: skip
    return result, out


def test_the_complaint_attaches_the_pack_instead_of_the_loose_files(
    history: dict[str, Any], tmp_path: Path
) -> None:
    result, out = _complaint(history, tmp_path)
    assert result.exit_code == 0, result.output
    (complaint,) = out.glob("*-complaint.pdf")
    pack = complaint.with_name(f"{complaint.stem}-evidence.pdf")
    assert f"anche in {pack}" in result.stderr and "5 file con il loro SHA-256" in result.stderr
    assert "Il fascicolo è firmato digitalmente da Maria Grazia Esposito" in result.stderr
    # Exactly one attachment: the pack, byte for byte the file written beside the complaint.
    attached = PdfReader(complaint).attachments
    assert list(attached) == ["1-evidence.pdf"]
    assert attached["1-evidence.pdf"] == [pack.read_bytes()]
    # The pack carries the register's files, byte for byte.
    record, follow_up = history["record"], history["follow_up"]
    expected = {
        "1-letter.pdf": record.file,
        "2-proof-of-sending.eml": record.proof_file,
        "3-answer.txt": record.answer_file,
        "4-follow-up.pdf": follow_up.file,
        "5-follow-up-proof.pdf": follow_up.proof_file,
    }
    inside = PdfReader(pack).attachments
    assert set(inside) == {*expected, "evidence.json"}
    for name, path in expected.items():
        assert inside[name] == [Path(path).read_bytes()], name
    # The complaint lists the pack and what it holds, each with its SHA-256, where it lists
    # its attachments, and finds the letter in it.
    said = " ".join(pdf_text(complaint).split())
    assert "(allegato 1, file 1-letter.pdf)" in said
    attachments = said.split("7. Allegati")[1]
    assert attachments.startswith(
        " 1. la documentazione relativa alla mia lettera, raccolta in un unico file PDF/A-3 "
        "firmato digitalmente (1-evidence.pdf) contenente i seguenti file, ciascuno con la "
        "relativa impronta SHA-256:"
    )
    compact = attachments.replace(" ", "")
    for name, path in expected.items():
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        assert f"{name}:" in compact and f"SHA-256{digest}" in compact, name
    assert "L'allegato 1 è incorporato nel presente file PDF" in said
    assert "copia del mio documento" not in said  # signed digitally: no identity document


def test_the_complaint_and_its_pack_are_both_signed(
    history: dict[str, Any], tmp_path: Path
) -> None:
    from test_signing import _pdfsig

    result, out = _complaint(history, tmp_path)
    assert result.exit_code == 0, result.output
    (complaint,) = out.glob("*-complaint.pdf")
    pack = tmp_path / "detached.pdf"
    pack.write_bytes(PdfReader(complaint).attachments["1-evidence.pdf"][0])
    for path in (complaint, pack):
        report = _pdfsig(path)
        assert "Signature Validation: Signature is Valid." in report, path
        assert "Signer Certificate Common Name: Maria Grazia Esposito" in report
    checked = run("--locale", "en", "verify", str(pack))
    assert checked.exit_code == 0, checked.output
    assert "The pack's own signature" in checked.stdout
    assert "5 files listed" in checked.stdout


def test_a_text_complaint_lists_the_pack_written_beside_it(
    history: dict[str, Any], tmp_path: Path
) -> None:
    result, out = _complaint(history, tmp_path, "--format", "txt")
    assert result.exit_code == 0, result.output
    (complaint,) = out.glob("*-complaint.txt")
    pack = complaint.with_name(f"{complaint.stem}-evidence.pdf")
    # Signed all the same: the text is not, the pack (a PDF) is.
    assert "Signature is Valid." in _pdfsig_text(pack)
    text = complaint.read_text("utf-8")
    digest = hashlib.sha256(Path(history["record"].file).read_bytes()).hexdigest()
    assert digest in text and "1-evidence.pdf" in text
    assert "incorporato" not in text  # a text carries no file: it is sent beside it
    refused = run(
        "complaint", history["reference"], "--evidence", "--format", "txt", "-o", "-",
        register=history["register"], env=ENV,
    )  # fmt: skip
    assert refused.exit_code == 2 and "--evidence" in refused.output


def test_without_evidence_the_complaint_attaches_the_loose_files(
    history: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "loose"
    result = run(
        "complaint", history["reference"], "--out", str(out),
        register=history["register"], env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (complaint,) = out.glob("*-complaint.pdf")
    assert len(PdfReader(complaint).attachments) == 5
    assert not list(out.glob("*-evidence.pdf"))


def test_complaints_due_attach_their_packs(history: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "due"
    result = run(
        "complaint", "--due", "--evidence", "--out", str(out),
        register=history["register"], env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (complaint,) = out.glob("*-complaint.pdf")
    pack = complaint.with_name(f"{complaint.stem}-evidence.pdf")
    assert PdfReader(complaint).attachments == {"1-evidence.pdf": [pack.read_bytes()]}
    assert "Signature is Valid." in _pdfsig_text(pack)
