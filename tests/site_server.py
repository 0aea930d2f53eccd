"""A real `nrikit serve SITE` on a free port of 127.0.0.1, for the tests that load pages in Chromium.

Its output goes to a file, not a pipe nobody reads: a full pipe blocks the server on its next
access-log line. `served.output` holds what it printed, once the block has ended.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    url: str
    output: str = ""


@contextlib.contextmanager
def serve_site(site: Path, ready: str = "public.json", tries: int = 150):
    """Yields a Served whose url ends with "/", once `ready` answers; stops the server after."""
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", suffix=".log", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "nrikit", "serve", str(site), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        served = Served(f"http://127.0.0.1:{port}/")
        try:
            for _ in range(tries):
                try:
                    urllib.request.urlopen(served.url + ready, timeout=1)
                    break
                except OSError:
                    if proc.poll() is not None:
                        pytest.fail(Path(log.name).read_text(encoding="utf-8"))
                    time.sleep(0.1)
            yield served
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            served.output = Path(log.name).read_text(encoding="utf-8")
