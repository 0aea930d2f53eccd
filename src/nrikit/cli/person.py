"""`nrikit person show|forget|expire`: a person's rights of access and erasure, and the retention date."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def person():
    """What the NRI's workspaces hold about a person; erase it; enforce the retention date."""


def _editions(config):
    from ..workspace.persons import nri_editions
    from .common import plugin_manager

    return nri_editions(Path(config), pm=plugin_manager())


@person.command()
@click.argument("config", type=click.Path(dir_okay=False))
@click.argument("email")
def show(config, email):
    """Print as JSON everything the workspaces of CONFIG's NRI (every edition) hold on EMAIL."""
    from ..workspace.persons import show as do_show

    result = do_show(_editions(config), email)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    if not result["editions"]:
        click.echo(f"No edition of this NRI holds data on {email.strip()}.", err=True)


@person.command()
@click.argument("config", type=click.Path(dir_okay=False))
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def forget(config, email, yes):
    """Erase EMAIL's personal data in every edition of CONFIG's NRI (counts and decisions stay, by pseudonymous id)."""
    from ..workspace.persons import forget as do_forget

    editions = _editions(config)
    if not yes:
        click.confirm(f"Erase the personal data of {email.strip()} in {len(editions)} editions?", abort=True)
    erasure = do_forget(editions, email)
    if not erasure.rows:
        click.echo(f"No edition of this NRI holds data on {email.strip()}; nothing was erased.")
        return
    for edition, counts in erasure.rows.items():
        click.echo(f"{edition}: erased " + ", ".join(f"{n} {table} rows" for table, n in counts.items()))
    click.echo(f"Recorded in each workspace's privacy_log as request {erasure.request} (ids only, no personal data).")
    click.echo("Publish again (`nrikit publish ...`) so the public site no longer holds them.")
    for line in erasure.inputs:
        click.echo(f"Still in an input file, delete it there too: {line}")


@person.command()
@click.argument("config", type=click.Path(dir_okay=False))
@click.option("--now", "force", is_flag=True, help="Erase now, even before keep_personal_data_until.")
def expire(config, force):
    """Erase everyone's personal data in the editions whose [privacy] keep_personal_data_until has passed."""
    from ..workspace.persons import expire as do_expire

    for ws in _editions(config):
        counts = do_expire(ws, force=force)
        until = ws.edition["privacy"].get("keep_personal_data_until")
        if counts is None:
            when = f"kept until {until.isoformat()}" if until else "no keep_personal_data_until set"
            click.echo(f"{ws.id}: not due ({when})")
        else:
            click.echo(f"{ws.id}: erased " + ", ".join(f"{n} {table} rows" for table, n in counts.items()))
