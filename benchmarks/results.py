"""One line per measure for `make bench` (benchmarks/run_all.py): what was measured, nrikit's figure,
the baseline's, their ratio, the goal and whether it was met.

A benchmark times nrikit and its baseline with `alternate()` (the two interleaved, so a burst of load
on these 2 noisy cores hits both alike) and calls `record()`; run alone it prints its own report, run
by run_all.py (NRIKIT_BENCH_RESULTS names a file) each record is also appended there as a JSON line.
A benchmark ends with `sys.exit(exit_code())`: non-zero when any of its goals was missed.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass

_missed: list[str] = []


@dataclass(frozen=True)
class Spread:
    """min / median / max of one side's runs."""

    runs: tuple[float, ...]

    @property
    def min(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def max(self) -> float:
        return max(self.runs)

    def __str__(self) -> str:
        return f"{self.min:.4g} / {self.median:.4g} / {self.max:.4g}"


def alternate(nrikit: Callable[[], float], baseline: Callable[[], float], runs: int = 5) -> tuple[Spread, Spread]:
    """Run nrikit and baseline `runs` times each, alternating which goes first; each returns its figure.

    Alternating the order cancels warm-cache and load-burst effects that favour whichever runs second.
    """
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            a.append(nrikit())
            b.append(baseline())
        else:
            b.append(baseline())
            a.append(nrikit())
    return Spread(tuple(a)), Spread(tuple(b))


def record(
    bench: str,
    measure: str,
    nrikit: float | Spread,
    baseline: float | Spread | None,
    unit: str,
    goal: str,
    met: bool,
    note: str = "",
) -> None:
    """One measure. Given Spreads, the figures are medians and min/max go to the table's spread column."""
    spread = {}
    if isinstance(nrikit, Spread):
        spread["nrikit_spread"] = [nrikit.min, nrikit.median, nrikit.max]
        nrikit = nrikit.median
    if isinstance(baseline, Spread):
        spread["baseline_spread"] = [baseline.min, baseline.median, baseline.max]
        baseline = baseline.median
    ratio = nrikit / baseline if baseline else None
    if not met:
        _missed.append(measure)
    ratio_text = f"{ratio:.2f}x" if ratio is not None else "-"
    print(
        f"[{'met' if met else 'MISSED'}] {bench}: {measure}: {nrikit:.4g} vs {baseline} {unit} ({ratio_text}; goal {goal})"
    )
    path = os.environ.get("NRIKIT_BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            row = {
                "bench": bench,
                "measure": measure,
                "nrikit": nrikit,
                "baseline": baseline,
                "ratio": ratio,
                "unit": unit,
                "goal": goal,
                "met": bool(met),
                "note": note,
                **spread,
            }
            f.write(json.dumps(row) + "\n")


def exit_code() -> int:
    """1 when a goal recorded in this process was missed, so `make bench` shows at a glance what holds."""
    return 1 if _missed else 0
