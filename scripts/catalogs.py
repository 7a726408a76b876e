"""Keep the gettext catalogs current: extract messages.pot, then update every language's .po.

    python scripts/catalogs.py            # extract and update
    python scripts/catalogs.py --check    # exit 1 if extraction would change messages.pot

The tests run the check, so a template or message changed without this step fails CI.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "messages.pot"
LANGUAGES = ("it",)


def extract() -> bytes:
    """messages.pot as extraction makes it now, without its creation date."""
    out = ROOT / "out" / ".messages.pot.tmp"
    out.parent.mkdir(exist_ok=True)
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "pyproject.toml"),
            "-k",
            "N_",
            "-k",
            "msg",
            "-k",
            "n_:1,2",
            "--no-location",
            "--sort-output",
            "--add-comments=Translators:",
            "--project=objection",
            "--copyright-holder=The objection team",
            "-o",
            str(out),
            str(ROOT),
        ]
    )
    try:
        return _normalise(out.read_bytes())
    finally:
        out.unlink()


def _normalise(pot: bytes) -> bytes:
    """Drop what changes on every run (creation date, Babel's version), so diffs stay real."""
    fixed = b'"POT-Creation-Date: 2026-01-01 00:00+0000\\n"\n'
    text = re.sub(rb'"POT-Creation-Date: [^"]*"\n', lambda _: fixed, pot)
    return re.sub(rb'"Generated-By: [^"]*"\n', b"", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    pot = extract()
    if args.check:
        current = POT.read_bytes() if POT.exists() else b""
        if current != pot:
            print(
                "locales/messages.pot is out of date: run python scripts/catalogs.py",
                file=sys.stderr,
            )
            return 1
        return 0
    POT.write_bytes(pot)
    for lang in LANGUAGES:
        po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        po.parent.mkdir(parents=True, exist_ok=True)
        CommandLineInterface().run(
            [
                "pybabel",
                "-q",
                command,
                "-i",
                str(POT),
                "-l",
                lang,
                "-o",
                str(po),
                # The width the catalogs are kept at (Babel's default re-wraps every message).
                "--width",
                "100",
                # No fuzzy guesses: a new message stays untranslated, and the tests say so.
                *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []),
            ]
        )
        print(f"updated {po.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
