"""`nrikit deploy-dir SITE --out DIR`: everything a hosting platform needs, written offline.

DIR holds:

    site/            a copy of exactly the files the site's manifest (nrikit-site.json) lists, checked
                     against their sha256: public.db, metadata, settings, inspect data, release/
    plugins/         nrikit's Datasette plugin, copied as a self-contained package plus a loader
                     module, so the host needs only Datasette (no nrikit install)
    templates/       the home page template with the charts
    requirements.txt datasette==0.65.5, pinned
    Dockerfile       python:3.11-slim, pinned Datasette, serves site/ locked down on $PORT
    fly.toml         for `fly deploy` from DIR (set the app name)
    DEPLOY.md        the commands: docker build/run locally, Cloud Run and Fly through Datasette's own
                     publishers (`datasette publish cloudrun`, `datasette publish fly`), and from DIR

Nothing here needs an account or network access: the directory can be checked
(`docker build DIR`, or `datasette DIR/site --plugins-dir DIR/plugins --template-dir DIR/templates`)
before anything is deployed.
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

from ..errors import StageError
from .manifest import file_entries, sha256_of, site_files, write_manifest
from .serve import DB_FILE, check_site, datasette_args

DATASETTE_PIN = "datasette==0.65.5"
FLY_PLUGIN_PIN = "datasette-publish-fly==1.4"
PYTHON_IMAGE = "python:3.11-slim"

LOADER = '''"""Loads nrikit's Datasette plugin from the package beside this file (written by `nrikit deploy-dir`)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pluggy registers the hook implementations found in this module's namespace.
from nrikit_datasette import (  # noqa: E402,F401
    asgi_wrapper,
    extra_template_vars,
    handle_exception,
    prepare_jinja2_environment,
    render_cell,
    startup,
)
'''


def _copy_listed(site: Path, target: Path) -> None:
    """Copy exactly the files the site's manifest lists (never -wal/-shm, workspaces or anything else)."""
    files = site_files(site)
    for name, hashes in sorted(files.items()):
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / name, dest)
        if sha256_of(dest) not in hashes:
            raise StageError(f"{site}: {name} changed since nrikit publish wrote it (sha256 differs); publish again")
    write_manifest(target, file_entries(target, list(files)))


def write_deploy_dir(site, out, *, app: str = "nri-open-data") -> Path:
    site = check_site(site)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not (out / "DEPLOY.md").exists():
            raise FileExistsError(f"{out} exists and is not a deploy directory nrikit wrote; choose an empty folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    _copy_listed(site, out / "site")
    plugin_src = Path(__file__).parent / "datasette_plugin"
    shutil.copytree(
        plugin_src,
        out / "plugins" / "nrikit_datasette",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "*.pyc"),
    )
    (out / "plugins" / "nrikit_site.py").write_text(LOADER, encoding="utf-8")
    shutil.copytree(plugin_src / "templates", out / "templates")
    (out / "requirements.txt").write_text(DATASETTE_PIN + "\n", encoding="utf-8")

    local = datasette_args(out / "site", "0.0.0.0", 8080)
    settings = local[local.index("--port") + 2 :]
    settings = [a if not a.startswith("release:") else "release:/app/site/release" for a in settings]
    serve = [
        "datasette",
        "serve",
        "-i",
        f"/app/site/{DB_FILE}",
        "--inspect-file",
        "/app/site/inspect-data.json",
        "--metadata",
        "/app/site/metadata.json",
        "--host",
        "0.0.0.0",
        "--port",
        "$PORT",
        "--plugins-dir",
        "/app/plugins",
        "--template-dir",
        "/app/templates",
        *settings,
    ]
    setting_flags = " ".join(shlex.quote(a) for a in settings if not a.startswith(("--static", "release:")))
    command = " ".join('"$PORT"' if a == "$PORT" else shlex.quote(a) for a in serve)
    (out / "Dockerfile").write_text(
        f"""# Written by `nrikit deploy-dir`. Serves the published NRI open data, read-only.
FROM {PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=8080
WORKDIR /app
COPY requirements.txt /app/requirements.txt
RUN pip install --no-cache-dir -r /app/requirements.txt
COPY site /app/site
COPY plugins /app/plugins
COPY templates /app/templates
EXPOSE 8080
# inspect-data.json in /app/site makes public.db immutable; the settings keep arbitrary SQL off.
CMD {json.dumps(["sh", "-c", "exec " + command])}
""",
        encoding="utf-8",
    )
    (out / "fly.toml").write_text(
        f"""# Written by `nrikit deploy-dir`: `fly deploy` from this directory (set app to your Fly app's name).
app = "{app}"

[build]
  dockerfile = "Dockerfile"

[env]
  PORT = "8080"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 0
""",
        encoding="utf-8",
    )
    (out / "DEPLOY.md").write_text(
        f"""# Deploying the NRI open-data instance

Written by `nrikit deploy-dir`. Every command below uses Datasette {DATASETTE_PIN.split("==")[1]}, pinned.
The site is read-only and immutable (`-i public.db`: only the files nrikit publish wrote); arbitrary SQL is {"on" if "--setting default_allow_sql on" in " ".join(settings) else "off"}.

## Check it locally (no account needed)

    pip install {DATASETTE_PIN}
    datasette serve -i site/public.db --inspect-file site/inspect-data.json --metadata site/metadata.json \\
        --plugins-dir plugins --template-dir templates --static release:site/release {setting_flags}

or with Docker:

    docker build -t {app} . && docker run --rm -p 8080:8080 {app}

## Google Cloud Run (Datasette's built-in publisher)

Needs `gcloud` logged in, with Cloud Build and Artifact Registry enabled.

    pip install {DATASETTE_PIN}
    datasette publish cloudrun site/public.db --service {app} \\
        --metadata site/metadata.json --install {DATASETTE_PIN} \\
        --plugins-dir plugins --template-dir templates --static release:site/release \\
        --extra-options "{setting_flags}"

Or build this directory's Dockerfile: `gcloud run deploy {app} --source . --allow-unauthenticated`.

## Fly (plugin datasette-publish-fly)

Needs `flyctl` logged in.

    pip install {DATASETTE_PIN} {FLY_PLUGIN_PIN}
    datasette publish fly site/public.db --app {app} \\
        --metadata site/metadata.json --install {DATASETTE_PIN} \\
        --plugins-dir plugins --template-dir templates --static release:site/release \\
        --extra-options "{setting_flags}"

`--generate-dir DIR` writes Fly's files without calling flyctl (an offline dry run). Or deploy this
directory as it is: `fly deploy` (fly.toml and the Dockerfile are here).

## After every publish

Re-run `nrikit publish` and `nrikit deploy-dir`, then deploy again: the instance is immutable, so a
revoked consent takes effect only when the new public.db is deployed.
""",
        encoding="utf-8",
    )
    return out
