"""Start-up cost: `nrikit --help` against `datasette --version`, run alternately in the same session.

Machines here are noisy, so the figure that matters is the ratio of medians.
Usage: python benchmarks/bench_startup.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(runs: int = 15) -> None:
    nrikit, datasette = [str(BIN / "nrikit"), "--help"], [str(BIN / "datasette"), "--version"]
    timed(nrikit), timed(datasette)  # warm the bytecode caches
    a, b = [], []
    for _ in range(runs):
        a.append(timed(nrikit))
        b.append(timed(datasette))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"nrikit --help       median {ma * 1000:7.1f} ms over {runs} runs")
    print(f"datasette --version median {mb * 1000:7.1f} ms over {runs} runs")
    print(f"ratio nrikit/datasette: {ma / mb:.2f} (goal: under 0.5)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
