"""The member's next steps, the due date, and the deadline as a calendar event."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from conftest import VALID, fold
from generator.answers.reading import answers_from_mapping
from generator.cli import cli
from generator.deadlines import add_months
from generator.documents.next_steps import next_steps


def member(country: str = "IT", **objection: Any) -> Any:
    data = copy.deepcopy(VALID)
    data["person"]["country"] = country
    data["objection"].update(objection)
    return answers_from_mapping(data, source="t")


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (dt.date(2026, 11, 2), dt.date(2026, 12, 2)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_one_month(day: dt.date, due: dt.date) -> None:
    assert add_months(day, 1) == due


@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        (
            "en",
            [
                "1. Switch off the setting “Data for Generative AI Improvement”",
                "Settings & Privacy → Data privacy → Data for Generative AI Improvement",
                "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
                "2. Fill in LinkedIn's “Data Processing Objection Request” form",
                "https://www.linkedin.com/help/linkedin/ask/TS-DPRO",
                "3. Sign the letter and send it, as a PDF, through LinkedIn's own route",
                "https://www.linkedin.com/help/linkedin/ask/TSO-DPO",
                "it gives you a dated receipt",
                "by registered post with proof of delivery to LinkedIn Ireland Unlimited Company",
                "4. An answer is due one month after LinkedIn receives your letter: by 2 December "
                "2026 if it receives it on 2 November 2026",
                "5. If no answer comes, or LinkedIn refuses, complain to the Italian Garante",
                "protocollo@pec.gpdp.it",
                "art. 140-bis",
            ],
        ),
        (
            "it",
            [
                "1. Disattiva l'impostazione «Dati per migliorare l'IA generativa»",
                "Impostazioni e privacy → Privacy dei dati",
                "4. La risposta è dovuta un mese dopo che LinkedIn riceve la tua lettera: entro il "
                "2 dicembre 2026 se la riceve il 2 novembre 2026",
                "presenta reclamo al Garante per la protezione dei dati personali",
                "autorità di controllo capofila",
                "art. 140-bis",
            ],
        ),
    ],
)
def test_steps_in_order(locale: str, phrases: list[str]) -> None:
    text = fold(next_steps(member(), locale).text)
    positions = [text.find(fold(p)) for p in phrases]
    assert -1 not in positions, [p for p, i in zip(phrases, positions, strict=True) if i < 0]
    numbered = [text.find(f"{n}. ") for n in range(1, 6)]
    assert numbered == sorted(numbered)


def test_steps_already_done() -> None:
    text = fold(next_steps(member(switch_already_off=True, form_already_sent=True), "en").text)
    assert "you switched it off already. Check that it is still off" in text
    assert "you sent it already" in text
    assert "Fill in LinkedIn's" not in text


@pytest.mark.parametrize(
    ("country", "expected", "unexpected"),
    [
        (
            "GB",
            [
                "the Information Commissioner's Office (ICO)",
                "complained to the organisation first",
                "https://ico.org.uk",
            ],
            ["lead supervisory authority"],
        ),
        (
            "CH",
            [
                "Federal Data Protection and Information Commissioner (FDPIC)",
                "Feldeggweg 1, 3003 Bern",
                "The FADP sets no deadline for answering an objection",
                "(Article 12(3) GDPR), which binds LinkedIn Ireland Unlimited Company as well",
                "Article 32 FADP",
                "Data Protection Commission (DPC)",
            ],
            ["140-bis"],
        ),
        (
            "HK",
            [
                "Privacy Commissioner for Personal Data (PCPD)",
                "may refuse to investigate a complaint made more than 2 years after",
                "in Chinese or English (section 37 PDPO)",
                "Data Access Request Form (OPS003)",
                "LinkedIn Corporation, 1000 W Maude Avenue",
                "The PDPO sets no deadline",
                "data access request, section 18 PDPO",
                "within 40 days",
            ],
            ["Data Protection Commission", "An answer is due"],
        ),
        (
            "DE",
            [
                "complain to the data protection authority of your Land",
                "https://www.datenschutzkonferenz-online.de",
                "Data Protection Commission (DPC)",
            ],
            ["140-bis", "Federal Commissioner", "BfDI"],
        ),
    ],
)
def test_steps_follow_the_regime(country: str, expected: list[str], unexpected: list[str]) -> None:
    text = fold(next_steps(member(country), "en").text)
    assert [e for e in expected if e not in text] == []
    assert [u for u in unexpected if u in text] == []


@pytest.mark.parametrize("locale", ["en", "it"])
def test_ics_deadline(tmp_path: Path, write_answers: Any, locale: str) -> None:
    path = write_answers(copy.deepcopy(VALID))
    ics = tmp_path / "due.ics"
    result = CliRunner().invoke(
        cli, ["next-steps", "--answers", str(path), "--ics", str(ics), "--locale", locale]
    )
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == dt.date(2026, 12, 2)
    assert "OBJ-20261102-" in str(event["summary"])
    assert str(event["uid"]).startswith("OBJ-20261102-")
    expected = {
        "en": "LinkedIn's answer to your objection is due",
        "it": "Scade il termine per la risposta di LinkedIn",
    }[locale]
    assert expected in str(event["summary"])
    assert "Garante" in str(event["description"])
    alarms = list(event.walk("VALARM"))
    assert alarms and alarms[0].decoded("trigger") == -dt.timedelta(days=1)
    assert "1. " in result.stdout  # the steps are printed too
