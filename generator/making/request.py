"""What to make, and what was made: the one operation's input and output."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pydantic's models: not on the start-up path of `objection --help`
    from generator.answers.model import Answers, Organisation

#: Every document the operation makes.
Kind = Literal["objection", "form_text", "next_steps", "follow_up", "complaint", "access"]
KINDS: tuple[Kind, ...] = (
    "objection",
    "form_text",
    "next_steps",
    "follow_up",
    "complaint",
    "access",
)
#: The documents the register keeps (what a later document may refer to).
RECORDED: tuple[Kind, ...] = ("objection", "follow_up", "complaint", "access")


@dataclass(frozen=True)
class Delivery:
    """What to do with a PDF besides writing it: an e-mail draft beside it (``eml``), sending it
    through ``smtp`` (a :class:`generator.delivery.mail.Smtp`) with ``password``."""

    eml: bool = False
    send: bool = False
    to: str | None = None
    #: How the register says it left (email or pec); default: pec from a PEC box
    #: (``pec_from``) to a PEC address we know, else email.
    via: str | None = None
    smtp: Any = None
    password: str | None = field(default=None, repr=False)
    #: The member's PEC address, when the SMTP server is their PEC provider's: the message
    #: leaves from it. Only a message from a PEC box to a PEC address is a PEC.
    pec_from: str | None = None

    @property
    def wanted(self) -> bool:
        return self.eml or self.send


@dataclass(frozen=True)
class Request:
    """One document to make.

    ``output`` names the file (None: a name from the member in ``out_dir``); ``write=False``
    only renders (standard output, a preview): nothing is written or recorded. ``record`` and
    ``following`` are what the register knows of the letter a follow-up or complaint is about.
    """

    kind: Kind
    answers: Answers
    fmt: Literal["pdf", "html", "txt"] = "pdf"
    locale: str | None = None
    out_dir: Path = Path("out")
    output: Path | None = None
    write: bool = True
    today: dt.date | None = None
    signer: Any = None
    pdf_variant: str | None = None
    embed_answers: bool = False
    with_access: bool = False
    on_behalf_of: Organisation | None = None
    max_chars: int | None = None
    #: What the register knows of the letter a form text or next steps go with: when and how
    #: it left, and the day it was received.
    sent_on: dt.date | None = None
    sent_via: str | None = None
    received_on: dt.date | None = None
    record: Any = None
    following: dict[str, Any] | None = None
    register: Any = None
    campaign: str | None = None
    delivery: Delivery = Delivery()
    #: The letter already built for these answers (a batch row's form text reuses it).
    letter: Any = None
    #: A complaint attaches the letter's evidence pack instead of the loose files; the pack is
    #: written beside it (``<complaint>-evidence.pdf``).
    evidence: bool = False
    #: Who signs the pack where the document itself is not signed (a complaint as text or
    #: HTML); None: ``signer``.
    evidence_signer: Any = None


@dataclass
class Made:
    """A document as made: its bytes and what it says, where it went, what the register got."""

    kind: Kind
    data: bytes
    #: The letter the document is (or is about): reference, subject, law, warnings.
    letter: Any
    #: What the member should know before sending (unconfirmed facts, dropped symbols, …).
    warnings: tuple[Any, ...]
    #: The rendered object of its kind (Document, Sequel, FormText, NextSteps).
    rendered: Any
    path: Path | None = None
    #: The register's entry for it (also when no register was given: a batch keeps it).
    entry: Any = None
    eml: Path | None = None
    sent_to: str | None = None
    sent_via: str | None = None
    #: The evidence pack the complaint attaches (written beside it), if one was asked for.
    evidence: Any = None
