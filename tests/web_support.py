"""What the web front's tests share: a member's answers as the form posts them, a staff sheet
with good and bad rows, and a real ``objection serve`` in a subprocess."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GROUNDS_IT = (
    "Sono un'assistente sociale e nei miei post racconto, in forma anonima, casi seguiti dai "
    "servizi: un modello che li rielaborasse potrebbe renderli riconoscibili."
)


def member_form(**changes: Any) -> dict[str, Any]:
    """The answers of an Italian member, named as the form names them."""
    form: dict[str, Any] = {
        "controller": "linkedin",
        "locale": "it",
        "person.name": "Maria Grazia Esposito",
        "person.email": "mg.esposito@example.org",
        "person.postal_address": "Via dei Mille 7\r\n80121 Napoli NA\r\nItalia",
        "person.country": "IT",
        "person.member": "true",
        "person.profile_url": "https://www.linkedin.com/in/mg-esposito-example",
        "objection.categories": ["profile", "content"],
        "objection.grounds": GROUNDS_IT,
        "objection.all_ai_training": "true",
        "objection.switch_already_off": "false",
        "objection.form_already_sent": "false",
        "signature.place": "Napoli",
    }
    form.update(changes)
    return form


HEADER = ["Nome", "E-mail", "Indirizzo", "Paese", "Categorie", "Motivi", "Luogo", "Lingua"]


def staff_sheet(path: Path, good: int = 2) -> Path:
    """A sheet of ``good`` good rows, then a row with a bad e-mail and one with a country no
    letter covers (rows 2.., the header is row 1)."""
    rows = [
        [
            f"Persona {n} Rossi",
            f"p{n}@example.org",
            f"Via Roma {n}\n00100 Roma",
            "IT",
            "profile;content",
            f"Sono la persona {n}: scrivo di lavoro e di salute altrui.",
            "Roma",
            "it",
        ]
        for n in range(1, good + 1)
    ]
    rows.append(
        ["Bad Mail", "not-an-address", "Via Roma 9\n00100 Roma", "IT", "all", "Motivi.", "", "it"]
    )
    rows.append(
        ["Far Away", "far@example.org", "1 Main St\nSpringfield", "US", "all", "Motivi.", "", "en"]
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@contextmanager
def served(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, pids: list[int] | None = None
) -> Iterator[str]:
    """``objection serve --no-browser`` in a subprocess; the URL it printed (with its token).
    ``pids`` gets the server's process id."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OBJECTION_REGISTER": os.environ["OBJECTION_REGISTER"],
        **(env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--no-browser",
            "--out",
            str(tmp_path / "out"),
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=tmp_path,
    )
    if pids is not None:
        pids.append(process.pid)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line):
            process.kill()
            raise AssertionError(
                f"objection serve printed {line!r}; stderr: {process.communicate()[1]}"
            )
        yield line
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
