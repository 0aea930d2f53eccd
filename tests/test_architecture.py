"""The layering of src/nrikit (docs/architecture.md) and the linter, checked like any other behaviour.

- `lint-imports` passes with the contracts of pyproject.toml;
- each contract is live: a copy of the package with one forbidden import added fails it;
- every wing says in its docstring what it holds;
- `ruff check` and `ruff format --check` pass.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "nrikit"
BIN = Path(sys.executable).parent
WINGS = ("cli", "report", "opendata", "stages", "composer", "importers", "workspace")


def lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)} if pythonpath else dict(os.environ)
    # --no-cache: the copy and the real package share module names; a cached graph would mix them.
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_layering_contract_holds():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory):
    """A copy of src/nrikit and pyproject.toml, so a test can break the copy and lint it."""
    base = tmp_path_factory.mktemp("layering")
    shutil.copytree(SRC, base / "src" / "nrikit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", base / "pyproject.toml")
    return base


@pytest.mark.parametrize(
    "module, line, broken",
    [
        # a wing importing a wing above it
        ("workspace/db.py", "from ..opendata import publish", "Wings are layered"),
        ("composer/pool.py", "from ..stages import panels", "Wings are layered"),
        ("importers/bulk.py", "from ..stages import survey", "Wings are layered"),
        # the core importing a wing (here: the workspace, which the pipeline may import but the core may not)
        ("context.py", "from .workspace import db", "The core imports no wing"),
        # anything importing the cli, and click outside the cli (even inside a function)
        ("opendata/serve.py", "from ..cli import common", "Nothing imports the cli"),
        ("report/render.py", "def _f():\n    import click", "only the cli imports click"),
        # a cycle between two modules of one package
        ("model.py", "from . import context", "No import cycles"),
    ],
)
def test_each_contract_is_live(package_copy, module, line, broken):
    target = package_copy / "src" / "nrikit" / module
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(original + "\n\n" + line + "\n", encoding="utf-8")
        result = lint_imports(package_copy, package_copy / "src")
    finally:
        target.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    # The unbroken package passes (test above), so this failure is the copy's added line.
    assert broken in result.stdout and "BROKEN" in result.stdout, result.stdout


@pytest.mark.parametrize("wing", WINGS)
def test_every_wing_says_what_it_holds_and_may_import(wing):
    doc = ast.get_docstring(ast.parse((SRC / wing / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 15, f"{wing}/__init__.py needs a docstring: what it holds, what it may import"
    assert "import" in doc.lower(), f"{wing}/__init__.py: say which wings it may import"


def test_no_module_outside_cli_imports_click_at_module_level():
    # lint-imports forbids any import of click outside the cli; this names the file when it happens.
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.relative_to(SRC).parts[0] == "cli":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "click" or n.startswith("click.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["check", "format"])
def test_ruff(args):
    result = subprocess.run([str(BIN / "ruff"), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
