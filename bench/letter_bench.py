"""One letter, whole process: `objection letter` against WeasyPrint's own command line.

    python bench/letter_bench.py [-n 7]

Both make the sample letter as tagged PDF/A-3a from the same HTML (objection writes it
first with `-o letter.html`); each is run n times in turn, and the medians and their ratio
are printed, with where objection's own time goes (from `python -X importtime` and a
profile of one run, see docs/speed.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=7, help="runs of each (default 7)")
    runs = parser.parse_args().n
    weasyprint = shutil.which("weasyprint", path=str(Path(sys.executable).parent))
    if weasyprint is None:
        sys.exit("weasyprint's command line is not installed beside this Python")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "OBJECTION_REGISTER": str(work / "register.db")}
        # As installed (pip compiles the bytecode), not as a checkout run without it: the
        # warm-up run below writes any missing .pyc files.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        objection = [sys.executable, "-m", "generator", "-q", "letter", "--sample"]
        subprocess.run([*objection, "-o", str(work / "letter.html")], env=env, check=True)
        ours, alone, theirs = [], [], []
        in_process = {**env, "OBJECTION_PRERENDER": "0"}
        for _ in range(runs):  # in turn, so that drift touches all alike
            ours.append(timed([*objection, "-o", str(work / "ours.pdf")], env))
            alone.append(timed([*objection, "-o", str(work / "alone.pdf")], in_process))
            theirs.append(
                timed(
                    [
                        weasyprint,
                        "--pdf-variant",
                        "pdf/a-3a",
                        str(work / "letter.html"),
                        str(work / "theirs.pdf"),
                    ],
                    env,
                )
            )
    a, c, b = statistics.median(ours), statistics.median(alone), statistics.median(theirs)
    from generator.pdf.engine import harfbuzz_subsetting

    print(
        f"CPUs: {os.cpu_count()}; HarfBuzz subsetting: {'yes' if harfbuzz_subsetting() else 'no'}"
        f"; runs: {runs} each, medians"
    )
    print(f"objection letter --sample (PDF/A-3a, register):      {a:.2f} s")
    print(f"  the same, WeasyPrint in-process (OBJECTION_PRERENDER=0): {c:.2f} s")
    print(f"weasyprint --pdf-variant pdf/a-3a, same HTML:         {b:.2f} s")
    print(f"ratio, one letter: objection / weasyprint = {a / b:.2f} (in-process: {c / b:.2f})")


if __name__ == "__main__":
    main()
