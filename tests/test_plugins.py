import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

import nrikit
from nrikit import Finding, Rule, Stage, hookimpl, plugins


def installed_names():
    return {p["name"] for p in plugins.describe(plugins.get_plugin_manager())}


def test_load_plugins_env_is_read_at_load_time(monkeypatch):
    monkeypatch.delenv("NRIKIT_LOAD_PLUGINS")
    plugins.reset()
    assert "peru" in installed_names()  # unset: all installed plugins
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "")
    plugins.reset()
    assert installed_names() == set()  # empty: none
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru, other")
    plugins.reset()
    assert installed_names() == {"peru"}  # a list: only those
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "other")
    plugins.reset()
    assert installed_names() == set()


def test_plugins_command_prints_json(monkeypatch, cli_run):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()
    data = json.loads(cli_run("plugins").output)
    assert data == [
        {
            "name": "peru",
            "version": "0.1.0",
            "hooks": ["edition_defaults", "register_catalogues", "register_rules", "register_taxonomies"],
        }
    ]
    everything = json.loads(cli_run("plugins", "--all").output)
    names = {p["name"] for p in everything}
    assert {"nrikit.stages.call", "nrikit.default_plugins", "peru"} <= names
    assert all(p["version"] for p in everything)


@pytest.fixture
def broken_plugin(tmp_path, monkeypatch):
    """An installed distribution whose nrikit entry point fails to import."""
    dist = tmp_path / "site" / "nrikit_broken-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: nrikit-broken\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[nrikit]\nbroken = nrikit_broken_module\n")
    (tmp_path / "site" / "nrikit_broken_module.py").write_text("raise ImportError('missing dependency: solverlib')\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "site"))
    monkeypatch.delenv("NRIKIT_LOAD_PLUGINS")
    plugins.reset()
    return tmp_path / "site"


def test_broken_plugin_is_a_warning_and_the_cli_still_works(broken_plugin, cli_run):
    with pytest.warns(plugins.PluginLoadWarning, match="'broken' failed to load: ImportError: missing dependency"):
        pm = plugins.get_plugin_manager()
    assert pm.get_plugin("peru") is not None  # the others still load
    listed = json.loads(cli_run("plugins").stdout)
    assert {
        "name": "broken",
        "version": None,
        "hooks": [],
        "error": "ImportError: missing dependency: solverlib",
    } in listed
    # and in a fresh process, --help works and says why on stderr
    proc = subprocess.run([sys.executable, "-m", "nrikit", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "Commands:" in proc.stdout
    assert "plugin 'broken' failed to load" in proc.stderr


def test_edition_requiring_a_broken_plugin_fails_closed(broken_plugin, edition, cli_run):
    edition.edit_config("[inputs]", "[plugins.broken]\n\n[inputs]")
    out = cli_run("validate", edition.config, expect=1).output
    assert "Warning: nrikit plugin 'broken' failed to load" in out
    assert "plugins.broken: plugin 'broken' is installed but failed to load (ImportError" in out


class RaisingRule:
    @hookimpl
    def register_rules(self, register):
        def explode(ctx):
            raise ZeroDivisionError("division by zero in panel balance")

        register(Rule("explodes", "panels", "A rule with a bug.", explode))


def test_raising_hook_rolls_back_its_stage_and_names_plugin_hook_input(edition, cli_run):
    cli_run("run", edition.config)
    con = sqlite3.connect(edition.db_path)
    before = con.execute("select * from panellists order by 1, 2").fetchall()
    con.close()
    rows = edition.rows["panellists"]
    rows[-1][2] = "rapporteur"  # a change, so the panels stage really runs
    edition.write("panellists", rows)
    plugins.get_plugin_manager().register(RaisingRule(), name="buggy")
    out = cli_run("run", edition.config, expect=1).output
    assert "plugin 'buggy'" in out and "hook register_rules" in out and "rule explodes on 2025.toml" in out
    assert "ZeroDivisionError: division by zero in panel balance" in out
    con = sqlite3.connect(edition.db_path)
    assert con.execute("select * from panellists order by 1, 2").fetchall() == before


class RaisingStage:
    @hookimpl
    def register_stages(self, register):
        def load(ctx):
            return None

        def write(ctx, data):
            ctx.db["panels"].insert({"id": "half-written", "topic_id": "t1", "round": "final", "title": "x"})
            raise RuntimeError("network down")

        register(Stage("panels", 40, "Replaced panels stage", (), load, write))


def test_plugin_stage_replaces_builtin_and_its_failure_rolls_back(edition, cli_run):
    cli_run("run", edition.config)
    plugins.get_plugin_manager().register(RaisingStage(), name="flaky")
    out = cli_run("run", edition.config, "--force", expect=1).output
    assert "plugin 'flaky'; hook register_stages; input stage panels (write): RuntimeError: network down" in out
    con = sqlite3.connect(edition.db_path)
    assert con.execute("select count(*) from panels where id = 'half-written'").fetchone()[0] == 0
    assert con.execute("select count(*) from panels").fetchone()[0] == 3


class StricterGender:
    """Replaces the built-in panel_gender rule: every panel needs two women."""

    @hookimpl
    def register_rules(self, register):
        def check(ctx):
            for panel in ctx.rows("select id from panels where round = 'final'"):
                women = ctx.db.execute(
                    "select count(*) from panellists pp join people p on p.id = pp.person_id "
                    "where pp.panel_id = ? and p.gender = 'woman'",
                    [panel["id"]],
                ).fetchone()[0]
                if women < 2:
                    yield Finding("panel_gender", "error", f"panel:{panel['id']}", f"{panel['id']} has {women} women")

        register(Rule("panel_gender", "panels", "Two women per panel.", check))


def test_plugin_rule_replaces_builtin_rule(edition, cli_run):
    plugins.get_plugin_manager().register(StricterGender(), name="stricter")
    cli_run("run", edition.config)
    findings = json.loads(cli_run("findings", edition.config, "--json").output)
    gender = [f for f in findings if f["rule"] == "panel_gender"]
    assert {f["message"] for f in gender} == {"f1 has 2 women", "f2 has 1 women"} - {"f1 has 2 women"}
    assert all(f["plugin"] == "stricter" for f in gender)


def test_rule_returning_wrong_type_is_a_plugin_error(edition, cli_run):
    class Bad:
        @hookimpl
        def register_rules(self, register):
            register(Rule("bad", "call", "returns strings", lambda ctx: ["oops"]))

    plugins.get_plugin_manager().register(Bad(), name="bad-plugin")
    assert "rule bad returned str, expected Finding" in cli_run("run", edition.config, expect=1).output


def test_help_does_not_import_heavy_modules():
    code = textwrap.dedent("""
        import sys
        from click.testing import CliRunner
        from nrikit.cli import cli
        result = CliRunner().invoke(cli, ["--help"])
        assert result.exit_code == 0
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in
                       {"datasette", "sqlite_utils", "openpyxl", "highspy", "ortools", "numpy", "pandas", "babel"})
        print(heavy)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_public_api():
    assert {"hookimpl", "Stage", "Rule", "Finding", "Decision", "Taxonomy", "NrikitError"} <= set(nrikit.__all__)


@pytest.fixture
def command_plugin(tmp_path, monkeypatch):
    """An installed distribution whose plugin adds a `hello` command through register_commands."""
    site = tmp_path / "site"
    dist = site / "nrikit_hello-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: nrikit-hello\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[nrikit]\nhello = nrikit_hello_module\n")
    (site / "nrikit_hello_module.py").write_text(
        textwrap.dedent('''
        import click
        from nrikit import hookimpl

        @hookimpl
        def register_commands(cli):
            @cli.command()
            def hello():
                """Say hello from a plugin."""
                click.echo("hello from a plugin")
        ''')
    )
    monkeypatch.setenv("PYTHONPATH", str(site))
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "hello")  # the bundled country plugins stay out of the count
    return site


def _imported_after(args):
    code = textwrap.dedent(f"""
        import sys
        from click.testing import CliRunner
        from nrikit.cli import cli
        result = CliRunner().invoke(cli, {args!r})
        print(result.output)
        print("MODULES", sorted(m for m in sys.modules if m.startswith(("nrikit.", "nrikit_"))))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    output, modules = proc.stdout.split("MODULES")
    return output, modules


def test_plugin_commands_are_listed_without_loading_builtin_plugins(command_plugin):
    output, modules = _imported_after(["--help"])
    assert "hello" in output and "Say hello from a plugin." in output
    # Listing commands loads the installed plugins, not nrikit's own stages, importers or indicators.
    assert "nrikit_hello_module" in modules
    assert "nrikit.stages" not in modules and "nrikit.importers" not in modules and "nrikit.report" not in modules


def test_plugin_command_runs_and_builtin_commands_load_no_plugin_for_it(command_plugin):
    output, _ = _imported_after(["hello"])
    assert output.strip() == "hello from a plugin"
    output, modules = _imported_after(["init", "--help"])
    assert "Write a new, commented edition config" in output
    assert "nrikit_hello_module" not in modules  # a built-in command does not look for plugin commands
