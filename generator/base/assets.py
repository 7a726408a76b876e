"""Where the package's own assets live, in a wheel and in a source checkout alike.

A wheel carries ``templates/`` and ``locales/`` inside the package (hatch force-include);
an editable install imports the package from the checkout, where they sit beside it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

_PACKAGE = Path(str(files("generator")))


@cache
def asset_dir(name: str) -> Path:
    """The folder ``name`` ("templates", "locales" or "data") as shipped with the package."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the package's {name}/ folder is missing: reinstall objection (pip install .)"
    )


@cache
def load_data(name: str | Path) -> dict[str, Any]:
    """A TOML data file: a name in ``generator/data`` ("authorities"), or a path."""
    path = name if isinstance(name, Path) else asset_dir("data") / f"{name}.toml"
    with path.open("rb") as fh:
        return tomllib.load(fh)
