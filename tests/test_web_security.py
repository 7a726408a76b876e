"""The web front as a local server must be: the token, the CSRF token, the Host, the headers,
bounded uploads, the password beyond 127.0.0.1 — and ``objection serve`` itself."""

from __future__ import annotations

import os
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from generator.cli import cli
from generator.web import Settings, create_app, hash_password
from web_support import member_form, served

BASE = "http://127.0.0.1:8765"
#: Pages a browser may ask for (GET), with the token's cookie.
PAGES = [
    "/",
    "/letter",
    "/letter?controller=meta",
    "/register",
    "/campaign",
    "/campaigns",
    "/login",
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(out_dir=tmp_path / "out", port=8765, max_upload_bytes=64 * 1024)


@pytest.fixture
def anonymous(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=BASE) as client:
        yield client


@pytest.fixture
def client(anonymous: TestClient, settings: Settings) -> TestClient:
    anonymous.get(f"/?token={settings.token}")
    return anonymous


def csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/letter").text)
    assert found
    return found.group(1)


def post_routes(app: object) -> list[str]:
    paths = []
    for route in app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Route) and route.methods and "POST" in route.methods:
            paths.append(re.sub(r"\{(\w+)\}", r"x\1", route.path))
    return paths


def test_without_the_token_every_page_is_refused(anonymous: TestClient) -> None:
    for page in ["/", "/letter", "/register", "/campaign", "/download/x", "/preview/x"]:
        refused = anonymous.get(page)
        assert refused.status_code == 403, page
        assert "token" in refused.text
    assert anonymous.get("/?token=wrong").status_code == 403


def test_the_token_becomes_a_cookie_and_leaves_the_address(
    anonymous: TestClient, settings: Settings
) -> None:
    first = anonymous.get(f"/register?token={settings.token}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/register"
    cookie = first.headers["set-cookie"]
    assert cookie.startswith("objection-8765=")
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert anonymous.get("/register").status_code == 200


def test_every_form_needs_its_csrf_token(client: TestClient) -> None:
    routes = post_routes(client.app)
    assert len(routes) >= 8
    for path in routes:
        refused = client.post(path, data=member_form())
        assert refused.status_code == 403, path
        wrong = client.post(path, data={**member_form(), "csrf_token": "forged"})
        assert wrong.status_code == 403, path
    assert (
        client.post(
            "/letter/preview", data={**member_form(), "csrf_token": csrf(client)}
        ).status_code
        == 200
    )


def test_a_form_from_another_site_is_refused(client: TestClient) -> None:
    data = {**member_form(), "csrf_token": csrf(client)}
    refused = client.post("/letter/preview", data=data, headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
    same = client.post("/letter/preview", data=data, headers={"Origin": BASE})
    assert same.status_code == 200


def test_a_foreign_host_is_refused(client: TestClient) -> None:
    """DNS rebinding: a page of another site that resolves to 127.0.0.1 names its own host."""
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_every_page_has_the_headers(client: TestClient) -> None:
    responses = [client.get(page) for page in PAGES]
    responses += [client.get("/nothing"), client.get("/", headers={"Host": "evil.example"})]
    responses += [client.post("/letter/preview", data={})]
    for response in responses:
        headers = response.headers
        assert headers["content-security-policy"].startswith("default-src 'self'"), response.url
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-store"
        assert headers["referrer-policy"] == "same-origin"
    assert "<script>" not in "".join(r.text for r in responses)  # nothing inline for CSP


def test_an_oversized_upload_is_refused_and_nothing_is_kept(
    client: TestClient, settings: Settings
) -> None:
    state = client.app.state.objection  # type: ignore[attr-defined]
    big = b"Nome;E-mail\n" + b"x" * (settings.max_upload_bytes + 1)
    refused = client.post(
        "/campaign/check",
        data={"csrf_token": csrf(client)},
        files={"sheet": ("staff.csv", big, "text/csv")},
    )
    assert refused.status_code == 413
    assert "larger than this server takes" in refused.text
    assert not [p for p in state.private.rglob("*") if p.is_file()]
    assert not settings.out_dir.exists()

    token = csrf(client)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        yield b"csrf_token=" + token.encode()
        for _ in range(100):
            yield b"&x=" + b"y" * 1024

    streamed = client.post(
        "/letter/preview",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert streamed.status_code == 413


def test_the_private_folder_is_the_owners_and_goes_with_the_server(settings: Settings) -> None:
    app = create_app(settings)
    private = app.state.objection.private
    assert private.stat().st_mode & 0o777 == 0o700
    with TestClient(app, base_url=BASE):
        pass
    assert not private.exists()


def test_with_a_password_a_browser_logs_in(tmp_path: Path) -> None:
    settings = Settings(out_dir=tmp_path / "out", port=8765, password_hash=hash_password("s3cret"))
    with TestClient(create_app(settings), base_url=BASE) as client:
        first = client.get("/register", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"].startswith("/login")
        form = client.get("/login?next=/register").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token
        wrong = client.post(
            "/login", data={"csrf_token": token.group(1), "password": "guess", "next": "/"}
        )
        assert wrong.status_code == 403
        right = client.post(
            "/login",
            data={"csrf_token": token.group(1), "password": "s3cret", "next": "/register"},
            follow_redirects=False,
        )
        assert right.headers["location"] == "/register"
        assert client.get("/register").status_code == 200


def test_the_password_is_kept_hashed() -> None:
    stored = hash_password("s3cret")
    assert "s3cret" not in stored and stored.startswith("scrypt$")
    assert hash_password("s3cret") != stored  # a salt of its own


def test_listening_beyond_loopback_needs_a_password(
    runner: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    monkeypatch.delenv("OBJECTION_SERVE_PASSWORD", raising=False)
    for args in (["--host", "0.0.0.0"], ["--allowed-host", "objection.example.org"]):
        result = CliRunner().invoke(cli, ["serve", "--no-browser", *args])
        assert result.exit_code == 2
        assert "OBJECTION_SERVE_PASSWORD" in result.output


def test_objection_serve_prints_its_address_and_serves(tmp_path: Path) -> None:
    pids: list[int] = []
    with served(tmp_path, pids=pids, env={"OBJECTION_PRERENDER": "1"}) as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{40,}", url)
        # The PDF renderer started with the server, not with a request.
        children = Path(f"/proc/{pids[0]}/task/{pids[0]}/children")
        if children.exists() and (os.cpu_count() or 1) > 1:
            assert children.read_text().split(), "no renderer process beside the server"
        base = url.split("/?")[0]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/letter", timeout=10)
        assert refused.value.code == 403
        refused.value.close()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(url, timeout=10) as page:
            assert page.status == 200 and page.url == base + "/"
            assert b"objection" in page.read()
