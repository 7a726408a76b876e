"""After the letter: ``answered``, ``follow-up``, ``complaint`` and ``access``.

``follow-up`` and ``complaint`` take one letter (REF, the member's --answers, or the only one)
or, with ``--due``, every letter whose reminder or complaint is due (of one ``--campaign``),
with a manifest. Each document is recorded in the register beside its letter; ``--eml`` writes
an e-mail draft with the PDF attached, ``--send`` sends it through SMTP and records that.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import click

from generator import (
    OUTCOMES,
    Delivery,
    InvalidInput,
    ObjectionError,
)
from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    common_options,
    letter_signer,
    open_register,
    output_format,
    output_option,
    pdf_variant_option,
    register_option,
    say,
    ui_gettext,
    ui_locale,
    use_answers_language,
    warn,
    write_atomically,
    write_stdout,
)
from generator.cli.mailing import delivery_from, mail_options, report_delivery

#: What the answer did, as the messages say it.
OUTCOME_NAMES = {
    "upheld": N_("upheld"),
    "refused": N_("refused"),
    "partial": N_("upheld in part"),
    "none": N_("no decision"),
}

MANIFEST_COLUMNS = ["reference", "document", "name", "email", "file", "sha256", "status", "error"]


def _option(*names: str, **kwargs: Any) -> Callable[[Any], Any]:
    return click.option(*names, cls=TranslatedOption, **kwargs)


def _day(value: dt.datetime | None, option: str) -> dt.date:
    _ = ui_gettext()
    day = value.date() if value else dt.date.today()
    if day > dt.date.today():
        raise click.BadParameter(
            _("%(day)s is in the future.", day=day.isoformat()), param_hint=option
        )
    return day


# --- answered -------------------------------------------------------------------------------


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Record the controller's answer to a letter: upheld, refused, partial (upheld in part) "
        "or none (a reply that decides nothing). REF is the letter's reference."
    ),
)
@click.argument("reference", metavar="[REF]", required=False)
@_option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    default=None,
    help=N_("The day the answer came, like 2026-11-29 (default: today)."),
)
@_option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    required=True,
    help=N_("What the answer did with the letter."),
)
@_option(
    "--file",
    "answer_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help=N_("The answer itself (a PDF, an e-mail): a complaint attaches it."),
)
@register_option
@common_options
def answered(
    reference: str | None,
    on: dt.datetime | None,
    outcome: str,
    answer_file: Path | None,
    locale: str | None,
) -> None:
    _ = ui_gettext()
    day = _day(on, "--on")
    record = open_register().mark_answered(reference, day, outcome, answer=answer_file)
    use_answers_language(record)  # without --locale, the letter's language
    say(
        _(
            "Recorded: %(reference)s was answered on %(day)s (%(outcome)s).",
            reference=record.reference,
            day=day.isoformat(),
            outcome=_(OUTCOME_NAMES[outcome]),
        )
    )
    if outcome in ("refused", "partial"):
        say(
            _(
                "Next: objection complaint %(reference)s writes your complaint to the authority.",
                reference=record.reference,
            )
        )


# --- shared options -------------------------------------------------------------------------


def _document_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """What follow-up, complaint and access share: answers, format, where, e-mail, SMTP."""
    decorators = [
        _option(
            "--answers",
            "answers_file",
            metavar="FILE",
            type=click.Path(path_type=Path, dir_okay=False),
            help=N_(
                "Your answers file: finds your latest letter, and signs as the letter did "
                "(default: the answers the register kept)."
            ),
        ),
        _option(
            "--format",
            "fmt",
            type=click.Choice(["pdf", "html", "txt"]),
            default=None,
            help=N_("Output format (default: the suffix of -o FILE, else pdf)."),
        ),
        output_option,
        _option(
            "--out",
            "out_dir",
            type=click.Path(path_type=Path, file_okay=False),
            default="out",
            show_default=True,
            help=N_("Folder for the documents."),
        ),
        _option(
            "--date",
            "date",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="DATE",
            default=None,
            help=N_("The document's date (default: today)."),
        ),
        pdf_variant_option,
        mail_options,
        register_option,
        common_options,
    ]
    for decorate in reversed(decorators):
        f = decorate(f)
    return f


# --- making one document ---------------------------------------------------------------------


@dataclass(frozen=True)
class Making:
    """How a command makes its documents: where, in what format, dated when, and what else."""

    register: Any
    fmt: str
    out_dir: Path
    today: dt.date
    pdf_variant: str | None
    delivery: Delivery
    #: -o FILE: this file instead of one in out_dir; "-": standard output (nothing recorded).
    output: str | None = None


def making(register: Any, options: dict[str, Any]) -> Making:
    """A command's Making from its keyword arguments (format, folder, date, variant, e-mail)."""
    output: str | None = options.pop("output")
    fmt = output_format(options.pop("fmt"), output)
    date: dt.datetime | None = options.pop("date")
    if date is not None and date.date() > dt.date.today():
        _ = ui_gettext()
        raise click.BadParameter(
            _("%(day)s is in the future.", day=date.date().isoformat()),
            param_hint="--date",
        )
    if output == "-" and (options.get("eml") or options.get("send")):
        _ = ui_gettext()
        raise click.UsageError(_("--eml and --send need the document in a file: leave -o - out."))
    return Making(
        register,
        fmt,
        options.pop("out_dir"),
        date.date() if date else dt.date.today(),
        options.pop("pdf_variant"),
        delivery_from(options, fmt),
        output,
    )


def make_document(
    kind: str,
    answers: Any,
    record: Any,
    how: Making,
    following: dict[str, Any] | None = None,
) -> Any:
    """Make one follow-up, complaint or access request (to standard output with ``-o -``:
    nothing written or recorded); ``following``: what already followed the letter, if the
    caller has read it."""
    from generator import Request, make

    register = how.register
    if following is None:
        following = register.following(record.reference) if register and record else {}
    made = make(
        Request(
            cast("Any", kind),
            answers,
            cast("Any", how.fmt),
            out_dir=how.out_dir,
            output=Path(how.output) if how.output and how.output != "-" else None,
            write=how.output != "-",
            today=how.today,
            signer=letter_signer(answers, how.fmt),
            pdf_variant=how.pdf_variant,
            record=record,
            following=following,
            register=register,
            delivery=how.delivery,
        )
    )
    if how.output == "-":
        write_stdout(made.data)
    report_delivery(made, how.delivery)
    return made


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


def _refuse(kind: str, standing: Any) -> None:
    """A follow-up before the answer is overdue, a complaint about an upheld letter: refused."""
    record = standing.record
    if record.outcome == "upheld":
        raise InvalidInput(
            N_(
                "%(reference)s was upheld (objection answered): there is nothing to follow up "
                "or complain about."
            ),
            reference=record.reference,
        )
    if kind == "follow_up" and not standing.may_follow_up:
        if standing.refused:
            raise InvalidInput(
                N_(
                    "%(reference)s was answered (%(outcome)s): a reminder is for silence; "
                    "objection complaint %(reference)s writes the complaint."
                ),
                reference=record.reference,
                outcome=record.outcome,
            )
        raise InvalidInput(
            N_(
                "The answer to %(reference)s is due by %(due)s: a reminder can be made from the "
                "day after. If it came, record it: objection answered %(reference)s --outcome …"
            ),
            reference=record.reference,
            due=standing.due.isoformat(),
        )
    if kind == "complaint" and not standing.may_complain:
        raise InvalidInput(
            N_(
                "The answer to %(reference)s is due by %(due)s and has not been refused: a "
                "complaint can be made once it is overdue or refused."
            ),
            reference=record.reference,
            due=standing.due.isoformat(),
        )


def _after_command(kind: str) -> Callable[..., None]:
    def command(
        reference: str | None,
        answers_file: Path | None,
        due: bool,
        campaign: str | None,
        locale: str | None,
        **options: Any,
    ) -> None:
        from generator import standing

        how = making(open_register(), options)
        if due:
            if how.output:
                _ = ui_gettext()
                raise click.UsageError(
                    _("--due writes one document a letter into --out: leave -o out.")
                )
            if reference or answers_file:
                _ = ui_gettext()
                raise click.UsageError(
                    _("--due works over the register: leave REF and --answers out.")
                )
            _over_due(kind, how, campaign)
            return
        answers, record = _member_and_letter(how.register, reference, answers_file)
        following = how.register.following(record.reference)
        _refuse(kind, standing(record, following, how.today))
        made = make_document(kind, answers, record, how, following)
        _report(kind, made.rendered, made.path)

    return command


def _report(kind: str, sequel: Any, path: Path | None) -> None:
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
    say(next_text(kind, sequel))


def next_text(kind: str, sequel: Any) -> str:
    """What to do with the document now: where it goes, how, what to record."""
    from generator import long_date

    _ = ui_gettext()
    letter = sequel.document.letter
    law = letter.law
    lines = []
    if kind == "complaint":
        lines += _complaint_steps(law.authority, sequel)
    else:
        lines.append(_("Send it as you sent your letter."))
    period = law.regime.access
    if kind == "access" and period is not None and period.form:
        lines.append(
            _(
                "A data user may refuse a data access request not made in the form the Privacy "
                "Commissioner specifies (section 20(3)(e) PDPO): fill in the %(form)s (%(url)s) "
                "and send it with this letter.",
                form=period.form[letter.locale],
                url=period.form_url or law.authority.website,
            )
        )
    if kind == "follow_up":
        from generator import follow_up_reply_by

        reply_by = follow_up_reply_by(letter.date)
        lines.append(
            _(
                "If no answer comes by %(date)s: objection complaint %(reference)s.",
                date=long_date(reply_by, ui_locale()),
                reference=sequel.record_reference,
            )
        )
    lines.append(
        _(
            "When it leaves: objection sent %(reference)s --on DATE --via post|email|pec|form "
            "(--proof FILE keeps the receipt).",
            reference=letter.reference,
        )
    )
    return "\n".join(f"- {line}" for line in lines)


def _complaint_steps(authority: Any, sequel: Any) -> list[str]:
    """Where a complaint goes (PEC, post, web form, e-mail) and how it is signed."""
    _ = ui_gettext()
    lines = []
    ways = []
    if authority.pec:
        ways.append(_("by PEC to %(pec)s", pec=authority.pec))
    if authority.address:
        ways.append(_("by registered post to %(address)s", address=", ".join(authority.address)))
    route = authority.complaint_route
    if route and route.form:
        ways.append(
            _(
                "through its complaint form, %(url)s, uploading the PDF and its attachments",
                url=route.form,
            )
        )
    if route and route.email:
        ways.append(_("by e-mail to %(email)s", email=route.email))
    if not ways:
        ways.append(_("as its website says: %(url)s", url=authority.website))
    from generator import to_phrase

    locale = ui_locale()
    lines.append(
        _(
            "Send it %(to_authority)s: %(ways)s.",
            to_authority=to_phrase(authority.letter_name[locale], locale),
            ways="; ".join(ways),
        )
    )
    if authority.exclusive_with_court:
        lines.append(
            _(
                "Sign it with a digital signature, or sign it by hand and attach a copy of a "
                "valid identity document (the Garante asks for one or the other)."
            )
        )
    if authority.complaint_within_years:
        lines.append(
            _(
                "Complaints are taken in writing within %(years)d years of learning of the "
                "practice.",
                years=authority.complaint_within_years,
            )
        )
    if not sequel.attachments:
        lines.append(
            _("Attach your letter and the proof that it was sent (a PDF carries them itself).")
        )
    return lines


def _over_due(kind: str, how: Making, campaign: str | None) -> None:
    """Every letter whose reminder (or complaint) is due, with a manifest; exit 1 on failures."""
    from generator import answers_of, spreadsheet_safe, standing

    _ = ui_gettext()
    register = how.register
    rows: list[dict[str, str]] = []
    for record in register.letters(campaign=campaign, kinds=("objection", "access")):
        following = register.following(record.reference)
        state = standing(record, following, how.today)
        if not (state.follow_up_due if kind == "follow_up" else state.complaint_due):
            continue
        row = {
            "reference": record.reference,
            "document": "",
            "name": record.name,
            "email": record.email,
            "file": "",
            "sha256": "",
            "status": "failed",
            "error": "",
        }
        try:
            made = make_document(kind, answers_of(record), record, how, following)
            sequel, path = made.rendered, made.path
        except ObjectionError as exc:
            row["error"] = exc.message(ui_locale())
        else:
            import hashlib

            row.update(
                document=sequel.document.letter.reference,
                file=path.name if path else "",
                sha256=hashlib.sha256(sequel.document.data).hexdigest(),
                status="ok",
            )
        rows.append(row)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    manifest = how.out_dir / f"{kind.replace('_', '-')}-manifest.csv"
    write_atomically(manifest, buffer.getvalue().encode("utf-8"))
    failed = sum(row["status"] != "ok" for row in rows)
    say(
        _(
            "%(made)d of %(total)d made; the manifest is %(path)s.",
            made=len(rows) - failed,
            total=len(rows),
            path=manifest,
        )
    )
    if failed:
        raise click.exceptions.Exit(1)


def _make_after_command(kind: str, name: str, help_text: str) -> click.Command:
    command: Any = _after_command(kind)
    command = _option(
        "--campaign",
        metavar="NAME",
        help=N_("With --due: only the letters of this campaign (a batch's)."),
    )(command)
    command = _option(
        "--due",
        is_flag=True,
        help=N_("Every letter in the register for which this is due, with a manifest."),
    )(command)
    command = _document_options(command)
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


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Write a targeted access request: whether your data went into AI training sets and "
        "for which models, to whom, for how long, and the balancing test. (letter "
        "--with-access puts it inside the objection.)"
    ),
)
@_option("--sample", is_flag=True, help=N_("Use the built-in answers of a fictional member."))
@_option(
    "--controller",
    default=None,
    help=N_("Whose processing to ask about (default: the answers' controller)."),
)
@_document_options
def access(
    answers_file: Path | None,
    sample: bool,
    controller: str | None,
    locale: str | None,
    **options: Any,
) -> None:
    from generator.cli.common import load_member

    how = making(open_register(required=False), options)
    answers = load_member(answers_file, sample, locale, controller)
    if locale:
        answers = answers.model_copy(update={"locale": locale})
    made = make_document("access", answers, None, how)
    _report("access", made.rendered, made.path)
