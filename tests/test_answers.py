"""Every way answers can be wrong gives one sentence naming the file, the field and the fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from generator.answers.reading import answers_from_mapping, load_answers, sample_answers
from generator.base.errors import InvalidAnswers
from generator.facts.controllers import available_controllers


def problems(data: dict[str, Any], locale: str = "en") -> dict[str, str]:
    with pytest.raises(InvalidAnswers) as info:
        answers_from_mapping(data, source="a.toml")
    assert str(info.value).startswith("a.toml: ")
    return {p.field: p.msg.text(locale) for p in info.value.problems}


def test_valid_answers_are_normalised(answers_data: dict[str, Any]) -> None:
    answers_data["person"]["country"] = " it "
    answers_data["objection"]["categories"] = "content; PROFILE"
    answers = answers_from_mapping(answers_data, source="a.toml")
    assert answers.person.country == "IT"
    # canonical order, whatever order the member wrote
    assert answers.objection.categories == ["profile", "content"]
    assert answers.date == dt.date(2026, 11, 2)


def test_all_means_every_category(answers_data: dict[str, Any]) -> None:
    answers_data["objection"]["categories"] = "all"
    answers = answers_from_mapping(answers_data, source="a.toml")
    assert answers.objection.categories == [
        "profile",
        "ai_usage",
        "jobs",
        "groups",
        "content",
        "feedback",
    ]


def test_date_defaults_to_today(answers_data: dict[str, Any]) -> None:
    del answers_data["signature"]["date"]
    answers = answers_from_mapping(answers_data, source="a.toml")
    assert answers.date == dt.date.today()


@pytest.mark.parametrize(
    ("section", "field", "value", "expected"),
    [
        ("person", "name", "   ", "is empty"),
        ("person", "name", "Ada\nLovelace", "keep it on one line"),
        ("person", "name", "x" * 201, "is 201 characters long: shorten it to 200 at most"),
        ("person", "name", 42, "is not valid: expected your full name"),
        ("person", "email", "not-an-address", "is not an e-mail address"),
        ("person", "email", "a@b", "is not an e-mail address"),
        ("person", "postal_address", "", "is empty"),
        ("person", "postal_address", "\n".join(["line"] * 9), "has more than 8 lines"),
        ("person", "country", "Italy", "is not a two-letter ISO 3166-1 country code"),
        ("person", "country", "XX", "is not a two-letter ISO 3166-1 country code"),
        ("person", "country", "ZZ", "is not a two-letter ISO 3166-1 country code"),
        ("person", "country", "EU", "is not a two-letter ISO 3166-1 country code"),
        ("person", "country", "US", "US is not covered"),
        ("person", "country", "JP", "LinkedIn trains on members' data elsewhere too"),
        ("person", "profile_url", "https://example.com/me", "is not a LinkedIn address"),
        ("person", "profile_url", "not a url", "is not a web address"),
        ("person", "member", "perhaps", "is not valid: expected true if you have"),
        ("objection", "categories", [], "is empty: choose one or more of profile"),
        ("objection", "categories", ["profile", "dreams"], "dreams is not a category"),
        ("objection", "grounds", "  \n ", "describe your particular situation in your own"),
        ("objection", "grounds", "x" * 6001, "shorten it to 6000 at most"),
        ("objection", "switch_already_off", "maybe", "expected true if you have already"),
        ("signature", "date", "tomorrow-ish", "is not valid: expected the date of the letter"),
        ("signature", "date", dt.date.today() + dt.timedelta(days=30), "is in the future"),
    ],
)
def test_each_bad_field_is_named(
    answers_data: dict[str, Any], section: str, field: str, value: Any, expected: str
) -> None:
    answers_data[section][field] = value
    found = problems(answers_data)
    assert list(found) == [f"{section}.{field}"]
    assert expected in found[f"{section}.{field}"]


@pytest.mark.parametrize(
    "field",
    [
        "person.name",
        "person.email",
        "person.postal_address",
        "person.country",
        "objection.categories",
        "objection.grounds",
    ],
)
def test_missing_required_field(answers_data: dict[str, Any], field: str) -> None:
    section, key = field.split(".")
    del answers_data[section][key]
    found = problems(answers_data)
    assert found[field].startswith("is missing: add ")


@pytest.mark.parametrize(("written", "code"), [("uk", "GB"), ("EL", "GR"), (" ch ", "CH")])
def test_country_aliases(answers_data: dict[str, Any], written: str, code: str) -> None:
    answers_data["person"]["country"] = written
    answers = answers_from_mapping(answers_data, source="a.toml")
    assert answers.person.country == code


def test_unknown_german_land(answers_data: dict[str, Any]) -> None:
    answers_data["person"].update(country="DE", region="Narnia")
    found = problems(answers_data)
    assert found["person.region"].startswith("Narnia is not one of the regions whose authority")
    assert "BW, BY, BE" in found["person.region"]
    answers_data["person"]["region"] = "bavaria"
    assert answers_from_mapping(answers_data, source="a").person.region == "bavaria"
    # Elsewhere the region is free text: no authority depends on it.
    answers_data["person"].update(country="FR", region="Narnia")
    assert answers_from_mapping(answers_data, source="a")


def test_missing_section(answers_data: dict[str, Any]) -> None:
    del answers_data["objection"]
    assert problems(answers_data) == {"objection": "is missing: add an [objection] section"}


def test_place_is_optional(answers_data: dict[str, Any]) -> None:
    del answers_data["signature"]
    assert answers_from_mapping(answers_data, source="a.toml").signature.place is None


def test_unknown_fields_suggest_the_right_name(answers_data: dict[str, Any]) -> None:
    answers_data["person"]["emial"] = "x@example.org"
    answers_data["colour"] = "blue"
    found = problems(answers_data)
    assert found["person.emial"] == "is not a field we know: did you mean email?"
    assert found["colour"] == "is not a field we know: remove it"


def test_grounds_are_required_never_invented(answers_data: dict[str, Any]) -> None:
    del answers_data["objection"]["grounds"]
    assert "your particular situation" in problems(answers_data)["objection.grounds"]


def test_non_member_needs_links(answers_data: dict[str, Any]) -> None:
    answers_data["person"]["member"] = False
    found = problems(answers_data)
    assert "a non-member objects by listing the addresses" in found["person.content_links"]
    answers_data["person"]["content_links"] = ["www.linkedin.com/posts/someone-123"]
    answers = answers_from_mapping(answers_data, source="a.toml")
    assert answers.person.content_links == ["https://www.linkedin.com/posts/someone-123"]


def test_unsupported_locale_and_controller(answers_data: dict[str, Any]) -> None:
    answers_data["locale"] = "fr"
    answers_data["controller"] = "facebook"
    found = problems(answers_data)
    assert found["locale"] == "is not valid: expected the language of the letter: en or it"
    assert found["controller"] == (
        "facebook is not a controller we know: use one of " + ", ".join(available_controllers())
    )


def test_every_problem_is_reported_at_once(answers_data: dict[str, Any]) -> None:
    answers_data["person"]["email"] = "nope"
    answers_data["objection"]["grounds"] = ""
    answers_data["person"]["name"] = "   "
    assert len(problems(answers_data)) == 3


def test_problems_are_translated(answers_data: dict[str, Any]) -> None:
    answers_data["person"]["email"] = "nope"
    del answers_data["person"]["name"]
    found = problems(answers_data, locale="it")
    assert found["person.email"] == "non è un indirizzo e-mail: scrivilo come nome@example.com"
    assert found["person.name"] == (
        "manca: aggiungi il tuo nome e cognome, come nel tuo account presso il titolare"
    )


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(InvalidAnswers, match=r"nope\.toml: there is no such file"):
        load_answers(missing)

    broken = tmp_path / "broken.toml"
    broken.write_text('[person\nname = "x"\n', encoding="utf-8")
    with pytest.raises(InvalidAnswers, match=r"broken\.toml: is not valid TOML \(.*line 1"):
        load_answers(broken)

    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('name = "Niccolò"\n'.encode("latin-1"))
    with pytest.raises(InvalidAnswers, match=r"latin1\.toml: is not UTF-8 text"):
        load_answers(latin1)


def test_bom_is_accepted(answers_data: dict[str, Any], write_answers: Any) -> None:
    path = write_answers(answers_data)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_answers(path).person.name == "Maria Grazia Esposito"


@pytest.mark.parametrize("locale", ["en", "it"])
def test_samples_are_valid(locale: str) -> None:
    answers = sample_answers(locale)
    assert answers.locale == locale
    assert answers.objection.grounds
