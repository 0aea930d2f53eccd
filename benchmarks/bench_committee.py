"""Page latency of the committee workspace at Peru scale and at global-IGF scale, same run.

    .venv/bin/python benchmarks/bench_committee.py [--requests 30] [--sizes peru,global]

For each scale: the edition is run (Peru 2017 as shipped, with the peru plugin; a generated
global edition: 300 panels, 2,000 candidates, 200,000 survey ballots, composer off), one
secretariat account is invited, and a four-person draft is proposed on the first approved topic.
Then, through Datasette's ASGI client (no network), it times:
  - /sign-in: the baseline (a template, no workspace read);
  - /: the overview (stages, every finding with names, what is due, tasks);
  - /panels/<topic>: the draft with the composer's live check and its swaps;
and, on the same draft, the CLI's `nrikit compose --check` path (build the pool, check the round).
Prints p50/p95 per page, each page's ratio to the baseline, and the live page's ratio to the CLI check.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


def prepare(size: str, folder: Path) -> Path:
    from nrikit import plugins

    if size == "peru":
        os.environ["NRIKIT_LOAD_PLUGINS"] = "peru"
        shutil.copytree(ROOT / "configs" / "peru", folder / "peru", ignore=shutil.ignore_patterns(".nrikit"))
        config = folder / "peru" / "2017.toml"
    else:
        from nrikit.composer.generate import SIZES, generate_edition

        os.environ["NRIKIT_LOAD_PLUGINS"] = ""
        config = generate_edition(folder / "global", SIZES["global"], seed=1, compose=False)
    plugins.reset()
    return config


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def measure(app, login, password, topic, requests):
    client = app.datasette.client
    cookies = {}

    async def call(method, path, data=None):
        headers = {"cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
        r = await getattr(client, method)(path, headers=headers, **({"data": data} if data else {}))
        cookies.update(dict(r.cookies.items()))
        return r

    page = await call("get", "/sign-in")
    token = CSRF.search(page.text).group(1)
    assert (
        await call("post", "/sign-in", {"login": login, "password": password, "csrftoken": token})
    ).status_code == 302
    panel = await call("get", f"/panels/{topic}")
    pool = re.findall(r'<li data-person="([^"]+)"', panel.text)
    for person in pool[:4]:
        await call("post", f"/panels/{topic}/add", {"person": person, "role": "speaker", "csrftoken": token})
    timings = {}
    for path in ("/sign-in", "/", f"/panels/{topic}"):
        seconds = []
        for _ in range(requests):
            t0 = time.perf_counter()
            r = await call("get", path)
            seconds.append(time.perf_counter() - t0)
            assert r.status_code == 200, (path, r.status_code)
        timings[path] = seconds
    return timings


def cli_check_seconds(config, topic, requests) -> list[float]:
    """The CLI's `compose --check` path on the committee's draft: pipeline, pool, check (no stage re-run)."""
    from nrikit import config as config_mod
    from nrikit.committee.panels import _topic, check_members, rounds_of
    from nrikit.pipeline import Pipeline

    pipeline = Pipeline(config_mod.load(config))
    members = rounds_of(pipeline.db, topic)[-1]["members"]
    topic_row = _topic(pipeline.db, topic)
    seconds = []
    for _ in range(requests):
        t0 = time.perf_counter()
        check_members(pipeline.db, Pipeline(pipeline.edition, pm=pipeline.pm, db=pipeline.db), topic_row, members)
        seconds.append(time.perf_counter() - t0)
    pipeline.db.close()
    return seconds


def bench(size: str, requests: int) -> None:
    from nrikit import config as config_mod
    from nrikit.committee.accounts import invite
    from nrikit.committee.app import CommitteeApp
    from nrikit.pipeline import Pipeline
    from nrikit.report.status import report_status

    with tempfile.TemporaryDirectory() as tmp:
        config = prepare(size, Path(tmp))
        t0 = time.perf_counter()
        pipeline = Pipeline(config_mod.load(config))
        pipeline.run()
        run_seconds = time.perf_counter() - t0
        person = pipeline.db.execute("SELECT person_id FROM committee_members ORDER BY person_id LIMIT 1").fetchone()[0]
        topic = pipeline.db.execute("SELECT topic_id FROM topic_decisions WHERE approved ORDER BY topic_id").fetchone()[
            0
        ]
        candidates = pipeline.db.execute("SELECT count(*) FROM people").fetchone()[0]
        panels = pipeline.db.execute("SELECT count(*) FROM panels").fetchone()[0]
        account, password = invite(pipeline.db, person, "secretariat")
        app = CommitteeApp(pipeline, report_status=report_status)
        try:
            timings = asyncio.run(measure(app, account["login"], password, topic, requests))
        finally:
            app.close()
        cli = cli_check_seconds(config, topic, requests)
        pipeline.db.close()
    base = statistics.median(timings["/sign-in"])
    print(
        f"\n{size}: {candidates} people, {panels} panels; nrikit run {run_seconds:.1f}s; {requests} requests per page"
    )
    print(f"  {'page':<28}{'p50 ms':>9}{'p95 ms':>9}{'p50 / sign-in':>15}")
    for path, seconds in timings.items():
        label = "/panels/<topic> (live check)" if path.startswith("/panels/") else path
        p50 = statistics.median(seconds)
        print(f"  {label:<28}{p50 * 1000:>9.1f}{percentile(seconds, 0.95) * 1000:>9.1f}{p50 / base:>15.1f}")
    live = statistics.median(timings[f"/panels/{topic}"])
    print(
        f"  CLI compose --check path on the same draft: p50 {statistics.median(cli) * 1000:.1f} ms; "
        f"live page / CLI check = {live / statistics.median(cli):.2f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sizes", default="peru,global")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        bench(size, args.requests)


if __name__ == "__main__":
    main()
