"""``objection sent REF --receipt FILE.eml``: what a PEC delivery receipt said, what was
recorded from it, and what its signature check did and did not show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.cli.common import say, ui_gettext, ui_locale


def say_receipt(recorded: Any) -> None:
    """The delivery, the receipt kept, and the signature: checked, and not checked."""
    from generator import long_date

    _ = ui_gettext()
    receipt, record = recorded.receipt, recorded.record
    moment: dt.datetime = receipt.moment
    say(
        _(
            "Recorded: %(reference)s was delivered on %(day)s at %(time)s (UTC%(zone)s; "
            "%(utc)s UTC) to %(to)s, as the PEC receipt of %(provider)s says.",
            reference=record.reference,
            day=long_date(moment.date(), ui_locale()),
            time=moment.strftime("%H:%M:%S"),
            zone=moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:],
            utc=moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            to=receipt.delivered_to or ", ".join(receipt.recipients),
            provider=receipt.provider,
        )
    )
    say(_("Kept the receipt as %(path)s: a complaint attaches it.", path=recorded.kept))
    if recorded.sending_recorded:
        say(
            _(
                "It was not recorded as sent: it is now, by PEC on %(day)s (if it left earlier, "
                "give --on DATE with --receipt).",
                day=long_date(record.sent_on, ui_locale()),
            )
        )
    _say_signature(recorded.signature)


def _say_signature(check: Any) -> None:
    _ = ui_gettext()
    if not check.signed:
        say(
            _(
                "The receipt carries no S/MIME signature: nothing shows that a PEC provider "
                "issued it. Keep the receipt exactly as your provider sent it."
            )
        )
        return
    validity = (
        _("valid on the day of delivery")
        if check.in_validity
        else _("NOT valid on the day of delivery")
    )
    say(
        _(
            "Checked: the receipt's S/MIME signature matches its content; it was made with the "
            "certificate of %(subject)s, issued by %(issuer)s, %(validity)s.",
            subject=check.subject,
            issuer=check.issuer,
            validity=validity,
        )
    )
    say(
        _(
            "Not checked (it needs the network): that this certificate belongs to a PEC "
            "provider on AgID's public list of providers, and that it was not revoked."
        )
    )
