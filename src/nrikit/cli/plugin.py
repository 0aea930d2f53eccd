"""`nrikit plugin new NAME`: start an installable plugin package in one command.

The package it writes works as written: `pip install -e` it, and its test
(which runs a small edition through the real pipeline) passes and its rule
shows in `nrikit plugins`. Authors then replace the example rule with their own.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

import click

NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")

PYPROJECT = Template("""\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "nrikit-$dist"
version = "0.1.0"
description = "nrikit plugin: $title."
readme = "README.md"
requires-python = ">=3.10"
dependencies = ["nrikit"]

[project.optional-dependencies]
test = ["pytest>=8"]

# nrikit finds plugins through this entry point group; an edition uses the
# plugin by naming it: a [plugins.$name] table in its config.
[project.entry-points.nrikit]
$name = "$module"

[tool.setuptools.packages.find]
where = ["src"]

[tool.pytest.ini_options]
testpaths = ["tests"]
""")

MODULE = Template('''\
"""nrikit plugin "$name": $title.

Example hook: one rule, run after the panels stage. The IGF asked every
workshop to have a rapporteur (MAG workshop evaluation, 2015 and 2016); this
rule reports final panels without one. Replace it with your NRI's rules, and
add hooks from the hook reference (docs/hooks.md) as you need them.
"""

from __future__ import annotations

from nrikit import Finding, Rule, hookimpl

__version__ = "0.1.0"


def check_rapporteur(ctx):
    """Yield a finding for each final panel with no rapporteur."""
    severity = ctx.settings("$name").get("severity", "warning")
    rows = ctx.rows(
        "SELECT p.id, p.title FROM panels p WHERE p.round = 'final' AND NOT EXISTS "
        "(SELECT 1 FROM panellists pp WHERE pp.panel_id = p.id AND pp.role = 'rapporteur') ORDER BY p.id")
    for panel in rows:
        yield Finding("${name}_rapporteur", severity, f"panel:{panel['id']}",
                      f"final panel {panel['id']} ({panel['title']}) has no rapporteur",
                      "give one panellist the rapporteur role, so the session is reported")


@hookimpl
def register_rules(register):
    register(Rule("${name}_rapporteur", "panels", "Every final panel has a rapporteur.", check_rapporteur))
''')

TEST = Template('''\
"""Runs a tiny edition through the real nrikit pipeline with this plugin installed."""

from pathlib import Path

import nrikit.plugins
import pytest
from nrikit.config import load
from nrikit.pipeline import Pipeline

FILES = {
    "organisations.csv": "id,name,stakeholder\\ngov,Ministry,government\\nngo,An NGO,civil_society\\n",
    "people.csv": "id,name,gender,organisation,expertise\\n"
                  "p1,Ana,woman,gov,access\\np2,Ben,man,ngo,access\\np3,Caro,woman,ngo,access\\n",
    "topics.csv": "id,title,tags\\nt1,Access,access\\n",
    "panels.csv": "id,topic,round,title\\npanel-1,t1,final,Closing the access gap\\n",
}

CONFIG = """
[nri]
name = "Example IGF"
acronym = "ExIGF"
country = "XX"
kind = "national"

[edition]
year = 2025
start = 2025-06-01

[plugins.$name]

[inputs]
organisations = "organisations.csv"
people = "people.csv"
topics = "topics.csv"
panels = "panels.csv"
panellists = "panellists.csv"
"""


@pytest.fixture
def edition(tmp_path, monkeypatch):
    # Load only this plugin, whatever else is installed.
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "$name")
    nrikit.plugins.reset()
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = tmp_path / "edition.toml"
    config.write_text(CONFIG, encoding="utf-8")
    yield tmp_path, config
    nrikit.plugins.reset()


def run(tmp_path, config, roles):
    rows = "".join(f"panel-1,{person},{role}\\n" for person, role in roles)
    (tmp_path / "panellists.csv").write_text("panel,person,role\\n" + rows, encoding="utf-8")
    pipeline = Pipeline(load(config))
    pipeline.run()
    return [f for f in pipeline.findings() if f["rule"] == "${name}_rapporteur"]


def test_final_panel_without_rapporteur_is_reported(edition):
    found = run(*edition, [("p1", "moderator"), ("p2", "speaker"), ("p3", "speaker")])
    assert [(f["subject"], f["severity"], f["plugin"]) for f in found] == [("panel:panel-1", "warning", "$name")]


def test_final_panel_with_rapporteur_passes(edition):
    assert run(*edition, [("p1", "moderator"), ("p2", "speaker"), ("p3", "rapporteur")]) == []
''')

README = Template("""\
# nrikit-$dist

An nrikit plugin: $title.

## Install and use

    pip install -e .

Then name it in an edition config, with its settings:

    [plugins.$name]
    severity = "warning"   # or "error"

`nrikit plugins` lists it with the hooks it implements.

## What it does

- Rule `${name}_rapporteur` (panels stage): every final panel has a rapporteur.

## Test

    pip install -e '.[test]'
    pytest
""")


def scaffold(name: str, directory: Path, *, title: str | None = None, force: bool = False) -> Path:
    """Write the plugin package nrikit-NAME under `directory`; return its root."""
    if not NAME_RE.fullmatch(name):
        raise click.BadParameter(
            f"{name!r}: use lower-case letters, digits and '_', starting with a letter "
            "(it becomes the [plugins.NAME] table and the module nrikit_NAME)",
            param_hint="NAME",
        )
    root = directory / f"nrikit-{name.replace('_', '-')}"
    if root.exists() and any(root.iterdir()) and not force:
        raise click.ClickException(f"{root} already exists and is not empty; use --force to overwrite its files")
    module = f"nrikit_{name}"
    values = {
        "name": name,
        "dist": name.replace("_", "-"),
        "module": module,
        "title": title or f"rules of the {name} initiative",
    }
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"src/{module}/__init__.py": MODULE,
        f"tests/test_{name}.py": TEST,
    }
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.substitute(values), encoding="utf-8")
    return root


@click.group()
def plugin():
    """Create nrikit plugins."""


@plugin.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Directory to create the package nrikit-NAME in.",
)
@click.option("--title", default=None, help="One line saying what the plugin is for.")
@click.option("--force", is_flag=True, help="Overwrite the files of an existing package directory.")
def new(name, directory, title, force):
    """Write an installable plugin package nrikit-NAME: pyproject with the `nrikit` entry point,
    a module with one example rule, a test and a README."""
    root = scaffold(name, Path(directory), title=title, force=force)
    click.echo(
        f"Wrote {root}. Next: pip install -e '{root}[test]' && pytest {root}; "
        f"then name it in an edition config as [plugins.{name}]."
    )
