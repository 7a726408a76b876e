"""A browser's session (Starlette's signed cookie): whether it is let in, its own id, its CSRF
token, its language; and the form of a POST, read once its CSRF token is checked."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

CSRF_FIELD = "csrf_token"


def grant(session: dict[str, Any]) -> None:
    """The browser is let in: a session id of its own (its downloads) and a CSRF token."""
    session["auth"] = True
    session["sid"] = secrets.token_urlsafe(16)
    session["csrf"] = secrets.token_urlsafe(32)


def csrf_token(request: Request) -> str:
    """The token every form of this session carries (one is made for the login form too)."""
    session = request.session
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def owner(request: Request) -> str:
    """The browser session's id: what it made is its own."""
    return str(request.session.get("sid", ""))


async def posted(request: Request, *, files: int = 0) -> FormData:
    """The form of a POST, once its CSRF token is checked (403 otherwise). ``files``: how many
    files it may carry."""
    form = await request.form(max_files=files, max_fields=200)
    given = form.get(CSRF_FIELD) or request.headers.get("x-csrf-token")
    expected = request.session.get("csrf")
    if not (isinstance(given, str) and expected and secrets.compare_digest(given, expected)):
        await form.close()
        raise HTTPException(403, detail="csrf")
    return form
