"""The `nrikit` command: parses arguments, calls one library function, translates errors.

Heavy modules (sqlite-utils, datasette) are imported inside commands so that
`nrikit --help` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import __version__
from ..i18n import N_
from .committee import committee
from .common import CommandGroup, config_argument, db_option, lang_option, load_edition, plugin_manager
from .compose import compose, generate
from .inputs import inputs
from .log import log
from .person import person
from .plugin import plugin
from .publish import deploy_dir, publish, serve
from .report import report


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option(
    "--kind", type=click.Choice(["national", "regional", "subregional", "youth"]), default="national", show_default=True
)
@click.option("--year", type=int, default=None, help="Edition year (default: this year).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path, name, acronym, country, kind, year, force):
    """Write a new, commented edition config to PATH."""
    from .scaffold import edition_config

    target = Path(path)
    if target.exists() and not force:
        raise click.ClickException(f"{target} already exists; use --force to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        edition_config(name=name, acronym=acronym, country=country, kind=kind, year=year), encoding="utf-8"
    )
    click.echo(f"Wrote {target}. Edit it, put your input files beside it, then run: nrikit validate {target}")


@cli.command()
@config_argument
def validate(config):
    """Check an edition config and that its input files exist."""
    from .. import config as config_mod

    edition = config_mod.load(Path(config), pm=plugin_manager())
    click.echo(f"{config}: ok ({edition['nri']['acronym']} {edition.year}, {len(edition.inputs())} input files)")


@cli.command()
@config_argument
@click.option("--stage", "stage", default=None, help="Run only this stage (earlier stages must have run).")
@click.option("--force", is_flag=True, help="Re-run even when inputs are unchanged.")
@db_option
def run(config, stage, force, db):
    """Run the pipeline (or one stage) of an edition."""
    from .inputs import echo_import_summary

    pipeline = load_edition(config, db)
    for outcome in pipeline.run(only=stage, force=force):
        if outcome.status == "unchanged":
            click.echo(f"{outcome.stage:<10} unchanged (same inputs)")
        else:
            click.echo(
                f"{outcome.stage:<10} ok: {outcome.rows_written} rows, {outcome.findings} findings, "
                f"{outcome.decisions} new decisions"
            )
            echo_import_summary(outcome.imports)
    click.echo(f"Workspace: {pipeline.edition.workspace}")
    if pipeline.summary_path.exists():
        click.echo(f"Summary: {pipeline.summary_path}")


# a stage's last run, as `nrikit status` shows it (the JSON keeps the stored word)
RUN_STATUS = {"ok": N_("ok"), "unchanged": N_("unchanged"), "never run": N_("never run")}


@cli.command()
@config_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@lang_option
def status(config, as_json, db, lang):
    """Show each stage's last run, inputs and findings count, and when the annual report is due."""
    from ..i18n import gettext

    pipeline = load_edition(config, db)
    rows = pipeline.status()
    from ..report.status import report_status, status_line

    extra = report_status(pipeline)
    if as_json:
        click.echo(json.dumps({"stages": rows, **extra}, indent=2))
        return
    findings_label, inputs_label = gettext(lang, N_("findings:")), gettext(lang, N_("inputs:"))
    for row in rows:
        inputs = ", ".join(sorted(row["inputs"])) or "-"
        click.echo(
            f"{row['stage']:<10} {gettext(lang, RUN_STATUS.get(row['last_status'], row['last_status'])):<10} {row['last_run'] or '':<28} "
            f"{findings_label} {row['findings']:<3} {inputs_label} {inputs}"
        )
    click.echo(status_line(extra, lang))


@cli.command()
@config_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--severity", type=click.Choice(["error", "warning", "info"]), multiple=True, help="Only these severities."
)
@click.option(
    "--lang",
    default="en",
    show_default=True,
    help="Language of the messages and hints: en, es, pt, or any language with a catalogue.",
)
@db_option
def findings(config, as_json, severity, lang, db):
    """List the findings of an edition's last run."""
    from .. import i18n

    if lang not in i18n.available():
        raise click.BadParameter(
            f"no catalogue for {lang!r}; available: {', '.join(i18n.available())}", param_hint="--lang"
        )
    pipeline = load_edition(config, db)
    rows = [r for r in pipeline.findings(lang) if not severity or r["severity"] in severity]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(i18n.gettext(lang, i18n.N_("No findings.")))
    hint = i18n.gettext(lang, i18n.N_("hint"))
    for r in rows:
        click.echo(f"[{r['stage']}] {r['severity']}: {r['message']} (rule {r['rule']})")
        if r["hint"]:
            click.echo(f"    {hint}: {r['hint']}")


@cli.command()
@click.option("--all", "include_defaults", is_flag=True, help="Include nrikit's built-in plugins.")
def plugins(include_defaults):
    """List installed plugins as JSON: name, version, hooks."""
    from ..plugins import describe

    click.echo(json.dumps(describe(plugin_manager(), include_defaults=include_defaults), indent=2))


for command in (publish, serve, deploy_dir, plugin, compose, generate, report, inputs, log, person, committee):
    cli.add_command(command)


def main():  # pragma: no cover - console script entry
    cli(prog_name="nrikit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
