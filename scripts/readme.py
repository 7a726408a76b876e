"""Regenerate the parts of README.md that come from the code: the answers table.

python scripts/readme.py           # rewrite README.md
python scripts/readme.py --check   # exit 1 if README.md is stale (tests/test_docs.py does this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- answers-table:start -->\n", "<!-- answers-table:end -->\n"


def updated(text: str) -> str:
    from generator.answers.schema import markdown_table

    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return head + START + markdown_table() + END + tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = README.read_text("utf-8")
    new = updated(text)
    if args.check:
        if new != text:
            print("README.md is stale: run python scripts/readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
