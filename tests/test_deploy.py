"""nrikit deploy-dir writes a deployable directory offline; it serves the charts with Datasette alone."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

# Runs Datasette's own CLI with nrikit's installed plugin unregistered, as on a host without nrikit.
PLAIN_DATASETTE = (
    "import sys; from datasette.plugins import pm; pm.unregister(name='nrikit'); "
    "from datasette.cli import cli; sys.argv[0] = 'datasette'; cli()"
)


def _cli(*args, expect=0):
    from nrikit.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result


@pytest.fixture
def site(edition, pipeline_of, tmp_path):
    pipeline_of(edition).run()
    _cli("publish", edition.config, "--out", tmp_path / "site")
    return tmp_path / "site"


def test_deploy_dir_is_complete_and_pinned(site, tmp_path):
    out = tmp_path / "deploy"
    _cli("deploy-dir", site, "--out", out, "--app", "tligf-data")
    for name in (
        "Dockerfile",
        "fly.toml",
        "DEPLOY.md",
        "requirements.txt",
        "site/public.db",
        "site/inspect-data.json",
        "site/release/datapackage.json",
        "plugins/nrikit_site.py",
        "plugins/nrikit_datasette/charts.py",
        "templates/index.html",
    ):
        assert (out / name).exists(), name
    assert (out / "requirements.txt").read_text().strip() == "datasette==0.65.5"
    docker = (out / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r /app/requirements.txt" in docker and "default_allow_sql off" in docker
    cmd = json.loads(docker.split("CMD ", 1)[1])
    assert cmd[:2] == ["sh", "-c"] and '--port "$PORT"' in cmd[2]
    deploy = (out / "DEPLOY.md").read_text()
    assert (
        "datasette publish cloudrun" in deploy
        and "datasette publish fly" in deploy
        and "--install datasette==0.65.5" in deploy
    )
    assert 'app = "tligf-data"' in (out / "fly.toml").read_text()
    # Writing again replaces it; a foreign non-empty folder is refused.
    _cli("deploy-dir", site, "--out", out)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("x")
    assert "not a deploy directory" in _cli("deploy-dir", site, "--out", tmp_path / "other", expect=1).output


def test_deploy_dir_serves_charts_without_nrikit_installed(site, tmp_path):
    out = tmp_path / "deploy"
    _cli("deploy-dir", site, "--out", out)
    base = [
        sys.executable,
        "-c",
        PLAIN_DATASETTE,
        str(out / "site"),
        "--plugins-dir",
        str(out / "plugins"),
        "--template-dir",
        str(out / "templates"),
    ]
    # The copied plugin hardens the instance: introspection pages answer 404 (`--get` exits 1).
    assert subprocess.run(base + ["--get", "/-/plugins.json"], capture_output=True, text=True).returncode == 1
    assert "--cors" not in (out / "Dockerfile").read_text()
    home = subprocess.run(base + ["--get", "/"], capture_output=True, text=True, check=True).stdout
    # gender and committee, each drawn at desktop and phone width (one edition: no growth chart)
    assert home.count("<svg") == 4 and "Women among speakers" in home
    # the copied plugin's cell labels too: 1/0 flags read yes/no
    panels = subprocess.run(base + ["--get", "/public/panels"], capture_output=True, text=True, check=True).stdout
    assert re.search(r'<span class="nrikit-flag" title="[01]">(yes|no)</span>', panels)
    csv_out = subprocess.run(
        base + ["--get", "/public/stakeholder_groups.csv"], capture_output=True, text=True, check=True
    )
    assert csv_out.stdout.startswith("id,label")
