"""Law per regime: every document that follows the member's law is a base template and one child
per regime, and one function picks the child (generator.documents.templates.regime_template).

No template and no module of ``generator/documents/`` reads the regime's code to choose what to
say; a legal period the prose writes out agrees with the data the deadlines are counted from.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.base.assets import load_data
from generator.deadlines import period_for
from generator.documents.templates import REGIME_DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
DOCUMENTS = ROOT / "generator" / "documents"
PICKER = DOCUMENTS / "templates.py"

#: The regime's code read to choose: `law.law == "pdpo"`, `law.law in (…)`, `{…}.get(law.law)`,
#: and a comparison of `regime.law`.
CHOOSING = re.compile(r"\blaw\.law\b|\bregime\.law\s*(==|!=|in\b|not\s+in\b)")

LAWS = sorted({region["law"] for region in load_data("jurisdictions")["regions"].values()})


def _without_the_picker(path: Path) -> str:
    """``path``'s text; for templates.py, without the picker ``regime_template`` itself."""
    text = path.read_text("utf-8")
    if path != PICKER:
        return text
    tree = ast.parse(text)
    picker = next(
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "regime_template"
    )
    segment = ast.get_source_segment(text, picker)
    assert segment
    return text.replace(segment, "")


def test_no_document_chooses_its_law_outside_the_picker() -> None:
    files = [*sorted(TEMPLATES.rglob("*.j2")), *sorted(DOCUMENTS.glob("*.py"))]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(_without_the_picker(path).splitlines(), 1)
        if CHOOSING.search(line)
    ]
    assert found == [], (
        "a document chooses its law outside regime_template: give each regime a child "
        "template (<document>/<law>.j2) that overrides the block instead"
    )


def test_the_picker_reads_the_law() -> None:
    """The test above would pass on a picker that no longer picks."""
    assert re.search(r"\blaw\.law\b", PICKER.read_text("utf-8"))


@pytest.mark.parametrize("document", REGIME_DOCUMENTS)
@pytest.mark.parametrize("law", LAWS)
def test_every_regime_has_a_child_for_every_document(document: str, law: str) -> None:
    child = TEMPLATES / document / f"{law}.j2"
    assert child.is_file(), f"templates/{document}/{law}.j2 is missing"
    extends = re.search(r'{%-?\s*extends\s+"([^"]+)"', child.read_text("utf-8"))
    assert extends, f"templates/{document}/{law}.j2 extends no base"
    base = "letter/base.j2" if document == "letter/regimes" else f"{document}/base.j2"
    assert extends.group(1) == base


@pytest.mark.parametrize("document", REGIME_DOCUMENTS)
def test_every_child_is_a_regime(document: str) -> None:
    """A child for a regime that jurisdictions.toml does not have is never picked."""
    folder = TEMPLATES / document
    children = {
        path.stem
        for path in folder.glob("*.j2")
        if re.search(r"{%-?\s*extends\s", path.read_text("utf-8"))
    }
    assert children == set(LAWS)


# --- the periods the prose writes out -----------------------------------------------------------

#: A period written out in a message ("within 40 days"), where a message cannot take it as a
#: value without losing its translations: the provision each message cites, and the data the
#: tool counts that period from. A message writing a period of none of these fails the test.
PERIODS = {
    "section 164A": period_for("uk_gdpr", "acknowledgement").days,  # type: ignore[union-attr]
    "section 19": period_for("pdpo", "access").days,  # type: ignore[union-attr]
    "Article 25(7) FADP": period_for("fadp", "access").days,  # type: ignore[union-attr]
}
# "(section 19)" and "section 19(1)" both cite s. 19; the s. 164A complaint may be "my complaint".
_CITES = {
    "section 164A": re.compile(r"164A|acknowledge"),
    "section 19": re.compile(r"section 19|PDPO"),
    "Article 25(7) FADP": re.compile(r"Article 25\(7\) FADP"),
}
_DAYS = re.compile(r"\b(\d+) days\b")


def _catalog(path: Path, locale: str | None = None) -> dict[str, str]:
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    return {m.id: str(m.string) for m in catalog if isinstance(m.id, str) and m.id}


def test_the_periods_the_prose_writes_agree_with_the_data() -> None:
    italian = _catalog(ROOT / "locales" / "it" / "LC_MESSAGES" / "messages.po", "it")
    written = [m for m in _catalog(ROOT / "locales" / "messages.pot") if _DAYS.search(m)]
    assert written, "no message writes a period: this test no longer checks anything"
    for message in written:
        cited = [name for name, cites in _CITES.items() if cites.search(message)]
        assert len(cited) == 1, f"which period is this? add it to PERIODS: {message!r}"
        days = PERIODS[cited[0]]
        assert {int(n) for n in _DAYS.findall(message)} == {days}, (message, cited[0], days)
        assert str(days) in italian[message], (message, italian[message])
