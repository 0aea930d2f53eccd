"""Benchmark: the panel composer from 30 to 1,000 sessions, and the whole pipeline at NRI and global scale.

    python benchmarks/bench_composer.py [--seed N] [--time-limit S] [--sizes 30 100 300 1000] [--keep DIR]

(1) Scaling series. Each instance comes from `nrikit generate` (seeded): the global-IGF size (300
sessions, 2,000 candidates, 40 topics) scaled to N sessions with candidates in proportion (1,000
sessions: 6,667 candidates). On each, side by side in the same run:
- nrikit's composer as it runs today (no moderator columns unless a plugin needs them; column
  generation above 100,000 pairs), and
- the baseline: the full model (moderator columns, every pair) handed to HiGHS in one piece, which
  is how the composer solved until this benchmark's goals were set.
Goals: at 1,000 sessions, proven within 1% (gap against the full model's bound) in <= 30 s; at 300
sessions, no slower than the baseline; at every size, no rule broken.
(2) Time per stage of a full `nrikit run` at NRI and global scale. Goal: global under 60 s.

Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NRIKIT_LOAD_PLUGINS", "")  # built-in plugins only: the generated editions need none
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import record

import nrikit.composer as composer_pkg
from nrikit import config, pipeline
from nrikit.composer import compose, evaluate
from nrikit.composer.generate import SIZES, generate_edition
from nrikit.composer.model import Model
from nrikit.composer.pool import build_pool
from nrikit.composer.solve import solve


def scaled(sessions: int):
    g = SIZES["global"]
    return dataclasses.replace(
        g,
        name=f"global-{sessions}",
        sessions=sessions,
        candidates=round(sessions * g.candidates / g.sessions),
        organisations=round(sessions * g.organisations / g.sessions),
    )


def instance_of(cfg_path: Path):
    pl = pipeline.Pipeline(config.load(cfg_path))
    for stage in pl.stages:
        if stage.name in ("call", "committee", "survey"):
            pl.run_stage(stage)
    return build_pool(pl.context("panels")).instance


def baseline(inst, seed: int, time_limit: float):
    """The full model in one piece, as before: moderator columns for every pair, no pricing."""
    started = time.perf_counter()
    model = Model(inst)
    costs, weights = model.objective(seed)
    sol = solve(model, costs=costs, time_limit=time_limit, mip_gap=0.0)
    score = sum(w for w, v in zip(weights, sol.values) if v > 0.5) if sol.values else None
    return sol, score, time.perf_counter() - started, model


def run_pipeline(cfg_path: Path) -> tuple[dict, float, float]:
    """Fresh workspace, every stage once; returns {stage: seconds}, total, and composer seconds."""
    edition = config.load(cfg_path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(edition.workspace) + suffix).unlink(missing_ok=True)
    solver_time = []
    original = composer_pkg.compose

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return original(*a, **kw)
        finally:
            solver_time.append(time.perf_counter() - t)

    composer_pkg.compose = timed  # the panels stage imports nrikit.composer.compose at call time
    try:
        started = time.perf_counter()
        pl = pipeline.Pipeline(edition)
        times = {}
        for stage in pl.stages:
            t = time.perf_counter()
            pl.run_stage(stage)
            times[stage.name] = time.perf_counter() - t
        total = time.perf_counter() - started
    finally:
        composer_pkg.compose = original
    return times, total, sum(solver_time)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--sizes", type=int, nargs="*", default=[30, 100, 300, 1000])
    ap.add_argument("--keep", type=Path, help="Generate into this directory instead of a temporary one.")
    args = ap.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="nrikit-bench-"))
    print(f"nrikit composer benchmark (seed {args.seed}, {os.cpu_count()} CPUs), files in {root}")
    ok_all = True

    print("\n== Scaling series: nrikit's composer vs the full model in one piece (baseline) ==")
    head = (
        "sessions",
        "cands",
        "pairs",
        "nrikit s",
        "status",
        "gap %",
        "score",
        "base s",
        "status",
        "gap %",
        "score",
        "ratio",
        "broken",
    )
    print("".join(f"{h:>10}" for h in head))
    previous = None
    for n in args.sizes:
        inst = instance_of(generate_edition(root / f"s{n}", scaled(n), seed=args.seed, compose=False))
        t = time.perf_counter()
        result = compose(inst, seed=args.seed, time_limit=args.time_limit)
        ours = time.perf_counter() - t
        sol, base_score, base_time, model = baseline(inst, args.seed, args.time_limit)
        _, broken = evaluate(inst, result.panels) if result.panels else (0, ["no solution"])
        gap = 100 * result.gap if result.gap is not None else float("nan")
        bgap = 100 * sol.gap if sol.gap is not None else float("nan")
        cells = (
            n,
            len(inst.candidates),
            len(model.pairs),
            f"{ours:.1f}",
            result.status,
            f"{gap:.3f}",
            result.score,
            f"{base_time:.1f}",
            sol.status,
            f"{bgap:.3f}",
            base_score,
            f"{ours / base_time:.2f}",
            len(broken),
        )
        print("".join(f"{c!s:>10}" for c in cells), flush=True)
        if previous:
            pn, pt, pp = previous
            print(
                f"{'':10}growth from {pn}: sessions x{n / pn:.1f}, pairs x{len(model.pairs) / pp:.1f}, "
                f"time x{ours / pt:.1f}"
            )
        previous = (n, ours, len(model.pairs))
        within = result.gap is not None and result.gap <= 0.01
        if n >= 1000:
            met = within and ours <= 30 and not broken
            goal = "gap <= 1% in <= 30 s, 0 broken"
        elif n == 300:
            met = result.status == "optimal" and ours <= base_time * 1.1 and not broken
            goal = "optimal, <= baseline time, 0 broken"
        else:
            met = result.status == "optimal" and not broken
            goal = "optimal, 0 broken"
        ok_all &= met
        record(
            "composer",
            f"{n} sessions x {len(inst.candidates)} candidates (gap {gap:.3f}%)",
            ours,
            base_time,
            "s",
            goal,
            met,
        )

    print("\n== Whole pipeline ==")
    paths = {size: generate_edition(root / size, SIZES[size], seed=args.seed) for size in ("nri", "global")}
    runs = {size: run_pipeline(paths[size]) for size in ("nri", "global")}
    (nt, ntotal, nsolve), (gt, gtotal, gsolve) = runs["nri"], runs["global"]
    print(f"{'stage':12}{'nri (s)':>10}{'global (s)':>12}{'ratio':>9}")
    for stage in nt:
        ratio = gt[stage] / nt[stage] if nt[stage] > 0 else float("nan")
        print(f"{stage:12}{nt[stage]:>10.3f}{gt[stage]:>12.3f}{ratio:>8.1f}x")
    print(f"{'composer':12}{nsolve:>10.3f}{gsolve:>12.3f}{gsolve / nsolve:>8.1f}x   (inside the panels stage)")
    print(f"{'total':12}{ntotal:>10.3f}{gtotal:>12.3f}{gtotal / ntotal:>8.1f}x")
    met = gtotal < 60
    ok_all &= met
    record("composer", "whole pipeline, global scale vs NRI scale", gtotal, ntotal, "s", "global < 60 s", met)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
