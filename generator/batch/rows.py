"""The rows of a batch: planned (defaults, duplicates, resume), checked, and made in a worker.

A row's letter to one controller is a :class:`RowTask`; :func:`make_row` runs in a worker
process, in bounded time, and returns a :class:`~generator.batch.manifest.RowResult`.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import hashlib
import json
import os
import resource
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.answers.reading import readdressed
from generator.base.children import die_with_parent
from generator.base.errors import InvalidAnswers, Joined, ObjectionError, msg, visible
from generator.base.version import __version__
from generator.batch.limits import RowTimeout, time_limit
from generator.batch.manifest import RowResult
from generator.facts.controllers import DEFAULT_CONTROLLER

#: The time a row may take (a letter takes well under a second).
ROW_SECONDS = 60


@dataclass(frozen=True)
class RowTask:
    row: int
    mapping: dict[str, Any]
    fingerprint: str
    base_dir: Path
    out_dir: Path
    locale: str | None
    #: Answers field → the sheet's header for it, to name columns in errors.
    columns: dict[str, str]
    on_behalf_of: Any = None
    #: A row that takes longer fails with a message; the others go on.
    row_seconds: int = ROW_SECONDS
    pdf_variant: str | None = None
    #: The campaign the register files the letters under (None: the register is not kept).
    campaign: str | None = None
    #: The letter is signed with the batch's token (the worker's own session on it).
    signed: bool = False


def make_row(task: RowTask) -> RowResult:
    """The letter and form text of one row, written into the output folder, in bounded time.

    The one row function: the local pool's worker processes and a cluster's workers call it.
    """
    try:
        with time_limit(task.row_seconds):
            result = _make_row(task)
    except RowTimeout:
        result = RowResult(row=task.row, status="failed", input=task.fingerprint, pid=os.getpid())
        result.error = msg(
            "took longer than %(seconds)d seconds and was stopped: look for an "
            "unusually long value in this row",
            code="row.timeout",
            seconds=task.row_seconds,
        )
    result.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def _make_row(task: RowTask) -> RowResult:
    from generator.answers.reading import answers_from_mapping
    from generator.making import Request, make

    result = _started(task)
    result.pid = os.getpid()
    try:
        answers = answers_from_mapping(
            task.mapping, source=f"row {task.row}", base_dir=task.base_dir
        )
        letter = make(
            Request(
                "objection",
                answers,
                locale=task.locale,
                out_dir=task.out_dir,
                on_behalf_of=task.on_behalf_of,
                pdf_variant=task.pdf_variant,
                campaign=task.campaign,
                signer=_worker_signer() if task.signed else None,
            )
        )
        locale = letter.letter.locale
        result.language, result.country = locale, answers.person.country
        form = make(
            Request(
                "form_text",
                answers,
                "txt",
                locale=locale,
                out_dir=task.out_dir,
                letter=letter.letter,
            )
        )
        made = [letter, form]
        result.files = [m.path.name for m in made if m.path]
        result.sha256 = [hashlib.sha256(m.data).hexdigest() for m in made]
        result.warnings = list(letter.warnings)
        if task.campaign is not None:
            result.record = letter.entry
        result.status = "ok"
    except InvalidAnswers as exc:
        result.error = _problems(exc, task.columns)
    except ObjectionError as exc:
        result.error = exc.msg
    return result


def _started(task: RowTask) -> RowResult:
    """A row's result before anything is made: failed until it is not."""
    result = RowResult(row=task.row, status="failed", input=task.fingerprint)
    result.controller = str(task.mapping.get("controller", DEFAULT_CONTROLLER))
    person = task.mapping.get("person", {})
    result.name, result.email = str(person.get("name", "")), str(person.get("email", ""))
    return result


def _problems(exc: InvalidAnswers, columns: dict[str, str]) -> Joined:
    """The problems of a row, each naming its column as the sheet calls it (translated when
    shown, in the language of whoever shows them)."""
    return Joined(
        tuple(
            msg(
                "%(column)s: %(problem)s",
                column=_column(p.field, columns.get(p.field)),
                problem=p.msg,
            )
            if p.field
            else p.msg
            for p in exc.problems
        )
    )


def _column(field: str, header: str | None) -> str:
    """A field as the sheet's user knows it: "E-mail (person.email)"."""
    return f"{header} ({field})" if header and header != field else field


def warm_up(
    parent: int,
    token: tuple[Any, str] | None = None,
    layers: str | None = None,
    first: tuple[list[RowTask], Any] | None = None,
) -> None:
    """Worker start: everything a letter needs, set up once, then frozen out of the GC; with
    a ``token`` (its TokenSpec and PIN, checked by the parent), this worker's own session on it;
    ``layers``: the folder where the run's workers leave shared pages for each other;
    ``first``: the run's first rows and a shared counter, by which each worker warms up on
    another of them."""
    die_with_parent(parent)
    warm_renderer(token, layers, first)


def warm_renderer(
    token: tuple[Any, str] | None = None,
    layers: str | None = None,
    first: tuple[list[RowTask], Any] | None = None,
) -> None:
    """Fonts, CSS and templates set up in this process (a letter rendered), and a ``token``'s
    session opened, then frozen out of the GC: each worker does it once, before its first row.

    The letter is one of the run's ``first`` rows where there are some, each worker another:
    the pages it shares with the letters like it are then ready, here and for the other
    workers, when the rows come (generator/pdf/sharing.py). Nothing of it is written."""
    from generator.pdf import sharing

    # The worker's letters share what they have in common: laid out and written once per
    # run, not once per letter.
    sharing.enable(Path(layers) if layers else None)
    if not (first and _warm_on(*first)):
        from generator.answers.reading import sample_answers
        from generator.documents.document import render

        render(sample_answers("en"), "pdf", locale="en")
    if token is not None:
        _open_token(*token)
    gc.freeze()


def _warm_on(tasks: list[RowTask], counter: Any) -> bool:
    """One of ``tasks``' letters made and set aside (the next in turn by ``counter``, a shared
    multiprocessing value); False if there is none or it cannot be made (its row says why
    when its turn comes)."""
    from generator.answers.reading import answers_from_mapping
    from generator.documents.document import render_document

    if not tasks:
        return False
    with counter.get_lock():
        task = tasks[counter.value % len(tasks)]
        counter.value += 1
    try:
        answers = answers_from_mapping(
            task.mapping, source=f"row {task.row}", base_dir=task.base_dir
        )
        render_document(
            answers,
            "pdf",
            locale=task.locale,
            on_behalf_of=task.on_behalf_of,
            pdf_variant=task.pdf_variant,
        )
    except ObjectionError:
        return False
    return True


#: This worker's signer on the batch's token, or why it has none.
_TOKEN: dict[str, Any] = {}


def _open_token(spec: Any, pin: str) -> None:
    from generator.signature.token import load_token_signer

    try:
        _TOKEN["signer"] = load_token_signer(spec, pin)
    except ObjectionError as exc:  # said by each row this worker takes
        _TOKEN["error"] = exc


def _worker_signer() -> Any:
    if "error" in _TOKEN:
        raise _TOKEN["error"]
    return _TOKEN.get("signer")


# --- planning the rows --------------------------------------------------------------------


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _fingerprint(mapping: dict[str, Any], base_dir: Path, locale: str | None) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, locale, mapping], sort_keys=True, default=str).encode())
    image = mapping.get("signature", {}).get("image")
    if image:
        path = Path(image) if Path(image).is_absolute() else base_dir / image
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _still_good(entry: dict[str, str], fingerprint: str, out_dir: Path) -> bool:
    if entry.get("status") != "ok" or entry.get("input") != fingerprint:
        return False
    names, hashes = entry.get("files", "").split(";"), entry.get("sha256", "").split(";")
    if not names or len(names) != len(hashes) or not all(names):
        return False
    for name, digest in zip(names, hashes, strict=True):
        path = out_dir / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
    return True


def _inside(folder: Path, name: str) -> bool:
    """Whether a path a sheet names stays within the sheet's folder (no ../.., no /etc)."""
    return (folder / name).resolve().is_relative_to(folder.resolve())


def plan_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
    template: RowTask,
    *,
    defaults: dict[str, Any] | None,
    previous: Callable[[int, str], dict[str, str] | None],
    controllers: tuple[str, ...] = (DEFAULT_CONTROLLER,),
) -> Iterator[RowTask | RowResult]:
    """Each row's letter to each controller as work to do (a RowTask), or as settled already
    (a RowResult).

    A row's own controller column wins over ``controllers``. Defaults fill what a row leaves
    empty; a second row for the same person (name and e-mail) fails; with resume, a letter
    whose input and files are unchanged is kept.
    """
    # Who came in which row, by an 8-byte digest: a 100,000-row sheet keeps 100,000 of them.
    seen: dict[bytes, int] = {}
    for number, mapping in rows:
        own = mapping.get("controller")
        for controller in [own] if own else controllers:
            merged = readdressed(_deep_merge(defaults or {}, mapping), str(controller))
            merged = {**merged, "controller": controller}
            yield _plan_one(number, merged, mapping, template, seen, previous)


def _plan_one(
    number: int,
    merged: dict[str, Any],
    mapping: dict[str, Any],
    template: RowTask,
    seen: dict[bytes, int],
    previous: Callable[[int, str], dict[str, str] | None],
) -> RowTask | RowResult:
    """One row's letter to one controller: the work, or why there is none to do."""
    controller = str(merged["controller"])
    person = merged.get("person", {})
    name = str(person.get("name", "")).strip().casefold()
    email = str(person.get("email", "")).strip().casefold()
    key = hashlib.blake2b(f"{name}\x1f{email}\x1f{controller}".encode(), digest_size=8).digest()
    fingerprint = _fingerprint(merged, template.base_dir, template.locale)
    settled = RowResult(row=number, status="failed", controller=controller, input=fingerprint)
    settled.name, settled.email = str(person.get("name", "")), str(person.get("email", ""))
    image = mapping.get("signature", {}).get("image")
    if image and not _inside(template.base_dir, image):
        settled.error = msg(
            "the signature image %(path)s is outside the sheet's folder: put the "
            "images beside the sheet and name them relative to it",
            code="row.image_outside",
            path=visible(str(image)),
        )
        return settled
    if name and email and key in seen:
        settled.error = msg(
            "the same person (name and e-mail) as row %(row)d: remove one of the two rows",
            code="row.duplicate",
            row=seen[key],
        )
        return settled
    if name and email:
        seen[key] = number
    entry = previous(number, controller)
    if entry and _still_good(entry, fingerprint, template.out_dir):
        settled.status = "kept"
        return settled
    return dataclasses.replace(template, row=number, mapping=merged, fingerprint=fingerprint)


def check_row(task: RowTask) -> RowResult:
    """What a row would give, without rendering: valid answers, or the problems."""
    from generator.answers.reading import answers_from_mapping

    result = _started(task)
    try:
        answers = answers_from_mapping(
            task.mapping, source=f"row {task.row}", base_dir=task.base_dir
        )
    except InvalidAnswers as exc:
        result.error = _problems(exc, task.columns)
        return result
    result.country, result.language = answers.person.country, task.locale or answers.locale or ""
    result.status = "ok"
    return result
