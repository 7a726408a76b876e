"""How long a posted letter takes to arrive, where the member has not recorded the day it did:
our conservative assumption, from ``generator/data/delivery.toml`` (its comments give the basis
of each route)."""

from __future__ import annotations

from functools import cache

from generator.base.assets import asset_dir, load_data
from generator.facts.models import DeliveryTimes, PostRoute, validate


@cache
def _times() -> DeliveryTimes:
    path = asset_dir("data") / "delivery.toml"
    data: DeliveryTimes = validate(DeliveryTimes, load_data("delivery"), path)
    return data


def post_route(origin: str, destination: str) -> PostRoute:
    """Registered post from ``origin`` to ``destination`` (ISO 3166-1 alpha-2 countries): the
    days we assume it takes at most, and why."""
    times = _times()
    if origin == destination:
        return times.post.within_a_country
    if origin in times.europe and destination in times.europe:
        return times.post.within_europe
    return times.post.between_continents
