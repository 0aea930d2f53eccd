"""SIGKILL `nrikit publish` at random moments, 20 times: the previous site stays intact and served.

A real `nrikit serve` runs on 127.0.0.1 throughout; a child process publishes
the same edition again and again into the site it serves, and is killed at a
random moment. After every kill: the site passes `nrikit serve`'s own checks
(manifest, sha256 of public.db, no foreign database), public.db passes SQLite's
integrity check and holds the edition, the running server still answers, and
no staging file (`.publish-*`) is served or listed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

TRIALS = 20

CHILD = r"""
import os, sys
os.environ["NRIKIT_LOAD_PLUGINS"] = ""
from nrikit.opendata.publish import publish
print("ready", flush=True)
i = 0
while True:
    publish([sys.argv[1]], sys.argv[2])
    print("done", i, flush=True)
    i += 1
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_publish_leaves_the_previous_site_intact_and_served(edition, cli_run, tmp_path):
    from nrikit.opendata.serve import check_site, datasette_args

    cli_run("run", edition.config)
    site = tmp_path / "site"
    cli_run("publish", edition.config, "--out", site)
    env = {**os.environ, "NRIKIT_LOAD_PLUGINS": ""}
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "nrikit", "serve", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(14)
    staged_seen = completed = 0
    try:
        for _ in range(100):
            try:
                _get(base + "/public.json")
                break
            except OSError:
                time.sleep(0.1)

        def start():
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(edition.config), str(site)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            if child.stdout.readline() != b"ready\n":  # imports done: what follows is publishing
                pytest.fail(f"publish did not start: {child.communicate()[1].decode()}")
            return child

        # How long one publish takes on this machine now, so the kills land inside publishes however loaded it is.
        child = start()
        began = time.perf_counter()
        assert child.stdout.readline().startswith(b"done"), child.communicate()[1].decode()
        duration = time.perf_counter() - began
        child.kill()
        child.communicate()
        completed += 1
        for trial in range(TRIALS):
            child = start()
            time.sleep(rng.uniform(0, duration * 1.5))
            if child.poll() is not None:
                pytest.fail(f"publish stopped by itself: {child.stderr.read().decode()}")
            child.send_signal(signal.SIGKILL)
            out, _ = child.communicate()
            completed += out.count(b"done")
            staged_seen += any(p.name.startswith(".publish-") for p in site.iterdir())
            # The site is whole: serve's own checks pass and the database is sound.
            check_site(site)
            args = datasette_args(site, "127.0.0.1", port)
            assert not any(".publish-" in a for a in args), f"trial {trial}: a staging file would be served"
            conn = sqlite3.connect(f"file:{site / 'public.db'}?mode=ro", uri=True)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"trial {trial}"
                assert conn.execute("SELECT id FROM editions").fetchall() == [("tligf-2025",)], f"trial {trial}"
            finally:
                conn.close()
            # And still served, with nothing but public.db.
            status, body = _get(base + "/public/editions.json?_shape=array")
            assert status == 200 and json.loads(body)[0]["id"] == "tligf-2025", f"trial {trial}"
            assert sorted(json.loads(_get(base + "/.json")[1])) == ["public"]
            for leftover in site.glob(".publish-*"):
                with pytest.raises(urllib.error.HTTPError):
                    _get(f"{base}/release/../{leftover.name}/public.db")
    finally:
        server.terminate()
        try:
            server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
    assert completed > 1, "no killed publish ever finished: the kills all landed early"
    assert staged_seen > 0, "no kill landed while a publish was staging its files"
    # The next publish cleans the leftovers and writes a fresh manifest.
    cli_run("publish", edition.config, "--out", site)
    assert not list(site.glob(".publish-*"))
    check_site(site)
