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


# --- 3, 4, 5. a register from elsewhere: newer, altered, with an impossible value -------------


def _register_with_letters(tmp_path: Path, *locales: str) -> Path:
    """A register holding the sample letter in each of ``locales``."""
    register = tmp_path / "reg" / "register.sqlite"
    for locale in locales:
        made = run(
            "--register",
            str(register),
            "letter",
            "--sample",
            "--locale",
            locale,
            "--format",
            "txt",
            "--out",
            str(tmp_path / "made"),
        )
        assert made.exit_code == 0, made.output
    return register


def _sql(register: Path, *statements: str) -> None:
    import sqlite3

    with sqlite3.connect(register) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def _letter_into(out: Path, register: Path) -> Any:
    return run(
        "--register", str(register), "letter", "--sample", "--format", "txt", "--out", str(out)
    )


def test_a_register_from_a_newer_version_is_left_untouched(tmp_path: Path) -> None:
    register = _register_with_letters(tmp_path, "en")
    _sql(register, "UPDATE alembic_version SET version_num = '0099_from_the_future'")
    before = (register.read_bytes(), register.stat().st_mtime_ns)
    out = tmp_path / "out"
    for result in (run("--register", str(register), "status"), _letter_into(out, register)):
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "newer version of objection" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert (register.read_bytes(), register.stat().st_mtime_ns) == before
    assert not out.exists()  # nothing was made


@pytest.mark.parametrize(
    "damage",
    [
        "ALTER TABLE letters DROP COLUMN sent_via",
        "DROP TABLE letters",
        "DROP TABLE alembic_version",
    ],
)
def test_an_altered_register_is_refused_before_anything_is_made(
    tmp_path: Path, damage: str
) -> None:
    register = _register_with_letters(tmp_path, "en")
    _sql(register, damage)
    out = tmp_path / "out"
    for result in (run("--register", str(register), "status"), _letter_into(out, register)):
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "SELECT" not in result.output and "letters." not in result.output
        assert f"{register} is damaged or is not objection's register" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [("letter_date", "'not-a-date'"), ("outcome", "'maybe'"), ("answers", "'[[[['"),
     ("made_at", "'yesterday'"), ("sent_via", "'pigeon'")],
)  # fmt: skip
def test_a_row_with_an_impossible_value_is_named_and_skipped(
    tmp_path: Path, column: str, value: str
) -> None:
    register = _register_with_letters(tmp_path, "en", "it")
    _sql(register, f"UPDATE letters SET {column} = {value} WHERE locale = 'it'")
    import sqlite3

    with sqlite3.connect(register) as conn:
        bad, good = (
            conn.execute(f"SELECT reference FROM letters WHERE locale = '{locale}'").fetchone()[0]
            for locale in ("it", "en")
        )
    conn.close()
    for args in ([], ["--csv"]):
        result = run("--register", str(register), "status", *args)
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
        assert good in result.stdout and bad not in result.stdout
        assert f"{register}" in result.stderr and bad in result.stderr, result.stderr
        assert column in result.stderr
    follow = run("--register", str(register), "follow-up", bad, "--out", str(tmp_path / "o"))
    assert follow.exit_code == 1 and "Traceback" not in follow.output
    assert bad in follow.stderr and column in follow.stderr, follow.stderr


# --- 14. a register that cannot be written can still be read ---------------------------------


def _read_only(folder: Path, *args: str) -> Any:
    """``objection args`` in another process, with ``folder`` read-only: a read-only bind
    mount as root (permissions do not stop root), the folder's modes otherwise."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "generator", *args]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            return subprocess.run(command, env=env, capture_output=True, text=True)
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
    mount = f'mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && exec "$@"'
    wrapped = ["unshare", "-m", "--", "sh", "-c", mount, "sh", *command]
    if subprocess.run(["unshare", "-m", "--", "true"], capture_output=True).returncode:
        pytest.skip("no mount namespace here, and root ignores file modes")
    return subprocess.run(wrapped, env=env, capture_output=True, text=True)


def test_status_reads_a_register_it_cannot_write(tmp_path: Path) -> None:
    register = _register_with_letters(tmp_path, "en", "it")
    before = sorted(p.name for p in register.parent.iterdir())
    result = _read_only(register.parent, "--register", str(register), "status", "--csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("OBJ-") == 2 and "Traceback" not in result.stderr
    steps = _read_only(register.parent, "--register", str(register), "next-steps", "--sample")
    assert steps.returncode == 0 and "OBJ-" in steps.stdout, steps.stderr
    assert sorted(p.name for p in register.parent.iterdir()) == before


def test_a_letter_that_cannot_be_recorded_says_so(tmp_path: Path) -> None:
    """The letter is made (it is the member's), but not recorded: said, and exit 1."""
    register = _register_with_letters(tmp_path, "en")
    out = tmp_path / "out"
    args = ["--register", str(register), "letter", "--sample"]
    result = _read_only(register.parent, *args, "--format", "txt", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "not recorded" in result.stderr, result.stderr
    assert list(out.glob("*.txt"))


def test_status_says_when_a_read_only_register_needs_updating(tmp_path: Path) -> None:
    register = _register_with_letters(tmp_path, "en")
    _sql(
        register,
        "UPDATE alembic_version SET version_num = '0001_letters'",
    )
    result = _read_only(register.parent, "--register", str(register), "status")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "earlier version" in result.stderr, result.stderr


def test_status_of_a_register_not_made_yet_makes_none(tmp_path: Path) -> None:
    register = tmp_path / "nowhere" / "register.sqlite"
    result = run("--register", str(register), "status")
    assert result.exit_code == 0 and "no letter yet" in result.stdout
    assert not register.parent.exists()


def test_a_register_that_refuses_to_record_is_one_sentence(alice: str, tmp_path: Path) -> None:
    """alice may read the shared register, not write it: status works; a letter is written,
    and said not recorded, without a traceback or her password."""
    import sqlalchemy as sa

    owner = "postgresql://objection@" + alice
    engine = sa.create_engine(owner.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS letters, alembic_version"))
    engine.dispose()
    made = run("--register", owner, "letter", "--sample", "--format", "txt", "--out", str(tmp_path))
    assert made.exit_code == 0, made.output
    with engine.begin() as conn:
        conn.execute(sa.text("GRANT SELECT ON letters, alembic_version TO alice"))
    engine.dispose()
    url = f"postgresql://alice:{PASSWORD}@{alice}"
    status = run("--register", url, "status", "--csv")
    assert status.exit_code == 0 and "OBJ-" in status.stdout, status.output
    again = run(
        "--register",
        url,
        "-vv",
        "letter",
        "--sample",
        "--format",
        "txt",
        "--out",
        str(tmp_path / "again"),
    )
    assert again.exit_code == 1 and "Traceback" not in again.output
    assert "was written, but the register did not record it" in again.stderr, again.stderr
    assert "permission denied" in again.stderr and "INSERT" not in again.stderr
    assert list((tmp_path / "again").glob("*.txt"))
    assert_no_secret(PASSWORD, status.output, again.output, folder=tmp_path)


# --- 13. a campaign that does not exist --------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["sent", "--campaign", "no-such", "--via", "post"],
        ["follow-up", "--due", "--campaign", "no-such"],
        ["complaint", "--due", "--campaign", "no-such"],
        ["status", "--campaign", "no-such", "--csv"],
    ],
)
def test_a_campaign_that_does_not_exist_is_not_done(tmp_path: Path, command: list[str]) -> None:
    from test_after import _staff

    register = str(tmp_path / "r.sqlite")
    out = tmp_path / "out"
    made = run("--register", register, "batch", str(_staff(tmp_path, 1)), "--out", str(out))
    assert made.exit_code == 0, made.output
    extra = ["--out", str(tmp_path / "due")] if "--due" in command else []
    result = run("--register", register, *command, *extra)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "No campaign no-such in the register (campaigns: staff)" in result.stderr
    assert not (tmp_path / "due").exists()


# --- 6, 7. answers and proofs: regular files, of a size an authority takes -------------------


def _recorded_letter(tmp_path: Path, *, sent: bool = True) -> tuple[str, str]:
    """A register with one Italian letter of 2026-09-01 (sent by PEC that day, so received that
    day, unless not ``sent``); the register and the reference."""
    from test_after import made

    register = str(tmp_path / "r.sqlite")
    reference = made(tmp_path, member(), register)
    if sent:
        done = run("--register", register, "sent", reference, "--on", "2026-09-01", "--via", "pec")
        assert done.exit_code == 0, done.output
    return register, reference


def _in_a_process(*args: str) -> Any:
    """``objection args`` in another process: a command that hangs cannot hang the tests."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,  # a guard against hanging, not a measure
    )


def _device(tmp_path: Path) -> Path:
    """An endless device: a /dev/zero of the test's own as root, else the system's."""
    import os
    import stat

    if os.geteuid() != 0:
        return Path("/dev/zero")
    zero = tmp_path / "zero"
    os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    return zero


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize(
    "command",
    [["answered", "--outcome", "refused", "--file"], ["sent", "--via", "post", "--proof"]],
)
def test_a_fifo_or_device_is_refused_as_answer_or_proof(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    import os

    register, reference = _recorded_letter(tmp_path)
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    else:
        path = _device(tmp_path)
    result = _in_a_process("--register", register, command[0], reference, *command[1:], str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "is not a regular file" in result.stderr, result.stderr


def test_an_answer_too_large_for_an_authority_is_refused(tmp_path: Path) -> None:
    from generator.base.files import MAX_ATTACHMENT_BYTES

    register, reference = _recorded_letter(tmp_path)
    huge = tmp_path / "answer.pdf"
    with huge.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    result = run("--register", register, "answered", reference, "--outcome", "refused",
                 "--file", str(huge))  # fmt: skip
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{MAX_ATTACHMENT_BYTES // 2**20} MB" in result.stderr, result.stderr


def test_a_complaint_never_reads_an_oversized_attachment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer recorded, then replaced by a file beyond the limit: left out with a note,
    and never read whole."""
    from generator.base.files import MAX_ATTACHMENT_BYTES

    register, reference = _recorded_letter(tmp_path)
    answer = tmp_path / "answer.pdf"
    answer.write_bytes(b"%PDF-1.7 the controller's answer")
    recorded = run("--register", register, "answered", reference, "--on", "2026-09-20",
                   "--outcome", "refused", "--file", str(answer))  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    with answer.open("r+b") as handle:
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", _never)
    out = tmp_path / "complaint"
    result = run("--register", register, "complaint", reference, "--date", "2026-10-30",
                 "--out", str(out))  # fmt: skip
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert "answer.pdf supera 25 MB" in result.stderr, result.stderr  # an Italian member


def _never(self: Path) -> bytes:
    raise AssertionError(f"{self} read whole")


# --- 8. header injection through --to and the SMTP settings -----------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ["--eml", "--to", "dpo@example.org\r\nBcc: everyone@example.net"],
        ["--eml", "--to", "dpo@example.org\nSubject: forged"],
        ["--eml", "--to", "dpo@example.org, other@example.net"],
        ["--send", "--to", "dpo@example.org", "--smtp-host", "mail.example.org\r\nRCPT TO:<x@y>"],
        ["--send", "--to", "dpo@example.org", "--smtp-host", "h", "--smtp-user", "me\r\nRSET"],
    ],
)
def test_a_header_or_command_injected_is_refused_before_anything_is_made(
    tmp_path: Path, option: list[str]
) -> None:
    register = tmp_path / "r.sqlite"
    out = tmp_path / "out"
    result = run(
        "--register", str(register), "letter", "--sample", "--out", str(out), *option,
        env={"OBJECTION_SMTP_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "\\r" in result.stderr or "\\n" in result.stderr or "," in result.stderr
    assert not out.exists()
    listed = run("--register", str(register), "status", "--csv")
    assert "OBJ-" not in listed.stdout


# --- 9. an answers file nested beyond reason ----------------------------------------------------


@pytest.mark.parametrize("opening", ["[", "{a="])
def test_a_deeply_nested_answers_file_is_one_sentence(tmp_path: Path, opening: str) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text("x = " + opening * (100_000 // len(opening)), encoding="utf-8")
    for command in (["letter", "--answers", str(answers)], ["batch", "s.csv", "--defaults",
                                                            str(answers)]):  # fmt: skip
        (tmp_path / "s.csv").write_text("name\nA\n", encoding="utf-8")
        result = run(*command)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert "nested" in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr


# --- 10. batch workers: never more than the rows, the processors, the memory ----------------


def test_batch_never_starts_more_workers_than_rows_or_processors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures as cf
    import os

    from test_batch import person, write_csv

    asked: list[int] = []
    real = cf.ProcessPoolExecutor

    def spy(max_workers: int, **kwargs: Any) -> Any:
        asked.append(max_workers)
        return real(min(max_workers, 2), **kwargs)  # never 1000 processes, even unfixed

    monkeypatch.setattr(cf, "ProcessPoolExecutor", spy)
    sheet = write_csv(tmp_path / "staff.csv", [person(n) for n in range(6)])
    result = run("batch", str(sheet), "--out", str(tmp_path / "out"), "--jobs", "1000")
    assert result.exit_code == 0, result.output
    assert asked and max(asked) <= min(6, len(os.sched_getaffinity(0))), asked
    assert "1000" in result.stderr and "Traceback" not in result.output, result.stderr
    few = write_csv(tmp_path / "two.csv", [person(n) for n in range(2)])
    result = run("batch", str(few), "--out", str(tmp_path / "two"), "--jobs", "2")
    assert result.exit_code == 0 and asked[-1] <= 2, (asked, result.output)


# --- 11. bytes after the signed range --------------------------------------------------------


def _empty_update(data: bytes) -> bytes:
    """``data`` with an incremental update that writes nothing but its cross-reference."""
    import re

    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    offset = len(data) + 1
    return data + (
        b"\nxref\n0 0\ntrailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (size, root, start, offset)
    )


@pytest.mark.parametrize("added", ["junk", "update"])
def test_verify_says_when_the_signature_does_not_cover_the_whole_file(
    tmp_path: Path, certs: dict[str, Path], added: str
) -> None:
    import subprocess

    from test_signing import _letter

    _result, out = _letter(tmp_path, "--locale", "en", pkcs12=certs["self-signed"])
    data = out.read_bytes()
    extended = tmp_path / f"{added}.pdf"
    if added == "junk":
        extended.write_bytes(data + b"\n% added after signing\nHELLO WORLD\n")
    else:
        extended.write_bytes(_empty_update(data))
    pdfsig = subprocess.run(["pdfsig", str(extended)], capture_output=True, text=True).stdout
    result = run("--locale", "en", "verify", str(extended))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "does not cover the whole file" in result.output, result.output
    said = "bytes after the end" if added == "junk" else "an incremental update"
    assert said in result.output, result.output
    assert "intact: unchanged" not in result.output
    if added == "junk":
        assert "Not total document signed" in pdfsig, pdfsig
    assert run("--locale", "en", "verify", str(out)).exit_code == 0


# --- 12. bidi overrides and invisible characters ----------------------------------------------

_SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        (("person", "name"), "Mario \u202eissoR fdp.exe", "U+202E"),
        (("person", "name"), "Mario\u200dRossi", "U+200D"),
        (("person", "name"), "Mario \U000e0041\U000e0042 Rossi", "U+E0041"),
        (("person", "email"), "\u200emario@example.org", "U+200E"),
        (("signature", "place"), "Ro\u200bma", "U+200B"),
        (("objection", "grounds"), "Sono un medico\u2060 di base.", "U+2060"),
        (("objection", "grounds"), "Sono un medico \u2067di base\u2069.", "U+2067"),
        (("person", "profile_url"), "https://www.linkedin.com/in/x\u202e", "U+202E"),
    ],
)
def test_invisible_characters_that_change_the_reading_are_refused(
    field: tuple[str, str], value: str, code: str
) -> None:
    import copy

    from conftest import VALID
    from generator.answers.reading import answers_from_mapping
    from generator.base.errors import InvalidAnswers

    data = copy.deepcopy(VALID)
    data[field[0]][field[1]] = value
    with pytest.raises(InvalidAnswers) as info:
        answers_from_mapping(data, source="t")
    problems = {p.field: p.message for p in info.value.problems}
    assert code in problems[".".join(field)], problems


@pytest.mark.parametrize(
    "name",
    [
        "Maria \U0001f469\u200d\U0001f4bb Rossi",  # woman technologist: a ZWJ emoji
        "Maria \U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag
        f"Maria Rossi {_SCOTLAND}",  # a subdivision flag: tag characters
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 Rossi",  # Persian: a ZWNJ between letters
        "\u0915\u094d\u200d\u0937 Rossi",  # Devanagari: a ZWJ that shapes
    ],
)
def test_joiners_a_script_or_an_emoji_needs_are_kept(name: str) -> None:
    import copy

    from conftest import VALID
    from generator.answers.reading import answers_from_mapping

    data = copy.deepcopy(VALID)
    data["person"]["name"] = name
    assert answers_from_mapping(data, source="t").person.name == name


def test_a_reversed_name_is_one_sentence_naming_the_field(tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(to_toml(member()), encoding="utf-8")
    result = run(
        "letter", "--answers", str(answers), "--format", "txt", "--out", str(tmp_path / "out"),
        "--name", "Mario \u202eissoR fdp.exe",
    )  # fmt: skip
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "\u202e" not in result.output and "U+202E" in result.stderr, result.stderr
    assert "--name" in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / "out").exists()


# --- 16. messages that said something else -----------------------------------------------------


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_certificate_that_is_not_a_file_is_not_said_missing(tmp_path: Path, kind: str) -> None:
    import os

    certificate = tmp_path / "me.p12"
    if kind == "folder":
        certificate.mkdir()
    else:
        os.mkfifo(certificate)
    data = member()
    data["signature"]["pkcs12"] = str(certificate)
    answers = tmp_path / "answers.toml"
    answers.write_text(to_toml(data), encoding="utf-8")
    result = _in_a_process("letter", "--answers", str(answers), "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "does not exist" not in result.stderr and "not a regular file" in result.stderr


def test_a_huge_cell_is_said_over_the_limit_with_its_true_length(tmp_path: Path) -> None:
    from test_sheets import ods

    from test_batch import HEADER_IT, person

    rows = [HEADER_IT, person(1, name="M" * 1_000_000), person(2)]
    result = run("batch", str(ods(tmp_path / "staff.ods", rows)), "--check")
    assert "Traceback" not in result.output
    assert "20001" not in result.output and "1000000 characters" in result.output, result.output


# --- 15. one XMP packet, kept through signing --------------------------------------------------

_XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def _xmp(path: Path) -> dict[str, Any]:
    """What the XMP of ``path`` says: its rdf:RDF count and the properties that matter."""
    import xml.etree.ElementTree as ET

    from pypdf import PdfReader

    reader = PdfReader(path)
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    root = ET.fromstring(packet.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    rdfs = root.findall("rdf:RDF", _XMP_NS)
    said: dict[str, Any] = {"rdf:RDF": len(rdfs), "/Producer": reader.metadata.get("/Producer")}
    for description in root.iter(f"{{{_XMP_NS['rdf']}}}Description"):
        for prefix in ("pdfaid", "pdfuaid", "pdf"):
            for key, value in description.attrib.items():
                if key.startswith(f"{{{_XMP_NS[prefix]}}}"):
                    said[f"{prefix}:{key.split('}')[1]}"] = value
        for name in ("title", "language"):
            found = description.find(f"dc:{name}", _XMP_NS)
            if found is not None:
                said[f"dc:{name}"] = [li.text for li in found.iter(f"{{{_XMP_NS['rdf']}}}li")]
    return said


@pytest.mark.parametrize("signed", [False, True])
def test_a_letter_says_once_what_it_is_signed_or_not(
    tmp_path: Path, certs: dict[str, Path], signed: bool
) -> None:
    import subprocess

    from test_signing import _letter

    extra = {"pkcs12": certs["self-signed"]} if signed else {}
    result, out = _letter(tmp_path, "--locale", "en", **extra)
    assert result.exit_code == 0, result.output
    said = _xmp(out)
    assert said["rdf:RDF"] == 1, said
    assert (said["pdfaid:part"], said["pdfaid:conformance"], said["pdfuaid:part"]) == (
        "3",
        "A",
        "1",
    ), said
    assert said["dc:title"] == ["Objection to AI training – Maria Grazia Esposito"], said
    assert said["dc:language"] == ["en"], said
    assert said["pdf:Producer"] == said["/Producer"], said  # PDF/A: the same in both
    if signed:
        pdfsig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
        assert "Signature is Valid" in pdfsig and "Total document signed" in pdfsig, pdfsig
        assert run("verify", str(out)).exit_code == 0


def test_a_signed_complaint_keeps_its_identification_too(
    tmp_path: Path, certs: dict[str, Path]
) -> None:
    from test_signing import PASSWORD as P12

    register, reference = _recorded_letter(tmp_path)
    data = member()
    data["signature"]["pkcs12"] = str(certs["self-signed"])
    answers = tmp_path / "signed.toml"
    answers.write_text(to_toml(data), encoding="utf-8")
    out = tmp_path / "c.pdf"
    args = ["--register", register, "follow-up", reference, "--answers", str(answers)]
    result = run(
        *args, "--date", "2026-10-10", "-o", str(out), env={"OBJECTION_PKCS12_PASSWORD": P12}
    )
    assert result.exit_code == 0, result.output
    said = _xmp(out)
    assert said["rdf:RDF"] == 1 and said.get("pdfuaid:part") == "1", said
    assert said["pdf:Producer"] == said["/Producer"], said


def test_a_file_name_that_would_forge_a_header_is_refused(tmp_path: Path) -> None:
    named = tmp_path / "letter\r\nBcc: everyone@example.net.pdf"
    result = run("--register", str(tmp_path / "r.sqlite"), "letter", "--sample", "-o", str(named),
                 "--eml")  # fmt: skip
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "\\r\\n" in result.stderr and "-o FILE" in result.stderr, result.stderr
    assert not any("Bcc" in p.name for p in tmp_path.iterdir())  # nothing was written
