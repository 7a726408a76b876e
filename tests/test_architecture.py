"""The house: sub-packages named after the pipeline, imports that run only down it.

Every ``import`` in ``generator/`` counts, the ones inside functions too: a function-level
import hides a cycle from Python, not from a reader. The layers, top to bottom, are
:data:`LAYERS`; docs/architecture.md draws them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

#: Top to bottom: a module may import its own part and the parts below it, never above.
LAYERS = (
    "cli",  # the edge: parse, call the front door, print, exit codes (and __main__)
    # The other edge: the web front (objection serve starts it; it is reached as
    # ``from generator import web``, and imports nothing but the front door itself).
    "web",
    "",  # the front door, generator/__init__.py
    "batch",  # a staff sheet in, letters and a manifest out
    "making",  # the one operation: render, sign, write, record, draft or send any document
    "documents",  # answers + facts → the text and HTML of every document
    "register",  # what was made, sent, received, answered
    "deadlines",  # every legal date
    "answers",  # the member's answers, read and validated
    "pdf",  # HTML → tagged PDF/A, the renderer process, fonts
    "signature",  # sign, verify
    "delivery",  # e-mail drafts, SMTP
    "facts",  # controllers, regimes, authorities: data with sources
    "base",  # errors, languages, safe files, the package's own files
)

#: Heavy libraries a module may import only inside a function (commands that need none of them
#: start fast).
HEAVY = (
    "weasyprint",
    "pyhanko",
    "sqlalchemy",
    "alembic",
    "pydantic_core.core_schema",
    "dask",  # the cluster (an extra): only when a batch runs on one
    "distributed",
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str) -> Iterator[tuple[str, str, bool]]:
    """(module imported, name taken from it or "", at module level?) for each import."""
    path = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        at_top = id(node) in top_level
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, "", at_top
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            for alias in node.names:
                yield module, alias.name, at_top


def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name in MODULES:
        targets = set()
        for module, taken, _ in _imports(name):
            if module.split(".")[0] != "generator":
                continue
            target = f"{module}.{taken}" if f"{module}.{taken}" in MODULES else module
            if target != name:
                targets.add(target)
        edges[name] = targets
    return edges


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return ""
    return "cli" if parts[1] == "__main__" else parts[1]


def _cycles(edges: dict[str, set[str]]) -> list[str]:
    """The modules on an import cycle, or leading into one: what is left once modules that
    import nothing left are taken away, again and again."""
    left = {name: targets & edges.keys() for name, targets in edges.items()}
    while leaves := [name for name, targets in left.items() if not targets]:
        for name in leaves:
            del left[name]
        for targets in left.values():
            targets.difference_update(leaves)
    return sorted(left)


def test_every_module_belongs_to_a_layer() -> None:
    assert {_layer(m) for m in MODULES} <= set(LAYERS)


def test_no_import_cycles() -> None:
    assert _cycles(_edges()) == []


def test_imports_run_only_down_the_pipeline() -> None:
    up = [
        f"{source} → {target}"
        for source, targets in _edges().items()
        for target in targets
        if target in MODULES and LAYERS.index(_layer(target)) < LAYERS.index(_layer(source))
    ]
    assert up == []


@pytest.mark.parametrize("edge", ["cli", "web"])
def test_the_edges_go_through_the_front_door(edge: str) -> None:
    """cli/ and web/ import ``generator`` and their own modules, nothing of the library behind
    them (the command line starts the web front as ``from generator import web``)."""
    allowed = {"cli": {"cli", "web"}, "web": {"web"}}[edge]

    def behind(module: str, taken: str) -> bool:
        if module == "generator":  # the front door's names, or a sub-package taken from it
            return f"generator.{taken}" in MODULES and taken not in allowed
        return module.startswith("generator.") and module.split(".")[1] not in allowed

    around = [
        f"{name} imports {module}.{taken}"
        for name in MODULES
        if _layer(name) == edge
        for module, taken, _ in _imports(name)
        if behind(module, taken)
    ]
    assert around == []


def test_no_module_takes_another_ones_private_name() -> None:
    private = [
        f"{name} takes {module}.{taken}"
        for name in MODULES
        for module, taken, _ in _imports(name)
        if module.startswith("generator")
        and taken.startswith("_")
        and not taken.startswith("__")
        and module != name
    ]
    assert private == []


def test_heavy_libraries_are_imported_only_where_used() -> None:
    eager = [
        f"{name} imports {module} at module level"
        for name in MODULES
        for module, _, at_top in _imports(name)
        if at_top and module.split(".")[0] in HEAVY and not name.startswith(HEAVY_HOMES)
    ]
    assert eager == []


#: Modules that exist to wrap a heavy library, imported lazily by everything else: WeasyPrint's
#: URL fetcher, pyHanko's signer, Alembic's migrations, the register's declarative model
#: (SQLAlchemy's ORM; the store imports it when the register is opened).
HEAVY_HOMES = (
    "generator.pdf.fetcher",
    "generator.signature.keys",
    "generator.register.migrations",
    "generator.register.schema",
)


@pytest.mark.parametrize(
    "package",
    sorted(
        m
        for m in MODULES
        if MODULES[m].name == "__init__.py" and not m.startswith("generator.register.migrations")
    ),
)
def test_each_part_says_what_it_is(package: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[package].read_text("utf-8")))
    assert docstring and len(docstring.split()) >= 6, f"{package}/__init__.py: say what it is for"


@pytest.mark.parametrize("package", sorted(p for p in LAYERS if p not in ("cli", "")))
def test_each_parts_api_is_there(package: str) -> None:
    """What a part's ``__init__`` offers can be taken (it is imported when first used)."""
    import importlib

    module = importlib.import_module(f"generator.{package}")
    missing = [name for name in getattr(module, "__all__", ()) if not hasattr(module, name)]
    assert missing == []


def _library_messages() -> Iterator[tuple[str, str]]:
    """(module, message id) of every message the library outside cli/ writes."""
    for name, path in MODULES.items():
        if _layer(name) in ("cli", "web"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("N_", "msg")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                yield name, str(node.args[0].value)


def test_library_messages_name_no_command_line_option() -> None:
    """The library says what to do in words; the command line names its options, by the
    message's code (generator/cli/hints.py)."""
    import re

    flags = [
        f"{name}: {text}"
        for name, text in _library_messages()
        if re.search(r"(?<![\w-])--[a-z]", text)
    ]
    assert flags == []


def test_every_hint_has_a_code_the_library_raises() -> None:
    from generator.cli.hints import HINTS

    library = "".join(
        path.read_text("utf-8") for name, path in MODULES.items() if _layer(name) != "cli"
    )
    assert [code for code in HINTS if f'code="{code}"' not in library] == []


def test_functions_fit_on_a_screen() -> None:
    """No function in generator/ over 60 lines (its signature and docstring included)."""
    long = [
        f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or 0) - node.lineno + 1 > 60
    ]
    assert long == []


@pytest.mark.parametrize("edge", ["cli", "web"])
def test_edge_modules_stay_short(edge: str) -> None:
    """A command or page module parses, calls the front door and prints or renders: ~300
    lines at most."""
    long = [
        f"{name}: {len(path.read_text('utf-8').splitlines())} lines"
        for name, path in MODULES.items()
        if _layer(name) == edge and len(path.read_text("utf-8").splitlines()) > 310
    ]
    assert long == []


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """``objection --help`` imports the command line: no WeasyPrint, pyHanko, SQLAlchemy,
    pydantic or Starlette until a command needs them."""
    import subprocess
    import sys

    heavy = (
        "weasyprint",
        "pyhanko",
        "sqlalchemy",
        "alembic",
        "pydantic",
        "starlette",
        "uvicorn",
        "dask",
        "distributed",
    )
    code = (
        "import sys, generator.cli\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
