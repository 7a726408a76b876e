"""The United Kingdom's documents, read as the ICO and a DPO read them: the law as the Data (Use
and Access) Act 2025 left it, each allegation under the provision that requires it, the
complaint to the controller made where there is something to complain of, and the facts of
each controller's UK plan.

Every golden case of the UK is rendered here as the user gets it (tests/test_golden.py).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_golden import CASES, render

from conftest import VALID, fold
from generator.answers.reading import answers_from_mapping
from generator.base.assets import asset_dir
from generator.documents.after import render_sequel
from generator.documents.letter import build_letter, render_text
from generator.facts import controllers
from generator.facts.jurisdictions import jurisdiction_for
from generator.register.schema import Record

UK = sorted(name for name, case in CASES.items() if case.regime == "uk_gdpr")


def _text(name: str, folder: Path) -> str:
    return " ".join(render(CASES[name], folder).split())


@pytest.mark.parametrize("name", UK)
def test_no_uk_document_cites_the_omitted_article_77(name: str, tmp_path: Path) -> None:
    """Art. 77 and 57(1)(f) UK GDPR were omitted (DUAA 2025, s. 103 and Sch. 10, in force 19
    June 2026): a complaint to the Commissioner rests on s. 165 DPA 2018."""
    text = _text(name, tmp_path)
    for omitted in ("Article 77 UK GDPR", "77(2) UK GDPR", "art. 77 UK GDPR", "art. 77, par. 2"):
        assert omitted not in text, name
    assert "57(1)(f)" not in text and "57, par. 1, lett. f)" not in text, name
    if CASES[name].kind in ("letter", "follow-up", "complaint"):
        assert (
            "section 165 of the Data Protection Act 2018" in text
            or "section 165 del Data Protection Act 2018" in text
        ), name


def test_the_section_165_citation_is_data() -> None:
    """Cited in the letter, the reminder and the complaint: one place to correct it."""
    law = jurisdiction_for("GB")
    assert law.regime.complaint is not None
    assert law.regime.complaint.cite["en"] == "section 165 of the Data Protection Act 2018"
    for path in (asset_dir("templates")).rglob("*.j2"):
        assert "section 165" not in path.read_text("utf-8"), path


@pytest.mark.parametrize("name", [n for n in UK if CASES[n].kind in ("letter", "form-text")])
def test_the_letter_makes_no_section_164a_complaint(name: str, tmp_path: Path) -> None:
    """An objection alleges no infringement yet: the s. 164A complaint is the reminder's."""
    text = _text(name, tmp_path)
    assert "164A" not in text, name
    if CASES[name].kind == "letter":
        assert "Article 3(2)(a) UK GDPR" in text or "art. 3, par. 2, lett. a), UK GDPR" in text


@pytest.mark.parametrize("name", [n for n in UK if CASES[n].kind == "follow-up"])
def test_the_reminder_is_the_section_164a_complaint(name: str, tmp_path: Path) -> None:
    text = _text(name, tmp_path)
    english = CASES[name].lang == "en"
    said = (
        "This reminder is also a complaint to you under section 164A of the Data Protection Act"
        if english
        else "Il presente sollecito vale altresì come reclamo nei confronti di codesta Società"
        " ai sensi della section 164A del Data Protection Act 2018"
    )
    assert said in text
    assert ("section 164A(3) and (4)" if english else "section 164A(3) e (4)") in text
    if CASES[name].first == "objection":
        for cited in (
            ("Articles 12(3) and 12A UK GDPR, by not informing me", "artt. 12, par. 3, e 12A UK"),
            ("Article 18(1)(d) UK GDPR, by not restricting", "art. 18, par. 1, lett. d), UK GDPR,"),
            ("Article 21(1) UK GDPR, by continuing", "art. 21, par. 1, UK GDPR, continuando"),
        ):
            assert cited[0 if english else 1] in text, name
    # The acknowledgement the letter never asked for is not said to be missing.
    assert "Nor have you acknowledged" not in text and "Né avete confermato" not in text


@pytest.mark.parametrize("name", [n for n in UK if CASES[n].kind == "complaint"])
def test_the_complaint_alleges_each_failure_under_its_own_provision(
    name: str, tmp_path: Path
) -> None:
    """Not restricting is Art. 18(1)(d); not telling what was done is Art. 12(3)."""
    case = CASES[name]
    text = _text(name, tmp_path)
    assert "has not told me that it restricted" not in text
    assert "non mi ha comunicato di aver limitato" not in text
    if case.history == "silence" and case.first == "objection" and case.lang == "en":
        assert "Article 18(1)(d) UK GDPR: it did not restrict the processing" in text
        assert "Articles 12(3) and 12A UK GDPR: it did not inform me" in text
        assert "My reminder of 21 December 2026 was also a complaint to the controller" in text
    if case.first == "access":  # what it asks the ICO to obtain is the access asked for
        assert "complies with my objection" not in text
        assert "answers my request for access" in text
    # The subject names the provision the complaint rests on.
    assert "Complaint under section 165" in text or "Reclamo ai sensi della section 165" in text


# --- the s. 164A acknowledgement counts from the reminder -----------------------------------


def _record(reference: str, kind: str, made: dt.date, sent: dt.date | None) -> Record:
    """A register record as the register keeps it (no file: nothing to attach)."""
    return Record(
        reference=reference,
        name=VALID["person"]["name"],
        email=VALID["person"]["email"],
        controller="linkedin",
        regime="uk_gdpr",
        locale="en",
        letter_date=made,
        file="",
        sha256="",
        made_at=dt.datetime.combine(made, dt.time(9), tzinfo=dt.UTC),
        sent_on=sent,
        sent_via="post" if sent else None,
        kind=kind,
        refers_to=None if kind == "objection" else "OBJ-20261102-UKUKUK",
        with_access=False,
        outcome=None,
        answered_on=None,
    )


def _complaint(reminder: tuple[dt.date, dt.date | None] | None, today: dt.date) -> str:
    """The complaint on ``today`` about a letter sent on 3 November 2026, after a reminder made
    and sent on the days ``reminder`` gives (``None``: no reminder)."""
    data = copy.deepcopy(VALID)
    data["locale"] = "en"
    data["person"]["country"] = "GB"
    answers = answers_from_mapping(data, source="t")
    letter = _record("OBJ-20261102-UKUKUK", "objection", dt.date(2026, 11, 2), dt.date(2026, 11, 3))
    following = {}
    if reminder is not None:
        following["follow_up"] = _record("OBJ-20261102-UKUKUK-F", "follow_up", *reminder)
    sequel = render_sequel("complaint", answers, letter, following, "txt", today=today)
    return fold(sequel.document.data.decode("utf-8"))


DEC_14, DEC_15 = dt.date(2026, 12, 14), dt.date(2026, 12, 15)


@pytest.mark.parametrize(
    ("reminder", "today", "overdue"),
    [
        # The reminder, posted to the USA on 15 December, is estimated to arrive on 5 January
        # (generator/data/delivery.toml): the 30 days of s. 164A(3) run from its receipt,
        # counted as the ICO counts them (from the day after: to 4 February).
        ((DEC_14, DEC_15), dt.date(2027, 1, 14), False),  # 30 days after it left: not yet
        ((DEC_14, DEC_15), dt.date(2027, 2, 4), False),  # the 30th day after its receipt
        ((DEC_14, DEC_15), dt.date(2027, 2, 5), True),  # the period has ended
        ((DEC_15, None), dt.date(2027, 2, 5), False),  # not recorded as sent: no receipt
        (None, dt.date(2027, 3, 1), False),  # no reminder: no s. 164A complaint at all
    ],
)
def test_the_acknowledgement_counts_from_the_reminder(
    reminder: tuple[dt.date, dt.date | None] | None, today: dt.date, overdue: bool
) -> None:
    text = _complaint(reminder, today)
    said = "section 164A(3) of the Data Protection Act 2018: it did not acknowledge"
    assert (said in text) is overdue
    if overdue:
        assert "the complaint I made to it in my reminder of 15 December 2026" in text
    if reminder is None:
        assert "164A" not in text


# --- each controller's UK facts -------------------------------------------------------------


def test_meta_uk_letters_state_the_uk_announcement_not_the_eu_start(tmp_path: Path) -> None:
    """Meta announced UK training on 13 September 2024; 27 May 2025 is the EU's start."""
    for name in (n for n in UK if CASES[n].controller == "meta"):
        text = _text(name, tmp_path)
        assert "27 May 2025" not in text and "27 maggio 2025" not in text, name
        if CASES[name].kind == "letter":
            assert (
                "On 13 September 2024 you announced" in text
                or "In data 13 settembre 2024 codesta Società ha annunciato" in text
            ), name
    eu = _text("letter/gdpr-en-meta.txt", tmp_path)
    assert "Since 27 May 2025 you have been using" in eu


@pytest.fixture
def brit() -> Iterator[None]:
    """A fictitious controller outside the UK that names a UK representative (unconfirmed)."""
    folder = Path(__file__).parent / "data" / "uk_controllers"
    controllers.CONTROLLER_DIRS.append(folder)
    yield
    controllers.CONTROLLER_DIRS.remove(folder)


@pytest.mark.usefixtures("brit")
def test_a_uk_representative_is_named_and_its_doubt_said() -> None:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data.update(controller="brit", locale="en")
    data["person"].update(country="GB")
    data["person"].pop("profile_url")
    data["objection"]["categories"] = "all"
    letter = build_letter(answers_from_mapping(data, source="t"), "en")
    text = fold(render_text(letter))
    assert (
        "Your representative in the United Kingdom is Test Representative Ltd, 2 Test Street, "
        "London EC1A 1AA, United Kingdom (Article 27 UK GDPR)." in text
    )
    warnings = [str(w) for w in letter.warnings]
    assert any("Brit Social Inc.: representative" in w and "Fictitious" in w for w in warnings)


def test_linkedin_names_no_uk_representative() -> None:
    """None is named in the stored copies of its notices: the letter invents none."""
    assert jurisdiction_for("GB").representative is None
