"""Latency of the home page and of a table JSON request: the nrikit site vs plain Datasette on the same
public.db, same run.

    .venv/bin/python benchmarks/bench_serve.py [--runs 9] [--batch 30] [--path /public/panels.json?_shape=array]

Publishes the Peru 2016 and 2017 editions into a temporary folder (timing the
publish), then starts two real servers on 127.0.0.1:
  - nrikit: `nrikit serve SITE` (metadata, facets, labels, plugin, settings, charts, the site's language);
  - plain:  `datasette serve -i SITE/public.db --inspect-file ...` with nrikit's plugin unregistered.
Each case is `results.alternate()` over batches of `--batch` requests (one keep-alive connection per
server; which server goes first alternates), a batch's figure being its median latency; the table
shows min/median/max of the batch medians. Goal for both cases: nrikit <= 1.2x plain.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import httpx
from results import alternate, exit_code, record
from servers import free_port, start, stop, wait

ROOT = Path(__file__).resolve().parents[1]
PLAIN = (
    "import sys; from datasette.plugins import pm; pm.unregister(name='nrikit'); "
    "from datasette.cli import cli; sys.argv[0] = 'datasette'; cli()"
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15, help="Batches per server and case (alternating).")
    ap.add_argument("--batch", type=int, default=30, help="Requests per batch.")
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
        logs = {name: tmp / f"{name}.log" for name in ports}
        procs.append(
            start(
                [sys.executable, "-m", "nrikit", "serve", str(site), "--port", str(ports["nrikit"])],
                logs["nrikit"],
                env,
            )
        )
        procs.append(
            start(
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
                logs["plain"],
            )
        )
        for (name, port), proc in zip(ports.items(), procs):
            wait(f"http://127.0.0.1:{port}/public.json", proc, logs[name])
        clients = {name: httpx.Client(base_url=f"http://127.0.0.1:{port}") for name, port in ports.items()}
        cases = {"home page": "/", "table JSON": args.path}
        results = {}
        for case, path in cases.items():
            for c in clients.values():  # warm-up: caches, bytecode, connection
                for _ in range(20):
                    assert c.get(path).status_code == 200

            def batch(client, path=path):
                times = []
                for _ in range(args.batch):
                    t = time.perf_counter()
                    r = client.get(path)
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200
                return statistics.median(times)

            results[case] = alternate(lambda: batch(clients["nrikit"]), lambda: batch(clients["plain"]), args.runs)
            results[case] += (len(clients["nrikit"].get(path).content), len(clients["plain"].get(path).content))
        for c in clients.values():
            c.close()
    finally:
        for p in procs:
            stop(p)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"publish (Peru 2016 + 2017, from workspaces): {publish_s:.2f} s")
    for case, (nrikit, plain, size, plain_size) in results.items():
        path = cases[case]
        print(
            f"GET {path} ({case}; nrikit {size} bytes, plain {plain_size} bytes): {args.runs} alternating batches of "
            f"{args.batch}, batch medians min/median/max: nrikit {nrikit} ms, plain {plain} ms"
        )
        ratio = nrikit.median / plain.median
        record(
            "serve",
            f"GET {path} ({case}), median of {args.runs} batches of {args.batch}",
            nrikit,
            plain,
            "ms",
            "<= 1.2x",
            ratio <= 1.2,
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
    sys.exit(exit_code())
