"""The member's journey: the questions, the letter's preview (grounds and place editable, the
preview redrawn), then the letter made, recorded, and its downloads."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from generator import (
    DEFAULT_CONTROLLER,
    ObjectionError,
    available_controllers,
    grounds_warnings,
    load_controller,
    make,
)
from generator import (
    Request as Making,
)
from generator.web.answers_form import answers_mapping, hidden, sections, validate
from generator.web.pages import language, render
from generator.web.session import owner, posted
from generator.web.state import State

#: What the preview lets the member change beside the letter.
EDITABLE = ("objection.grounds", "signature.place")


def state_of(request: Request) -> State:
    found: State = request.app.state.objection
    return found


def letter_form(request: Request) -> Response:
    """The questions, for the controller chosen (``?controller=meta``)."""
    controller = request.query_params.get("controller", DEFAULT_CONTROLLER)
    if controller not in available_controllers():
        controller = DEFAULT_CONTROLLER
    return form_page(request, {"controller": controller, "locale": language(request)}, {})


def form_page(
    request: Request, raw: dict[str, Any], problems: dict[str, str], *, status: int = 200
) -> Response:
    lang = language(request)
    controller = str(raw.get("controller", DEFAULT_CONTROLLER))
    fieldsets = sections(raw, problems, lang)
    return render(
        request,
        "letter_form.html.j2",
        status=status,
        section="member",
        sections=fieldsets,
        problems=problems,
        errors=[i for s in fieldsets for i in s.inputs if i.error],
        controller=controller,
        controller_name=load_controller(controller).name,
        controllers=[(k, load_controller(k).name) for k in available_controllers()],
        letter_locale=raw.get("locale") or lang,
        grounds_notes=_grounds_notes(raw, lang),
    )


def _grounds_notes(raw: dict[str, Any], lang: str) -> list[str]:
    """The warnings about the grounds (special categories, another language), in ``lang``."""
    grounds = raw.get("objection", {}).get("grounds")
    if not isinstance(grounds, str) or not grounds.strip():
        return []
    return [m.text(lang) for m in grounds_warnings(grounds, str(raw.get("locale") or lang))]


async def edit(request: Request) -> Response:
    """Back from the preview to the questions, with the answers as they are."""
    return form_page(request, answers_mapping(await posted(request)), {})


async def preview(request: Request) -> Response:
    """The letter as HTML beside the grounds and place; JSON for the page's script."""
    raw = answers_mapping(await posted(request))
    lang = language(request)
    answers, problems = validate(raw, lang)
    script = "application/json" in request.headers.get("accept", "")
    if problems:
        if script:
            return JSONResponse({"errors": problems}, status_code=422)
        return form_page(request, raw, problems)
    made = await run_in_threadpool(make, Making("objection", answers, "html", write=False))
    key = state_of(request).preview(owner(request), made.data)
    notes = _grounds_notes(raw, lang) + [w.text(lang) for w in made.warnings]
    if script:
        return JSONResponse({"preview": f"/preview/{key}", "notes": notes})
    fieldsets = sections(raw, {}, lang)
    return render(
        request,
        "preview.html.j2",
        section="member",
        key=key,
        hidden=hidden(raw, EDITABLE),
        # Without the examples: the member has written their grounds by now.
        editable=[
            replace(i, examples=()) for s in fieldsets for i in s.inputs if i.name in EDITABLE
        ],
        notes=notes,
        reference=made.letter.reference,
    )


def preview_document(request: Request) -> Response:
    """The letter's own HTML, for the preview's frame: its inline style allowed by its hash,
    framed only by this server's pages, sandboxed by them."""
    html = state_of(request).previewed(owner(request), request.path_params["key"])
    if html is None:
        raise HTTPException(404)
    styles = re.findall(rb"<style>(.*?)</style>", html, re.DOTALL)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s).digest()).decode() + "'" for s in styles
    )
    policy = f"default-src 'self'; style-src {hashes}; frame-ancestors 'self'"
    headers = {"Content-Security-Policy": policy, "X-Frame-Options": "SAMEORIGIN"}
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


@dataclass
class LetterMade:
    """What the downloads page shows of a letter made."""

    reference: str
    name: str
    controller: str
    downloads: list[tuple[str, str, str]] = field(default_factory=list)  # key, label, name
    form_text: str | None = None
    form_max: int = 0
    form_problem: str | None = None
    steps: str = ""
    notes: list[str] = field(default_factory=list)
    recorded: bool = False


async def make_letter(request: Request) -> Response:
    """The letter as a PDF, recorded; then its downloads page (a GET: reloading it is safe)."""
    raw = answers_mapping(await posted(request))
    lang = language(request)
    answers, problems = validate(raw, lang)
    if problems:
        return form_page(request, raw, problems)
    state, sid = state_of(request), owner(request)
    made = await run_in_threadpool(_make_everything, state, sid, answers, raw, lang)
    return RedirectResponse(f"/letter/made/{state.keep(sid, made)}", 303)


def _make_everything(
    state: State, sid: str, answers: Any, raw: dict[str, Any], lang: str
) -> LetterMade:
    """The PDF (recorded as ``objection letter`` records it), the form text, the next steps,
    the calendar event and the answers file, each offered for download."""
    from generator import calendar_file
    from generator.web.downloads import answers_toml

    out = state.settings.out_dir
    register, notes = None, []
    try:
        register = state.register()
    except ObjectionError as exc:  # the letter is made all the same, unrecorded
        notes.append(exc.message(lang))
    with state.making:  # one PDF at a time through the warm renderer
        letter = make(Making("objection", answers, "pdf", out_dir=out, register=register))
    assert letter.path is not None
    view = LetterMade(
        letter.letter.reference,
        answers.person.name,
        load_controller(answers.controller).name,
        notes=notes + [w.text(lang) for w in letter.warnings],
        recorded=register is not None,
    )
    offer = _offerer(state, sid, view)
    offer(letter.path, "pdf", "application/pdf")
    try:
        form = make(Making("form_text", answers, "txt", out_dir=out, letter=letter.letter))
    except ObjectionError as exc:  # grounds too long for the form: the letter stands
        view.form_problem = exc.message(lang)
    else:
        assert form.path is not None
        view.form_text, view.form_max = form.rendered.text, form.rendered.max_chars
        offer(form.path, "form", "text/plain; charset=utf-8")
    steps = make(Making("next_steps", answers, "txt", locale=lang, out_dir=out))
    assert steps.path is not None
    view.steps = steps.rendered.text
    offer(steps.path, "steps", "text/plain; charset=utf-8")
    stem = letter.path.stem
    ics = state.private_file(f"{stem}.ics", calendar_file(steps.rendered))
    offer(ics, "ics", "text/calendar")
    offer(state.private_file("answers.toml", answers_toml(raw)), "answers", "application/toml")
    return view


def _offerer(state: State, sid: str, view: LetterMade) -> Any:
    def offer(path: Any, label: str, media_type: str) -> None:
        key = state.offer(sid, path, path.name, media_type)
        view.downloads.append((key, label, path.name))

    return offer


def letter_made(request: Request) -> Response:
    view = state_of(request).kept(owner(request), request.path_params["key"])
    if not isinstance(view, LetterMade):
        raise HTTPException(404)
    return render(request, "made.html.j2", section="member", made=view)
