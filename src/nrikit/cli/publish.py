"""`nrikit publish` and `nrikit serve`: the public open-data instance."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("configs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Site directory to write (public.db, metadata...).",
)
@click.option(
    "--run",
    "run_first",
    is_flag=True,
    help="Run each edition's pipeline first instead of failing on a stale workspace.",
)
@click.option(
    "--allow-sql/--no-allow-sql",
    default=None,
    help="Let visitors run arbitrary read-only SQL (default: the config's publish.allow_sql, off).",
)
@click.option("--title", help="Title of the instance (default: the config's publish.title).")
@click.option(
    "--lang",
    default=None,
    help="Language of the site's pages and charts: en, es, pt (default: the config's publish.lang, else report.lang).",
)
def publish(configs, out, run_first, allow_sql, title, lang):
    """Build the public database and Datasette site from one or more editions' workspaces."""
    from ..opendata.publish import publish as do_publish
    from .common import plugin_manager

    result = do_publish(
        configs,
        out,
        run=run_first,
        pm=plugin_manager(),
        settings={"allow_sql": allow_sql, "title": title, "lang": lang},
    )
    rows = sum(result.tables.values())
    click.echo(
        f"Published {', '.join(result.editions)}: {len(result.tables)} tables, {rows} rows, "
        f"privacy audit passed, in {result.seconds:.2f}s"
    )
    click.echo(f"Site: {result.out.resolve()}  (serve it with `nrikit serve {out}`)")


@click.command()
@click.argument("site", type=click.Path(file_okay=False))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind; 0.0.0.0 exposes the instance to the network.",
)
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port to listen on.")
def serve(site, host, port):
    """Serve a published site (read-only, immutable, arbitrary SQL off unless published with it)."""
    from ..opendata.serve import check_site
    from ..opendata.serve import serve as do_serve

    check_site(site)
    click.echo(f"Serving {Path(site).resolve()} at http://{host}:{port}/  (Ctrl-C to stop)")
    do_serve(site, host=host, port=port)


@click.command("deploy-dir")
@click.argument("site", type=click.Path(file_okay=False))
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), help="Directory to write (replaced if nrikit wrote it)."
)
@click.option(
    "--app", default="nri-open-data", show_default=True, help="Service or app name used in fly.toml and DEPLOY.md."
)
def deploy_dir(site, out, app):
    """Write a deploy directory (Dockerfile, fly.toml, pinned Datasette, plugin, DEPLOY.md) offline."""
    from ..errors import StageError
    from ..opendata.deploy import write_deploy_dir

    try:
        target = write_deploy_dir(site, out, app=app)
    except FileExistsError as exc:
        raise StageError(str(exc)) from None
    click.echo(f"Deploy directory: {target.resolve()}  (see DEPLOY.md; nothing was uploaded)")
