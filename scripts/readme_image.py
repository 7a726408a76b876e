"""Make docs/sample-letter.png, the README's picture: page 1 of the real sample letter.

    python scripts/readme_image.py [--locale en|it]

Renders `objection letter --sample` with the installed package and turns page 1 into a PNG
with poppler's pdftoppm, so the picture always shows what the tool really writes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", choices=["en", "it"], default="en")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    out = ROOT / "docs" / f"sample-letter-{args.locale}.png"
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sample.pdf"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "-q",
                "letter",
                "--sample",
                "--locale",
                args.locale,
                "-o",
                str(pdf),
            ],
            check=True,
        )
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(args.dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(out.with_suffix("")),
            ],
            check=True,
        )
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
