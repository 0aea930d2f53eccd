#!/usr/bin/env python3
"""Load: 50 concurrent clients for 30 s against `nrikit serve` and plain Datasette on the same public.db.

    .venv/bin/python benchmarks/bench_load.py [--clients 50] [--seconds 30]

Publishes the Peru 2016 and 2017 editions into a temporary folder, then, in the same run and one
after the other on 127.0.0.1:
  - nrikit: `nrikit serve SITE` (the hardened plugin, charts, formula-safe CSV, immutable public.db);
  - plain:  `datasette serve -i SITE/public.db --inspect-file ... --metadata ...` with nrikit's
            plugin unregistered (same database, same canned queries, same settings).
Each of --clients asyncio tasks (httpx, one keep-alive connection each) requests, in turn, the
home page, a table as JSON, a CSV export and a canned query, for --seconds. Prints per server and
per page: requests, errors (any status but 200, or a transport error), p50 and p99 latency and
throughput; then the nrikit/plain ratios. Goal: 0 errors on both.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import httpx
from results import record
from servers import free_port, start, stop, wait

ROOT = Path(__file__).resolve().parents[1]
PLAIN = (
    "import sys; from datasette.plugins import pm; pm.unregister(name='nrikit'); "
    "from datasette.cli import cli; sys.argv[0] = 'datasette'; cli()"
)


def pages(site: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from nrikit.opendata import public_schema as ps

    query = next(q for q in ps.QUERIES if ":edition" in q.sql)
    return {
        "home": "/",
        "table json": "/public/panels.json?_shape=array",
        "csv export": "/public/panellists.csv?_size=max",
        "canned query": f"/public/{query.name}.json?_shape=array&edition=igf-peru-2017",
    }


async def load(base: str, urls: dict[str, str], clients: int, seconds: float) -> dict:
    results = {name: {"times": [], "errors": 0} for name in urls}
    deadline = time.perf_counter() + seconds
    names = list(urls)

    async def client(i: int):
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            n = i
            while time.perf_counter() < deadline:
                name = names[n % len(names)]
                n += 1
                t = time.perf_counter()
                try:
                    r = await c.get(urls[name])
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                results[name]["times"].append(time.perf_counter() - t)
                results[name]["errors"] += not ok

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    results["_elapsed"] = time.perf_counter() - started
    return results


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] * 1000 if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()
    env = {**os.environ, "NRIKIT_LOAD_PLUGINS": "peru"}
    tmp = Path(tempfile.mkdtemp(prefix="nrikit-load-"))
    summary = {}
    try:
        shutil.copytree(ROOT / "configs" / "peru", tmp / "peru", ignore=shutil.ignore_patterns(".nrikit"))
        configs = [str(tmp / "peru" / "2016.toml"), str(tmp / "peru" / "2017.toml")]
        site = tmp / "site"
        subprocess.run(
            [sys.executable, "-m", "nrikit", "publish", *configs, "--out", str(site), "--run"],
            env=env,
            check=True,
            capture_output=True,
        )
        urls = pages(site)
        commands = {
            "nrikit": [sys.executable, "-m", "nrikit", "serve", str(site), "--port"],
            "plain": [
                sys.executable,
                "-c",
                PLAIN,
                "serve",
                "-i",
                str(site / "public.db"),
                "--inspect-file",
                str(site / "inspect-data.json"),
                "--metadata",
                str(site / "metadata.json"),
                "--setting",
                "default_allow_sql",
                "off",
                "--setting",
                "max_returned_rows",
                "1000",
                "--port",
            ],
        }
        for name, command in commands.items():
            port = free_port()
            log = tmp / f"{name}.log"
            proc = start([*command, str(port)], log, env)
            try:
                base = f"http://127.0.0.1:{port}"
                wait(base + "/public.json", proc, log)
                for path in urls.values():  # warm-up: caches, bytecode
                    assert httpx.get(base + path).status_code == 200, (name, path)
                summary[name] = asyncio.run(load(base, urls, args.clients, args.seconds))
            finally:
                stop(proc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{args.clients} concurrent clients, {args.seconds:.0f} s per server, 127.0.0.1, Peru 2016+2017 public.db")
    for server, res in summary.items():
        elapsed = res.pop("_elapsed")
        total = sum(len(r["times"]) for r in res.values())
        errors = sum(r["errors"] for r in res.values())
        every = [t for r in res.values() for t in r["times"]]
        print(
            f"\n{server}: {total} requests, {errors} errors, {total / elapsed:.1f} req/s, "
            f"p50 {pct(every, 0.5):.1f} ms, p99 {pct(every, 0.99):.1f} ms"
        )
        for page, r in res.items():
            print(
                f"  {page:<13} {len(r['times']):>6} req  {r['errors']:>3} err  "
                f"p50 {pct(r['times'], 0.5):7.1f} ms  p99 {pct(r['times'], 0.99):7.1f} ms  "
                f"{len(r['times']) / elapsed:6.1f} req/s"
            )
        res["_elapsed"] = elapsed
    n, p = summary["nrikit"], summary["plain"]

    def flat(res):
        return [t for k, r in res.items() if k != "_elapsed" for t in r["times"]]

    tn, tp = flat(n), flat(p)
    errors = sum(r["errors"] for res in (n, p) for k, r in res.items() if k != "_elapsed")
    p50 = pct(tn, 0.5) / pct(tp, 0.5)
    record(
        "load",
        f"{args.clients} clients x {args.seconds:.0f} s, p50 over every page ({errors} errors)",
        pct(tn, 0.5),
        pct(tp, 0.5),
        "ms",
        "0 errors, p50 <= 1.2x",
        errors == 0 and p50 <= 1.2,
    )
    record(
        "load",
        "throughput, requests per second",
        len(tn) / n["_elapsed"],
        len(tp) / p["_elapsed"],
        "req/s",
        "reported",
        True,
    )
    print(
        f"\nratios nrikit/plain: throughput {len(tn) / n['_elapsed'] / (len(tp) / p['_elapsed']):.2f}, "
        f"p50 {pct(tn, 0.5) / pct(tp, 0.5):.2f}, p99 {pct(tn, 0.99) / pct(tp, 0.99):.2f}"
    )


if __name__ == "__main__":
    main()
