"""The register in the browser: each letter with where it stands and when its answer is due;
recording that it left (with the proof) and the answer (with the reply); the reminder, the
complaint and the access request, made when they may be."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from generator import (
    N_,
    OUTCOMES,
    VIA,
    InvalidInput,
    ObjectionError,
    after_steps,
    answers_of,
    check_may_follow,
    due_long,
    load_controller,
    long_date,
    make,
    standing,
)
from generator import (
    Request as Making,
)
from generator.web.dates import due_explanation, translate_in
from generator.web.pages import language, render, translate
from generator.web.receipts import pec_receipt
from generator.web.session import owner, posted
from generator.web.state import State

VIA_NAMES = {
    "form": N_("the web form"),
    "post": N_("registered post"),
    "email": N_("e-mail"),
    "pec": N_("PEC"),
}
OUTCOME_NAMES = {
    "upheld": N_("upheld"),
    "refused": N_("refused"),
    "partial": N_("upheld in part"),
    "none": N_("no decision"),
}
SEQUELS = {
    "follow_up": N_("the reminder"),
    "complaint": N_("the complaint"),
    "access": N_("the access request"),
}
#: The heading of the page a sequel is made on (Italian agrees with each noun).
READY = {
    "follow_up": N_("Your reminder is ready"),
    "complaint": N_("Your complaint is ready"),
    "access": N_("Your access request is ready"),
}


@dataclass(frozen=True)
class Entry:
    """A letter as the register page shows it."""

    record: Any
    controller: str
    due: dt.date | None
    due_long: str
    explanation: str
    standing: str
    overdue: bool
    may: tuple[str, ...]


def _entry(record: Any, register: Any, today: dt.date, lang: str) -> Entry:
    _ = translate_in(lang)
    following = register.following(record.reference)
    state = standing(record, following, today)
    if record.answered_on:
        word = _("Answered: %(outcome)s", outcome=_(OUTCOME_NAMES[record.outcome]))
    elif state.overdue:
        word = _("Overdue")
    elif record.sent_on:
        word = _("Awaiting an answer")
    else:
        word = _("Not sent yet")
    may = []
    if record.outcome != "upheld":
        may += ["follow_up"] if state.may_follow_up and state.follow_up is None else []
        may += ["complaint"] if state.may_complain and state.complaint is None else []
    if record.kind == "objection" and not record.with_access:
        may.append("access")
    return Entry(
        record,
        load_controller(record.controller).name,
        state.due,
        due_long(state.due, state.receipt.estimated, lang) if state.due and state.receipt else "—",
        due_explanation(state, lang),
        word,
        state.overdue,
        tuple(may),
    )


def _state(request: Request) -> State:
    found: State = request.app.state.objection
    return found


async def register_page(request: Request) -> Response:
    lang = language(request)
    campaign = request.query_params.get("campaign") or None

    def entries() -> list[Entry]:
        register = _state(request).register()
        today = dt.date.today()
        letters = register.letters(campaign=campaign, kinds=("objection", "access"))
        return [_entry(record, register, today, lang) for record in letters]

    found = await run_in_threadpool(entries)
    return render(
        request,
        "register.html.j2",
        section="register",
        entries=found,
        campaign=campaign,
        today=dt.date.today().isoformat(),
        via=[(v, translate(request)(VIA_NAMES[v])) for v in VIA],
        outcomes=[(o, translate(request)(OUTCOME_NAMES[o])) for o in OUTCOMES],
        sequels={k: translate(request)(v) for k, v in SEQUELS.items()},
    )


def _day(form: FormData) -> dt.date:
    try:
        return dt.date.fromisoformat(str(form.get("on", "")))
    except ValueError:
        raise InvalidInput(N_("Give the date like 2026-11-30.")) from None


async def _kept_file(form: FormData, state: State, reference: str, what: str) -> Path | None:
    """The uploaded proof or reply, kept beside the letters (a complaint attaches it)."""
    from generator import files

    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read()
    await upload.close()
    if not data:
        return None
    suffix = Path(upload.filename).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".bin"
    path = state.settings.out_dir / f"{what}s" / f"{reference}-{what}{suffix}"
    await run_in_threadpool(files.write_file, path, data)
    return path


async def _record(request: Request, what: str) -> Response:
    form = await posted(request, files=1)
    state, reference = _state(request), request.path_params["reference"]
    _ = translate(request)
    try:
        day = _day(form)
        register = state.register()
        record = await run_in_threadpool(register.get, reference)
        if what == "proof":
            via = str(form.get("via"))
            if via not in VIA:
                raise InvalidInput(N_("Choose how it left."))
            kept = await _kept_file(form, state, record.reference, what)
            delivered = await run_in_threadpool(pec_receipt, register, reference, kept, via, day)
            if delivered is None:
                await run_in_threadpool(lambda: register.mark_sent(reference, day, via, proof=kept))
            text = _(
                "Recorded: %(reference)s left on %(day)s.",
                reference=reference,
                day=long_date(day, language(request)),
            )
            if delivered is not None:
                text += " " + _(
                    "Its PEC receipt says it was delivered on %(day)s: the deadline runs from "
                    "then.",
                    day=long_date(delivered, language(request)),
                )
        else:
            outcome = str(form.get("outcome"))
            if outcome not in OUTCOMES:
                raise InvalidInput(N_("Choose what the answer did."))
            kept = await _kept_file(form, state, record.reference, what)
            await run_in_threadpool(
                lambda: register.mark_answered(reference, day, outcome, answer=kept)
            )
            text = _("Recorded: the answer to %(reference)s.", reference=reference)
        request.session["flash"] = {"text": text, "error": False}
    except ObjectionError as exc:
        request.session["flash"] = {"text": exc.message(language(request)), "error": True}
    finally:
        await form.close()
    return RedirectResponse(f"/register#{reference}", 303)


async def record_sent(request: Request) -> Response:
    return await _record(request, "proof")


async def record_answer(request: Request) -> Response:
    return await _record(request, "answer")


@dataclass(frozen=True)
class SequelMade:
    kind: str
    title: str
    reference: str
    letter: str
    download: str
    filename: str
    steps: list[str]


async def make_sequel(request: Request) -> Response:
    """The reminder, the complaint or the access request of one letter, when it may be made."""
    await posted(request)
    kind = request.path_params["kind"]
    if kind not in SEQUELS:
        raise HTTPException(404)
    state, sid, lang = _state(request), owner(request), language(request)
    made = await run_in_threadpool(
        _make_sequel, state, sid, request.path_params["reference"], kind, lang
    )
    return RedirectResponse(f"/register/made/{state.keep(sid, made)}", 303)


def _make_sequel(state: State, sid: str, reference: str, kind: str, lang: str) -> SequelMade:
    register = state.register()
    record = register.get(reference, kinds=("objection", "access"))
    following = register.following(record.reference)
    if kind != "access":
        check_may_follow(kind, standing(record, following, dt.date.today()))
    request = Making(
        cast("Any", kind),
        answers_of(record),
        "pdf",
        out_dir=state.settings.out_dir,
        record=record if kind != "access" else None,
        following=following if kind != "access" else {},
        register=register,
    )
    with state.making:
        made = make(request)
    assert made.path is not None
    _ = translate_in(lang)
    steps = after_steps(kind, made.rendered, lang)
    if kind == "follow_up":
        steps.append(
            _(
                "If no answer comes by %(date)s, the complaint can be made here.",
                date=long_date(made.rendered.reply_by, lang),
            )
        )
    key = state.offer(sid, made.path, made.path.name, "application/pdf")
    return SequelMade(
        kind, _(READY[kind]), made.letter.reference, record.reference, key, made.path.name, steps
    )


def sequel_made(request: Request) -> Response:
    made = _state(request).kept(owner(request), request.path_params["key"])
    if not isinstance(made, SequelMade):
        raise HTTPException(404)
    _ = translate(request)
    return render(
        request,
        "sequel_made.html.j2",
        section="register",
        made=made,
        today=dt.date.today().isoformat(),
        via=[(v, _(VIA_NAMES[v])) for v in VIA],
    )
