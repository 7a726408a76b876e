"""No library's Python warning reaches a member: the real command, in a subprocess, as installed.

The suite turns every warning into an error (pyproject.toml), with narrow ignores for the
libraries' own; these tests check the other side: what a member's terminal shows. A library
warning (cryptography's "DSA is deprecated", raised while pyHanko imports) is logged, and
only ``-v`` shows it, as one line without a file path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import PASSWORD
from test_batch import person, write_csv
from test_signing import _answers_file


def _objection(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env["OBJECTION_PKCS12_PASSWORD"] = PASSWORD
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _no_python_warning(stderr: str) -> None:
    assert "Warning" not in stderr, stderr
    assert "site-packages" not in stderr, stderr
    assert ".py:" not in stderr, stderr


def test_a_signed_letter_and_verify_print_no_python_warning(
    tmp_path: Path, certs: dict[str, Path]
) -> None:
    answers = _answers_file(tmp_path, pkcs12=certs["ca-signed"])
    letter = tmp_path / "letter.pdf"
    made = _objection("letter", "--answers", str(answers), "-o", str(letter), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    _no_python_warning(made.stderr)

    checked = _objection("verify", str(letter), "--trust", str(certs["ca"]), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr + checked.stdout
    _no_python_warning(checked.stderr)


def test_verbose_shows_a_library_warning_as_one_log_line(tmp_path: Path) -> None:
    """With -v the warning is there for a maintainer, still without a path or source line."""
    code = (
        "import warnings, sys\n"
        "from generator.cli.launch import quiet_library_warnings\n"
        "from generator.cli.common import configure_logging\n"
        "quiet_library_warnings()\n"
        "warnings.warn('a library says something', UserWarning)\n"
        "configure_logging(1, False)\n"
        "warnings.warn('a library says more', UserWarning)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "says something" not in done.stderr  # before -v: nothing
    assert done.stderr.strip() == "WARNING py.warnings: UserWarning: a library says more"


def test_a_batch_prints_no_python_warning(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "staff.csv", [person(1), person(2)])
    done = _objection("batch", str(sheet), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    _no_python_warning(done.stderr)
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2
