"""Letters for a whole staff: one letter PDF and one form text per spreadsheet row, in parallel.

Rows stream from the sheet into a bounded window of work for the worker processes (forked
after WeasyPrint is imported and warmed up, so each worker sets up fonts, CSS and templates
once). Files appear atomically; the manifest is an append-only log written as rows complete, so
a crash loses nothing done, and ``resume`` redoes only rows that are missing, incomplete or
changed. The library reports progress through a callback and never prints.
"""

from __future__ import annotations

import concurrent.futures as cf
import copy
import csv
import gc
import hashlib
import json
import multiprocessing
import os
import resource
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__, files
from generator.errors import InvalidAnswers, InvalidInput, ObjectionError
from generator.files import write_atomically
from generator.i18n import gettext, resolve_locale
from generator.sheets import open_sheet

MANIFEST = "manifest.csv"
COLUMNS = [
    "row",
    "name",
    "email",
    "language",
    "country",
    "files",
    "sha256",
    "status",
    "error",
    "input",
]


@dataclass
class RowResult:
    row: int
    status: str  # "ok", "failed" or "kept" (resume: done before, unchanged)
    name: str = ""
    email: str = ""
    language: str = ""
    country: str = ""
    files: list[str] = field(default_factory=list)
    sha256: list[str] = field(default_factory=list)
    error: str = ""
    input: str = ""
    pid: int = 0
    max_rss_kb: int = 0


@dataclass
class BatchSummary:
    total: int = 0
    made: int = 0
    kept: int = 0
    failed: list[RowResult] = field(default_factory=list)
    failed_count: int = 0
    worker_rss_kb: dict[int, int] = field(default_factory=dict)
    aborted: str = ""


# --- the work of one row (runs in a worker) -----------------------------------------------


def _make_row(task: dict[str, Any]) -> RowResult:
    from generator.answers import answers_from_mapping
    from generator.forms import form_text
    from generator.letters import slug
    from generator.pdf import letter_pdf

    row, ui = task["row"], task["ui_locale"]
    result = RowResult(row=row, status="failed", input=task["fingerprint"], pid=os.getpid())
    person = task["mapping"].get("person", {})
    result.name, result.email = str(person.get("name", "")), str(person.get("email", ""))
    try:
        answers = answers_from_mapping(
            task["mapping"], source=f"row {row}", ui_locale=ui, base_dir=Path(task["base_dir"])
        )
        locale = resolve_locale(task["locale"], answers.locale)
        result.language, result.country = locale, answers.person.country
        pdf = letter_pdf(answers, locale, ui_locale=ui, on_behalf_of=task["on_behalf_of"])
        form = form_text(answers, locale, ui_locale=ui)
        out = Path(task["out_dir"])
        stem = slug(answers)
        outputs = [(f"{stem}.pdf", pdf), (f"{stem}.form.txt", (form.text + "\n").encode())]
        for name, data in outputs:
            write_atomically(out / name, data)
        result.files = [name for name, _ in outputs]
        result.sha256 = [hashlib.sha256(data).hexdigest() for _, data in outputs]
        result.status = "ok"
    except InvalidAnswers as exc:
        columns = task["columns"]
        result.error = "; ".join(
            f"{_column(p.field, columns.get(p.field))}: {p.message}" if p.field else p.message
            for p in exc.problems
        )
    except ObjectionError as exc:
        result.error = str(exc)
    result.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def _column(field: str, header: str | None) -> str:
    """A field as the sheet's user knows it: "E-mail (person.email)"."""
    return f"{header} ({field})" if header and header != field else field


def _warm_up() -> None:
    """Worker start: everything a letter needs, set up once, then frozen out of the GC."""
    from generator.answers import sample_answers
    from generator.pdf import letter_pdf

    letter_pdf(sample_answers("en"), "en")
    gc.freeze()


# --- the manifest -------------------------------------------------------------------------


def read_manifest(out_dir: Path) -> dict[int, dict[str, str]]:
    """The last entry for each row of an existing manifest (an append-only log)."""
    path = out_dir / MANIFEST
    if not path.exists():
        return {}
    entries: dict[int, dict[str, str]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for entry in csv.DictReader(fh):
            try:
                entries[int(entry["row"])] = entry
            except (KeyError, TypeError, ValueError):
                continue  # a line cut by a crash
    return entries


def _entry(result: RowResult) -> dict[str, Any]:
    return {
        "row": result.row,
        "name": result.name,
        "email": result.email,
        "language": result.language,
        "country": result.country,
        "files": ";".join(result.files),
        "sha256": ";".join(result.sha256),
        "status": "ok" if result.status == "kept" else result.status,
        "error": result.error,
        "input": result.input,
    }


def _still_good(entry: dict[str, str], fingerprint: str, out_dir: Path) -> bool:
    if entry.get("status") != "ok" or entry.get("input") != fingerprint:
        return False
    files, hashes = entry.get("files", "").split(";"), entry.get("sha256", "").split(";")
    if not files or len(files) != len(hashes) or not all(files):
        return False
    for name, digest in zip(files, hashes, strict=True):
        path = out_dir / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
    return True


def _compact_manifest(out_dir: Path) -> None:
    entries = read_manifest(out_dir)
    path = out_dir / MANIFEST
    fd, tmp = tempfile.mkstemp(prefix=f".{MANIFEST}.", suffix=files.PART_SUFFIX, dir=out_dir)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        for row in sorted(entries):
            writer.writerow({k: entries[row].get(k, "") for k in COLUMNS})
    os.replace(tmp, path)


# --- the run ------------------------------------------------------------------------------


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _fingerprint(mapping: dict[str, Any], base_dir: Path, locale: str | None) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, locale, mapping], sort_keys=True, default=str).encode())
    image = mapping.get("signature", {}).get("image")
    if image:
        path = Path(image) if Path(image).is_absolute() else base_dir / image
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def clean_partial_files(out_dir: Path) -> int:
    """Remove the temporary files a killed run left behind; how many."""
    return files.clean_partial_files(out_dir, (".pdf", ".form.txt", MANIFEST))


def run_batch(
    sheet_path: Path,
    out_dir: Path,
    *,
    defaults: dict[str, Any] | None = None,
    jobs: int | None = None,
    resume: bool = False,
    locale: str | None = None,
    ui_locale: str = "en",
    on_behalf_of: Any = None,
    window: int = 4,
    on_result: Callable[[RowResult], None] | None = None,
) -> BatchSummary:
    """Make every row's letter and form text into ``out_dir``; report each row to on_result."""
    _ = gettext(ui_locale)
    sheet, rows = open_sheet(sheet_path, ui_locale)
    columns = {f: h for f, h in zip(sheet.fields, sheet.headers, strict=True) if f}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            _("Cannot create %(path)s (%(reason)s).", path=out_dir, reason=exc.strerror)
        ) from None
    clean_partial_files(out_dir)
    previous = read_manifest(out_dir) if resume else {}
    manifest_path = out_dir / MANIFEST
    fresh = not resume or not manifest_path.exists()
    manifest = manifest_path.open("w" if fresh else "a", newline="", encoding="utf-8")
    writer = csv.DictWriter(manifest, COLUMNS)
    if fresh:
        writer.writeheader()
    summary = BatchSummary()
    base_dir = sheet_path.resolve().parent

    def record(result: RowResult) -> None:
        summary.total += 1
        if result.status == "ok":
            summary.made += 1
        elif result.status == "kept":
            summary.kept += 1
        else:
            summary.failed_count += 1
            if len(summary.failed) < 1000:  # the manifest has them all
                summary.failed.append(result)
        if result.pid:
            summary.worker_rss_kb[result.pid] = max(
                summary.worker_rss_kb.get(result.pid, 0), result.max_rss_kb
            )
        if result.status != "kept":
            writer.writerow(_entry(result))
            manifest.flush()
        if on_result:
            on_result(result)

    # Who came in which row, by an 8-byte digest: a 100,000-row sheet keeps 100,000 of them.
    seen: dict[bytes, int] = {}

    def tasks() -> Iterator[dict[str, Any]]:
        for number, mapping in rows:
            merged = _deep_merge(defaults or {}, mapping)
            person = merged.get("person", {})
            name = str(person.get("name", "")).strip().casefold()
            email = str(person.get("email", "")).strip().casefold()
            key = hashlib.blake2b(f"{name}\x1f{email}".encode(), digest_size=8).digest()
            fingerprint = _fingerprint(merged, base_dir, locale)
            identified = bool(name and email)
            if identified and key in seen:
                record(
                    RowResult(
                        row=number,
                        status="failed",
                        name=str(person.get("name")),
                        email=str(person.get("email")),
                        input=fingerprint,
                        error=_(
                            "the same person (name and e-mail) as row "
                            "%(row)d: remove one of the two rows",
                            row=seen[key],
                        ),
                    )
                )
                continue
            if identified:
                seen[key] = number
            entry = previous.get(number)
            if entry and _still_good(entry, fingerprint, out_dir):
                kept = RowResult(
                    row=number,
                    status="kept",
                    name=entry.get("name", ""),
                    email=entry.get("email", ""),
                    input=fingerprint,
                )
                record(kept)
                continue
            yield {
                "row": number,
                "mapping": merged,
                "fingerprint": fingerprint,
                "base_dir": str(base_dir),
                "out_dir": str(out_dir),
                "locale": locale,
                "ui_locale": ui_locale,
                "columns": columns,
                "on_behalf_of": on_behalf_of,
            }

    jobs = max(1, jobs or os.cpu_count() or 1)
    # fork: workers inherit the imported modules (WeasyPrint takes ~0.8 s to import).
    import weasyprint  # noqa: F401

    context = multiprocessing.get_context("fork")
    try:
        with cf.ProcessPoolExecutor(jobs, mp_context=context, initializer=_warm_up) as pool:
            pending: set[cf.Future[RowResult]] = set()
            source = tasks()
            for task in source:
                pending.add(pool.submit(_make_row, task))
                if len(pending) >= jobs * window:  # bounded: the sheet stays a stream
                    done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                    for future in done:
                        record(future.result())
            for future in cf.as_completed(pending):
                record(future.result())
    except cf.process.BrokenProcessPool:
        summary.aborted = _(
            "a worker process died (killed, or out of memory): what was "
            "done is in the manifest; run again with --resume to finish"
        )
    finally:
        manifest.close()
        clean_partial_files(out_dir)
        _compact_manifest(out_dir)
    return summary
