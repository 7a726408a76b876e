"""The one operation (generator.make): any document, rendered, written, recorded, or only shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import KINDS, Register, Request, make, sample_answers
from generator.making import file_name


@pytest.fixture
def register(tmp_path: Path) -> Register:
    return Register(tmp_path / "register.sqlite")


def test_a_letter_is_written_and_recorded(tmp_path: Path, register: Register) -> None:
    answers = sample_answers("it")
    made = make(Request("objection", answers, "txt", out_dir=tmp_path, register=register))
    assert made.path == tmp_path / file_name(Request("objection", answers, "txt"))
    assert made.path.read_bytes() == made.data and b"art. 21" in made.data
    assert made.path.stat().st_mode & 0o777 == 0o600
    (kept,) = list(register.letters())
    assert kept.reference == made.letter.reference == made.entry.reference


def test_every_kind_is_made_the_same_way(tmp_path: Path, register: Register) -> None:
    """The letter, then its form text, next steps, access request; then, from the register,
    the follow-up and the complaint once the answer is overdue."""
    answers = sample_answers("en").model_copy(
        update={
            "signature": sample_answers("en").signature.model_copy(
                update={"date": dt.date(2026, 9, 1)}
            )
        }
    )
    letter = make(Request("objection", answers, "txt", out_dir=tmp_path, register=register))
    register.mark_sent(letter.letter.reference, dt.date(2026, 9, 2), "post")
    record = register.find(letter.letter.reference)
    later = dt.date(2026, 10, 20)
    made = {
        kind: make(
            Request(
                kind,
                answers,
                "txt",
                out_dir=tmp_path,
                today=later,
                record=record if kind in ("follow_up", "complaint") else None,
                following=register.following(record.reference),
                register=register,
                letter=letter.letter,
            )
        )
        for kind in KINDS
        if kind != "objection"
    }
    assert {path.name for path in tmp_path.iterdir() if path.suffix == ".txt"} == {
        m.path.name for m in (letter, *made.values()) if m.path
    }
    assert "Article 21" in made["form_text"].data.decode()
    assert "Reminder" in made["follow_up"].data.decode()
    assert made["complaint"].letter.reference == f"{record.reference}-C"
    kinds = sorted(r.kind for r in register.letters())
    assert kinds == ["access", "complaint", "follow_up", "objection"]


def test_without_writing_nothing_is_written_or_recorded(tmp_path: Path, register: Register) -> None:
    made = make(
        Request(
            "objection",
            sample_answers("en"),
            "html",
            out_dir=tmp_path,
            write=False,
            register=register,
        )
    )
    assert made.path is None and made.data.startswith(b"<!DOCTYPE html>")
    assert not any(tmp_path.glob("*.html")) and list(register.letters()) == []
