"""--eml, --send and the SMTP settings: what a document does besides being written. The
options become a :class:`generator.Delivery` (the password asked here, never in the library);
:func:`report_delivery` says what happened."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from generator import Delivery, InvalidInput, mail
from generator.cli.common import (
    N_,
    option,
    say,
    ui_gettext,
)
from generator.cli.passwords import terminal

#: The member's PEC box: what makes a sending a PEC (to a PEC address).
_PEC_FROM = option(
    "--pec-from",
    metavar="ADDRESS",
    help=N_(
        "Your PEC address: the message leaves from it through your PEC provider's "
        "server (--smtp-host), as a PEC when it goes to a PEC address."
    ),
)


def mail_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--eml, --send, --to, --via and the SMTP settings: what a document does besides being
    written (see :func:`delivery_from`)."""
    decorators = [
        option(
            "--eml",
            is_flag=True,
            help=N_("Also write an e-mail draft (.eml) with the PDF attached, to send yourself."),
        ),
        option(
            "--send",
            is_flag=True,
            help=N_(
                "Send it by e-mail through the SMTP server configured (--smtp-host or "
                "OBJECTION_SMTP_HOST), and record that it left."
            ),
        ),
        option(
            "--to",
            metavar="ADDRESS",
            help=N_("The recipient's e-mail or PEC address (default: the one we know, if any)."),
        ),
        option(
            "--via",
            type=click.Choice(["email", "pec"]),
            default=None,
            help=N_(
                "Record the sending as e-mail or PEC (default: pec from your PEC address to a "
                "PEC address we know, else e-mail)."
            ),
        ),
        _PEC_FROM,
        option(
            "--smtp-host", metavar="HOST", help=N_("SMTP server (default: OBJECTION_SMTP_HOST).")
        ),
        option(
            "--smtp-port", type=int, metavar="PORT", help=N_("SMTP port (default: by security).")
        ),
        option(
            "--smtp-security",
            type=click.Choice(["starttls", "tls", "none"]),
            help=N_("STARTTLS (default), TLS from the start, or none (a local test server)."),
        ),
        option(
            "--smtp-user",
            metavar="USER",
            help=N_(
                "SMTP user (default: OBJECTION_SMTP_USER); the password comes from "
                "OBJECTION_SMTP_PASSWORD or a prompt."
            ),
        ),
    ]
    for decorate in reversed(decorators):
        f = decorate(f)
    return f


#: The options :func:`mail_options` adds, as a command receives them.
MAIL_OPTIONS = (
    "eml",
    "send",
    "to",
    "via",
    "pec_from",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
)


def delivery_from(options: dict[str, Any], fmt: str) -> Delivery:
    """The e-mail options taken out of ``options`` (a command's keyword arguments); with
    --send, the SMTP settings and their password (from the environment, or asked)."""
    smtp = {k: options.pop(f"smtp_{k}") for k in ("host", "port", "security", "user")}
    eml, send, to, via = (options.pop(k) for k in ("eml", "send", "to", "via"))
    pec_from = options.pop("pec_from")
    for address in (to, pec_from):
        if address is not None:  # before anything is made: a line break would forge headers
            mail.check_address(address)
    if (eml or send) and fmt != "pdf":
        _ = ui_gettext()
        raise click.UsageError(_("--eml and --send attach the PDF: leave --format out."))
    if not send:
        return Delivery(eml=eml, to=to, via=via, pec_from=pec_from)
    settings = mail.smtp_settings(**smtp)
    password = _smtp_password(settings.user)
    return Delivery(eml, send, to, via, settings, password, pec_from)


def _smtp_password(user: str | None) -> str | None:
    """OBJECTION_SMTP_PASSWORD, else asked without echo (a user needs one); never an option."""
    password = os.environ.get(mail.ENV["password"])
    if not user or password is not None:
        return password
    if not terminal(stdout=False):
        raise InvalidInput(
            N_(
                "The SMTP user %(user)s needs a password: set %(variable)s, or run the "
                "command in a terminal to type it."
            ),
            user=user,
            variable=mail.ENV["password"],
        )
    _ = ui_gettext()
    value: str = click.prompt(
        _("SMTP password for %(user)s", user=user), hide_input=True, default="", show_default=False
    )
    return value


def report_delivery(made: Any, delivery: Delivery) -> None:
    """What became of the e-mail: the draft written, the message sent."""
    _ = ui_gettext()
    if made.eml is not None:
        say(_("Wrote %(path)s: an e-mail draft with the PDF attached.", path=made.eml))
        if not made.sent_to:
            say(_("The draft has no recipient: add one in your mail program (or give --to)."))
    if delivery.send:
        say(
            _(
                "Sent %(reference)s to %(to)s; recorded as sent today (%(via)s).",
                reference=made.letter.reference,
                to=made.sent_to,
                via=made.sent_via,
            )
        )
