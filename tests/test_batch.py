"""Batch letters from a staff spreadsheet: real-world CSV and XLSX, bad rows, resume, mandates."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import pdf_text
from generator.cli import cli

HEADER_IT = ["Nome", "E-mail", "Indirizzo", "Paese", "Categorie", "Motivi", "Luogo", "Lingua"]


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    bom: bool = True,
    header: list[str] = HEADER_IT,
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def person(n: int, **overrides: str) -> list[str]:
    values = {
        "name": f"Persona {n} Rossi",
        "email": f"p{n}@example.org",
        "address": f"Via Roma {n}\n00100 Roma",
        "country": "IT",
        "categories": "profile;content",
        "grounds": f"Sono la persona {n}:\nlavoro con dati sanitari.",
        "place": "Roma",
        "locale": "it",
    }
    values.update(overrides)
    return list(values.values())


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["batch", *args])


def manifest(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_real_world_csv(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "staff.csv", [person(1), person(2), person(3)])
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in sheet.read_bytes()
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    entries = manifest(out)
    assert [e["row"] for e in entries] == ["2", "3", "4"]
    for entry in entries:
        assert entry["status"] == "ok" and entry["language"] == "it"
        for name, digest in zip(entry["files"].split(";"), entry["sha256"].split(";"), strict=True):
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    pdf = out / entries[0]["files"].split(";")[0]
    text = pdf_text(pdf)
    assert "Via Roma 1" in text and "00100 Roma" in text  # a multi-line cell kept its lines
    assert "Sono la persona 1: lavoro con dati sanitari." in text
    form = (out / entries[0]["files"].split(";")[1]).read_text("utf-8")
    assert "Sono la persona 1: lavoro con dati sanitari." in form
    assert "Made 3 letters" in result.stderr
    assert not list(out.glob(".*.part"))


def test_comma_csv_with_english_headers(tmp_path: Path) -> None:
    header = ["name", "email", "postal_address", "country", "categories", "grounds", "place"]
    rows = [
        [
            "Jan Novák",
            "jan@example.cz",
            "Národní 1, Praha",
            "CZ",
            "all",
            "I organise a union, and my posts name colleagues.",
            "Praha",
        ]
    ]
    sheet = write_csv(tmp_path / "staff.csv", rows, delimiter=",", bom=False, header=header)
    result = run(str(sheet), "--out", str(tmp_path / "out"), "--jobs", "1", "--locale", "en")
    assert result.exit_code == 0, result.output
    assert "Czech Office for Personal Data Protection" in pdf_text(
        next((tmp_path / "out").glob("jan-novak-*.pdf"))
    )


def test_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Name",
            "Email",
            "Postal address",
            "Country",
            "Categories",
            "Grounds",
            "Place",
            "Date",
            "Member",
        ]
    )
    sheet.append(
        [
            "Siobhán Murphy",
            "s@example.ie",
            "1 Main St\nDublin 2",
            "IE",
            "feedback",
            "My feedback reports describe my disability.",
            "Dublin",
            dt.datetime(2026, 11, 2),
            "yes",
        ]
    )
    path = tmp_path / "staff.xlsx"
    workbook.save(path)
    result = run(str(path), "--out", str(tmp_path / "out"), "--jobs", "1", "--locale", "en")
    assert result.exit_code == 0, result.output
    text = pdf_text(next((tmp_path / "out").glob("siobhan-murphy-*.pdf")))
    assert "Dublin, 2 November 2026" in text and "Feedback" in text


def test_bad_rows_are_reported_and_the_rest_is_made(tmp_path: Path) -> None:
    rows = [
        person(1),
        person(2, email="not-an-email"),
        person(3, country="US"),
        person(4, categories="dreams"),
        person(5, grounds=""),
        person(6, place=""),  # no place: the letter carries the date alone
        person(7),
    ]
    sheet = write_csv(tmp_path / "staff.csv", rows)
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    err = result.stderr
    assert "row 3: E-mail (person.email): is not an e-mail address" in err
    assert "row 4: Paese (person.country): US is not covered" in err
    assert "row 5: Categorie (objection.categories): dreams is not a category" in err
    assert "row 6: Motivi (objection.grounds): is missing" in err
    assert "row 7:" not in err
    assert "Rows that failed: 3, 4, 5, 6 " in err
    statuses = {e["row"]: e["status"] for e in manifest(out)}
    assert statuses == {
        "2": "ok",
        "3": "failed",
        "4": "failed",
        "5": "failed",
        "6": "failed",
        "7": "ok",
        "8": "ok",
    }
    assert len(list(out.glob("*.pdf"))) == 3
    undated = pdf_text(next(out.glob("persona-6-*.pdf")))
    assert re.search(r"\b\d{1,2} \w+ 20\d\d\b", undated)  # the date is there …
    assert not re.search(r"Roma, \d{1,2} \w+ 20\d\d", undated)  # … with no place before it


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("staff.docx", "name\nx\n", "is not a sheet we read: use .csv, .tsv, .txt"),
        ("staff.csv", "", "is empty"),
        ("staff.csv", "colour;size\nred;L\n", "has no column we can use"),
        ("staff.csv", "name;email\nx;y\n", "has no column for person.postal_address"),
        ("staff.xlsx", "not a zip", "is not a readable xlsx workbook"),
        ("staff.ods", "not a zip", "is not a readable ods workbook"),
        ("staff.xls", "not an xls", "is not a readable xls workbook"),
        ("missing.csv", None, "does not exist"),
    ],
)
def test_unusable_sheets_exit_2(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, "utf-8")
    result = run(str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_homonyms_duplicates_and_path_like_names(tmp_path: Path) -> None:
    rows = [
        person(1, name="Anna Rossi", email="anna@example.org"),
        person(2, name="Anna Rossi", email="anna.rossi@example.com"),  # a namesake
        person(3, name="Anna Rossi", email="ANNA@example.org"),  # the same person again
        person(4, name="../../etc/passwd", email="x@example.org"),
    ]
    sheet = write_csv(tmp_path / "staff.csv", rows)
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert "row 4: the same person (name and e-mail) as row 2" in result.stderr
    assert len(list(out.glob("anna-rossi-*.pdf"))) == 2
    assert len(list(out.glob("etc-passwd-*.pdf"))) == 1
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()}
    register = (tmp_path / "register").resolve()  # the letters are recorded there (conftest)
    assert all(
        p.is_relative_to(out.resolve()) or p.is_relative_to(register) or p == sheet.resolve()
        for p in written
    )
    assert len(list(out.glob("*.pdf"))) == 3


def test_defaults_fill_empty_cells(tmp_path: Path) -> None:
    defaults = tmp_path / "defaults.toml"
    defaults.write_text(
        'locale = "en"\n[objection]\ncategories = "all"\n'
        'grounds = "Our staff handle patients\' data."\n'
        '[signature]\nplace = "Milano"\n',
        "utf-8",
    )
    rows = [
        person(1, categories="", grounds="", place="", locale=""),
        person(2, grounds="My own words.", locale=""),
    ]
    sheet = write_csv(tmp_path / "staff.csv", rows)
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--defaults", str(defaults), "--jobs", "1")
    assert result.exit_code == 0, result.output
    first = pdf_text(next(out.glob("persona-1-*.pdf")))
    assert "Our staff handle patients' data." in first and "Milano, " in first
    assert "Feedback" in first  # categories = all
    assert "My own words." in pdf_text(next(out.glob("persona-2-*.pdf")))


def test_resume_redoes_only_what_changed(tmp_path: Path) -> None:
    rows = [person(n) for n in range(1, 5)]
    sheet = write_csv(tmp_path / "staff.csv", rows)
    out = tmp_path / "out"
    assert run(str(sheet), "--out", str(out), "--jobs", "2").exit_code == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    time.sleep(0.05)
    again = run(str(sheet), "--out", str(out), "--jobs", "2", "--resume")
    assert again.exit_code == 0 and "Made 0 letters" in again.stderr
    assert "(4 unchanged from before)" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == stamps

    rows[1] = person(2, grounds="Nuovi motivi.")
    write_csv(sheet, rows)
    removed = next(out.glob("persona-4-*.pdf"))
    removed.unlink()
    third = run(str(sheet), "--out", str(out), "--jobs", "2", "--resume")
    assert third.exit_code == 0 and "Made 2 letters" in third.stderr
    assert "Nuovi motivi." in pdf_text(next(out.glob("persona-2-*.pdf")))
    assert removed.exists()
    untouched = next(out.glob("persona-1-*.pdf"))
    assert untouched.stat().st_mtime_ns == stamps[untouched.name]
    assert [e["row"] for e in manifest(out)] == ["2", "3", "4", "5"]  # compacted


def test_resume_after_a_worker_is_killed(tmp_path: Path) -> None:
    rows = [person(n) for n in range(1, 25)]
    sheet = write_csv(tmp_path / "staff.csv", rows)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "-q",
            "batch",
            str(sheet),
            "--out",
            str(out),
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = (
            [line for line in (out / "manifest.csv").read_text().splitlines()[1:] if ",ok," in line]
            if (out / "manifest.csv").exists()
            else []
        )
        if len(done) >= 4:
            break
        time.sleep(0.05)
    children = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert children, "no worker process to kill"
    os.kill(int(children[0]), signal.SIGKILL)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert b"--resume" in err
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    assert 0 < len(before) < 24
    recorded_then = [e for e in manifest(out) if e["status"] == "ok"]
    assert len(recorded_then) >= 4
    assert not list(out.glob(".*.part"))  # nothing half-written stays
    resumed = run(str(sheet), "--out", str(out), "--jobs", "2", "--resume")
    assert resumed.exit_code == 0, resumed.output
    pdfs = list(out.glob("*.pdf"))
    assert len(pdfs) == 24
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF-") and b"%%EOF" in pdf.read_bytes()[-64:]
    recorded = {e["row"]: e for e in manifest(out)}
    # A letter the killed worker itself finished but never reported may rightly be made
    # again; every letter recorded in the manifest before the resume must not be.
    done_before = [name for name in before if any(name in e["files"] for e in recorded_then)]
    for name in done_before:  # not redone needlessly
        if (out / name).stat().st_mtime_ns != before[name]:
            entry = next(e for e in recorded.values() if name in e["files"])
            pytest.fail(f"{name} (row {entry['row']}) was made again after the kill")
    assert len(recorded) == 24 and all(e["status"] == "ok" for e in recorded.values())


@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        (
            "it",
            [
                "Trasmetto la presente opposizione per il tramite di FILCAMS CGIL Milano",
                "Delega",
                "Io, Persona 1 Rossi",
                "delego l'Associazione FILCAMS CGIL Milano",
                "in mio nome e per mio conto",
                "all'uso dei miei dati personali",
                "Conferisco altresì all'Associazione, ove in possesso dei requisiti di cui "
                "all'art. 80, par. 1, RGPD",
                "Luogo e data:",
                "Firma:",
            ],
        ),
        (
            "en",
            [
                "I send this objection through FILCAMS CGIL Milano",
                "Enclosure: the mandate",
                "Mandate",
                "I, the undersigned Persona 1 Rossi",
                "authorise the association FILCAMS CGIL Milano",
                "where it meets the requirements of Article 80(1) GDPR",
                "Place and date:",
                "Signature:",
            ],
        ),
    ],
)
def test_on_behalf_of(tmp_path: Path, locale: str, phrases: list[str]) -> None:
    org = tmp_path / "org.toml"
    org.write_text(
        '[organisation]\nname = "FILCAMS CGIL Milano"\n'
        'postal_address = "Corso di Porta Vittoria 43\\n20122 Milano"\n'
        'email = "privacy@filcams.example.it"\nnon_profit = true\n',
        "utf-8",
    )
    sheet = write_csv(tmp_path / "staff.csv", [person(1, locale=locale)])
    out = tmp_path / "out"
    result = run(str(sheet), "--out", str(out), "--on-behalf-of", str(org), "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdf = next(out.glob("*.pdf"))
    text = pdf_text(pdf)
    assert [p for p in phrases if p not in text] == []
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           3" in info  # the mandate is a page of its own


def test_bad_organisation_file(tmp_path: Path) -> None:
    org = tmp_path / "org.toml"
    org.write_text('[organisation]\nname = "X"\nemail = "nope"\n', "utf-8")
    sheet = write_csv(tmp_path / "staff.csv", [person(1)])
    result = run(str(sheet), "--out", str(tmp_path / "out"), "--on-behalf-of", str(org))
    assert result.exit_code == 2
    assert "organisation.email: is not an e-mail address" in result.stderr
    assert "organisation.postal_address: is missing" in result.stderr


def test_summary_speaks_in_plurals_and_points_to_the_manifest_when_quiet(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "one.csv", [person(1)])
    result = run(str(sheet), "--out", str(tmp_path / "a"), "--jobs", "1", "--locale", "en")
    assert result.exit_code == 0, result.output
    assert "Made 1 letter in" in result.stderr
    result = run(str(sheet), "--out", str(tmp_path / "b"), "--jobs", "1", "--locale", "it")
    assert "Ho scritto 1 lettera in" in result.stderr
    bad = write_csv(tmp_path / "bad.csv", [person(1), person(2, email="nope")])
    result = run(str(bad), "--out", str(tmp_path / "c"), "--jobs", "1", "--locale", "en", "-q")
    assert result.exit_code == 1
    assert "Rows that failed: 3 (see the manifest" in result.stderr
    assert "see above" not in result.stderr
