"""Every ratio issue 14 asks for, in one run, with the machine's facts.

    python bench/all.py [--quick]

Runs bench/letter_bench.py (one letter, whole process, against WeasyPrint's own command line
on the same HTML) and bench/batch_bench.py (the batch against the floor of WeasyPrint alone,
the same HTML and PDF variant, on 1 and 2 loops side by side), then prints their ratios
together. --quick: fewer runs, shorter windows (noisier).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def run(script: str, *args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, str(HERE / script), *args], capture_output=True, text=True, check=True
    )
    print(result.stdout, end="")
    return result.stdout.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, shorter windows")
    quick = parser.parse_args().quick
    import weasyprint

    from generator.pdf.engine import harfbuzz_subsetting

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, WeasyPrint {weasyprint.__version__}, HarfBuzz "
        f"subsetting: {'yes' if harfbuzz_subsetting() else 'no (fontTools)'}"
    )
    print("\n# one letter")
    letter = run("letter_bench.py", "-n", "5" if quick else "11")
    print("\n# the batch")
    batch = run(
        "batch_bench.py", "-n", "100" if quick else "200", "--seconds", "6" if quick else "15"
    )
    print("\n# ratios")
    for line in letter + batch:
        if line.startswith("ratio"):
            print(line)


if __name__ == "__main__":
    main()
