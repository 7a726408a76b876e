"""Catalogs are current, complete and valid; the wheel carries them compiled."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locales" / "it" / "LC_MESSAGES" / "messages.po"


def test_messages_pot_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "catalogs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_italian_catalog_is_complete_and_not_fuzzy() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="it")
    with (ROOT / "locales" / "messages.pot").open("rb") as fh:
        pot = read_po(fh)
    assert not catalog.fuzzy
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated and not fuzzy
    assert {m.id for m in pot if m.id} == {m.id for m in catalog if m.id}
    errors = [(m.id, e) for m in catalog for e in m.check(catalog)]
    assert not errors


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) missing")
def test_msgfmt_check_accepts_the_catalog(tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "it.mo"), str(PO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_wheel_carries_assets_and_compiled_catalogs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    before = set(Path(tempfile.gettempdir()).glob("objection-mo-*"))
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    # The build hook cleans up the folder it compiled the catalogs in.
    assert set(Path(tempfile.gettempdir()).glob("objection-mo-*")) <= before
    wheel = next(dist.glob("gdpr_objection-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.endswith((".po", ".pot"))], "sources stay out of the wheel"
    assert any(n.endswith("licenses/LICENSE") for n in names)
    for required in (
        "generator/locales/it/LC_MESSAGES/messages.mo",
        "generator/templates/letter/base.j2",
        "generator/templates/letter/regimes/gdpr.j2",
        "generator/templates/letter/letter.css",
        "generator/data/controllers/linkedin.toml",
        "generator/data/samples/it.toml",
    ):
        assert required in names, required

    # Installed from the wheel and run from another folder, it finds all its assets.
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "letter",
            "--sample",
            "--locale",
            "it",
            "--format",
            "txt",
            "-o",
            "-",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Distinti saluti." in result.stdout
    assert not (elsewhere / "out").exists()
    check = subprocess.run(
        [sys.executable, "-c", "import generator.base.assets as r; print(r.asset_dir('locales'))"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.strip().startswith(str(target))


def test_every_message_can_be_extracted() -> None:
    """A message passed straight to ui_gettext()(…) escapes extraction (Babel looks for _(…)):
    it would stay English for ever. Take ``_ = ui_gettext()`` first."""
    calls = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "generator").rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if "gettext()(" in line
    ]
    assert calls == []


def test_italian_is_gender_neutral_without_slashes() -> None:
    """No "Il/La sottoscritto/a": first person or neutral wording instead."""
    import re

    catalog = (ROOT / "locales" / "it" / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    slashed = re.findall(r"\b\w+[oi]/[ae]\b|\b(?:Il/La|del/della|al/alla)\b", catalog)
    assert slashed == []
