"""Whatever a person types as name or grounds, the result is a valid PDF or a clean error."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import VALID, fold, pdf_text, write_pdf
from generator.answers.reading import answers_from_mapping
from generator.base.errors import ObjectionError
from generator.documents.letter import build_letter
from generator.pdf.fonts import check_fonts

# Any script, with the characters people paste: emoji, combining marks, RTL, CJK, markup.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    min_size=0,
    max_size=300,
) | st.sampled_from(
    [
        "محمد بن سلمان",
        "שלום עליכם",
        "Nguyễn Thị Minh Khai",
        "José 🙂 Müller",
        "<b>&amp;</b> {{ x }} {% if %}",
        "a\u0301e\u0308",
        "陳大文",
        "ΑΒΓ абв",
        " \t\n ",
    ]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=text, grounds=text)
def test_any_name_and_grounds(name: str, grounds: str) -> None:
    import io

    data: dict[str, Any] = copy.deepcopy(VALID)
    data["person"]["name"] = name
    data["objection"]["grounds"] = grounds
    try:
        answers = answers_from_mapping(data, source="t")
        letter = build_letter(answers, "en")
        check_fonts(
            {"person.name": answers.person.name, "objection.grounds": answers.objection.grounds}
        )
        pdf = write_pdf(letter)
    except ObjectionError as error:
        message = str(error)
        assert message and "Traceback" not in message
        assert "person.name" in message or "objection.grounds" in message
        return
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    extracted = pdf_text(pdf)
    # Printable words of the grounds come back (control and invisible characters aside).
    words = [w for w in fold(answers.objection.grounds).split() if w.isalnum() and w.isascii()]
    for word in words[:5]:
        assert word in extracted
