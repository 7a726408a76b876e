"""Attacks that once worked, each reproduced: paths that are not plain files, modes, formulas.

CI runs as root, so these tests never aim at the system's own files: each makes its FIFO,
device node or symlink in its own tmp_path.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_batch import manifest, person, run, write_csv

from generator.cli import cli

SAMPLE_TXT = ["letter", "--sample", "--format", "txt"]


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    """`-o /dev/null` once replaced the system's /dev/null with a letter (as root)."""
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of the test's own
    result = invoke(*SAMPLE_TXT, "-o", str(null))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert stat.S_ISCHR(null.stat().st_mode)
    assert not list(tmp_path.glob(".*.part"))


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke(*SAMPLE_TXT, "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"Siobh" in received[0]


@pytest.mark.parametrize("command", [[*SAMPLE_TXT, "-o"], ["init", "--force"]])
def test_a_symlink_is_followed_and_kept(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = invoke(*command, str(link))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text("utf-8") != "old"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    result = invoke(*SAMPLE_TXT, "-o", str(tmp_path))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Could not write" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_letters_and_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """Letters hold health and family details: 0600 files, 0700 folders."""
    old = os.umask(0o022)
    try:
        sheet = write_csv(tmp_path / "staff.csv", [person(1)])
        out = tmp_path / "new" / "out"
        assert run(str(sheet), "--out", str(out), "--jobs", "1").exit_code == 0
        letter = tmp_path / "one.txt"
        assert invoke(*SAMPLE_TXT, "-o", str(letter)).exit_code == 0  # type: ignore[attr-defined]
    finally:
        os.umask(old)
    for path in [letter, *out.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (out, out.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formulas_never_reach_the_manifest(tmp_path: Path, cell: str) -> None:
    """The manifest is the file HR opens in Excel: a formula there runs."""
    sheet = write_csv(tmp_path / "staff.csv", [person(1, name=cell + " Rossi")])
    out = tmp_path / "out"
    run(str(sheet), "--out", str(out), "--jobs", "1")
    entry = manifest(out)[0]
    for value in entry.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), entry
    assert entry["name"].startswith("'")
