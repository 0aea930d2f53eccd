"""Benchmark: the panel composer at global-IGF scale, and the whole pipeline at NRI and global scale.

    python benchmarks/bench_composer.py [--seed N] [--time-limit S] [--keep DIR]

Prints (1) the composer's solver status, optimality gap, time and score beside a simple greedy
assignment's score and rule violations, on the same instance; (2) time per stage of a full
`nrikit run` on a generated NRI edition and a generated global edition, and the growth ratio
between the two (input rows grow ~25-100x; near-linear means stage ratios of that order or below).
Goals: composer proven optimal or gap < 1%; global end-to-end under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("NRIKIT_LOAD_PLUGINS", "")  # built-in plugins only: the generated editions need none

import nrikit.composer as composer_pkg
from nrikit import config, pipeline
from nrikit.composer import compose, evaluate, greedy
from nrikit.composer.generate import SIZES, generate_edition
from nrikit.composer.pool import build_pool


def run_pipeline(cfg_path: Path) -> tuple[dict, float, float]:
    """Fresh workspace, every stage once; returns {stage: seconds}, total, and composer seconds."""
    edition = config.load(cfg_path)
    if edition.workspace.exists():
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


def composer_at_scale(cfg_path: Path, seed: int, time_limit: float):
    edition = config.load(cfg_path)
    pl = pipeline.Pipeline(edition)
    for stage in pl.stages:
        if stage.name in ("call", "committee", "survey"):
            pl.run_stage(stage)
    pool = build_pool(pl.context("panels"))
    inst = pool.instance
    t = time.perf_counter()
    result = compose(inst, seed=seed, time_limit=time_limit)
    wall = time.perf_counter() - t
    t = time.perf_counter()
    g = greedy(inst)
    g_time = time.perf_counter() - t
    g_score, g_viol = evaluate(inst, g)
    c_score, c_viol = evaluate(inst, result.panels)
    return inst, result, wall, (g_score, g_viol, g_time), (c_score, c_viol)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--keep", type=Path, help="Generate into this directory instead of a temporary one.")
    args = ap.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="nrikit-bench-"))
    print(f"nrikit composer benchmark (seed {args.seed}, {os.cpu_count()} CPUs), files in {root}")

    paths, gen_times = {}, {}
    for size in ("nri", "global"):
        t = time.perf_counter()
        paths[size] = generate_edition(root / size, SIZES[size], seed=args.seed)
        gen_times[size] = time.perf_counter() - t
    print(
        f"generate: nri {gen_times['nri']:.2f}s, global {gen_times['global']:.2f}s "
        f"(ratio {gen_times['global'] / gen_times['nri']:.1f}x)"
    )

    print("\n== Composer at global scale ==")
    inst, result, wall, (g_score, g_viol, g_time), (c_score, c_viol) = composer_at_scale(
        paths["global"], args.seed, args.time_limit
    )
    from nrikit.composer.model import Model

    m = Model(inst)
    print(
        f"instance: {len(inst.sessions)} sessions, {len(inst.candidates)} candidates, "
        f"{len(m.pairs)} eligible (person, panel) pairs, {m.ncols} columns, {len(m.rows)} rows"
    )
    gap = result.gap if result.gap is not None else float("nan")
    print(f"{'':22}{'composer (HiGHS)':>20}{'greedy':>12}")
    print(f"{'status':22}{result.status:>20}{'-':>12}")
    print(f"{'optimality gap':22}{100 * gap:>19.3f}%{'-':>12}")
    print(f"{'time (s)':22}{wall:>20.2f}{g_time:>12.2f}")
    print(f"{'objective (score)':22}{c_score:>20}{g_score:>12}")
    print(f"{'rule violations':22}{len(c_viol):>20}{len(g_viol):>12}")
    by_rule = Counter(v.rule for v in g_viol)
    print("greedy violations by rule: " + (", ".join(f"{r} {n}" for r, n in by_rule.most_common()) or "none"))
    goal = result.status == "optimal" or (result.gap is not None and result.gap < 0.01)
    print(f"goal (proven optimal or gap < 1%): {'met' if goal else 'NOT met'}")

    print("\n== Whole pipeline ==")
    runs = {size: run_pipeline(paths[size]) for size in ("nri", "global")}
    (nt, ntotal, nsolve), (gt, gtotal, gsolve) = runs["nri"], runs["global"]
    print(f"{'stage':12}{'nri (s)':>10}{'global (s)':>12}{'ratio':>9}")
    for stage in nt:
        ratio = gt[stage] / nt[stage] if nt[stage] > 0 else float("nan")
        print(f"{stage:12}{nt[stage]:>10.3f}{gt[stage]:>12.3f}{ratio:>8.1f}x")
    outside_n, outside_g = ntotal - nsolve, gtotal - gsolve
    print(f"{'composer':12}{nsolve:>10.3f}{gsolve:>12.3f}{gsolve / nsolve:>8.1f}x   (inside the panels stage)")
    print(f"{'outside comp':12}{outside_n:>10.3f}{outside_g:>12.3f}{outside_g / outside_n:>8.1f}x")
    print(f"{'total':12}{ntotal:>10.3f}{gtotal:>12.3f}{gtotal / ntotal:>8.1f}x")
    rows = {
        "registrations": (SIZES["nri"].registrations, SIZES["global"].registrations),
        "ballots": (SIZES["nri"].ballots, SIZES["global"].ballots),
        "candidates": (SIZES["nri"].candidates, SIZES["global"].candidates),
        "sessions": (SIZES["nri"].sessions, SIZES["global"].sessions),
    }
    print("input growth: " + ", ".join(f"{k} {b / a:.0f}x" for k, (a, b) in rows.items()))
    total_rows = lambda s: s.registrations + s.ballots + s.candidates * 2 + s.sessions * 10  # noqa: E731
    print(
        f"input rows overall {total_rows(SIZES['global']) / total_rows(SIZES['nri']):.0f}x; "
        f"time outside the composer {outside_g / outside_n:.0f}x"
    )
    print(f"goal (global end-to-end < 60 s): {'met' if gtotal < 60 else 'NOT met'} ({gtotal:.1f}s)")
    return 0 if goal else 1


if __name__ == "__main__":
    sys.exit(main())
