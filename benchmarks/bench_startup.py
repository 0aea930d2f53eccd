"""Start-up cost: `nrikit --help` against `datasette --version`, alternating in the same run.

    python benchmarks/bench_startup.py [runs]

Measured two ways, because organisers' machines differ:
- cached: nrikit's own bytecode written once and reused (a normal install);
- uncached: nrikit's source compiled on every start (PYTHONDONTWRITEBYTECODE, as this machine sets,
  with nrikit's __pycache__ folders removed first). Datasette keeps the bytecode pip wrote at install
  time in both cases, as it would on such a machine.

Machines here are noisy, so the figure that matters is the ratio of medians. Goal: <= 0.25 both ways.
Exits 1 when a goal is missed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record

BIN = Path(sys.executable).parent
SRC = Path(__file__).resolve().parents[1] / "src" / "nrikit"
GOAL = 0.25


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def drop_bytecode() -> None:
    for folder in SRC.rglob("__pycache__"):
        shutil.rmtree(folder, ignore_errors=True)


def measure(mode: str, runs: int) -> tuple[list[float], list[float]]:
    env = dict(os.environ)
    if mode == "cached":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        drop_bytecode()
    nrikit, datasette = [str(BIN / "nrikit"), "--help"], [str(BIN / "datasette"), "--version"]
    timed(nrikit, env), timed(datasette, env)  # warm the file cache (and, when cached, nrikit's bytecode)
    a, b = [], []
    for _ in range(runs):
        a.append(timed(nrikit, env))
        b.append(timed(datasette, env))
    return a, b


def main(runs: int = 15) -> int:
    print(
        f"{'mode':10}{'nrikit --help ms (min/med/max)':>34}{'datasette --version ms':>30}{'ratio':>8}{'goal':>7}  met"
    )
    missed = 0
    for mode in ("cached", "uncached"):
        a, b = measure(mode, runs)
        ratio = statistics.median(a) / statistics.median(b)
        ok = ratio <= GOAL
        missed += not ok

        def fmt(xs):
            return f"{min(xs) * 1000:.0f}/{statistics.median(xs) * 1000:.0f}/{max(xs) * 1000:.0f}"

        print(f"{mode:10}{fmt(a):>34}{fmt(b):>30}{ratio:>8.2f}{GOAL:>7.2f}  {'yes' if ok else 'NO'}")
        record(
            "startup",
            f"nrikit --help vs datasette --version, bytecode {mode} (median of {runs})",
            statistics.median(a) * 1000,
            statistics.median(b) * 1000,
            "ms",
            f"<= {GOAL}x",
            ok,
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 15))
