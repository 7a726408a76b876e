"""The organisation's campaign: a staff sheet uploaded and checked (a table of what to fix,
before anything is made), the batch run with a live progress bar, the zip of what it made;
and each campaign's figures, as a chart with a table beside it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from generator import (
    DEFAULT_CONTROLLER,
    N_,
    TEXT_SUFFIXES,
    WORKBOOK_SUFFIXES,
    ObjectionError,
    available_controllers,
    load_controller,
    standing,
)
from generator.web import jobs
from generator.web.pages import error_page, language, render, translate
from generator.web.session import owner, posted
from generator.web.state import State


def _state(request: Request) -> State:
    found: State = request.app.state.objection
    return found


def upload_form(request: Request, error: str = "", status: int = 200) -> Response:
    controllers = [(k, load_controller(k).name) for k in available_controllers()]
    return render(
        request,
        "campaign_upload.html.j2",
        status=status,
        section="campaign",
        error=error,
        controllers=controllers,
        suffixes=", ".join((*TEXT_SUFFIXES, *WORKBOOK_SUFFIXES)),
        max_rows=_state(request).settings.max_rows,
    )


def _campaign_name(text: str, fallback: str) -> str:
    name = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())[:100]
    return name or fallback


async def check(request: Request) -> Response:
    """The sheet kept in the private folder, every row checked: the report."""
    form = await posted(request, files=1)
    _ = translate(request)
    upload = form.get("sheet")
    suffix = Path(upload.filename or "").suffix.lower() if isinstance(upload, UploadFile) else ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        await form.close()
        return upload_form(request, _("Choose the sheet to upload."), 400)
    if suffix not in (*TEXT_SUFFIXES, *WORKBOOK_SUFFIXES):
        await form.close()
        return upload_form(request, _("This is not a sheet the batch reads."), 400)
    data = await upload.read()
    original = Path(upload.filename).name
    # Kept under its own name (what the library says of it names it), made safe.
    safe = re.sub(r"[^\w.-]", "_", Path(original).stem)[:80] or "sheet"
    chosen = [c for c in form.getlist("controller") if c in available_controllers()]
    state = _state(request)
    job = jobs.Job(
        owner(request),
        state.private_file(safe + suffix, data),
        original,
        _campaign_name(str(form.get("campaign") or ""), Path(original).stem),
        tuple(chosen) or (DEFAULT_CONTROLLER,),
        language(request),
    )
    await form.close()
    try:
        await run_in_threadpool(jobs.check, job, state.settings.max_rows)
    except jobs.TooManyRows:
        job.stop()
        return error_page(request, 413, "rows", rows=state.settings.max_rows)
    except ObjectionError as exc:
        job.stop()
        return upload_form(request, job.said(exc.message(language(request))), 400)
    state.jobs[job.key] = job
    return RedirectResponse(f"/campaign/{job.key}", 303)


def _job(request: Request) -> jobs.Job:
    job: jobs.Job | None = _state(request).jobs.get(request.path_params["job"])
    if job is None or job.owner != owner(request):
        raise HTTPException(404)
    return job


async def job_page(request: Request) -> Response:
    """The report before the run, the progress during it, what it made after it."""
    job, state = _job(request), _state(request)
    if job.finished and job.zip_key is None and job.out is not None and job.out.is_dir():
        target = state.private / job.key / f"{job.out.name}.zip"
        await run_in_threadpool(jobs.zip_campaign, job.out, target)
        job.zip_key = state.offer(job.owner, target, target.name, "application/zip")
    return render(request, "campaign_job.html.j2", section="campaign", job=job)


async def run(request: Request) -> Response:
    await posted(request)
    job, state = _job(request), _state(request)
    if not job.started and job.good_rows:
        from slugify import slugify

        folder = state.settings.out_dir / "campaigns" / (slugify(job.campaign) or "campaign")
        jobs.start(job, folder, state.settings.register, state.settings.jobs)
    return RedirectResponse(f"/campaign/{job.key}", 303)


def progress(request: Request) -> Response:
    """How far the run is, for the page's script."""
    job = _job(request)
    total = job.planned
    text = translate(request)(
        "%(done)d of %(total)d done: %(made)d made, %(failed)d failed.",
        done=job.done,
        total=total,
        made=job.made,
        failed=job.failed_rows,
    )
    return JSONResponse({"done": job.done, "total": total, "finished": job.finished, "text": text})


async def campaigns(request: Request) -> Response:
    names = await run_in_threadpool(lambda: _state(request).register().campaigns())
    return render(request, "campaigns.html.j2", section="campaign", names=names)


#: The campaign's figures, in the chart's order.
FIGURES = (
    ("made", N_("Letters made")),
    ("sent", N_("Letters sent")),
    ("answered", N_("Answers received")),
    ("upheld", N_("Objections upheld")),
    ("refused", N_("Objections refused")),
    ("partial", N_("Upheld in part")),
    ("overdue", N_("Answers overdue")),
    ("follow_up", N_("Reminders made")),
    ("complaint", N_("Complaints made")),
)


def figures(register: Any, name: str, today: dt.date) -> dict[str, int]:
    """A campaign in figures: made, sent, answered and how, overdue, reminded, complained of."""
    counts = dict.fromkeys((key for key, _label in FIGURES), 0)
    for record in register.letters(campaign=name, kinds=("objection",)):
        state = standing(record, register.following(record.reference), today)
        counts["made"] += 1
        counts["sent"] += record.sent_on is not None
        counts["answered"] += record.answered_on is not None
        if record.outcome in counts:
            counts[record.outcome] += 1
        counts["overdue"] += state.overdue
        counts["follow_up"] += state.follow_up is not None
        counts["complaint"] += state.complaint is not None
    return counts


async def campaign_page(request: Request) -> Response:
    name = request.path_params["name"]
    register = await run_in_threadpool(_state(request).register)
    counts = await run_in_threadpool(figures, register, name, dt.date.today())
    if not counts["made"]:
        raise HTTPException(404)
    _ = translate(request)
    bars = [(_(label), counts[key]) for key, label in FIGURES]
    return render(
        request,
        "campaign.html.j2",
        section="campaign",
        name=name,
        bars=bars,
        top=max(value for _label, value in bars) or 1,
    )
