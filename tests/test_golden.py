"""Golden texts: the whole text of every document the tool makes, reviewed in the diff like code.

One folder per document kind, one file per case::

    tests/golden/<kind>/<regime>-<lang>[-meta][-<variant>].txt

- kinds: ``letter`` (the objection, ``letter --format txt``), ``form-text`` (what
  ``form-text`` prints), ``next-steps`` (what ``next-steps`` prints), ``follow-up``,
  ``complaint`` and ``access`` (the standalone access request), as ``--format txt`` writes them;
- regimes: the law codes of ``generator/data/jurisdictions.toml`` (gdpr, uk_gdpr, fadp, pdpo);
  the member lives in Italy, the United Kingdom, Switzerland or Hong Kong;
- languages: ``it`` and ``en``; controllers: LinkedIn (no suffix) and Meta (``-meta``). Meta's
  plan does not reach Hong Kong (a letter to Meta from HK is refused), so there is no
  ``pdpo-*-meta`` file;
- variants, where the law or the story changes the text: a non-member in France, a member in
  Bavaria (another authority), a member in Germany without a Land (no authority named), the
  letter ``--with-access``, the form text of a letter sent, next steps once the letter left (its
  day of delivery recorded or estimated), the complaint after a refusal instead of silence, a
  reminder after a reply that decides nothing, the follow-up and complaint about a standalone
  access request, the follow-up and complaint of a posted letter whose day of delivery was not
  recorded ("estimated": "on or about", "at the latest"), the complaint made (``--force``,
  confirmed) while the reminder's time still runs, the UK complaint once the reminder's s. 164A
  acknowledgement is overdue.

The follow-up and the complaint are made as the CLI makes them: the letter is kept in a register
of the test's own (SQLite in ``tmp_path``), sent, answered (or not), and the documents rendered
from the register's history with ``render_sequel``. Every date is fixed (below), so no text
depends on today; references are stable hashes of the answers and those dates.

After changing a template or a catalog on purpose, refresh them all with
``pytest tests/test_golden.py --update-golden`` and read the diff. A missing file is written and
the test fails, so that it is reviewed; a file that belongs to no case fails the suite.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXED_DATE, VALID
from generator.answers.model import Answers
from generator.answers.reading import answers_from_mapping
from generator.base.errors import InvalidAnswers
from generator.base.i18n import long_date
from generator.documents.after import Kind, Sequel, render_sequel, standing
from generator.documents.document import Document, render_document
from generator.documents.evidence import render_evidence
from generator.documents.form_text import form_text
from generator.documents.next_steps import next_steps
from generator.making.due import check_may_follow
from generator.register.store import Register, answers_of, record_for

GOLDEN = Path(__file__).parent / "golden"
COMMAND = "pytest tests/test_golden.py --update-golden"

# --- the story every document tells, on fixed days ---------------------------------------------

LETTER_DAY = FIXED_DATE  # 2 November 2026: the letter, the form text, the access request
SENT_ON = dt.date(2026, 11, 3)  # the letter (or access request) leaves
RECEIVED_ON = dt.date(2026, 11, 9)  # a posted letter's day of delivery, where it is recorded
ANSWERED_ON = dt.date(2026, 11, 24)  # the controller answers (refused, or no decision)
REFUSAL_COMPLAINT_DAY = dt.date(2026, 12, 1)  # the complaint after a refusal
FOLLOW_UP_DAY = dt.date(2026, 12, 21)  # after every answer's due day (HK access: 19 December)
EARLY_COMPLAINT_DAY = dt.date(2026, 12, 28)  # while the reminder's time runs (to 4 January)
COMPLAINT_DAY = dt.date(2027, 1, 18)  # after the reminder's own time, unanswered (US post: 11 Jan)
#: A complaint made later: 30 days after the reminder reached the controller (UK: its s. 164A
#: acknowledgement is late; the reminder posted to the USA is estimated to arrive on 11 January).
LATE_COMPLAINT_DAY = dt.date(2027, 2, 15)
#: The extensions the controller announces in the "extension-*" variants (answered
#: --extended-to): to which day, announced when, with reasons or not. The answer is due on
#: 9 December 2026 (received 9 November).
EXTENSIONS = {
    # Within the month, with reasons: the due date moves (the reminder comes after it).
    "lawful": (dt.date(2026, 12, 18), dt.date(2026, 11, 30), True),
    # Still running on FOLLOW_UP_DAY: the member confirmed a reminder before its end.
    "running": (dt.date(2027, 1, 29), dt.date(2026, 11, 30), True),
    # Announced after the month had ended: it does not count.
    "late": (dt.date(2027, 1, 31), dt.date(2026, 12, 15), True),
    # Without reasons: it does not count.
    "unreasoned": (dt.date(2026, 12, 18), dt.date(2026, 11, 30), False),
}
FIXED_DAYS = {
    LETTER_DAY,
    SENT_ON,
    RECEIVED_ON,
    ANSWERED_ON,
    REFUSAL_COMPLAINT_DAY,
    FOLLOW_UP_DAY,
    EARLY_COMPLAINT_DAY,
    COMPLAINT_DAY,
    LATE_COMPLAINT_DAY,
}

#: How each controller's letters leave: LinkedIn's by registered post (delivered on RECEIVED_ON,
#: or, in the "estimated" variants, on a day not recorded), Meta's through its form (received
#: the day it is sent).
SENT_VIA = {"linkedin": "post", "meta": "form"}

# --- the members ------------------------------------------------------------------------------


def _non_member() -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    data["person"].update(
        member=False,
        country="FR",
        content_links=["https://www.linkedin.com/posts/someone_activity-7000000000000000000"],
    )
    del data["person"]["profile_url"]
    data["objection"].update(categories="all", switch_already_off=True, form_already_sent=True)
    return data


def _member_in(country: str, **person: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    data["person"].update(country=country, **person)
    return data


#: Each regime's member (by law code), and the members of some variants.
MEMBERS: dict[str, Callable[[], dict[str, Any]]] = {
    "gdpr": lambda: copy.deepcopy(VALID),
    "uk_gdpr": lambda: _member_in("GB"),
    "fadp": lambda: _member_in("CH"),
    "pdpo": lambda: _member_in("HK", name="陳大文"),
    "non-member-fr": _non_member,
    "bavaria": lambda: _member_in("DE", region="BY"),
    "germany": lambda: _member_in("DE"),
}


def _to_meta(data: dict[str, Any]) -> dict[str, Any]:
    """The same member writing to Meta: a Facebook profile, an Instagram account, all data."""
    data["controller"] = "meta"
    data["person"].update(
        profile_url="https://www.facebook.com/mg.esposito",
        accounts=["https://www.instagram.com/mg.esposito"],
    )
    data["objection"]["categories"] = "all"
    return data


# --- the cases --------------------------------------------------------------------------------

KINDS = ("letter", "form-text", "next-steps", "follow-up", "complaint", "access")
REGIMES = ("gdpr", "uk_gdpr", "fadp", "pdpo")
LANGS = ("it", "en")
#: The regimes each controller's plan reaches (Meta's does not reach Hong Kong).
CONTROLLERS = {"linkedin": REGIMES, "meta": ("gdpr", "uk_gdpr", "fadp")}


@dataclass(frozen=True)
class Case:
    kind: str
    regime: str
    lang: str
    controller: str = "linkedin"
    variant: str = ""
    #: A member of MEMBERS other than the regime's own.
    member: str = ""
    #: What the letter met: "silence", "refused" or "no-decision" (a reply deciding nothing).
    history: str = "silence"
    #: The letter the follow-up or complaint is about: "objection" or a standalone "access".
    first: str = "objection"
    with_access: bool = False
    #: Next steps once the letter has left (by registered post); the form text of a letter sent.
    sent: bool = False
    #: A posted letter's day of delivery: "recorded" (RECEIVED_ON) or "estimated" (not recorded).
    receipt: str = "recorded"
    #: The complaint made, confirmed, while the reminder's own time still runs.
    early: bool = False
    #: The complaint 30 days after the reminder arrived (LATE_COMPLAINT_DAY).
    late: bool = False
    #: An extension the controller announced (EXTENSIONS).
    extension: str = ""
    #: The complaint attaches the letter's evidence pack (``complaint --evidence``).
    evidence: bool = False

    @property
    def path(self) -> str:
        meta = ["meta"] if self.controller == "meta" else []
        parts = [self.regime, self.lang, *meta, *([self.variant] if self.variant else [])]
        return f"{self.kind}/{'-'.join(parts)}.txt"


BASE = tuple(
    Case(kind, regime, lang, controller)
    for kind in KINDS
    for controller, regimes in CONTROLLERS.items()
    for regime in regimes
    for lang in LANGS
)
VARIANTS = (
    Case("letter", "gdpr", "en", variant="non-member-fr", member="non-member-fr"),
    Case("letter", "gdpr", "it", variant="non-member-fr", member="non-member-fr"),
    Case("letter", "gdpr", "en", variant="bavaria", member="bavaria"),
    Case("letter", "gdpr", "it", variant="germany", member="germany"),
    Case("letter", "gdpr", "it", variant="with-access", with_access=True),
    Case("letter", "pdpo", "en", variant="with-access", with_access=True),
    Case("form-text", "gdpr", "en", variant="non-member-fr", member="non-member-fr"),
    Case("next-steps", "gdpr", "en", variant="non-member-fr", member="non-member-fr"),
    Case("form-text", "gdpr", "en", variant="sent", sent=True),
    Case("next-steps", "gdpr", "it", variant="sent", sent=True, receipt="estimated"),
    Case("next-steps", "gdpr", "en", variant="received", sent=True),
    Case("next-steps", "pdpo", "en", variant="sent", sent=True, receipt="estimated"),
    Case("follow-up", "gdpr", "it", variant="with-access", with_access=True),
    Case("follow-up", "gdpr", "en", variant="no-decision", history="no-decision"),
    Case("follow-up", "gdpr", "it", variant="estimated", receipt="estimated"),
    Case("follow-up", "gdpr", "en", variant="estimated", receipt="estimated"),
    Case("follow-up", "fadp", "en", variant="access", first="access"),
    Case("follow-up", "pdpo", "en", variant="access", first="access"),
    Case("follow-up", "uk_gdpr", "en", variant="with-access", with_access=True),
    Case("follow-up", "uk_gdpr", "it", variant="access", first="access"),
    Case("complaint", "gdpr", "it", variant="refused", history="refused"),
    Case("complaint", "uk_gdpr", "en", variant="refused", history="refused"),
    Case("complaint", "fadp", "en", variant="refused", history="refused"),
    Case("complaint", "fadp", "it", variant="refused", history="refused"),
    Case("complaint", "fadp", "en", variant="access", first="access"),
    Case("complaint", "pdpo", "en", variant="refused", history="refused"),
    Case("complaint", "gdpr", "en", variant="bavaria", member="bavaria"),
    Case("complaint", "gdpr", "it", variant="with-access", with_access=True),
    Case("complaint", "gdpr", "en", variant="access", first="access"),
    Case("complaint", "gdpr", "it", variant="estimated", receipt="estimated"),
    Case("complaint", "gdpr", "en", variant="early", early=True),
    Case("complaint", "gdpr", "it", variant="early", early=True),
    Case("complaint", "pdpo", "en", variant="access", first="access"),
    Case("complaint", "uk_gdpr", "en", variant="access", first="access"),
    Case("complaint", "uk_gdpr", "en", variant="unacknowledged", late=True),
    Case("complaint", "uk_gdpr", "it", variant="unacknowledged", late=True),
    Case("follow-up", "gdpr", "en", variant="extension-late", extension="late"),
    Case("follow-up", "gdpr", "it", variant="extension-unreasoned", extension="unreasoned"),
    Case("follow-up", "gdpr", "it", variant="extension-running", extension="running"),
    Case("follow-up", "uk_gdpr", "en", variant="extension", extension="lawful"),
    Case("complaint", "gdpr", "en", variant="extension-late", extension="late"),
    Case("complaint", "uk_gdpr", "en", variant="extension", extension="lawful"),
    Case("complaint", "fadp", "it", variant="extension-unreasoned", extension="unreasoned"),
    Case("complaint", "gdpr", "it", variant="evidence", evidence=True),
    Case("complaint", "pdpo", "en", variant="evidence", evidence=True),
)
CASES = {case.path: case for case in (*BASE, *VARIANTS)}


def _answers(case: Case) -> Answers:
    data = MEMBERS[case.member or case.regime]()
    data["locale"] = case.lang
    if case.controller == "meta":
        data = _to_meta(data)
    return answers_from_mapping(data, source="golden")


# --- making each kind, as the CLI does --------------------------------------------------------


def _first_document(case: Case, answers: Answers) -> Document:
    """The letter (``letter --format txt``) or the standalone access request (``access``)."""
    if case.first == "access":
        return render_sequel("access", answers, fmt="txt", today=LETTER_DAY).document
    return render_document(answers, "txt", locale=case.lang, with_access=case.with_access)


def _keep(
    register: Register, answers: Answers, document: Document, folder: Path, **how: Any
) -> str:
    """Write ``document`` and record it, as the CLI does; its reference."""
    path = folder / f"{document.letter.reference}.txt"
    path.write_bytes(document.data)
    register.record(record_for(answers, document, path, **how))
    return document.letter.reference


def _proof(folder: Path, name: str) -> Path:
    """A receipt (of registered post, of a form) to record with a sending or an answer."""
    path = folder / name
    path.write_bytes(f"{name}: a receipt kept by the member\n".encode())
    return path


def _sequel(
    kind: Kind,
    register: Register,
    reference: str,
    today: dt.date,
    *,
    early: bool = False,
    evidence: bool = False,
) -> Sequel:
    """What ``objection follow-up|complaint REF --format txt --date today`` renders (``early``:
    ``complaint --force``, confirmed; ``evidence``: ``complaint --evidence``, the pack unsigned
    as a letter without a certificate leaves it)."""
    record = register.get(reference)
    following = register.following(reference)
    check_may_follow(kind, standing(record, following, today), early=early)
    answers = answers_of(record)  # without --answers, the answers the register kept
    pack = None
    if evidence:
        made = render_evidence(record, following, today=today)
        pack = made.as_pack(Path(record.file).with_name("complaint-evidence.pdf"))
    return render_sequel(kind, answers, record, following, "txt", today=today, pack=pack)


def _history(case: Case, register: Register, folder: Path) -> str:
    """The first letter made, sent, and answered as ``case.history`` says; its reference."""
    answers = _answers(case)
    kind = "access" if case.first == "access" else "objection"
    reference = _keep(register, answers, _first_document(case, answers), folder, kind=kind)
    via = SENT_VIA[case.controller]
    received = RECEIVED_ON if via == "post" and case.receipt == "recorded" else None
    register.mark_sent(
        reference, SENT_ON, via, proof=_proof(folder, "receipt.pdf"), received=received
    )
    if case.extension:
        to, announced, reasons = EXTENSIONS[case.extension]
        register.mark_extended(reference, to, announced, reasons=reasons)
    if case.history != "silence":
        outcome = {"refused": "refused", "no-decision": "none"}[case.history]
        register.mark_answered(reference, ANSWERED_ON, outcome, answer=_proof(folder, "answer.pdf"))
    return reference


def _after_letter(case: Case, folder: Path) -> str:
    """The follow-up, or the complaint (after a refusal, or after an unanswered reminder)."""
    register = Register(folder / "register.sqlite")
    try:
        reference = _history(case, register, folder)
        if case.kind == "complaint" and case.history == "refused":
            return _text(_sequel("complaint", register, reference, REFUSAL_COMPLAINT_DAY))
        early = case.extension == "running"  # follow-up --force, confirmed
        reminder = _sequel("follow_up", register, reference, FOLLOW_UP_DAY, early=early)
        if case.kind == "follow-up":
            return _text(reminder)
        record = register.get(reference)
        how = {"kind": "follow_up", "refers_to": reference}
        sent = _keep(register, answers_of(record), reminder.document, folder, **how)
        via = SENT_VIA[case.controller]
        register.mark_sent(sent, FOLLOW_UP_DAY, via, proof=_proof(folder, "reminder-receipt.pdf"))
        day = (
            EARLY_COMPLAINT_DAY
            if case.early
            else LATE_COMPLAINT_DAY
            if case.late
            else COMPLAINT_DAY
        )
        return _text(
            _sequel("complaint", register, reference, day, early=case.early, evidence=case.evidence)
        )
    finally:
        register.engine.dispose()


def _text(sequel: Sequel) -> str:
    return sequel.document.data.decode("utf-8")


def render(case: Case, folder: Path) -> str:
    """The text the user gets for ``case``."""
    answers = _answers(case)
    if case.kind == "letter":
        return _first_document(case, answers).data.decode("utf-8")
    if case.kind == "form-text":  # form-text prints the text and a newline
        return form_text(answers, case.lang, letter_sent=case.sent).text + "\n"
    if case.kind == "next-steps":
        sent: dict[str, Any] = {"sent_on": SENT_ON, "sent_via": "post"} if case.sent else {}
        if case.sent and case.receipt == "recorded":
            sent["received_on"] = RECEIVED_ON
        return next_steps(answers, case.lang, **sent).text
    if case.kind == "access":
        return _text(render_sequel("access", answers, fmt="txt", today=LETTER_DAY))
    return _after_letter(case, folder)


# --- the checks -------------------------------------------------------------------------------


def _assert_not_of_today(text: str, lang: str, folder: Path) -> None:
    """Nothing of the run leaks into a golden text: today's date, the temporary folder."""
    today = dt.date.today()
    if today not in FIXED_DAYS:
        for form in (long_date(today, lang), today.isoformat(), f"{today:%Y%m%d}"):
            assert form not in text, f"today's date ({form}) is in the text"
    assert str(folder) not in text


def _compare(name: str, text: str, update_golden: bool) -> None:
    path = GOLDEN / name
    if update_golden or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote the missing golden file {name}: review it and commit it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs: if the change is intended, run `{COMMAND}` and review the diff"
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_text(name: str, update_golden: bool, tmp_path: Path) -> None:
    case = CASES[name]
    text = render(case, tmp_path)
    _assert_not_of_today(text, case.lang, tmp_path)
    _compare(name, text, update_golden)


def test_every_golden_file_belongs_to_a_case() -> None:
    files = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    stale = sorted(files - set(CASES))
    assert not stale, f"golden files of no case (delete them, or add their case): {stale}"


def test_meta_has_no_hong_kong_case() -> None:
    """Meta's plan does not reach Hong Kong: the tool refuses, so the table has no such case."""
    data = _to_meta(MEMBERS["pdpo"]())
    with pytest.raises(InvalidAnswers, match="HK is not covered"):
        answers_from_mapping(data, source="golden")
