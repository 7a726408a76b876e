"""PDFs of one letter made one, page over page, with pikepdf: the letter's own layer (its own
runs of the first page, its closing, the header and footer of every page, with empty room
where the rest goes) and shared layers (the first page's common runs, each on a page of its
own; the requests' pages), the same for many letters, laid out and written once.

All are WeasyPrint's tagged PDFs of the same page size; the result is tagged like a letter
WeasyPrint wrote whole:

- a shared page's content is drawn first, in its own graphics state (``q … Q``), moved down
  to its place if need be (a ``cm``: a run of the first page goes where the letter left room
  for it), then the letter's page over it; the shared pages' fonts and images are renamed
  (``/s…``) and their subsets retagged, so that they cannot take the letter's names; their
  colour spaces and graphics states keep theirs, WeasyPrint naming them by what they are
  (``srgb``, ``a1.0``: the same name is the same thing);
- the marked content (MCIDs) of a page is numbered on: the shared pages laid under it first
  (in order, numbered on from one to the next when prepared ``together``), then the letter's
  own, in its content stream, its structure elements and the page's entry in the ParentTree;
- the letter's empty top-level elements on a page (the room it kept) give way, one for one, to
  the structure elements of the shared pages laid there: the reading order of the letter laid
  out whole.

:class:`SharedPages` prepares a shared layer once: everything a letter takes from it is one
array, copied into each letter in one call; :func:`lay` lays such pages under a letter's.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

#: The resources a shared page's are renamed in, and the operators that name them in a content
#: stream, with the operand that does.
_RENAMED = ("/Font", "/XObject", "/Pattern", "/Shading")
_NAMING = {"Tf": 0, "Do": 0, "sh": 0, "scn": -1, "SCN": -1}
_PREFIX = "s"
_MCID = re.compile(rb"/MCID (\d+)")


class NotShareable(Exception):
    """A shared layer this module cannot lay under letters (links on its pages, a structure it
    does not know): its letters are made whole."""


@dataclass(frozen=True)
class Placement:
    """One shared page laid under one of a letter's pages: the shared layer's page ``page``
    under the letter's page ``onto``, moved ``down`` CSS px from where it was laid out."""

    layer: SharedPages
    page: int
    onto: int
    down: float = 0.0


class SharedPages:
    """A shared layer's pages, prepared once for all the letters that lay them under theirs.

    ``together``: the pages all go under one page of a letter, in order (the runs of a first
    page): their marked content is numbered on from one page to the next. ``name`` tells
    their font subsets apart from the letter's and other layers'.
    """

    def __init__(self, data: bytes, *, together: bool = False, name: str = "shared") -> None:
        pdf = pikepdf.open(io.BytesIO(data))
        self._pdf = pdf  # the source of every copy: kept open as long as the layer is used
        self.tagged = "/StructTreeRoot" in pdf.Root
        self.together = together
        pages = list(pdf.pages)
        self.pages = len(pages)
        elements = _elements_by_page(pdf) if self.tagged else {}
        nums = _parent_tree(pdf) if self.tagged else {}
        entries = Array()
        renamed: set[tuple[int, int]] = set()
        start = 0  # the first MCID of this page, where pages go together under one
        for page in pages:
            _retag_fonts(page, renamed, name)
            if "/Annots" in page.obj:
                raise NotShareable("links on a shared page")
            content, resources = _renamed(pdf, page, start)
            entry = Dictionary(
                Contents=_stream(pdf, content),
                Resources=resources,
                Open=_stream(pdf, b"q\n"),
                Close=_stream(pdf, b"\nQ\n"),
                MCIDs=0,
            )
            if self.tagged:
                # The closing's room and the like: nothing a reader would meet.
                tops = [e for e in elements.get(page.obj.objgen, []) if _has_content(e)]
                every = _detached(tops, pdf.Root.StructTreeRoot.K[0])
                marked = nums.get(int(page.obj.get("/StructParents", -1)), Array())
                if any(ref.objgen not in every for ref in marked):
                    raise NotShareable("marked content outside the structure tree")
                if start:
                    _renumber(marked, start)
                entry.Elements = Array(tops)
                entry.All = Array(every.values())
                entry.Nums = Array(marked)
                entry.MCIDs = len(marked)
                if together:
                    start += len(marked)
            entries.append(pdf.make_indirect(entry))
        self.bundle = pdf.make_indirect(entries)


def lay(own: bytes, placements: list[Placement]) -> bytes:
    """``own`` (a letter's own layer, PDF) with shared pages laid under its pages: one PDF.

    Under one page of the letter go either one shared page or all the pages of a layer made
    ``together``, in order; the letter's empty top-level elements on that page (the room it
    kept) give way, one for one and in order, to the shared pages' elements.
    """
    pdf = pikepdf.open(io.BytesIO(own))
    tagged = "/StructTreeRoot" in pdf.Root
    under = _entries(pdf, placements, tagged)
    pages = list(pdf.pages)
    if not tagged:
        for onto, entries in under.items():
            _lay_page(pdf, pages[onto], entries)
        return _saved(pdf)
    document = pdf.Root.StructTreeRoot.K[0]
    by_page = _elements_by_page(pdf)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    slots = {int(nums[i]): i + 1 for i in range(0, len(nums), 2)}
    kids = Array()
    for index, page in enumerate(pages):
        own_elements = by_page.get(page.obj.objgen, [])
        entries = under.get(index, [])
        if not entries:
            kids.extend(own_elements)
            continue
        shift = sum(int(entry.MCIDs) for entry, _down in entries)
        slot = slots[int(page.obj.StructParents)]
        marked = nums[slot]
        _lay_page(pdf, page, entries, shift)
        _renumber(marked, shift)
        shared: list[Any] = []
        for entry, _down in entries:
            for element in entry.All:
                element.Pg = page.obj
            for element in entry.Elements:
                element.P = document
            shared.extend(entry.Nums)
        nums[slot] = Array([*shared, *marked])
        kids.extend(_in_place(own_elements, [entry.Elements for entry, _down in entries]))
    document.K = kids
    return _saved(pdf)


def _entries(
    pdf: pikepdf.Pdf, placements: list[Placement], tagged: bool
) -> dict[int, list[tuple[Any, float]]]:
    """The shared pages to lay under each page of ``pdf`` (copied into it, each layer once),
    with how far down each goes."""
    copies: dict[int, Any] = {}
    under: dict[int, list[tuple[Any, float]]] = {}
    count = len(pdf.pages)
    for placement in placements:
        if placement.layer.tagged != tagged:
            raise NotShareable("one layer tagged, the other not")
        if not 0 <= placement.onto < count:
            raise NotShareable("a shared page beyond the letter's last")
        if id(placement.layer) not in copies:
            copies[id(placement.layer)] = pdf.copy_foreign(placement.layer.bundle)
        entry = copies[id(placement.layer)][placement.page]
        under.setdefault(placement.onto, []).append((entry, placement.down))
    for onto, entries in under.items():
        here = [p for p in placements if p.onto == onto]
        if len(entries) > 1 and (
            len({id(p.layer) for p in here}) > 1
            or not here[0].layer.together
            or [p.page for p in here] != list(range(here[0].layer.pages))
        ):
            raise NotShareable("pages of several layers, or some of a layer, under one page")
    return under


def _in_place(own: list[Any], shared: list[Any]) -> list[Any]:
    """A page's elements in reading order: the letter's own, each empty one (the room it
    kept) replaced by the elements of the shared page laid there, in order."""
    rooms = [i for i, element in enumerate(own) if not _has_content(element)]
    if len(rooms) != len(shared):
        raise NotShareable("the letter's room and the shared pages do not match")
    ordered: list[Any] = []
    for i, element in enumerate(own):
        if i in rooms:
            ordered.extend(shared[rooms.index(i)])
        else:
            ordered.append(element)
    return ordered


def _renumber(marked: Any, shift: int) -> None:
    """The MCIDs the elements of ``marked`` (a page's ParentTree entry) name, moved on by
    ``shift``."""
    if not shift:
        return
    for element in _unique(marked):
        element.K = Array(k + shift if isinstance(k, int) else k for k in element.K)


def _lay_page(
    pdf: pikepdf.Pdf, page: pikepdf.Page, entries: list[tuple[Any, float]], shift: int = 0
) -> None:
    """The shared pages of ``entries`` drawn under ``page`` (each moved down as said), their
    resources added to the page's; the page's own marked content numbered on by ``shift``."""
    own = page.obj.Contents
    if isinstance(own, Array):
        raise NotShareable("a letter page of several content streams")
    if shift:
        data = _MCID.sub(lambda m: b"/MCID %d" % (int(m.group(1)) + shift), own.read_bytes())
        own = _stream(pdf, data)
    contents = Array()
    for entry, down in entries:
        # CSS px down the page are PDF points (0.75 px) down: a negative y.
        opening = _stream(pdf, b"q 1 0 0 1 0 %.4f cm\n" % (-down * 0.75)) if down else entry.Open
        contents.extend([opening, entry.Contents, entry.Close])
    contents.append(own)
    page.obj.Contents = contents
    resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
    for entry, _down in entries:
        _add_resources(resources, entry.Resources)
    page.obj.Resources = resources


def _add_resources(resources: Dictionary, extra: Any) -> None:
    for category, names in extra.items():
        if category not in resources:
            resources[category] = names
            continue
        if not isinstance(names, Dictionary):  # /ProcSet: the letter's own says the same
            continue
        merged = Dictionary({key: value for key, value in resources[category].items()})
        for name, value in names.items():
            if name not in merged:
                merged[name] = value
        resources[category] = merged


def _saved(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    # The XMP packet says PDF/A-3 and what WeasyPrint wrote: leave it as it is. The file's ID
    # from its content, as WeasyPrint's: the same letter, the same bytes.
    pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    return out.getvalue()


def _stream(pdf: pikepdf.Pdf, data: bytes) -> Stream:
    stream = Stream(pdf, b"")
    stream.write(zlib.compress(data), filter=Name.FlateDecode)
    return stream


def _renamed(pdf: pikepdf.Pdf, page: pikepdf.Page, start: int = 0) -> tuple[bytes, Dictionary]:
    """A shared page's content and resources, its fonts and images renamed ``/s…``, its
    marked content numbered from ``start``."""
    resources = page.obj.Resources
    renames: dict[str, Name] = {}
    kept = Dictionary()
    for category, names in resources.items():
        if category in _RENAMED:
            kept[category] = Dictionary({f"/{_PREFIX}{k[1:]}": v for k, v in names.items()})
            renames.update({str(k): Name(f"/{_PREFIX}{str(k)[1:]}") for k in names})
        else:
            kept[category] = names
    instructions = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            raise NotShareable("an inline image on a shared page")
        operands, operator = list(instruction.operands), str(instruction.operator)
        at = _NAMING.get(operator)
        if at is not None and operands and isinstance(operands[at], Name):
            operands[at] = renames.get(str(operands[at]), operands[at])
        if start and operator == "BDC" and isinstance(operands[-1], Dictionary):
            properties = operands[-1]
            if "/MCID" in properties:
                moved = Dictionary({key: value for key, value in properties.items()})
                moved.MCID = int(properties.MCID) + start
                operands[-1] = moved
        instructions.append((operands, pikepdf.Operator(operator)))
    return pikepdf.unparse_content_stream(instructions), kept


def _retag_fonts(page: pikepdf.Page, done: set[tuple[int, int]], name: str) -> None:
    """A shared page's font subsets named apart from the letter's (``ABCDEF+Noto-Serif``):
    WeasyPrint tags a subset by its font alone, so the letter's subset of the same font has
    the same name, and a reader may take one subset for the other."""
    fonts = page.obj.Resources.get("/Font", Dictionary())
    for _name, font in fonts.items():
        if font.objgen in done:
            continue
        done.add(font.objgen)
        dictionaries = [font, *font.get("/DescendantFonts", Array())]
        for dictionary in dictionaries:
            for holder, key in (
                (dictionary, "/BaseFont"),
                (dictionary.get("/FontDescriptor"), "/FontName"),
            ):
                if holder is None or key not in holder:
                    continue
                tag, plus, rest = str(holder[key])[1:].partition("+")
                if not plus:
                    continue
                digest = hashlib.md5(f"{name} {tag}".encode(), usedforsecurity=False).digest()
                holder[key] = Name("/" + "".join(chr(65 + b % 26) for b in digest[:6]) + "+" + rest)


def _elements_by_page(pdf: pikepdf.Pdf) -> dict[tuple[int, int], list[Any]]:
    """The ``Document`` element's children, by the page they are on (WeasyPrint builds each
    page's elements apart, in reading order)."""
    root = pdf.Root.StructTreeRoot
    if len(root.K) != 1 or root.K[0].S != "/Document":
        raise NotShareable("a structure tree without one Document element")
    by_page: dict[tuple[int, int], list[Any]] = {}
    for element in root.K[0].K:
        if "/Pg" not in element:
            raise NotShareable("a structure element without its page")
        by_page.setdefault(element.Pg.objgen, []).append(element)
    return by_page


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, Any]:
    tree = pdf.Root.StructTreeRoot.ParentTree
    if "/Nums" not in tree:
        raise NotShareable("a ParentTree of several levels")
    nums = tree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _detached(tops: list[Any], document: Any) -> dict[tuple[int, int], Any]:
    """Every element under ``tops``, by object; the tops' parent (the ``Document``) and
    every page reference left out, so that copying them copies nothing else."""
    every: dict[tuple[int, int], Any] = {}
    for top in tops:
        if top.get("/P") is not None and top.P.objgen != document.objgen:
            raise NotShareable("an element whose parent is not the Document")
        del top.P
        for element in _walk(top):
            if element.objgen in every:
                raise NotShareable("an element twice in the tree")
            every[element.objgen] = element
            if "/Pg" in element:
                del element.Pg
            for kid in element.K:
                if isinstance(kid, Dictionary) and kid.get("/Type") in ("/MCR", "/OBJR"):
                    raise NotShareable("marked content by reference")
    return every


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for kid in element.K:
        if isinstance(kid, Dictionary) and kid.get("/Type") == "/StructElem":
            yield from _walk(kid)


def _has_content(element: Any) -> bool:
    """Whether anything is marked under ``element`` (text, an image, a link)."""
    for node in _walk(element):
        for kid in node.K:
            if isinstance(kid, int) or (
                isinstance(kid, Dictionary) and kid.get("/Type") in ("/MCR", "/OBJR")
            ):
                return True
    return False


def _unique(elements: Any) -> Iterator[Any]:
    seen: set[tuple[int, int]] = set()
    for element in elements:
        if element.objgen not in seen:
            seen.add(element.objgen)
            yield element
