"""Every deadline runs from the day the letter was received, never from the day it was posted.

The register knows the day of receipt where the member records it (``sent --received``); a
form, an e-mail or a PEC counts as received the day it left; a posted letter without a recorded
day is estimated from generator/data/delivery.toml, and whatever says a date from it says
"on or about" and "at the latest". A complaint waits for the reminder's own time and never
says what the register does not know.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from conftest import letter_in_register
from generator.base.assets import load_data
from generator.cli import cli
from generator.deadlines import Receipt, receipt, reminder_reply_by, reminder_until
from generator.facts.controllers import load_controller
from generator.facts.delivery import post_route
from generator.facts.jurisdictions import jurisdiction_for

# --- the data: our conservative assumption, with its basis ----------------------------------


def test_every_route_has_days_and_a_basis() -> None:
    data = load_data("delivery")
    assert "assumption" in data["source"].lower()
    for name, route in data["post"].items():
        assert route["days"] > 0, name
        assert len(route["basis"]) > 60, name  # a sentence saying why, not a word


@pytest.mark.parametrize(
    ("origin", "destination", "days"),
    [
        ("IT", "IT", 10),  # a raccomandata within Italy (a complaint to the Garante)
        ("IT", "IE", 10),  # to LinkedIn Ireland or Meta Ireland in Dublin
        ("CH", "IE", 10),
        ("GB", "US", 21),  # to LinkedIn Corporation in California
        ("HK", "US", 21),
    ],
)
def test_a_route_is_chosen_by_origin_and_destination(
    origin: str, destination: str, days: int
) -> None:
    assert post_route(origin, destination).days == days


def test_every_controller_entity_says_its_country() -> None:
    for name in ("linkedin", "meta"):
        for entity in load_controller(name).data.entities.values():
            assert re.fullmatch(r"[A-Z]{2}", entity.country), entity.name


# --- the rule ---------------------------------------------------------------------------------

SENT = dt.date(2026, 11, 3)


@pytest.mark.parametrize("via", ["form", "email", "pec"])
def test_a_form_an_email_or_a_pec_is_received_the_day_it_left(via: str) -> None:
    assert receipt(SENT, via, None, origin="IT", destination="IE") == Receipt(
        SENT, sent_on=SENT, via=via
    )


def test_a_posted_letter_is_received_on_the_day_recorded_else_an_estimate() -> None:
    recorded = dt.date(2026, 11, 6)
    assert receipt(SENT, "post", recorded, origin="IT", destination="IE") == Receipt(
        recorded, sent_on=SENT, via="post", recorded=True
    )
    assert receipt(SENT, "post", None, origin="IT", destination="IE") == Receipt(
        dt.date(2026, 11, 13), estimated=True, sent_on=SENT, via="post"
    )
    assert receipt(None, None, None, origin="IT", destination="IE") is None


def test_a_reminder_runs_until_its_day_or_until_it_arrives() -> None:
    dated = dt.date(2026, 12, 21)
    named = reminder_reply_by(dated, jurisdiction_for("IT"))
    assert reminder_until(named, Receipt(dated)).day == dt.date(2027, 1, 4)
    late = Receipt(dt.date(2027, 1, 11), estimated=True)
    assert reminder_until(named, late).day == dt.date(2027, 1, 11)


# --- the command line -------------------------------------------------------------------------


def _run(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=input)


def _letter(tmp_path: Path, locale: str = "en", date: str = "2026-09-01") -> str:
    return letter_in_register(tmp_path, locale, date)


def test_sent_speaks_one_language_dates_included(tmp_path: Path) -> None:
    """An Italian letter: `sent` says it all in Italian; with --locale en, all in English (the
    dates too: no "due by 21 novembre 2026" in an English sentence)."""
    reference = _letter(tmp_path, "it")
    italian = _run("sent", reference, "--on", "2026-09-02", "--via", "post")
    assert italian.exit_code == 0, italian.output
    said = " ".join(italian.stderr.split())
    assert "Registrato: " in said and "il 2 settembre 2026 (raccomandata)" in said
    assert "intorno al 12 settembre 2026" in said
    assert "entro il 12 ottobre 2026 al più tardi" in said
    assert not re.search(r"[A-Z][a-z]+ 2026|Recorded|due by", said), said
    english = _run("sent", reference, "--on", "2026-09-02", "--via", "pec", "--locale", "en")
    said = " ".join(english.stderr.split())
    assert "Recorded: " in said and "left on 2 September 2026 (PEC)" in said
    # Long past on the day the test runs: said as overdue.
    assert "The answer was due by 2 October 2026: it is overdue." in said
    assert not re.search(r"settembre|ottobre|Registrato", said), said


def test_sent_received_alone_on_a_letter_already_sent(tmp_path: Path) -> None:
    reference = _letter(tmp_path)
    early = _run("sent", reference, "--received", "2026-09-03")
    assert early.exit_code == 2 and "is not recorded as sent" in early.stderr
    assert "objection sent" in early.stderr and "--via" in early.stderr  # the CLI's hint
    assert _run("sent", reference, "--on", "2026-09-02", "--via", "post").exit_code == 0
    got = _run("sent", reference, "--received", "2026-09-05")
    assert got.exit_code == 0, got.output
    said = " ".join(got.stderr.split())
    assert "was received on 5 September 2026" in said
    assert "The answer was due by 5 October 2026: it is overdue." in said
    assert "at the latest" not in said
    before = _run("sent", reference, "--received", "2026-09-01")
    assert before.exit_code == 2 and "before the day the letter left" in before.stderr
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert _run("sent", reference, "--received", future).exit_code == 2
    assert _run("sent", reference).exit_code == 2  # neither --via nor --received


def test_a_campaign_is_recorded_with_its_day_of_receipt(tmp_path: Path) -> None:
    from generator import Register

    reference = _letter(tmp_path)
    register = Register()
    record = register.get(reference)
    register.record(record.__class__(**{**_fields(record), "campaign": "staff"}))
    done = _run(
        "sent",
        "--campaign",
        "staff",
        "--on",
        "2026-09-02",
        "--via",
        "post",
        "--received",
        "2026-09-04",
    )
    assert done.exit_code == 0, done.output
    assert "Received on 4 September 2026." in done.stderr
    assert register.get(reference).received_on == dt.date(2026, 9, 4)
    alone = _run("sent", "--campaign", "staff", "--received", "2026-09-04")
    assert alone.exit_code == 2 and "name it (REF)" in alone.stderr


def _fields(record: Any) -> dict[str, Any]:
    from generator.register.schema import LETTERS

    return {column.key: getattr(record, column.key) for column in LETTERS.c}


def test_a_reminder_or_complaint_needs_the_letter_sent(tmp_path: Path) -> None:
    reference = _letter(tmp_path)
    for command in ("follow-up", "complaint"):
        refused = _run(command, reference, "--date", "2026-11-30")
        assert refused.exit_code == 2, refused.output
        assert "does not say that" in refused.stderr and "left" in refused.stderr
        assert f"objection sent {reference} --on DATE" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1


def test_next_steps_and_the_calendar_count_from_receipt(tmp_path: Path) -> None:
    reference = _letter(tmp_path)
    ics = tmp_path / "due.ics"
    assert _run("sent", reference, "--on", "2026-09-02", "--via", "post").exit_code == 0
    answers = str(tmp_path / "answers.toml")
    steps = _run("next-steps", "--answers", answers, "--ics", str(ics))
    said = " ".join(steps.stdout.split())
    assert "on or about 12 September 2026" in said
    assert "an answer is due by 12 October 2026 at the latest" in said
    event = next(iter(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    assert event.decoded("dtstart") == dt.date(2026, 10, 12)
    assert "due by this day at the latest" in str(event["summary"])
    assert _run("sent", reference, "--received", "2026-09-07").exit_code == 0
    _run("next-steps", "--answers", answers, "--ics", str(ics))
    event = next(iter(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    assert event.decoded("dtstart") == dt.date(2026, 10, 7)
    assert "at the latest" not in str(event["summary"])


def test_the_form_text_says_the_letter_was_sent_only_once_it_was(tmp_path: Path) -> None:
    reference = _letter(tmp_path)
    answers = str(tmp_path / "answers.toml")
    before = _run("form-text", "--answers", answers)
    assert before.stdout.strip().endswith("A full letter follows.")
    assert "I sent you" not in before.stdout
    assert _run("sent", reference, "--on", "2026-09-02", "--via", "post").exit_code == 0
    after = _run("form-text", "--answers", answers)
    assert after.stdout.strip().endswith("I sent you a full letter dated 1 September 2026.")


# --- the complaint waits for the reminder ----------------------------------------------------


@pytest.fixture
def reminded(tmp_path: Path) -> tuple[str, Path]:
    """A letter sent by PEC on 2 September, overdue on 3 October; a reminder dated 10 October,
    sent by PEC that day, which gives until 27 October (the 24th a Saturday, the 26th the
    October Bank Holiday in Ireland)."""
    reference = _letter(tmp_path)
    out = tmp_path / "out"
    assert _run("sent", reference, "--on", "2026-09-02", "--via", "pec").exit_code == 0
    made = _run(
        "follow-up", reference, "--date", "2026-10-10", "--format", "txt", "--out", str(out)
    )
    assert made.exit_code == 0, made.output
    sent = _run("sent", f"{reference}-F", "--on", "2026-10-10", "--via", "pec")
    assert sent.exit_code == 0, sent.output
    assert "a complaint can be made from 28 October 2026" in " ".join(sent.stderr.split())
    return reference, out


def test_a_complaint_is_refused_while_the_reminder_runs(reminded: tuple[str, Path]) -> None:
    reference, out = reminded
    refused = _run("complaint", reference, "--date", "2026-10-10", "--out", str(out))
    assert refused.exit_code == 2
    (line,) = refused.stderr.strip().splitlines()  # one sentence, and the hint
    assert "gives the controller until 27 October 2026" in line
    assert "a complaint can be made from 28 October 2026" in line
    assert "--force" in line
    assert not list(out.glob("*-complaint.*"))


def test_force_in_a_script_needs_the_reminders_day(
    reminded: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    reference, out = reminded
    args = ("complaint", reference, "--date", "2026-10-12", "--format", "txt", "--out", str(out))
    bare = _run(*args, "--force")
    assert bare.exit_code == 2 and "--confirm-before 2026-10-27" in bare.stderr
    assert not list(out.glob("*-complaint.*"))
    wrong = _run(*args, "--force", "--confirm-before", "2026-10-30")
    assert wrong.exit_code == 2 and "2026-10-27" in wrong.stderr
    alone = _run(*args, "--confirm-before", "2026-10-27")
    assert alone.exit_code == 2 and "--force" in alone.stderr
    made = _run(*args, "--force", "--confirm-before", "2026-10-27")
    assert made.exit_code == 0, made.output
    assert "before that day" in made.stderr  # the statement confirmed, on record
    said = " ".join(next(out.glob("*-complaint.txt")).read_text("utf-8").split())
    assert "asking for an answer by 27 October 2026" in said
    assert "I lodge this complaint before that date" in said
    assert "unanswered" not in said and "no record of an answer to it" not in said


def test_force_in_a_terminal_asks_and_no_means_nothing(
    reminded: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.cli.early as early

    reference, out = reminded
    monkeypatch.setattr(early, "terminal", lambda **_: True)
    args = ("complaint", reference, "--date", "2026-10-12", "--format", "txt", "--out", str(out))
    declined = _run(*args, "--force", input="\n")  # "no" by default
    assert declined.exit_code == 1 and "Nothing was made." in declined.stderr
    assert "gives the controller until 27 October 2026" in declined.stderr
    assert not list(out.glob("*-complaint.*"))
    confirmed = _run(*args, "--force", input="yes\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert "before that date" in next(out.glob("*-complaint.txt")).read_text("utf-8")


def test_after_the_reminders_day_the_complaint_says_no_answer_is_on_record(
    reminded: tuple[str, Path],
) -> None:
    reference, out = reminded
    done = _run(
        "complaint", reference, "--date", "2026-10-28", "--format", "txt", "--out", str(out)
    )
    assert done.exit_code == 0, done.output
    said = " ".join(next(out.glob("*-complaint.txt")).read_text("utf-8").split())
    assert "to date I have no record of an answer to it either" in said
    assert "The controller received it the same day." in said
    assert "went unanswered" not in said and "I have received none" not in said


def test_a_register_of_the_last_round_gains_the_day_of_receipt(tmp_path: Path) -> None:
    """0003_received adds the column to a register at 0002, its letters kept: their receipt is
    then taken from how they left (here by post: an estimate)."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from generator.documents.after import standing
    from generator.register.store import HEAD, Register

    reference = _letter(tmp_path)
    kept = Register().get(reference)
    path = tmp_path / "old.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option(
        "script_location", str(Path(__file__).parents[1] / "generator" / "register" / "migrations")
    )
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_after_the_letter")
        newer = {"received_on", "extended_to", "extension_announced_on", "extension_reasons"}
        newer |= {"extension_file", "extension_sha256"}
        row = {k: v for k, v in _fields(kept).items() if k not in newer}
        row.update(sent_on=dt.date(2026, 9, 2), sent_via="post", made_at=dt.datetime(2026, 9, 1))
        conn.execute(sa.table("letters", *(sa.column(k) for k in row)).insert().values(row))
    engine.dispose()
    assert HEAD == "0004_extension"
    migrated = Register(path).get(reference)
    assert migrated.sent_on == dt.date(2026, 9, 2) and migrated.received_on is None
    state = standing(migrated, {}, dt.date(2026, 10, 1))
    assert state.receipt is not None
    assert (state.receipt.day, state.receipt.estimated) == (dt.date(2026, 9, 12), True)
    assert state.due == dt.date(2026, 10, 12)
