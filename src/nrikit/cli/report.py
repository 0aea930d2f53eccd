"""`nrikit report`: the NRI's annual report for the IGF Secretariat."""

from __future__ import annotations

import warnings
from pathlib import Path

import click


@click.command()
@click.argument("config", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    default=None,
    help="Markdown or self-contained HTML (default: from --out's suffix, else md).",
)
@click.option(
    "--lang", default=None, help="Language: en, es, pt, or one added with [report] locales (default: [report] lang)."
)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="File to write (default: standard output).")
@click.option(
    "--site",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Read this published site's public.db instead of publishing to a temporary folder.",
)
@click.option(
    "--compare",
    type=click.Path(dir_okay=False, exists=True),
    multiple=True,
    help="Another edition config to include in the data (another NRI, or an edition in another folder).",
)
@click.option(
    "--locales",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Folder of extra <lang>.po translation catalogues (overrides [report] locales).",
)
@click.option("--run", is_flag=True, help="Run the pipelines first (otherwise workspaces must be up to date).")
def report(config, fmt, lang, out, site, compare, locales, run):
    """Write the annual report of the edition in CONFIG, from its published data.

    Earlier editions of the same NRI whose configs sit beside CONFIG are compared year over year.
    Each report produced is recorded in the workspace; `nrikit status` shows when it is due.
    """
    from ..report.builder import ReportWarning, build
    from .common import plugin_manager

    if fmt is None:
        fmt = "html" if out and Path(out).suffix.lower() in (".html", ".htm") else "md"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReportWarning)
        result = build(
            config,
            fmt=fmt,
            lang=lang,
            site=site,
            run=run,
            compare=compare,
            locales=locales,
            pm=plugin_manager(),
            out=out,
        )
    for w in caught:
        click.echo(f"Warning: {w.message}", err=True)
    if out is None:
        click.echo(result.text, nl=False)
    else:
        click.echo(
            f"Wrote {out} ({result.format}, {result.lang}; editions: {', '.join(result.editions)}) "
            f"in {result.seconds:.2f}s",
            err=True,
        )
