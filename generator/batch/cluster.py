"""The batch on a Dask cluster: where it is, whether it can take the run, and the folder its
workers share.

``tcp://HOST:PORT`` (or ``tls://``, ``ws://``, ``wss://``) connects to a running Dask
scheduler; ``local:N`` starts a ``LocalCluster`` of N worker processes on this computer.
:func:`open_cluster` checks, before anything is made, that the scheduler answers, that it has
workers and that every worker runs this version of gdpr-objection on the same Python and Dask;
:meth:`Cluster.share` checks that the output folder is one every worker reads and writes (a
probe file each worker reads back), and keeps the probe for the run, so that a worker that
joins later checks it before each chunk (:mod:`generator.batch.chunks`).

Dask is an extra (``pip install 'gdpr-objection[cluster]'``), imported only here and in
:mod:`generator.batch.chunks`, and only when a cluster is asked for.
"""

from __future__ import annotations

import contextlib
import os
import platform
import secrets
import signal
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.base import files
from generator.base.errors import InvalidInput, ObjectionError
from generator.base.i18n import N_
from generator.base.version import __version__
from generator.batch.chunks import Chunks, Guard, RunStopped
from generator.batch.manifest import RowResult
from generator.batch.rows import RowTask, make_row

__all__ = ["Cluster", "RunStopped", "open_cluster"]

#: The schemes of a Dask scheduler's address this accepts.
SCHEMES = ("tcp", "tls", "ws", "wss")
DEFAULT_PORT = 8786
#: The probe file's name in the output folder (and the prefix of a worker's test file).
PROBE = ".objection-cluster-"


def _bad_address(text: str) -> InvalidInput:
    return InvalidInput(
        N_(
            "%(address)s is not a cluster: give the address of a Dask scheduler, like "
            "tcp://HOST:8786, or local:N for N worker processes on this computer."
        ),
        code="cluster.address",
        address=text,
    )


def parse_address(text: str) -> tuple[str, int]:
    """(``"local"``, workers) or (a scheduler's address, its port); InvalidInput otherwise."""
    text = text.strip()
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if count.isdigit() and 0 < int(count) <= 1024:
            return "local", int(count)
        raise _bad_address(text)
    try:
        parts = urlsplit(text)
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise _bad_address(text) from None
    if parts.scheme not in SCHEMES or not parts.hostname or parts.path not in ("", "/"):
        raise _bad_address(text)
    return text, port


def worker_facts() -> dict[str, str]:
    """On a worker: the versions that must match the client's."""
    from importlib.metadata import version as installed

    from generator.base import version

    return {
        "gdpr-objection": version.__version__,
        "Python": ".".join(platform.python_version_tuple()[:2]),
        "Dask": installed("distributed"),
    }


def read_probe(path: str, token: str) -> bool:
    """On a worker: whether it reads the probe the client wrote and may write beside it."""
    try:
        if Path(path).read_text("ascii") != token:
            return False
        fd, name = tempfile.mkstemp(prefix=PROBE, suffix=files.PART_SUFFIX, dir=Path(path).parent)
        os.close(fd)
        os.unlink(name)
    except (OSError, UnicodeDecodeError):
        return False
    return True


#: The folder in which a run's workers leave the pages their letters share, for each other
#: (generator/pdf/sharing.py); removed at the end of the run, and by the next if it was killed.
LAYERS = ".objection-layers-"


def remove_probes(out_dir: Path) -> None:
    """The probes and chunk files of runs on a cluster that were killed (none runs now: the
    folder is ours), and what a killed writer left of them (``.<name>.<random>.part``)."""
    for pattern in (f"{PROBE}*", f".{PROBE}*{files.PART_SUFFIX}"):
        for stale in out_dir.glob(pattern):
            stale.unlink(missing_ok=True)


def _distributed() -> None:
    """Dask is there, or one sentence that says how to install it. Dask sets its own loggers
    to INFO when imported: they are put back to this process's level."""
    import logging

    try:
        import distributed  # noqa: F401
    except ImportError:
        raise InvalidInput(
            N_(
                "Running on a cluster needs Dask, which is not installed here: "
                "pip install 'gdpr-objection[cluster]' (on this computer and every worker)."
            ),
            code="cluster.not_installed",
        ) from None
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())


def refuse_signing(defaults: dict[str, Any] | None, *, signed: bool = False) -> None:
    """A run on a cluster signs nothing: the key would have to travel to every worker (a
    card's never leaves its card)."""
    signature = (defaults or {}).get("signature") or {}
    if signed or any(key.startswith("pkcs") and value for key, value in signature.items()):
        raise InvalidInput(
            N_(
                "Letters are not signed on a cluster: the certificate's key would have to travel "
                "to every worker. Leave the certificate out, or sign the letters on one computer."
            ),
            code="cluster.signing",
        )


@contextlib.contextmanager
def _ctrl_c_here() -> Iterator[None]:
    """Processes started in the block ignore Ctrl-C (SIGINT ignored survives their exec): the
    terminal sends it to the whole group, and this process stops the run and its workers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _differences(odd: list[dict[str, str]], ours: dict[str, str]) -> tuple[list[str], str]:
    """What differs from ``ours``: the names, and the versions found ("gdpr-objection 0.9")."""
    names = sorted({n for facts in odd for n in ours if facts.get(n) != ours[n]})
    found = sorted({", ".join(f"{n} {facts.get(n)}" for n in names) for facts in odd})
    return names, "; ".join(found)


class Cluster:
    """A Dask client for one run: opened (and checked) by :func:`open_cluster`, closed at the
    end. ``row`` is the function each row goes through on a worker (the letter and form text,
    by default); ``chunk_rows`` fixes the rows a task carries (default: ten chunks a worker
    for a short sheet, at most a hundred rows)."""

    def __init__(
        self,
        address: str,
        *,
        row: Callable[[RowTask], RowResult] = make_row,
        warm: bool = True,
        chunk_rows: int | None = None,
    ):
        self.address = address.strip()
        self.row, self.warm, self.chunk_rows = row, warm, chunk_rows
        self.client: Any = None
        self._local: Any = None
        #: The last run's chunks (what it cost the scheduler: tasks, most in flight).
        self.chunks: Chunks | None = None

    def __enter__(self) -> Cluster:
        if self.client is None:
            self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        """Connect (or start the local cluster) and check the workers; InvalidInput if the
        cluster cannot take the run."""
        where, port = parse_address(self.address)
        _distributed()
        try:
            if where == "local":
                self._start_local(port)
            else:
                self._connect(where, port)
            self._check_versions()
        except BaseException:
            self.close()
            raise

    def _start_local(self, workers: int) -> None:
        import logging

        import dask
        from distributed import Client, LocalCluster

        level = logging.getLogger().getEffectiveLevel()
        # Dask's statistical profiler samples a worker's stacks every 10 ms: 5-10% of a
        # letter's time, for a profile nobody reads here.
        quiet = dask.config.set({"distributed.worker.profile.enabled": False})
        try:
            with _ctrl_c_here(), quiet:
                self._local = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                    # Dask's own default is INFO; its workers' warnings (a task cancelled as
                    # the run stops) are for -v, as its other messages are.
                    silence_logs=level if level < logging.WARNING else logging.ERROR,
                )
            self.client = Client(self._local, set_as_default=False)
        except (OSError, RuntimeError) as exc:
            raise ObjectionError(
                N_("Could not start %(workers)d local worker processes (%(reason)s)."),
                code="cluster.local_failed",
                workers=workers,
                reason=type(exc).__name__,
            ) from None

    def _connect(self, address: str, port: int) -> None:
        import dask
        from dask.utils import parse_timedelta
        from distributed import Client

        timeout = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), "s")
        try:  # a plain connection first: says why at once, and leaves no half-made client
            socket.create_connection((urlsplit(address).hostname, port), timeout=timeout).close()
            self.client = Client(address, set_as_default=False, timeout=timeout)
        except (OSError, ValueError) as exc:
            raise InvalidInput(
                N_(
                    "Could not reach the Dask scheduler at %(address)s (%(reason)s): start it "
                    "(dask scheduler) and its workers, or check the address."
                ),
                code="cluster.unreachable",
                address=address,
                reason=getattr(exc, "strerror", None) or str(exc) or type(exc).__name__,
            ) from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise InvalidInput(
                N_(
                    "The Dask scheduler at %(address)s has no workers: start some (dask worker "
                    "%(address)s) and run again."
                ),
                code="cluster.no_workers",
                address=address,
            ) from None

    def _check_versions(self) -> None:
        """The scheduler (it unpickles the tasks) and every worker run the client's
        gdpr-objection, Python and Dask; InvalidInput."""
        ours = worker_facts()
        try:
            scheduler: dict[str, str] = self.client.run_on_scheduler(worker_facts)
            theirs: dict[str, dict[str, str]] = self.client.run(worker_facts)
        except Exception as exc:  # one without gdpr-objection cannot even load the check
            raise InvalidInput(
                N_(
                    "The scheduler or the workers at %(address)s cannot run gdpr-objection "
                    "(%(reason)s): install gdpr-objection %(version)s on the scheduler and on "
                    "every worker."
                ),
                code="cluster.version",
                address=self.address,
                reason=type(exc).__name__,
                version=__version__,
            ) from None
        if scheduler != ours:
            names, found = _differences([scheduler], ours)
            raise InvalidInput(
                N_(
                    "The scheduler at %(address)s runs %(theirs)s, this computer %(ours)s: "
                    "install the same versions on the scheduler, on every worker and here."
                ),
                code="cluster.version",
                address=self.address,
                theirs=found,
                ours=", ".join(f"{n} {ours[n]}" for n in names),
            )
        odd = [facts for facts in theirs.values() if facts != ours]
        if odd:
            names, found = _differences(odd, ours)
            raise InvalidInput(
                N_(
                    "%(count)d of the %(total)d workers run %(theirs)s, this computer %(ours)s: "
                    "install the same versions on every worker and here."
                ),
                code="cluster.version",
                count=len(odd),
                total=len(theirs),
                theirs=found,
                ours=", ".join(f"{n} {ours[n]}" for n in names),
            )

    def workers(self) -> tuple[int, int]:
        """How many workers the cluster has now, and their threads."""
        threads: dict[str, int] = self.client.nthreads()
        return len(threads), sum(threads.values())

    def share(self, out_dir: Path) -> Guard:
        """Check that every worker reads and writes ``out_dir`` (InvalidInput, and the probe
        removed, if not); the guard each chunk checks, with the probe kept for the run."""
        remove_probes(out_dir)
        token = secrets.token_hex(16)
        probe = out_dir / f"{PROBE}{token[:12]}"
        files.write_atomically(probe, token.encode("ascii"))
        try:
            answers: dict[str, bool] = self.client.run(read_probe, str(probe), token)
        except Exception:
            answers = {self.address: False}
        blind = sorted(address for address, seen in answers.items() if not seen)
        if blind:
            probe.unlink(missing_ok=True)
            raise InvalidInput(
                N_(
                    "%(folder)s is not shared with every worker: %(count)d of %(total)d "
                    "(%(workers)s) could not read and write a test file there; give a folder "
                    "that every worker mounts at the same path and may write as the user they "
                    "run as."
                ),
                code="cluster.not_shared",
                folder=out_dir,
                count=len(blind),
                total=len(answers),
                workers=", ".join(blind[:5]) + (", …" if len(blind) > 5 else ""),
            )
        # Made by the first worker to leave a shared page there, removed with the probe.
        layers = out_dir / f"{LAYERS}{token[:12]}"
        return Guard(__version__, str(probe), token, self.row, self.warm, str(layers))

    def results(
        self, planned: Iterator[RowTask | RowResult], guard: Guard, rows_hint: int
    ) -> Iterator[RowResult]:
        """Each row's result, the rows to make sent to the workers in chunks."""
        self.chunks = Chunks(self.client, guard, rows_hint, self.chunk_rows)
        return self.chunks.results(planned)

    def close(self) -> None:
        for part in (self.client, self._local):
            if part is not None:
                with contextlib.suppress(Exception):  # already gone: nothing to close
                    part.close()
        self.client = self._local = None


def open_cluster(address: str, **options: Any) -> Cluster:
    """The cluster at ``address`` (``tcp://HOST:PORT``, or ``local:N``), connected and checked:
    InvalidInput, with nothing made, if it is unreachable, has no workers, or a worker runs
    another version of gdpr-objection, Python or Dask."""
    cluster = Cluster(address, **options)
    cluster.open()
    return cluster
