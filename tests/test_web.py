"""The web front's routes, through Starlette's TestClient: the member's journey, the register,
the campaign, and the pages' language."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import stat
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import pdf_text
from generator import Register, answers_fields, answers_from_mapping
from generator.web import Settings, create_app
from web_support import GROUNDS_IT, member_form, staff_sheet

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(out_dir=tmp_path / "out", port=8765)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=BASE) as client:
        assert client.get(f"/?token={settings.token}").status_code == 200
        yield client


def csrf(client: TestClient, page: str = "/letter") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert found
    return found.group(1)


def post(client: TestClient, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
    return client.post(path, data={"csrf_token": csrf(client), **data}, **kwargs)


def make_letter(client: TestClient, **changes: Any) -> str:
    """The downloads page of a letter made from the form."""
    made = post(client, "/letter/make", member_form(**changes), follow_redirects=False)
    assert made.status_code == 303, made.text
    return str(client.get(made.headers["location"]).text)


def downloads(page: str) -> dict[str, str]:
    """File name → its download address, on a downloads page."""
    return {
        name: href
        for href, name in re.findall(r'href="(/download/[^"]+)" download="([^"]+)"', page)
    }


# --- the questions -----------------------------------------------------------------------


def test_the_form_asks_every_question_of_the_schema(client: TestClient) -> None:
    page = client.get("/letter").text
    asked = [f for f in answers_fields() if f.spec.ask and f.section]
    for field in asked:
        if field.spec.needs:  # LinkedIn has a settings switch: asked
            pass
        assert f'name="{field.path}"' in page, field.path
    # Every control has a label that names it.
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', page):
        assert f'for="{control_id}"' in page, control_id
    # Files on the member's machine are the command line's.
    assert 'name="signature.pkcs12"' not in page and 'name="signature.image"' not in page


def test_the_categories_say_what_each_covers(client: TestClient) -> None:
    from generator import load_controller

    page = client.get("/letter?controller=meta").text
    for category in load_controller("meta").categories.values():
        assert category.label["en"] in page
        assert category.covers["en"].split(",")[0] in page
    assert 'name="objection.switch_already_off"' not in page  # Meta has no settings switch


def test_a_wrong_answer_is_shown_beside_its_field_as_the_command_line_says_it(
    client: TestClient,
) -> None:
    page = post(client, "/letter/preview", member_form(**{"person.email": "maria"})).text
    from generator import InvalidAnswers

    with pytest.raises(InvalidAnswers) as caught:
        answers_from_mapping({"person": {"email": "maria"}})
    expected = next(p.msg.text("en") for p in caught.value.problems if p.field == "person.email")
    error = re.search(r'<p class="error" id="f-person-email-error">(.*?)</p>', page, re.DOTALL)
    assert error and expected[1:] in error.group(1)
    assert re.search(r'id="f-person-email"[^>]*aria-describedby="[^"]*f-person-email-error', page)
    assert 'aria-invalid="true"' in page
    assert 'href="#f-person-email"' in page  # the summary leads to it
    assert GROUNDS_IT in html.unescape(page)  # what was typed stays


def test_the_grounds_come_with_examples_and_the_special_category_warning(
    client: TestClient,
) -> None:
    assert "for inspiration only" in client.get("/letter").text
    grounds = "I am a psychotherapist and my posts discuss my patients' depression."
    page = post(
        client, "/letter/preview", member_form(**{"objection.grounds": grounds, "locale": "en"})
    ).text
    assert "quoted word for word" in page


# --- the preview ---------------------------------------------------------------------------


def test_the_preview_is_the_letters_own_html_redrawn_with_new_grounds(client: TestClient) -> None:
    page = post(client, "/letter/preview", member_form()).text
    frame = re.search(r'<iframe id="letter-preview" src="(/preview/[^"]+)"', page)
    assert frame and "sandbox" in page
    letter = client.get(frame.group(1))
    assert "Spettabile" in letter.text and "Napoli" in letter.text
    policy = letter.headers["content-security-policy"]
    assert policy.startswith("default-src 'self'") and "'sha256-" in policy
    assert "frame-ancestors 'self'" in policy and letter.headers["x-frame-options"] == "SAMEORIGIN"
    # The grounds and the place are editable beside it; the rest rides along hidden.
    assert 'name="objection.grounds"' in page and 'type="hidden" name="person.name"' in page
    redrawn = post(
        client,
        "/letter/preview",
        member_form(**{"objection.grounds": "Scrivo per mestiere.", "signature.place": "Salerno"}),
        headers={"Accept": "application/json"},
    ).json()
    again = client.get(redrawn["preview"]).text
    assert "Scrivo per mestiere." in again and "Salerno" in again


def test_back_to_the_questions_keeps_the_answers(client: TestClient) -> None:
    page = post(client, "/letter/edit", member_form()).text
    assert 'value="Maria Grazia Esposito"' in page and "Via dei Mille 7" in page


# --- the letter made -------------------------------------------------------------------------


def test_the_letter_is_made_recorded_and_downloaded(
    client: TestClient, settings: Settings, private_register: Path
) -> None:
    page = make_letter(client)
    files = downloads(page)
    pdf_name = next(name for name in files if name.endswith(".pdf"))
    pdf = client.get(files[pdf_name])
    assert pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    text = pdf_text(pdf.content)
    assert "Spettabile" in text and "assistente sociale" in text
    written = settings.out_dir / pdf_name
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    record = next(Register(private_register).letters())
    assert record.file == str(written.resolve())
    # The form text, with its count; the next steps; the calendar; the answers to keep.
    form_text = re.search(r'<textarea id="form-text"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert form_text and record.reference in form_text.group(1)
    assert re.search(r"\d+ of \d+ characters", page)
    assert "data-copy" in page
    ics = client.get(files[next(n for n in files if n.endswith(".ics"))])
    assert ics.text.startswith("BEGIN:VCALENDAR")
    kept = tomllib.loads(client.get(files["answers.toml"]).text)
    assert kept["person"]["name"] == "Maria Grazia Esposito"
    assert answers_from_mapping(kept).objection.grounds == GROUNDS_IT
    steps = client.get(files[next(n for n in files if n.endswith(".next-steps.txt"))]).text
    assert record.reference in steps


def test_downloads_belong_to_the_session_that_made_them(
    client: TestClient, settings: Settings
) -> None:
    files = downloads(make_letter(client))
    with TestClient(client.app, base_url=BASE) as other:
        other.get(f"/?token={settings.token}")
        for href in files.values():
            assert other.get(href).status_code == 404
    assert client.get("/download/nothing-here").status_code == 404


# --- the register ---------------------------------------------------------------------------


def test_the_register_shows_standing_and_due_date_and_records_sending_and_answer(
    client: TestClient, settings: Settings, private_register: Path
) -> None:
    make_letter(client, **{"signature.date": "2026-01-05"})
    record = next(Register(private_register).letters())
    page = client.get("/register").text
    # Not recorded as sent: nothing is due yet (every deadline runs from receipt).
    assert record.reference in page and "Not sent yet" in page and "Not recorded as sent" in page
    proof = ("receipt.pdf", b"%PDF-1.4 receipt", "application/pdf")
    sent = client.post(
        f"/register/{record.reference}/sent",
        data={"csrf_token": csrf(client), "on": "2026-01-07", "via": "post"},
        files={"file": proof},
    )
    assert "left on 7 January 2026" in sent.text
    record = Register(private_register).find(record.reference)
    assert record is not None and record.sent_via == "post"
    kept = Path(record.proof_file or "")
    assert kept.read_bytes() == b"%PDF-1.4 receipt" and stat.S_IMODE(kept.stat().st_mode) == 0o600
    page = client.get("/register").text
    # Posted to Ireland on 7 January, no day of delivery recorded: received on or about the
    # 17th (generator/data/delivery.toml), the answer due a month later, at the latest.
    assert "Overdue" in page and "17 February 2026 at the latest" in page
    assert "received on or about 17 January 2026: posted on 7 January 2026, plus 10 days" in page
    too_early = client.post(
        f"/register/{record.reference}/answered",
        data={"csrf_token": csrf(client), "on": "2025-12-01", "outcome": "refused"},
    )
    assert "before the letter" in too_early.text
    client.post(
        f"/register/{record.reference}/answered",
        data={"csrf_token": csrf(client), "on": "2026-02-01", "outcome": "refused"},
        files={"file": ("reply.txt", b"No.", "text/plain")},
    )
    assert "Answered: refused" in client.get("/register").text


def send(client: TestClient, reference: str, on: str, via: str = "email") -> None:
    """Record in the register page that ``reference`` left on ``on`` (by e-mail: received the
    same day)."""
    sent = client.post(
        f"/register/{reference}/sent", data={"csrf_token": csrf(client), "on": on, "via": via}
    )
    assert sent.status_code == 200, sent.text


def test_the_reminder_and_the_complaint_are_made_when_they_are_due(
    client: TestClient, private_register: Path
) -> None:
    make_letter(client, **{"signature.date": "2026-01-05"})
    record = next(Register(private_register).letters())
    assert f"/register/{record.reference}/make/follow_up" not in client.get("/register").text
    send(client, record.reference, "2026-01-05")
    page = client.get("/register").text
    assert f"/register/{record.reference}/make/follow_up" in page
    made = post(client, f"/register/{record.reference}/make/follow_up", {})
    assert f"{record.reference}-F" in made.text
    pdf = client.get(re.findall(r'href="(/download/[^"]+)"', made.text)[0])
    assert record.reference in pdf_text(pdf.content)
    assert f"/register/{record.reference}/make/follow_up" not in client.get("/register").text
    # The reminder is not recorded as sent: no complaint may say it went unanswered.
    early = post(client, f"/register/{record.reference}/make/complaint", {})
    assert early.status_code == 400 and "is not recorded as sent" in early.text


def test_a_reminder_before_the_answer_is_due_is_refused_with_why(
    client: TestClient, private_register: Path
) -> None:
    make_letter(client)
    record = next(Register(private_register).letters())
    unsent = post(client, f"/register/{record.reference}/make/follow_up", {})
    assert unsent.status_code == 400 and "does not say that" in unsent.text
    send(client, record.reference, dt.date.today().isoformat())
    refused = post(client, f"/register/{record.reference}/make/follow_up", {})
    assert refused.status_code == 400
    assert "a reminder can be made from the day after" in refused.text


# --- the campaign ----------------------------------------------------------------------------


def check_sheet(client: TestClient, sheet: Path) -> str:
    with sheet.open("rb") as handle:
        checked = client.post(
            "/campaign/check",
            data={"csrf_token": csrf(client, "/campaign"), "controller": "linkedin"},
            files={"sheet": (sheet.name, handle, "text/csv")},
            follow_redirects=False,
        )
    assert checked.status_code == 303, checked.text
    return str(checked.headers["location"])


def test_a_campaign_is_checked_run_zipped_and_counted(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    job = check_sheet(client, staff_sheet(tmp_path / "staff.csv"))
    report = client.get(job).text
    assert "4 rows checked, 2 good, 2 with something to fix" in report
    assert re.search(r"<td>4</td><td>E-mail \(person\.email\)</td><td>[^<]*e-mail", report)
    assert re.search(r"<td>5</td><td>[^<]*</td><td>US is not covered", report)
    assert not (settings.out_dir / "campaigns").exists()  # nothing made before the run
    post(client, f"{job}/run", {})
    deadline = time.monotonic() + 120
    while not (progress := client.get(f"{job}/progress").json())["finished"]:
        assert time.monotonic() < deadline
        time.sleep(0.3)
    assert progress["done"] == progress["total"] == 4  # every row heard, the bad ones failed
    done = client.get(job).text
    assert "2 made" in done
    zipped = client.get(re.findall(r'href="(/download/[^"]+)" id="campaign-zip"', done)[0])
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert "manifest.csv" in names
    assert len([n for n in names if n.endswith(".pdf")]) == 2
    assert len([n for n in names if n.endswith(".form.txt")]) == 2
    assert not list(client.app.state.objection.private.rglob("*.csv"))  # the upload is gone
    figures = client.get("/campaigns/staff").text
    assert "<svg" in figures and 'role="img"' in figures
    assert re.search(r'<th scope="row">Letters made</th><td>2</td>', figures)


def test_a_sheet_without_a_required_column_is_one_sentence(
    client: TestClient, tmp_path: Path
) -> None:
    sheet = tmp_path / "names.csv"
    sheet.write_text("Nome;Paese\nMaria;IT\n", encoding="utf-8")
    with sheet.open("rb") as handle:
        page = client.post(
            "/campaign/check",
            data={"csrf_token": csrf(client, "/campaign")},
            files={"sheet": (sheet.name, handle, "text/csv")},
        )
    assert page.status_code == 400
    assert "names.csv has no column for" in page.text
    assert str(client.app.state.objection.private) not in page.text


def test_a_sheet_with_too_many_rows_is_refused_and_not_kept(tmp_path: Path) -> None:
    settings = Settings(out_dir=tmp_path / "out", port=8765, max_rows=3)
    with TestClient(create_app(settings), base_url=BASE) as client:
        client.get(f"/?token={settings.token}")
        sheet = staff_sheet(tmp_path / "staff.csv", good=3)
        with sheet.open("rb") as handle:
            page = client.post(
                "/campaign/check",
                data={"csrf_token": csrf(client, "/campaign")},
                files={"sheet": (sheet.name, handle, "text/csv")},
            )
        assert page.status_code == 413 and "more than 3 rows" in page.text
        assert not [p for p in client.app.state.objection.private.rglob("*") if p.is_file()]


# --- language and errors ---------------------------------------------------------------------


def test_pages_speak_the_browsers_language_and_the_switch_remembers(client: TestClient) -> None:
    italian = client.get("/letter", headers={"Accept-Language": "it-IT,it;q=0.9,en;q=0.5"})
    assert '<html lang="it">' in italian.text and "La tua lettera" in italian.text
    english = client.get("/letter", headers={"Accept-Language": "de-DE,en;q=0.5"})
    assert '<html lang="en">' in english.text
    client.get("/language/it?back=/register")
    assert '<html lang="it">' in client.get("/register", headers={"Accept-Language": "en"}).text


def test_a_404_says_what_happened_in_the_members_language(client: TestClient) -> None:
    page = client.get("/letter/made/nothing", headers={"Accept-Language": "it"})
    assert page.status_code == 404
    assert "Non c'è niente a questo indirizzo" in html.unescape(page.text).replace("’", "'")


def test_a_server_error_is_a_sentence_not_a_traceback(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.web.pages as pages

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(pages, "available_controllers", broken, raising=False)
    app = create_app(settings)
    monkeypatch.setattr("generator.available_controllers", broken)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        client.get(f"/?token={settings.token}")
        page = client.get("/")
    assert page.status_code == 500
    assert "Traceback" not in page.text and "secret internals" not in page.text
    assert "Something went wrong" in page.text


def test_today_is_what_the_register_counts_from() -> None:
    """The register page's dates are the library's: from the day the letter was received."""
    from generator.deadlines import Dated, Receipt, answer_due
    from generator.facts.jurisdictions import jurisdiction_for
    from generator.web.dates import due_explanation

    law = jurisdiction_for("IT")

    class State:
        answer: Dated | None = answer_due(Receipt(dt.date(2026, 1, 31), recorded=True), law)

        def dates(self) -> list[Dated]:
            return [self.answer] if self.answer else []

    text = due_explanation(State(), "en")
    assert text.startswith("2 March 2026: received on 31 January 2026 (the day you recorded)")
    assert "28 February 2026 is a Saturday, 1 March 2026 is a Sunday" in text
    sent = dt.date(2026, 1, 21)
    State.answer = answer_due(Receipt(dt.date(2026, 1, 31), True, sent, "post"), law)
    assert "received on or about 31 January 2026" in due_explanation(State(), "en")
    State.answer = None
    assert "Not recorded as sent" in due_explanation(State(), "en")
