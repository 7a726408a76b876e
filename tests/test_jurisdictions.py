"""The law, the controller and the authority follow the member's country, in both languages."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from conftest import VALID, fold, pdf_text, write_pdf
from generator.answers.reading import answers_from_mapping
from generator.base.assets import load_data
from generator.documents.letter import build_letter, render_text
from generator.facts import jurisdictions
from generator.facts.controllers import load_controller
from generator.facts.jurisdictions import jurisdiction_for, supported_countries

EU_EEA = load_data("jurisdictions")["regions"]["eu_eea"]["countries"]
AUTHORITIES = load_data("authorities")


def letter_text(country: str, locale: str, region: str | None = None) -> str:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["person"]["country"] = country
    if region:
        data["person"]["region"] = region
    answers = answers_from_mapping(data, source="t")
    return fold(render_text(build_letter(answers, locale)))


def test_the_plan_is_covered() -> None:
    assert len(EU_EEA) == 30
    assert set(supported_countries()) == {*EU_EEA, "GB", "CH", "HK"}


@pytest.mark.parametrize("country", sorted({*EU_EEA, "GB", "CH", "HK"}))
def test_every_country_has_an_authority(country: str) -> None:
    authority = AUTHORITIES[country]
    assert authority["name"].strip()
    assert set(authority["letter_name"]) == {"en", "it"}
    assert all(name.strip() for name in authority["letter_name"].values())
    # Germany without a Land names no single authority (§ 40(1) BDSG): no address to give.
    assert len(authority.get("address", [])) >= 2 or authority.get("unnamed")
    assert authority["website"].startswith("https://")
    assert authority["checked"]
    for code, land in authority.get("regions", {}).items():
        assert land["names"] and land["name"] and land["website"].startswith("https://"), code
        assert set(land["letter_name"]) == {"en", "it"}


def test_only_the_dpc_leads() -> None:
    assert [code for code, a in AUTHORITIES.items() if a.get("lead")] == ["IE"]


# What each law's letter must say, and must not, in each language.
LAW_WORDS = {
    ("gdpr", "en"): (
        ["Article 21(1) GDPR", "Regulation (EU) 2016/679", "Article 12(3) GDPR", "Article 77 GDPR"],
        ["UK GDPR", "FADP", "PDPO"],
    ),
    ("gdpr", "it"): (
        [
            "art. 21, par. 1, RGPD",
            "Regolamento (UE) 2016/679",
            "art. 12, par. 3, RGPD",
            "art. 77 RGPD",
        ],
        ["UK GDPR", "LPD", "PDPO"],
    ),
    ("uk_gdpr", "en"): (
        [
            "Article 21(1) UK GDPR",
            "Data Protection Act 2018",
            "Articles 12(3) and 12A UK GDPR",
            "section 165 of the Data Protection Act 2018",
            "Article 3(2)(a) UK GDPR",
            "legitimate interests",
        ],
        # Art. 77 UK GDPR was omitted (DUAA 2025); the s. 164A complaint is the reminder's.
        [
            "Regulation (EU) 2016/679",
            "lead supervisory authority",
            "FADP",
            "Opinion 28/2024",
            "Article 77",
            "164A",
        ],
    ),
    ("uk_gdpr", "it"): (
        [
            "art. 21, par. 1, UK GDPR",
            "Data Protection Act 2018",
            "artt. 12, par. 3, e 12A UK GDPR",
            "section 165 del Data Protection Act 2018",
            "art. 3, par. 2, lett. a), UK GDPR",
        ],
        ["Regolamento (UE) 2016/679", "capofila", "LPD", "parere 28/2024", "art. 77", "164A"],
    ),
    ("fadp", "en"): (
        [
            "The Swiss Federal Act on Data Protection (“FADP”) applies to that processing, because "
            "it has effects in Switzerland, where I live (Article 3(1) FADP)",
            "Article 30(2)(b) and (3) FADP",
            "I expressly object to, and prohibit",
            "including any such data I have made generally accessible",
            "is a breach of my personality (Article 30(2)(b) FADP), unlawful unless it is "
            "justified",
            "(Article 31 FADP)",
            "(Article 49 FADP)",
            "Article 21(1) GDPR",
            "Article 3(1) GDPR",
            "Article 32 FADP",
            "Article 12(3) GDPR",
        ],
        ["UK GDPR", "PDPO", "unlawfully infringes", "such as my public profile"],
    ),
    ("fadp", "it"): (
        [
            "si applica la legge federale sulla protezione dei dati («LPD»), poiché esplica "
            "effetti in Svizzera, dove risiedo (art. 3 cpv. 1 LPD)",
            "art. 30 cpv. 2 lett. b e cpv. 3 LPD",
            "mi oppongo espressamente",
            "vietandolo espressamente",
            "compresi quelli che io abbia reso accessibili a chiunque",
            "lesione della personalità (art. 30 cpv. 2 lett. b LPD), illecita in assenza di un "
            "motivo giustificativo ai sensi dell'art. 31 LPD",
            "denuncia",
            "art. 21, par. 1, RGPD",
            "art. 3, par. 1, RGPD",
            "art. 32 LPD",
        ],
        ["UK GDPR", "PDPO", "segnalazione", "e lo vieto"],
    ),
    ("pdpo", "en"): (
        [
            "Data Protection Principle 3",
            "Cap. 486",
            "prescribed consent",
            "I withdraw",
            "data user of my personal data within the meaning of section 2(1)",
            "a new purpose within DPP3(4)",
            "within one month of receiving this notice",
        ],
        [
            "GDPR",
            "Article 21",
            "legitimate interest",
            "Data Protection Commission",
            "controller of my personal data",
            "for which the data were not collected",
        ],
    ),
    ("pdpo", "it"): (
        [
            "Data Protection Principle 3",
            "Cap. 486",
            "prescribed consent",
            "revoco",
            "data user dei miei dati personali ai sensi della section 2(1)",
            "entro un mese dal ricevimento della presente",
        ],
        ["RGPD", "art. 21", "legittimo interesse", "Data Protection Commission"],
    ),
}


@pytest.mark.parametrize("locale", ["en", "it"])
@pytest.mark.parametrize("country", supported_countries())
def test_every_country_gets_its_law_controller_and_authority(country: str, locale: str) -> None:
    law = jurisdiction_for(country)
    text = letter_text(country, locale)
    present, absent = LAW_WORDS[(law.law, locale)]
    assert [p for p in present if p not in text] == []
    assert [a for a in absent if a in text] == []
    # the controller for the member's region, by name and address
    entity = law.controller
    assert entity.name in text and entity.address[0] in text
    # the member's own authority, by name in the letter's language
    assert fold(AUTHORITIES[country]["letter_name"][locale]) in text
    # LinkedIn's lead authority wherever the GDPR binds the controller
    dpc = fold(AUTHORITIES["IE"]["letter_name"][locale])
    assert (dpc in text) == law.gdpr


def test_controllers_by_region() -> None:
    assert jurisdiction_for("IT").controller.name == "LinkedIn Ireland Unlimited Company"
    assert jurisdiction_for("CH").controller.name == "LinkedIn Ireland Unlimited Company"
    assert jurisdiction_for("HK").controller.name == "LinkedIn Corporation"
    # The UK controller is unconfirmed: whatever the data says, in one place.
    # The UK controller is in the data, with its source.
    assert jurisdiction_for("GB").controller == load_controller().entity_for("united_kingdom")
    assert jurisdiction_for("GB").controller.name == "LinkedIn Corporation"
    assert jurisdiction_for("CH").gdpr and not jurisdiction_for("HK").gdpr


def test_gdpr_follows_an_eu_controller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were LinkedIn Ireland the UK controller, the UK letter would invoke the GDPR too."""
    controller = load_controller()
    regions = {**controller.data.controller_by_region, "united_kingdom": "ireland"}
    patched = dataclasses.replace(
        controller, data=controller.data.model_copy(update={"controller_by_region": regions})
    )
    monkeypatch.setattr(jurisdictions, "load_controller", lambda key="linkedin": patched)
    law = jurisdiction_for("GB")
    assert law.gdpr and law.lead_authority is not None
    text = letter_text("GB", "en")
    assert "Article 21(1) UK GDPR and GDPR" in text
    assert "Article 3(1) GDPR" in text
    assert "or with the Data Protection Commission (DPC) of Ireland, your lead" in text
    assert "LinkedIn Ireland Unlimited Company" in text


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("BY", "Bayerisches Landesamt für Datenschutzaufsicht, BayLDA"),
        ("Bavaria", "Bayerisches Landesamt für Datenschutzaufsicht, BayLDA"),
        (
            "nordrhein-westfalen",
            "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",
        ),
        (
            None,
            "lodge a complaint with a supervisory authority (Article 77 GDPR): the data "
            "protection supervisory authority of the Land where I habitually reside "
            "(§ 19(2) BDSG), or the Data Protection Commission (DPC) of Ireland",
        ),
    ],
)
def test_germany_names_the_land_authority_or_describes_it(
    region: str | None, expected: str
) -> None:
    """§ 40(1) BDSG: the Länder supervise private companies; the federal BfDI never does. Without
    a Land, the letter cites Art. 77 GDPR with § 19(2) BDSG, never § 40 alone."""
    text = letter_text("DE", "en", region)
    assert expected in text
    assert "§ 40" not in text
    assert "BfDI" not in text
    assert "Several supervisory authorities" not in text


@pytest.mark.parametrize(("country", "locale"), [("CH", "it"), ("HK", "en"), ("GB", "it")])
def test_regimes_in_the_pdf(country: str, locale: str) -> None:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["person"]["country"] = country
    answers = answers_from_mapping(data, source="t")
    text = pdf_text(write_pdf(build_letter(answers, locale)))
    present, absent = LAW_WORDS[(jurisdiction_for(country).law, locale)]
    assert [p for p in present if p not in text] == []
    assert [a for a in absent if a in text] == []


@pytest.mark.parametrize(
    ("country", "locale", "expected"),
    [
        ("NO", "en", "in the EEA State in which I habitually reside, the Norwegian"),
        ("IS", "it", "nello Stato SEE in cui risiedo abitualmente"),
        ("FR", "en", "in the Member State in which I habitually reside, the Commission"),
        ("FR", "it", "nello Stato membro in cui risiedo abitualmente"),
    ],
)
def test_eea_states_are_not_member_states(country: str, locale: str, expected: str) -> None:
    text = letter_text(country, locale)
    assert expected in text
    assert ("Member State" in text) == (country == "FR" and locale == "en")


@pytest.mark.parametrize(
    ("locale", "erasure"),
    [
        ("en", "once my objection is upheld, erase my personal data from the datasets"),
        ("it", "accolta l'opposizione, cancellare i miei dati personali dagli insiemi di dati"),
    ],
)
def test_erasure_is_asked_once_the_objection_is_upheld(locale: str, erasure: str) -> None:
    for country in ("IT", "GB", "CH"):
        assert erasure in letter_text(country, locale), country


def test_hong_kong_is_hong_kong_and_linkedin_a_data_user() -> None:
    text = letter_text("HK", "en")
    assert "Hong Kong SAR" not in text
    assert "as the data user of my personal data" in text
    assert "controller" not in text.replace("the data user", "")


def test_legitimate_interests_as_the_gdpr_says() -> None:
    for country in ("IT", "GB"):
        text = letter_text(country, "en")
        assert "legitimate interests under Article 6(1)(f)" in text
        assert "legitimate interest under" not in text
