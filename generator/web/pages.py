"""Pages: the member's language, one template rendered in the letters' Jinja environment, and
the error pages (one sentence in the member's language, never a traceback)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from generator import LOCALES, N_, ObjectionError, __version__, environment, gettext, language_name
from generator.web.session import csrf_token

#: What an error page says, by the status and the reason the server gave.
ERRORS = {
    (403, "token"): N_(
        "This page needs the address with its token that objection serve printed when it "
        "started: open that address again."
    ),
    (403, "csrf"): N_(
        "This form has expired or did not come from this page: go back, reload the page and "
        "send it again."
    ),
    (403, "origin"): N_("This form came from another site, so it was refused."),
    (404, ""): N_(
        "There is nothing at this address: it may belong to another session, or the server was "
        "restarted since the page was made."
    ),
    (405, ""): N_("This address does not take that kind of request: go back to the page before."),
    (413, ""): N_(
        "What you sent is larger than this server takes (%(size)s): send a smaller file."
    ),
    (413, "rows"): N_(
        "The sheet has more than %(rows)d rows, the most this server takes at once: split it "
        "into smaller sheets."
    ),
    (400, ""): N_("This request could not be read: go back and send it again."),
    (500, ""): N_(
        "Something went wrong on the server and the page could not be made: try again, or do "
        "the same with the command line, which says more."
    ),
}


def from_accept_language(header: str) -> str:
    """The first language we speak in an Accept-Language header, by its weights; English."""
    ranked = []
    for order, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        ranked.append((-weight, order, tag.strip().lower().split("-")[0]))
    return next((lang for _w, _o, lang in sorted(ranked) if lang in LOCALES), "en")


def language(request: Request) -> str:
    """The member's language: the one they chose with the switch, else their browser's."""
    chosen = request.session.get("lang") if "session" in request.scope else None
    if chosen in LOCALES:
        return str(chosen)
    return from_accept_language(request.headers.get("accept-language", ""))


def translate(request: Request) -> Any:
    """``_(message, **values)`` in the member's language."""
    return gettext(language(request))


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """``templates/web/<template>`` as the page, in the member's language."""
    lang = language(request)
    authed = "session" in request.scope and bool(request.session.get("auth"))
    page = environment("html", lang).get_template(f"web/{template}")
    values = {
        "lang": lang,
        "languages": [(code, language_name(code, code)) for code in LOCALES],
        "csrf": csrf_token(request) if "session" in request.scope else "",
        "here": request.url.path if request.method == "GET" else "/",
        "section": "",
        "flash": request.session.pop("flash", None) if authed else None,
        "authed": authed,
        "version": __version__,
        **context,
    }
    return HTMLResponse(page.render(**values), status_code=status)


def error_page(request: Request, status: int, reason: str = "", **values: Any) -> HTMLResponse:
    """The page of an error: what happened, in one sentence."""
    message = ERRORS.get((status, reason)) or ERRORS.get((status, "")) or ERRORS[(500, "")]
    return error_sentence(request, status, translate(request)(message, **values))


def error_sentence(request: Request, status: int, sentence: str) -> HTMLResponse:
    return render(request, "error.html.j2", status=status, code=status, sentence=sentence)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 413:
        limit = request.app.state.objection.settings.max_upload_bytes
        return error_page(request, 413, size=f"{limit // (1024 * 1024) or 1} MB")
    reason = exc.detail if (exc.status_code, exc.detail) in ERRORS else ""
    return error_page(request, exc.status_code, reason)


async def library_error(request: Request, exc: Exception) -> Response:
    """A library error the page did not catch: its sentence, in the member's language."""
    assert isinstance(exc, ObjectionError)
    return error_sentence(request, 400, exc.message(language(request)))


async def server_error(request: Request, exc: Exception) -> Response:
    return error_page(request, 500)


def choose_language(request: Request) -> Response:
    """The language switch: remember the choice, go back to the page (only one of ours)."""
    code = request.path_params["code"]
    if code in LOCALES:
        request.session["lang"] = code
    back = request.query_params.get("back", "/")
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    return RedirectResponse(back, 303)


def home(request: Request) -> Response:
    from generator import available_controllers, load_controller

    controllers = [(key, load_controller(key).name) for key in available_controllers()]
    return render(request, "home.html.j2", controllers=controllers)
