"""The servers benchmarks start and stop: `nrikit serve` and plain Datasette on 127.0.0.1.

A server's output goes to a log file, never to a pipe: a pipe nobody reads fills after about a
thousand access-log lines, and then the server blocks on its next write, request after request
(which once read as "50 timeouts" in bench_load).
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    with open(log, "w", encoding="utf-8") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, text=True, env=env)


def wait(url: str, proc: subprocess.Popen, log: Path, tries: int = 300) -> None:
    """Until `url` answers 200; the server's log as the error if it stops first."""
    for _ in range(tries):
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(log.read_text(encoding="utf-8", errors="replace"))
        time.sleep(0.05)
    raise SystemExit(f"{url} did not come up")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
