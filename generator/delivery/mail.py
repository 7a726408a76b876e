"""A letter as e-mail: an ``.eml`` draft with the PDF attached, and sending it through SMTP.

Nothing here reaches the network unless the user configured a server and asked to send
(``--send``); the password comes from the environment or a prompt, never an option, and no
message ever shows it.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import unicodedata
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from generator.base.errors import InvalidInput, ObjectionError, visible
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


#: One address, nothing around it: no display name, no second address, no line break.
_ADDRESS = re.compile(r'[^@\s,;:<>()\[\]"\\]+@[^@\s,;:<>()\[\]"\\]+\.[^@\s.,;:<>()\[\]"\\]{2,}')


def _invisible(text: str) -> bool:
    """Whether ``text`` holds a control or format character (a line break, a bidi override)."""
    return any(unicodedata.category(c)[0] == "C" for c in text)


def check_address(address: str) -> str:
    """``address`` if it is one plain e-mail address; else InvalidInput (a header injected
    through a line break, a second recipient through a comma)."""
    if not _ADDRESS.fullmatch(address) or _invisible(address):
        raise InvalidInput(
            N_("%(address)s is not one e-mail address: write one, like name@example.org."),
            code="mail.bad_address",
            address=visible(address),
        )
    return address


def check_attachment_name(name: str) -> str:
    """``name`` if it can name an attachment (no line break or other control character)."""
    if _invisible(name):
        raise InvalidInput(
            N_(
                "%(name)s cannot name an e-mail attachment (it holds line breaks or control "
                "characters): choose another file name."
            ),
            code="mail.bad_file_name",
            name=visible(name),
        )
    return name


def check_sender(address: str) -> str:
    """:func:`check_address` for the sender (the member's address, from the answers)."""
    try:
        return check_address(address)
    except InvalidInput as exc:
        raise InvalidInput(exc.msg.msgid, code="mail.bad_sender", **exc.values) from None


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
    user = user or os.environ.get(ENV["user"])
    if host and (_invisible(host) or any(c.isspace() for c in host)):
        raise _bad_setting("host", host, code="smtp.bad_host")
    if user and _invisible(user):
        raise _bad_setting("user", user, code="smtp.bad_user")
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
    return Smtp(host, number, security, user)


def _bad_setting(variable: str, value: str, *, code: str) -> InvalidInput:
    """A setting that would write a line of its own into the SMTP conversation."""
    return InvalidInput(
        N_(
            "%(variable)s must not hold line breaks or control characters (nor, for a host, "
            "spaces): %(value)s."
        ),
        code=code,
        variable=ENV[variable],
        value=visible(value),
    )


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
