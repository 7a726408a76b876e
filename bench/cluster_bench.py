"""What the Dask cluster costs: `--cluster local:2` against `--jobs 2`, and a 5-million-row plan.

    python bench/cluster_bench.py [-n 120] [--rounds 2] [--plan 200000]

1. Throughput: sheets of -n and 2n real letters made by the local pool (`--jobs 2`) and by a
   LocalCluster of two worker processes (`--cluster local:2`), alternately, each run in a fresh
   process. Prints letters/s over the whole run, and the CPU time a letter costs once running
   (the n extra letters over the extra CPU time of every process of the run: start-up cancels
   out, and CPU time hardly moves with the machine's other load), and the cluster's figures
   over the pool's: the overhead the engine adds. On a shared machine: quote the ratios.
2. The plan of a long run, on a generated sheet of --plan rows (and of a tenth of it), made with
   `--check`-speed rows (validated, named and hashed, not rendered), on a real scheduler and
   two workers started as `dask scheduler` / `dask worker` processes: tasks sent and most in
   flight, the client's and the scheduler's peak memory, the manifest's size; and those figures
   carried to 5,000,000 rows (per-row costs from the difference of the two runs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_bench import write_sheet

from generator.batch.manifest import RowResult
from generator.batch.rows import RowTask, check_row

HERE = Path(__file__).resolve().parent
PLANNED = 5_000_000


def check_speed_row(task: RowTask) -> RowResult:
    """A row validated as `--check` does, with the names and hashes a made row records (so the
    manifest is as long as a real one), nothing rendered or written."""
    result = check_row(task)
    if result.status == "ok":
        stem = f"row-{task.row}-{task.fingerprint[:8]}"
        result.files = [f"{stem}.pdf", f"{stem}.form.txt"]
        result.sha256 = [hashlib.sha256(f"{stem}{n}".encode()).hexdigest() for n in (1, 2)]
    return result


def one_run(sheet: str, out: str, where: str, rows: str) -> None:
    """In a fresh process: one batch run (``where``: a worker count, local:N or a scheduler's
    address; ``rows``: "letters" or "check"); prints a JSON line of its figures."""
    from generator.batch.cluster import Cluster
    from generator.batch.rows import make_row
    from generator.batch.run import run_batch

    started = time.perf_counter()
    seen: list[float] = []
    cluster = None
    if not where.isdigit():
        checking = rows == "check"
        row = check_speed_row if checking else make_row
        cluster = Cluster(where, row=row, warm=not checking)
        cluster.open()
    try:
        summary = run_batch(
            Path(sheet),
            Path(out),
            jobs=int(where) if cluster is None else None,
            cluster=cluster,
            on_result=lambda _r: seen.append(time.perf_counter()),
        )
    finally:
        chunks = cluster.chunks if cluster else None
        if cluster:
            cluster.close()
    me, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    figures = {
        # Everything the run's processes computed: this one (the client, and with local:N the
        # scheduler) and its children, the workers (reaped once the pool or cluster closed).
        "cpu": me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime,
        "made": summary.made,
        "failed": summary.failed_count,
        "seconds": time.perf_counter() - started,
        "steady": (len(seen) - 1) / (seen[-1] - seen[0]) if len(seen) > 1 else 0.0,
        "client_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tasks": chunks.tasks if chunks else 0,
        "in_flight": chunks.most_in_flight if chunks else 0,
        "manifest_bytes": (Path(out) / "manifest.csv").stat().st_size,
    }
    print(json.dumps(figures))


def _env() -> dict[str, str]:
    """This environment, with bench/ and the project importable (the workers load
    check_speed_row from here)."""
    paths = [str(HERE), str(HERE.parent), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def measure(sheet: Path, out: Path, where: str, rows: str = "letters") -> dict[str, float]:
    code = "import sys, cluster_bench; cluster_bench.one_run(*sys.argv[1:])"
    done = subprocess.run(
        [sys.executable, "-c", code, str(sheet), str(out), where, rows],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    if done.returncode:
        sys.exit(f"{where}: {done.stderr.strip()[-2000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def throughput(folder: Path, rows: int, rounds: int) -> None:
    """Each kind of run on a sheet of ``rows`` and of twice as many, alternately. The extra
    rows over the extra CPU time (every process of the run) is the cost of a letter once
    running, start-up cancelled out; CPU time, unlike the wall clock, hardly moves with what
    else the shared machine runs."""
    sheets = {n: write_sheet(folder / f"letters-{n}.csv", n) for n in (rows, 2 * rows)}
    cpu: dict[str, list[float]] = {"2": [], "local:2": []}
    whole: dict[str, list[float]] = {"2": [], "local:2": []}
    for round_ in range(rounds):
        for where in cpu:  # alternately, so that the machine's drift touches both alike
            runs = {}
            for n, sheet in sheets.items():
                runs[n] = measure(sheet, folder / f"out-{where}-{n}-{round_}", where)
                assert runs[n]["failed"] == 0 and runs[n]["made"] == n, runs[n]
            cpu[where].append((runs[2 * rows]["cpu"] - runs[rows]["cpu"]) / rows)
            whole[where].append(2 * rows / runs[2 * rows]["seconds"])
            name = "--jobs 2" if where == "2" else f"--cluster {where}"
            print(
                f"{name:>18}: {whole[where][-1]:.2f} letters/s over a run of {2 * rows} "
                f"({runs[2 * rows]['seconds']:.1f} s); once running {cpu[where][-1]:.3f} CPU s "
                f"a letter; start-up {runs[rows]['cpu'] - rows * cpu[where][-1]:.1f} CPU s"
            )
    ratios = [c / p for p, c in zip(cpu["2"], cpu["local:2"], strict=True)]
    print(
        f"cluster / pool, CPU a letter once running: {statistics.median(ratios):.2f} "
        f"(median of {len(ratios)}; {min(ratios):.2f}–{max(ratios):.2f})"
    )
    ratios = [c / p for p, c in zip(whole["2"], whole["local:2"], strict=True)]
    print(
        f"cluster / pool, letters/s over a run of {2 * rows}: {statistics.median(ratios):.2f} "
        f"(median of {len(ratios)}; {min(ratios):.2f}–{max(ratios):.2f})"
    )


def _peak_kb(pid: int) -> int:
    """A process's peak resident memory (VmHWM), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def plan(folder: Path, rows: int, run: int) -> dict[str, float]:
    """One --check-speed run of `rows` rows on a fresh scheduler and two workers."""
    sheet = write_sheet(folder / f"plan-{rows}.csv", rows)
    address_file = folder / f"scheduler-{run}.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": _env()}
    scheduler_command = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--port", "0"]
    worker_command = [sys.executable, "-m", "distributed.cli.dask_worker", "--nworkers", "2"]
    where = ["--scheduler-file", str(address_file)]
    scheduler = subprocess.Popen(
        [*scheduler_command, "--dashboard-address", ":0", *where],
        **quiet,  # type: ignore[call-overload]
    )
    workers = subprocess.Popen(
        [*worker_command, "--nthreads", "1", "--no-dashboard", *where],
        **quiet,  # type: ignore[call-overload]
    )
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(address_file.read_text())["address"]
        figures = measure(sheet, folder / f"plan-out-{run}", address, "check")
        figures["scheduler_mb"] = _peak_kb(scheduler.pid) / 1024
        figures["sheet_rows"] = rows
    finally:
        for process in (workers, scheduler):
            process.terminate()
            process.wait(30)
    return figures


def plans(folder: Path, rows: int) -> None:
    small, large = plan(folder, rows // 10, 1), plan(folder, rows, 2)
    for figures in (small, large):
        print(
            f"{figures['sheet_rows']:>9,.0f} rows: "
            f"{figures['sheet_rows'] / figures['seconds']:,.0f} rows/s, "
            f"{figures['tasks']:,.0f} tasks, at most {figures['in_flight']:.0f} in "
            f"flight; client peak {figures['client_mb']:.0f} MB, scheduler peak "
            f"{figures['scheduler_mb']:.0f} MB; manifest {figures['manifest_bytes'] / 2**20:.1f} MB"
        )
    extra = large["sheet_rows"] - small["sheet_rows"]
    per_row = {
        key: (large[key] - small[key]) / extra
        for key in ("client_mb", "scheduler_mb", "manifest_bytes", "tasks")
    }

    def planned(key: str) -> float:
        return large[key] + per_row[key] * (PLANNED - large["sheet_rows"])

    rate = large["sheet_rows"] / large["seconds"]
    print(
        f"{PLANNED:,} rows, carried from those two runs: {planned('tasks'):,.0f} tasks (at "
        f"most {large['in_flight']:.0f} in flight at any time), client peak "
        f"~{planned('client_mb') / 1024:.1f} GB ({per_row['client_mb'] * 2**20:.0f} bytes a "
        f"row), scheduler peak ~{planned('scheduler_mb'):.0f} MB "
        f"({per_row['scheduler_mb'] * 2**20:.1f} bytes a row), manifest "
        f"~{planned('manifest_bytes') / 2**30:.2f} GB; at {rate:,.0f} --check-speed rows/s, "
        f"{PLANNED / rate / 3600:.1f} h "
        "of planning and recording (the client's share; letters take far longer)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=60, help="letters of the shorter run")
    parser.add_argument("--rounds", type=int, default=2, help="throughput runs of each kind")
    parser.add_argument("--plan", type=int, default=200_000, help="rows of the plan's sheet")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-plan", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"CPUs: {os.cpu_count()}; load average {load:.1f} at the start (a shared machine)")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_throughput:
            throughput(Path(tmp), args.n, args.rounds)
        if not args.skip_plan:
            plans(Path(tmp), args.plan)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
