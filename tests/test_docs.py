"""The README is the front door: it shows every command and every answers field."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.answers.model import Answers
from generator.answers.schema import answers_fields
from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
sys.path.insert(0, str(ROOT / "scripts"))
from readme import updated  # noqa: E402


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"### `objection {command}`" in README
    assert cli.commands[command].help


def _fields(model: type, prefix: str = "") -> list[str]:
    names = []
    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        annotation = info.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            names += _fields(annotation, f"{prefix}{name}.")
        else:
            names.append(prefix + name)
    return names


@pytest.mark.parametrize("field", _fields(Answers))
def test_every_answers_field_is_documented(field: str) -> None:
    """Every field of the models has a Spec, so it reaches the README, init, sheets, options."""
    assert field in {f.path for f in answers_fields()}
    assert f"| `{field}` |" in README


def test_the_answers_table_is_current() -> None:
    """The README's answers table is generated from the schema (scripts/readme.py)."""
    assert updated(README) == README, "README.md is stale: run python scripts/readme.py"


def test_quick_start_is_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert block.strip().splitlines() == [
        "pip install . && objection letter --sample",
        "scripts/test",
    ]


def test_ci_runs_the_readmes_test_command() -> None:
    """CI and the README cannot drift apart: .ci/run calls the quick start's test command."""
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "\nscripts/test " in ci
    script = (ROOT / "scripts" / "test").read_text("utf-8")
    assert "apt-get install" in script and "python3 -m pytest" in script


def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's "Use it from Python" example, as a user would paste it."""
    block = README.split("## Use it from Python", 1)[1].split("```python", 1)[1].split("```")[0]
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README example", "exec"), {})
    assert (tmp_path / "letter.pdf").read_bytes().startswith(b"%PDF-")
