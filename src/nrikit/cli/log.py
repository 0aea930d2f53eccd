"""`nrikit log verify CONFIG`: recompute the decision log's hash chain and name the first broken entry."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def log():
    """The edition's append-only decision log."""


@log.command()
@click.argument("config", type=click.Path(dir_okay=False))
@click.option(
    "--head",
    help="A chain head published earlier (editions.decision_log_head of public.db): it must still be in the log.",
)
def verify(config, head):
    """Recompute every entry's hash and its link to the previous one; exit 1 at the first broken entry."""
    from .. import config as config_mod
    from ..errors import StageError
    from ..workspace.db import open_workspace
    from ..workspace.decision_log import verify_chain
    from .common import plugin_manager

    edition = config_mod.load(Path(config), pm=plugin_manager(), check_files=False)
    db = open_workspace(edition.workspace, create=False)
    try:
        check = verify_chain(db, head=head)
    finally:
        db.close()
    if not check.ok:
        if check.broken_id is not None:
            e = check.entry
            raise StageError(
                f"{edition.workspace}: decision log entry {check.broken_id} (stage {e['stage']}, {e['action']} "
                f"{e['subject_type']} {e['subject_id']}, logged {e['ts_utc']}): {check.problem}; "
                f"{check.entries - 1} entries before it verify"
            )
        raise StageError(f"{edition.workspace}: {check.problem}")
    click.echo(f"{edition.id}: decision log verified: {check.entries} entries, chain head {check.head or '(empty)'}")
