"""Hardening, second pass (issue #30): each fault reproduced, then refused in one sentence.

Secrets are looked for everywhere they could leak: standard output and error, the debug log
(-vv) and every file a command wrote, as themselves and as base64 (what AUTH PLAIN sends).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_after import member, postgres_url  # noqa: F401  (the server, a fixture)

from conftest import to_toml
from generator.cli import cli

PASSWORD = "S3cretPW"


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    """The CLI, in-process; stdout and stderr apart (``output`` has both)."""
    return CliRunner().invoke(cli, list(args), env=env)


def secret_forms(secret: str, user: str = "alice") -> list[str]:
    """``secret`` as itself and as every base64 an SMTP or HTTP exchange would carry."""
    encoded = [
        secret,
        f"\0{user}\0{secret}",
        f"{user}\0{secret}",
        f"{user}:{secret}",
    ]
    forms = [secret]
    for text in encoded:
        b64 = base64.b64encode(text.encode()).decode()
        forms += [b64, b64.rstrip("=")]
    return forms


def assert_no_secret(secret: str, *texts: str, folder: Path | None = None) -> None:
    """None of ``texts`` nor any file under ``folder`` holds ``secret`` in any form."""
    files = [p for p in folder.rglob("*") if p.is_file()] if folder else []
    haystacks = [*texts, *(p.read_bytes().decode("latin-1") for p in files)]
    for form in secret_forms(secret):
        for haystack in haystacks:
            assert form not in haystack, f"{form!r} leaked"


# --- 1. a PostgreSQL register's password ---------------------------------------------------


def _with_register(url: str, how: str, *args: str) -> Any:
    """``args`` run with the register named by --register or by OBJECTION_REGISTER, -vv."""
    if how == "option":
        return run("--register", url, "-vv", *args)
    return run("-vv", *args, env={"OBJECTION_REGISTER": url})


@pytest.mark.parametrize("how", ["option", "environment"])
@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://alice:{PASSWORD}@127.0.0.1:1/db",  # nothing listens: refused
        f"postgresql://alice:{PASSWORD}@no-such-host.invalid/db",  # an unknown host
    ],
)
def test_a_register_password_is_never_printed(url: str, how: str, tmp_path: Path) -> None:
    status = _with_register(url, how, "status")
    assert status.exit_code == 1 and "Traceback" not in status.output
    assert "postgresql://alice:***@" in status.stderr, status.stderr
    letter = _with_register(
        url, how, "letter", "--sample", "--format", "txt", "--out", str(tmp_path / "out")
    )
    assert "postgresql://alice:***@" in letter.stderr, letter.stderr
    assert_no_secret(PASSWORD, status.output, letter.output, folder=tmp_path)


@pytest.fixture
def alice(postgres_url: str) -> Iterator[str]:  # noqa: F811
    """The test server's URL with its host and port, and a role alice whose password is
    PASSWORD (the server asks alice for it: tests/test_after.py)."""
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP ROLE IF EXISTS alice"))
        conn.execute(sa.text(f"CREATE ROLE alice LOGIN PASSWORD '{PASSWORD}'"))
    engine.dispose()
    yield postgres_url.split("@", 1)[1]


@pytest.mark.parametrize("who", ["alice:Wr0ng-Passw0rd", "nobody_here:" + PASSWORD])
def test_a_refused_login_names_no_password(who: str, alice: str, tmp_path: Path) -> None:
    """A wrong password, an unknown role: the server's refusal, never the password."""
    user, secret = who.split(":")
    url = f"postgresql://{who}@{alice}"
    result = _with_register(url, "option", "status")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"postgresql://{user}:***@" in result.stderr, result.stderr
    assert "password authentication failed" in result.stderr or "nobody_here" in result.stderr
    assert_no_secret(secret, result.output, folder=tmp_path)


# --- 2. an SMTP server's refusal that repeats the credentials --------------------------------


@pytest.fixture
def echoing_smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """An SMTP server that offers AUTH PLAIN and refuses it by repeating what it was sent
    (some servers and proxies log and answer so)."""
    from aiosmtpd.controller import Controller
    from test_after import _free_port

    class Handler:
        async def handle_AUTH(self, server: Any, session: Any, envelope: Any, args: Any) -> str:
            return "535 5.7.8 Authentication failed for AUTH " + " ".join(args)

    # The server runs in this process: its own log (the replies it sends) is not ours.
    monkeypatch.setattr(logging.getLogger("mail.log"), "disabled", True)
    port = _free_port()
    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=port,
        auth_require_tls=False,
        auth_exclude_mechanism=["LOGIN"],
    )
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def test_an_smtp_refusal_never_repeats_the_credentials(echoing_smtp: int, tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(to_toml(member("IE", "en")), encoding="utf-8")
    result = run(
        "--register",
        str(tmp_path / "r.sqlite"),
        "-vv",
        "access",
        "--answers",
        str(answers),
        "--out",
        str(tmp_path / "out"),
        "--send",
        "--to",
        "dpo@example.org",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(echoing_smtp),
        "--smtp-security",
        "none",
        "--smtp-user",
        "alice",
        env={"OBJECTION_SMTP_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "535" in result.stderr and "alice" in result.stderr, result.stderr
    assert_no_secret(PASSWORD, result.output, folder=tmp_path / "out")
