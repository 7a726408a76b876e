"""The ASGI app: its routes, one module a page family, and the middleware every request passes
through, outermost first: headers, the Host check, the body's size, the session cookie, the
token or password."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from generator import ObjectionError, asset_dir
from generator.web import campaign, downloads, ledger, login, member, pages
from generator.web.security import BodyLimit, Guard, Headers
from generator.web.state import Settings, State

__all__ = ["Settings", "create_app"]


def routes() -> list[BaseRoute]:
    return [
        Route("/", pages.home),
        Route("/language/{code}", pages.choose_language),
        Route("/login", login.login_form),
        Route("/login", login.log_in, methods=["POST"]),
        Route("/letter", member.letter_form),
        Route("/letter/preview", member.preview, methods=["POST"]),
        Route("/letter/edit", member.edit, methods=["POST"]),
        Route("/letter/make", member.make_letter, methods=["POST"]),
        Route("/letter/made/{key}", member.letter_made),
        Route("/preview/{key}", member.preview_document),
        Route("/download/{key}", downloads.download),
        Route("/register", ledger.register_page),
        Route("/register/{reference}/sent", ledger.record_sent, methods=["POST"]),
        Route("/register/{reference}/answered", ledger.record_answer, methods=["POST"]),
        Route("/register/{reference}/make/{kind}", ledger.make_sequel, methods=["POST"]),
        Route("/register/made/{key}", ledger.sequel_made),
        Route("/campaign", campaign.upload_form),
        Route("/campaign/check", campaign.check, methods=["POST"]),
        Route("/campaign/{job}", campaign.job_page),
        Route("/campaign/{job}/run", campaign.run, methods=["POST"]),
        Route("/campaign/{job}/progress", campaign.progress),
        Route("/campaigns", campaign.campaigns),
        Route("/campaigns/{name}", campaign.campaign_page),
        Mount("/static", StaticFiles(directory=asset_dir("templates") / "web" / "static")),
    ]


def create_app(settings: Settings | None = None) -> Starlette:
    """The web front for one server run (see :class:`Settings`)."""
    settings = settings or Settings()
    state = State(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.close()

    app = Starlette(
        routes=routes(),
        middleware=[
            Middleware(Headers),
            Middleware(TrustedHostMiddleware, allowed_hosts=settings.hosts),
            Middleware(BodyLimit, limit=settings.max_upload_bytes),
            Middleware(
                SessionMiddleware,
                secret_key=state.secret,
                # Cookies do not tell ports apart: each server its own.
                session_cookie=f"objection-{settings.port}",
                max_age=None,
                same_site="strict",
                https_only=settings.secure_cookies,
            ),
            Middleware(Guard, settings=settings),
        ],
        exception_handlers={
            HTTPException: pages.http_error,
            ObjectionError: pages.library_error,
            Exception: pages.server_error,
        },
        lifespan=lifespan,
    )
    app.state.objection = state
    return app
