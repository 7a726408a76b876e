"""The batch on a Dask cluster (``--cluster``): the same files and manifest as the local pool, a
worker killed in the middle, a client killed and resumed, and what is refused before anything
is made. On ``distributed.LocalCluster(processes=True)`` with two workers."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.base.errors import InvalidInput
from generator.batch.chunks import Guard, Refused, _signs, make_chunk, write_chunk
from generator.batch.cluster import Cluster, parse_address, refuse_signing
from generator.batch.limits import RowTimeout, time_limit
from generator.batch.manifest import RowResult
from generator.batch.rows import RowTask, check_row
from generator.batch.run import run_batch
from generator.cli import cli
from test_batch import manifest, person, write_csv

HAS_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(
    not HAS_DASK,
    reason="Dask is not installed here: pip install -e '.[test]' (or '.[cluster]') runs these",
)


def batch(*args: str) -> Any:
    return CliRunner().invoke(cli, ["batch", *args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def row_of(name: str) -> int:
    """The sheet row of a file made for ``person(n)``: its data row n is sheet row n + 1."""
    match = re.match(r"persona-(\d+)-", name)
    assert match, name
    return int(match.group(1)) + 1


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of two worker processes for the module, and its scheduler's address."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local.scheduler_address


@pytest.fixture
def watcher(scheduler: str) -> Iterator[Any]:
    """A second client on the test's cluster: what a test sees of it or changes on a worker."""
    from distributed import Client

    with Client(scheduler, set_as_default=False) as client:
        yield client


# --- what a worker checks, without a cluster ---------------------------------------------


def test_addresses() -> None:
    assert parse_address("local:3") == ("local", 3)
    assert parse_address(" tcp://10.0.0.5:8786 ") == ("tcp://10.0.0.5:8786", 8786)
    assert parse_address("tls://scheduler.example.org") == ("tls://scheduler.example.org", 8786)
    for bad in ("local:0", "local:x", "10.0.0.5:8786", "http://host:8786", "tcp://host:99999"):
        with pytest.raises(InvalidInput) as caught:
            parse_address(bad)
        assert caught.value.code == "cluster.address"
        assert "local:N" in str(caught.value)


def test_a_worker_checks_the_version_the_folder_and_the_rows_before_each_chunk(
    tmp_path: Path,
) -> None:
    from generator import __version__

    probe = tmp_path / ".objection-cluster-probe"
    probe.write_text("token", "ascii")
    task = RowTask(2, {"person": {"name": "A"}}, "f", tmp_path, tmp_path, None, {})
    path, mac = write_chunk(tmp_path, "rows-2-2", [task], "token")
    assert oct(Path(path).stat().st_mode & 0o777) == "0o600"
    guard = Guard(__version__, str(probe), "token", check_row, warm=False)
    made = make_chunk(path, mac, guard)
    assert [r.row for r in made] == [2] and made[0].status == "failed"  # checked, not made
    with pytest.raises(Refused) as other:
        make_chunk(path, mac, dataclasses.replace(guard, version="0.0.1"))
    assert other.value.args == ("version", __version__)
    for wrong in (
        (path, mac, dataclasses.replace(guard, token="another run")),  # not this run's probe
        (path, mac, dataclasses.replace(guard, probe=str(tmp_path / "elsewhere"))),
        (str(tmp_path / "no rows here"), mac, guard),
        (path, "0" * 64, guard),  # rows that are not what the client wrote: never unpickled
    ):
        with pytest.raises(Refused) as blind:
            make_chunk(*wrong)
        assert blind.value.args[0] == "not_shared"


def test_a_row_time_limit_in_a_worker_thread() -> None:
    """Dask runs a chunk in a worker's thread, where SIGALRM cannot stop a row."""
    outcome: list[str] = []

    def busy(limit: int, spin: float) -> None:
        try:
            with time_limit(limit):
                end = time.monotonic() + spin
                while time.monotonic() < end:
                    pass
            outcome.append("finished")
        except RowTimeout:
            outcome.append("stopped")
        time.sleep(1.2)  # a late alarm would surface here
        outcome.append("after")

    for limit, spin in ((1, 5.0), (1, 0.1)):
        thread = threading.Thread(target=busy, args=(limit, spin))
        thread.start()
        thread.join(10)
    assert outcome == ["stopped", "after", "finished", "after"]


def test_signing_is_refused_on_a_cluster(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        refuse_signing({"signature": {"pkcs12": "staff.p12"}})
    assert caught.value.code == "cluster.signing"
    refuse_signing({"signature": {"place": "Roma"}})
    signed = RowTask(2, {"signature": {"pkcs11_module": "x.so"}}, "", tmp_path, tmp_path, None, {})
    assert _signs(signed) and not _signs(RowTask(3, {}, "", tmp_path, tmp_path, None, {}))


def test_jobs_or_a_cluster(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "staff.csv", [person(1)])
    both = batch(str(sheet), "--out", str(tmp_path / "out"), "--cluster", "local:2", "--jobs", "2")
    assert both.exit_code == 2 and "give one of the two" in both.stderr
    odd = batch(str(sheet), "--out", str(tmp_path / "out"), "--cluster", "scheduler:8786")
    assert odd.exit_code == 2 and "scheduler:8786 is not a cluster" in odd.stderr
    none = batch(str(sheet), "--out", str(tmp_path / "out"), "--cluster", "local:0")
    assert none.exit_code == 2 and "local:0 is not a cluster" in none.stderr  # not local:2
    assert not (tmp_path / "out").exists()


def test_without_dask_one_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    sheet = write_csv(tmp_path / "staff.csv", [person(1)])
    result = batch(str(sheet), "--out", str(tmp_path / "out"), "--cluster", "local:2")
    assert result.exit_code == 2
    assert "pip install 'gdpr-objection[cluster]'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


# --- on a LocalCluster ---------------------------------------------------------------------


def _comparable(out: Path) -> list[dict[str, str]]:
    return sorted(manifest(out), key=lambda e: (int(e["row"]), e["controller"]))


@needs_dask
def test_the_same_files_and_manifest_as_the_local_pool(
    tmp_path: Path, scheduler: str, private_register: Path
) -> None:
    from generator import Register

    rows = [person(n) for n in range(1, 7)]
    rows += [person(7, email="not an address"), person(3, place="Napoli")]  # bad, duplicate
    sheet = write_csv(tmp_path / "staff.csv", rows)
    here, there = tmp_path / "here", tmp_path / "there"
    local = batch(str(sheet), "--out", str(here), "--jobs", "2", "--no-register")
    remote = batch(str(sheet), "--out", str(there), "--cluster", scheduler)
    assert local.exit_code == remote.exit_code == 1, remote.output
    assert f"On the cluster at {scheduler}: 2 workers" in remote.stderr
    for result in (local, remote):
        assert "Rows that failed: 8, 9" in result.stderr
        assert "row 8: E-mail (person.email): is not an e-mail address" in result.stderr
    assert _comparable(there) == _comparable(here)  # names, hashes, errors, warnings
    made = sorted(p.name for p in there.iterdir() if not p.name.startswith("."))
    assert made == sorted(p.name for p in here.iterdir() if not p.name.startswith("."))
    assert len(made) == 6 * 2 + 1
    for pdf in there.glob("*.pdf"):
        assert oct(pdf.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in there.glob(".*") if p.name != ".objection.lock"] == []
    # The client, not the workers, recorded the letters in the register.
    recorded = list(Register(str(private_register)).letters(campaign="staff"))
    assert sorted(r.name for r in recorded) == [f"Persona {n} Rossi" for n in range(1, 7)]


@needs_dask
def test_refused_before_anything_is_made(tmp_path: Path, scheduler: str, watcher: Any) -> None:
    sheet = write_csv(tmp_path / "staff.csv", [person(1), person(2)])
    out = tmp_path / "deep" / "out"
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    nobody = batch(str(sheet), "--out", str(out), "--cluster", f"tcp://127.0.0.1:{port}")
    assert nobody.exit_code == 2
    assert f"Could not reach the Dask scheduler at tcp://127.0.0.1:{port}" in nobody.stderr

    one = sorted(watcher.nthreads())[0]
    watcher.run(_pretend_version, "0.0.1", workers=[one])
    try:
        older = batch(str(sheet), "--out", str(out), "--cluster", scheduler)
    finally:
        watcher.run(_pretend_version, None, workers=[one])
    assert older.exit_code == 2
    assert "1 of the 2 workers run gdpr-objection 0.0.1, this computer gdpr-objection" in (
        older.stderr
    )

    watcher.run(_pretend_blind, True, workers=[one])
    try:
        blind = batch(str(sheet), "--out", str(out), "--cluster", scheduler)
    finally:
        watcher.run(_pretend_blind, False, workers=[one])
    assert blind.exit_code == 2
    assert f"{out} is not shared with every worker: 1 of 2 ({one})" in blind.stderr
    for result in (nobody, older, blind):
        assert "Traceback" not in result.output
        said = [line for line in result.stderr.splitlines() if "On the cluster at" not in line]
        assert len(said) == 2  # how the sheet is read; why the run cannot start
    assert not (tmp_path / "deep").exists()  # nothing made, not even the folder


def _pretend_version(version: str | None) -> None:
    """On a worker: run as another version of gdpr-objection (None: its own again)."""
    import generator.base.version as module

    saved = module.__dict__.setdefault("_real_version", module.__version__)
    module.__version__ = version or saved


def _pretend_blind(blind: bool) -> None:
    """On a worker: see another folder than the client's (False: the same again)."""
    import generator.batch.cluster as module

    saved = module.__dict__.setdefault("_real_read_probe", module.read_probe)
    module.read_probe = (lambda path, token: False) if blind else saved  # type: ignore[assignment]


@needs_dask
def test_a_worker_killed_in_the_middle_of_a_chunk(tmp_path: Path) -> None:
    """Its chunk runs again elsewhere: the rows it had written are written again, identical,
    under the same names, and each row is reported (so written to the manifest) once."""
    from distributed import Client, LocalCluster

    sheet = write_csv(tmp_path / "staff.csv", [person(n) for n in range(1, 17)])
    out = tmp_path / "out"
    killed: dict[str, Any] = {}
    reported: list[RowResult] = []
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
        Client(local, set_as_default=False) as watcher,
        Cluster(local.scheduler_address, chunk_rows=4) as cluster,
    ):

        def on_result(result: RowResult) -> None:
            reported.append(result)
            if not killed:
                killed.update(_kill_a_worker_in_the_middle(watcher, out))

        summary = run_batch(sheet, out, cluster=cluster, on_result=on_result)

    assert killed, "no chunk was caught half made"
    assert summary.aborted is None and summary.made == 16 and summary.failed_count == 0
    assert Counter(r.row for r in reported) == Counter(range(2, 18))  # each row once
    again = [r for r in reported if r.row in killed["rows"]]
    assert again and all(r.pid != killed["pid"] for r in again)  # made by another process
    entries = {e["row"]: e for e in manifest(out)}
    assert len(entries) == 16 and all(e["status"] == "ok" for e in entries.values())
    for name, (inode, before) in killed["written"].items():
        path = out / name
        assert path.stat().st_ino != inode, f"{name} was not written again"
        assert digest(path) == before  # identical
        assert before in entries[str(row_of(name))]["sha256"].split(";")
    assert len(list(out.glob("*.pdf"))) == 16 and not list(out.glob(".*.part"))


def _kill_a_worker_in_the_middle(watcher: Any, out: Path) -> dict[str, Any]:
    """SIGKILL the worker of a chunk that has written some of its rows but not all; what it
    had written (name → inode, SHA-256), its rows and its process id."""
    pids = watcher.run(os.getpid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for worker, keys in watcher.processing().items():
            for key in keys:
                first, last = map(int, key.split("-")[2:4])
                rows = range(first, last + 1)
                written = [p for p in out.glob("persona-*.pdf") if row_of(p.name) in rows]
                if 0 < len(written) < len(rows):
                    inodes = {p.name: p.stat().st_ino for p in written}
                    os.kill(pids[worker], signal.SIGKILL)
                    files = {name: (inode, digest(out / name)) for name, inode in inodes.items()}
                    return {"pid": pids[worker], "rows": rows, "written": files}
        time.sleep(0.005)
    return {}


@needs_dask
def test_resume_after_the_client_is_killed(tmp_path: Path, scheduler: str) -> None:
    """The client and its local cluster killed at once (a machine lost): resuming on another
    cluster makes only the rows that are not in the manifest."""
    sheet = write_csv(tmp_path / "staff.csv", [person(n) for n in range(1, 13)])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "-q", "batch", str(sheet), "--out", str(out)]
    client = subprocess.Popen(
        [*command, "--cluster", "local:2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the client and its workers
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(_recorded(out)) < 3:
            assert client.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.killpg(client.pid, signal.SIGKILL)
        client.wait(30)
    recorded = _recorded(out)
    assert 3 <= len(recorded) < 2 * 12  # some rows made (2 files each), not all
    stamps = {name: (out / name).stat().st_mtime_ns for name in recorded}
    resumed = batch(str(sheet), "--out", str(out), "--cluster", scheduler, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert f"({len(recorded) // 2} unchanged from before)" in resumed.stderr  # 2 files a row
    assert {name: (out / name).stat().st_mtime_ns for name in recorded} == stamps
    entries = manifest(out)
    assert sorted(int(e["row"]) for e in entries) == list(range(2, 14))
    assert all(e["status"] == "ok" for e in entries)
    assert len(list(out.glob("*.pdf"))) == 12
    assert [p.name for p in out.glob(".*") if p.name != ".objection.lock"] == []


def test_a_killed_cluster_run_leaves_nothing_after_the_next(tmp_path: Path) -> None:
    """What a cluster run killed while writing its probe or a chunk of rows left in the output
    folder (the files, and their half-written temporaries) goes with the next run, on a cluster
    or not; the folder's other hidden files stay."""
    sheet = write_csv(tmp_path / "staff.csv", [person(1)])
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    left = [
        ".objection-cluster-0123456789ab",
        ".objection-cluster-rows-2-5",
        "..objection-cluster-rows-6-9.k3j2h1.part",
        "..objection-cluster-0123456789ab.x9y8z7.part",
    ]
    for name in [*left, ".mine"]:
        (out / name).write_bytes(b"x")
    result = batch(str(sheet), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob(".*") if p.name != ".objection.lock") == [".mine"]


def _recorded(out: Path) -> list[str]:
    """The files of the rows the manifest records as made (a line cut short is not one)."""
    path = out / "manifest.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        lines = list(csv.DictReader(fh))
    return [
        name
        for entry in lines
        if entry.get("status") == "ok" and entry.get("input")
        for name in entry["files"].split(";")
    ]


def _dies_on_row_4(task: RowTask) -> RowResult:
    """On a worker: row 4 kills its worker process (as a row that exhausts memory would)."""
    if task.row == 4:
        os._exit(1)
    return check_row(task)


@needs_dask
def test_a_row_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    """Dask gives up on a chunk whose worker keeps dying: its rows are sent again one by one,
    a row whose worker died again is tried once more alone (the rows beside it are not blamed),
    and only the row that kills its worker fails."""
    import dask
    from distributed import LocalCluster

    sheet = write_csv(tmp_path / "staff.csv", [person(n) for n in range(1, 7)])
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),  # give up at once
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
        Cluster(local.scheduler_address, row=_dies_on_row_4, warm=False, chunk_rows=3) as cluster,
    ):
        summary = run_batch(sheet, tmp_path / "out", cluster=cluster)
    assert summary.aborted is None and summary.total == 6
    assert [(r.row, r.error.code) for r in summary.failed] == [(4, "row.worker_died")]
    assert cluster.chunks is not None and cluster.chunks.tasks >= 2 + 3 + 1  # 2-4 one by one
    entries = {e["row"]: e for e in manifest(tmp_path / "out")}
    assert entries["4"]["status"] == "failed" and "died each time" in entries["4"]["error"]
    assert sorted(entries) == ["2", "3", "4", "5", "6", "7"]


@needs_dask
def test_a_card_is_refused_on_a_cluster_before_its_pin(tmp_path: Path, scheduler: str) -> None:
    sheet = write_csv(tmp_path / "staff.csv", [person(1)])
    out = tmp_path / "out"
    card = ["--pkcs11-module", str(tmp_path / "driver.so"), "--pkcs11-token", "Prova"]
    result = batch(str(sheet), "--out", str(out), "--cluster", scheduler, *card)
    assert result.exit_code == 2
    assert "Letters are not signed on a cluster" in result.stderr
    assert "PIN" not in result.output and not out.exists()
