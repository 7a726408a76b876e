"""The batch's manifest: ``manifest.csv``, one line a letter (row and controller).

An append-only log while a run goes on, compacted to one line a letter at the end, and read
back for ``--resume`` by byte offsets, never held whole. Cells a spreadsheet would run as a
formula are neutralised (:func:`generator.base.files.spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base import files
from generator.base.files import spreadsheet_safe
from generator.facts.controllers import DEFAULT_CONTROLLER

MANIFEST = "manifest.csv"
COLUMNS = [
    "row",
    "controller",
    "name",
    "email",
    "language",
    "country",
    "files",
    "sha256",
    "status",
    "error",
    "warnings",
    "input",
]


@dataclass
class RowResult:
    row: int
    status: str  # "ok", "failed" or "kept" (resume: done before, unchanged)
    controller: str = DEFAULT_CONTROLLER
    name: str = ""
    email: str = ""
    language: str = ""
    country: str = ""
    files: list[str] = field(default_factory=list)
    sha256: list[str] = field(default_factory=list)
    #: Why the row failed: a message (a Msg, translated when written or shown), or the text a
    #: manifest read back holds.
    error: Any = ""
    warnings: list[Any] = field(default_factory=list)
    input: str = ""
    pid: int = 0
    max_rss_kb: int = 0
    #: The letter's register entry (generator.register.store.Record), when the run keeps one.
    record: Any = None

    def entry(self) -> dict[str, Any]:
        """The row as the manifest writes it."""
        return {
            "row": self.row,
            "controller": self.controller,
            "name": self.name,
            "email": self.email,
            "language": self.language,
            "country": self.country,
            "files": ";".join(self.files),
            "sha256": ";".join(self.sha256),
            "status": "ok" if self.status == "kept" else self.status,
            "error": str(self.error),
            "warnings": " | ".join(map(str, self.warnings)),
            "input": self.input,
        }


class Manifest:
    """``manifest.csv``: an append-only log while a run goes on, one line a row at the end.

    The log is read by byte offsets (the last line of each row), never held whole: a resume
    of 200,000 rows keeps 200,000 integers, not 200,000 entries.
    """

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST
        self._fh: Any = None
        self._writer: Any = None
        self._index: dict[tuple[int, str], int] | None = None
        self._previous_fh: Any = None

    def _offsets(self) -> dict[tuple[int, str], int]:
        """(Row number, controller) → byte offset of its last entry in the log."""
        offsets: dict[tuple[int, str], int] = {}
        if not self.path.exists():
            return offsets
        with self.path.open("rb") as fh:
            header = fh.readline()
            fields = next(csv.reader([header.decode("utf-8")]), [])
            if "row" not in fields:
                return offsets
            at = fields.index("controller") if "controller" in fields else None
            for offset, line in _records(fh):
                values = next(csv.reader([line.decode("utf-8", errors="replace")]), [])
                if values and values[0].isdigit():  # a line cut by a crash is skipped
                    controller = values[at] if at is not None and at < len(values) else ""
                    # interned: 200,000 rows share a few controller names, not 200,000 copies
                    key = (int(values[0]), sys.intern(controller or DEFAULT_CONTROLLER))
                    offsets[key] = offset
        return offsets

    def _read_at(self, fh: Any, header: list[str], offset: int) -> dict[str, str]:
        fh.seek(offset)
        text = b"".join(_record_lines(fh)).decode("utf-8")
        values = next(csv.reader([text]), [])
        return dict(zip(header, values, strict=False))

    def previous(self) -> Callable[[int, str], dict[str, str] | None]:
        """A lookup of the last entry of a row's letter to a controller (for resume)."""
        self._index = self._offsets()
        if not self._index:
            return lambda row, controller: None
        fh = self._previous_fh = self.path.open("rb")
        header = next(csv.reader([fh.readline().decode("utf-8")]))
        index = self._index

        def lookup(row: int, controller: str) -> dict[str, str] | None:
            offset = index.get((row, controller))
            return None if offset is None else self._read_at(fh, header, offset)

        return lookup

    def open(self, *, append: bool) -> None:
        fresh = not append or not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | (0 if fresh else os.O_APPEND), 0o600)
        if fresh:
            os.ftruncate(fd, 0)
        self._fh = os.fdopen(fd, "w", newline="", encoding="utf-8")
        self._writer = csv.DictWriter(self._fh, COLUMNS)
        if fresh:
            self._writer.writeheader()

    def append(self, result: RowResult) -> None:
        self._writer.writerow({k: spreadsheet_safe(v) for k, v in result.entry().items()})
        self._fh.flush()

    def close(self) -> None:
        for fh in (self._fh, self._previous_fh):
            if fh is not None:
                fh.close()
        self._fh = self._previous_fh = None
        self._index = None  # compact() reads the log afresh

    def compact(self) -> None:
        """Rewrite the log as one line a row, in row order, atomically."""
        offsets = self._offsets()
        if not offsets:
            return
        with self.path.open("rb") as src:
            header = next(csv.reader([src.readline().decode("utf-8")]))

            def lines() -> Iterator[bytes]:
                out = _CsvLine(COLUMNS)
                yield out.line({c: c for c in COLUMNS})
                for key in sorted(offsets):
                    entry = self._read_at(src, header, offsets[key])
                    yield out.line({k: entry.get(k, "") for k in COLUMNS})

            files.write_lines_atomically(self.path, lines())


class _CsvLine:
    """One CSV line at a time, as bytes."""

    def __init__(self, columns: list[str]):
        self.columns = columns

    def line(self, values: dict[str, Any]) -> bytes:
        import io

        buffer = io.StringIO()
        csv.DictWriter(buffer, self.columns).writerow(values)
        return buffer.getvalue().encode("utf-8")


def _record_lines(fh: Any) -> Iterator[bytes]:
    """The physical lines of one CSV record (a quoted cell may hold line breaks)."""
    quotes = 0
    for line in iter(fh.readline, b""):
        yield line
        quotes += line.count(b'"')
        if quotes % 2 == 0:
            return


def _records(fh: Any) -> Iterator[tuple[int, bytes]]:
    while True:
        offset = fh.tell()
        lines = list(_record_lines(fh))
        if not lines:
            return
        yield offset, b"".join(lines)
