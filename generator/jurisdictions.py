"""Which law, which region and which supervisory authority follow from the member's country."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from generator.resources import load_data


@dataclass(frozen=True)
class Authority:
    country: str
    name: str
    letter_name: dict[str, str]
    address: tuple[str, ...]
    website: str
    lead: bool = False
    pec: str | None = None


@dataclass(frozen=True)
class Jurisdiction:
    """What the member's country decides: the region, the law and the authorities."""

    country: str
    region: str
    regime: str
    #: The authority of the member's own country, where the data has one.
    authority: Authority | None
    #: The controller's lead supervisory authority (the Irish DPC for LinkedIn Ireland).
    lead_authority: Authority


class UnsupportedCountry(LookupError):
    def __init__(self, country: str, planned: bool):
        self.country = country
        self.planned = planned
        super().__init__(country)


@cache
def _authorities() -> dict[str, Authority]:
    return {
        code: Authority(
            country=code,
            name=v["name"],
            letter_name=v["letter_name"],
            address=tuple(v["address"]),
            website=v["website"],
            lead=v.get("lead", False),
            pec=v.get("pec"),
        )
        for code, v in load_data("authorities").items()
    }


def supported_countries() -> list[str]:
    """Every country a letter can be written for today, sorted."""
    regions = load_data("jurisdictions")["regions"]
    return sorted(code for region in regions.values() for code in region["countries"])


def jurisdiction_for(country: str) -> Jurisdiction:
    """The jurisdiction of a member living in ``country`` (ISO 3166-1 alpha-2)."""
    country = country.upper()
    data = load_data("jurisdictions")
    for region, spec in data["regions"].items():
        if country in spec["countries"]:
            authorities = _authorities()
            lead = next(a for a in authorities.values() if a.lead)
            return Jurisdiction(
                country=country,
                region=region,
                regime=spec["regime"],
                authority=authorities.get(country),
                lead_authority=lead,
            )
    planned = any(country in codes for codes in data["planned"].values())
    raise UnsupportedCountry(country, planned)
