"""The documentation cannot drift from the code.

- The generated references in docs/ are what `cog` produces now (`cog --check`);
- `mkdocs build --strict` succeeds (no broken links, every page in the nav);
- every hook has a docstring and a test;
- the generators walk whatever exists: every config key, command, table and hook.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from nrikit.cli import cli, docgen
from nrikit.config import INPUT_TABLE_KEYS, SCHEMA
from nrikit.workspace.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_generated_pages_are_up_to_date(monkeypatch):
    from cogapp import Cog

    monkeypatch.chdir(ROOT)
    files = [str(DOCS / name) for name in docgen.COG_FILES]
    status = Cog().main(["cog", "--check", *files])
    assert status == 0, "docs/ is out of date: run `cog -r docs/*.md`"


def test_every_cog_page_is_listed():
    with_cog = {p.name for p in DOCS.glob("*.md") if "[[[cog" in p.read_text(encoding="utf-8")}
    assert with_cog == set(docgen.COG_FILES)


def test_mkdocs_build_strict(tmp_path):
    pytest.importorskip("mkdocs")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NRIKIT_LOAD_PLUGINS": ""},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "hooks" / "index.html").exists()


def test_every_hook_is_documented():
    assert docgen.hook_names(), "no hooks found"
    assert docgen.undocumented_hooks() == []


def test_every_hook_has_a_test():
    sources = {
        str(p): p.read_text(encoding="utf-8")
        for pattern in ("tests/**/test_*.py", "plugins/*/tests/**/test_*.py")
        for p in ROOT.glob(pattern)
    }
    missing = docgen.untested_hooks(sources)
    assert missing == [], f"hooks without a test that implements or calls them: {missing}"


def test_untested_hook_detection_can_fail():
    hooks = docgen.hook_names()
    assert docgen.untested_hooks({}) == hooks
    only_rules = docgen.untested_hooks({"t": "    def register_rules(self, register):"})
    assert "register_rules" not in only_rules and len(only_rules) == len(hooks) - 1
    # Mentioning a hook's name is not testing it.
    assert "register_stages" in docgen.untested_hooks({"t": "# register_stages is nice"})


def test_config_reference_lists_every_key():
    text = docgen.config_reference()
    for section, keys in SCHEMA.items():
        assert f"## `[{section}]`" in text
        for key in keys:
            assert f"| `{key}` |" in text, f"{section}.{key}"
    for key in INPUT_TABLE_KEYS:
        assert f"| `{key}` |" in text


def test_cli_reference_walks_every_command_and_subcommand():
    text = docgen.cli_reference()

    def paths(group, prefix):
        for name, command in group.commands.items():
            yield (*prefix, name)
            if isinstance(command, click.Group):
                yield from paths(command, (*prefix, name))

    for path in paths(cli, ()):
        assert f"## `nrikit {' '.join(path)}`" in text
    assert "## `nrikit plugin new`" in text
    assert "Usage: nrikit plugin new [OPTIONS] NAME" in text


def test_cli_reference_picks_up_a_new_command():
    @cli.command("zz-temporary")
    def temporary():
        """A command added by another part of nrikit."""

    try:
        assert "A command added by another part of nrikit." in docgen.cli_reference()
    finally:
        del cli.commands["zz-temporary"]


def test_schema_reference_lists_every_table_and_private_column():
    text = docgen.schema_reference()
    for table in TABLES:
        assert f"## `{table.name}`" in text
        for column in table.columns:
            line = next(
                line
                for line in text.split(f"## `{table.name}`")[1].splitlines()
                if line.startswith(f"| `{column.name}` |")
            )
            assert ("**private**" in line) == column.private, (table.name, column.name)


def test_builtins_reference_lists_stages_and_rules():
    text = docgen.builtins_reference()
    for name in ("call", "committee", "survey", "panels", "event", "report", "panel_gender", "approval", "csv"):
        assert f"`{name}`" in text
    assert "brazil" not in text and "peru" not in text.lower().replace("perú", "")


def test_writing_a_plugin_rule_example_works(tmp_path, monkeypatch):
    """The rule shown in docs/writing-a-plugin.md, run as written on a small edition."""
    import re
    import types

    from test_hooks import edition

    import nrikit.plugins
    from nrikit.config import load
    from nrikit.pipeline import Pipeline

    text = (DOCS / "writing-a-plugin.md").read_text(encoding="utf-8")
    code = next(block for block in re.findall(r"```python\n(.*?)```", text, re.S) if "def check_moderators" in block)
    module = types.ModuleType("myigf_example")
    exec(compile(code, "writing-a-plugin.md", "exec"), module.__dict__)

    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "")
    nrikit.plugins.reset()
    pm = nrikit.plugins.make_plugin_manager(load_entrypoints=False)
    pm.register(module, name="myigf")
    panels = "id,topic,round,title\n" + "".join(f"panel-{i},t1,final,Panel {i}\n" for i in (1, 2, 3))
    panellists = "panel,person,role\n" + "".join(
        f"panel-{i},p1,moderator\npanel-{i},p2,speaker\npanel-{i},p3,speaker\n" for i in (1, 2, 3)
    )
    config = edition(tmp_path, files={"panels.csv": panels, "panellists.csv": panellists})
    pipeline = Pipeline(load(config, pm=pm), pm=pm)
    pipeline.run()
    found = [f for f in pipeline.findings() if f["rule"] == "myigf_moderators"]
    assert [(f["subject"], f["message"]) for f in found] == [("person:p1", "p1 moderates 3 panels, more than 2")]
    nrikit.plugins.reset()
