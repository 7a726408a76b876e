"""A campaign's batch, run away from the server: checked in the server (it writes nothing),
made in a process of its own (spawned, so it forks its workers from a process without the
server's threads), which reports each row over a pipe; then the letters, form texts and
manifest in one zip.

No Starlette here: the spawned process imports this module and the library, nothing else.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import N_, ObjectionError, gettext


class TooManyRows(Exception):
    """The sheet has more rows than the server takes."""


@dataclass(frozen=True)
class Problem:
    """One thing to fix in a row, as the report's table shows it."""

    row: int
    field: str
    text: str


def problems(row: int, error: Any, lang: str) -> list[Problem]:
    """A row's error (a message, or messages joined) as one line a field."""
    parts = getattr(error, "parts", None) or ([error] if error else [])
    found = []
    for part in parts:
        values = getattr(part, "values", {})
        if "column" in values and "problem" in values:
            found.append(Problem(row, str(values["column"]), _text(values["problem"], lang)))
        else:
            found.append(Problem(row, "", _text(part, lang)))
    return found


def _text(message: Any, lang: str) -> str:
    return str(message.text(lang)) if hasattr(message, "text") else str(message)


@dataclass
class Job:
    """An uploaded sheet: its check, then its run."""

    owner: str
    sheet: Path
    original: str
    campaign: str
    controllers: tuple[str, ...]
    lang: str
    key: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    report: list[Problem] = field(default_factory=list)
    #: The sheet's rows checked, and those with something to fix.
    rows: set[int] = field(default_factory=set)
    bad: set[int] = field(default_factory=set)
    #: Letters the run will try: a row a controller (the progress bar's length).
    planned: int = 0
    notices: list[str] = field(default_factory=list)
    started: bool = False
    done: int = 0
    made: int = 0
    kept: int = 0
    failed: list[Problem] = field(default_factory=list)
    failed_rows: int = 0
    finished: bool = False
    error: str | None = None
    zip_key: str | None = None
    out: Path | None = None
    process: Any = None

    @property
    def checked(self) -> int:
        return len(self.rows)

    @property
    def bad_rows(self) -> int:
        return len(self.bad)

    @property
    def good_rows(self) -> int:
        return self.checked - self.bad_rows

    def said(self, text: str) -> str:
        """A library sentence about the sheet names it as the member named it."""
        return text.replace(str(self.sheet), self.original)

    def stop(self) -> None:
        """The server stops: so does the run; the uploaded sheet goes."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
        self.sheet.unlink(missing_ok=True)


def bounded(rows: Iterator[Any], limit: int) -> Iterator[Any]:
    """The sheet's rows, refused past ``limit``."""
    for count, row in enumerate(rows, 1):
        if count > limit:
            raise TooManyRows
        yield row


def check(job: Job, max_rows: int) -> None:
    """Every row validated as the batch would, nothing written: the report, in ``job.lang``."""
    from generator import check_batch, open_sheet

    shape, rows = open_sheet(job.sheet)
    job.notices = [notice.text(job.lang) for notice in shape.notices]
    if shape.unknown:
        job.notices.append(
            gettext(job.lang)(
                N_("Columns not used: %(columns)s."), columns=", ".join(shape.unknown)
            )
        )

    def heard(result: Any) -> None:
        job.planned += 1
        job.rows.add(result.row)
        if result.status == "failed" and result.row not in job.bad:
            job.bad.add(result.row)
            job.report += problems(result.row, result.error, job.lang)

    check_batch(
        (shape, bounded(rows, max_rows)),
        defaults={"locale": job.lang},
        controllers=job.controllers,
        on_result=heard,
    )


def start(job: Job, out: Path, register: str | None, jobs: int | None) -> None:
    """Run the batch into ``out`` in a spawned process; a thread hears each row."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    settings = (str(job.sheet), str(out), register, job.campaign, job.controllers, job.lang, jobs)
    job.process = context.Process(target=_child, args=(sender, settings), name="objection-campaign")
    job.out, job.started = out, True
    job.process.start()
    sender.close()
    threading.Thread(target=_listen, args=(job, receiver), daemon=True).start()


def _child(conn: Any, settings: tuple[Any, ...]) -> None:
    """The spawned process: the batch, each row reported as it comes."""
    from generator import Register, run_batch, set_message_locale

    sheet, out, register, campaign, controllers, lang, jobs = settings
    set_message_locale(lang)

    def report(result: Any) -> None:
        conn.send(("row", result.row, result.status, problems(result.row, result.error, lang)))

    try:
        summary = run_batch(
            Path(sheet),
            Path(out),
            defaults={"locale": lang},
            jobs=jobs,
            controllers=tuple(controllers),
            register=Register(register),
            campaign=campaign,
            on_result=report,
        )
        aborted = summary.aborted.message(lang) if summary.aborted else None
        conn.send(("done", aborted))
    except ObjectionError as exc:
        conn.send(("done", exc.message(lang)))
    finally:
        conn.close()


def _listen(job: Job, conn: Any) -> None:
    """The run's rows into ``job``, until it is done; then the zip."""
    try:
        while True:
            message = conn.recv()
            if message[0] == "done":
                job.error = job.said(message[1]) if message[1] else None
                break
            _row, status, found = message[1:]
            job.done += 1
            job.made += status == "ok"
            job.kept += status == "kept"
            if status == "failed":
                job.failed_rows += 1
                job.failed += found
    except (EOFError, OSError):
        job.error = gettext(job.lang)(
            N_("The campaign's process stopped before the end: what was made is in its folder.")
        )
    finally:
        conn.close()
        job.process.join()
        job.sheet.unlink(missing_ok=True)
        job.finished = True


def zip_campaign(out: Path, target: Path) -> None:
    """This run's letters and form texts (as its manifest lists them) and the manifest, in
    one zip (0600): a campaign's folder may hold an earlier run's letters too."""
    import csv

    manifest = out / "manifest.csv"
    names: list[str] = []
    if manifest.is_file():
        with manifest.open(encoding="utf-8", newline="") as lines:
            for row in csv.DictReader(lines):
                if row.get("status") == "ok":
                    names += [name for name in row.get("files", "").split(";") if name]
        names.append(manifest.name)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with (
        os.fdopen(fd, "wb") as handle,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as zipped,
    ):
        for name in dict.fromkeys(names):
            path = out / Path(name).name  # the manifest names files in the folder, nothing else
            if path.is_file():
                zipped.write(path, path.name)
