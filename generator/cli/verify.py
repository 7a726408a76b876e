"""``objection verify``: who signed a letter, when, and whether it changed since."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    UserError,
    common_options,
    ui_gettext,
    ui_locale,
)


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Check a signed letter: who signed it and when, whether it is intact or was changed "
        "after signing, and whether the certificate is trusted. Exit 0 intact, 1 changed or "
        "invalid, 2 not a PDF or not signed."
    ),
)
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    metavar="CERT",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    cls=TranslatedOption,
    help=N_("A certificate (PEM or DER) to trust as a root, e.g. your provider's CA."),
)
@common_options
def verify(pdf: Path, trust: tuple[Path, ...], locale: str | None) -> None:
    from babel.dates import format_datetime

    from generator import (
        MAX_PDF_BYTES,
        cldr_locale,
        load_trust_root,
        read_regular,
        verify_pdf,
    )

    _ = ui_gettext()
    lang = ui_locale()
    roots = [load_trust_root(read_regular(p, max_bytes=1024 * 1024), str(p)) for p in trust]
    results = verify_pdf(read_regular(pdf, max_bytes=MAX_PDF_BYTES), roots)
    trust_words = {
        "trusted": _("trusted (it chains to a certificate you trust)"),
        "self-signed": _("self-signed: it proves that the file is unchanged, not who signed"),
        "unknown": _("issued by an authority not known here: use --trust with its certificate"),
    }
    ok = True
    for number, result in enumerate(results, 1):
        when = (
            format_datetime(result.signed_at, "medium", tzinfo=dt.UTC, locale=cldr_locale(lang))
            + " UTC"
            if result.signed_at
            else "?"
        )
        if not result.intact:
            state = _("INVALID: the signed content was changed, or the signature is broken")
        elif result.changed_after:
            changed = ", ".join(c.text(lang) for c in result.changes) or "?"
            state = _(
                "CHANGED after signing: content was added or altered since (%(what)s)",
                what=changed,
            )
        elif result.uncovered is not None:
            state = _(
                "NOT WHOLLY SIGNED: the signature does not cover the whole file (%(what)s was "
                "added after it)",
                what=result.uncovered.text(lang),
            )
        else:
            state = _("intact: unchanged since it was signed")
        ok = ok and result.holds
        click.echo(_("Signature %(number)d of %(count)d", number=number, count=len(results)))
        click.echo("  " + _("Signed by: %(name)s", name=result.signer))
        if result.subject:
            click.echo("  " + _("Subject: %(subject)s", subject=result.subject))
            click.echo("  " + _("Issued by: %(issuer)s", issuer=result.issuer))
            click.echo("  " + _("Qualified: %(what)s", what=_qualified(result.qualification)))
        click.echo("  " + _("Signed on: %(when)s", when=when))
        click.echo("  " + _("Document: %(state)s", state=state))
        click.echo("  " + _("Certificate: %(trust)s", trust=trust_words[result.trust]))
    if not ok:
        raise UserError(_("%(pdf)s: the signature does not hold.", pdf=pdf), 1)


def _qualified(q: Any) -> str:
    """What the certificate says of itself: qualified or not, and on what grounds."""
    _ = ui_gettext()
    said = [
        text
        for present, text in (
            (q.compliance, _("QcCompliance: issued as an EU qualified certificate")),
            (q.sscd, _("QcSSCD: its key is on a qualified signature device")),
            (q.esign, _("QcType: for electronic signatures")),
            (q.non_repudiation, _("key usage nonRepudiation")),
        )
        if present
    ]
    if q.qualified:
        head = _(
            "yes, by what the certificate states (the EU Trusted Lists, which say whether its "
            "issuer is a qualified provider, are not read offline)"
        )
    else:
        head = _("no: it does not state that it is a qualified signature certificate")
    return head + "".join(f"; {text}" for text in said)
