"""Grounds that disclose too much, or are in another language, get a warning — never a refusal."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import VALID
from generator.answers.grounds import grounds_warnings, language_of, sensitive_topics
from generator.answers.reading import answers_from_mapping, sample_answers
from generator.cli import cli
from generator.documents.letter import build_letter


@pytest.mark.parametrize(
    ("grounds", "topics"),
    [
        ("I discuss clinical cases of my patients with colleagues.", {"health", "confidential"}),
        ("I am a union rep and post about our strike.", {"union"}),
        ("Ho una diagnosi di depressione che ho condiviso in un gruppo.", {"health"}),
        ("Seguo trattative riservate per i miei clienti.", {"confidential"}),
        ("Sono delegata RSU e scrivo del sindacato.", {"union"}),
        ("I was convicted years ago and rebuilt my career.", {"criminal"}),
        ("Scrivo della mia fede e della mia chiesa.", {"religion"}),
        ("I write about my career in logistics and my published articles.", set()),
        # A consultant's work on union disputes discloses no membership of their own.
        ("Sono consulente del lavoro: descrivo le vertenze sindacali che seguo.", set()),
        ("I advise employers on trade union negotiations.", set()),
        ("Sono una donna trans e ne scrivo nei miei post.", {"gender"}),
        ("I wrote about my gender transition last year.", {"gender"}),
    ],
)
def test_sensitive_topics_are_found(grounds: str, topics: set[str]) -> None:
    assert set(sensitive_topics(grounds)) == topics


def test_the_warning_names_the_words_and_shows_how_to_rephrase() -> None:
    warnings = grounds_warnings("I discuss clinical cases of my patients.", "en")
    text = str(warnings[0])
    assert "health" in text and "my patients" in text
    assert "describing the risk rather than the conduct" in text
    assert "The letter is made as you wrote it." in text
    assert "sono riportati alla lettera" in warnings[0].text("it").lower()


def test_a_word_two_topics_share_is_named_once() -> None:
    """The word "miei pazienti" shows both health and professional secrecy: named once."""
    (warning, *_) = grounds_warnings("Discuto casi clinici dei miei pazienti.", "it")
    words = warning.text("it").split("(", 1)[1].split(")", 1)[0]
    assert words == "casi clinici, miei pazienti"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (VALID["objection"]["grounds"], "it"),
        ("I write for a living and a model trained on my articles would compete with me.", "en"),
        ("AI.", None),
    ],
)
def test_language_of_the_grounds(text: str, language: str | None) -> None:
    assert language_of(text) == language


def test_grounds_in_another_language_are_a_warning_not_an_error() -> None:
    answers = answers_from_mapping(copy.deepcopy(VALID), source="t")  # Italian grounds
    english = [str(w) for w in build_letter(answers, "en").warnings]
    assert any("seem written in Italian, the letter in English" in w for w in english)
    assert not any("seem written" in str(w) for w in build_letter(answers, "it").warnings)
    # The languages' names are CLDR's, in the language of the message.
    in_italian = [w.text("it") for w in build_letter(answers, "en").warnings]
    assert any("sembrano scritti in italiano, la lettera in inglese" in w for w in in_italian)


@pytest.mark.parametrize("locale", ["en", "it"])
def test_the_samples_model_good_grounds(locale: str) -> None:
    assert build_letter(sample_answers(locale), locale).warnings == ()


def test_a_letter_is_still_made_and_the_warning_goes_to_stderr(
    write_answers: Any, tmp_path: Any
) -> None:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["locale"] = "en"
    data["objection"]["grounds"] = "I post about my HIV therapy to support others."
    result = CliRunner().invoke(
        cli, ["letter", "--answers", str(write_answers(data)), "--format", "txt", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert "I post about my HIV therapy to support others." in result.stdout  # verbatim
    assert "Note: Your grounds mention health (HIV, therapy)" in result.stderr
