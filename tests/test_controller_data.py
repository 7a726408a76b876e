"""A controller is data: a fictitious one renders complete letters with no change to code."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import VALID, fold, pdf_text, write_pdf
from generator import load_answers, render
from generator.answers.reading import answers_from_mapping
from generator.base.errors import InvalidAnswers
from generator.cli import cli
from generator.documents.form_text import form_text
from generator.documents.letter import build_letter, render_text
from generator.documents.next_steps import next_steps
from generator.facts import controllers

ACME = Path(__file__).parent / "data" / "controllers"


@pytest.fixture(autouse=True)
def acme() -> Iterator[None]:
    controllers.CONTROLLER_DIRS.append(ACME)
    yield
    controllers.CONTROLLER_DIRS.remove(ACME)


def acme_member(country: str = "IT", **objection: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["controller"] = "acme"
    data["person"]["country"] = country
    data["person"].pop("profile_url")
    data["objection"] = {"categories": "all", "grounds": VALID["objection"]["grounds"], **objection}
    return data


@pytest.mark.parametrize("locale", ["en", "it"])
@pytest.mark.parametrize("country", ["IT", "HK"])
def test_a_fictitious_controller_gives_a_complete_letter(country: str, locale: str) -> None:
    answers = answers_from_mapping(acme_member(country), source="t")
    letter = build_letter(answers, locale)
    text = fold(render_text(letter))
    entity = "Acme Social Europe B.V." if country == "IT" else "Acme Social Asia Ltd"
    assert entity in text
    assert "Teststraat 1" in text or "1 Test Road" in text
    assert "account Acme Social" in text or "Acme Social account" in text
    assert {"en": "Posts: public posts", "it": "Post: post pubblici"}[locale] in text
    assert {"en": "15 January 2026", "it": "15 gennaio 2026"}[locale] in text
    assert "LinkedIn" not in text
    # No setting: the letter speaks of none.
    assert "Data for Generative AI" not in text and "setting" not in text
    assert "personalisation" not in text  # LinkedIn's other purposes are LinkedIn's data
    pdf = pdf_text(write_pdf(letter))
    assert entity in pdf and "LinkedIn" not in pdf


def test_its_form_text_and_next_steps(tmp_path: Path) -> None:
    answers = answers_from_mapping(acme_member(), source="t")
    form = form_text(answers, "en")
    assert form.max_chars == 1500
    assert "Acme Social" in form.text and "LinkedIn" not in form.text
    steps = next_steps(answers, "en").text
    assert steps.startswith("What to do now")
    assert "1. Fill in Acme Social's “Acme objection form” form" in fold(steps)
    assert "LinkedIn" not in steps


def test_its_unconfirmed_entity_is_a_warning() -> None:
    answers = answers_from_mapping(acme_member(), source="t")
    warnings = [str(w) for w in build_letter(answers, "en").warnings]
    assert any("Acme Social Europe B.V." in w and "Fictitious test data" in w for w in warnings)


def test_its_categories_and_regions_are_its_own() -> None:
    with pytest.raises(InvalidAnswers, match="profile is not a category: choose among posts"):
        answers_from_mapping(
            {**acme_member(), "objection": {"categories": "profile", "grounds": "g"}}, source="t"
        )
    with pytest.raises(InvalidAnswers, match="GB is not covered"):
        answers_from_mapping(acme_member("GB"), source="t")


def test_from_the_command_line_and_the_api(tmp_path: Path, write_answers: Any) -> None:
    path = write_answers(acme_member())
    result = CliRunner().invoke(
        cli, ["--locale", "en", "letter", "--answers", str(path), "--format", "txt", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert "Acme Social Europe B.V." in result.stdout
    assert "Unconfirmed fact used: Acme Social Europe B.V." in result.stderr
    assert render(load_answers(path), "txt", locale="en").decode() == result.stdout
