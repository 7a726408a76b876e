"""Which law, controller and supervisory authorities follow from the member's country."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from generator.base.assets import asset_dir, load_data
from generator.facts.controllers import DEFAULT_CONTROLLER, load_controller
from generator.facts.models import (
    Authorities,
    Authority,
    Entity,
    Jurisdictions,
    Regime,
    Representative,
    validate,
)

__all__ = ["Authority", "Jurisdiction", "jurisdiction_for", "supported_countries"]


@dataclass(frozen=True)
class Jurisdiction:
    """What the member's country decides: the law, the controller and the authorities."""

    country: str
    #: The region of the plan (jurisdictions.toml): "eu_eea", "united_kingdom", …
    region: str
    regime: Regime
    #: Whether the GDPR binds the controller for this member (it is established in the EU).
    gdpr: bool
    controller: Entity
    #: The authority of the member's country (or Land).
    authority: Authority
    #: The controller's lead supervisory authority under the GDPR (the Irish DPC), if it applies.
    lead_authority: Authority | None
    #: The controller's representative in the member's region (Art. 14 FADP, Art. 27 UK GDPR),
    #: as its data knows it: None where the data says nothing, a nameless entry where none is
    #: known.
    representative: Representative | None = None

    @property
    def law(self) -> str:
        """The member's own law: "gdpr", "uk_gdpr", "fadp" or "pdpo" (its template's name)."""
        return self.regime.law

    @property
    def eea_state(self) -> bool:
        """An EEA State that is not an EU Member State (Iceland, Liechtenstein, Norway)."""
        return self.country in self.regime.eea_states

    def cite(self, locale: str) -> str:
        """How the letter cites the law it invokes Article 21 of ("GDPR", "UK GDPR and GDPR")."""
        both = self.gdpr and self.law != "gdpr" and self.regime.cite_with_gdpr
        return (self.regime.cite_with_gdpr if both else self.regime.cite)[locale]  # type: ignore[index]


class UnsupportedCountry(LookupError):
    def __init__(self, country: str):
        self.country = country
        super().__init__(country)


@cache
def _jurisdictions() -> Jurisdictions:
    path = asset_dir("data") / "jurisdictions.toml"
    data: Jurisdictions = validate(Jurisdictions, load_data("jurisdictions"), path)
    return data


@cache
def _authorities() -> dict[str, Authority]:
    path = asset_dir("data") / "authorities.toml"
    data: Authorities = validate(Authorities, {"by_country": load_data("authorities")}, path)
    return data.by_country


def country_name(code: str, locale: str) -> str:
    """The country's name in a letter: CLDR's, unless the data gives a shorter usual one."""
    from generator.base.i18n import country_name as cldr_name

    names = _jurisdictions().country_names.get(code)
    return names[locale] if names else cldr_name(code, locale)


def normalise_country(code: str) -> str:
    """``code`` upper-cased, with the aliases people use (UK → GB, EL → GR)."""
    code = code.strip().upper()
    return _jurisdictions().aliases.get(code, code)


@cache
def supported_countries(controller: str = DEFAULT_CONTROLLER) -> tuple[str, ...]:
    """Every country a letter to ``controller`` can be written for, sorted."""
    served = load_controller(controller).serves
    regions = _jurisdictions().regions
    return tuple(sorted(c for key, r in regions.items() if served(key) for c in r.countries))


def regional_authorities(country: str) -> dict[str, list[str]]:
    """For a country with several authorities: region code → the names that select it."""
    authority = _authorities().get(country)
    regions = authority.regions if authority else {}
    return {code: [code, *spec.names] for code, spec in regions.items()}


def _member_authority(country: str, region: str | None) -> Authority:
    authority = _authorities()[country]  # tests/test_jurisdictions.py: every country has one
    if region and authority.regions:
        wanted = region.strip().casefold()
        for code, names in regional_authorities(country).items():
            if wanted in (n.casefold() for n in names):
                return authority.regions[code]
    return authority


def jurisdiction_for(
    country: str, region: str | None = None, controller: str = DEFAULT_CONTROLLER
) -> Jurisdiction:
    """The jurisdiction of a member living in ``country`` (and ``region``, where it matters)."""
    country = normalise_country(country)
    regions = _jurisdictions().regions
    owner = load_controller(controller)
    key = next((k for k, v in regions.items() if country in v.countries and owner.serves(k)), None)
    if key is None:
        raise UnsupportedCountry(country)
    entity = owner.entity_for(key)
    regime = regions[key]
    gdpr = regime.law == "gdpr" or entity.established_in_eu
    lead = next((a for a in _authorities().values() if a.lead), None)
    return Jurisdiction(
        country=country,
        region=key,
        regime=regime,
        gdpr=gdpr,
        controller=entity,
        authority=_member_authority(country, region),
        lead_authority=lead if gdpr else None,
        representative=owner.data.representatives.get(key),
    )
