"""Letters a screen reader can read: tagged PDF/A-3a by default, signed ones too.

The structure is read with pypdf (never bytes); pdfinfo says what a viewer sees.
"""

from __future__ import annotations

import copy
import io
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import VALID
from generator import render
from generator.answers.reading import answers_from_mapping
from generator.cli import cli
from test_signing import _letter


def roles(data: bytes) -> tuple[dict[str, Any], Counter[str]]:
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    found: Counter[str] = Counter()

    def walk(element: Any) -> None:
        element = element.get_object()
        if not isinstance(element, dict):
            return
        if "/S" in element:
            found[str(element["/S"])] += 1
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(root["/StructTreeRoot"])
    return root, found


def info(data: bytes) -> str:
    """What pdfinfo says of the file, and its XMP metadata."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        return "\n".join(
            subprocess.run(["pdfinfo", *flag, fh.name], capture_output=True).stdout.decode()
            for flag in ([], ["-meta"])
        )


@pytest.mark.parametrize("locale", ["en", "it"])
def test_letters_are_tagged_pdf_a_3a_and_ua(locale: str) -> None:
    data = render(answers_from_mapping(copy.deepcopy(VALID), source="t"), "pdf", locale=locale)
    root, found = roles(data)
    assert str(root["/Lang"]) == locale
    assert root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]  # the title shown, not the file name
    for role in ("/Document", "/H1", "/P", "/L", "/LI", "/BlockQuote"):
        assert found[role], role  # the subject, paragraphs, lists, the quoted grounds
    meta = info(data)
    assert "Tagged:          yes" in meta
    assert 'pdfaid:conformance="A"' in meta and 'pdfaid:part="3"' in meta
    assert 'pdfuaid:part="1"' in meta


def test_the_mandate_has_its_heading(tmp_path: Path) -> None:
    from generator.answers.model import Organisation
    from generator.documents.document import render_document

    org = Organisation(name="FILCAMS", postal_address="Via A 1\nMilano", email="o@example.org")
    answers = answers_from_mapping(copy.deepcopy(VALID), source="t")
    _root, found = roles(render_document(answers, "pdf", on_behalf_of=org).data)
    assert found["/H2"] == 1


def test_a_signed_letter_stays_tagged(tmp_path: Path, certs: dict[str, Path]) -> None:
    result, out = _letter(tmp_path, pkcs12=certs["self-signed"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    _root, found = roles(data)
    assert found["/P"] and found["/BlockQuote"]
    meta = info(data)
    assert "Tagged:          yes" in meta and 'pdfaid:conformance="A"' in meta
    assert_signature_tagged(out)


def assert_signature_tagged(out: Path) -> None:
    """The signature field is in the structure: a /Form element after the signature block,
    pointing at the field's widget, which points back through the parent tree; pdfsig finds
    the signature valid (tests/test_pkcs11.py checks a card's signature with it too)."""
    data = out.read_bytes()
    _root, found = roles(data)
    assert found["/Form"] == 1
    reader = PdfReader(io.BytesIO(data))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    form = next(k.get_object() for k in document["/K"] if k.get_object()["/S"] == "/Form")
    assert str(form["/Alt"]).startswith("Digital signature of ")
    widget = form["/K"]["/Obj"].get_object()
    assert widget["/FT"] == "/Sig" and widget["/TU"] == form["/Alt"]
    numbers = tree["/ParentTree"]["/Nums"]
    parents = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
    assert parents[int(widget["/StructParent"])].get_object() == form
    assert int(tree["/ParentTreeNextKey"]) > int(widget["/StructParent"])
    checked = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." in checked.stdout, checked.stdout


def test_another_variant_on_request(tmp_path: Path) -> None:
    out = tmp_path / "small.pdf"
    result = CliRunner().invoke(
        cli, ["letter", "--sample", "--pdf-variant", "pdf/a-3b", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    meta = info(out.read_bytes())
    assert "Tagged:          no" in meta and 'pdfaid:conformance="B"' in meta


def test_the_command_line_offers_the_variants_the_pdf_module_makes() -> None:
    from generator.cli.letter import letter
    from generator.pdf.engine import PDF_VARIANTS

    option = next(p for p in letter.params if p.name == "pdf_variant")
    assert tuple(option.type.choices) == PDF_VARIANTS  # type: ignore[attr-defined]
