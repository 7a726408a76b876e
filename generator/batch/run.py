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
import itertools
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from generator.base import files
from generator.base.errors import InvalidInput, Msg, ObjectionError, msg
from generator.base.i18n import N_
from generator.batch.chunks import Guard, RunStopped
from generator.batch.cluster import LAYERS, Cluster, refuse_signing, remove_probes
from generator.batch.manifest import MANIFEST, Manifest, RowResult
from generator.batch.rows import ROW_SECONDS, RowTask, check_row, make_row, plan_rows, warm_up
from generator.batch.sheets import Sheet, check_columns, open_sheet
from generator.facts.controllers import DEFAULT_CONTROLLER

#: Held while a run uses the folder.
LOCK = ".objection.lock"


@dataclass
class BatchSummary:
    total: int = 0
    made: int = 0
    kept: int = 0
    failed: list[RowResult] = field(default_factory=list)
    failed_count: int = 0
    worker_rss_kb: dict[int, int] = field(default_factory=dict)
    #: Why the run stopped before its end (its rows so far are in the manifest), if it did.
    aborted: ObjectionError | None = None

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


# --- checking without making ------------------------------------------------------------


def _nothing_before(row: int, controller: str) -> None:
    return None


def check_batch(
    sheet: Path | tuple[Sheet, Iterator[tuple[int, dict[str, Any]]]],
    *,
    defaults: dict[str, Any] | None = None,
    locale: str | None = None,
    controllers: tuple[str, ...] = (DEFAULT_CONTROLLER,),
    on_result: Callable[[RowResult], None] | None = None,
    register: Any = None,
    campaign: str | None = None,
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
    stale = [folder for folder in out_dir.glob(f"{LAYERS}*") if folder.is_dir()]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale) + files.clean_partial_files(out_dir, (".pdf", ".form.txt", MANIFEST))


#: What one worker may take: WeasyPrint with its fonts and a letter's layout peak near
#: 100 MB of resident memory (``BatchSummary.worker_rss_kb`` measures it).
WORKER_BYTES = 100 * 1024 * 1024


def _processors() -> int:
    """The processors this process may run on (its affinity, else all of them)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _memory_for_workers() -> int | None:
    """How many workers the memory available now can hold (None: unknown here): the
    kernel's MemAvailable, and a container's (cgroup v2) limit less what it uses."""
    available: list[int] = []
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    available.append(int(line.split()[1]) * 1024)
        group = Path("/sys/fs/cgroup")
        limit = (group / "memory.max").read_text("ascii").strip()
        if limit.isdigit():
            available.append(int(limit) - int((group / "memory.current").read_text("ascii")))
    except (OSError, ValueError):
        pass
    return max(1, min(available) // WORKER_BYTES) if available else None


def batch_workers(requested: int | None) -> tuple[int, Msg | None]:
    """How many workers a batch runs (``requested``, else one a processor), never more than
    the processors and what the memory holds; and, when a request was lowered, why."""
    processors, memory = _processors(), _memory_for_workers()
    allowed = min(processors, memory or processors)
    if requested is None or requested <= allowed:
        return (requested or allowed), None
    return allowed, msg(
        "%(asked)d workers asked for, %(used)d used: this machine has %(processors)d "
        "processors and memory for %(memory)s workers (about 100 MB each).",
        asked=requested,
        used=allowed,
        processors=processors,
        memory=str(memory) if memory is not None else "?",
    )


def _head(
    planned: Iterator[RowTask | RowResult], jobs: int
) -> Generator[RowResult, None, list[RowTask]]:
    """Rows settled without work, as they come, until ``jobs`` rows to make are found or the
    rows end; those rows, so that the pool starts no more workers than they need."""
    tasks: list[RowTask] = []
    for item in planned:
        if isinstance(item, RowResult):
            yield item
            continue
        tasks.append(item)
        if len(tasks) >= jobs:
            break
    return tasks


def _work(
    planned: Iterator[RowTask | RowResult],
    jobs: int,
    window: int,
    token: tuple[Any, str] | None = None,
    out_dir: Path | None = None,
) -> Iterator[RowResult]:
    """Results as rows are settled or made by the worker pool, a bounded window at a time;
    with a ``token``, each worker opens its own session on it (PKCS#11 sessions do not
    cross a fork). A token removed stops the run (``aborted``): what is unsigned is left for
    resume. The workers leave the pages their letters share for each other in a private
    folder of ``out_dir``, removed at the end."""
    # fork: workers inherit the imported modules (WeasyPrint takes ~0.8 s to import; pikepdf,
    # which joins a letter's layers, a tenth of that).
    import weasyprint  # noqa: F401

    import generator.pdf.layers  # noqa: F401

    head = yield from _head(planned, jobs)
    planned, jobs = itertools.chain(head, planned), max(1, min(jobs, len(head)))
    context = multiprocessing.get_context("fork")
    with contextlib.ExitStack() as stack:
        layers = None
        if out_dir is not None and jobs > 1:
            layers = stack.enter_context(tempfile.TemporaryDirectory(prefix=LAYERS, dir=out_dir))
        # Each worker warms up on another of the first rows (rows.warm_up).
        first = (list(head), context.Value("i", 0))
        yield from _pooled(planned, jobs, window, context, (os.getpid(), token, layers, first))


def _pooled(
    planned: Iterator[RowTask | RowResult],
    jobs: int,
    window: int,
    context: Any,
    initargs: tuple[Any, ...],
) -> Iterator[RowResult]:
    with cf.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=warm_up, initargs=initargs
    ) as pool:
        submitted: list[cf.Future[RowResult]] = []
        reported: set[cf.Future[RowResult]] = set()
        try:
            pending: set[cf.Future[RowResult]] = set()
            for item in planned:
                if isinstance(item, RowResult):
                    yield item
                    continue
                future = pool.submit(make_row, item)
                submitted.append(future)
                pending.add(future)
                if len(pending) >= jobs * window:  # bounded: the sheet stays a stream
                    done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                    for future in done:
                        reported.add(future)
                        yield future.result()
                    reported.clear()  # only futures still in flight matter below
                    submitted = list(pending)
            for future in cf.as_completed(pending):
                reported.add(future)
                yield future.result()
        except cf.BrokenExecutor:  # BrokenProcessPool
            # A killed worker breaks the whole pool. Rows other workers had finished are
            # still reported (and so recorded) first, so a resume does not make them again.
            for future in submitted:
                if future in reported or not future.done() or future.cancelled():
                    continue
                if future.exception() is None:
                    yield future.result()
            raise


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
    register: Any = None,
    campaign: str | None = None,
    token: tuple[Any, str] | None = None,
    cluster: Cluster | None = None,
) -> BatchSummary:
    """Make every row's letter and form text into ``out_dir``; report each row to on_result.

    With several ``controllers`` each member gets one letter to each (one manifest).
    ``token`` (TokenSpec, PIN, checked by the caller) signs every letter; see :func:`_work`.
    With a ``register`` (:class:`generator.register.store.Register`) each letter made is recorded in
    it under ``campaign`` (default: the sheet's name), a few at a time. With a ``cluster``
    (:func:`generator.batch.cluster.open_cluster`) its workers make the rows into ``out_dir``,
    which each must see (it signs nothing); the manifest and the register are written here.

    ``sheet`` is a path, or what :func:`generator.batch.sheets.open_sheet` returned. A required
    column that is missing is one InvalidInput before any work. One run at a time may use
    ``out_dir``: a second one raises InvalidInput at once.
    """
    shape, rows = open_sheet(sheet) if isinstance(sheet, Path) else sheet
    check_columns(shape, defaults)
    columns = {f: h for f, h in zip(shape.fields, shape.headers, strict=True) if f}
    sheet_path = shape.path
    created = _folder(out_dir, cluster, defaults, token)
    with _lock(out_dir), _shared(cluster, out_dir, created) as guard:
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
            (campaign or sheet_path.stem) if register is not None else None,
            token is not None,
        )
        planned = plan_rows(
            rows, template, defaults=defaults, previous=previous, controllers=controllers
        )
        results = _results(planned, cluster, guard, shape.rows_hint, jobs, window, token, out_dir)
        return _record(results, manifest, append=resume, on_result=on_result, register=register)


def _results(
    planned: Iterator[RowTask | RowResult],
    cluster: Cluster | None,
    guard: Guard | None,
    rows_hint: int,
    jobs: int | None,
    window: int,
    token: tuple[Any, str] | None,
    out_dir: Path,
) -> Iterator[RowResult]:
    """The rows' results: made on the cluster, or by worker processes here."""
    if cluster is not None and guard is not None:
        return cluster.results(planned, guard, rows_hint)
    return _work(planned, batch_workers(jobs)[0], window, token, out_dir)


def _folder(
    out_dir: Path, cluster: Cluster | None, defaults: dict[str, Any] | None, token: Any
) -> list[Path]:
    """``out_dir`` made where missing (0700), once what a cluster refuses is ruled out; the
    folders that were made, the deepest first."""
    if cluster is not None:
        refuse_signing(defaults, signed=token is not None)
    created = [p for p in (out_dir, *out_dir.parents) if not p.exists()]
    try:
        files.make_private_dir(out_dir)
    except OSError as exc:
        raise _unwritable(out_dir, exc) from None
    return created


@contextlib.contextmanager
def _shared(cluster: Cluster | None, out_dir: Path, created: list[Path]) -> Iterator[Guard | None]:
    """The guard of a run on ``cluster`` (None without one), whose workers must all see
    ``out_dir``: if they do not, the folders this run made are removed again (nothing made)
    and InvalidInput. The run's probe goes at the end: a chunk still queued will not run."""
    if cluster is None:
        remove_probes(out_dir)  # of an earlier run on a cluster, killed
        yield None
        return
    try:
        guard = cluster.share(out_dir)
    except InvalidInput:
        if created:
            (out_dir / LOCK).unlink(missing_ok=True)
            for folder in created:  # the deepest first
                with contextlib.suppress(OSError):
                    folder.rmdir()
        raise
    try:
        yield guard
    finally:
        Path(guard.probe).unlink(missing_ok=True)
        shutil.rmtree(guard.layers, ignore_errors=True)


def _unwritable(out_dir: Path, exc: OSError) -> ObjectionError:
    """A folder the run cannot write into, said as every command says it."""
    return ObjectionError(
        N_("Could not write %(path)s (%(reason)s): check that the folder exists and is writable."),
        path=out_dir,
        reason=exc.strerror or str(exc),
    )


@contextlib.contextmanager
def _lock(out_dir: Path) -> Iterator[None]:
    """The output folder, locked for this run (released when the process ends, however)."""
    import fcntl

    try:
        fd = os.open(out_dir / LOCK, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError as exc:  # a read-only folder: said as every command says it
        raise _unwritable(out_dir, exc) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise InvalidInput(
            N_("Another run is using %(path)s: wait for it to finish, or choose another folder."),
            code="batch.busy",
            path=out_dir,
        ) from None
    try:
        yield
    finally:
        os.close(fd)


def _token_removed(result: RowResult) -> bool:
    return getattr(result.error, "code", "") == "pkcs11.removed"


#: Letters recorded in the register in one transaction.
REGISTER_CHUNK = 50


def _file(register: Any, pending: list[Any]) -> None:
    """The letters made so far into the register, in one transaction."""
    if register is not None and pending:
        register.record_many(pending)
    pending.clear()


def _record(
    results: Iterator[RowResult],
    manifest: Manifest,
    *,
    append: bool,
    on_result: Callable[[RowResult], None] | None,
    register: Any = None,
) -> BatchSummary:
    """Each result into the summary, the manifest, the register (a few at a time) and the
    caller's callback, as it comes."""
    summary = BatchSummary()
    manifest.open(append=append)
    pending: list[Any] = []
    try:
        for result in results:
            summary.add(result)
            if result.status != "kept":
                manifest.append(result)
            if result.record is not None:
                pending.append(result.record)
                if len(pending) >= REGISTER_CHUNK:
                    _file(register, pending)
            if on_result:
                on_result(result)
            if _token_removed(result):  # the rows after it would fail alike: resume them
                summary.aborted = ObjectionError(cast("Msg", result.error))
                break
    except OSError as exc:  # the manifest itself could not be written (a full disk)
        summary.aborted = ObjectionError(
            N_(
                "could not write the manifest (%(reason)s): free some space, then resume the "
                "run to finish what is missing"
            ),
            code="batch.manifest_unwritable",
            reason=exc.strerror or str(exc),
        )
    except RunStopped as exc:  # the cluster could not go on
        summary.aborted = exc
    except cf.BrokenExecutor:  # BrokenProcessPool
        summary.aborted = ObjectionError(
            N_(
                "a worker process died (killed, or out of memory): what was done is in the "
                "manifest; resume the run to finish"
            ),
            code="batch.worker_died",
        )
    finally:
        _file(register, pending)
        manifest.close()
        clean_partial_files(manifest.path.parent)
        with contextlib.suppress(OSError):  # no room to compact: the log is still whole
            manifest.compact()
    return summary
