"""Run every benchmark and print one table: measure, nrikit, baseline, ratio, goal, met.

    python benchmarks/run_all.py [--only NAME ... [--merge]]      (or: make bench)

Each benchmark runs as its own process (as an organiser would run the commands), prints its own
report, and records its measures through benchmarks/results.py. The table is written to
benchmarks/last-run.json too, which docs/benchmarks.md quotes (cog), so the documented figures are
the last run's, never typed. Exits 1 when any goal is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAST_RUN = HERE / "last-run.json"

# name -> arguments; kept to what a 2-core machine runs in minutes.
BENCHMARKS = {
    "startup": ["bench_startup.py", "15"],
    "import": ["bench_import.py"],
    "composer": ["bench_composer.py"],
    "serve": ["bench_serve.py"],
    "load": ["bench_load.py"],
    "longline": ["bench_longline.py"],
    "report": ["bench_report.py"],
    "catalogues": ["bench_catalogues.py"],
    "charts": ["bench_charts.py"],
    "publish": ["bench_publish.py"],
}


def _ratio(x: float | None) -> str:
    # two significant figures below 0.1, so a 600-fold win does not print as 0.00
    return "-" if x is None else f"{x:.2g}" if abs(x) < 0.1 else f"{x:.2f}"


def table(rows: list[dict]) -> str:
    def num(x):
        if x is None:
            return "-"
        return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"

    def spread(r):
        # min-max of the ratio's two sides over alternating runs, where the benchmark measured a spread
        a, b = r.get("nrikit_spread"), r.get("baseline_spread")
        if not (a and b) or not b[0] or not b[2]:
            return "-"
        return f"{a[0] / b[2]:.2f}-{a[2] / b[0]:.2f}"

    head = ("benchmark", "measure", "nrikit", "baseline", "ratio", "ratio range", "goal", "met")
    body = [
        (
            r["bench"],
            r["measure"],
            f"{num(r['nrikit'])} {r['unit']}".strip(),
            f"{num(r['baseline'])} {r['unit']}".strip() if r["baseline"] is not None else "-",
            _ratio(r["ratio"]),
            spread(r),
            r["goal"],
            "yes" if r["met"] else "NO",
        )
        for r in rows
    ]
    widths = [max(len(str(c)) for c in col) for col in zip(head, *body)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(line, widths)) for line in (head, *body)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="Run only these benchmarks.")
    ap.add_argument(
        "--merge",
        action="store_true",
        help="With --only: replace those benchmarks' rows in last-run.json (noted as re-run alone, with the date).",
    )
    args = ap.parse_args(argv)
    names = args.only or list(BENCHMARKS)
    rows: list[dict] = []
    failed: list[str] = []
    for name in names:
        script, *rest = BENCHMARKS[name]
        with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as tmp:
            out = Path(tmp.name)
        env = {**os.environ, "NRIKIT_BENCH_RESULTS": str(out)}
        print(f"\n===== {name}: {script} {' '.join(rest)}", flush=True)
        proc = subprocess.run([sys.executable, str(HERE / script), *rest], env=env)
        recorded = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
        out.unlink(missing_ok=True)
        if not recorded:
            failed.append(name)
            recorded = [
                {
                    "bench": name,
                    "measure": f"(exit {proc.returncode}, nothing recorded)",
                    "nrikit": None,
                    "baseline": None,
                    "ratio": None,
                    "unit": "",
                    "goal": "runs",
                    "met": False,
                    "note": "",
                }
            ]
        rows.extend(recorded)
    print("\n" + table(rows))
    if args.only is None:
        LAST_RUN.write_text(
            json.dumps(
                {
                    "when": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                    "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
                    "rows": rows,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"\nwritten to {LAST_RUN.relative_to(HERE.parent)}")
    elif args.merge and LAST_RUN.exists():
        last = json.loads(LAST_RUN.read_text(encoding="utf-8"))
        when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
        merged, placed = [], set()
        for r in last["rows"]:
            if r["bench"] in names:
                if r["bench"] not in placed:  # the new rows take the old ones' place in the table
                    placed.add(r["bench"])
                    merged.extend(x for x in rows if x["bench"] == r["bench"])
            else:
                merged.append(r)
        merged.extend(x for x in rows if x["bench"] not in placed)
        last["rows"] = merged
        last.setdefault("reruns", {}).update(dict.fromkeys(names, when + load))
        LAST_RUN.write_text(json.dumps(last, indent=1) + "\n", encoding="utf-8")
        print(f"\nmerged into {LAST_RUN.relative_to(HERE.parent)}")
    return 0 if all(r["met"] for r in rows) and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
