"""After the letter: ``answered``, ``follow-up``, ``complaint`` and ``access``.

``follow-up`` and ``complaint`` take one letter (REF, the member's --answers, or the only one)
or, with ``--due``, every letter whose reminder or complaint is due (of one ``--campaign``),
with a manifest. Each document is recorded in the register beside its letter; ``--eml`` writes
an e-mail draft with the PDF attached, ``--send`` sends it through SMTP and records that.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import click

from generator import (
    InvalidInput,
)
from generator.cli.common import (
    N_,
    TranslatedCommand,
    option,
    say,
    ui_gettext,
    ui_locale,
    ui_ngettext,
    use_answers_language,
    warn,
)
from generator.cli.early import confirm_early, early_options
from generator.cli.mailing import report_delivery
from generator.cli.making import Making, document_options, make_document, making
from generator.cli.passwords import letter_signer
from generator.cli.registering import (
    open_register,
)

# --- shared options -------------------------------------------------------------------------


# --- making one document ---------------------------------------------------------------------


def _member_and_letter(
    register: Any, reference: str | None, answers_file: Path | None
) -> tuple[Any, Any]:
    """The answers and the letter a follow-up or complaint is about."""
    from generator import answers_of, load_answers

    if answers_file is not None:
        answers = load_answers(answers_file)
        use_answers_language(answers)
        record = (
            register.get(reference, kinds=("objection", "access"))
            if reference
            else register.latest(answers.person.email, answers.controller)
        )
        if record is None:
            raise InvalidInput(
                N_(
                    "The register holds no letter of %(email)s to %(controller)s: make it with "
                    "objection letter --answers %(path)s first."
                ),
                email=answers.person.email,
                controller=answers.controller,
                path=answers_file,
            )
        return answers, record
    record = register.get(reference, kinds=("objection", "access"))
    answers = answers_of(record)
    use_answers_language(answers)
    return answers, record


def _after_command(kind: str) -> Callable[..., None]:
    def command(
        reference: str | None,
        answers_file: Path | None,
        due: bool,
        campaign: str | None,
        locale: str | None,
        **options: Any,
    ) -> None:
        from generator import check_may_follow, standing

        force = options.pop("force", False)
        confirm_before = options.pop("confirm_before", None)
        evidence = options.pop("evidence", False)
        _ = ui_gettext()
        if confirm_before is not None and not force:
            raise click.UsageError(_("--confirm-before goes with --force."))
        how = making(open_register(), options)
        if evidence and how.output == "-" and how.fmt != "pdf":
            raise click.UsageError(
                _(
                    "--evidence writes the pack beside the complaint, which needs a file: leave "
                    "-o - out, or make the complaint a PDF, which carries the pack itself."
                )
            )
        if due:
            _due_alone(how, bool(reference or answers_file), force)
            _over_due(kind, how, campaign, evidence)
            return
        answers, record = _member_and_letter(how.register, reference, answers_file)
        following = how.register.following(record.reference)
        state = standing(record, following, how.today)
        check_may_follow(kind, state, early=force)
        if force:
            confirm_early(state, confirm_before, kind)
        made = make_document(kind, answers, record, how, following, evidence=evidence)
        report_made(kind, made.rendered, made.path, made.evidence)

    return command


def report_pack(pack: Any) -> None:
    """The evidence pack a complaint attaches: where it was written, what it holds, whether it
    is signed."""
    _, n_ = ui_gettext(), ui_ngettext()
    said = n_(
        "The complaint attaches the evidence pack instead of the loose files, also written to "
        "%(path)s: %(num)d file with its SHA-256.",
        "The complaint attaches the evidence pack instead of the loose files, also written to "
        "%(path)s: %(num)d files with their SHA-256.",
        len(pack.listed),
        path=pack.path,
    )
    signed = (
        _("The pack is digitally signed by %(name)s.", name=pack.signed_by)
        if pack.signed_by
        else _("The pack is not signed: no certificate or card to sign with.")
    )
    say(f"{said} {signed}")
    warn(pack.notes)


def _due_alone(how: Making, one_letter: bool, force: bool) -> None:
    """--due works over the register, one document a letter: no -o, REF, --answers, --force."""
    _ = ui_gettext()
    if how.output:
        raise click.UsageError(_("--due writes one document a letter into --out: leave -o out."))
    if one_letter:
        raise click.UsageError(_("--due works over the register: leave REF and --answers out."))
    if force:
        raise click.UsageError(_("--force makes one document: leave --due out."))


def report_made(kind: str, sequel: Any, path: Path | None, pack: Any = None) -> None:
    _ = ui_gettext()
    warn(sequel.document.warnings)
    if path is None:  # on standard output: nothing else to say
        return
    letter = sequel.document.letter
    what = {
        "follow_up": _("the reminder"),
        "complaint": _("the complaint"),
        "access": _("the access request"),
    }[kind]
    say(
        _(
            "Wrote %(path)s: %(what)s of %(name)s, reference %(reference)s.",
            path=path,
            what=what,
            name=letter.person.name,
            reference=letter.reference,
        )
    )
    if pack is not None:
        report_pack(pack)
    say(next_text(kind, sequel))


def next_text(kind: str, sequel: Any) -> str:
    """What to do with the document now: where it goes, how, what to record."""
    from generator import after_steps, long_date

    _ = ui_gettext()
    letter = sequel.document.letter
    lines = after_steps(kind, sequel, ui_locale())
    if kind == "follow_up":
        lines.append(
            _(
                "If no answer comes by %(date)s: objection complaint %(reference)s.",
                date=long_date(sequel.reply_by, ui_locale()),
                reference=sequel.record_reference,
            )
        )
    lines.append(
        _(
            "When it leaves: objection sent %(reference)s --on DATE --via post|email|pec|form "
            "(--proof FILE keeps the receipt; --received DATE, the day it arrived, once you "
            "know it).",
            reference=letter.reference,
        )
    )
    return "\n".join(f"- {line}" for line in lines)


def _over_due(kind: str, how: Making, campaign: str | None, evidence: bool = False) -> None:
    """Every letter whose reminder (or complaint) is due, with a manifest; exit 1 on failures."""
    from generator import Request, make_due

    _ = ui_gettext()
    template = Request(
        cast("Any", kind),
        cast("Any", None),
        cast("Any", how.fmt),
        out_dir=how.out_dir,
        today=how.today,
        pdf_variant=how.pdf_variant,
        register=how.register,
        delivery=how.delivery,
        evidence=evidence,
    )
    run = make_due(
        cast("Any", kind),
        template,
        campaign=campaign,
        locale=ui_locale(),
        signer=lambda answers: letter_signer(answers, how.fmt),
        evidence_signer=(lambda answers: letter_signer(answers, "pdf"))
        if evidence and how.fmt != "pdf"
        else None,
        on_made=lambda made: report_delivery(made, how.delivery),
    )
    say(
        _(
            "%(made)d of %(total)d made; the manifest is %(path)s.",
            made=len(run.rows) - run.failed,
            total=len(run.rows),
            path=run.manifest,
        )
    )
    if run.failed:
        raise click.exceptions.Exit(1)


def _make_after_command(kind: str, name: str, help_text: str) -> click.Command:
    command: Any = _after_command(kind)
    command = early_options(command)
    command = option(
        "--campaign",
        metavar="NAME",
        help=N_("With --due: only the letters of this campaign (a batch's)."),
    )(command)
    command = option(
        "--due",
        is_flag=True,
        help=N_("Every letter in the register for which this is due, with a manifest."),
    )(command)
    if kind == "complaint":
        command = option(
            "--evidence",
            is_flag=True,
            help=N_(
                "Attach the letter's evidence pack instead of the loose files: one PDF/A-3 "
                "carrying them, each with its SHA-256, signed as the complaint is; written "
                "beside the complaint too (<complaint>-evidence.pdf)."
            ),
        )(command)
    command = document_options(command)
    command = click.argument("reference", metavar="[REF]", required=False)(command)
    return click.command(name, cls=TranslatedCommand, help=help_text)(command)


follow_up = _make_after_command(
    "follow_up",
    "follow-up",
    N_(
        "Write the reminder once the answer to a letter is overdue: it cites the letter, the "
        "time limit missed and what comes next. REF: the letter's reference (default: the only "
        "letter, or the latest of --answers)."
    ),
)
complaint = _make_after_command(
    "complaint",
    "complaint",
    N_(
        "Write the complaint to the authority of your country about a letter that was not "
        "answered in time or was refused, with the letter, the proof of sending and the answer "
        "attached to the PDF."
    ),
)


# --- access -----------------------------------------------------------------------------------
