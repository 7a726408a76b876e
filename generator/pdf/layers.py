"""Two PDFs of one letter made one, page over page: the letter's own layer (its opening, its
closing, the header and footer of every page, with empty room where its requests go) and a
shared layer (the requests, the same for many letters, laid out and written once), with
pikepdf.

Both are WeasyPrint's tagged PDFs of the same page size; the result is tagged like a letter
WeasyPrint wrote whole:

- a shared page's content is drawn first, in its own graphics state (``q … Q``), then the
  letter's page over it; the shared page's fonts and images are renamed (``/s…``) so that
  they cannot take the letter's names; its colour spaces and graphics states keep theirs,
  WeasyPrint naming them by what they are (``srgb``, ``a1.0``: the same name is the same
  thing);
- the letter's marked content on that page is numbered after the shared page's (MCIDs), in
  its content stream, its structure elements and the page's entry in the ParentTree;
- the shared page's structure elements join the letter's ``Document`` element where its page
  stands in reading order: the letter's opening, the shared requests, the letter's closing;
  the letter's own empty elements on those pages (the room it kept) are left out.

:class:`SharedPages` prepares a shared layer once: everything a letter takes from it is one
array, copied into each letter in one call.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections.abc import Iterator
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


class SharedPages:
    """A shared layer's pages, prepared once for all the letters that lay them under theirs."""

    def __init__(self, data: bytes) -> None:
        pdf = pikepdf.open(io.BytesIO(data))
        self._pdf = pdf  # the source of every copy: kept open as long as the layer is used
        self.tagged = "/StructTreeRoot" in pdf.Root
        pages = list(pdf.pages)
        self.pages = len(pages)
        elements = _elements_by_page(pdf) if self.tagged else {}
        nums = _parent_tree(pdf) if self.tagged else {}
        entries = Array()
        renamed: set[tuple[int, int]] = set()
        for page in pages:
            _retag_fonts(page, renamed)
            if "/Annots" in page.obj:
                raise NotShareable("links on a shared page")
            content, resources = _renamed(pdf, page)
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
                entry.Elements = Array(tops)
                entry.All = Array(every.values())
                entry.Nums = Array(marked)
                entry.MCIDs = len(marked)
            entries.append(pdf.make_indirect(entry))
        self.bundle = pdf.make_indirect(entries)

    def lay_under(self, own: bytes, first: int = 1) -> bytes:
        """``own`` (a letter's own layer, PDF) with these pages laid under its pages
        ``first``, ``first + 1``, …: one PDF."""
        pdf = pikepdf.open(io.BytesIO(own))
        if ("/StructTreeRoot" in pdf.Root) != self.tagged:
            raise NotShareable("one layer tagged, the other not")
        entries = pdf.copy_foreign(self.bundle)
        pages = list(pdf.pages)
        if len(pages) < first + self.pages:
            raise NotShareable("fewer pages than the shared layer")
        if not self.tagged:
            for offset, entry in enumerate(entries):
                _lay_page(pdf, pages[first + offset], entry)
            return _saved(pdf)
        document = pdf.Root.StructTreeRoot.K[0]
        by_page = _elements_by_page(pdf)
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        slots = {int(nums[i]): i + 1 for i in range(0, len(nums), 2)}
        kids = Array()
        for index, page in enumerate(pages):
            own_elements = by_page.get(page.obj.objgen, [])
            if not first <= index < first + self.pages:
                kids.extend(own_elements)
                continue
            entry = entries[index - first]
            shift = int(entry.MCIDs)
            slot = slots[int(page.obj.StructParents)]
            marked = nums[slot]
            _lay_page(pdf, page, entry, shift)
            for element in _unique(marked):
                element.K = Array(k + shift if isinstance(k, int) else k for k in element.K)
            for element in entry.All:
                element.Pg = page.obj
            for element in entry.Elements:
                element.P = document
            nums[slot] = Array([*entry.Nums, *marked])
            kids.extend(entry.Elements)
            kids.extend(e for e in own_elements if _has_content(e))
        document.K = kids
        return _saved(pdf)


def _lay_page(pdf: pikepdf.Pdf, page: pikepdf.Page, entry: Any, shift: int = 0) -> None:
    """The shared page of ``entry`` drawn under ``page``, its resources added to the page's."""
    own = page.obj.Contents
    if isinstance(own, Array):
        raise NotShareable("a letter page of several content streams")
    if shift:
        data = _MCID.sub(lambda m: b"/MCID %d" % (int(m.group(1)) + shift), own.read_bytes())
        own = _stream(pdf, data)
    page.obj.Contents = Array([entry.Open, entry.Contents, entry.Close, own])
    resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
    for category, names in entry.Resources.items():
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
    page.obj.Resources = resources


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


def _renamed(pdf: pikepdf.Pdf, page: pikepdf.Page) -> tuple[bytes, Dictionary]:
    """A shared page's content and resources, its fonts and images renamed ``/s…``."""
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
        instructions.append((operands, pikepdf.Operator(operator)))
    return pikepdf.unparse_content_stream(instructions), kept


def _retag_fonts(page: pikepdf.Page, done: set[tuple[int, int]]) -> None:
    """A shared page's font subsets named apart from the letter's (``ABCDEF+Noto-Serif``):
    WeasyPrint tags a subset by its font alone, so the letter's subset of the same font has
    the same name, and a reader may take one subset for the other."""
    fonts = page.obj.Resources.get("/Font", Dictionary())
    for font in fonts.values():
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
                digest = hashlib.md5(f"shared {tag}".encode(), usedforsecurity=False).digest()
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
