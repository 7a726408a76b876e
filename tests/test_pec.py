"""PEC: sending from a PEC box (a local aiosmtpd server stands in for the provider), and the
provider's receipts read back: delivery, non-delivery, acceptance, another message's, one that
cannot be read, one changed after signing, one not signed.

The receipts follow the format of the PEC technical rules (tests/pec_receipts.py)."""

from __future__ import annotations

import datetime as dt
import email
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pec_receipts import Facts, Provider, provider, receipt
from test_after import _free_port, made, member, run

ROME = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture(scope="module")
def gestore() -> Provider:
    return provider()


@pytest.fixture
def letter(tmp_path: Path) -> tuple[str, str]:
    """A letter made and recorded as sent by PEC on 2 September 2026: (reference, register)."""
    register = str(tmp_path / "r.sqlite")
    reference = made(tmp_path, member(), register)
    result = run("sent", reference, "--on", "2026-09-02", "--via", "pec", register=register)
    assert result.exit_code == 0, result.output
    return reference, register


def _record(register: str, reference: str) -> Any:
    from generator.register.store import Register

    return Register(register).find(reference)


def _write(tmp_path: Path, data: bytes, name: str = "ricevuta.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _delivered(reference: str, **facts: Any) -> Facts:
    """Delivered at 00:15 Italian time on 3 September 2026: still 2 September in UTC."""
    moment = dt.datetime(2026, 9, 3, 0, 15, 32, tzinfo=ROME)
    return Facts(message_id=f"<17000.42.99.{reference}@objection.invalid>", moment=moment, **facts)


def test_a_delivery_receipt_records_the_day_of_receipt_and_keeps_the_receipt(
    tmp_path: Path, letter: tuple[str, str], gestore: Provider
) -> None:
    reference, register = letter
    data = receipt(_delivered(reference), gestore)
    result = run("sent", reference, "--receipt", str(_write(tmp_path, data)), register=register)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    # The day in the receipt's own zone (Italy), with the moment in UTC beside it.
    assert "3 settembre 2026 alle 00:15:32 (UTC+01:00; 2026-09-02 23:15:32 UTC)" in said
    assert "Gestore di Prova S.p.A." in said
    assert "firma S/MIME della ricevuta corrisponde al suo contenuto" in said
    assert "Non verificato" in said and "AgID" in said
    record = _record(register, reference)
    assert record.received_on == dt.date(2026, 9, 3) and record.sent_via == "pec"
    assert record.sent_on == dt.date(2026, 9, 2)
    kept = Path(record.proof_file)
    assert kept.parent == Path(record.file).parent and kept.read_bytes() == data
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    # The deadline runs from the day of delivery: the answer is due a month after it.
    from generator import standing
    from generator.deadlines import Receipt, answer_due
    from generator.facts.jurisdictions import jurisdiction_for

    law = jurisdiction_for("IT", None, "linkedin")
    state = standing(record, {}, dt.date(2026, 9, 10))
    assert state.due == answer_due(Receipt(dt.date(2026, 9, 3), recorded=True), law).day
    assert "Si considera ricevuta il 3 settembre 2026" in said


def test_a_receipt_records_an_unrecorded_sending_as_a_pec(
    tmp_path: Path, gestore: Provider
) -> None:
    register = str(tmp_path / "r.sqlite")
    reference = made(tmp_path, member(), register)
    path = _write(tmp_path, receipt(_delivered(reference), gestore))
    result = run("--locale", "en", "sent", reference, "--receipt", str(path), register=register)
    assert result.exit_code == 0, result.output
    assert "It was not recorded as sent" in result.stderr
    record = _record(register, reference)
    assert (record.sent_on, record.sent_via) == (dt.date(2026, 9, 3), "pec")


def test_a_receipt_of_non_delivery_changes_nothing(
    tmp_path: Path, letter: tuple[str, str], gestore: Provider
) -> None:
    reference, register = letter
    facts = _delivered(
        reference,
        kind="errore-consegna",
        error="no-dest",
        error_detail="5.1.1 - Utente inesistente",
    )
    path = _write(tmp_path, receipt(facts, gestore))
    result = run("--locale", "en", "sent", reference, "--receipt", str(path), register=register)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "could not be delivered to protocollo@pec.gpdp.it" in result.stderr
    assert "Utente inesistente" in result.stderr and "nothing was recorded" in result.stderr
    record = _record(register, reference)
    assert record.received_on is None and record.proof_file is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "accettazione"}, "is the acceptance receipt"),
        ({"other": True}, "is a receipt for another message (OBJ-20260901-ZZZZZZ)"),
        ({"xml": b"<postacert tipo='avvenuta-consegna'><intestazione>"}, "cannot be read"),
        ({"xml": b"<postacert tipo='x' errore='nessuno'/>"}, "cannot be read"),
        ({"plain": True}, "is not a PEC receipt"),
        ({"tamper": True}, "has been changed since its provider signed it"),
        ({"early": True}, "was delivered on 1 September 2026, before"),
    ],
)
def test_what_is_not_this_letters_delivery_receipt_is_refused(
    tmp_path: Path,
    letter: tuple[str, str],
    gestore: Provider,
    change: dict[str, Any],
    words: str,
) -> None:
    reference, register = letter
    facts = _delivered(reference)
    if "kind" in change:
        facts.kind = change["kind"]
    if change.get("early"):
        facts.moment = dt.datetime(2026, 9, 1, 9, 0, tzinfo=ROME)
    if change.get("other"):
        facts.message_id = "<1.2.3.OBJ-20260901-ZZZZZZ@objection.invalid>"
    if change.get("plain"):
        data = b"From: a@example.org\r\nSubject: CONSEGNA: x\r\n\r\nnot a receipt\r\n"
    else:
        data = receipt(facts, gestore, xml=change.get("xml"), tamper=change.get("tamper", False))
    path = _write(tmp_path, data)
    result = run("--locale", "en", "sent", reference, "--receipt", str(path), register=register)
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    record = _record(register, reference)
    assert record.received_on is None and record.proof_file is None
    assert not list(Path(record.file).parent.glob("*.pec-delivery.eml"))


def test_an_unsigned_receipt_is_recorded_and_said_to_prove_nothing(
    tmp_path: Path, letter: tuple[str, str]
) -> None:
    reference, register = letter
    path = _write(tmp_path, receipt(_delivered(reference), None))
    result = run("--locale", "en", "sent", reference, "--receipt", str(path), register=register)
    assert result.exit_code == 0, result.output
    assert "carries no S/MIME signature" in result.stderr
    assert _record(register, reference).received_on == dt.date(2026, 9, 3)


def test_a_receipt_without_our_message_id_matches_by_the_letter_it_carries(
    tmp_path: Path, letter: tuple[str, str], gestore: Provider
) -> None:
    """Sent from the member's own mail program: the complete receipt carries the original
    message, and with it the letter (the same SHA-256)."""
    reference, register = letter
    pdf = Path(_record(register, reference).file).read_bytes()
    original = email.message.EmailMessage()
    original["Subject"] = "Opposizione"
    original.set_content("In allegato.")
    original.add_attachment(pdf, maintype="application", subtype="pdf", filename="lettera.pdf")
    facts = _delivered(reference, original=bytes(original))
    facts.message_id = "<abc@mail.example.org>"
    path = _write(tmp_path, receipt(facts, gestore))
    assert run("sent", reference, "--receipt", str(path), register=register).exit_code == 0
    other = _delivered(reference)
    other.message_id = "<abc@mail.example.org>"
    path = _write(tmp_path, receipt(other, gestore), "other.eml")
    refused = run("--locale", "en", "sent", reference, "--receipt", str(path), register=register)
    assert refused.exit_code == 2 and "another message (Opposizione)" in refused.stderr


# --- sending from a PEC box ------------------------------------------------------------------


@pytest.fixture
def provider_smtp() -> Iterator[tuple[int, list[Any]]]:
    """A local SMTP server standing in for the member's PEC provider."""
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope)
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def _complaint(tmp_path: Path, register: str, reference: str, port: int, *extra: str) -> Any:
    run("sent", reference, "--on", "2026-09-02", "--via", "post", register=register)
    smtp = ("--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-security", "none")
    return run(
        "--locale",
        "en",
        "complaint",
        reference,
        "--date",
        "2026-10-20",
        "--out",
        str(tmp_path / "out"),
        "--send",
        *smtp,
        *extra,
        register=register,
    )


def test_a_complaint_sent_from_a_pec_box_is_a_pec_and_its_receipt_closes_the_loop(
    tmp_path: Path, provider_smtp: tuple[int, list[Any]], gestore: Provider
) -> None:
    port, received = provider_smtp
    register = str(tmp_path / "r.sqlite")
    reference = made(tmp_path, member(), register)
    result = _complaint(tmp_path, register, reference, port, "--pec-from", "maria@pec.example.it")
    assert result.exit_code == 0, result.output
    sent = email.message_from_bytes(received[0].content)
    assert received[0].mail_from == "maria@pec.example.it" == sent["From"]
    assert received[0].rcpt_tos == ["protocollo@pec.gpdp.it"]
    complaint = f"{reference}-C"
    assert _record(register, complaint).sent_via == "pec"
    # The provider's receipt quotes the Message-ID the message left with.
    facts = _delivered(complaint, sender="maria@pec.example.it")
    facts.message_id = sent["Message-ID"]
    facts.moment = dt.datetime.now(ROME).replace(microsecond=0)
    path = _write(tmp_path, receipt(facts, gestore))
    recorded = run("sent", complaint, "--receipt", str(path), register=register)
    assert recorded.exit_code == 0, recorded.output
    assert _record(register, complaint).received_on == facts.moment.date()


def test_only_pec_to_pec_is_called_a_pec(
    tmp_path: Path, provider_smtp: tuple[int, list[Any]]
) -> None:
    port, received = provider_smtp
    register = str(tmp_path / "r.sqlite")
    reference = made(tmp_path, member(), register)
    # From an ordinary box to the authority's PEC address: an e-mail, not a PEC.
    result = _complaint(tmp_path, register, reference, port)
    assert result.exit_code == 0, result.output
    assert received[0].mail_from == "mg.esposito@example.org"
    assert _record(register, f"{reference}-C").sent_via == "email"
    refused = _complaint(tmp_path, register, reference, port, "--via", "pec")
    assert refused.exit_code == 2
    assert re.search(r"Only a message from a PEC box to a PEC address is a PEC", refused.stderr)
    assert "--pec-from ADDRESS" in refused.stderr


# --- the web front's upload ------------------------------------------------------------------


def test_the_register_page_takes_a_pec_receipt_as_the_proof(
    tmp_path: Path, gestore: Provider, private_register: Path
) -> None:
    from starlette.testclient import TestClient
    from test_web import BASE, csrf, make_letter

    from generator import Register
    from generator.web import Settings, create_app

    settings = Settings(out_dir=tmp_path / "out", port=8765)
    with TestClient(create_app(settings), base_url=BASE) as client:
        client.get(f"/?token={settings.token}")
        make_letter(client, **{"signature.date": "2026-09-01"})
        record = next(Register(private_register).letters())
        form = {"csrf_token": csrf(client), "on": "2026-09-02", "via": "pec"}
        other = _delivered("OBJ-20260901-ZZZZZZ")
        refused = client.post(
            f"/register/{record.reference}/sent",
            data=form,
            files={"file": ("r.eml", receipt(other, gestore), "message/rfc822")},
        )
        assert "receipt for another message" in refused.text
        assert Register(private_register).find(record.reference).sent_on is None
        data = receipt(_delivered(record.reference), gestore)
        form["csrf_token"] = csrf(client)
        sent = client.post(
            f"/register/{record.reference}/sent",
            data=form,
            files={"file": ("ricevuta.eml", data, "message/rfc822")},
        )
        assert "delivered on 3 September 2026" in sent.text
    record = Register(private_register).find(record.reference)
    assert record.received_on == dt.date(2026, 9, 3) and record.sent_on == dt.date(2026, 9, 2)
    assert Path(record.proof_file).read_bytes() == data
    assert Path(record.proof_file).parent == Path(record.file).parent
