"""``objection status`` in the terminal it is given: every letter whole, whatever the width."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.register.store import Register

NAMES = ("Maria Grazia Esposito", "Siobhán Ní Bhriain-Fitzgerald O'Connor", "陳大文", "Jo")


@pytest.fixture
def register(private_register: Path, tmp_path: Path) -> Register:
    """Four letters of different standing, made from the sample's answers."""
    made = CliRunner().invoke(
        cli, ["letter", "--sample", "--locale", "en", "--format", "txt", "-o", str(tmp_path / "x")]
    )
    assert made.exit_code == 0, made.output
    store = Register(str(private_register))
    seed = next(iter(store.letters()))
    sent = (None, dt.date(2026, 9, 1), dt.date(2026, 9, 2), None)
    for index, name in enumerate(NAMES):
        store.record(
            dataclasses.replace(
                seed,
                reference=f"OBJ-2026082{index}-ABCDE{index}",
                name=name,
                controller=("linkedin", "meta")[index % 2],
                letter_date=dt.date(2026, 8, 20 + index),
                sent_on=sent[index],
                sent_via="post" if sent[index] else None,
                answered_on=dt.date(2026, 9, 20) if index == 1 else None,
                outcome="partial" if index == 1 else None,
            )
        )
    return store


def _status(columns: int, *args: str) -> str:
    result = CliRunner().invoke(cli, ["status", *args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _rows(output: str) -> list[list[str]]:
    """A table's rows, each cell's wrapped lines joined."""
    rows: list[list[str]] = []
    current: list[list[str]] = []
    for line in output.splitlines():
        if line.startswith("├") or line.startswith("└"):
            if current:
                rows.append([" ".join(" ".join(c).split()) for c in zip(*current, strict=True)])
            current = []
        elif line.startswith("│"):
            current.append([cell.strip() for cell in line.strip("│").split("│")])
    return rows


@pytest.mark.usefixtures("register")
def test_status_in_80_columns_shows_each_letter_whole() -> None:
    output = _status(80, "--locale", "en")
    assert max(len(line) for line in output.splitlines()) <= 80
    rows = {row[0]: row for row in _rows(output) if row[0].startswith("OBJ-2026082")}
    assert len(rows) == len(NAMES)
    for index, name in enumerate(NAMES):
        _, member, due, standing = rows[f"OBJ-2026082{index}-ABCDE{index}"]
        assert member.replace(" ", "") == name.replace(" ", "")
        # The date whole, not "2026-1"; estimated (posted): marked; not sent: nothing due.
        expected = r"2026-\d\d-\d\d\*" if index in (1, 2) else "—"
        assert re.fullmatch(expected, due), due
        assert ("meta" if index % 2 else "linkedin") in standing
    # Posted on 1 September to Dublin: received on or about 11 September, due by 11 October.
    assert rows["OBJ-20260821-ABCDE1"][2] == "2026-10-12*"
    assert "Sent 2026-09-01 (registered post)" in rows["OBJ-20260821-ABCDE1"][3]
    assert "Received 2026-09-11*" in rows["OBJ-20260821-ABCDE1"][3]
    assert "Answered 2026-09-20 (upheld in part)" in rows["OBJ-20260821-ABCDE1"][3]
    assert "* Estimated: the letter went by post" in output


@pytest.mark.usefixtures("register")
def test_status_in_italian_at_80_columns() -> None:
    output = _status(80, "--locale", "it")
    assert "Situazione" in output and "Scadenza" in output
    said = " ".join(" ".join(r) for r in _rows(output))
    # Every word in Italian: the route and the outcome too, not their codes.
    assert "Inviata 2026-09-01 (raccomandata)" in said and "(accolta in parte)" in said
    assert "(post)" not in said and "(partial)" not in said
    assert "* Stima: la lettera è partita per posta" in " ".join(output.split())


@pytest.mark.usefixtures("register")
def test_a_wide_terminal_gets_a_column_a_fact() -> None:
    output = _status(250, "--locale", "en")
    header = next(line for line in output.splitlines() if "Reference" in line)
    assert [h.strip() for h in header.strip("┃").split("┃")][:4] == [
        "Reference",
        "Member",
        "Controller",
        "Made",
    ]
    assert "Siobhán Ní Bhriain-Fitzgerald O'Connor" in output


@pytest.mark.usefixtures("register")
def test_a_very_narrow_terminal_gets_a_block_a_letter() -> None:
    output = _status(50, "--locale", "en")
    assert "│" not in output
    assert max(len(line) for line in output.splitlines()) <= 50
    assert "OBJ-20260821-ABCDE1 · Due 2026-10-12*" in output
    assert "OBJ-20260820-ABCDE0 · Due —" in output
    assert "Siobhán Ní Bhriain-Fitzgerald O'Connor" in output.splitlines()
