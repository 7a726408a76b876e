"""Each regime speaks its own law, read in the documents the member gets.

Hong Kong: the complaint, the reminder, the access request, the form text and the next steps
speak the PDPO's terms (a data user, a written notice withdrawing prescribed consent), set no
deadline and no extension for a DPP3 notice, and present as s. 18(1) rights only what s. 18(1)
gives. Switzerland: the report and the reminder state what is known, not that the processing
goes on, and cite the GDPR's month as the GDPR's; the letter says why the FADP applies and names
the controller's Swiss representative where its data names one; the FDPIC is named in the
letter's language. Germany without a Land: Art. 77 GDPR with § 19(2) BDSG, never § 40 alone.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from test_golden import Case, render

from conftest import VALID, fold
from generator.answers.reading import answers_from_mapping
from generator.documents.form_text import form_text
from generator.documents.letter import build_letter, render_text
from generator.documents.next_steps import next_steps
from generator.documents.templates import environment, to_phrase
from generator.facts import controllers
from generator.making.guidance import complaint_steps


def said(case: Case, folder: Path) -> str:
    return " ".join(render(case, folder).split())


def answers(country: str, locale: str = "en", **person: Any) -> Any:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["person"].update(country=country, **person)
    data["locale"] = locale
    return answers_from_mapping(data, source="t")


# --- Hong Kong ----------------------------------------------------------------------------------

#: The GDPR's words a Hong Kong document must not use of the data user or the notice.
GDPR_WORDS = ("controller", "objection", "extension", "extended", "GDPR", "Article ")


@pytest.mark.parametrize("history", ["silence", "refused"])
def test_the_hong_kong_complaint_speaks_the_pdpo(history: str, tmp_path: Path) -> None:
    text = said(Case("complaint", "pdpo", "en", history=history), tmp_path)
    assert "a data user within the meaning of section 2(1) PDPO" in text
    assert "my written notice withdrawing my prescribed consent (section 2(3) PDPO)" in text
    assert "2. The data user" in text
    assert "I consider that the data user has contravened:" in text
    assert [w for w in GDPR_WORDS if w in text] == []
    if history == "refused":
        # The facts say it refused: the complaint opens with the refusal, not with silence.
        assert "which has refused to comply with my written notice" in text
        assert "has not acted" not in text and "has not confirmed" not in text
    else:
        # No deadline in the PDPO: the date is the one the letter asked for.
        assert "I asked the data user to confirm in writing, by 9 December 2026" in text
        assert "the PDPO sets no time limit for that answer" in text
        assert "was due" not in text


def test_the_hong_kong_access_complaint_cites_the_40_days(tmp_path: Path) -> None:
    text = said(Case("complaint", "pdpo", "en", first="access"), tmp_path)
    assert (
        "Under section 19(1) PDPO the data user had to comply with my request within 40 days"
        in (text)
    )
    assert [w for w in GDPR_WORDS if w in text] == []


def test_the_hong_kong_reminder_says_what_was_asked_not_what_was_due(tmp_path: Path) -> None:
    text = said(Case("follow-up", "pdpo", "en"), tmp_path)
    assert "In it I asked you to confirm in writing, by 9 December 2026" in text
    assert "you had to" not in text
    assert [w for w in GDPR_WORDS if w in text] == []
    access = said(Case("follow-up", "pdpo", "en", first="access"), tmp_path)
    assert "Under section 19(1) PDPO you had to comply with that request within 40 days" in access
    # A standalone access request does not "also" ask for access.
    assert "also asked for access" not in access


@pytest.mark.parametrize(
    "case",
    [
        Case("access", "pdpo", "en"),
        Case("letter", "pdpo", "en", variant="with-access", with_access=True),
    ],
    ids=["access", "letter-with-access"],
)
def test_the_hong_kong_access_request_keeps_section_18_to_what_it_gives(
    case: Case, tmp_path: Path
) -> None:
    text = said(case, tmp_path)
    statutory = text.index("Under section 18(1) PDPO I ask you:")
    openness = text.index("Under Data Protection Principle 5 (Schedule 1 PDPO)")
    voluntary = text.index("The PDPO does not oblige you to answer the following questions")
    assert statutory < openness < voluntary
    rights = text[statutory:openness]
    assert "whether you hold personal data of which I am the data subject (section 18(1)(a)" in (
        rights
    )
    assert "to supply me with a copy of them (section 18(1)(b) PDPO)" in rights
    assert "Data Access Request Form (OPS003), which I enclose (section 20(3)(e) PDPO)" in rights
    assert "it may not be excessive (section 28 PDPO)" in rights
    # Recipients, retention, source and the assessment are questions, never s. 18 rights.
    request = text[statutory:]
    for question in ("to whom", "how long you keep", "their source", "the assessment"):
        assert request.index(question) > voluntary - statutory, question
    # GDPR roles and tests; "data processor" is the PDPO's own term (s. 2(1), DPP2(3), DPP4(2)).
    for gdpr in ("joint controller", "or a processor", "balancing", "legitimate interests", "15("):
        assert gdpr not in text, gdpr


def test_a_hong_kong_letter_with_access_says_to_enclose_the_form() -> None:
    letter = build_letter(answers("HK"), "en", with_access=True)
    warned = " ".join(w.text("en") for w in letter.warnings)
    assert "Data Access Request Form (OPS003)" in warned and "enclose it" in warned


def test_the_hong_kong_form_text_withdraws_only_what_may_be_deemed_given() -> None:
    member = answers("HK")
    full = form_text(member, "en").text
    assert "I do not give — and, insofar as it may be deemed to have been given, I withdraw —" in (
        full
    )
    assert "I do not give, and I withdraw" not in full
    compact = form_text(member, "en", max_chars=len(full) - 1).text
    assert "and I withdraw it insofar as it may be deemed to have been given" in compact


def test_hong_kong_next_steps_state_the_two_years_as_a_discretion() -> None:
    text = fold(next_steps(answers("HK"), "en").text)
    assert "may refuse to investigate a complaint made more than 2 years after" in text
    assert "(section 39(1)(a) PDPO)" in text
    assert "must be made in writing, within" not in text
    steps = " ".join(complaint_steps(answers_law("HK").authority, True, "en"))
    assert "may refuse to investigate a complaint made more than 2 years" in steps
    assert "Complaints are taken in writing within" not in steps


def answers_law(country: str) -> Any:
    return build_letter(answers(country), "en").law


def test_an_italian_complaint_to_the_pcpd_is_flagged(tmp_path: Path) -> None:
    """The PCPD takes complaints in Chinese or English (s. 37 PDPO)."""
    from generator.documents.after import _warnings

    law = answers_law("HK")
    italian = " ".join(w.text("en") for w in _warnings("complaint", law, False, "it"))
    assert "only in these languages: Chinese, English" in italian
    assert not [w for w in _warnings("complaint", law, False, "en") if w.code]


# --- Switzerland --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_swiss_report_states_only_what_is_known(lang: str, tmp_path: Path) -> None:
    text = said(Case("complaint", "fadp", lang), tmp_path)
    assert {"en": "I have no indication that it has stopped", "it": "non risulta che abbia"}[
        lang
    ] in text
    assert {"en": "continues to use", "it": "continua a usarli"}[lang] not in text
    assert {
        "en": "The FADP sets no time limit for answering an objection; under Article 12(3) GDPR, "
        "which also binds the controller",
        "it": "La LPD non fissa un termine per rispondere a un’opposizione; ai sensi dell’art. 12, "
        "par. 3, RGPD, che vincola anche il titolare",
    }[lang] in text
    if lang == "it":
        assert "1. Chi presenta la denuncia" in text
        assert "reclamante" not in text and "denunciante" not in text
        assert "Incaricato federale della protezione dei dati e della trasparenza (IFPDT) " in text
        assert "3003 Berna Svizzera" in text and "Eidgenössischer" not in text
    else:
        assert "Federal Data Protection and Information Commissioner (FDPIC) Feldeggweg 1" in text


def test_the_swiss_report_after_a_refusal_says_refused(tmp_path: Path) -> None:
    text = said(Case("complaint", "fadp", "en", history="refused"), tmp_path)
    assert "has refused my express objection" in text
    assert "was due" not in text and "extended" not in text


def test_the_swiss_access_report_cites_article_25(tmp_path: Path) -> None:
    text = said(Case("complaint", "fadp", "en", first="access"), tmp_path)
    assert "has not answered my request for access to my personal data (Article 25 FADP)" in text
    assert "Articles 30(2)(b) and 31" not in text  # no objection was made
    assert "(Article 51(3)(g) FADP)" in text
    assert "extended" not in text


def test_the_swiss_reminder_says_which_law_sets_the_month(tmp_path: Path) -> None:
    text = said(Case("follow-up", "fadp", "en"), tmp_path)
    assert (
        "The FADP sets no time limit for answering my objection, but under Article 12(3) GDPR"
        in (text)
    )
    access = said(Case("follow-up", "fadp", "en", first="access"), tmp_path)
    assert "Under Article 25(7) FADP" in access
    assert "extension" not in access


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_swiss_letter_says_why_the_fadp_applies(lang: str) -> None:
    letter = build_letter(answers("CH", lang), lang)
    text = fold(render_text(letter))
    assert {"en": "(Article 3(1) FADP)", "it": "(art. 3 cpv. 1 LPD)"}[lang] in text
    # LinkedIn names no Swiss representative that the data knows: none is named, and the user
    # is told that the question is open.
    assert "representative in Switzerland" not in text and "rappresentante" not in text
    warned = " ".join(w.text("en") for w in letter.warnings)
    assert "representative in Switzerland (Art. 14 FADP): none known" in warned


@pytest.fixture
def acme() -> Iterator[None]:
    folder = Path(__file__).parent / "data" / "controllers"
    controllers.CONTROLLER_DIRS.append(folder)
    yield
    controllers.CONTROLLER_DIRS.remove(folder)


@pytest.mark.usefixtures("acme")
def test_a_named_swiss_representative_gets_a_copy() -> None:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["controller"] = "acme"
    data["person"]["country"] = "CH"
    data["person"].pop("profile_url")
    data["objection"] = {"categories": "all", "grounds": VALID["objection"]["grounds"]}
    member = answers_from_mapping(data, source="t")
    text = fold(render_text(build_letter(member, "en")))
    assert (
        "I am sending a copy of this letter to your representative in Switzerland (Article 14 "
        "FADP), Acme Vertretung GmbH, Testgasse 2, 8000 Zürich, Switzerland." in text
    )
    steps = fold(next_steps(member, "en").text)
    assert "representative in Switzerland (Article 14 FADP), as the letter says" in steps


def test_the_italian_to_contracts_before_a_typographic_apostrophe() -> None:
    assert to_phrase("l’Incaricato federale", "it") == "all’Incaricato federale"
    assert to_phrase("l'autorità", "it") == "all'autorità"


def test_the_languages_share_compiled_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second language runs the code compiled for the first, not compiling it again."""
    english = environment.__wrapped__("html", "en")  # fresh environments, the shared cache
    italian = environment.__wrapped__("html", "it")
    english.get_template("letter/letter.html.j2")
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *a: Any) -> Any:
        compiled.append(name)
        return original(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    italian.get_template("letter/letter.html.j2")
    assert compiled == []


@pytest.mark.parametrize("kind", ["html", "text"])
def test_no_language_is_compiled_into_a_shared_template(kind: str) -> None:
    """A filter that speaks the language, applied to a constant, runs in each language's
    environment: it is not folded into the code the languages share."""
    source = '{{ "il Garante"|to }} {{ "dal 8 novembre"|wrap }}'
    for locale in ("it", "en"):
        code = environment(kind, locale).compile(source, raw=True)
        assert "al Garante" not in code and "to il Garante" not in code
    assert environment(kind, "it").from_string(source).render() == "al Garante dall’8 novembre"
    assert environment(kind, "en").from_string(source).render() == "to il Garante dal 8 novembre"


# --- Germany without a Land ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "cited"),
    [
        (
            "en",
            "(Article 77 GDPR): the data protection supervisory authority of the Land where I "
            "habitually reside (§ 19(2) BDSG)",
        ),
        (
            "it",
            "(art. 77 RGPD): l'autorità di controllo per la protezione dei dati del Land in cui "
            "risiedo abitualmente (§ 19, comma 2, BDSG)",
        ),
    ],
)
def test_germany_without_a_land_cites_article_77_with_section_19(lang: str, cited: str) -> None:
    text = fold(render_text(build_letter(answers("DE", lang), lang)))
    assert cited in text
    assert "§ 40" not in text


def test_the_italian_steps_name_the_document_they_send() -> None:
    """A Swiss report is a denuncia ("Inviala"); a complaint, a reclamo ("Invialo")."""
    swiss, italian = answers_law("CH"), answers_law("IT")
    assert complaint_steps(swiss.authority, True, "it", law=swiss)[0].startswith("Inviala ")
    assert complaint_steps(italian.authority, True, "it", law=italian)[0].startswith("Invialo ")
    assert complaint_steps(swiss.authority, True, "en", law=swiss)[0].startswith("Send the report")
