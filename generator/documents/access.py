"""What an access request cites in each regime: Art. 15 GDPR and UK GDPR, Art. 25 FADP (with
Art. 15 GDPR where the GDPR binds the controller), s. 18 PDPO; and the time it gives.

The wording is the access request's, per regime (``templates/after/access/<law>.j2``): its
blocks ``articles_of``, ``basis`` and ``deadline``, rendered alone."""

from __future__ import annotations

from dataclasses import dataclass

from generator.base.i18n import gettext
from generator.documents.templates import regime_piece
from generator.facts.jurisdictions import Jurisdiction


@dataclass(frozen=True)
class Access:
    """The access request's citations in the member's regime and language."""

    basis: str
    purposes: str
    recipients: str
    retention: str
    source: str
    copy: str
    #: Where the law says a first copy is free (Art. 12(5) GDPR, UK GDPR), its citation.
    free: str
    #: Where transparency grounds the questions Article 15 does not answer (the recipients'
    #: roles, the balancing test): Arts. 5(1)(a) and 13(1)(d) of the member's GDPR.
    transparency: str
    deadline: str


def access_citations(law: Jurisdiction, locale: str) -> Access:
    """How an access request cites the member's law (Art. 15 GDPR; UK GDPR; Art. 25 FADP and,
    where the GDPR binds the controller, Art. 15 GDPR; s. 18 PDPO), and the time it gives (the
    regime's access period, from the deadline engine's data)."""
    from generator.deadlines import period_for

    _ = gettext(locale)
    context = {"cite": law.cite(locale), "period": period_for(law.regime.law, "access")}

    def piece(block: str) -> str:
        return regime_piece("after/access", law, locale, block, **context)

    articles_of = piece("articles_of")

    def cite(article: str) -> str:
        return _(" (%(article)s %(law)s)", article=article, law=articles_of) if articles_of else ""

    return Access(
        basis=piece("basis"),
        purposes=cite(_("Article 15(1)(a) and (b)")),
        recipients=cite(_("Article 15(1)(c)")),
        retention=cite(_("Article 15(1)(d)")),
        source=cite(_("Article 15(1)(g)")),
        copy=cite(_("Article 15(3)")),
        free=cite(_("Article 12(5)")),
        transparency=cite(_("Articles 5(1)(a) and 13(1)(d)")),
        deadline=piece("deadline"),
    )
