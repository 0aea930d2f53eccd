"""`nrikit serve DIR`: serve a published site with Datasette, locked down for the public.

DIR is what `nrikit publish --out DIR` wrote. Datasette is given exactly the
files the site's manifest (nrikit-site.json) lists, never the folder: public.db
opened immutable (`-i`, with the precomputed counts of inspect-data.json),
metadata.json, every setting of settings.json (arbitrary SQL off unless the
publish config allowed it, the SQL time limit and row cap) and release/ as
static files. A folder inside a workspace, a site without a manifest, a
public.db that is not the one publish wrote, or any database or unlisted file
beside release/'s is refused. The host defaults to 127.0.0.1: binding to every
interface is an explicit choice.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import StageError
from .manifest import MANIFEST, foreign_databases, site_files
from .public_schema import DATABASE_NAME

DB_FILE = f"{DATABASE_NAME}.db"
REQUIRED_FILES = (DB_FILE, "metadata.json", "settings.json", "inspect-data.json")


def check_site(site: Path | str) -> Path:
    """The site folder, after checking it holds exactly what `nrikit publish` wrote."""
    site = Path(site)
    files = site_files(site)
    unlisted = [name for name in REQUIRED_FILES if name not in files]
    if unlisted:
        raise StageError(f"{site}: {MANIFEST} does not list {', '.join(unlisted)}; publish again")
    foreign = foreign_databases(site, files, skip_prefix=".")
    if foreign:
        raise StageError(
            f"{site}: holds {', '.join(foreign[:3])}, which nrikit publish did not write (it may be private); "
            "remove it or publish again into an empty folder"
        )
    release = site / "release"
    if release.is_dir():  # served as a folder: it must hold exactly the listed files
        extra = sorted(
            p.relative_to(site).as_posix() for p in release.rglob("*") if p.relative_to(site).as_posix() not in files
        )
        if extra:
            raise StageError(
                f"{site}: release/ holds {', '.join(extra[:3])}, which nrikit publish did not write; "
                "remove it or publish again"
            )
    return site


def datasette_args(site: Path, host: str, port: int) -> list[str]:
    """Arguments for `datasette serve`: the listed files, immutable, and the public settings."""
    settings = json.loads((site / "settings.json").read_text(encoding="utf-8"))
    args = [
        "serve",
        "-i",
        str(site / DB_FILE),
        "--inspect-file",
        str(site / "inspect-data.json"),
        "--metadata",
        str(site / "metadata.json"),
        "--host",
        host,
        "--port",
        str(port),
    ]
    if (site / "release").is_dir():
        args += ["--static", f"release:{site / 'release'}"]  # the open-data release files, at /release/
    # Datasette 0.65 ignores settings.json as soon as one --setting is given, so pass all of them.
    for key, value in settings.items():
        args += ["--setting", key, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return args


def serve(site, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette on the site until interrupted."""
    from datasette.cli import cli as datasette_cli

    site = check_site(site)
    datasette_cli.main(datasette_args(site, host, port), prog_name="nrikit serve", standalone_mode=True)
