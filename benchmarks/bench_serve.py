"""Latency of a table JSON request: the nrikit site vs plain Datasette on the same public.db, same run.

    .venv/bin/python benchmarks/bench_serve.py [--requests 300] [--path /public/panels.json?_shape=array]

Publishes the Peru 2016 and 2017 editions into a temporary folder (timing the
publish), then starts two servers on 127.0.0.1:
  - nrikit: `nrikit serve SITE` (metadata, facets, labels, plugin, settings);
  - plain:  `datasette serve -i SITE/public.db --inspect-file ...` with nrikit's plugin unregistered.
Requests alternate between the two over one keep-alive connection each, so both
see the same machine load. Prints medians, p95 and the ratio (goal: <= 1.2).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import httpx
from results import record

ROOT = Path(__file__).resolve().parents[1]
PLAIN = (
    "import sys; from datasette.plugins import pm; pm.unregister(name='nrikit'); "
    "from datasette.cli import cli; sys.argv[0] = 'datasette'; cli()"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url: str, proc) -> None:
    for _ in range(200):
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise SystemExit(proc.stdout.read()) from None
            time.sleep(0.05)
    raise SystemExit(f"{url} did not come up")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--path", default="/public/panels.json?_shape=array")
    ap.add_argument("--skip-global", action="store_true", help="Do not time a publish at global-IGF scale.")
    args = ap.parse_args()
    global_s = None if args.skip_global else publish_global()
    env = {**os.environ, "NRIKIT_LOAD_PLUGINS": "peru"}
    tmp = Path(tempfile.mkdtemp(prefix="nrikit-bench-"))
    procs = []
    try:
        shutil.copytree(ROOT / "configs" / "peru", tmp / "peru", ignore=shutil.ignore_patterns(".nrikit"))
        configs = [str(tmp / "peru" / "2016.toml"), str(tmp / "peru" / "2017.toml")]
        for c in configs:
            subprocess.run([sys.executable, "-m", "nrikit", "run", c], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "nrikit", "publish", *configs, "--out", str(tmp / "site")],
            env=env,
            check=True,
            capture_output=True,
        )
        publish_s = time.perf_counter() - started
        site = tmp / "site"
        ports = {"nrikit": free_port(), "plain": free_port()}
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "nrikit", "serve", str(site), "--port", str(ports["nrikit"])],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=env,
            )
        )
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    PLAIN,
                    "serve",
                    "-i",
                    str(site / "public.db"),
                    "--inspect-file",
                    str(site / "inspect-data.json"),
                    "--port",
                    str(ports["plain"]),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
        for port, proc in zip(ports.values(), procs):
            wait(f"http://127.0.0.1:{port}/public.json", proc)
        clients = {name: httpx.Client(base_url=f"http://127.0.0.1:{port}") for name, port in ports.items()}
        for c in clients.values():  # warm-up: caches, bytecode, connection
            for _ in range(20):
                assert c.get(args.path).status_code == 200
        times = {name: [] for name in clients}
        for _ in range(args.requests):
            for name, c in clients.items():
                t = time.perf_counter()
                r = c.get(args.path)
                times[name].append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200
        size = len(clients["nrikit"].get(args.path).content)
        for c in clients.values():
            c.close()
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    def p95(xs):
        return sorted(xs)[int(len(xs) * 0.95) - 1]

    med = {n: statistics.median(t) for n, t in times.items()}
    print(f"publish (Peru 2016 + 2017, from workspaces): {publish_s:.2f} s")
    print(f"GET {args.path} ({size} bytes), {args.requests} requests each, alternating:")
    for n in times:
        print(f"  {n:<7} median {med[n]:6.2f} ms   p95 {p95(times[n]):6.2f} ms")
    print(f"ratio nrikit/plain (median): {med['nrikit'] / med['plain']:.2f}  (goal <= 1.2)")
    record(
        "serve",
        f"GET {args.path}, median of {args.requests}",
        med["nrikit"],
        med["plain"],
        "ms",
        "<= 1.2x",
        med["nrikit"] / med["plain"] <= 1.2,
    )
    if global_s:
        print(
            f"publish at global-IGF scale (10,000 registrations, 200,000 ballots, 300 sessions): "
            f"{global_s[1]:.2f} s (pipeline run {global_s[0]:.2f} s)"
        )


def publish_global():
    """(run seconds, publish seconds) for a generated global-IGF-scale edition, if the generator is installed."""
    try:
        from nrikit.composer.generate import SIZES, generate_edition
    except ImportError:
        print("global-IGF scale: skipped (nrikit.composer.generate is not available in this checkout)")
        return None
    env = {**os.environ, "NRIKIT_LOAD_PLUGINS": ""}
    tmp = Path(tempfile.mkdtemp(prefix="nrikit-bench-global-"))
    try:
        config = generate_edition(tmp / "edition", SIZES["global"], compose=False)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nrikit", "run", str(config)], env=env, check=True, capture_output=True)
        run_s = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "nrikit", "publish", str(config), "--out", str(tmp / "site")],
            env=env,
            check=True,
            capture_output=True,
        )
        return run_s, time.perf_counter() - t
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
