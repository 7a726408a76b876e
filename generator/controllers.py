"""Controller facts (who processes the data, where to write, what it calls its data), from data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from generator.errors import InvalidInput
from generator.resources import asset_dir, load_data

DEFAULT_CONTROLLER = "linkedin"


@dataclass(frozen=True)
class Entity:
    key: str
    name: str
    address: tuple[str, ...]
    established_in_eu: bool
    confirmed: bool


@dataclass(frozen=True)
class Category:
    key: str
    label: dict[str, str]
    covers: dict[str, str]
    switch: bool


@dataclass(frozen=True)
class Controller:
    key: str
    name: str
    training_since: dt.date
    entities: dict[str, Entity]
    controller_by_region: dict[str, str]
    categories: dict[str, Category]
    setting: dict
    objection_form: dict
    dpo_form: dict
    checked: dt.date

    def entity_for(self, region: str) -> Entity:
        """The legal entity that is the controller for members of ``region``."""
        return self.entities[self.controller_by_region[region]]


def available_controllers() -> list[str]:
    return sorted(p.stem for p in (asset_dir("data") / "controllers").glob("*.toml"))


@cache
def load_controller(key: str = DEFAULT_CONTROLLER) -> Controller:
    """The controller ``key`` from ``generator/data/controllers/<key>.toml``."""
    if key not in available_controllers():
        raise InvalidInput(
            f"Unknown controller {key!r}: use one of {', '.join(available_controllers())}."
        )
    raw = load_data(f"controllers/{key}")
    entities = {
        k: Entity(k, v["name"], tuple(v["address"]), v["established_in_eu"], v["confirmed"])
        for k, v in raw["entities"].items()
    }
    categories = {
        k: Category(k, v["label"], v["covers"], v["switch"]) for k, v in raw["categories"].items()
    }
    return Controller(
        key=key,
        name=raw["name"],
        training_since=raw["training_since"],
        entities=entities,
        controller_by_region=raw["controller_by_region"],
        categories=categories,
        setting=raw["setting"],
        objection_form=raw["objection_form"],
        dpo_form=raw["dpo_form"],
        checked=raw["checked"],
    )
