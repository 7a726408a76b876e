"""``objection serve``: the web front, a local ASGI app on 127.0.0.1 with a token.

Server-rendered pages in the same Jinja environment as the letters, one module a page family:
the member's journey (:mod:`~generator.web.member`), the register
(:mod:`~generator.web.ledger`), the organisation's campaign (:mod:`~generator.web.campaign`).
Like the command line it is an edge: it imports only the front door, ``generator``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Settings", "create_app", "hash_password"]

if TYPE_CHECKING:
    from generator.web.app import Settings, create_app
    from generator.web.security import hash_password


def __getattr__(name: str) -> Any:
    # Starlette is imported when the app is made, not when the package is named.
    if name in ("Settings", "create_app"):
        from generator.web import app

        return getattr(app, name)
    if name == "hash_password":
        from generator.web import security

        return security.hash_password
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
