"""What the command line adds to a library message: the option or command that mends it. The
library says what is wrong and what to do in words any front can show; only here are options
named, by the message's code (:attr:`generator.ObjectionError.code`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator import N_

#: A message's code → the command line's way to do what it asks (formatted with its values).
HINTS = {
    "grounds.other_language": N_("(--locale %(language)s)"),
    "smtp.no_server": N_("Give --smtp-host HOST, or use --eml for a draft."),
    "smtp.failed": N_("(--eml writes the draft.)"),
    "smtp.login": N_("(--smtp-user, and OBJECTION_SMTP_PASSWORD or the prompt)"),
    "register.unavailable": N_("(--register, or OBJECTION_REGISTER)"),
    "register.before_letter": N_("(--on DATE)"),
    "register.received_before_sent": N_("(--received DATE)"),
    "register.not_sent": N_("objection sent %(reference)s --on DATE --via post|email|pec|form"),
    "follow.not_sent": N_(
        "objection sent %(reference)s --on DATE --via post|email|pec|form (--received DATE)"
    ),
    "complaint.reminder_unsent": N_(
        "objection sent %(reminder)s --on DATE --via …; or --force, for a complaint that does "
        "not mention it."
    ),
    "complaint.reminder_running": N_(
        "(--force makes it now, once you confirm that it says it comes before that day.)"
    ),
    "register.no_answers": N_("(--answers FILE)"),
    "batch.busy": N_("(--out FOLDER)"),
    "batch.manifest_unwritable": N_("(the same command with --resume)"),
    "batch.worker_died": N_("(the same command with --resume)"),
    "pkcs11.removed": N_("(the same command with --resume, for a batch)"),
    "pkcs11.no_module": N_("(--pkcs11-module PATH)"),
    "pkcs11.no_token": N_("(--pkcs11-token LABEL)"),
    "pkcs11.which_token": N_("(--pkcs11-token LABEL)"),
    "pkcs11.no_key": N_("(--pkcs11-key LABEL)"),
    "pkcs11.which_key": N_("(--pkcs11-key LABEL)"),
    "pkcs11.usage": N_("(--pkcs11-key LABEL)"),
    "pkcs11.wrong_pin": N_("(OBJECTION_PKCS11_PIN, or the prompt)"),
    "cluster.lost": N_("(the same command with --resume)"),
    "cluster.chunk_failed": N_("(the same command with --resume)"),
    "cluster.version_changed": N_("(the same command with --resume)"),
    "cluster.not_shared_later": N_("(the same command with --resume)"),
    "cluster.not_shared": N_("(--out FOLDER)"),
    "sheet.encoding": N_("(--encoding NAME)"),
    "sheet.missing_column": N_("(--defaults FILE)"),
    "complaint.no_land": N_("(--answers FILE)"),
    "form.limit_unconfirmed": N_("(--max-chars N)"),
    "form.limit_too_small": N_("(--max-chars N)"),
    "mail.no_recipient": N_("(--to ADDRESS)"),
    "mail.pec_needs_box": N_("(--pec-from ADDRESS, or --via email)"),
    "mail.bad_address": N_("(--to ADDRESS)"),
    "mail.bad_file_name": N_("(-o FILE)"),
    "smtp.bad_host": N_("(--smtp-host HOST)"),
    "smtp.bad_user": N_("(--smtp-user USER)"),
    "follow_up.answered": N_("objection complaint %(reference)s writes it."),
    "follow_up.not_due": N_("objection answered %(reference)s --outcome …"),
    "follow_up.extended": N_(
        "(--force makes the reminder now, once you confirm that it comes before the extension's "
        "end; without a terminal, add --confirm-before %(until)s.)"
    ),
    "register.extension_before": N_("(--extended-to DATE)"),
}


def with_hint(
    message: str, code: str, values: Mapping[str, Any], translate: Callable[..., str]
) -> str:
    """``message`` (translated) and, where its code has one, the command line's hint
    (``translate``: the command line's ``_``)."""
    hint = HINTS.get(code)
    if hint is None:
        return message
    return f"{message} {translate(hint, **_plain(values))}"


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values a hint may name (text and numbers; messages are not re-translated here)."""
    return {k: v for k, v in values.items() if isinstance(v, str | int)}
