"""One line per measure for `make bench` (benchmarks/run_all.py): what was measured, nrikit's figure,
the baseline's, their ratio, the goal and whether it was met.

A benchmark calls record(); when run alone it only prints its own report, when run by run_all.py
(NRIKIT_BENCH_RESULTS names a file) each record is also appended there as a JSON line.
"""

from __future__ import annotations

import json
import os


def record(
    bench: str, measure: str, nrikit: float, baseline: float | None, unit: str, goal: str, met: bool, note: str = ""
) -> None:
    ratio = nrikit / baseline if baseline else None
    path = os.environ.get("NRIKIT_BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(
                json.dumps(
                    {
                        "bench": bench,
                        "measure": measure,
                        "nrikit": nrikit,
                        "baseline": baseline,
                        "ratio": ratio,
                        "unit": unit,
                        "goal": goal,
                        "met": bool(met),
                        "note": note,
                    }
                )
                + "\n"
            )
