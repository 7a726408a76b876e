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
    ui_ngettext,
)


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Check a signed letter: who signed it and when, whether it is intact or was changed "
        "after signing, and whether the certificate is trusted; an evidence pack: its own "
        "signature, each file against its SHA-256, and the signatures inside. Exit 0 intact, "
        "1 changed or invalid, 2 not a PDF or not signed."
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
    from generator import (
        MAX_PDF_BYTES,
        load_trust_root,
        read_regular,
        verify_pack,
        verify_pdf,
    )

    _ = ui_gettext()
    roots = [load_trust_root(read_regular(p, max_bytes=1024 * 1024), str(p)) for p in trust]
    data = read_regular(pdf, max_bytes=MAX_PDF_BYTES)
    pack = verify_pack(data, roots)
    if pack is not None:
        if not _say_pack(pack):
            raise UserError(_("%(pdf)s: the evidence does not hold.", pdf=pdf), 1)
        return
    if not _say_signatures(verify_pdf(data, roots)):
        raise UserError(_("%(pdf)s: the signature does not hold.", pdf=pdf), 1)


def _say_pack(pack: Any) -> bool:
    """An evidence pack: its own signature, each file against its listed SHA-256, the
    signatures inside."""
    _, n_ = ui_gettext(), ui_ngettext()
    click.echo(
        n_(
            "Evidence of %(reference)s, made %(made)s: %(num)d file listed",
            "Evidence of %(reference)s, made %(made)s: %(num)d files listed",
            len(pack.files),
            reference=pack.reference,
            made=pack.made,
        )
    )
    if pack.signed:
        click.echo(_("The pack's own signature (it covers the list and every file in it):"))
        _say_signatures(pack.signatures, indent="  ")
    else:
        click.echo(
            _(
                "The pack itself is not signed: the list and the files could be replaced "
                "together. A file that is signed shows its signature below."
            )
        )
    states = {
        "intact": _("intact: its SHA-256 is the one listed"),
        "changed": _("CHANGED: its SHA-256 is not the one listed"),
        "missing": _("MISSING from the pack"),
    }
    for file in pack.files:
        click.echo(f"  {file.name}: {states[file.state]}")
        if file.signatures:
            _say_signatures(file.signatures, indent="    ")
    for name in pack.unlisted:
        click.echo("  " + _("%(name)s: NOT LISTED: added to the pack after it was made", name=name))
    return bool(pack.holds)


def _say_signatures(results: Any, indent: str = "") -> bool:
    """Each signature: who, when, whether the document is intact, the certificate."""
    from babel.dates import format_datetime

    from generator import cldr_locale

    _ = ui_gettext()
    lang = ui_locale()
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
        ok = ok and result.holds
        lines = [_("Signature %(number)d of %(count)d", number=number, count=len(results))]
        lines.append("  " + _("Signed by: %(name)s", name=result.signer))
        if result.subject:
            lines.append("  " + _("Subject: %(subject)s", subject=result.subject))
            lines.append("  " + _("Issued by: %(issuer)s", issuer=result.issuer))
            lines.append("  " + _("Qualified: %(what)s", what=_qualified(result.qualification)))
        lines.append("  " + _("Signed on: %(when)s", when=when))
        lines.append("  " + _("Document: %(state)s", state=_state(result)))
        lines.append("  " + _("Certificate: %(trust)s", trust=trust_words[result.trust]))
        for line in lines:
            click.echo(indent + line)
    return ok


def _state(result: Any) -> str:
    """Whether the signed document is intact, changed after signing, or not wholly signed."""
    _ = ui_gettext()
    lang = ui_locale()
    if not result.intact:
        return _("INVALID: the signed content was changed, or the signature is broken")
    if result.changed_after:
        changed = ", ".join(c.text(lang) for c in result.changes) or "?"
        return _(
            "CHANGED after signing: content was added or altered since (%(what)s)",
            what=changed,
        )
    if result.uncovered is not None:
        return _(
            "NOT WHOLLY SIGNED: the signature does not cover the whole file (%(what)s was "
            "added after it)",
            what=result.uncovered.text(lang),
        )
    return _("intact: unchanged since it was signed")


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
