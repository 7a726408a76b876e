"""A letter as e-mail: an ``.eml`` draft with the PDF attached, and sending it through SMTP.

Nothing here reaches the network unless the user configured a server and asked to send
(``--send``); the password comes from the environment or a prompt, never an option, and no
message ever shows it.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from generator.base.errors import InvalidInput, ObjectionError
from generator.base.i18n import N_

#: Environment variables the SMTP settings default to.
ENV = {
    "host": "OBJECTION_SMTP_HOST",
    "port": "OBJECTION_SMTP_PORT",
    "security": "OBJECTION_SMTP_SECURITY",
    "user": "OBJECTION_SMTP_USER",
    "password": "OBJECTION_SMTP_PASSWORD",
}
SECURITY = ("starttls", "tls", "none")
_DEFAULT_PORT = {"starttls": 587, "tls": 465, "none": 25}


def draft(
    *,
    sender: str,
    to: str | None,
    subject: str,
    body: str,
    attachment_name: str,
    attachment: bytes,
    reference: str,
) -> EmailMessage:
    """The message: plain text body, the PDF attached. Without ``to``, a draft to address."""
    message = EmailMessage()
    message["From"] = sender
    if to:
        message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=reference, domain="objection.invalid")
    # Mail programs open an .eml with this header as an unsent draft.
    message["X-Unsent"] = "1"
    message.set_content(body)
    message.add_attachment(
        attachment, maintype="application", subtype="pdf", filename=attachment_name
    )
    return message


@dataclass(frozen=True)
class Smtp:
    """Where to send: host, port, security (starttls, tls or none), user."""

    host: str
    port: int
    security: str
    user: str | None


def smtp_settings(
    host: str | None, port: int | None, security: str | None, user: str | None
) -> Smtp:
    """The settings from the options, else the environment; an error naming what is missing."""
    host = host or os.environ.get(ENV["host"])
    if not host:
        raise InvalidInput(
            N_(
                "Sending needs an SMTP server: name one (or set %(variable)s), or write an "
                "e-mail draft instead."
            ),
            code="smtp.no_server",
            variable=ENV["host"],
        )
    security = (security or os.environ.get(ENV["security"]) or "starttls").lower()
    if security not in SECURITY:
        raise InvalidInput(
            N_("%(variable)s must be starttls, tls or none, not %(value)s."),
            variable=ENV["security"],
            value=security,
        )
    raw_port = port or os.environ.get(ENV["port"]) or _DEFAULT_PORT[security]
    try:
        number = int(raw_port)
    except ValueError:
        raise InvalidInput(
            N_("%(variable)s must be a port number, not %(value)s."),
            variable=ENV["port"],
            value=raw_port,
        ) from None
    return Smtp(host, number, security, user or os.environ.get(ENV["user"]))


def send(message: EmailMessage, smtp: Smtp, password: str | None) -> None:
    """Send ``message``; an ObjectionError that names the server (never the password)."""
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, context=context, timeout=60)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=60)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=context)
            if smtp.user:
                _login(client, smtp, password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        reason = _scrubbed(str(exc), smtp.user, password)
        raise ObjectionError(
            N_(
                "Could not send through %(host)s:%(port)d (%(reason)s): check the SMTP "
                "settings, or write an e-mail draft instead."
            ),
            code="smtp.failed",
            host=smtp.host,
            port=smtp.port,
            reason=reason.splitlines()[0] if reason else type(exc).__name__,
        ) from None


def _login(client: smtplib.SMTP, smtp: Smtp, password: str | None) -> None:
    """Log in; a refusal says only the server's code. Its words are never shown: a server may
    repeat the AUTH command it refused, and with it the user and password (base64 is no
    secret)."""
    assert smtp.user is not None
    try:
        client.login(smtp.user, password or "")
    except smtplib.SMTPResponseException as exc:
        raise ObjectionError(
            N_(
                "The SMTP server %(host)s:%(port)d refused the login of %(user)s (reply "
                "%(reply)d): check the user and its password."
            ),
            code="smtp.login",
            host=smtp.host,
            port=smtp.port,
            user=smtp.user,
            reply=exc.smtp_code,
        ) from None


def _scrubbed(text: str, user: str | None, password: str | None) -> str:
    """``text`` without ``password``, as itself or as any base64 an AUTH exchange sends."""
    import base64

    if not password:
        return text
    forms = [password, f"\0{user or ''}\0{password}", f"{user or ''}\0{password}"]
    for form in forms:
        encoded = base64.b64encode(form.encode("utf-8")).decode("ascii")
        for secret in (form, encoded, encoded.rstrip("=")):
            text = text.replace(secret, "***")
    return text
