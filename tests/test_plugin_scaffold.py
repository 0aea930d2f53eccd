"""`nrikit plugin new`: the package it writes installs, its tests pass, and nrikit lists it.

The package is installed with `pip install --target` into a folder of tmp_path and used through
PYTHONPATH, so nothing is installed into the environment running these tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from nrikit.cli import cli


def test_new_plugin_installs_passes_its_tests_and_is_listed(tmp_path):
    result = CliRunner().invoke(cli, ["plugin", "new", "demo_igf", "--dir", str(tmp_path), "--title", "a demo"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "nrikit-demo-igf"
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        "README.md",
        "pyproject.toml",
        "src/nrikit_demo_igf/__init__.py",
        "tests/test_demo_igf.py",
    ]

    site = tmp_path / "site"
    # --no-build-isolation builds with this environment's setuptools and wheel (the test
    # extra), so the test needs no package index.
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(root),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr

    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("NRIKIT_LOAD_PLUGINS", None)
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root / "tests")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout

    listed = subprocess.run(
        [sys.executable, "-m", "nrikit", "plugins"],
        capture_output=True,
        text=True,
        env={**env, "NRIKIT_LOAD_PLUGINS": "demo_igf"},
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [{"name": "demo_igf", "version": "0.1.0", "hooks": ["register_rules"]}]


@pytest.mark.parametrize("name", ["Demo", "1demo", "de-mo", "demo igf", ""])
def test_bad_names_are_refused(tmp_path, name):
    result = CliRunner().invoke(cli, ["plugin", "new", name, "--dir", str(tmp_path)])
    assert result.exit_code == 2 and "NAME" in result.output
    assert list(tmp_path.iterdir()) == []


def test_existing_package_is_not_overwritten_without_force(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["plugin", "new", "demo", "--dir", str(tmp_path)]).exit_code == 0
    module = tmp_path / "nrikit-demo" / "src" / "nrikit_demo" / "__init__.py"
    module.write_text("# edited\n", encoding="utf-8")
    again = runner.invoke(cli, ["plugin", "new", "demo", "--dir", str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.output
    assert module.read_text(encoding="utf-8") == "# edited\n"
    assert runner.invoke(cli, ["plugin", "new", "demo", "--dir", str(tmp_path), "--force"]).exit_code == 0
    assert "register_rules" in module.read_text(encoding="utf-8")
