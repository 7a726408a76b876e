"""Letters that share their requests' pages (generator/pdf/sharing.py) are the letters WeasyPrint
makes whole: the same pages and text in the same places, the same structure tree in the same
reading order, fonts embedded, tagged PDF/A-3a; and a letter that cannot share is made whole.

What a reader and a screen reader meet is compared — poppler's text of each page and its
reading of the structure tree, the ParentTree checked against the marked content of every
page — never the bytes.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from conftest import PASSWORD, VALID
from generator.answers.model import Organisation
from generator.answers.reading import answers_from_mapping
from generator.documents.document import render_document
from generator.pdf import sharing


@pytest.fixture
def shared() -> Iterator[sharing.Sharing]:
    """This process shares requests' pages, as a batch worker does, for one test."""
    sharing._CURRENT.clear()
    yield sharing.enable()
    sharing._CURRENT.clear()


def _answers(n: int = 1, **changes: Any) -> Any:
    data = copy.deepcopy(VALID)
    data["person"]["name"] = f"Persona {n} Esposito"
    data["person"]["email"] = f"p{n}@example.org"
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = data
        for part in parents:
            node = node[part]
        node[last] = value
    return answers_from_mapping(data, source="t")


def _poppler(tool: list[str], data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        done = subprocess.run(
            [*tool, fh.name, "-"] if tool[0] == "pdftotext" else [*tool, fh.name],
            capture_output=True,
            check=True,
        )
        return done.stdout.decode("utf-8")


def _pages(data: bytes) -> list[str]:
    """Each page's text, laid out as on the page."""
    count = len(pikepdf.open(io.BytesIO(data)).pages)
    return [
        _poppler(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(i), "-l", str(i)], data)
        for i in range(1, count + 1)
    ]


def _reading(data: bytes) -> str:
    """The structure tree as poppler reads it, with the text of every element."""
    return _poppler(["pdfinfo", "-struct-text"], data)


def check_marked_content(data: bytes) -> int:
    """Every page's marked content and the ParentTree agree: each MCID drawn on a page is the
    ParentTree's entry of that number for the page, an element on that page whose kids name
    it; every element of the tree is on a page of the document. Returns the MCIDs seen."""
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root.StructTreeRoot
    nums = root.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    pages = {page.obj.objgen for page in pdf.pages}
    seen = 0
    for page in pdf.pages:
        content = b"".join(
            s.read_bytes()
            for s in (
                page.obj.Contents
                if isinstance(page.obj.Contents, pikepdf.Array)
                else [page.obj.Contents]
            )
        )
        mcids = [int(m) for m in re.findall(rb"/MCID (\d+)", content)]
        assert mcids == list(range(len(mcids))), "MCIDs of a page in order, each once"
        marked = tree[int(page.obj.StructParents)]
        assert len(marked) == len(mcids)
        for mcid, element in enumerate(marked):
            assert element.Pg.objgen == page.obj.objgen
            assert mcid in [k for k in element.K if isinstance(k, int)]
        seen += len(mcids)

    def walk(element: Any) -> None:
        if "/Pg" in element:
            assert element.Pg.objgen in pages
        for kid in element.K:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                assert kid.P.objgen == element.objgen
                walk(kid)

    for top in root.K[0].K:
        assert top.P.objgen == root.K[0].objgen
        walk(top)
    return seen


def assert_same_letter(merged: bytes, whole: bytes) -> None:
    assert _pages(merged) == _pages(whole)
    assert _reading(merged) == _reading(whole)
    assert check_marked_content(merged) == check_marked_content(whole)
    fonts = _poppler(["pdffonts"], merged).splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts), fonts
    names = [line.split()[0] for line in fonts]
    assert len(names) == len(set(names)), "each font subset under a name of its own"
    meta = _poppler(["pdfinfo", "-meta"], merged)
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta
    assert 'pdfuaid:part="1"' in meta
    info = _poppler(["pdfinfo"], merged)
    assert "Tagged:          yes" in info
    assert info.split("Producer")[0] == _poppler(["pdfinfo"], whole).split("Producer")[0]


def _whole(answers: Any, **options: Any) -> bytes:
    saved = list(sharing._CURRENT)
    sharing._CURRENT.clear()
    try:
        return render_document(answers, "pdf", **options).data
    finally:
        sharing._CURRENT[:] = saved


CASES = {
    "it": {},
    "en": {"locale": "en"},
    "uk": {"locale": "en", "person__country": "GB", "person__postal_address": "1 High St\nLondon"},
    "hk": {"locale": "en", "person__country": "HK", "person__postal_address": "1 Queen's Rd\nHK"},
    "meta": {
        "locale": "en",
        "controller": "meta",
        "person__profile_url": "https://www.facebook.com/example",
        "objection__categories": ["public_content", "ai_interactions"],
    },
    "switch-off": {"objection__switch_already_off": True, "objection__form_already_sent": True},
    # Links on the first page: the member's own run, annotations and all.
    "non-member": {
        "locale": "en",
        "person__member": False,
        "person__profile_url": None,
        "person__content_links": ["https://www.linkedin.com/posts/someone_activity-7000000000000"],
    },
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_shared_letter_is_the_letter_made_whole(case: str, shared: sharing.Sharing) -> None:
    first, second = (_answers(n, **CASES[case]) for n in (1, 2))
    render_document(first, "pdf")  # prepares the shared layer
    merged = render_document(second, "pdf").data
    assert shared.counts.shared == shared.counts.openings == 2, shared.counts
    assert shared.counts.whole == 0
    assert_same_letter(merged, _whole(second))
    # The requests start on the second page, after the header that says whose letter it is.
    second_page = _pages(merged)[1].split("\n", 2)
    assert "Persona 2 Esposito" in second_page[0]


def test_with_access_a_mandate_and_the_answers_attached(shared: sharing.Sharing) -> None:
    org = Organisation(name="FILCAMS", postal_address="Via A 1\nMilano", email="o@example.org")
    options = {"with_access": True, "on_behalf_of": org, "embed_answers": True}
    render_document(_answers(1, locale="en"), "pdf", **options)
    answers = _answers(2, locale="en")
    merged = render_document(answers, "pdf", **options).data
    assert shared.counts.shared == 2, shared.counts
    assert_same_letter(merged, _whole(answers, **options))
    attached = _poppler(["pdfdetach", "-list"], merged)
    assert "answers.json" in attached


def test_letters_of_other_requests_share_other_pages(shared: sharing.Sharing) -> None:
    for n, locale in enumerate(["en", "it", "en", "it"]):
        render_document(_answers(n, locale=locale), "pdf")
    assert shared.counts.shared == 4 and shared.counts.layers == 2


def test_members_own_words_still_share_the_first_page(shared: sharing.Sharing) -> None:
    """Grounds of every length, addresses of more lines: the first page's shared runs are
    laid out once and moved to where each letter's own runs leave room for them."""
    words = "Lavoro in un consultorio e i miei post parlano di pazienti. "
    letters = [
        _answers(1, objection__grounds=words),
        _answers(2, objection__grounds=words * 5),
        _answers(3, person__postal_address="Scala B, interno 4\nVia dei Mille 7\n80121 Napoli NA"),
    ]
    made = [render_document(answers, "pdf").data for answers in letters]
    assert shared.counts.openings == 3 and shared.counts.opening_layers == 1, shared.counts
    for answers, data in zip(letters[1:], made[1:], strict=True):
        assert_same_letter(data, _whole(answers))


def test_a_longer_closing_gets_a_layer_of_its_own(shared: sharing.Sharing) -> None:
    render_document(_answers(1, locale="en"), "pdf")
    long_mail = "a-much-longer-address-for-replies." * 2 + "@example.org"
    answers = _answers(2, locale="en", person__email=long_mail)
    merged = render_document(answers, "pdf").data
    assert shared.counts.layers == 2 and shared.counts.whole == 0, shared.counts
    assert_same_letter(merged, _whole(answers))


def test_a_long_opening_is_made_whole_its_requests_following_it(
    shared: sharing.Sharing,
) -> None:
    grounds = "\n\n".join(["Lavoro in un consultorio e i miei post parlano di pazienti. " * 6] * 6)
    answers = _answers(1, objection__grounds=grounds)
    data = render_document(answers, "pdf").data
    assert shared.counts.whole == 1 and shared.counts.shared == 0, shared.counts
    pages = _pages(data)
    # The grounds run onto the second page and the requests follow them there, rather than
    # leave that page half empty.
    at = next(i for i, text in enumerate(pages) if "Chiedo pertanto" in text)
    assert at >= 1
    before = pages[at].split("Chiedo pertanto")[0]
    assert "consultorio" in before or "categorie" in before
    assert pages == _pages(_whole(answers))


def test_a_whole_letter_starts_its_requests_on_the_second_page() -> None:
    data = render_document(_answers(1, locale="en"), "pdf").data
    first, second = _pages(data)[:2]
    assert "I therefore ask you to" not in first
    lines = [line.strip() for line in second.splitlines() if line.strip()]
    assert "Persona 1 Esposito" in lines[0]  # the header: whose letter this page continues
    assert lines[1] == "I therefore ask you to:"


def test_openings_too_long_to_share_are_soon_made_whole_at_once(
    shared: sharing.Sharing,
) -> None:
    """A Swiss letter says more before its requests than its first page holds."""
    swiss = {"person__country": "CH", "person__postal_address": "Via 1\nLugano"}
    for n in range(1, 6):
        answers = _answers(n, **swiss)
        data = render_document(answers, "pdf").data
    assert shared.counts.whole == 5 and shared.counts.layers == 0, shared.counts
    assert sum(shared.long_openings.values()) == sharing.LONG_OPENINGS
    assert _pages(data) == _pages(_whole(answers))


def test_a_short_opening_among_long_ones_still_starts_its_requests_on_page_two(
    shared: sharing.Sharing,
) -> None:
    """After letters whose openings ran long, their requests are laid out to follow the
    opening at once; a letter whose opening fits after all is laid out as it would be alone."""
    long = "\n\n".join(["Lavoro in un consultorio e i miei post parlano di pazienti. " * 6] * 6)
    for n in range(1, 1 + sharing.LONG_OPENINGS):
        render_document(_answers(n, objection__grounds=long), "pdf")
    answers = _answers(9)
    data = render_document(answers, "pdf").data
    assert shared.counts.whole == sharing.LONG_OPENINGS + 1 and shared.counts.shared == 0
    pages = _pages(data)
    assert pages == _pages(_whole(answers))
    assert "Chiedo pertanto" not in pages[0] and "Chiedo pertanto" in pages[1]


@pytest.mark.parametrize("grounds", [1, 6])
def test_a_wrong_guess_of_the_openings_length_costs_time_not_the_layout(grounds: int) -> None:
    from generator.documents.letter import build_letter, render_html
    from generator.pdf.engine import lay_out, make_fetcher

    words = "Lavoro in un consultorio e i miei post parlano di pazienti. " * 6
    answers = _answers(1, objection__grounds="\n\n".join([words] * grounds))
    html = render_html(build_letter(answers, "it"), inline_css=False)
    fetcher = make_fetcher()

    def breaks(document: Any) -> list[list[str]]:
        return [sorted(page.anchors) for page in document.pages]

    laid = [breaks(lay_out(html, fetcher, long=guess)) for guess in (False, True, None)]
    assert laid[0] == laid[1] == laid[2]


def test_a_signed_shared_letter_is_valid(
    tmp_path: Path, certs: dict[str, Path], shared: sharing.Sharing
) -> None:
    from generator.signature.sign import load_signer

    signer = load_signer(certs["self-signed"], PASSWORD.encode())
    render_document(_answers(1, locale="en"), "pdf", signer=signer)
    out = tmp_path / "signed.pdf"
    out.write_bytes(render_document(_answers(2, locale="en"), "pdf", signer=signer).data)
    assert shared.counts.shared == 2
    checked = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." in checked.stdout, checked.stdout
