"""A package's API in its ``__init__``, imported when first used (PEP 562): naming what a part
offers costs nothing until a caller takes it, so ``objection --help`` stays light."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exports(
    package: str, api: dict[str, tuple[str, ...]]
) -> tuple[Callable[[str], Any], list[str]]:
    """``__getattr__`` and ``__all__`` for ``package``, from {module: names it offers}."""
    where = {name: module for module, names in api.items() for name in names}

    def __getattr__(name: str) -> Any:
        if name in where:
            return getattr(importlib.import_module(where[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__, sorted(where)
