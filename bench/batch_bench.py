"""How fast `objection batch` is, against the floor of WeasyPrint alone on this machine.

    python bench/batch_bench.py [-n 200] [--seconds 10] [--rounds 3]

Prints, in one run: letters/s for N letters with 1 and with 2 workers; the raw floor —
WeasyPrint rendering the project's own letter HTML in a tight loop, one loop per worker,
side by side over the same time window (measured, not assumed) — before and after each batch;
the ratio of each batch rate to the floors on either side of it, and their median; peak RSS
per worker after 200 letters and at the end (run with -n 2000 to see it stay flat); whether
HarfBuzz subsetting is in use; and the memory a reader needs for a 1,000-row and a 100,000-row
sheet (it streams).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.answers.reading import answers_from_mapping
from generator.base.assets import asset_dir
from generator.batch.run import RowResult, run_batch
from generator.batch.sheets import open_sheet
from generator.documents.letter import build_letter, render_html
from generator.pdf.engine import PDF_VARIANT, harfbuzz_subsetting, make_fetcher, warm_up


def write_sheet(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(
            ["nome", "email", "indirizzo", "paese", "categorie", "motivi", "luogo", "lingua"]
        )
        for n in range(rows):
            writer.writerow(
                [
                    f"Persona {n} Esposito",
                    f"p{n}@example.org",
                    f"Via Toledo {n}\n80134 Napoli",
                    "IT",
                    "profile;content;feedback",
                    "Lavoro in un consultorio: i miei post parlano di pazienti, in forma "
                    "anonima, e un modello potrebbe renderli riconoscibili.",
                    "Napoli",
                    "it" if n % 2 else "en",
                ]
            )
    return path


def _floor_loop(
    htmls: list[str], seconds: float, start_at: float, queue: multiprocessing.Queue
) -> None:
    from weasyprint import HTML

    setup = warm_up()
    base = asset_dir("templates").as_uri() + "/"

    def one(html: str) -> None:
        HTML(string=html, base_url=base, url_fetcher=make_fetcher()).render(
            stylesheets=[setup.stylesheet], font_config=setup.font_config
        ).write_pdf(pdf_variant=PDF_VARIANT)

    for html in htmls:  # warm up
        one(html)
    while time.time() < start_at:
        time.sleep(0.001)
    count, end = 0, start_at + seconds
    while time.time() < end:
        one(htmls[count % len(htmls)])
        count += 1
    queue.put(count / seconds)


def floor(sheet: Path, workers: int, seconds: float) -> float:
    """Letters/s of `workers` bare WeasyPrint loops running side by side, summed.

    Each loop renders the letters of the sheet's first rows (the batch's own letters), from
    HTML made beforehand: what is left is WeasyPrint alone.
    """
    _columns, rows = open_sheet(sheet)
    htmls = []
    for _number, mapping in itertools.islice(rows, 2):
        answers = answers_from_mapping(mapping, source="bench")
        htmls.append(render_html(build_letter(answers, answers.locale or "en"), inline_css=False))
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue = context.Queue()
    start_at = time.time() + 3  # all loops warm, then the same window
    processes = [
        context.Process(target=_floor_loop, args=(htmls, seconds, start_at, queue))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return sum(queue.get() for _ in processes)


def batch_rate(
    sheet: Path, out: Path, jobs: int, rss_at: int
) -> tuple[float, dict[int, int], dict[int, int]]:
    """Letters/s of a whole batch run, and each worker's peak RSS after rss_at and at the end."""
    peak: dict[int, int] = {}
    early: dict[int, int] = {}

    done = [0]

    def track(result: RowResult) -> None:
        peak[result.pid] = max(peak.get(result.pid, 0), result.max_rss_kb)
        done[0] += 1
        if done[0] == rss_at:
            early.update(peak)

    start = time.perf_counter()
    summary = run_batch(sheet, out, jobs=jobs, on_result=track)
    elapsed = time.perf_counter() - start
    assert summary.failed_count == 0, summary.failed[:3]
    return summary.made / elapsed, early, peak


def reader_memory(rows: int, folder: Path) -> float:
    """Peak RSS (MB) of a process that reads a sheet of `rows` rows through to the end."""
    sheet = write_sheet(folder / f"sheet-{rows}.csv", rows)
    code = (
        "import resource, sys; from pathlib import Path; from generator.batch.sheets import "
        "open_sheet; _, rows = open_sheet(Path(sys.argv[1])); n = sum(1 for _ in rows);"
        " print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(sheet)], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="letters per batch run")
    parser.add_argument("--seconds", type=float, default=10, help="length of a floor window")
    parser.add_argument("--rounds", type=int, default=3, help="batch runs, between floors")
    args = parser.parse_args()
    print(
        f"HarfBuzz subsetting: {'yes' if harfbuzz_subsetting() else 'NO (fontTools)'}; "
        f"CPUs: {multiprocessing.cpu_count()}; letters per run: {args.n}"
    )
    # Imported once here, as `objection batch` imports it once before forking its workers: the
    # rates below are per letter, not per run (a run's start costs about a second: the
    # import, the fork, each worker's first letter).
    import weasyprint  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet = write_sheet(folder / "staff.csv", args.n)
        for jobs in (1, 2):
            # Floor, batch, floor, batch, …, floor: each batch against the floors on either
            # side of it, so that the machine's drift touches both alike.
            floors = [floor(sheet, jobs, args.seconds)]
            ratios = []
            for round_ in range(args.rounds):
                out = folder / f"out{jobs}-{round_}"
                rate, early, late = batch_rate(sheet, out, jobs, rss_at=min(200, args.n))
                floors.append(floor(sheet, jobs, args.seconds))
                ratios.append(rate / ((floors[-2] + floors[-1]) / 2))
                print(
                    f"{jobs} worker{'s' if jobs > 1 else ''}: floor {floors[-2]:.2f}/s, batch "
                    f"{rate:.2f} letters/s, floor {floors[-1]:.2f}/s: {ratios[-1]:.2f}"
                )
            for pid in sorted(late):
                print(
                    f"  worker {pid}: peak RSS {early.get(pid, 0) / 1024:.0f} MB after "
                    f"{min(200, args.n)} letters, {late[pid] / 1024:.0f} MB at {args.n}"
                )
            print(
                f"ratio, {jobs} worker(s): batch / floor = {statistics.median(ratios):.2f} "
                f"(median of {len(ratios)}; {min(ratios):.2f}–{max(ratios):.2f})"
            )
        small, large = reader_memory(1000, folder), reader_memory(100_000, folder)
        print(f"reading a sheet: 1,000 rows peak {small:.0f} MB, 100,000 rows {large:.0f} MB")
    print(f"this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
