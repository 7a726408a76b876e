"""Controller facts (who processes the data, where to write, what it calls its data), from data.

A controller is a TOML file in ``generator/data/controllers/``: adding one needs no Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.base.assets import asset_dir, load_data
from generator.base.errors import InvalidInput
from generator.base.i18n import N_

DEFAULT_CONTROLLER = "linkedin"

if TYPE_CHECKING:  # pydantic only when a controller is loaded: `objection --help` stays fast
    from generator.facts.models import Category, ControllerData, Entity

__all__ = ["Controller", "available_controllers", "load_controller"]

#: Extra folders of controller files (tests add a fictitious one).
CONTROLLER_DIRS: list[Path] = []


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in (asset_dir("data") / "controllers", *CONTROLLER_DIRS):
        for path in sorted(folder.glob("*.toml")):
            found.setdefault(path.stem, path)
    return found


def available_controllers() -> list[str]:
    return sorted(_files())


@dataclass(frozen=True)
class Controller:
    """A controller's data, with the lookups the letters need."""

    key: str
    data: ControllerData

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def categories(self) -> dict[str, Category]:
        return self.data.categories

    def entity_for(self, region: str) -> Entity:
        """The legal entity that is the controller for members of ``region``."""
        key = self.data.controller_by_region[region]
        return self.data.entities[key].model_copy(update={"key": key})

    def serves(self, region: str) -> bool:
        return region in self.data.controller_by_region


@cache
def load_controller(key: str = DEFAULT_CONTROLLER) -> Controller:
    """The controller ``key`` from its data file, validated."""
    from generator.facts.models import ControllerData, validate

    files = _files()
    if key not in files:
        raise InvalidInput(
            N_("Unknown controller %(key)s: use one of %(known)s."),
            key=key,
            known=", ".join(sorted(files)),
        )
    path = files[key]
    return Controller(key, validate(ControllerData, load_data(path), path))
