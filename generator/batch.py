"""Letters for a whole staff: one letter PDF and one form text per spreadsheet row, in parallel.

In named parts: the :class:`Manifest` (an append-only log of rows, compacted at the end, read
back for ``resume`` without holding it in memory), the row planner (:func:`plan_rows`:
defaults, duplicates, resume), the row task (:func:`make_row`, in a worker) and the run
(:func:`run_batch`), which reports each row through a callback and never prints.

Rows stream from the sheet into a bounded window of work for the worker processes (forked
after WeasyPrint is imported and warmed up, so each worker sets up fonts, CSS and templates
once). Files appear atomically, so a crash loses nothing done.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import copy
import csv
import dataclasses
import gc
import hashlib
import json
import multiprocessing
import os
import resource
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__, files
from generator.answers import readdressed
from generator.controllers import DEFAULT_CONTROLLER
from generator.errors import InvalidAnswers, InvalidInput, ObjectionError, visible
from generator.files import spreadsheet_safe, write_atomically
from generator.i18n import N_
from generator.sheets import Sheet, check_columns, open_sheet

MANIFEST = "manifest.csv"
#: Held while a run uses the folder.
LOCK = ".objection.lock"
#: The time a row may take (a letter takes well under a second).
ROW_SECONDS = 60
COLUMNS = [
    "row",
    "controller",
    "name",
    "email",
    "language",
    "country",
    "files",
    "sha256",
    "status",
    "error",
    "warnings",
    "input",
]


@dataclass
class RowResult:
    row: int
    status: str  # "ok", "failed" or "kept" (resume: done before, unchanged)
    controller: str = DEFAULT_CONTROLLER
    name: str = ""
    email: str = ""
    language: str = ""
    country: str = ""
    files: list[str] = field(default_factory=list)
    sha256: list[str] = field(default_factory=list)
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    input: str = ""
    pid: int = 0
    max_rss_kb: int = 0

    def entry(self) -> dict[str, Any]:
        """The row as the manifest writes it."""
        return {
            "row": self.row,
            "controller": self.controller,
            "name": self.name,
            "email": self.email,
            "language": self.language,
            "country": self.country,
            "files": ";".join(self.files),
            "sha256": ";".join(self.sha256),
            "status": "ok" if self.status == "kept" else self.status,
            "error": self.error,
            "warnings": " | ".join(self.warnings),
            "input": self.input,
        }


@dataclass
class BatchSummary:
    total: int = 0
    made: int = 0
    kept: int = 0
    failed: list[RowResult] = field(default_factory=list)
    failed_count: int = 0
    worker_rss_kb: dict[int, int] = field(default_factory=dict)
    aborted: str = ""

    def add(self, result: RowResult) -> None:
        self.total += 1
        if result.status == "ok":
            self.made += 1
        elif result.status == "kept":
            self.kept += 1
        else:
            self.failed_count += 1
            if len(self.failed) < 1000:  # the manifest has them all
                self.failed.append(result)
        if result.pid:
            rss = self.worker_rss_kb.get(result.pid, 0)
            self.worker_rss_kb[result.pid] = max(rss, result.max_rss_kb)


# --- the manifest -------------------------------------------------------------------------


class Manifest:
    """``manifest.csv``: an append-only log while a run goes on, one line a row at the end.

    The log is read by byte offsets (the last line of each row), never held whole: a resume
    of 200,000 rows keeps 200,000 integers, not 200,000 entries.
    """

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST
        self._fh: Any = None
        self._writer: Any = None
        self._index: dict[tuple[int, str], int] | None = None
        self._previous_fh: Any = None

    def _offsets(self) -> dict[tuple[int, str], int]:
        """(Row number, controller) → byte offset of its last entry in the log."""
        offsets: dict[tuple[int, str], int] = {}
        if not self.path.exists():
            return offsets
        with self.path.open("rb") as fh:
            header = fh.readline()
            fields = next(csv.reader([header.decode("utf-8")]), [])
            if "row" not in fields:
                return offsets
            at = fields.index("controller") if "controller" in fields else None
            for offset, line in _records(fh):
                values = next(csv.reader([line.decode("utf-8", errors="replace")]), [])
                if values and values[0].isdigit():  # a line cut by a crash is skipped
                    controller = values[at] if at is not None and at < len(values) else ""
                    offsets[(int(values[0]), controller or DEFAULT_CONTROLLER)] = offset
        return offsets

    def _read_at(self, fh: Any, header: list[str], offset: int) -> dict[str, str]:
        fh.seek(offset)
        text = b"".join(_record_lines(fh)).decode("utf-8")
        values = next(csv.reader([text]), [])
        return dict(zip(header, values, strict=False))

    def previous(self) -> Callable[[int, str], dict[str, str] | None]:
        """A lookup of the last entry of a row's letter to a controller (for resume)."""
        self._index = self._offsets()
        if not self._index:
            return lambda row, controller: None
        fh = self._previous_fh = self.path.open("rb")
        header = next(csv.reader([fh.readline().decode("utf-8")]))
        index = self._index

        def lookup(row: int, controller: str) -> dict[str, str] | None:
            offset = index.get((row, controller))
            return None if offset is None else self._read_at(fh, header, offset)

        return lookup

    def open(self, *, append: bool) -> None:
        fresh = not append or not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | (0 if fresh else os.O_APPEND), 0o600)
        if fresh:
            os.ftruncate(fd, 0)
        self._fh = os.fdopen(fd, "w", newline="", encoding="utf-8")
        self._writer = csv.DictWriter(self._fh, COLUMNS)
        if fresh:
            self._writer.writeheader()

    def append(self, result: RowResult) -> None:
        self._writer.writerow({k: spreadsheet_safe(v) for k, v in result.entry().items()})
        self._fh.flush()

    def close(self) -> None:
        for fh in (self._fh, self._previous_fh):
            if fh is not None:
                fh.close()
        self._fh = self._previous_fh = None

    def compact(self) -> None:
        """Rewrite the log as one line a row, in row order, atomically."""
        offsets = self._offsets()
        if not offsets:
            return
        with self.path.open("rb") as src:
            header = next(csv.reader([src.readline().decode("utf-8")]))

            def lines() -> Iterator[bytes]:
                out = _CsvLine(COLUMNS)
                yield out.line({c: c for c in COLUMNS})
                for key in sorted(offsets):
                    entry = self._read_at(src, header, offsets[key])
                    yield out.line({k: entry.get(k, "") for k in COLUMNS})

            files.write_lines_atomically(self.path, lines())


class _CsvLine:
    """One CSV line at a time, as bytes."""

    def __init__(self, columns: list[str]):
        self.columns = columns

    def line(self, values: dict[str, Any]) -> bytes:
        import io

        buffer = io.StringIO()
        csv.DictWriter(buffer, self.columns).writerow(values)
        return buffer.getvalue().encode("utf-8")


def _record_lines(fh: Any) -> Iterator[bytes]:
    """The physical lines of one CSV record (a quoted cell may hold line breaks)."""
    quotes = 0
    for line in iter(fh.readline, b""):
        yield line
        quotes += line.count(b'"')
        if quotes % 2 == 0:
            return


def _records(fh: Any) -> Iterator[tuple[int, bytes]]:
    while True:
        offset = fh.tell()
        lines = list(_record_lines(fh))
        if not lines:
            return
        yield offset, b"".join(lines)


# --- the work of one row (runs in a worker) -----------------------------------------------


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


class RowTimeout(Exception):
    """A row took longer than its time limit."""


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise RowTimeout


def make_row(task: RowTask) -> RowResult:
    """The letter and form text of one row, written into the output folder, in bounded time."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(task.row_seconds)
    try:
        result = _make_row(task)
    except RowTimeout:
        result = RowResult(row=task.row, status="failed", input=task.fingerprint, pid=os.getpid())
        result.error = str(
            ObjectionError(
                N_(
                    "took longer than %(seconds)d seconds and was stopped: look for an "
                    "unusually long value in this row"
                ),
                seconds=task.row_seconds,
            )
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    result.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def _make_row(task: RowTask) -> RowResult:
    from generator.answers import answers_from_mapping
    from generator.documents import render_document
    from generator.forms import form_text
    from generator.letters import slug

    result = RowResult(row=task.row, status="failed", input=task.fingerprint, pid=os.getpid())
    result.controller = str(task.mapping.get("controller", DEFAULT_CONTROLLER))
    person = task.mapping.get("person", {})
    result.name, result.email = str(person.get("name", "")), str(person.get("email", ""))
    try:
        answers = answers_from_mapping(
            task.mapping, source=f"row {task.row}", base_dir=task.base_dir
        )
        document = render_document(
            answers,
            "pdf",
            locale=task.locale,
            on_behalf_of=task.on_behalf_of,
            pdf_variant=task.pdf_variant,
        )
        locale = document.letter.locale
        result.language, result.country = locale, answers.person.country
        form = form_text(answers, locale)
        stem = slug(answers)
        outputs = [
            (f"{stem}.pdf", document.data),
            (f"{stem}.form.txt", (form.text + "\n").encode()),
        ]
        for name, data in outputs:
            try:
                write_atomically(task.out_dir / name, data)
            except OSError as exc:  # a full disk, a folder made read-only meanwhile
                raise ObjectionError(
                    N_("could not write %(path)s (%(reason)s)"),
                    path=task.out_dir / name,
                    reason=exc.strerror or str(exc),
                ) from exc
        result.files = [name for name, _ in outputs]
        result.sha256 = [hashlib.sha256(data).hexdigest() for _, data in outputs]
        result.warnings = [str(w) for w in document.warnings]
        result.status = "ok"
    except InvalidAnswers as exc:
        result.error = "; ".join(
            f"{_column(p.field, task.columns.get(p.field))}: {p.message}" if p.field else p.message
            for p in exc.problems
        )
    except ObjectionError as exc:
        result.error = str(exc)
    return result


def _column(field: str, header: str | None) -> str:
    """A field as the sheet's user knows it: "E-mail (person.email)"."""
    return f"{header} ({field})" if header and header != field else field


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive its parent (kill -9 of the batch): the kernel kills it."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _warm_up(parent: int) -> None:
    """Worker start: everything a letter needs, set up once, then frozen out of the GC."""
    from generator.answers import sample_answers
    from generator.documents import render

    _die_with_parent(parent)
    render(sample_answers("en"), "pdf", locale="en")
    gc.freeze()


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
        settled.error = str(
            ObjectionError(
                N_(
                    "the signature image %(path)s is outside the sheet's folder: put the "
                    "images beside the sheet and name them relative to it"
                ),
                path=visible(str(image)),
            )
        )
        return settled
    if name and email and key in seen:
        settled.error = str(
            ObjectionError(
                N_("the same person (name and e-mail) as row %(row)d: remove one of the two rows"),
                row=seen[key],
            )
        )
        return settled
    if name and email:
        seen[key] = number
    entry = previous(number, controller)
    if entry and _still_good(entry, fingerprint, template.out_dir):
        settled.status = "kept"
        return settled
    return dataclasses.replace(template, row=number, mapping=merged, fingerprint=fingerprint)


# --- checking without making ------------------------------------------------------------


def check_row(task: RowTask) -> RowResult:
    """What a row would give, without rendering: valid answers, or the problems."""
    from generator.answers import answers_from_mapping

    result = RowResult(row=task.row, status="failed", input=task.fingerprint)
    result.controller = str(task.mapping.get("controller", DEFAULT_CONTROLLER))
    person = task.mapping.get("person", {})
    result.name, result.email = str(person.get("name", "")), str(person.get("email", ""))
    try:
        answers = answers_from_mapping(
            task.mapping, source=f"row {task.row}", base_dir=task.base_dir
        )
    except InvalidAnswers as exc:
        result.error = "; ".join(
            f"{_column(p.field, task.columns.get(p.field))}: {p.message}" if p.field else p.message
            for p in exc.problems
        )
        return result
    result.country, result.language = answers.person.country, task.locale or answers.locale or ""
    result.status = "ok"
    return result


def _nothing_before(row: int, controller: str) -> None:
    return None


def check_batch(
    sheet: Path | tuple[Sheet, Iterator[tuple[int, dict[str, Any]]]],
    *,
    defaults: dict[str, Any] | None = None,
    locale: str | None = None,
    controllers: tuple[str, ...] = (DEFAULT_CONTROLLER,),
    on_result: Callable[[RowResult], None] | None = None,
) -> BatchSummary:
    """Validate every row as the batch would, in this process, writing nothing."""
    shape, rows = open_sheet(sheet) if isinstance(sheet, Path) else sheet
    check_columns(shape, defaults)
    columns = {f: h for f, h in zip(shape.fields, shape.headers, strict=True) if f}
    template = RowTask(0, {}, "", shape.path.resolve().parent, Path(), locale, columns)
    summary = BatchSummary()
    planned = plan_rows(
        rows, template, defaults=defaults, previous=_nothing_before, controllers=controllers
    )
    for item in planned:
        result = item if isinstance(item, RowResult) else check_row(item)
        summary.add(result)
        if on_result:
            on_result(result)
    return summary


# --- the run ------------------------------------------------------------------------------


def clean_partial_files(out_dir: Path) -> int:
    """Remove the temporary files a killed run left behind; how many."""
    return files.clean_partial_files(out_dir, (".pdf", ".form.txt", MANIFEST))


def _work(planned: Iterator[RowTask | RowResult], jobs: int, window: int) -> Iterator[RowResult]:
    """Results as rows are settled or made by the worker pool, a bounded window at a time."""
    # fork: workers inherit the imported modules (WeasyPrint takes ~0.8 s to import).
    import weasyprint  # noqa: F401

    context = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_warm_up, initargs=(os.getpid(),)
    ) as pool:
        pending: set[cf.Future[RowResult]] = set()
        for item in planned:
            if isinstance(item, RowResult):
                yield item
                continue
            pending.add(pool.submit(make_row, item))
            if len(pending) >= jobs * window:  # bounded: the sheet stays a stream
                done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                yield from (future.result() for future in done)
        yield from (future.result() for future in cf.as_completed(pending))


def run_batch(
    sheet: Path | tuple[Sheet, Iterator[tuple[int, dict[str, Any]]]],
    out_dir: Path,
    *,
    defaults: dict[str, Any] | None = None,
    jobs: int | None = None,
    resume: bool = False,
    locale: str | None = None,
    on_behalf_of: Any = None,
    window: int = 4,
    row_seconds: int = ROW_SECONDS,
    pdf_variant: str | None = None,
    controllers: tuple[str, ...] = (DEFAULT_CONTROLLER,),
    on_result: Callable[[RowResult], None] | None = None,
) -> BatchSummary:
    """Make every row's letter and form text into ``out_dir``; report each row to on_result.

    With several ``controllers`` each member gets one letter to each (one manifest).

    ``sheet`` is a path, or what :func:`generator.sheets.open_sheet` returned. A required
    column that is missing is one InvalidInput before any work. One run at a time may use
    ``out_dir``: a second one raises InvalidInput at once.
    """
    shape, rows = open_sheet(sheet) if isinstance(sheet, Path) else sheet
    check_columns(shape, defaults)
    columns = {f: h for f, h in zip(shape.fields, shape.headers, strict=True) if f}
    sheet_path = shape.path
    try:
        files.make_private_dir(out_dir)
    except OSError as exc:
        raise ObjectionError(
            N_(
                "Could not write %(path)s (%(reason)s): check that the folder "
                "exists and is writable."
            ),
            path=out_dir,
            reason=exc.strerror or str(exc),
        ) from None
    with _lock(out_dir):
        clean_partial_files(out_dir)
        manifest = Manifest(out_dir)
        previous = manifest.previous() if resume else _nothing_before
        template = RowTask(
            0,
            {},
            "",
            sheet_path.resolve().parent,
            out_dir,
            locale,
            columns,
            on_behalf_of,
            row_seconds,
            pdf_variant,
        )
        planned = plan_rows(
            rows, template, defaults=defaults, previous=previous, controllers=controllers
        )
        results = _work(planned, max(1, jobs or os.cpu_count() or 1), window)
        return _record(results, manifest, append=resume, on_result=on_result)


@contextlib.contextmanager
def _lock(out_dir: Path) -> Iterator[None]:
    """The output folder, locked for this run (released when the process ends, however)."""
    import fcntl

    try:
        fd = os.open(out_dir / LOCK, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError as exc:  # a read-only folder: said as every command says it
        raise ObjectionError(
            N_(
                "Could not write %(path)s (%(reason)s): check that the folder "
                "exists and is writable."
            ),
            path=out_dir,
            reason=exc.strerror or str(exc),
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise InvalidInput(
            N_("Another run is using %(path)s: wait for it to finish, or choose another --out."),
            path=out_dir,
        ) from None
    try:
        yield
    finally:
        os.close(fd)


def _record(
    results: Iterator[RowResult],
    manifest: Manifest,
    *,
    append: bool,
    on_result: Callable[[RowResult], None] | None,
) -> BatchSummary:
    """Each result into the summary, the manifest and the caller's callback, as it comes."""
    summary = BatchSummary()
    manifest.open(append=append)
    try:
        for result in results:
            summary.add(result)
            if result.status != "kept":
                manifest.append(result)
            if on_result:
                on_result(result)
    except OSError as exc:  # the manifest itself could not be written (a full disk)
        summary.aborted = str(
            ObjectionError(
                N_(
                    "could not write the manifest (%(reason)s): free some space, then run "
                    "again with --resume"
                ),
                reason=exc.strerror or str(exc),
            )
        )
    except cf.process.BrokenProcessPool:
        summary.aborted = str(
            ObjectionError(
                N_(
                    "a worker process died (killed, or out of memory): what was done is in the "
                    "manifest; run again with --resume to finish"
                )
            )
        )
    finally:
        manifest.close()
        clean_partial_files(manifest.path.parent)
        with contextlib.suppress(OSError):  # no room to compact: the log is still whole
            manifest.compact()
    return summary
