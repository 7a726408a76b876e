"""Hatch build hook: compile the gettext catalogs into the wheel, refusing broken ones.

A catalog with a fuzzy header, fuzzy or untranslated messages, or format errors fails the
build: a half-translated letter must never ship quietly.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        if version == "editable":
            return  # an editable install compiles catalogs at run time (generator/base/i18n.py)
        out = self._out = Path(tempfile.mkdtemp(prefix="objection-mo-"))
        for po in sorted(Path(self.root, "locales").glob("*/LC_MESSAGES/messages.po")):
            lang = po.parent.parent.name
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
            problems = [f"{po}: fuzzy header"] if catalog.fuzzy else []
            for message in catalog:
                if not message.id:
                    continue
                if message.fuzzy or not message.string:
                    problems.append(f"{po}: untranslated or fuzzy: {message.id!r:.60}")
                for _msg, errors in [(message, list(message.check(catalog)))]:
                    problems.extend(f"{po}: {message.id!r:.60}: {e}" for e in errors)
            if problems:
                raise RuntimeError("catalogs not ready:\n" + "\n".join(problems))
            mo = out / lang / "messages.mo"
            mo.parent.mkdir(parents=True)
            with mo.open("wb") as fh:
                write_mo(fh, catalog)
            build_data["force_include"][str(mo)] = (
                f"generator/locales/{lang}/LC_MESSAGES/messages.mo"
            )

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """The compiled catalogs are in the wheel now: remove their temporary folder."""
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
