"""`nrikit committee`: the committee's private web workspace and its accounts."""

from __future__ import annotations

import json

import click

from .common import config_argument, db_option, load_edition

ROLES = ("secretariat", "member", "observer")


@click.group()
def committee():
    """The organising committee's private, signed-in web workspace (accounts, votes, findings)."""


@committee.command()
@config_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8002, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--lang", type=click.Choice(["en", "es", "pt"]), default="en", show_default=True, help="Default language."
)
@db_option
def serve(config, host, port, lang, db):
    """Serve the committee workspace of an edition (sign-in required for every page)."""
    from ..committee.serve import build_app, exposure_warning
    from ..committee.serve import serve as do_serve
    from ..report.status import report_status

    pipeline = load_edition(config, db)
    warning = exposure_warning(host)
    if warning:
        click.echo(warning, err=True)
    app = build_app(pipeline, report_status=report_status, lang=lang)
    pipeline.db.close()
    click.echo(f"Committee workspace of {app.edition.id} at http://{host}:{port}/  (Ctrl-C to stop)")
    do_serve(app, host=host, port=port)


@committee.command()
@config_argument
@click.argument("person")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True, help="What the account may do.")
@db_option
def invite(config, person, role, db):
    """Create an account for PERSON (a committee member's id) and print its initial password, once."""
    from ..committee.accounts import invite as do_invite

    pipeline = load_edition(config, db)
    account, password = do_invite(pipeline.db, person, role)
    click.echo(f"Account for {account['name']} ({account['role']}).")
    click.echo(f"  Sign-in name: {account['login']}")
    click.echo(f"  Initial password: {password}")
    click.echo("This password is shown only now: give it to the person through a private channel.")


@committee.command()
@config_argument
@click.argument("person")
@db_option
def revoke(config, person, db):
    """Revoke PERSON's account and sign them out everywhere."""
    from ..committee.accounts import revoke as do_revoke

    pipeline = load_edition(config, db)
    done = do_revoke(pipeline.db, person)
    click.echo(f"Revoked the account of {done['person_id']} at {done['revoked_at']}.")


@committee.command()
@config_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def accounts(config, as_json, db):
    """List the committee workspace's accounts: person, role, status, last sign-in."""
    from ..committee.accounts import list_accounts

    rows = list_accounts(load_edition(config, db).db)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No accounts yet: `nrikit committee invite CONFIG PERSON --role member`.")
    for r in rows:
        last = r["last_signin_at"] or "never signed in"
        click.echo(f"{r['person_id']:<12} {r['name']:<28} {r['role']:<12} {r['status']:<8} {last}")
