"""`nrikit serve DIR`: serve a published site with Datasette, locked down for the public.

DIR is what `nrikit publish --out DIR` wrote. Datasette runs in configuration-
directory mode: inspect-data.json opens public.db immutable (no writes, no
locking, cached counts), settings.json switches arbitrary SQL off (unless the
publish config allowed it) and sets the SQL time limit and row cap. The host
defaults to 127.0.0.1: binding to every interface is an explicit choice.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import StageError
from .public_schema import DATABASE_NAME

REQUIRED_FILES = (f"{DATABASE_NAME}.db", "metadata.json", "settings.json", "inspect-data.json")


def check_site(site: Path | str) -> Path:
    site = Path(site)
    missing = [name for name in REQUIRED_FILES if not (site / name).exists()]
    if missing:
        raise StageError(
            f"{site}: not a published nrikit site (missing {', '.join(missing)}); "
            f"run `nrikit publish CONFIG... --out {site}` first"
        )
    return site


def datasette_args(site: Path, host: str, port: int) -> list[str]:
    """Arguments for `datasette serve`: the site directory and the public settings."""
    settings = json.loads((site / "settings.json").read_text(encoding="utf-8"))
    args = ["serve", str(site), "--host", host, "--port", str(port)]
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
