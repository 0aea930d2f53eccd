"""The public instance is hardened: headers on every page type, introspection off, GET only, 4xx not tracebacks.

Requests go through Datasette 0.65's own ASGI client on a site `nrikit publish`
wrote from the tiny edition of conftest.py (real SQLite files, real Datasette,
nrikit's plugin loaded from its entry point as `nrikit serve` loads it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EditionFiles

from nrikit import plugins

DEBUG_PAGES = (
    "versions",
    "threads",
    "plugins",
    "settings",
    "config",
    "actor",
    "databases",
    "permissions",
    "messages",
    "allow-debug",
    "metadata",
    "patterns",
    "auth-token",
    "create-token",
    "logout",
)
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def _cli(*args, expect=0):
    from nrikit.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result


def _publish(root: Path, extra_config: str = "") -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "")
        plugins.reset()
        root.mkdir(parents=True, exist_ok=True)
        edition = EditionFiles(root)
        if extra_config:
            edition.edit_config("[privacy]", extra_config + "\n\n[privacy]")
        _cli("publish", edition.config, "--out", root / "site", "--run")
        plugins.reset()
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _publish(tmp_path_factory.mktemp("hardened"))


def _datasette(site: Path, **kwargs):
    from datasette.app import Datasette

    return Datasette(config_dir=site, **kwargs)


async def _client(site, **kwargs):
    ds = _datasette(site, **kwargs)
    await ds.invoke_startup()
    return ds


def _page_types(site: Path) -> dict[str, tuple[str, int]]:
    import sqlite3

    from nrikit.opendata import public_schema as ps

    conn = sqlite3.connect(f"file:{site / 'public.db'}?mode=ro", uri=True)
    edition = conn.execute("SELECT id FROM editions").fetchone()[0]
    conn.close()
    query = ps.QUERIES[0].name
    return {
        "home": ("/", 200),
        "database": ("/public", 200),
        "table": ("/public/panels", 200),
        "view": ("/public/gender_share", 200),
        "row": (f"/public/editions/{edition}", 200),
        "json": ("/public/panels.json?_shape=array", 200),
        "csv": ("/public/panels.csv", 200),
        "canned query": (f"/public/{query}?edition={edition}", 200),
        "canned query json": (f"/public/{query}.json?edition={edition}", 200),
        "static": ("/-/static/app.css", 200),
        "release": ("/release/datapackage.json", 404),  # mounted by `nrikit serve` only, still hardened
        "404": ("/public/no_such_table", 404),
        "debug page": ("/-/versions.json", 404),
        "bad parameter": ("/public/panels?_sort=no_such_column", 400),
    }


def _inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script(?:\s+type=\"module\")?\s*>(.*?)</script>", html, re.S)


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


@pytest.mark.asyncio
async def test_every_page_type_carries_every_security_header(site):
    ds = await _client(site)
    seen_inline = 0
    for kind, (path, status) in _page_types(site).items():
        r = await ds.client.get(path)
        assert r.status_code == status, (kind, path, r.status_code)
        for name, value in SECURITY_HEADERS.items():
            assert r.headers.get(name) == value, (kind, name)
        csp = r.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert directives["base-uri"] == "'none'" and directives["form-action"] == "'self'"
        script_src = directives["script-src"].split()
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "access-control-allow-origin" not in r.headers, kind  # CORS only when configured
        if r.headers["content-type"].startswith("text/html"):
            # The page satisfies its own policy: every inline script is hashed, no inline handler, no foreign script.
            for script in _inline_scripts(r.text):
                assert _hash(script) in script_src, (kind, script[:60])
                seen_inline += 1
            assert not re.search(r"<[^>]+\son[a-z]+\s*=", r.text), kind
            assert not re.search(r"""<script[^>]+src=["'](?:https?:)?//""", r.text), kind
            assert not re.search(r"""href=["']\s*javascript:""", r.text, re.I), kind
    assert seen_inline >= 3  # Datasette's own inline scripts (menus, table facets) are there, and hashed


@pytest.mark.asyncio
async def test_debug_and_introspection_pages_answer_404(site):
    ds = await _client(site)
    for name in DEBUG_PAGES:
        for path in (f"/-/{name}", f"/-/{name}.json"):
            r = await ds.client.get(path)
            assert r.status_code == 404, path
            assert "python" not in r.text.lower() and "sqlite_version" not in r.text, path
    for path in ("/-/", "/_internal", "/_internal.json", "/_internal/databases.json"):
        assert (await ds.client.get(path)).status_code == 404, path
    assert (await ds.client.get("/-/static/app.css")).status_code == 200


@pytest.mark.asyncio
async def test_refused_methods_and_bad_parameters_are_4xx_without_a_traceback(site, capsys):
    ds = await _client(site)
    capsys.readouterr()
    for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        for path in ("/", "/public", "/public/panels", "/public/panels.json", "/public/editions/-/insert"):
            r = await ds.client.request(method, path)
            assert r.status_code == 405, (method, path, r.status_code)
            assert r.headers["allow"] == "GET, HEAD" and r.headers["x-frame-options"] == "DENY"
    bad = [
        "/public/panels?_sort=no_such_column",
        "/public/panels.json?_sort=no_such_column",
        "/public/panels.json?_sort_desc=no_such_column",
        "/public/panels.json?_sort=id&_sort_desc=id",
        "/public/panels.json?_size=abc",
        "/public/panels.json?_size=-1",
        "/public/panels.json?_size=100000000",
        "/public/panels.json?_facet=no_such_column",
        "/public/panels.json?_facet_array=no_such_column",
        "/public/panels.json?_facet_date=no_such_column",
        "/public/panels.json?_timelimit=soon",
        "/public/panels.json?_through=not-json",
        '/public/panels.json?_through={"table":"x"}',
        "/public/panels.json?_col=no_such_column",
        "/public/panels.json?_shape=no_such_shape",
        "/public/panels.json?_where=1=1",
        "/public/gender_share.json?_sort=no_such_column",
    ]
    for path in bad:
        r = await ds.client.get(path)
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:200])
        assert "Traceback" not in r.text, path
    logged = capsys.readouterr()
    assert "Traceback" not in logged.err + logged.out
    assert "ERROR: conn=" not in logged.err + logged.out  # no SQL error dumped by a bad facet either


@pytest.mark.asyncio
async def test_cors_only_when_the_site_was_published_with_it(site, tmp_path):
    # Datasette started with --cors still sends no CORS header for a site published without it.
    ds = await _client(site, cors=True)
    r = await ds.client.get("/public/panels.json")
    assert r.status_code == 200 and not any(h.startswith("access-control-") for h in r.headers)
    cors_site = _publish(tmp_path / "cors", "[publish]\ncors = true")
    assert json.loads((cors_site / "metadata.json").read_text())["plugins"]["nrikit"]["cors"] is True
    ds = await _client(cors_site)
    r = await ds.client.get("/public/panels.json")
    assert r.headers["access-control-allow-origin"] == "*" and r.headers["x-content-type-options"] == "nosniff"
    assert (await ds.client.options("/public/panels.json")).status_code == 204
    assert (await ds.client.post("/public/panels.json")).status_code == 405


@pytest.mark.asyncio
async def test_a_datasette_that_is_not_an_nrikit_site_is_left_alone(tmp_path):
    import sqlite3

    from datasette.app import Datasette

    db = tmp_path / "other.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    ds = Datasette([str(db)])
    await ds.invoke_startup()
    r = await ds.client.get("/-/versions.json")
    assert r.status_code == 200 and "content-security-policy" not in r.headers
