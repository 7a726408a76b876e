"""What the letter says, read back from the PDF: each point of the legal checklist, per language."""

from __future__ import annotations

import copy
import subprocess
from typing import Any

import pytest

from conftest import VALID, fold, pdf_text, write_pdf
from generator.answers.reading import answers_from_mapping
from generator.documents.letter import build_letter, reference_id, render_html, render_text, slug


def make(data: dict[str, Any], locale: str | None = None):
    answers = answers_from_mapping(data, source="test")
    return answers, build_letter(answers, locale or answers.locale or "en")


# The checklist of shared/legal-facts.md, as the words each language must carry.
CHECKLIST = {
    "en": {
        "1 controller": [
            "LinkedIn Ireland Unlimited Company",
            "Wilton Plaza",
            "Wilton Place",
            "Dublin 2",
            "Attn: Data Protection Officer",
        ],
        "2 identification": [
            "Maria Grazia Esposito",
            "mg.esposito@example.org",
            "https://www.linkedin.com/in/mg-esposito-example",
        ],
        "3 legal basis": [
            "Article 21(1) GDPR",
            "Article 6(1)(f)",
            "Regulation (EU) 2016/679",
            "legitimate interest",
            "Since 3 November 2025",
        ],
        "5 scope": [
            "affiliates",
            "vendors",
            "stands on its own",
            "neither the setting nor your objection form limits my right to object",
            "Data for Generative AI Improvement",
        ],
        "7 requests": [
            "compelling legitimate grounds",
            "Article 18(1)(d) GDPR",
            "Article 17(1)(c) GDPR",
            "where technically possible, from models already",
            "Opinion 28/2024",
            "Article 19 GDPR",
            "Articles 12(4) and 21(1) GDPR",
        ],
        "8 deadline": [
            "Article 12(3) GDPR",
            "within one month of receiving this letter",
            "two further months",
            "with the reasons for the delay",
        ],
        "9 remedies": [
            "Garante per la protezione dei dati personali",
            "Article 77 GDPR",
            "Article 79 GDPR",
            "Data Protection Commission (DPC) of Ireland",
            "your lead supervisory authority",
        ],
        "10 place, date, signature": ["Napoli, 2 November 2026", "Yours faithfully"],
    },
    "it": {
        "1 controller": [
            "Spett.le LinkedIn Ireland Unlimited Company",
            "Wilton Plaza",
            "c.a. Responsabile della protezione dei dati",
        ],
        "2 identification": [
            "Maria Grazia Esposito",
            "mg.esposito@example.org",
            "https://www.linkedin.com/in/mg-esposito-example",
            "account LinkedIn a me intestato",
        ],
        "3 legal basis": [
            "art. 21, par. 1, RGPD",
            "art. 6, par. 1, lett. f)",
            "Regolamento (UE) 2016/679",
            "legittimo interesse",
            "titolare del trattamento",
            "dal 3 novembre 2025",
            "anziché chiederne il consenso",
            "motivi connessi alla mia situazione particolare",
        ],
        "5 scope": [
            "società collegate",
            "fornitori",
            "valore autonomo",
            "diritto di opposizione",
            "Dati per migliorare l'IA generativa",
        ],
        "7 requests": [
            "motivi legittimi cogenti",
            "art. 18, par. 1, lett. d), RGPD",
            "art. 17, par. 1, lett. c), RGPD",
            "limitazione",
            "cancellazione",
            "ove tecnicamente possibile, dai modelli già addestrati",
            "parere 28/2024",
            "art. 19 RGPD",
            "artt. 12, par. 4, e 21, par. 1",
        ],
        "8 deadline": [
            "art. 12, par. 3, RGPD",
            "entro un mese dal ricevimento della presente",
            "prorogato di due mesi",
            "unitamente ai motivi del ritardo",
        ],
        "9 remedies": [
            "reclamo a un'autorità di controllo (art. 77 RGPD): nello Stato membro in cui "
            "risiedo abitualmente, il Garante per la protezione dei dati personali",
            "art. 77 RGPD",
            "art. 79 RGPD",
            "la Data Protection Commission (DPC) irlandese",
            "autorità di controllo capofila",
        ],
        "10 place, date, signature": ["Napoli, 2 novembre 2026", "Distinti saluti"],
    },
}


@pytest.fixture(scope="module")
def pdf_texts() -> dict[str, str]:
    from conftest import VALID

    texts = {}
    for locale in ("en", "it"):
        _answers, letter = make(VALID, locale)
        texts[locale] = pdf_text(write_pdf(letter))
    return texts


@pytest.mark.parametrize("locale", ["en", "it"])
@pytest.mark.parametrize("point", sorted(CHECKLIST["en"]))
def test_checklist_point_in_pdf(pdf_texts: dict[str, str], locale: str, point: str) -> None:
    text = pdf_texts[locale]
    missing = [phrase for phrase in CHECKLIST[locale][point] if phrase not in text]
    assert not missing, f"checklist point {point} ({locale}) lacks {missing}"


@pytest.mark.parametrize("locale", ["en", "it"])
def test_grounds_verbatim(pdf_texts: dict[str, str], locale: str) -> None:
    from conftest import VALID

    assert fold(VALID["objection"]["grounds"]) in pdf_texts[locale]


@pytest.mark.parametrize(
    ("locale", "chosen", "absent"),
    [
        (
            "en",
            ["Profile data", "skills, certifications", "Member content", "poll answers"],
            [
                "Job-related data",
                "screening questions",
                "Groups:",
                "Feedback:",
                "AI suggestions",
                "Use of generative-AI features",
            ],
        ),
        (
            "it",
            ["Dati del profilo", "Contenuti pubblicati", "risposte ai sondaggi"],
            [
                "Dati relativi alla ricerca di lavoro",
                "preselezione",
                "Gruppi:",
                "Feedback:",
                "Utilizzo delle funzioni di IA generativa",
            ],
        ),
    ],
)
def test_only_chosen_categories(
    pdf_texts: dict[str, str], locale: str, chosen: list[str], absent: list[str]
) -> None:
    text = pdf_texts[locale]
    assert all(phrase in text for phrase in chosen)
    assert not [phrase for phrase in absent if phrase in text]


def test_pdf_is_a_two_page_a4_letter_with_page_numbers_and_reference(
    pdf_texts: dict[str, str],
) -> None:
    from conftest import VALID

    answers, letter = make(VALID, "en")
    data = write_pdf(letter)
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    out = info.stdout.decode()
    assert "Pages:           2" in out
    assert "595.276 x 841.89 pts (A4)" in out
    assert "Author:          Maria Grazia Esposito" in out
    text = pdf_texts["en"]
    assert "1/2" in text and "2/2" in text
    assert f"Ref. {reference_id(answers)}" in text
    assert f"Rif. {reference_id(answers)}" in pdf_texts["it"]


def test_fonts_are_embedded() -> None:
    from conftest import VALID

    _answers, letter = make(VALID, "it")
    fonts = subprocess.run(
        ["pdffonts", "-"], input=write_pdf(letter), capture_output=True, check=True
    ).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    for row in rows:
        columns = row.split()
        assert columns[-5:-3] == ["yes", "yes"], f"font not embedded and subset: {row}"


@pytest.mark.parametrize(
    ("country", "locale", "expected", "unexpected"),
    [
        (
            "IE",
            "en",
            "with the Data Protection Commission (DPC) of Ireland, which is both the "
            "supervisory authority of the Member State in which I habitually reside and your lead",
            "Garante",
        ),
        (
            "FR",
            "en",
            "with a supervisory authority (Article 77 GDPR): in the Member State in which I "
            "habitually reside, the Commission nationale de l'informatique et des libertés "
            "(CNIL), the French data protection authority; or the Data Protection Commission "
            "(DPC) of Ireland, your lead supervisory authority",
            "Garante",
        ),
        (
            "FR",
            "it",
            "a un'autorità di controllo (art. 77 RGPD): nello Stato membro in cui risiedo "
            "abitualmente, l'autorità francese per la protezione dei dati (Commission nationale "
            "de l'informatique et des libertés, CNIL); ovvero la Data Protection Commission (DPC) "
            "irlandese",
            "Garante",
        ),
        (
            "IT",
            "en",
            "in the Member State in which I habitually reside, the Italian Garante per la "
            "protezione dei dati personali; or the Data Protection Commission (DPC) of Ireland",
            "which is both",
        ),
    ],
)
def test_authority_follows_the_country(
    answers_data: dict[str, Any], country: str, locale: str, expected: str, unexpected: str
) -> None:
    answers_data["person"]["country"] = country
    _answers, letter = make(answers_data, locale)
    text = fold(render_text(letter))
    assert expected in text
    assert unexpected not in text


@pytest.mark.parametrize(
    ("switch", "form", "expected", "unexpected"),
    [
        (
            False,
            False,
            "Your setting “Data for Generative AI Improvement” only stops",
            "I have also submitted",
        ),
        (True, False, "I have already switched off the setting", "I have also submitted"),
        (
            True,
            True,
            "I have also submitted your “Data Processing Objection Request” form",
            "Your setting",
        ),
    ],
)
def test_setting_and_form_already_used(
    answers_data: dict[str, Any], switch: bool, form: bool, expected: str, unexpected: str
) -> None:
    answers_data["objection"]["switch_already_off"] = switch
    answers_data["objection"]["form_already_sent"] = form
    _answers, letter = make(answers_data, "en")
    text = fold(render_text(letter))
    assert expected in text
    assert unexpected not in text
    assert "This objection therefore stands on its own" in text


def test_non_member_objects_with_links(answers_data: dict[str, Any]) -> None:
    answers_data["person"]["member"] = False
    del answers_data["person"]["profile_url"]
    answers_data["person"]["content_links"] = [
        "https://www.linkedin.com/posts/someone_activity-1",
        "https://www.linkedin.com/feed/update/urn:li:activity:2",
    ]
    for locale, phrase in [
        ("en", "although I do not have a LinkedIn account"),
        ("it", "pur non avendo un account LinkedIn"),
    ]:
        _answers, letter = make(answers_data, locale)
        text = pdf_text(write_pdf(letter))
        assert phrase in text
        assert "https://www.linkedin.com/posts/someone_activity-1" in text
        assert "urn:li:activity:2" in text
        assert "holder of the LinkedIn account" not in text


def test_member_without_profile_url(answers_data: dict[str, Any]) -> None:
    del answers_data["person"]["profile_url"]
    _answers, letter = make(answers_data, "en")
    text = fold(render_text(letter))
    assert "registered to me under the e-mail address mg.esposito@example.org." in text
    assert "profile:" not in text


def test_reference_and_slug_are_stable_and_distinct(answers_data: dict[str, Any]) -> None:
    a1, _ = make(answers_data)
    a2, _ = make(answers_data)
    assert reference_id(a1) == reference_id(a2)
    assert slug(a1) == slug(a2)
    assert slug(a1).startswith("maria-grazia-esposito-")
    answers_data["person"]["email"] = "another@example.org"  # a namesake
    a3, _ = make(answers_data)
    assert slug(a3) != slug(a1)
    assert reference_id(a3) != reference_id(a1)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/passwd", "etc-passwd-"),
        ("Ζωή Παπαδοπούλου", "zoe-papadopoulou-"),
        ("Søren Ærø-Kierkegaard", "soren-aero-kierkegaard-"),
        ("陳大文", "chen-da-wen-"),
        ("C:\\Windows\\system32", "c-windows-system32-"),
        ("😀", "letter-"),
    ],
)
def test_slug_is_safe(answers_data: dict[str, Any], name: str, stem: str) -> None:
    answers_data["person"]["name"] = name
    answers, _ = make(answers_data)
    value = slug(answers)
    assert value.startswith(stem)
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in value)


def test_html_is_self_contained_and_escaped(answers_data: dict[str, Any]) -> None:
    answers_data["objection"]["grounds"] = (
        'My <img src="file:///etc/passwd"> & <script>alert(1)</script> {{ 7*7 }} grounds'
    )
    _answers, letter = make(answers_data, "en")
    html = render_html(letter)
    assert "<style>" in html and "@page" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "<script>" not in html
    assert "{{ 7*7 }}" in html  # user text is data, never template source
    for attr in ("src=", "href=", "@import", "url("):
        assert attr not in html.replace("&lt;img src=", "")


def test_apostrophes_are_typographic() -> None:
    from generator.documents.next_steps import next_steps

    answers = answers_from_mapping(copy.deepcopy(VALID), source="t")
    text = render_text(build_letter(answers, "it"))
    assert "all’account" in text and "all'account" not in text
    assert "l’IA generativa" in text and "anziché chiederne il consenso" in text
    assert "l'IA" not in text
    assert "Sono un'assistente sociale" in text  # the member's own words stay as written
    assert "LinkedIn’s “Data Processing Objection Request” form" in next_steps(answers, "en").text
