"""A real `nrikit serve` on 127.0.0.1, screenshotted in headless Chromium: the home page draws its charts.

Skipped only when Chromium is missing and CI is not set; in CI it must run.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_server import serve_site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--virtual-time-budget=3000",
    "--window-size=1280,1600",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium not installed (apt-get install -y chromium); required in CI",
)


def _png_pixels(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.fixture
def served_site(tmp_path, monkeypatch):
    from nrikit import plugins
    from nrikit.cli import cli

    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()
    peru = Path(__file__).resolve().parents[1] / "configs" / "peru"
    shutil.copytree(peru, tmp_path / "peru", ignore=shutil.ignore_patterns(".nrikit"))
    configs = [tmp_path / "peru" / "2016.toml", tmp_path / "peru" / "2017.toml"]
    result = CliRunner().invoke(cli, ["publish", *map(str, configs), "--out", str(tmp_path / "site"), "--run"])
    assert result.exit_code == 0, result.output
    with serve_site(tmp_path / "site", tries=100) as served:
        yield served.url
    assert "Serving" in served.output and served.url in served.output


def test_home_page_renders_charts_in_chromium(served_site, tmp_path):
    assert CHROMIUM, "chromium is required in CI"
    import json

    # The real server: JSON API, SQL refused, release files served.
    rows = json.load(urllib.request.urlopen(served_site + "public/editions.json?_shape=array"))
    assert [r["year"] for r in rows] == [2016, 2017]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(served_site + "public.json?sql=select+1")
    assert refused.value.code == 403
    assert json.load(urllib.request.urlopen(served_site + "release/datapackage.json"))["resources"]
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, "--dump-dom", served_site], capture_output=True, text=True, timeout=60
    ).stdout
    assert dom.count('class="nrikit-chart"') == 6  # three charts, each at desktop and at phone width
    assert dom.count('class="bar"') >= 10
    assert "IGF Perú 2016" in dom and "IGF Perú 2017" in dom
    shot = tmp_path / "home.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--screenshot={shot}", served_site], capture_output=True, timeout=60)
    width, height, pixels = _png_pixels(shot)
    assert (width, height) == (1280, 1600)
    # A blank page compresses to a handful of byte values; text and coloured bars give many.
    assert len(set(pixels)) > 50


def _console(url: str) -> tuple[str, str]:
    """The DOM Chromium built for url, and everything it logged to its console (CSP violations included)."""
    run = subprocess.run(
        [CHROMIUM, *FLAGS, "--enable-logging=stderr", "--v=0", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return run.stdout, "\n".join(line for line in run.stderr.splitlines() if "CONSOLE" in line)


def test_pages_render_under_their_content_security_policy(served_site):
    """The home page (charts) and a table page (Datasette's inline and static scripts) raise no CSP violation."""
    assert CHROMIUM, "chromium is required in CI"
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    # Control: Chromium does report a violation on this machine (an unhashed inline script under script-src 'self').
    class Violating(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<html><body><p id=x>before</p><script>x.textContent='ran'</script></body></html>"
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.send_header("content-security-policy", "script-src 'self'")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    control = ThreadingHTTPServer(("127.0.0.1", 0), Violating)
    threading.Thread(target=control.serve_forever, daemon=True).start()
    try:
        dom, console = _console(f"http://127.0.0.1:{control.server_address[1]}/")
    finally:
        control.shutdown()
    assert "before" in dom and "Content Security Policy" in console

    headers = urllib.request.urlopen(served_site).headers
    assert "script-src 'self' 'sha256-" in headers["content-security-policy"]
    dom, console = _console(served_site)
    # every chart drawn (their count is the home page's own test), and no CSP violation on the way
    assert dom.count('class="nrikit-chart"') >= 3 and "Content Security Policy" not in console, console
    dom, console = _console(served_site + "public/panels")
    assert "Content Security Policy" not in console, console
    # table.js ran (it adds the column menus' markup), so the page's scripts were allowed.
    assert 'class="dropdown-menu"' in dom
