"""Letters of a batch that say the same share the layout and the writing of what they share.

A letter's requests (from "I therefore ask you to" to its last reservation) start on a page of
their own (letter.css) and are word for word the same for every letter of a batch with the
same law, controller, language and choices: the same HTML. Its first page is a stack of runs
(templates/letter/html_fmt.j2 ``run``), each the member's own or common to such letters. A
letter is made of three layers (templates/letter/base.j2, ``layer``):

- the **requests** ("shared"): laid out and written once per group, with an empty block as
  high as a letter's closing where the closing goes, so that the requests break across pages
  as they do in the whole letter;
- the **first page's common runs** ("opening"): laid out and written once per group, each on
  a page of its own;
- the letter's **own layer** ("own"): its own runs on the first page with room as high as each
  common run between them, empty pages where the requests go, then its closing at the height
  where the requests end, and every page's header and footer;

laid one under the other at the PDF level (:mod:`generator.pdf.layers`), each common run moved
down to the room the letter kept for it. The letter is the one WeasyPrint would have made
whole — the same pages, the same places, tagged PDF/A-3a in the same reading order — and this
is checked on each letter, not assumed: its own layer must put the opening on the first page,
its runs stacked exactly, and its closing exactly where the requests kept room for it, as high
as that room. Otherwise (a long opening, a closing of another height) the letter is made
whole, as it would be alone, and a layer for its closing's height is prepared for the letters
after it.

One :class:`Sharing` per process (a batch worker's). The workers of one run leave the layers
they prepare for each other in a private folder of the output folder (``folder``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base.files import write_atomically
from generator.pdf.engine import (
    PDF_VARIANT,
    RenderedPdf,
    anchor_pages,
    lay_out,
    rendering,
    signature_box,
    write,
)

log = logging.getLogger(__name__)

#: Two positions closer than this (CSS px, 1/96 in) are the same.
_SAME = 0.01
#: The shared layers a process keeps: a batch has a few groups; a sheet of all different
#: letters does not fill memory with layers none will share.
MAX_LAYERS = 48
#: Layers of one group (one set of requests) for closings of different heights.
MAX_PER_GROUP = 3
#: Letters of one group whose opening ran past the first page, none shared, after which the
#: group's letters are made whole without trying.
LONG_OPENINGS = 3
#: What a letter whose opening runs past its first page (or may) is told: made whole, its
#: requests following its opening.
LONG = "long"


@dataclass(frozen=True)
class Gaps:
    """What a letter's own layer leaves empty: ``pages`` pages of requests, the last of them
    to ``spacer`` px below the top of its text."""

    pages: int
    spacer: float


@dataclass
class Layer:
    """A shared layer: its pages prepared for laying under letters, and where the letters'
    closing goes (the last page's ``top``, px) and how high it is."""

    pages: Any  # generator.pdf.layers.SharedPages
    count: int
    top: float
    spacer: float
    closing: float


@dataclass
class Opening:
    """The shared runs of a first page (templates/letter/html_fmt.j2 run), each laid out on a
    page of its own: where each starts on its page and how high it is (px), by number."""

    pages: Any  # generator.pdf.layers.SharedPages
    tops: dict[int, float]
    heights: dict[int, float]


@dataclass
class Counts:
    """What a process made: letters sharing their requests' pages (``shared``), of which
    ``openings`` their first page's shared runs too; letters made ``whole``; the layers of
    requests and of first pages prepared; the requests ``refused`` for sharing."""

    shared: int = 0
    openings: int = 0
    whole: int = 0
    layers: int = 0
    opening_layers: int = 0
    refused: int = 0


@dataclass
class Sharing:
    """A process's shared layers, by the HTML of their requests and PDF variant; ``folder``:
    where the workers of one run leave them for each other (a private folder of the output
    folder, removed at the end of the run)."""

    folder: Path | None = None
    groups: dict[str, list[Layer]] = field(default_factory=dict)
    #: Requests this process cannot share (a layer refused), made whole from then on.
    unshareable: set[str] = field(default_factory=set)
    counts: Counts = field(default_factory=Counts)
    #: The first pages' shared runs, by their HTML (None: not shareable).
    openings: dict[str, Opening | None] = field(default_factory=dict)
    #: Letters whose opening ran past the first page, by requests; requests that some letter
    #: shared.
    long_openings: dict[str, int] = field(default_factory=dict)
    fitted: set[str] = field(default_factory=set)

    def render(
        self,
        html_of: Callable[[str, Gaps | None, dict[int, float] | None], str],
        *,
        title: str,
        attachments: Iterable[tuple[str, str, bytes]] = (),
        locate_signature: bool = False,
        variant: str = PDF_VARIANT,
    ) -> RenderedPdf:
        """The letter whose HTML ``html_of(layer, gaps, heights)`` gives (layer "" whole,
        "own", "opening", "shared"; templates/letter/base.j2), sharing the pages and runs it
        has in common with the letters before it where it can."""
        attachments = list(attachments)
        with rendering(title) as fetcher:
            made = self._shared(html_of, fetcher, attachments, locate_signature, variant)
            if isinstance(made, RenderedPdf):
                return made
            whole = lay_out(html_of("", None, None), fetcher, long=True if made == LONG else None)
            data = write(whole, fetcher, attachments=attachments, variant=variant)
            self.counts.whole += 1
        return RenderedPdf(data, signature_box(whole) if locate_signature else None)

    def _shared(
        self,
        html_of: Callable[[str, Gaps | None, dict[int, float] | None], str],
        fetcher: Any,
        attachments: list[tuple[str, str, bytes]],
        locate_signature: bool,
        variant: str,
    ) -> RenderedPdf | str | None:
        """The letter made of its own layer and the shared ones, if it fits them; else
        :data:`LONG` if its opening runs past the first page, or may."""
        shared_html = html_of("shared", None, None)
        key = hashlib.sha256(f"{variant}\n{shared_html}".encode()).hexdigest()
        if self._long_openings(key):
            return LONG
        if key in self.unshareable:
            return None
        opening = self._opening(html_of("opening", None, None), fetcher, variant)
        layers = self.groups.get(key)
        target: Layer | None = layers[0] if layers else None
        for _attempt in range(2):
            gaps = Gaps(target.count, target.spacer) if target else Gaps(1, 0.0)
            heights = opening.heights if opening else None
            own = lay_out(html_of("own", gaps, heights), fetcher, flow=False)
            if anchor_pages(own, "demands")[:1] != [1]:
                self.long_openings[key] = self.long_openings.get(key, 0) + 1
                return LONG
            runs = _runs(own, opening) if opening else None
            if opening and runs is None:  # the first page whole, as before
                opening, heights = None, None
                own = lay_out(html_of("own", gaps, None), fetcher, flow=False)
            layer = _fitting(own, self.groups.get(key, []), gaps)
            if layer is not None:
                data = write(own, fetcher, attachments=attachments, variant=variant)
                merged = self._merged(data, key, layer, opening, runs)
                if merged is None:
                    return None
                return RenderedPdf(merged, signature_box(own) if locate_signature else None)
            # A closing of a height no layer has room for (the first letter of its requests,
            # a longer e-mail address): a layer for it, then this letter again.
            height = _closing(own)
            if height is None:
                return None
            target = self._layer(key, shared_html, height, fetcher, variant)
            if target is None:
                return None
        return None

    def _merged(
        self,
        data: bytes,
        key: str,
        layer: Layer,
        opening: Opening | None,
        runs: list[float] | None,
    ) -> bytes | None:
        """A letter's own layer (``data``) with its requests' pages under its pages 2, 3, …
        and the first page's shared runs under its first, each moved down by ``runs``."""
        from generator.pdf.layers import NotShareable, Placement, lay

        placements = [Placement(layer.pages, i, 1 + i) for i in range(layer.count)]
        if opening and runs:
            placements += [Placement(opening.pages, i, 0, down) for i, down in enumerate(runs)]
        try:
            merged = lay(data, placements)
        except NotShareable as exc:
            self._refuse(key, str(exc))
            return None
        self.counts.shared += 1
        self.counts.openings += bool(opening and runs)
        self.fitted.add(key)
        return merged

    def _opening(self, html: str, fetcher: Any, variant: str) -> Opening | None:
        """The first page's shared runs of ``html`` (the "opening" layer), laid out and
        written once: each on a page of its own, with its height and where it starts."""
        from generator.pdf.layers import NotShareable, SharedPages

        key = hashlib.sha256(f"{variant}\n{html}".encode()).hexdigest()
        if key in self.openings:
            return self.openings[key]
        opening = None
        if len(self.openings) < MAX_LAYERS:
            made = self._made(f"opening-{key}", lambda: _opening_layer(html, fetcher, variant))
            if made is not None:
                data, facts = made
                try:
                    pages = SharedPages(data, together=True, name="opening")
                except NotShareable as exc:
                    log.info("first pages not shared: %s", exc)
                else:
                    tops = {int(n): float(y) for n, y in facts["tops"].items()}
                    heights = {int(n): float(h) for n, h in facts["heights"].items()}
                    opening = Opening(pages, tops, heights)
                    self.counts.opening_layers += 1
            self.openings[key] = opening
        return opening

    def _long_openings(self, key: str) -> bool:
        """Whether the letters of these requests have openings too long to share (a Swiss
        letter's, an Italian one's with long grounds): after a few, and none shared, they are
        made whole at once, without their own layer laid out first."""
        return key not in self.fitted and self.long_openings.get(key, 0) >= LONG_OPENINGS

    def _layer(
        self, key: str, shared_html: str, height: float, fetcher: Any, variant: str
    ) -> Layer | None:
        """The shared layer for the requests of ``shared_html`` and a closing ``height`` px
        high: the one prepared before, or a new one if the process has room for it."""
        from generator.pdf.layers import NotShareable, SharedPages

        layers = self.groups.get(key, [])
        for layer in layers:
            if abs(layer.closing - height) < _SAME:
                return layer
        if len(layers) >= MAX_PER_GROUP or sum(map(len, self.groups.values())) >= MAX_LAYERS:
            return None

        def make() -> tuple[bytes, dict[str, Any]] | None:
            made = _requests_layer(shared_html, height, fetcher, variant)
            if made is None:
                self._refuse(key, "the closing's room is not on one page")
            return made

        made = self._made(f"requests-{key}-{height:.4f}", make)
        if made is None:
            return None
        data, facts = made
        try:
            prepared = SharedPages(data)
        except NotShareable as exc:
            self._refuse(key, str(exc))
            return None
        layer = Layer(prepared, facts["count"], facts["top"], facts["spacer"], height)
        self.groups.setdefault(key, []).append(layer)
        self.counts.layers += 1
        return layer

    def _made(
        self, name: str, make: Callable[[], tuple[bytes, dict[str, Any]] | None]
    ) -> tuple[bytes, dict[str, Any]] | None:
        """A shared layer's PDF and what is known of it: left by another worker of the run
        in its folder, or made here (and left there for the others)."""
        if self.folder is None:
            return make()
        facts, pdf = self.folder / f"{name}.json", self.folder / f"{name}.pdf"
        try:  # the facts are written last: with them, the PDF is whole
            known = json.loads(facts.read_text("utf-8"))
            return pdf.read_bytes(), known
        except (OSError, ValueError):
            pass
        made = make()
        if made is not None:
            try:
                write_atomically(pdf, made[0])
                write_atomically(facts, json.dumps(made[1]).encode("utf-8"))
            except OSError as exc:  # the others make their own
                log.info("shared layer not left for the other workers: %s", exc)
        return made

    def _refuse(self, key: str, why: str) -> None:
        log.info("requests not shared: %s", why)
        self.groups.pop(key, None)
        self.unshareable.add(key)
        self.counts.refused += 1


def _opening_layer(html: str, fetcher: Any, variant: str) -> tuple[bytes, dict[str, Any]] | None:
    """The first page's shared runs laid out and written, each on a page of its own, with
    where each starts and how high it is (px, by run number); None if a run is not whole on
    one page."""
    document = lay_out(html, fetcher, flow=False)
    tops, heights = {}, {}
    for page in document.pages:
        names = [name for name in page.anchors if name.startswith("run-")]
        if len(names) != 1:
            return None
        _x1, y1, _x2, y2 = page.anchors[names[0]]
        number = names[0].removeprefix("run-")
        tops[number], heights[number] = y1, y2 - y1
    data = write(document, fetcher, variant=variant)
    return data, {"tops": tops, "heights": heights}


def _requests_layer(
    html: str, height: float, fetcher: Any, variant: str
) -> tuple[bytes, dict[str, Any]] | None:
    """The requests laid out and written, with room for a closing ``height`` px high after
    them; how many pages they take and where the closing goes on the last (px). None if the
    closing's room is not on their last page."""
    marked = html.replace(
        'id="closing-space"', f'id="closing-space" style="height: {height:.4f}px"', 1
    )
    document = lay_out(marked, fetcher, flow=False)
    pages = anchor_pages(document, "closing-space")
    tops = anchor_pages(document, "demands")
    if pages != [len(document.pages) - 1] or tops[:1] != [0]:
        return None
    top = document.pages[pages[0]].anchors["closing-space"][1]
    text_top = document.pages[0].anchors["demands"][1]
    data = write(document, fetcher, variant=variant)
    return data, {"count": len(document.pages), "top": top, "spacer": top - text_top}


def _closing(document: Any) -> float | None:
    """How high a letter's closing is (px), if it is on one page, after an opening that fits
    the first page."""
    if anchor_pages(document, "demands")[:1] != [1]:
        return None
    found = _closing_box(document)
    return None if found is None else found[2] - found[1]


def _closing_box(document: Any) -> tuple[int, float, float] | None:
    """The closing's page, top and bottom (px): from "Please acknowledge receipt" to the
    signature or the enclosures under it, all on one page."""
    start = anchor_pages(document, "closing-start")
    ends = anchor_pages(document, "signature") + anchor_pages(document, "enclosures")
    if len(start) != 1 or set(ends) != set(start):
        return None
    page = document.pages[start[0]]
    top = page.anchors["closing-start"][1]
    bottom = max(
        page.anchors[name][3] for name in ("signature", "enclosures") if name in page.anchors
    )
    return start[0], top, bottom


def _runs(own: Any, opening: Opening) -> list[float] | None:
    """How far down each shared run goes in a letter whose own layer leaves room for them
    (px, in the opening layer's order), if the letter's first page is its runs stacked one on
    the next, every one whole on the first page; None otherwise."""
    first = own.pages[0].anchors
    numbers = sorted(int(name.removeprefix("run-")) for name in first if name.startswith("run-"))
    if any(name.startswith("run-") for page in own.pages[1:] for name in page.anchors) or not set(
        opening.tops
    ) <= set(numbers):
        return None
    for before, after in itertools.pairwise(numbers):
        if abs(first[f"run-{before}"][3] - first[f"run-{after}"][1]) >= _SAME:
            return None
    downs = []
    for number in sorted(opening.tops):
        _x1, y1, _x2, y2 = first[f"run-{number}"]
        if abs((y2 - y1) - opening.heights[number]) >= _SAME:
            return None
        downs.append(y1 - opening.tops[number])
    return downs


def _fitting(own: Any, layers: list[Layer], gaps: Gaps) -> Layer | None:
    """The layer a letter's own layer (laid out with ``gaps``) fits: its opening on the first
    page, its closing where and as high as the layer kept room for it, on the layer's last
    page."""
    if anchor_pages(own, "demands")[:1] != [1]:
        return None
    found = _closing_box(own)
    if found is None or found[0] != gaps.pages:
        return None
    _index, top, bottom = found
    for layer in layers:
        if (
            layer.count == gaps.pages
            and abs(layer.spacer - gaps.spacer) < _SAME
            and abs(layer.top - top) < _SAME
            and abs(layer.closing - (bottom - top)) < _SAME
        ):
            return layer
    return None


#: This process's sharing, once a batch worker turns it on (:func:`enable`).
_CURRENT: list[Sharing] = []


def enable(folder: Path | None = None) -> Sharing:
    """Letters made in this process from now on share what they have in common; the shared
    layers are kept in ``folder`` too, for the other workers of a run."""
    if not _CURRENT:
        _CURRENT.append(Sharing(folder=folder))
    return _CURRENT[0]


def current() -> Sharing | None:
    return _CURRENT[0] if _CURRENT else None
