"""A batch's rows on a Dask cluster, in chunks: what a worker does with one, and how the client
keeps a bounded number of them in flight.

The client plans the rows as the local run does (:func:`generator.batch.rows.plan_rows`,
streamed from the sheet) and sends them a chunk at a time — up to :data:`CHUNK_ROWS` rows a
task — with at most two chunks a worker in flight: a sheet of five million rows is never five
million futures, nor a sheet held in the scheduler's memory. A worker makes a chunk's rows with
the same row function as the local pool (:func:`generator.batch.rows.make_row`), writes each
file atomically into the shared folder and returns the rows' results (names and hashes, never
the files). The client alone writes the manifest and the register, as chunks come back.

A worker that dies takes its chunk with it: Dask runs the chunk again on another worker, whose
rows are written again under the same names, and only the chunk that completes is reported, so
the manifest has each row once. A chunk whose worker dies every time (Dask gives up after a
few tries) is sent again a row at a time, so that only the row that kills its worker fails.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import pickle
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.base import files
from generator.base.errors import Msg, ObjectionError, msg
from generator.base.i18n import N_
from generator.batch.manifest import RowResult
from generator.batch.rows import RowTask, make_row, warm_renderer
from generator.facts.controllers import DEFAULT_CONTROLLER

#: The most rows a task carries (at a few letters a second, a minute or so of a worker's time).
CHUNK_ROWS = 100
#: Chunks in flight for each worker: one it makes, one waiting beside it.
IN_FLIGHT_PER_WORKER = 2


class RunStopped(ObjectionError):
    """The cluster could not go on (the scheduler was lost, a worker refused a chunk): what
    was done is in the manifest, and a resume finishes the rest."""

    default_code = "cluster.stopped"


class Refused(Exception):
    """A worker would not make a chunk; ``args``: why (a code) and what it found."""


@dataclass(frozen=True)
class Guard:
    """What a worker checks before each chunk, and the row function it calls."""

    #: The client's gdpr-objection version.
    version: str
    #: The probe file in the shared output folder, and what it holds.
    probe: str
    token: str
    row: Callable[[RowTask], RowResult] = make_row
    #: Set up the renderer before the first row (not for rows that render nothing).
    warm: bool = True
    #: The folder of the shared output folder where the run's workers leave the pages their
    #: letters share for each other (generator/pdf/sharing.py); made by the first to write.
    layers: str = ""

    def check(self) -> None:
        """Refused, if this worker runs another version or does not see the run's folder."""
        from generator.base import version

        if version.__version__ != self.version:
            raise Refused("version", version.__version__)
        try:
            same = Path(self.probe).read_text("ascii") == self.token
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            raise Refused("not_shared", socket.gethostname())


#: A Dask worker may run several tasks at once in threads; a letter's renderer is set up for
#: one at a time (and the GIL would gain nothing): a worker makes one chunk at a time.
_ONE_AT_A_TIME = threading.Lock()


@functools.cache
def _warm() -> None:
    warm_renderer()


#: A chunk's rows wait in the shared folder, in a file of this name (the probe's prefix, so
#: that what a killed run left is removed with its probe).
CHUNK_FILE = ".objection-cluster-rows-"


def write_chunk(folder: Path, name: str, tasks: list[RowTask], token: str) -> tuple[str, str]:
    """The chunk's rows into the shared folder (0600, atomically): its path, and their
    HMAC under the run's token, which a worker checks before it reads them."""
    data = pickle.dumps(tasks, protocol=pickle.HIGHEST_PROTOCOL)
    path = folder / f"{CHUNK_FILE}{name}"
    files.write_atomically(path, data)
    return str(path), hmac.new(token.encode("ascii"), data, hashlib.sha256).hexdigest()


def _read_chunk(path: str, mac: str, guard: Guard) -> list[RowTask]:
    """On a worker: the rows the client wrote for this chunk, if they are what it wrote."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise Refused("not_shared", socket.gethostname()) from None
    expected = hmac.new(guard.token.encode("ascii"), data, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, mac):  # not this run's rows: never unpickled
        raise Refused("not_shared", socket.gethostname())
    tasks: list[RowTask] = pickle.loads(data)
    return tasks


def make_chunk(path: str, mac: str, guard: Guard) -> list[RowResult]:
    """On a worker: each row of the chunk in the file ``path`` made (its letter and form text
    written atomically into the shared folder), and their results."""
    guard.check()
    tasks = _read_chunk(path, mac, guard)
    with _ONE_AT_A_TIME:
        if guard.warm:
            _warm()
            _share_through(guard.layers)
        return [guard.row(task) for task in tasks]


def _share_through(layers: str) -> None:
    """This worker's shared pages left for, and taken from, the other workers of the run in
    ``layers`` (a worker may serve several runs: each has its folder)."""
    from generator.pdf import sharing

    current = sharing.current()
    if current is not None:
        current.folder = Path(layers) if layers else None


def chunk_rows(rows: int, workers: int) -> int:
    """Rows a chunk: ten chunks a worker for a short sheet (so that at the end no worker waits
    long for another's last chunk), at most :data:`CHUNK_ROWS`."""
    return max(1, min(CHUNK_ROWS, rows // (10 * max(1, workers))))


def _signs(task: RowTask) -> bool:
    """Whether a row asks for a digital signature (a certificate or a token)."""
    signature = task.mapping.get("signature") or {}
    return any(key.startswith("pkcs") and value for key, value in signature.items())


def _failed(task: RowTask, error: Msg) -> RowResult:
    """A row that failed before or without being made."""
    person = task.mapping.get("person", {})
    result = RowResult(row=task.row, status="failed", input=task.fingerprint, error=error)
    result.controller = str(task.mapping.get("controller", DEFAULT_CONTROLLER))
    result.name, result.email = str(person.get("name", "")), str(person.get("email", ""))
    return result


class Chunks:
    """The rows of one run sent to a Dask client's cluster, a bounded number in flight."""

    def __init__(self, client: Any, guard: Guard, rows_hint: int, size: int | None = None):
        from distributed import as_completed

        self.client, self.guard, self.rows_hint, self.size = client, guard, rows_hint, size
        self.running = as_completed(loop=client.loop)
        #: Futures in flight by key, and the rows each carries (sent again if its worker dies).
        self.futures: dict[str, Any] = {}
        self.rows: dict[str, list[RowTask]] = {}
        self.paths: dict[str, str] = {}
        self.folder = Path(guard.probe).parent
        self.planned = self._count = 0
        self._asked = -1.0
        #: What the run cost the scheduler: tasks sent, and the most in flight at once.
        self.tasks = self.most_in_flight = 0

    def results(self, planned: Iterator[RowTask | RowResult]) -> Iterator[RowResult]:
        """Each row's result, as the rows are settled by the planner or by a chunk."""
        try:
            yield from self._through(planned)
        finally:
            if self.futures:  # stopped early: nothing more is made for this run
                self.client.cancel(list(self.futures.values()))
            for path in self.paths.values():
                Path(path).unlink(missing_ok=True)

    def _through(self, planned: Iterator[RowTask | RowResult]) -> Iterator[RowResult]:
        chunk: list[RowTask] = []
        size = 1
        for item in planned:
            if isinstance(item, RowResult):
                yield item
                continue
            if _signs(item):
                yield _failed(item, _NOT_SIGNED_HERE)
                continue
            self.planned += 1
            if not chunk:
                size = self._size()
            chunk.append(item)
            if len(chunk) < size:
                continue
            self._submit(chunk)
            chunk = []
            while self.running.count() >= self._limit():  # backpressure
                yield from self._settle(next(self.running))
        if chunk:
            self._submit(chunk)
        for future in self.running:
            yield from self._settle(future)

    def _workers(self) -> int:
        """The workers the cluster has now (asked of the scheduler at most once a second)."""
        now = time.monotonic()
        if now - self._asked >= 1:
            self._count, self._asked = len(self.client.nthreads()), now
        return self._count

    def _size(self) -> int:
        if self.size:
            return self.size
        return chunk_rows(max(self.rows_hint, self.planned), self._workers())

    def _limit(self) -> int:
        return max(IN_FLIGHT_PER_WORKER, IN_FLIGHT_PER_WORKER * self._workers())

    def _submit(self, chunk: list[RowTask], *, alone: bool = False) -> Any:
        # The rows go through the shared folder, not through the scheduler, whose messages
        # (and the logs Dask keeps of them) then stay small, and which never sees a member.
        # The key names the rows (the Dask dashboard shows it) and is unique to this run.
        key = f"objection-rows-{chunk[0].row}-{chunk[-1].row}-{self.tasks}-{self.guard.token[:8]}"
        path, mac = write_chunk(self.folder, key, chunk, self.guard.token)
        future = self.client.submit(make_chunk, path, mac, self.guard, key=key, pure=False)
        self.futures[key], self.rows[key], self.paths[key] = future, chunk, path
        if not alone:
            self.running.add(future)
        self.tasks += 1
        self.most_in_flight = max(self.most_in_flight, len(self.futures))
        return future

    def _settle(self, future: Any, *, alone: bool = False) -> list[RowResult]:
        """The results of a chunk that ended; a chunk whose worker kept dying, sent again a
        row at a time; RunStopped when the run cannot go on."""
        key = future.key
        chunk = self.rows.pop(key)
        del self.futures[key]
        path = Path(self.paths.pop(key))
        try:
            return self._outcome(future, chunk, alone)
        finally:  # not before: a result lost with its worker is made again from the file
            path.unlink(missing_ok=True)

    def _alone(self, task: RowTask) -> list[RowResult]:
        """A row whose worker died each time it was tried may only have been beside the row
        that killed it (Dask counts every task a dead worker held): what is in flight is
        finished first, then the row is made again with nothing beside it, and fails only if
        its worker dies again each time."""
        results: list[RowResult] = []
        while self.running.count():
            results += self._settle(next(self.running))
        future = self._submit([task], alone=True)
        with contextlib.suppress(Exception):  # waits for its end, whichever it is
            future.exception()
        return results + self._settle(future, alone=True)

    def _outcome(self, future: Any, chunk: list[RowTask], alone: bool) -> list[RowResult]:
        from distributed import KilledWorker

        if future.status == "finished":
            results: list[RowResult] = future.result()
            future.release()
            return results
        if future.status == "cancelled":  # the scheduler was lost, or let the task go
            raise RunStopped(_LOST)
        error = future.exception()
        future.release()
        if isinstance(error, KilledWorker):
            if alone:
                return [_failed(chunk[0], _KILLS_ITS_WORKER)]
            if len(chunk) == 1:
                return self._alone(chunk[0])
            for task in chunk:
                self._submit([task])
            return []
        if isinstance(error, Refused):
            raise _refused(error, self.guard)
        raise RunStopped(
            N_(
                "a worker could not make rows %(first)d to %(last)d (%(error)s): what was done "
                "is in the manifest; resume the run to finish"
            ),
            code="cluster.chunk_failed",
            first=chunk[0].row,
            last=chunk[-1].row,
            error=type(error).__name__,
        )


def _refused(error: Refused, guard: Guard) -> RunStopped:
    why, found = (*error.args, "", "")[:2]
    if why == "version":
        return RunStopped(
            N_(
                "a worker that joined the cluster runs gdpr-objection %(theirs)s, not "
                "%(ours)s: install the same version on every worker, then resume the run"
            ),
            code="cluster.version_changed",
            theirs=found,
            ours=guard.version,
        )
    return RunStopped(
        N_(
            "a worker that joined the cluster (on %(host)s) does not see the output folder: "
            "mount it at the same path on every worker, then resume the run"
        ),
        code="cluster.not_shared_later",
        host=found,
    )


_LOST = msg(
    "lost the Dask scheduler: what was done is in the manifest; resume the run to finish once "
    "the cluster is back",
    code="cluster.lost",
)
_KILLS_ITS_WORKER = msg(
    "the worker making this row died each time it tried (killed, or out of memory): look for "
    "an unusually long value in this row",
    code="row.worker_died",
)
_NOT_SIGNED_HERE = msg(
    "asks for a digital signature, which is not made on a cluster (the key would have to "
    "travel to every worker): sign these letters on one computer",
    code="row.cluster_signing",
)
