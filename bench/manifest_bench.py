"""The memory a long batch's manifest needs: logging, resuming and compacting n rows.

    python bench/manifest_bench.py [-n 200000]

A whole 200,000-row batch takes hours; the manifest is the part of it whose memory grows
with the length, so this runs that part alone, in a fresh process per length, and prints
the peak RSS beside the same for 1,000 rows and the process with the module merely imported.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile

RUN = """
import resource, sys
from pathlib import Path
from generator.batch.manifest import Manifest, RowResult
out, n = Path(sys.argv[1]), int(sys.argv[2])
log = Manifest(out)
log.open(append=False)
for i in range(1, n + 1):
    log.append(RowResult(row=i, status="ok", name=f"Person {i}", email=f"p{i}@example.org",
        language="it", country="IT", files=[f"person-{i}.pdf", f"person-{i}.form.txt"],
        sha256=["a" * 64, "b" * 64], input="c" * 16))
log.close()
again = Manifest(out)
lookup = again.previous()  # what --resume does
assert lookup(n, "linkedin")["name"] == f"Person {n}"
again.close()
del lookup
log.compact()
size = (out / "manifest.csv").stat().st_size
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, size // 1024)
"""
IMPORTED = (
    "import resource, generator.batch.manifest; "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200_000, help="rows (default 200,000)")
    n = parser.parse_args().n
    base = subprocess.run([sys.executable, "-c", IMPORTED], capture_output=True, text=True)
    print(f"module imported: peak RSS {base.stdout.strip()} MB")
    for rows in (1_000, n):
        with tempfile.TemporaryDirectory() as out:
            done = subprocess.run(
                [sys.executable, "-c", RUN, out, str(rows)],
                capture_output=True,
                text=True,
                check=True,
            )
            rss, kb = done.stdout.split()
            print(f"{rows:>7,} rows: peak RSS {rss} MB, manifest {int(kb) / 1024:.1f} MB")


if __name__ == "__main__":
    main()
