"""What an access request cites in each regime: Art. 15 GDPR and UK GDPR, Art. 25 FADP (with
Art. 15 GDPR where the GDPR binds the controller), s. 18 PDPO; and the time it gives."""

from __future__ import annotations

from dataclasses import dataclass

from generator.base.i18n import gettext
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
    deadline: str


def access_citations(law: Jurisdiction, locale: str) -> Access:
    """How an access request cites the member's law (Art. 15 GDPR; UK GDPR; Art. 25 FADP and,
    where the GDPR binds the controller, Art. 15 GDPR; s. 18 PDPO)."""
    _ = gettext(locale)
    gdpr_cite = law.cite(locale) if law.law in ("gdpr", "uk_gdpr") else _("GDPR")
    articles = law.law in ("gdpr", "uk_gdpr") or law.gdpr

    def cite(article: str) -> str:
        return _(" (%(article)s %(law)s)", article=article, law=gdpr_cite) if articles else ""

    if law.law == "fadp":
        basis = _("Article 25 FADP and Article 15 GDPR") if law.gdpr else _("Article 25 FADP")
    elif law.law == "pdpo":
        basis = _("section 18(1) PDPO")
    else:
        basis = _("Article 15 %(law)s", law=gdpr_cite)
    period = law.regime.access
    if law.law == "pdpo" and period:
        deadline = _(
            "Under section 19(1) PDPO you must comply with this request within %(days)d days "
            "of receiving it.",
            days=period.days,
        )
    elif law.law == "fadp" and period:
        deadline = (
            _(
                "Under Article 25(7) FADP you must as a rule give me this information within "
                "%(days)d days, and under Article 12(3) GDPR in any event within one month of "
                "receiving this request.",
                days=period.days,
            )
            if law.gdpr
            else _(
                "Under Article 25(7) FADP you must as a rule give me this information within "
                "%(days)d days.",
                days=period.days,
            )
        )
    elif law.law == "uk_gdpr":
        deadline = _(
            "Under Articles 12(3) and 12A UK GDPR you must reply without undue delay and in any "
            "event within one month of receiving this request; you may extend that period by "
            "two further months only where necessary, and only if you tell me so, with the "
            "reasons, within that month."
        )
    else:
        deadline = _(
            "Under Article 12(3) %(law)s you must reply without undue delay and in any event "
            "within one month of receiving this request; you may extend that period by two "
            "further months only where necessary, and only if you tell me so, with the "
            "reasons, within that month.",
            law=gdpr_cite,
        )
    return Access(
        basis=basis,
        purposes=cite(_("Article 15(1)(a) and (b)")),
        recipients=cite(_("Article 15(1)(c)")),
        retention=cite(_("Article 15(1)(d)")),
        source=cite(_("Article 15(1)(g)")),
        copy=cite(_("Article 15(3)")),
        deadline=deadline,
    )
