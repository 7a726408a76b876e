"""Signing on a token (PKCS#11, SoftHSM2): prints signatures/s on the token and a signed batch's
letters/s with one worker (signing serialised in one process) and with a session per worker.

    python bench/pkcs11_bench.py [-n 30] [--rows 12]

Needs Debian's softhsm2. Sets up a throw-away token in a temporary folder (as the tests do,
tests/softhsm.py), signs the sample letter N times with the token's key, then runs a batch of
ROWS letters signed on the token with --jobs 1 and --jobs 2. SoftHSM signs in software: a real
card signs an RSA-2048 hash in roughly a tenth to half a second, which then dominates.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from softhsm import LABEL, PIN, make_token, softhsm_module

from generator.answers.reading import sample_answers
from generator.batch.run import run_batch
from generator.documents.document import render_document
from generator.signature.sign import sign_pdf
from generator.signature.token import TokenSpec, load_token_signer, release_token

GROUNDS = "Lavoro come sindacalista e il mio profilo rivela la mia attività."


def _sheet(folder: Path, rows: int) -> Path:
    sheet = folder / "staff.csv"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "email", "postal_address", "country", "categories", "grounds"])
        for n in range(rows):
            writer.writerow(
                [f"Socio {n}", f"s{n}@example.org", "Via Roma 1, Milano", "IT", "all", GROUNDS]
            )
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--rows", type=int, default=12)
    args = parser.parse_args()
    module = softhsm_module()
    if module is None:
        sys.exit("softhsm2 is not installed (apt-get install softhsm2)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_token(folder, module)
        spec = TokenSpec(Path(module), LABEL, "firma")
        loaded = load_token_signer(spec, PIN)
        document = render_document(sample_answers("it"), "pdf", locale="it")
        times = []
        for _ in range(args.n):
            start = time.perf_counter()
            sign_pdf(document.data, loaded, page=0, box=(0, 0, 0, 0), reason="", location="")
            times.append(time.perf_counter() - start)
        print(f"sign on the token: median {statistics.median(times) * 1000:.1f} ms a letter")
        release_token(spec)
        sheet = _sheet(folder, args.rows)
        for jobs in (1, 2):
            out = folder / f"out{jobs}"
            start = time.perf_counter()
            summary = run_batch(sheet, out, jobs=jobs, token=(spec, PIN))
            took = time.perf_counter() - start
            print(
                f"batch of {args.rows}, --jobs {jobs}: {summary.made} signed, "
                f"{args.rows / took:.2f} letters/s (worker start included)"
            )


if __name__ == "__main__":
    main()
