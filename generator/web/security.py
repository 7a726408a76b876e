"""A local server as Jupyter's is: the token (then a cookie), a password beyond 127.0.0.1, a
CSRF token on every form, the Origin of a form checked, headers that keep pages out of frames
and caches, and request bodies of a bounded size.

The Host header is checked by Starlette's TrustedHostMiddleware and the cookie is Starlette's
SessionMiddleware's (see :mod:`generator.web.app`); what Starlette has no middleware for is
here.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from urllib.parse import urlencode

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.web.pages import error_page, http_error
from generator.web.session import grant
from generator.web.state import Settings

#: Pages anyone may load: the style sheet and script of every page, and the login form.
OPEN_PATHS = ("/static/", "/login", "/language/")
#: What every page says about itself (a preview of the letter says a little more).
CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


# --- the password ------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """``password`` hashed with scrypt and a salt of its own: what the server keeps."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(stored: str, given: str) -> bool:
    _scheme, salt, digest = stored.split("$")
    tried = hashlib.scrypt(given.encode("utf-8"), salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
    return secrets.compare_digest(tried.hex(), digest)


class Guard:
    """Let in only a browser that showed the token (or, with a password, logged in); a form
    must come from a page of this server (its Origin)."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.method not in ("GET", "HEAD") and not _same_origin(request):
            await error_page(request, 403, "origin")(scope, receive, send)
            return
        token = request.query_params.get("token")
        if token is not None:
            if not secrets.compare_digest(token.encode(), self.settings.token.encode()):
                await error_page(request, 403, "token")(scope, receive, send)
                return
            grant(request.session)
            rest = urlencode(
                [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            )
            target = request.url.path + (f"?{rest}" if rest else "")
            await RedirectResponse(target, 303)(scope, receive, send)
            return
        if request.session.get("auth") or request.url.path.startswith(OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        if self.settings.password_hash and request.method == "GET":
            target = "/login?" + urlencode({"next": request.url.path})
            await RedirectResponse(target, 303)(scope, receive, send)
            return
        await error_page(request, 403, "token")(scope, receive, send)


def _same_origin(request: Request) -> bool:
    """A browser names the page a form came from (Origin); it must be this server."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser's cross-site form (those always say where they come from)
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


# --- every response ------------------------------------------------------------------------


class Headers:
    """On every response: the Content-Security-Policy, no framing, no sniffing, a referrer only
    to this server (the token's URL never travels; forms still name their Origin), no caching
    of pages that hold personal data, and the time the server took (``Server-Timing``, for
    bench/web_bench.py)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Frame-Options", "DENY")
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                headers["Cache-Control"] = "no-cache" if static else "no-store"
                elapsed = (time.perf_counter() - started) * 1000
                headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """A request body larger than ``limit`` bytes is refused (413) before or while it is read:
    nothing of it is kept."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            request = Request(scope)
            await (await http_error(request, HTTPException(413)))(scope, receive, send)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413)
            return message

        await self.app(scope, bounded, send)
