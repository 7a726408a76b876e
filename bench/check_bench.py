"""How fast `objection batch --check` validates a staff sheet, and the memory it needs.

    python bench/check_bench.py [-n 100000]

Prints rows/s and the peak RSS of a process that checks an n-row sheet, as CSV (UTF-8, ';')
and as XLSX, and the same for a 1,000-row sheet, so that one sees what the length costs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from batch_bench import write_sheet

CHECK = (
    "import resource, sys, time; from pathlib import Path; from generator.batch.run import "
    "check_batch; t = time.perf_counter(); s = check_batch(Path(sys.argv[1])); "
    "e = time.perf_counter() - t; "
    "print(s.total, s.failed_count, e, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def write_xlsx(csv_path: Path) -> Path:
    import csv

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Staff")
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter=";"):
            sheet.append(row)
    path = csv_path.with_suffix(".xlsx")
    workbook.save(path)
    return path


def check(path: Path) -> tuple[int, int, float, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHECK, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), int(out[3]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="rows in the large sheet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in (1000, args.n):
            sheet = write_sheet(folder / f"staff-{rows}.csv", rows)
            started = time.perf_counter()
            book = write_xlsx(sheet)
            made = time.perf_counter() - started
            for path in (sheet, book):
                total, failed, seconds, peak = check(path)
                kind = path.suffix.lstrip(".").upper()
                print(
                    f"--check {kind:4} {total:>7,} rows: {total / seconds:>8,.0f} rows/s, "
                    f"peak RSS {peak:.0f} MB ({failed} rows with errors)"
                )
            print(f"  (writing the {rows:,}-row XLSX took {made:.1f} s)")


if __name__ == "__main__":
    main()
