"""Our batch against the fastest peer and against WeasyPrint's floor, side by side, in one run.

    python bench/peer_bench.py [-n 200] [--seconds 10] [--rounds 3] [--by-language] [--long]

The peer is Datenanfragen's letter generator (npm ``letter-generator@2.2.1``, pdfmake: untagged
PDF 1.3, no PDF/A), installed with npm into a temporary folder and run as two Node processes
side by side, each making letters in a loop (bench/peer_letters.js) from the very words of our
letters (the text of our English and Italian letters for the sheet's rows). Skipped, with a
message, where npm or node is missing.

Each round measures, one after the other on the same machine: the peer (2 processes), our
floor (WeasyPrint alone rendering the sheet's own letter HTML, tagged PDF/A-3a, in 2 loops),
and our batch with 2 workers on a generated sheet of ``-n`` mixed Italian/English rows; the
order turns from round to round so that the machine's drift touches all alike. Prints each
figure, then the ratios round by round and their median and spread.

``--by-language``: the floor and the batch per language and letter length (short grounds and
long ones), with the pages and words of each letter: why a sheet of Italian letters against
the floor of an English letter gave 0.67. ``--long``: one more batch of 2,000 letters, for a
worker's RSS after 200 and after 2,000 letters (several minutes on a loaded machine).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from batch_bench import batch_rate, floor

from generator.answers.reading import answers_from_mapping
from generator.batch.sheets import open_sheet
from generator.documents.letter import build_letter, render_text
from generator.pdf.engine import harfbuzz_subsetting

HERE = Path(__file__).parent
PEER = "letter-generator@2.2.1"

SHORT = (
    "Lavoro in un consultorio: i miei post parlano di pazienti, in forma anonima, e un modello "
    "potrebbe renderli riconoscibili."
)
LONG = "\n\n".join([SHORT] * 4)


def write_sheet(path: Path, rows: int, languages: tuple[str, ...], grounds: str = SHORT) -> Path:
    """A staff sheet of ``rows`` rows, their languages in turn from ``languages``."""
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
                    grounds,
                    "Napoli",
                    languages[n % len(languages)],
                ]
            )
    return path


# --- the peer -----------------------------------------------------------------------------


def install_peer(folder: Path) -> str | None:
    """The peer installed into ``folder``; None, said, where npm or node is missing."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        print(f"peer: skipped: {'npm' if npm is None else 'node'} is not installed")
        return None
    result = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", str(folder), PEER],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(f"peer: skipped: npm could not install {PEER}: {result.stderr.strip()[-300:]}")
        return None
    return node


def _paragraphs(text: str) -> str:
    """Text wrapped at 76 columns as paragraphs, for pdfmake to break into lines itself."""
    blocks = [" ".join(line.strip() for line in b.splitlines()) for b in text.split("\n\n")]
    return "\n\n".join(b for b in blocks if b)


def peer_letters(sheet: Path, count: int = 2) -> list[dict[str, object]]:
    """The first rows' letters as the peer takes them: our letters' own words."""
    _columns, rows = open_sheet(sheet)
    letters = []
    for _number, mapping in itertools.islice(rows, count):
        answers = answers_from_mapping(mapping, source="bench")
        letter = build_letter(answers, answers.locale or "en")
        text = render_text(letter)
        subject_at = text.index(letter.subject[:20])
        body = text[text.index("\n\n", subject_at) :]
        body = body[: body.rindex("____")]
        letters.append(
            {
                "sender": list(letter.sender_lines),
                "recipient": list(letter.recipient_lines),
                "place_date": letter.place_date,
                "subject": letter.subject,
                "content": _paragraphs(body),
                "name": letter.person.name,
            }
        )
    return letters


def peer_rate(node: str, folder: Path, letters: Path, processes: int, seconds: float) -> float:
    """Letters/s of ``processes`` peer loops side by side over the same window, summed."""
    start_at = time.time() + 3
    env = {"NODE_PATH": str(folder / "node_modules"), "PATH": "/usr/bin:/bin"}
    running = [
        subprocess.Popen(
            [
                node,
                str(HERE / "peer_letters.js"),
                str(letters),
                str(seconds),
                str(start_at),
                str(folder / f"peer-{n}.pdf"),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(processes)
    ]
    counts = [int(p.communicate()[0].split()[-1]) for p in running]
    return sum(counts) / seconds


# --- the run ------------------------------------------------------------------------------


def pages_and_words(pdf: Path) -> tuple[int, int]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = next(int(line.split()[-1]) for line in info.stdout.splitlines() if "Pages:" in line)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, len(text.split())


def _spread(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{statistics.median(values):.2f} (median of {len(values)}; {low:.2f}–{high:.2f})"


def rounds(sheet: Path, folder: Path, args: argparse.Namespace, node: str | None) -> None:
    letters = folder / "peer-letters.json"
    letters.write_text(json.dumps(peer_letters(sheet)), "utf-8")
    steps: dict[str, Callable[[int], float]] = {
        "floor": lambda r: floor(sheet, 2, args.seconds),
        "batch": lambda r: batch_rate(sheet, folder / f"out-{r}", 2, rss_at=args.n)[0],
    }
    if node is not None:
        steps["peer"] = lambda r: peer_rate(node, folder, letters, 2, args.seconds)
    figures: dict[str, list[float]] = {name: [] for name in steps}
    names = list(steps)
    for r in range(args.rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            figures[name].append(steps[name](r))
        shown = ", ".join(f"{name} {figures[name][-1]:.2f}/s" for name in names)
        print(f"round {r + 1} ({' → '.join(order)}): {shown}")
    batch, floor_ = figures["batch"], figures["floor"]
    print(f"batch / floor = {_spread([b / f for b, f in zip(batch, floor_, strict=True)])}")
    if "peer" in figures:
        peer = figures["peer"]
        print(f"peer: {_spread(peer)} letters/s; batch {_spread(batch)}; floor {_spread(floor_)}")
        print(f"batch / peer = {_spread([b / p for b, p in zip(batch, peer, strict=True)])}")
        print(f"floor / peer = {_spread([f / p for f, p in zip(floor_, peer, strict=True)])}")
    out = folder / "out-0"
    for name, row in (("Italian", 0), ("English", 1)):
        found = sorted(out.glob(f"persona-{row}-*.pdf"))
        if found:
            pages, words = pages_and_words(found[0])
            print(f"our {name} letter: {pages} pages, {words} words")
    if (folder / "peer-0.pdf").exists():
        pages, words = pages_and_words(folder / "peer-0.pdf")
        print(f"the peer's last letter: {pages} pages, {words} words (from our words)")


def by_language(folder: Path, args: argparse.Namespace) -> None:
    """Floor and batch per language and letter length, each against its own floor and
    against the floor of a short English letter."""
    print("\n# per language and letter length (2 workers; floor = the same letters alone)")
    base: float | None = None
    for grounds, size in ((SHORT, "short grounds"), (LONG, "long grounds")):
        for language in ("en", "it"):
            sheet = write_sheet(folder / f"{language}-{size[:4]}.csv", 60, (language,), grounds)
            out = folder / f"{language}-{size[:4]}"
            floors = [floor(sheet, 2, args.seconds / 2)]
            rate = batch_rate(sheet, out, 2, rss_at=60)[0]
            floors.append(floor(sheet, 2, args.seconds / 2))
            own = statistics.mean(floors)
            base = base or own
            pages, words = pages_and_words(sorted(out.glob("*.pdf"))[0])
            print(
                f"{language}, {size}: {pages} pages, {words} words; floor {own:.2f}/s "
                f"({own / base:.2f} of English short), batch {rate:.2f}/s: batch / own floor "
                f"{rate / own:.2f}, batch / English-short floor {rate / base:.2f}"
            )


def long_run(folder: Path) -> None:
    sheet = write_sheet(folder / "long.csv", 2000, ("it", "en"))
    rate, early, late = batch_rate(sheet, folder / "out-long", 2, rss_at=200)
    print(f"\n# 2,000 letters, 2 workers: {rate:.2f} letters/s")
    for pid in sorted(late):
        e, la = early.get(pid, 0) / 1024, late[pid] / 1024
        print(f"  worker {pid}: peak RSS {e:.0f} MB after 200 letters, {la:.0f} MB after 2,000")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="rows of the mixed sheet")
    parser.add_argument("--seconds", type=float, default=10, help="peer and floor windows")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of peer, floor, batch")
    parser.add_argument("--by-language", action="store_true", help="per language and length")
    parser.add_argument("--long", action="store_true", help="RSS after 2,000 letters")
    args = parser.parse_args()
    print(
        f"HarfBuzz subsetting: {'yes' if harfbuzz_subsetting() else 'NO (fontTools)'}; "
        f"CPUs: {multiprocessing.cpu_count()}; sheet: {args.n} rows, Italian and English in turn"
    )
    import weasyprint  # noqa: F401  (once, as objection batch imports it before forking)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        node = install_peer(folder)
        sheet = write_sheet(folder / "staff.csv", args.n, ("it", "en"))
        rounds(sheet, folder, args, node)
        _, late = batch_rate(sheet, folder / "out-rss", 2, rss_at=args.n)[1:]
        for pid in sorted(late):
            print(f"  worker {pid}: peak RSS {late[pid] / 1024:.0f} MB after {args.n} letters")
        if args.by_language:
            by_language(folder, args)
        if args.long:
            long_run(folder)


if __name__ == "__main__":
    main()
