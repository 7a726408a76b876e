"""Which law, controller and supervisory authorities follow from the member's country."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.controllers import DEFAULT_CONTROLLER, Entity, load_controller
from generator.resources import load_data


@dataclass(frozen=True)
class Authority:
    key: str
    name: str
    letter_name: dict[str, str]
    address: tuple[str, ...]
    website: str
    lead: bool = False
    pec: str | None = None
    #: Italy: a complaint and a court action on the same matter exclude each other.
    exclusive_with_court: bool = False
    #: UK: the authority expects a complaint to the controller first.
    complain_first: bool = False
    #: Hong Kong: complaints within this many years.
    complaint_within_years: int | None = None


@dataclass(frozen=True)
class Jurisdiction:
    """What the member's country decides: the law, the controller and the authorities."""

    country: str
    region: str
    #: The member's own law: "gdpr", "uk_gdpr", "fadp" or "pdpo".
    law: str
    #: Whether the GDPR binds the controller for this member (it is established in the EU).
    gdpr: bool
    controller: Entity
    #: The authority of the member's country (or Land).
    authority: Authority
    #: The controller's lead supervisory authority under the GDPR (the Irish DPC), if it applies.
    lead_authority: Authority | None
    #: The country has several competent authorities (Germany): the member may choose.
    several_authorities: bool


class UnsupportedCountry(LookupError):
    def __init__(self, country: str):
        self.country = country
        super().__init__(country)


class UnknownRegion(LookupError):
    def __init__(self, country: str, region: str, known: list[str]):
        self.country, self.region, self.known = country, region, known
        super().__init__(region)


def _authority(key: str, raw: dict[str, Any]) -> Authority:
    return Authority(
        key=key,
        name=raw["name"],
        letter_name=raw["letter_name"],
        address=tuple(raw["address"]),
        website=raw["website"],
        lead=raw.get("lead", False),
        pec=raw.get("pec"),
        exclusive_with_court=raw.get("exclusive_with_court", False),
        complain_first=raw.get("complain_first", False),
        complaint_within_years=raw.get("complaint_within_years"),
    )


@cache
def _authorities() -> dict[str, Any]:
    return load_data("authorities")


def normalise_country(code: str) -> str:
    """``code`` upper-cased, with the aliases people use (UK → GB, EL → GR)."""
    code = code.strip().upper()
    return load_data("jurisdictions")["aliases"].get(code, code)


@cache
def supported_countries() -> tuple[str, ...]:
    """Every country a letter can be written for, sorted."""
    regions = load_data("jurisdictions")["regions"]
    return tuple(sorted(code for region in regions.values() for code in region["countries"]))


def regional_authorities(country: str) -> dict[str, list[str]]:
    """For a country with several authorities: region code → the names that select it."""
    regions = _authorities().get(country, {}).get("regions", {})
    return {code: [code, *spec["names"]] for code, spec in regions.items()}


def _member_authority(country: str, region: str | None) -> tuple[Authority, bool]:
    raw = _authorities()[country]  # tests/test_jurisdictions.py: every country has one
    several = bool(raw.get("several"))
    if region and raw.get("regions"):
        wanted = region.strip().casefold()
        for code, names in regional_authorities(country).items():
            if wanted in (n.casefold() for n in names):
                return _authority(f"{country}-{code}", raw["regions"][code]), several
        raise UnknownRegion(country, region, sorted(regional_authorities(country)))
    return _authority(country, raw), several


def jurisdiction_for(
    country: str, region: str | None = None, controller: str = DEFAULT_CONTROLLER
) -> Jurisdiction:
    """The jurisdiction of a member living in ``country`` (and ``region``, where it matters)."""
    country = normalise_country(country)
    regions = load_data("jurisdictions")["regions"]
    region_key = next((k for k, v in regions.items() if country in v["countries"]), None)
    if region_key is None:
        raise UnsupportedCountry(country)
    spec = regions[region_key]
    entity = load_controller(controller).entity_for(region_key)
    gdpr = spec["law"] == "gdpr" or entity.established_in_eu
    authority, several = _member_authority(country, region)
    lead = next((_authority(k, v) for k, v in _authorities().items() if v.get("lead")), None)
    return Jurisdiction(
        country=country,
        region=region_key,
        law=spec["law"],
        gdpr=gdpr,
        controller=entity,
        authority=authority,
        lead_authority=lead if gdpr else None,
        several_authorities=several,
    )
