"""After the letter: answered, follow-up, complaint, access; e-mail; campaigns; the register on
SQLite and on a real PostgreSQL server; two processes updating one campaign."""

from __future__ import annotations

import copy
import csv
import email
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import VALID, pdf_text, to_toml
from generator.cli import cli

# --- a real PostgreSQL server, started for the session ----------------------------------------


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return candidates[0].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server of our own (initdb and pg_ctl in a temporary folder), on a Unix
    socket; as root, the server runs as the postgres user (it refuses root), in a folder of
    its own that it can reach (pytest's temporary folders are root's alone)."""
    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install postgresql (.ci/run)")
        pytest.skip("PostgreSQL is not installed (Debian: postgresql)")
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="objection-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        for path in (base, sock):
            os.chown(path, user.pw_uid, user.pw_gid)
        base.chmod(0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "objection"],
        check=True,
        capture_output=True,
    )
    # One role logs in with a password (tests/test_harden.py: a password is never printed).
    hba = data / "pg_hba.conf"
    hba.write_text("local all alice scram-sha-256\n" + hba.read_text())
    options = f"-k {sock} -p {port} -c listen_addresses=''"
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(base / "log"),
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://objection@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The register on SQLite (a file of the test's own) or PostgreSQL (a schema emptied)."""
    if request.param == "sqlite":
        yield str(tmp_path / "shared" / "register.sqlite")
        return
    url = request.getfixturevalue("postgres_url")
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS letters, alembic_version"))
    engine.dispose()
    yield url


# --- helpers ------------------------------------------------------------------------------


def member(country: str = "IT", locale: str = "it", **person: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    data["locale"] = locale
    data["person"]["country"] = country
    data["person"].update(person)
    data["signature"]["date"] = "2026-09-01"
    return data


def run(*args: str, register: str | None = None, env: dict[str, str] | None = None) -> Any:
    """The CLI, in-process; stdout and stderr apart."""
    result = CliRunner().invoke(
        cli, [*(["--register", register] if register else []), *args], env=env
    )
    return result


def as_text(command: str, *args: str, out: Path, register: str | None = None) -> Any:
    """``command`` writing plain text into ``out``."""
    return run(command, *args, "--format", "txt", "--out", str(out), register=register)


def made(tmp_path: Path, data: dict[str, Any], register: str, *extra: str) -> str:
    """Make the letter of ``data``; its reference."""
    answers = tmp_path / "answers.toml"
    answers.write_text(to_toml(data), encoding="utf-8")
    out = tmp_path / "out"
    result = run("letter", "--answers", str(answers), "--out", str(out), *extra, register=register)
    assert result.exit_code == 0, result.output
    found = re.search(r"OBJ-\d{8}-[A-Z0-9]{6}", result.stderr)
    assert found, result.stderr
    return found.group(0)


# --- the whole chain ------------------------------------------------------------------------


def test_italian_member_letter_sent_overdue_follow_up_complaint(
    tmp_path: Path, register_url: str
) -> None:
    out = tmp_path / "out"
    reference = made(tmp_path, member(), register_url)
    proof = tmp_path / "ricevuta-pec.eml"
    proof.write_bytes(b"From: posta-certificata@pec.example\r\n\r\nRicevuta di consegna\r\n")
    sent = run(
        "sent",
        reference,
        "--on",
        "2026-09-02",
        "--via",
        "pec",
        "--proof",
        str(proof),
        register=register_url,
    )
    assert sent.exit_code == 0, sent.output
    # The letter is Italian: so is what `sent` says of it, without --locale.
    assert "Registrato:" in sent.stderr and "(PEC)" in sent.stderr, sent.stderr
    assert "marzo" not in sent.stderr and "ottobre 2026" in sent.stderr, sent.stderr

    early = run(
        "follow-up", reference, "--date", "2026-09-20", "--out", str(out), register=register_url
    )
    assert early.exit_code == 2
    assert "2 ottobre 2026" in early.stderr and "Traceback" not in early.output

    text = as_text("follow-up", reference, "--date", "2026-10-10", out=out, register=register_url)
    assert text.exit_code == 0, text.output
    reminder = next(out.glob("*-follow-up.txt")).read_text("utf-8")
    flat = " ".join(reminder.split())
    assert "Oggetto: Sollecito" in flat
    assert f"rif. {reference}" in flat and "2 settembre 2026" in flat and "PEC" in flat
    assert "art. 12, par. 3, RGPD" in flat and "2 ottobre 2026" in flat
    # 14 days to answer the reminder: the 24th a Saturday, the 26th a bank holiday in Ireland.
    assert "27 ottobre 2026" in flat
    assert "Garante per la protezione dei dati personali" in flat
    assert f"Rif. {reference}-F" in flat
    pdf = run(
        "follow-up", reference, "--date", "2026-10-10", "--out", str(out), register=register_url
    )
    assert pdf.exit_code == 0, pdf.output
    assert "Sollecito" in pdf_text(next(out.glob("*-follow-up.pdf")))
    assert (
        run(
            "sent", f"{reference}-F", "--on", "2026-10-10", "--via", "pec", register=register_url
        ).exit_code
        == 0
    )

    complaint = run(
        "complaint", reference, "--date", "2026-10-30", "--out", str(out), register=register_url
    )
    assert complaint.exit_code == 0, complaint.output
    assert "protocollo@pec.gpdp.it" in complaint.stderr  # where it goes
    path = next(out.glob("*-complaint.pdf"))
    said = pdf_text(path)
    assert "Reclamo ai sensi dell'art. 77 RGPD e degli artt. 140-bis" in said
    for part in (
        "1. Chi presenta il reclamo",
        "3. I fatti",
        "4. Le norme violate",
        "5. Le richieste",
        "non aver adito l'autorità giudiziaria",
        "7. Allegati",
    ):
        assert part in said, part
    reader = PdfReader(path)
    attached = sorted(reader.attachments)
    assert attached == ["1-letter.pdf", "2-proof-of-sending.eml", "3-follow-up.pdf"]
    assert reader.attachments["2-proof-of-sending.eml"][0] == proof.read_bytes()
    assert "/StructTreeRoot" in reader.trailer["/Root"]

    status = run("status", "--csv", register=register_url)
    row = next(iter(csv.DictReader(status.stdout.splitlines())))
    assert row["follow_up"] == "2026-10-10" and row["complaint"] == "2026-10-30"


def test_uk_member_chain_cites_article_12a_and_section_164a(
    tmp_path: Path, register_url: str
) -> None:
    out = tmp_path / "out"
    data = member("GB", "en", postal_address="1 High Street\nLondon SW1A 1AA")
    reference = made(tmp_path, data, register_url)
    posted = run("sent", "--on", "2026-09-01", "--via", "post", register=register_url)
    assert posted.exit_code == 0, posted.output
    # Posted to California, the day of delivery unknown: three weeks, counted generously.
    assert "on or about 22 September 2026" in posted.stderr
    assert "22 October 2026 at the latest" in posted.stderr
    early = run("follow-up", "--date", "2026-10-05", register=register_url)
    assert early.exit_code == 2 and "22 October 2026 at the latest" in early.stderr
    # The tracking says it arrived on 4 September: the month runs from then.
    got = run("sent", reference, "--received", "2026-09-04", register=register_url)
    assert got.exit_code == 0, got.output
    assert "received on 4 September 2026" in got.stderr and "due by 5 October 2026" in got.stderr

    follow = as_text("follow-up", "--date", "2026-10-06", out=out, register=register_url)
    assert follow.exit_code == 0, follow.output
    flat = " ".join(next(out.glob("*-follow-up.txt")).read_text("utf-8").split())
    assert "You received it on 4 September 2026." in flat
    assert "Under Articles 12(3) and 12A UK GDPR you had to reply" in flat
    assert "that is by 5 October 2026," in flat  # the 4th a Sunday
    # The reminder is the complaint to the controller, naming what it infringed.
    assert "This reminder is also a complaint to you under section 164A" in flat
    assert "Article 18(1)(d) UK GDPR, by not restricting" in flat
    assert "(section 165 of the Data Protection Act 2018)" in flat
    assert "Information Commissioner's Office" in flat or "Information Commissioner’s" in flat

    answer = tmp_path / "linkedin-answer.pdf"
    answer.write_bytes(b"%PDF-1.4 the controller's refusal")
    answered = run(
        "answered",
        reference,
        "--on",
        "2026-10-20",
        "--outcome",
        "refused",
        "--file",
        str(answer),
        register=register_url,
    )
    assert answered.exit_code == 0, answered.output
    reminded = run(
        "sent", f"{reference}-F", "--on", "2026-10-06", "--via", "email", register=register_url
    )
    assert reminded.exit_code == 0, reminded.output
    again = run("follow-up", reference, "--date", "2026-10-21", register=register_url)
    assert again.exit_code == 2 and "complaint" in again.stderr
    complaint = as_text(
        "complaint", reference, "--date", "2026-10-21", out=out, register=register_url
    )
    assert complaint.exit_code == 0, complaint.output
    said = " ".join(next(out.glob("*-complaint.txt")).read_text("utf-8").split())
    assert "Complaint under section 165 of the Data Protection Act 2018" in said
    assert "Article 77" not in said
    assert "refusing my objection" in said and "Article 12(4) UK GDPR" in said
    # In the order it happened: the reminder, then the refusal (not "also unanswered").
    assert said.index("On 6 October 2026 I sent a reminder") < said.index("refusing my objection")
    assert "also went unanswered" not in said
    reminder = "My reminder of 6 October 2026 was also a complaint to the controller under section"
    assert f"{reminder} 164A of the Data Protection Act 2018" in said
    assert "section 149 of the Data Protection Act 2018" in said
    assert "ico.org.uk/make-a-complaint" in complaint.stderr
    assert "2. the answer to my letter" in said
    pdf = run(
        "complaint", reference, "--date", "2026-10-21", "--out", str(out), register=register_url
    )
    assert pdf.exit_code == 0, pdf.output
    reader = PdfReader(next(out.glob("*-complaint.pdf")))
    assert sorted(reader.attachments) == ["1-letter.pdf", "2-answer.pdf", "3-follow-up.txt"]
    assert reader.attachments["2-answer.pdf"][0] == answer.read_bytes()


def test_upheld_letters_have_nothing_to_follow(tmp_path: Path) -> None:
    register = str(tmp_path / "r.sqlite")
    reference = made(tmp_path, member(), register)
    assert (
        run(
            "answered", reference, "--on", "2026-09-10", "--outcome", "upheld", register=register
        ).exit_code
        == 0
    )
    for command in ("follow-up", "complaint"):
        result = run(command, reference, "--date", "2026-11-29", register=register)
        assert result.exit_code == 2 and "accolta" in result.stderr  # upheld, in Italian


# --- access, for every regime -----------------------------------------------------------------

ACCESS = {
    "IT": ("it", ["(art. 15 RGPD)", "Microsoft", "art. 15, par. 3, RGPD", "art. 12, par. 3, RGPD"]),
    "IE": ("en", ["Article 15 GDPR", "Microsoft", "Article 15(1)(c) GDPR", "Article 12(3) GDPR"]),
    "GB": ("en", ["Article 15 UK GDPR", "Articles 12(3) and 12A UK GDPR", "balancing test"]),
    "CH": ("en", ["Article 25 FADP and Article 15 GDPR", "Article 25(7) FADP", "30 days"]),
    "HK": ("en", ["section 18(1) PDPO", "section 19(1) PDPO", "40 days"]),
}


@pytest.mark.parametrize("country", sorted(ACCESS))
def test_access_request_in_every_regime(tmp_path: Path, country: str) -> None:
    locale, expected = ACCESS[country]
    data = member(country, locale)
    answers = tmp_path / "answers.toml"
    answers.write_text(to_toml(data), encoding="utf-8")
    out = tmp_path / "out"
    result = as_text("access", "--answers", str(answers), out=out)
    assert result.exit_code == 0, result.output
    flat = " ".join(next(out.glob("*-access.txt")).read_text("utf-8").split())
    for phrase in expected:
        assert phrase in flat, phrase
    assert "3 novembre 2025" in flat or "3 November 2025" in flat
    if country == "HK":  # the PCPD's form, which a data user may insist on
        assert "section 20(3)(e) PDPO" in result.stderr and "OPS003" in result.stderr


def test_output_option_works_like_the_letters(tmp_path: Path) -> None:
    """follow-up -o f.txt, complaint -o c.pdf, access -o -: the suffix chooses the format, - is
    standard output (nothing recorded); a contradiction or -o with --due is refused."""
    register = str(tmp_path / "r.sqlite")
    reference = made(tmp_path, member(), register)
    sent = run("sent", reference, "--on", "2026-09-02", "--via", "pec", register=register)
    assert sent.exit_code == 0, sent.output
    reminder = tmp_path / "f.txt"
    done = run(
        "follow-up", reference, "--date", "2026-10-10", "-o", str(reminder), register=register
    )
    assert done.exit_code == 0, done.output
    assert "Sollecito" in reminder.read_text("utf-8") and str(reminder) in done.stderr
    assert not list((tmp_path / "out").glob("*-follow-up.*"))
    run("sent", f"{reference}-F", "--on", "2026-10-10", "--via", "pec", register=register)

    complaint = tmp_path / "c.pdf"
    done = run(
        "complaint", reference, "--date", "2026-10-30", "-o", str(complaint), register=register
    )
    assert done.exit_code == 0, done.output
    assert "Reclamo" in pdf_text(complaint)

    answers = tmp_path / "answers.toml"
    streamed = run("access", "--answers", str(answers), "-o", "-", "--format", "txt")
    assert streamed.exit_code == 0, streamed.stderr
    assert "art. 15" in streamed.stdout
    assert "Ho scritto" not in streamed.stderr
    assert not list((tmp_path / "out").glob("*-access.*"))

    clash = run("access", "--answers", str(answers), "-o", "a.pdf", "--format", "txt")
    assert clash.exit_code == 2 and "disagree" in clash.stderr
    due = run("follow-up", "--due", "-o", "x.txt", register=register)
    assert due.exit_code == 2 and "-o" in due.stderr


def test_letter_with_access_asks_inside_the_objection(tmp_path: Path) -> None:
    register = str(tmp_path / "r.sqlite")
    made(tmp_path, member(), register, "--with-access")
    said = pdf_text(next((tmp_path / "out").glob("*.pdf")))
    assert "art. 21, par. 1, RGPD" in said
    assert "Chiedo a codesta Società di comunicarmi (art. 15 RGPD)" in said


# --- e-mail ---------------------------------------------------------------------------------


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[Any]]]:
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


def test_complaint_as_eml_and_sent_through_smtp(
    tmp_path: Path, smtp_server: tuple[int, list[Any]]
) -> None:
    port, received = smtp_server
    register = str(tmp_path / "r.sqlite")
    out = tmp_path / "out"
    reference = made(tmp_path, member(), register)
    run("sent", "--on", "2026-09-02", "--via", "post", register=register)
    result = run(
        "complaint",
        reference,
        "--date",
        "2026-10-20",
        "--out",
        str(out),
        "--eml",
        "--send",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        "--smtp-security",
        "none",
        register=register,
    )
    assert result.exit_code == 0, result.output
    draft = email.message_from_bytes(next(out.glob("*-complaint.eml")).read_bytes())
    assert draft["To"] == "protocollo@pec.gpdp.it" and draft["X-Unsent"] == "1"
    pdfs = [p for p in draft.walk() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_payload(decode=True).startswith(b"%PDF")
    assert len(received) == 1 and received[0].rcpt_tos == ["protocollo@pec.gpdp.it"]
    sent = email.message_from_bytes(received[0].content)
    assert "X-Unsent" not in sent and "Reclamo" in str(
        email.header.make_header(email.header.decode_header(sent["Subject"]))
    )
    row = [r for r in csv.DictReader(run("status", "--csv", register=register).stdout.splitlines())]
    assert row[0]["complaint"] == "2026-10-20"
    from generator.register.store import Register

    # From an ordinary box to the authority's PEC address: an e-mail (tests/test_pec.py sends
    # one from a PEC box).
    assert Register(register).find(f"{reference}-C").sent_via == "email"


def _access_sent(tmp_path: Path, *smtp: str, env: dict[str, str] | None = None) -> Any:
    """An Irish member's access request, sent by e-mail to a DPO address."""
    answers = tmp_path / "answers.toml"
    answers.write_text(to_toml(member("IE", "en")), encoding="utf-8")
    out = str(tmp_path / "out")
    args = ("--answers", str(answers), "--out", out, "--send", "--to", "dpo@example.org")
    return run("access", *args, *smtp, register=str(tmp_path / "r.sqlite"), env=env)


def test_smtp_failure_is_one_sentence_without_the_password(
    tmp_path: Path, smtp_server: tuple[int, list[Any]]
) -> None:
    port, _received = smtp_server
    secret = "s3cret-Passw0rd"
    result = _access_sent(
        tmp_path,
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        "--smtp-security",
        "none",
        "--smtp-user",
        "me",
        env={"OBJECTION_SMTP_PASSWORD": secret},
    )
    assert result.exit_code == 1
    assert "Could not send through 127.0.0.1" in result.stderr
    assert secret not in result.output and "Traceback" not in result.output
    assert list((tmp_path / "out").glob("*-access.pdf"))  # the document stays


def test_send_without_a_server_says_what_to_give(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("OBJECTION_SMTP_HOST", raising=False)
    result = _access_sent(tmp_path)
    assert result.exit_code == 2 and "--smtp-host" in result.stderr


# --- organisations: campaigns -------------------------------------------------------------------


def _staff(tmp_path: Path, n: int) -> Path:
    sheet = tmp_path / "staff.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "name",
                "email",
                "postal_address",
                "country",
                "grounds",
                "locale",
                "categories",
                "date",
            ]
        )
        for i in range(n):
            writer.writerow(
                [
                    f"Persona {i}",
                    f"p{i}@example.org",
                    f"Via Roma {i}\n00100 Roma",
                    "IT",
                    "Lavoro con dati sanitari di pazienti minori.",
                    "it",
                    "profile;content",
                    "2026-09-01",
                ]
            )
    return sheet


def test_batch_campaign_status_and_follow_up_due(tmp_path: Path, register_url: str) -> None:
    sheet = _staff(tmp_path, 3)
    out = tmp_path / "out"
    result = run(
        "batch",
        str(sheet),
        "--out",
        str(out),
        "--jobs",
        "1",
        "--campaign",
        "staff",
        register=register_url,
    )
    assert result.exit_code == 0, result.output
    summary = run("status", "--campaign", "staff", register=register_url)
    assert summary.exit_code == 0, summary.output
    assert "Campaign staff" in summary.stdout or "Campagna staff" in summary.stdout
    rows = list(csv.DictReader(run("status", "--csv", register=register_url).stdout.splitlines()))
    assert len(rows) == 3 and {r["campaign"] for r in rows} == {"staff"}
    first = rows[0]["reference"]
    upheld = run(
        "answered", first, "--on", "2026-09-20", "--outcome", "upheld", register=register_url
    )
    assert upheld.exit_code == 0
    sent = run(
        "sent",
        "--campaign",
        "staff",
        "--on",
        "2026-09-02",
        "--via",
        "post",
        "--received",
        "2026-09-04",
        register=register_url,
    )
    assert sent.exit_code == 0 and "3" in sent.stderr, sent.output

    def over_due(command: str, day: str, *extra: str) -> Any:
        args = ("--due", "--campaign", "staff", "--date", day, "--out", str(out), *extra)
        return run(command, *args, register=register_url)

    due = over_due("follow-up", "2026-10-10", "--format", "txt")
    assert due.exit_code == 0, due.output
    manifest = list(
        csv.DictReader((out / "follow-up-manifest.csv").read_text("utf-8").splitlines())
    )
    assert len(manifest) == 2 and all(r["status"] == "ok" for r in manifest)
    assert first not in {r["reference"] for r in manifest}
    assert all(r["document"] == r["reference"] + "-F" for r in manifest)
    again = over_due("follow-up", "2026-10-11")
    assert again.exit_code == 0 and "0 of 0" in again.stderr
    # A complaint waits for the reminders to be sent, and for the 14 days they give.
    unsent = over_due("complaint", "2026-10-30")
    assert unsent.exit_code == 0 and "0 of 0" in unsent.stderr
    for row in manifest:
        reminded = run(
            "sent", row["document"], "--on", "2026-10-10", "--via", "pec", register=register_url
        )
        assert reminded.exit_code == 0, reminded.output
    # The reminders' 14 days: not yet on 20 October, due on 30 October.
    early = over_due("complaint", "2026-10-20")
    assert early.exit_code == 0 and "0 of 0" in early.stderr
    complaints = over_due("complaint", "2026-10-30")
    assert complaints.exit_code == 0, complaints.output
    made_ = list(csv.DictReader((out / "complaint-manifest.csv").read_text("utf-8").splitlines()))
    assert len(made_) == 2 and all(r["status"] == "ok" for r in made_)
    for row in made_:
        reader = PdfReader(out / row["file"])
        assert sorted(reader.attachments) == ["1-letter.pdf", "2-follow-up.txt"]
        assert "Garante" in pdf_text(out / row["file"])
    summary = run("status", "--campaign", "staff", "--locale", "en", register=register_url).stdout
    cells = [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in summary.splitlines()
        if line.count("│") == 3
    ]
    figures = {label: count for label, count in cells}
    assert figures["Made"] == "3" and figures["Sent"] == "3" and figures["Overdue"] == "2"
    assert figures["– upheld"] == "1" and figures["Complained of"] == "2"


# --- two processes, one campaign -------------------------------------------------------------

WRITER = """
import datetime as dt, sys
from generator.register.store import Record, Register
register = Register(sys.argv[1])
for i in range(int(sys.argv[3])):
    register.record(Record(
        reference=f"OBJ-20260901-{sys.argv[2]}{i:04d}", name="N", email="n@example.org",
        controller="linkedin", regime="gdpr", locale="it", letter_date=dt.date(2026, 9, 1),
        file="/x.pdf", sha256="0" * 64, made_at=dt.datetime.now(dt.UTC), campaign="shared"))
    register.mark_sent(f"OBJ-20260901-{sys.argv[2]}{i:04d}", dt.date(2026, 9, 2), "post")
"""


def test_two_processes_updating_one_campaign_lose_nothing(register_url: str) -> None:
    from generator.register.store import Register

    Register(register_url)  # migrated once, before the race
    count = 40
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, register_url, tag, str(count)], stderr=subprocess.PIPE
        )
        for tag in ("A", "B")
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err.decode()
    records = list(Register(register_url).letters(campaign="shared"))
    assert len(records) == 2 * count
    assert all(r.sent_on is not None for r in records)


def test_an_older_register_is_migrated_and_keeps_its_letters(tmp_path: Path) -> None:
    import datetime as dt

    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from generator.register.store import Register

    path = tmp_path / "old.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option(
        "script_location", str(Path(__file__).parents[1] / "generator" / "register" / "migrations")
    )
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_letters")
        conn.execute(
            sa.text(
                "INSERT INTO letters (reference, name, email, controller, regime, locale, "
                "letter_date, file, sha256, made_at) VALUES ('OBJ-20260101-OLD000', 'Old', "
                "'old@example.org', 'linkedin', 'gdpr', 'en', '2026-01-01', '/old.pdf', :sha, "
                "'2026-01-01 10:00:00')"
            ),
            {"sha": "0" * 64},
        )
    record = Register(path).find("OBJ-20260101-OLD000")
    assert (
        record is not None
        and record.kind == "objection"
        and record.letter_date == dt.date(2026, 1, 1)
    )
    assert record.made_at == dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC)
    with Register(path).engine.connect() as conn:
        assert drift(conn) == []  # migrated in place, it is what a new register is
    # Made before the register kept answers: a reminder asks for them, in one sentence.
    result = run("follow-up", "OBJ-20260101-OLD000", register=str(path))
    assert result.exit_code == 2 and "--answers FILE" in result.stderr


# --- the register's schema, stated once ------------------------------------------------------


def drift(connection: Any, metadata: Any = None) -> list[Any]:
    """What Alembic's autogenerate finds between the register at ``connection`` and the model
    (types, nullability, indexes, server defaults): a migration to write, if not empty."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from generator.register.schema import Base

    def compare_type(context: Any, _inspected: Any, column: Any, found: Any, _model: Any) -> Any:
        # 0001 made the reference VARCHAR(32) and 0002 widened it to 40, but not on SQLite,
        # which does not enforce a VARCHAR's length: not worth rebuilding every table.
        if context.dialect.name == "sqlite" and column.name == "reference":
            return getattr(found, "length", None) not in (32, 40)
        return None  # Alembic's own comparison

    context = MigrationContext.configure(
        connection, opts={"compare_type": compare_type, "compare_server_default": True}
    )
    return list(compare_metadata(context, metadata if metadata is not None else Base.metadata))


def test_the_model_is_the_schema_the_migrations_made(register_url: str) -> None:
    import sqlalchemy as sa
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from generator.register.schema import Base
    from generator.register.store import HEAD, Register

    register = Register(register_url)
    with register.engine.connect() as conn:
        assert drift(conn) == []
        # The comparison sees a difference when there is one: a column the migrations lack.
        more = sa.MetaData()
        Base.metadata.tables["letters"].to_metadata(more).append_column(sa.Column("x", sa.Text))
        assert [d[0] for d in drift(conn, more)] == ["add_column"]
    config = Config()
    migrations = Path(__file__).parents[1] / "generator" / "register" / "migrations"
    config.set_main_option("script_location", str(migrations))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_a_letter_made_again_keeps_how_it_left_and_its_answer(
    register_url: str, tmp_path: Path
) -> None:
    """The upsert (INSERT … ON CONFLICT DO UPDATE): the new letter's values, the old one's
    sending and answer; the same reference twice in one batch, the later."""
    import datetime as dt
    import hashlib

    from generator.register.store import Record, Register

    def entry(reference: str, **changes: Any) -> Any:
        fields = dict(
            name="N",
            email="n@example.org",
            controller="linkedin",
            regime="gdpr",
            locale="it",
            letter_date=dt.date(2026, 9, 1),
            file="/first.pdf",
            sha256="0" * 64,
            # Two hours east of UTC: the register keeps the moment, whatever the database.
            made_at=dt.datetime(2026, 9, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            campaign="staff",
        )
        return Record(reference=reference, **(fields | changes))

    register = Register(register_url)
    register.record(entry("OBJ-20260901-AAAA01"))
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"receipt")
    register.mark_sent("OBJ-20260901-AAAA01", dt.date(2026, 9, 2), "pec", proof=receipt)
    register.mark_answered("OBJ-20260901-AAAA01", dt.date(2026, 9, 20), "partial")
    register.record_many(
        [
            entry("OBJ-20260901-AAAA01", file="/again.pdf", sha256="1" * 64, campaign=None),
            entry("OBJ-20260901-AAAA02"),
            entry("OBJ-20260901-AAAA02", sha256="2" * 64),
        ]
    )
    again = register.find("OBJ-20260901-AAAA01")
    assert again is not None
    assert (again.file, again.sha256, again.campaign) == ("/again.pdf", "1" * 64, None)
    assert (again.sent_on, again.sent_via, again.answered_on, again.outcome) == (
        dt.date(2026, 9, 2),
        "pec",
        dt.date(2026, 9, 20),
        "partial",
    )
    assert again.proof_sha256 == hashlib.sha256(b"receipt").hexdigest()
    assert again.made_at.tzinfo is not None
    assert again.made_at == dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC)
    second = register.find("OBJ-20260901-AAAA02")
    assert second is not None and second.sha256 == "2" * 64
    assert [r.reference for r in register.letters()] == [
        "OBJ-20260901-AAAA01",
        "OBJ-20260901-AAAA02",
    ]


def test_the_register_is_sqlite_or_postgresql() -> None:
    from generator import ObjectionError
    from generator.register.store import Register

    with pytest.raises(ObjectionError, match="SQLite or PostgreSQL, not mysql"):
        Register("mysql://someone@localhost/register")


def test_commands_that_never_touch_the_register_start_without_sqlalchemy() -> None:
    """The command line, the register's words (the choices of sent and answered), and the
    store itself import no SQLAlchemy until a register is opened."""
    code = (
        "import sys, generator.cli, generator.register.store\n"
        "from generator import OUTCOMES, VIA\n"
        "assert OUTCOMES and VIA\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_letter_itself_as_an_e_mail_draft(tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(to_toml(member("IE", "en")), encoding="utf-8")
    out = tmp_path / "out"
    result = run(
        "letter",
        "--answers",
        str(answers),
        "--out",
        str(out),
        "--eml",
        "--to",
        "privacy@example.org",
    )
    assert result.exit_code == 0, result.output
    draft = email.message_from_bytes(next(out.glob("*.eml")).read_bytes())
    assert draft["To"] == "privacy@example.org" and draft["From"] == "mg.esposito@example.org"
    assert "Article 21 GDPR" in str(draft["Subject"])
    (pdf,) = [p for p in draft.walk() if p.get_content_type() == "application/pdf"]
    assert pdf.get_payload(decode=True) == next(out.glob("*.pdf")).read_bytes()
    assert oct(next(out.glob("*.eml")).stat().st_mode & 0o777) == "0o600"
    refused = run(
        "letter", "--answers", str(answers), "--format", "txt", "--eml", "--out", str(out)
    )
    assert refused.exit_code == 2 and "--eml" in refused.stderr


def test_a_german_complaint_goes_to_the_authority_of_the_land(tmp_path: Path) -> None:
    register = str(tmp_path / "r.sqlite")
    data = member("DE", "en", postal_address="Promenade 1\n91522 Ansbach")
    reference = made(tmp_path, data, register)
    assert (
        run("sent", reference, "--on", "2026-09-02", "--via", "form", register=register).exit_code
        == 0
    )
    nowhere = run("complaint", reference, "--date", "2026-10-30", register=register)
    assert nowhere.exit_code == 2 and "person.region" in nowhere.stderr
    data["person"]["region"] = "BY"
    answers = tmp_path / "by.toml"
    answers.write_text(to_toml(data), encoding="utf-8")
    out = tmp_path / "out"
    result = as_text(
        "complaint", "--answers", str(answers), "--date", "2026-10-30", out=out, register=register
    )
    assert result.exit_code == 0, result.output
    said = next(out.glob("*-complaint.txt")).read_text("utf-8")
    assert "Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)\nPromenade 18" in said
    assert "Complaint under Article 77 GDPR" in said
