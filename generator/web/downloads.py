"""Downloads: only files this run made for the browser session asking, by an id it was given;
and the answers file a member keeps for the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from generator.web.session import owner
from generator.web.state import State


def download(request: Request) -> Response:
    state: State = request.app.state.objection
    found = state.download(owner(request), request.path_params["key"])
    if found is None:
        raise HTTPException(404)
    return FileResponse(found.path, media_type=found.media_type, filename=found.filename)


def answers_toml(raw: dict[str, Any]) -> bytes:
    """The answers as an answers file (``objection letter --answers answers.toml``)."""
    import tomli_w

    def kept(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: kept(v) for k, v in value.items() if v not in (None, "", [], {})}
        return value

    data = kept(raw)
    signature = data.get("signature", {})
    if isinstance(signature.get("date"), str):  # validated already: a date TOML writes as one
        signature["date"] = dt.date.fromisoformat(signature["date"])
    return tomli_w.dumps(data, multiline_strings=True).encode("utf-8")
