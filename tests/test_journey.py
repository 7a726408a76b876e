"""The member's journey, as a person walks it: questions, saved answers, the next commands."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import VALID, pdf_text
from generator import answers_from_mapping, render

OBJECTION = [sys.executable, "-m", "generator"]


def test_the_italian_question_route_saves_and_the_next_commands_share_its_reference(
    tmp_path: Path,
) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "LANG": "it_IT.UTF-8", "COLUMNS": "100"}
    child = pexpect.spawn(
        OBJECTION[0],
        [*OBJECTION[1:], "letter", "--out", str(tmp_path / "out")],
        cwd=tmp_path,
        env=env,
        encoding="utf-8",
        timeout=60,
    )
    transcript: list[str] = []

    def answer(prompt: str, reply: str) -> None:
        child.expect(prompt)
        transcript.append(child.before + child.after)
        child.sendline(reply)

    answer(r"Language / Lingua", "it")
    answer(r"Il tuo nome e cognome", "Giulia Neri")
    answer(r"L’indirizzo e-mail|L'indirizzo e-mail", "giulia.neri@example.org")
    answer(r"Il tuo indirizzo postale.*\n> ", "Via Po 12")
    answer(r"> ", "10124 Torino")
    answer(r"> ", "")
    answer(r"Il paese in cui vivi", "IT")
    answer(r"Hai un account LinkedIn\?", "s")
    answer(r"L’indirizzo del tuo profilo|L'indirizzo del tuo profilo", "")
    answer(r"Invio per tutte\)", "1,5")
    answer(r"una riga vuota per terminare\):\r?\n> ", "Sono un'insegnante di sostegno.")
    answer(r"> ", "")
    answer(r"Ti opponi a ogni tipo", "")
    answer(r"Hai già disattivato", "n")
    answer(r"Hai già inviato", "n")
    answer(r"Il luogo in cui firmi", "Torino")
    answer(r"Vuoi salvare queste risposte", "s")
    answer(r"File", "")
    child.expect(pexpect.EOF)
    transcript.append(child.before)
    child.close()
    assert child.exitstatus == 0, "".join(transcript)
    session = "".join(transcript)
    assert "Ho salvato le tue risposte in answers.toml" in session
    assert "Poi: objection next-steps --answers answers.toml" in session
    (tmp_path / "transcript.txt").write_text(session, "utf-8")  # for the closing note
    reference = re.search(r"riferimento (OBJ-\d{8}-[A-Z0-9]{6})", session)[1]  # type: ignore[index]
    saved = tmp_path / "answers.toml"
    assert 'name = "Giulia Neri"' in saved.read_text("utf-8")
    form = subprocess.run(
        [*OBJECTION, "form-text", "--answers", str(saved)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Rif. {reference}" in form


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime (Debian: faketime)")
def test_five_days_later_the_same_reference_and_date(tmp_path: Path, write_answers: Any) -> None:
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["locale"] = "en"
    del data["signature"]["date"]  # dated the day it is made
    answers = write_answers(data)

    def on(day: str, *args: str) -> str:
        return subprocess.run(
            ["faketime", f"{day} 12:00:00", *OBJECTION, *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    on("2026-11-10", "letter", "--answers", str(answers), "--format", "txt", "-o", "l.txt")
    letter = (tmp_path / "l.txt").read_text("utf-8")
    reference = re.search(r"OBJ-20261110-[A-Z0-9]{6}", letter)[0]  # type: ignore[index]
    form = on("2026-11-15", "form-text", "--answers", str(answers))
    steps = on("2026-11-15", "next-steps", "--answers", str(answers))
    assert reference in form and reference in steps
    assert "by 10 December 2026 if it receives it on 10 November 2026" in " ".join(steps.split())
    on("2026-11-15", "sent", "--on", "2026-11-12", "--via", "post")
    steps = " ".join(on("2026-11-16", "next-steps", "--answers", str(answers)).split())
    assert "left on 12 November 2026 (by post). The day it arrived is not recorded" in steps
    assert (
        "on or about 22 November 2026, so an answer is due by 22 December 2026 at the latest"
        in steps
    )
    on("2026-11-16", "sent", "--received", "2026-11-14")
    steps = " ".join(on("2026-11-16", "next-steps", "--answers", str(answers)).split())
    assert (
        "LinkedIn received it on 14 November 2026. An answer is due by 14 December 2026," in steps
    )


@pytest.mark.parametrize("locale", ["en", "it"])
def test_the_signature_never_stands_alone(locale: str) -> None:
    """Grounds from 300 to 3,000 characters: the last page carries body text above it."""
    sentence = "Lavoro con dati delicati e i miei contenuti potrebbero essere ricombinati. "
    closing = {"en": "Yours faithfully", "it": "Distinti saluti"}[locale]
    reply = {
        "en": "Please acknowledge receipt of this letter",
        "it": "Voglia codesta Società confermare la ricezione della presente",
    }[locale]
    for length in range(300, 3001, 150):
        data: dict[str, Any] = copy.deepcopy(VALID)
        data["locale"] = locale
        data["objection"]["grounds"] = (sentence * 60)[:length].rsplit(" ", 1)[0] + "."
        pdf = render(answers_from_mapping(data, source="t"), "pdf")
        pages = int(
            subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True)
            .stdout.decode()
            .split("Pages:")[1]
            .split()[0]
        )
        last = subprocess.run(
            ["pdftotext", "-f", str(pages), "-l", str(pages), "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert closing in last, length
        above = last.split(closing)[0]
        assert reply in " ".join(above.split()), (locale, length, pages)
        assert "Ref." in pdf_text(pdf) or "Rif." in pdf_text(pdf)


def test_status_lists_the_letters_and_what_is_overdue(tmp_path: Path, write_answers: Any) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    runner = CliRunner()
    data: dict[str, Any] = copy.deepcopy(VALID)
    data["locale"] = "en"
    data["signature"]["date"] = "2025-12-01"
    answers = write_answers(data)
    made = runner.invoke(cli, ["letter", "--answers", str(answers), "-o", str(tmp_path / "a.txt")])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "a.txt").read_text("utf-8").startswith("Maria Grazia Esposito")  # -o .txt
    result = runner.invoke(cli, ["status", "--csv"])
    assert result.exit_code == 0, result.output
    header, row = result.stdout.strip().splitlines()
    assert header == (
        "reference,member,controller,campaign,made,sent,received,due,overdue,answered,"
        "follow_up,complaint,next"
    )
    # Not recorded as sent: nothing is due yet (the month runs from receipt).
    assert row.startswith("OBJ-20251201-") and row.endswith(",2025-12-01,,,,,,,,")
    assert runner.invoke(cli, ["sent", "--via", "pigeon"]).exit_code == 2
    wrong = runner.invoke(cli, ["sent", "--on", "2025-11-01", "--via", "post"])
    assert wrong.exit_code == 2 and "before the letter's date" in wrong.stderr
    assert "1 November 2025" in wrong.stderr and "(--on DATE)" in wrong.stderr
    # Posted, the day of delivery unknown: estimated, marked, and the due date "at the latest".
    assert runner.invoke(cli, ["sent", "--on", "2025-12-01", "--via", "post"]).exit_code == 0
    row = runner.invoke(cli, ["status", "--csv"]).stdout.strip().splitlines()[1]
    assert row.endswith(",2025-12-01 (registered post),2025-12-11*,2026-01-12*,yes,,,,2026-01-13*")
    table = runner.invoke(cli, ["status"], env={"COLUMNS": "200"}).stdout
    assert "* Estimated: the letter went by post" in " ".join(table.split())
    received = runner.invoke(cli, ["sent", "--received", "2025-12-03"])
    assert received.exit_code == 0, received.output
    row = runner.invoke(cli, ["status", "--csv"]).stdout.strip().splitlines()[1]
    # 3 January 2026 was a Saturday: the answer was due on Monday the 5th.
    assert row.endswith(",2025-12-01 (registered post),2025-12-03,2026-01-05,yes,,,,2026-01-06")
    early = runner.invoke(cli, ["sent", "--received", "2025-11-30"])
    assert early.exit_code == 2 and "(--received DATE)" in early.stderr


def test_the_output_name_chooses_the_format(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    runner = CliRunner()
    for suffix, start in ((".html", "<!DOCTYPE html>"), (".txt", "Siob"), (".pdf", "%PDF-")):
        out = tmp_path / f"letter{suffix}"
        assert runner.invoke(cli, ["letter", "--sample", "-o", str(out)]).exit_code == 0
        assert out.read_bytes().decode("latin-1").startswith(start)
    html = (tmp_path / "letter.html").read_text("utf-8")
    assert "<!--" not in html  # no developer comments in what is sent
    clash = runner.invoke(
        cli, ["letter", "--sample", "--format", "pdf", "-o", str(tmp_path / "x.txt")]
    )
    assert clash.exit_code == 2 and "disagree" in clash.output


def test_the_questions_speak_of_the_controller_chosen() -> None:
    """With --controller meta the questions name Meta, and there is no switch to ask about."""
    from generator.answers.schema import answers_fields
    from generator.cli import ask, cli

    fields = {f.path: f for f in answers_fields()}
    with cli.make_context("objection", ["--locale", "en", "status"]) as ctx, ctx.scope():
        meta, linkedin = {"controller": "meta"}, {}
        assert ask._prompt_text(fields["person.member"], meta) == "Do you have a Meta account?"
        assert "LinkedIn" in ask._prompt_text(fields["person.member"], linkedin)
        assert "Meta's objection form" in ask._prompt_text(
            fields["objection.form_already_sent"], meta
        )
        switch = fields["objection.switch_already_off"]
        assert not ask._applies(switch, meta) and ask._applies(switch, linkedin)
