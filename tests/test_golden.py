"""Golden letters: the whole text of a letter per language, reviewed in the diff like code.

After changing a template or a catalog on purpose, refresh them with
``pytest tests/test_golden.py --update-golden`` and read the diff.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from conftest import VALID
from generator.letters import build_letter, render_text
from generator.reading import answers_from_mapping

GOLDEN = Path(__file__).parent / "golden"


def _non_member() -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    data["person"].update(
        member=False,
        country="FR",
        content_links=["https://www.linkedin.com/posts/someone_activity-7000000000000000000"],
    )
    del data["person"]["profile_url"]
    data["objection"].update(categories="all", switch_already_off=True, form_already_sent=True)
    return data


def _member_in(country: str, **person: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    data["person"].update(country=country, **person)
    return data


CASES = {
    "member-it": (VALID, "it"),
    "member-en": (VALID, "en"),
    "non-member-fr-en": (_non_member(), "en"),
    "non-member-fr-it": (_non_member(), "it"),
    # one member in each other regime, in both languages
    "switzerland-en": (_member_in("CH"), "en"),
    "switzerland-it": (_member_in("CH"), "it"),
    "united-kingdom-en": (_member_in("GB"), "en"),
    "united-kingdom-it": (_member_in("GB"), "it"),
    "hong-kong-en": (_member_in("HK", name="陳大文"), "en"),
    "hong-kong-it": (_member_in("HK", name="陳大文"), "it"),
    "germany-bavaria-en": (_member_in("DE", region="BY"), "en"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_letter(case: str, update_golden: bool) -> None:
    data, locale = CASES[case]
    answers = answers_from_mapping(data, source="golden")
    text = render_text(build_letter(answers, locale))
    path = GOLDEN / f"{case}.txt"
    if update_golden or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote the missing golden file {path.name}: review it and commit it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs: if the change is intended, run pytest --update-golden and "
        "review the diff"
    )
