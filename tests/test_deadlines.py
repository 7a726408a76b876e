"""The deadline engine: each law's periods, counted as the law counts them (tests/data/
deadline_table.toml), each date explained in both languages, extensions, the next clock, and
one register whose dates every command and document gives alike."""

from __future__ import annotations

import copy
import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from conftest import VALID, letter_in_register, pdf_text, to_toml
from generator.cli import cli
from generator.deadlines import (
    Dated,
    ExtensionClaim,
    Receipt,
    acknowledgement_due,
    answer_due,
    authority_news,
    explain,
    if_sent_today,
    reminder_reply_by,
    rules,
)
from generator.facts.controllers import load_controller
from generator.facts.jurisdictions import jurisdiction_for

ROOT = Path(__file__).parents[1]
TABLE = tomllib.loads((ROOT / "tests" / "data" / "deadline_table.toml").read_text("utf-8"))


def _dated(row: dict[str, Any]) -> Dated:
    law = jurisdiction_for(row["country"], None, "linkedin")
    start, what = row["start"], row["what"]
    got = Receipt(start, recorded=True)
    if what in ("answer", "access"):
        claim = (
            ExtensionClaim(row["extended_to"], row["announced"], row.get("reasons", True))
            if "extended_to" in row
            else None
        )
        return answer_due(got, law, access=what == "access", extension=claim)
    if what == "reminder":
        return reminder_reply_by(start, law)
    found = {"acknowledgement": acknowledgement_due, "authority": authority_news}[what](got, law)
    assert found is not None, row
    return found


def _row_id(row: dict[str, Any]) -> str:
    return f"{row['country']}-{row['what']}-{row['start']}"


@pytest.mark.parametrize("row", TABLE["row"], ids=_row_id)
def test_the_table_of_dates(row: dict[str, Any]) -> None:
    dated = _dated(row)
    assert dated.day == row["expected"], f"{row['why']}: {explain(dated, 'en')}"
    period = dated.period or (dated.extension.first.period if dated.extension else None)
    assert period is not None
    sources = f"{period.source} {period.counting.source}"
    assert row["source"] in sources, (row["source"], sources)


def test_the_table_covers_what_the_issue_asks() -> None:
    """31 January, 28/29 February, 30 April, a Saturday, 25–26 December in Ireland, Easter
    Monday, a UK bank holiday, a year end: each is in the table."""
    whys = " ".join(row["why"] for row in TABLE["row"])
    for needed in ("31 January", "29 February", "30 May", "Saturday", "25 and 26 December"):
        assert needed in whys or needed.replace("31 January", "a month from 31") in whys
    for needed in ("Easter Monday", "bank holiday in the UK", "year end", "Scotland"):
        assert needed in whys
    assert {row["country"] for row in TABLE["row"]} == {"IT", "GB", "CH", "HK"}


def test_every_period_has_its_source_and_date() -> None:
    for (law, what), period in rules().items():
        assert period.source and period.checked, (law, what)
        assert period.rule.keys() == {"en", "it"}, (law, what)
        assert period.counting.rule.keys() == {"en", "it"}, (law, what)
    # Every regime has an answer, an access and a reminder period; the UK its s. 164A one.
    for law in ("gdpr", "uk_gdpr", "fadp", "pdpo"):
        for what in ("answer", "access", "reminder"):
            assert (law, what) in rules(), (law, what)
    assert ("uk_gdpr", "acknowledgement") in rules()
    # Where a law sets no period, none is invented: the PDPO's answer is the letter's request.
    assert not rules()[("pdpo", "answer")].legal
    assert ("fadp", "authority") not in rules() and ("pdpo", "authority") not in rules()


def test_the_swiss_month_is_the_gdprs_because_every_swiss_controller_is_in_the_eu() -> None:
    """deadlines.toml gives Switzerland the GDPR's month for an objection: right only while
    the controller for Swiss members is established in the EU (Art. 3(1) GDPR)."""
    for name in ("linkedin", "meta"):
        assert jurisdiction_for("CH", None, name).controller.established_in_eu, name


def test_no_legal_period_is_written_outside_the_engine() -> None:
    """No `add_one_month`, no timedelta(days=30) or of 14 or 40, outside generator/deadlines."""
    for path in (ROOT / "generator").rglob("*.py"):
        if "deadlines" in path.parts:
            continue
        text = path.read_text("utf-8")
        assert "add_one_month" not in text, path
        assert not re.search(r"timedelta\(days=(14|30|40)\)", text), path
        assert "relativedelta" not in text, path


def test_a_date_is_explained_in_both_languages() -> None:
    law = jurisdiction_for("IT", None, "linkedin")
    dated = answer_due(Receipt(dt.date(2027, 2, 17), sent_on=dt.date(2027, 2, 17), via="form"), law)
    english = explain(dated, "en")
    assert english.startswith("18 March 2027: received on 17 February 2027, the day it was sent")
    assert "Art. 12(3) GDPR" in english and "Regulation (EEC, Euratom) No 1182/71" in english
    assert "17 March 2027 is a public holiday in Ireland (Saint Patrick's Day)" in english
    assert "next working day" in english
    italian = explain(dated, "it")
    assert italian.startswith("18 marzo 2027: ricevuta il 17 febbraio 2027")
    assert "art. 12, par. 3, RGPD" in italian and "Regolamento (CEE, Euratom) n. 1182/71" in italian
    assert "è un giorno festivo in Irlanda" in italian and "giorno lavorativo successivo" in italian
    assert not re.search(r"\b(received|plus|public holiday)\b", italian), italian


def test_a_posted_letter_is_explained_as_an_estimate() -> None:
    law = jurisdiction_for("IT", None, "linkedin")
    posted = Receipt(dt.date(2027, 3, 11), True, dt.date(2027, 3, 1), "post")
    said = explain(answer_due(posted, law), "en")
    assert "received on or about 11 March 2027: posted on 1 March 2027, plus 10 days" in said


def test_if_sent_today_gives_each_route() -> None:
    law = jurisdiction_for("IT", None, "linkedin")
    routes = dict(if_sent_today(dt.date(2026, 12, 7), law))
    assert routes["form"].day == routes["email"].day == dt.date(2027, 1, 7)
    # Posted: on or about 17 December, a month later is a Sunday.
    assert routes["post"].day == dt.date(2027, 1, 18) and routes["post"].estimated


# --- the commands -----------------------------------------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def _letter(tmp_path: Path, date: str = "2026-01-20") -> str:
    return letter_in_register(tmp_path, "en", date)


def _flat(path: Path) -> str:
    return " ".join(path.read_text("utf-8").split())


def test_status_next_steps_ics_follow_up_and_complaint_agree(tmp_path: Path) -> None:
    """One register: posted on 1 February 2026 to Dublin, received on 17 February (recorded);
    the month ends on 17 March, St Patrick's Day, so the answer is due on 18 March. Every
    command and document says 18 March."""
    reference = _letter(tmp_path)
    assert _run("sent", reference, "--on", "2026-02-01", "--via", "post").exit_code == 0
    got = _run("sent", reference, "--received", "2026-02-17")
    assert got.exit_code == 0 and "18 March 2026" in got.stderr, got.output
    status = _run("status", "--csv")
    assert ",2026-02-17,2026-03-18," in status.stdout, status.stdout
    steps = _run(
        "next-steps",
        "--answers",
        str(tmp_path / "answers.toml"),
        "--ics",
        str(tmp_path / "due.ics"),
        "-o",
        str(tmp_path / "steps.txt"),
    )
    assert steps.exit_code == 0, steps.output
    said = _flat(tmp_path / "steps.txt")
    assert "An answer is due by 18 March 2026" in said
    assert "17 March 2026 is a public holiday in Ireland" in said
    event = next(
        c
        for c in icalendar.Calendar.from_ical((tmp_path / "due.ics").read_bytes()).walk()
        if c.name == "VEVENT"
    )
    assert event["dtstart"].dt == dt.date(2026, 3, 18)
    assert "St Patrick" in str(event["description"]) or "Saint Patrick" in str(event["description"])
    early = _run("follow-up", reference, "--date", "2026-03-18", "--out", str(tmp_path))
    assert early.exit_code == 2 and "18 March 2026" in early.stderr
    out = tmp_path / "after"
    follow = _run(
        "follow-up", reference, "--date", "2026-03-19", "--format", "txt", "--out", str(out)
    )
    assert follow.exit_code == 0, follow.output
    reminder = _flat(next(out.glob("*-follow-up.txt")))
    assert "that is by 18 March 2026" in reminder
    assert "by 2 April 2026" in reminder  # the reminder's 14 days
    sent = _run("sent", f"{reference}-F", "--on", "2026-03-19", "--via", "email")
    assert sent.exit_code == 0 and "3 April 2026" in sent.stderr, sent.output
    complaint = _run(
        "complaint", reference, "--date", "2026-04-03", "--format", "txt", "--out", str(out)
    )
    assert complaint.exit_code == 0, complaint.output
    said = _flat(next(out.glob("*-complaint.txt")))
    assert "The answer was due by 18 March 2026" in said and "by 2 April 2026" in said
    explained = _run("status", "--explain")
    flat = " ".join(explained.stdout.split())
    assert "Answer due: 18 March 2026: received on 17 February 2026 (the day you recorded)" in flat
    assert "Your reminder's time runs until: 2 April 2026" in flat
    assert "A complaint can be made from: 3 April 2026" in flat
    assert "St Patrick" in flat or "Saint Patrick" in flat


def test_an_extension_moves_the_due_date_and_holds_the_reminder(tmp_path: Path) -> None:
    reference = _letter(tmp_path)
    assert _run("sent", reference, "--on", "2026-01-31", "--via", "form").exit_code == 0
    notice = tmp_path / "notice.eml"
    notice.write_bytes(b"From: dpo@example.com\n\nWe need two more months, because ...\n")
    extended = _run(
        "answered",
        reference,
        "--extended-to",
        "2026-06-30",
        "--on",
        "2026-02-20",
        "--file",
        str(notice),
    )
    assert extended.exit_code == 0, extended.output
    said = " ".join(extended.stderr.split())
    assert "now due by 30 April 2026" in said and "cut to 30 April 2026" in said
    assert ",2026-04-30," in _run("status", "--csv").stdout
    held = _run("follow-up", reference, "--date", "2026-03-10", "--out", str(tmp_path))
    assert held.exit_code == 2
    assert "extended the time to answer" in held.stderr and "1 May 2026" in held.stderr
    assert "--force" in held.stderr
    out = tmp_path / "early"
    forced = _run(
        "follow-up",
        reference,
        "--date",
        "2026-03-10",
        "--force",
        "--confirm-before",
        "2026-04-30",
        "--format",
        "txt",
        "--out",
        str(out),
    )
    assert forced.exit_code == 0, forced.output
    assert "If no answer comes by 30 April 2026" in " ".join(forced.stderr.split())
    text = _flat(next(out.glob("*-follow-up.txt")))
    assert "you were extending that period to 30 June 2026" in text
    assert "I write before 30 April 2026" in text
    assert _run("sent", f"{reference}-F", "--on", "2026-03-10", "--via", "email").exit_code == 0
    explained = " ".join(_run("status", "--explain").stdout.split())
    assert "the controller announced on 20 February 2026 an extension" in explained
    assert explained.count("Answer due:") == 1
    assert "Your reminder's time runs until: 30 April 2026: your reminder was sent while" in (
        explained
    )
    wrong = _run("evidence", reference, "--unsigned", "-o", str(tmp_path / "pack.txt"))
    assert wrong.exit_code == 2 and "name it FILE.pdf" in wrong.stderr
    assert not (tmp_path / "pack.txt").exists()
    pack = tmp_path / "pack.pdf"
    made = _run("evidence", reference, "--unsigned", "-o", str(pack))
    assert made.exit_code == 0, made.output
    timeline = " ".join(pdf_text(pack).split())
    assert (
        "Extension announced 2026-02-20 to 2026-06-30; the law allows until 2026-04-30" in timeline
    )
    assert "Answer due 2026-04-30" in timeline


def test_a_late_extension_is_pointed_out_in_the_laws_terms(tmp_path: Path) -> None:
    reference = _letter(tmp_path)
    assert _run("sent", reference, "--on", "2026-01-31", "--via", "form").exit_code == 0
    late = _run("answered", reference, "--extended-to", "2026-04-10", "--on", "2026-03-05")
    assert late.exit_code == 0, late.output
    assert "does not move the due date" in " ".join(late.stderr.split())
    again = _run("answered", reference, "--extended-to", "2026-04-12", "--on", "2026-03-05")
    said = " ".join(again.stderr.split())
    assert "It replaces the extension recorded before (to 10 April 2026" in said
    out = tmp_path / "after"
    made = _run(
        "follow-up", reference, "--date", "2026-03-06", "--format", "txt", "--out", str(out)
    )
    assert made.exit_code == 0, made.output
    text = _flat(next(out.glob("*-follow-up.txt")))
    assert "does not meet the conditions of Article 12(3) GDPR, because you announced it" in text
    assert "only after the period had ended; the period therefore ended on 2 March 2026" in text


def test_answered_refuses_an_outcome_and_an_extension_together(tmp_path: Path) -> None:
    reference = _letter(tmp_path)
    both = _run("answered", reference, "--outcome", "refused", "--extended-to", "2026-04-10")
    assert both.exit_code == 2 and "not both" in both.stderr
    neither = _run("answered", reference)
    assert neither.exit_code == 2 and "--outcome" in neither.stderr


def test_next_steps_before_sending_says_each_route(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    data = copy.deepcopy(VALID)
    data["locale"] = "en"
    data["signature"]["date"] = "2026-12-07"
    answers.write_text(to_toml(data), encoding="utf-8")
    steps = _run("next-steps", "--answers", str(answers), "-o", str(tmp_path / "s.txt"))
    assert steps.exit_code == 0, steps.output
    said = _flat(tmp_path / "s.txt")
    assert (
        "If it leaves on 7 December 2026: through the web form or by e-mail, an answer is "
        "due by 7 January 2027; by registered post, by 18 January 2027 at the latest" in said
    )


def test_status_names_the_next_date(tmp_path: Path) -> None:
    reference = _letter(tmp_path, "2026-11-20")
    assert _run("sent", reference, "--on", "2026-11-20", "--via", "email").exit_code == 0
    rows = _run("status", "--csv").stdout.strip().splitlines()
    # 20 December 2026 is a Sunday.
    assert rows[0].endswith(",next") and rows[1].endswith(",2026-12-21"), rows
    explained = " ".join(_run("status", "--explain").stdout.split())
    assert "Next: wait for the answer until 21 December 2026" in explained
    assert _run("status", "--csv", "--explain").exit_code == 2
    steps = _run(
        "next-steps", "--answers", str(tmp_path / "answers.toml"), "-o", str(tmp_path / "s.txt")
    )
    assert steps.exit_code == 0, steps.output
    assert "Next: wait for the answer until 21 December 2026" in " ".join(steps.stderr.split())


def test_the_controllers_are_known_to_the_engine() -> None:
    """Every controller entity's country has a holiday calendar in the `holidays` library."""
    import holidays

    for name in ("linkedin", "meta"):
        for entity in load_controller(name).data.entities.values():
            assert holidays.country_holidays(entity.country, years=2027), entity.name


def test_a_register_of_the_last_round_is_brought_up_to_date_by_status(tmp_path: Path) -> None:
    """A register at 0003 (before extensions): `status`, which only reads, brings it to the
    new schema where it can be written, rather than asking the member to find a command that
    writes."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from generator.register.store import HEAD

    path = tmp_path / "old.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(ROOT / "generator" / "register" / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003_received")
    engine.dispose()
    shown = CliRunner().invoke(cli, ["--register", str(path), "status"])
    assert shown.exit_code == 0, shown.output
    with sa.create_engine(f"sqlite:///{path}").connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == HEAD


def test_a_country_without_a_holiday_calendar_is_refused_not_counted_without_one() -> None:
    """Counting without a country's public holidays could end a period too early: refused."""
    from generator.base.errors import ObjectionError
    from generator.deadlines.counting import _names, working_day

    counting = rules()[("gdpr", "answer")].counting
    with pytest.raises(ObjectionError) as caught:
        working_day(dt.date(2027, 3, 17), counting, {"controller": "XX", "authority": "IT"})
    assert caught.value.code == "deadlines.no_calendar" and "XX" in str(caught.value)
    with pytest.raises(ObjectionError) as caught:  # a part of a country it does not know
        _names("GB", "XYZ", 2027)
    assert caught.value.code == "deadlines.no_calendar" and "GB-XYZ" in str(caught.value)
