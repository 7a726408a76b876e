"""The password form, for a server that listens beyond 127.0.0.1 (the operator set a
password); the token's address lets a browser in without it."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from generator.web.pages import render, translate
from generator.web.security import password_matches
from generator.web.session import grant, posted

#: A wrong password waits this long (seconds): guessing is slow.
DELAY = 1.0


def _next(value: object) -> str:
    """Where to go once in: one of this server's pages only."""
    text = str(value or "/")
    return text if text.startswith("/") and not text.startswith("//") else "/"


def login_form(request: Request) -> Response:
    return render(request, "login.html.j2", next=_next(request.query_params.get("next")), error="")


async def log_in(request: Request) -> Response:
    form = await posted(request)
    stored = request.app.state.objection.settings.password_hash
    given = form.get("password")
    if stored and isinstance(given, str) and password_matches(stored, given):
        grant(request.session)
        return RedirectResponse(_next(form.get("next")), 303)
    await asyncio.sleep(DELAY)
    _ = translate(request)
    error = _("That is not the password: try again.") if stored else ""
    status = 403 if stored else 404
    return render(
        request, "login.html.j2", status=status, next=_next(form.get("next")), error=error
    )
