"""The form text: always within the limit, the categories and grounds present, never cut."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import VALID, fold
from generator.answers.reading import answers_from_mapping
from generator.base.errors import InvalidInput
from generator.cli import cli
from generator.documents.form_text import default_max_chars, form_text
from generator.documents.letter import reference_id

GROUNDS = fold(VALID["objection"]["grounds"])


def answers(**objection: Any) -> Any:
    data = copy.deepcopy(VALID)
    data["objection"].update(objection)
    return answers_from_mapping(data, source="t")


@pytest.mark.parametrize("locale", ["en", "it"])
@pytest.mark.parametrize("limit", [400, 900, 2000])
def test_fits_every_limit_with_categories_and_grounds(locale: str, limit: int) -> None:
    short = "Assistente sociale: i miei post riguardano minori."
    member = answers(categories=["profile", "ai_usage", "feedback"], grounds_short=short)
    form = form_text(member, locale, limit)
    assert len(form.text) <= limit
    # the member's own words, verbatim, never cut: the full grounds wherever they fit
    assert (short if form.short_grounds else GROUNDS) in form.text
    assert form.short_grounds == (limit == 400 and locale == "it")
    assert reference_id(member) in form.text
    # One style: lower-case names; the full wording says what each covers, the compact one
    # names what the setting does not reach by its short form name.
    words = {
        "en": ["profile data" + ("" if form.level else " (name, photo")]
        + (
            ["AI-feature prompts", "feedback data"]
            if form.level
            else ["prompts, search text", "feedback (support requests"]
        ),
        "it": ["dati del profilo" + ("" if form.level else " (nome, foto")]
        + (
            ["prompt delle funzioni di IA", "dati di feedback"]
            if form.level
            else ["prompt, testi di ricerca", "feedback (richieste di assistenza"]
        ),
    }[locale]
    assert [w for w in words if w not in form.text] == []
    assert ("GDPR" if locale == "en" else "RGPD") in form.text


def test_the_fullest_wording_that_fits_is_chosen() -> None:
    member = answers()
    levels = [form_text(member, "en", n).level for n in (2000, 700, 450)]
    assert levels == sorted(levels) and levels[0] == 0 and levels[-1] == 2
    full = form_text(member, "en", 2000).text
    assert "Name: Maria Grazia Esposito" in full
    assert "Account e-mail: mg.esposito@example.org" in full
    assert "Article 21(1) GDPR" in full
    assert full.endswith("A full letter follows.")


def test_the_letter_was_sent_only_if_the_register_says_so() -> None:
    """The next steps put the form before the letter: the form says the letter follows,
    unless the register records it as sent (whatever its date)."""
    member = answers()
    for limit in (2000, 700, 450):
        unsent = form_text(member, "en", limit)
        sent = form_text(member, "en", limit, letter_sent=True)
        assert unsent.level == sent.level
        assert unsent.text.endswith("A full letter follows.")
        assert "2 November 2026" in sent.text.splitlines()[-1]
        assert "follows" not in sent.text
    assert form_text(member, "en", 2000, letter_sent=True).text.endswith(
        "I sent you a full letter dated 2 November 2026."
    )


def test_grounds_that_do_not_fit_are_never_cut() -> None:
    long = "My situation. " * 40
    with pytest.raises(InvalidInput) as info:
        form_text(answers(grounds=long), "en", 400)
    message = str(info.value)
    over = int(message.split("Your grounds are ")[1].split(" ")[0])
    assert over > 0 and "objection.grounds_short" in message
    # exactly that many characters fewer fit
    room = int(message.split("at most ")[1].split(" ")[0])
    assert room == len(fold(long)) - over


def test_grounds_short_is_used_when_needed() -> None:
    long = "My situation, at length. " * 40
    member = answers(grounds=long, grounds_short="I am a social worker; my posts concern minors.")
    form = form_text(member, "en", 400)
    assert form.short_grounds
    assert "I am a social worker; my posts concern minors." in form.text
    assert len(form.text) <= 400
    roomy = form_text(member, "en", 2000)
    assert not roomy.short_grounds and fold(long) in roomy.text


def test_limit_too_small_for_any_wording() -> None:
    with pytest.raises(InvalidInput, match=r"A limit of 50 characters is too small: even"):
        form_text(answers(), "en", 50)


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("GB", "Article 21(1) UK GDPR"),
        ("CH", "Article 30(2)(b) and (3) FADP"),
        ("HK", "Data Protection Principle 3 of the PDPO"),
    ],
)
def test_form_follows_the_regime(country: str, expected: str) -> None:
    data = copy.deepcopy(VALID)
    data["person"]["country"] = country
    member = answers_from_mapping(data, source="t")
    text = form_text(member, "en", 2000).text
    assert expected in text
    if country == "HK":
        assert "GDPR" not in text


def test_default_limit_comes_from_controller_data() -> None:
    assert default_max_chars("linkedin") == 2000


def test_cli_prints_and_writes(tmp_path: Path, write_answers: Any) -> None:
    path = write_answers(copy.deepcopy(VALID))
    runner = CliRunner()
    result = runner.invoke(cli, ["form-text", "--answers", str(path), "--max-chars", "900"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.rstrip("\n")) <= 900
    assert GROUNDS in result.stdout  # Italian answers: the Italian text
    assert "Opposizione" in result.stdout
    out = tmp_path / "form.txt"
    result = runner.invoke(
        cli, ["form-text", "--answers", str(path), "-o", str(out), "--locale", "en"]
    )
    assert result.exit_code == 0
    assert out.read_text("utf-8").startswith("Objection under Article 21 GDPR")
    assert "of 2000 characters" in result.stderr


def test_cli_errors_exit_2_and_write_nothing(tmp_path: Path, write_answers: Any) -> None:
    data = copy.deepcopy(VALID)
    data["objection"]["grounds"] = "x " * 400
    path = write_answers(data)
    out = tmp_path / "form.txt"
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "form-text",
            "--answers",
            str(path),
            "--max-chars",
            "400",
            "-o",
            str(out),
            "--locale",
            "it",
        ],
    )
    assert result.exit_code == 2
    assert "I tuoi motivi superano di" in result.stderr
    assert not out.exists()
    result = runner.invoke(cli, ["form-text", "--answers", str(path), "--max-chars", "0"])
    assert result.exit_code == 2
    data["objection"]["categories"] = ["dreams"]
    result = runner.invoke(cli, ["form-text", "--answers", str(write_answers(data))])
    assert result.exit_code == 2 and "dreams is not a category" in result.stderr
    data["objection"].update(categories="all", grounds="")
    result = runner.invoke(cli, ["form-text", "--answers", str(write_answers(data))])
    assert result.exit_code == 2 and "objection.grounds: is empty" in result.stderr
    result = runner.invoke(cli, ["form-text"])
    assert result.exit_code == 2 and "--answers FILE" in result.output


def test_form_text_and_next_steps_take_the_documents_options(
    runner: CliRunner, tmp_path: Path
) -> None:
    """-o FILE, --out FOLDER and --date mean on form-text and next-steps what they mean on
    letter; without them the text goes to standard output, as before."""
    out = tmp_path / "out"
    done = runner.invoke(cli, ["form-text", "--sample", "--out", str(out), "--date", "2026-09-01"])
    assert done.exit_code == 0, done.output
    (form,) = out.glob("*.form.txt")
    assert "OBJ-20260901-" in form.read_text("utf-8") and done.stdout == ""
    steps = tmp_path / "steps.txt"
    done = runner.invoke(cli, ["next-steps", "--sample", "-o", str(steps), "--date", "2026-09-01"])
    assert done.exit_code == 0, done.output
    written = " ".join(steps.read_text("utf-8").split())
    assert "by 1 October 2026 if it receives it on 1 September 2026" in written
    assert str(steps) in done.stderr
    shown = runner.invoke(cli, ["next-steps", "--sample", "--locale", "en"])
    assert shown.exit_code == 0 and shown.stdout.startswith("What to do now (reference OBJ-")
    assert not list(tmp_path.glob("**/*.next-steps.txt"))
    refused = runner.invoke(cli, ["form-text", "--sample", "--format", "pdf"])
    assert refused.exit_code == 2


def test_the_command_line_adds_the_option_to_the_librarys_message(runner: CliRunner) -> None:
    """The library says "allow more characters"; the command line names --max-chars."""
    result = runner.invoke(cli, ["form-text", "--sample", "--max-chars", "100", "--locale", "it"])
    assert result.exit_code == 2
    assert "Un limite di 100 caratteri è troppo poco" in result.stderr
    assert result.stderr.rstrip().endswith("(--max-chars N)")
