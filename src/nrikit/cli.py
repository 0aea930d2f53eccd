"""The `nrikit` command: parses arguments, calls one library function, translates errors.

Heavy modules (sqlite-utils, datasette) are imported inside commands so that
`nrikit --help` starts fast.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import click

from . import __version__
from .errors import NrikitError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class TranslatingGroup(click.Group):
    """Turns library errors into one-line messages and exit status 1."""

    def invoke(self, ctx):
        import sqlite3

        try:
            return super().invoke(ctx)
        except NrikitError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            # A workspace on a full disk or a read-only folder is the user's to fix, not a bug.
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None
        except sqlite3.OperationalError as exc:
            # e.g. "database is locked" while another nrikit run holds the workspace
            raise click.ClickException(f"workspace database: {exc}") from None
        except KeyboardInterrupt:
            raise click.Abort() from None


def _plugin_manager():
    from .plugins import get_plugin_manager, PluginLoadWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PluginLoadWarning)
        pm = get_plugin_manager()
    for w in caught:
        click.echo(f"Warning: {w.message}", err=True)
    return pm


def _load(config: str, db: str | None = None):
    from . import config as config_mod
    from .pipeline import Pipeline

    pm = _plugin_manager()
    edition = config_mod.load(Path(config), pm=pm)
    if db:
        edition.data["edition"]["workspace"] = str(Path(db).resolve())
    return Pipeline(edition, pm=pm)


config_argument = click.argument("config", type=click.Path(dir_okay=False))
db_option = click.option("--db", type=click.Path(dir_okay=False), help="Workspace database to use instead of the config's.")


@click.group(cls=TranslatingGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="nrikit")
def cli():
    """nrikit: run an Internet Governance Forum initiative's year as an auditable pipeline.

    Stages: call for interest, committee, topic survey, panels, event, report.
    Each edition is one TOML config; `nrikit init` writes a commented one.
    """


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--name", default="My Internet Governance Forum", show_default=True, help="Full name of the initiative.")
@click.option("--acronym", default="MyIGF", show_default=True, help="Short name.")
@click.option("--country", default="XX", show_default=True, help="ISO 3166-1 alpha-2 country code.")
@click.option("--kind", type=click.Choice(["national", "regional", "subregional", "youth"]), default="national", show_default=True)
@click.option("--year", type=int, default=None, help="Edition year (default: this year).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path, name, acronym, country, kind, year, force):
    """Write a new, commented edition config to PATH."""
    from .scaffold import edition_config

    target = Path(path)
    if target.exists() and not force:
        raise click.ClickException(f"{target} already exists; use --force to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(edition_config(name=name, acronym=acronym, country=country, kind=kind, year=year), encoding="utf-8")
    click.echo(f"Wrote {target}. Edit it, put your input files beside it, then run: nrikit validate {target}")


@cli.command()
@config_argument
def validate(config):
    """Check an edition config and that its input files exist."""
    from . import config as config_mod

    edition = config_mod.load(Path(config), pm=_plugin_manager())
    click.echo(f"{config}: ok ({edition['nri']['acronym']} {edition.year}, {len(edition.inputs())} input files)")


@cli.command()
@config_argument
@click.option("--stage", "stage", default=None, help="Run only this stage (earlier stages must have run).")
@click.option("--force", is_flag=True, help="Re-run even when inputs are unchanged.")
@db_option
def run(config, stage, force, db):
    """Run the pipeline (or one stage) of an edition."""
    from .cli_inputs import echo_import_summary

    pipeline = _load(config, db)
    for outcome in pipeline.run(only=stage, force=force):
        if outcome.status == "unchanged":
            click.echo(f"{outcome.stage:<10} unchanged (same inputs)")
        else:
            click.echo(f"{outcome.stage:<10} ok: {outcome.rows_written} rows, {outcome.findings} findings, "
                       f"{outcome.decisions} new decisions")
            echo_import_summary(outcome.imports)
    click.echo(f"Workspace: {pipeline.edition.workspace}")
    if pipeline.summary_path.exists():
        click.echo(f"Summary: {pipeline.summary_path}")


@cli.command()
@config_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def status(config, as_json, db):
    """Show each stage's last run, inputs and findings count, and when the annual report is due."""
    pipeline = _load(config, db)
    rows = pipeline.status()
    from .report.status import report_status, status_line
    extra = report_status(pipeline)
    if as_json:
        click.echo(json.dumps({"stages": rows, **extra}, indent=2))
        return
    for row in rows:
        inputs = ", ".join(sorted(row["inputs"])) or "-"
        click.echo(f"{row['stage']:<10} {row['last_status']:<10} {row['last_run'] or '':<28} "
                   f"findings: {row['findings']:<3} inputs: {inputs}")
    click.echo(status_line(extra))


@cli.command()
@config_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--severity", type=click.Choice(["error", "warning", "info"]), multiple=True, help="Only these severities.")
@db_option
def findings(config, as_json, severity, db):
    """List the findings of an edition's last run."""
    pipeline = _load(config, db)
    rows = [r for r in pipeline.findings() if not severity or r["severity"] in severity]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No findings.")
    for r in rows:
        click.echo(f"[{r['stage']}] {r['severity']}: {r['message']} (rule {r['rule']})")
        if r["hint"]:
            click.echo(f"    hint: {r['hint']}")


@cli.command()
@click.option("--all", "include_defaults", is_flag=True, help="Include nrikit's built-in plugins.")
def plugins(include_defaults):
    """List installed plugins as JSON: name, version, hooks."""
    from .plugins import describe

    click.echo(json.dumps(describe(_plugin_manager(), include_defaults=include_defaults), indent=2))


from .cli_publish import publish, serve, deploy_dir; cli.add_command(publish); cli.add_command(serve); cli.add_command(deploy_dir)  # noqa: E402,E702
from .cli_plugin import plugin; cli.add_command(plugin)  # noqa: E402,E702
from .cli_compose import compose, generate; cli.add_command(compose); cli.add_command(generate)  # noqa: E402,E702
from .cli_report import report; cli.add_command(report)  # noqa: E402,E702
from .cli_inputs import inputs; cli.add_command(inputs)  # noqa: E402,E702


def _register_plugin_commands():
    # Plugin commands need the plugin manager; load it only if a plugin could add one.
    from importlib.metadata import entry_points

    if not entry_points(group="nrikit"):
        return
    try:
        from .plugins import call_each
        for _ in call_each(_plugin_manager(), "register_commands", cli=cli):
            pass
    except NrikitError as exc:
        click.echo(f"Warning: {exc}", err=True)


_register_plugin_commands()


def main():  # pragma: no cover - console script entry
    cli(prog_name="nrikit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
