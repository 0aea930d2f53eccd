"""The public site and the committee workspace side by side: no route of the public one reaches a
private table. Both real servers run on 127.0.0.1 (`nrikit serve` and `nrikit committee serve`)
over the fixture edition of tests/conftest.py, published after the committee voted and commented."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from committee_helpers import invite, invoke
from test_committee_browser import free_port, start_server, stop_server

from nrikit.workspace import schema


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except urllib.error.URLError:
        return None, ""  # not listening yet


@pytest.fixture
def both(edition, tmp_path):
    invoke("run", edition.config)
    invite(edition.config, "p2", "member")
    with sqlite3.connect(edition.db_path) as conn:
        conn.execute(
            "INSERT INTO committee_comments (subject_type, subject_id, person_id, body, created_at) "
            "VALUES ('topic', 't1', 'p2', 'a private word about the venue budget', '')"
        )
    site = tmp_path / "site"
    invoke("publish", edition.config, "--out", site)
    private, private_url = start_server(edition.config, free_port())
    port = free_port()
    public = subprocess.Popen(
        [sys.executable, "-m", "nrikit", "serve", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    public_url = f"http://127.0.0.1:{port}/"
    try:  # both servers stop whatever happens, a failed start included
        for _ in range(200):
            if get(public_url + "public.json")[0] == 200:  # introspection pages are off on the public site
                break
            time.sleep(0.1)
        yield {"public": public_url, "private": private_url, "edition": edition}
    finally:
        stop_server(private)
        stop_server(public)


def test_no_route_of_the_public_site_reaches_a_private_table(both):
    public, edition = both["public"], both["edition"]
    assert get(public + "-/databases.json")[0] == 404  # introspection is off on the public site
    status, body = get(public + ".json")
    assert status == 200
    databases = list(json.loads(body).values())
    assert [d["name"] for d in databases] == ["public"]
    assert all(str(edition.db_path.name) not in (d.get("path") or "") for d in databases)
    status, body = get(public + "public.json")
    public_tables = {t["name"]: t["columns"] for t in json.loads(body)["tables"]}
    for table in schema.TABLES:
        private_cols = {c.name for c in table.columns if c.private}
        if table.name in public_tables:
            # a public table of the same name (people, topics...) is the allowlisted one, never the private columns
            assert not private_cols & set(public_tables[table.name]) - {"name", "bio"}, table.name
        else:
            assert get(public + f"public/{table.name}.json")[0] == 404, table.name
        assert get(public + f"{edition.db_path.stem}/{table.name}.json")[0] == 404
    for committee_table in ("committee_accounts", "committee_sessions", "committee_activity", "committee_comments"):
        assert committee_table not in public_tables
    # no SQL that could ATTACH the workspace, and nothing of the committee in any public page
    assert get(public + "public.json?sql=select+1")[0] == 403
    for path in ("", "public", "public/decisions.json?_shape=array", "-/metadata.json", "-/plugins.json"):
        assert "private word" not in get(public + path)[1]
        assert "committee_accounts" not in get(public + path)[1]


def test_the_private_workspace_answers_nobody_without_signing_in(both):
    private = both["private"]
    for path in ("-/databases.json", "-/versions.json", "2025/committee_comments.json", "workspace.json?sql=select+1"):
        req = urllib.request.Request(private + path)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(req, timeout=10)
            raise AssertionError(path)
        except urllib.error.HTTPError as exc:
            assert exc.code == 302 and exc.headers["location"].startswith("/sign-in"), path


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
