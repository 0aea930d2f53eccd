"""Time of the annual report at global IGF scale, against the Peru 2017 report, in one process.

    .venv/bin/python benchmarks/bench_report.py [--size global] [--seed 0] [--repeat 5]

Generates a synthetic global-scale edition (`nrikit generate --size global`: 10,000 registrations,
200,000 survey ballots, 2,000 speaker candidates, 300 sessions), runs its pipeline and publishes it
(both timed once, for context), then renders its report in Markdown and HTML from the
published public.db (`nrikit report --site`), median of --repeat runs. The baseline is the
Peru 2017 report rendered the same way in the same process; the ratio says how the report
grows from an NRI to the global scale.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def median_report(config, site, fmt, pm, repeat):
    from nrikit.report import build

    runs = [timed(lambda: build(config, fmt=fmt, site=site, pm=pm, record=False))[1] for _ in range(repeat)]
    return runs[0], statistics.median(runs[1:] or runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("nri", "global"), default="global")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.environ["NRIKIT_LOAD_PLUGINS"] = "peru"
    from nrikit import config, plugins
    from nrikit.composer.generate import SIZES, generate_edition
    from nrikit.opendata.publish import publish
    from nrikit.pipeline import Pipeline

    pm = plugins.get_plugin_manager()
    tmp = Path(tempfile.mkdtemp(prefix="nrikit-bench-report-"))
    try:
        shutil.copytree(ROOT.parent / "configs" / "peru", tmp / "peru", ignore=shutil.ignore_patterns(".nrikit"))
        peru = [tmp / "peru" / "2016.toml", tmp / "peru" / "2017.toml"]
        publish(peru, tmp / "peru-site", run=True, pm=pm)
        size = SIZES[args.size]
        cfg = generate_edition(tmp / "global", size, seed=args.seed)
        _, run_s = timed(lambda: Pipeline(config.load(cfg, pm=pm), pm=pm).run())
        _, pub_s = timed(lambda: publish([cfg], tmp / "global-site", pm=pm))
        print(
            f"{size.name} edition: {size.registrations} registrations, {size.sessions} sessions, {size.ballots} ballots"
        )
        print(f"  pipeline run {run_s:.2f}s, publish {pub_s:.2f}s (context; not the report)")
        for fmt in ("md", "html"):
            big_first, big = median_report(cfg, tmp / "global-site", fmt, pm, args.repeat)
            base_first, base = median_report(peru[1], tmp / "peru-site", fmt, pm, args.repeat)
            print(
                f"  report {fmt:<4} global {big:.3f}s (first run {big_first:.3f}s)  peru-2017 {base:.3f}s  "
                f"ratio {big / base:.1f}x"
            )
            # Input rows grow ~50x from Peru 2017 to the global edition; the report reads aggregates.
            record(
                "report", f"report {fmt} at {size.name} scale vs Peru 2017", big, base, "s", "<= 5x", big / base <= 5
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
