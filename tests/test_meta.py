"""A second controller, Meta, from data and a few blocks of wording: letters, forms, steps."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import VALID, fold
from generator.answers.reading import answers_from_mapping
from generator.base.errors import InvalidAnswers
from generator.cli import cli
from generator.documents.letter import build_letter, render_text
from test_batch import manifest, person, write_csv


def meta_member(country: str = "IT", **person_fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["controller"] = "meta"
    data["person"].update(country=country, profile_url="https://www.facebook.com/mg.esposito")
    data["person"]["accounts"] = ["https://www.instagram.com/mg.esposito"]
    data["person"].update(person_fields)
    data["objection"]["categories"] = "all"
    return data


WORDS = {
    "en": [
        "Meta Platforms Ireland Limited",
        "ATTN: Privacy Operations",
        "Merrion Road",
        "Dublin 4, D04 X2K5",
        "Since 27 May 2025 you have been using the personal data of your adult users (their public",
        "offer only objection forms, one per account unless the accounts share an Accounts Center",
        "content I published before this objection included",
        "reaches only content published afterwards",
        "made available to third parties, including developers and researchers",
        "every account in my Accounts Center, in particular https://www.instagram.com/mg.esposito",
        "You have stated publicly that you honour the objections made through your forms",
        "specific compelling legitimate grounds",
        "(Article 15 GDPR)",
        "communicate to them the restriction and any erasure of those data (Article 19 GDPR)",
        "once my objection is upheld, erase my personal data from the datasets",
        "My data in other people's public content",
        "Interactions with AI at Meta",
    ],
    "it": [
        "Spett.le Meta Platforms Ireland Limited",
        "A decorrere dal 27 maggio 2025 codesta Società utilizza i dati personali dei propri "
        "utenti adulti (i loro contenuti pubblici",
        "offre soltanto appositi moduli di opposizione, uno per account salvo che",
        "compresi i contenuti pubblicati prima della stessa",
        "messi a disposizione di terzi, compresi sviluppatori e ricercatori",
        "Centro gestione account",
        "ha dichiarato pubblicamente di dare seguito alle opposizioni",
        "(art. 15 RGPD)",
        "accolta l'opposizione, cancellare",
        "I miei dati nei contenuti pubblici di altre persone",
    ],
}


@pytest.mark.parametrize("locale", ["en", "it"])
@pytest.mark.parametrize(
    ("country", "authority"),
    [("IT", "Garante per la protezione dei dati personali"), ("IE", "Data Protection Commission")],
)
def test_letters_to_meta(locale: str, country: str, authority: str) -> None:
    answers = answers_from_mapping(meta_member(country), source="t")
    letter = build_letter(answers, locale)
    text = fold(render_text(letter))
    assert [w for w in WORDS[locale] if w not in text] == []
    assert authority in text
    # No setting to follow from: the objection stands on its own, not "therefore"
    assert ("stands on its own" if locale == "en" else "ha valore autonomo") in text
    for absent in (
        "LinkedIn",
        "setting",
        "Dati per migliorare",
        "personalisation",
        "therefore stands",
        "pertanto valore",
    ):
        assert absent not in text, absent
    assert not [str(w) for w in letter.warnings if "Meta" in str(w)]  # EU facts confirmed


def test_the_uk_and_switzerland_only_as_the_data_says_with_a_warning() -> None:
    uk = build_letter(answers_from_mapping(meta_member("GB"), source="t"), "en")
    assert uk.law.controller.name == "Meta Platforms, Inc."
    assert any("Unconfirmed fact used: Meta Platforms, Inc." in str(w) for w in uk.warnings)
    ch = build_letter(answers_from_mapping(meta_member("CH"), source="t"), "en")
    assert any("FDPIC via Somedia" in str(w) for w in ch.warnings)
    with pytest.raises(InvalidAnswers, match=r"HK is not covered: .*Meta's notice of 14 April"):
        answers_from_mapping(meta_member("HK"), source="t")


def test_a_linkedin_profile_is_not_a_meta_address() -> None:
    with pytest.raises(InvalidAnswers, match="is not a Meta address"):
        answers_from_mapping(meta_member(profile_url="https://www.linkedin.com/in/x"), source="t")


def test_meta_from_the_command_line(tmp_path: Path, write_answers: Any) -> None:
    runner = CliRunner()
    categories = runner.invoke(cli, ["--locale", "en", "categories", "--controller", "meta"])
    assert categories.exit_code == 0
    for key in ("public_content", "ai_interactions", "third_party", "others_content"):
        assert key in categories.output
    path = write_answers(meta_member())
    form = runner.invoke(cli, ["--locale", "en", "form-text", "--answers", str(path)])
    assert form.exit_code == 0, form.output
    assert "The reason field may be left empty, but stating your situation strengthens" in (
        fold(form.stderr)
    )
    assert "by Meta and anyone acting on its behalf" in fold(form.stdout)
    steps = fold(
        runner.invoke(cli, ["--locale", "en", "next-steps", "--answers", str(path)]).stdout
    )
    for words in (
        "https://www.facebook.com/help/contact/712876720715583",
        "https://help.instagram.com/contact/767264225370182",
        "Make your past and future posts non-public",
        "WhatsApp is a controller of its own (WhatsApp Ireland Limited)",
        "form for non-users",
        "Data Protection Commission (DPC)",
    ):
        assert words in steps, words
    sample = runner.invoke(
        cli, ["letter", "--sample", "--controller", "meta", "--format", "txt", "-o", "-"]
    )
    assert sample.exit_code == 0 and "Meta Platforms Ireland Limited" in sample.stdout


def test_a_batch_to_both_controllers(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "staff.csv", [person(1), person(2)])
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["batch", str(sheet), "--out", str(out), "--controller", "linkedin,meta", "--jobs", "2"],
    )
    assert result.exit_code == 0, result.output
    entries = manifest(out)
    assert sorted((e["row"], e["controller"]) for e in entries) == [
        ("2", "linkedin"),
        ("2", "meta"),
        ("3", "linkedin"),
        ("3", "meta"),
    ]
    assert len(list(out.glob("*.pdf"))) == 4 and len(list(out.glob("*-meta-*.pdf"))) == 2
    resumed = CliRunner().invoke(
        cli, ["batch", str(sheet), "--out", str(out), "--controller", "linkedin,meta", "--resume"]
    )
    assert resumed.exit_code == 0 and "4 unchanged" in resumed.stderr


def test_the_sample_to_meta_points_to_meta_next(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--locale", "en", "letter", "--sample", "--controller", "meta", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    # The next commands must speak of Meta too, not of the default controller.
    assert "objection next-steps --sample --controller meta" in result.stderr
