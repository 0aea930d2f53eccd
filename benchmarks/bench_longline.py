#!/usr/bin/env python3
"""Time the CSV reader on single-field lines of 1 MB, 10 MB and 100 MB: it must grow linearly.

For each size N, one file `id,bio` whose first record's bio is N characters (no line break
inside it, so the line runs across hundreds of the reader's 256 KiB read chunks) is

- refused: read with the default per-column limit (10,000 characters), which must fail with
  the one-line "over the column's limit" error, and
- read: read with the column's limit raised above N (and max_bytes raised), which must
  succeed, both whole (read_table) and streamed (iter_records).

Each step is 10x the bytes, so a linear reader shows ratios near 10 between consecutive
sizes; the quadratic line splitting this replaced took 671 s to refuse a 270,000-character
field. The 1 MB time is the baseline of the same run.

Usage: python benchmarks/bench_longline.py [--sizes 1,10,100] (MB) [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from nrikit.errors import InputError
from nrikit.importers.csvread import iter_records, read_table

MB = 1_000_000


def write(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("id,bio\n1,")
        block = "lorem ipsum " * (MB // 12)
        left = size
        while left > 0:
            f.write(block[: min(left, len(block))])
            left -= len(block)
        f.write("\n2,short\n")


def timed(fn) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        outcome = fn()
    except InputError as exc:
        outcome = f"refused: {str(exc)[:90]}"
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="line sizes in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest is kept")
    args = parser.parse_args()
    sizes = [int(s) * MB for s in args.sizes.split(",")]
    results: dict[str, list[float]] = {"refuse": [], "read_table": [], "iter_records": []}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"line-{size}.csv"
            write(path, size)
            big = {"bio": size + 10}
            cases = {
                "refuse": lambda p=path, s=size: read_table(p, max_bytes=s * 2),
                "read_table": lambda p=path, s=size, b=big: (
                    f"{len(read_table(p, max_bytes=s * 2, field_limits=b).records)} records"
                ),
                "iter_records": lambda p=path, b=big: f"{sum(1 for _ in iter_records(p, field_limits=b))} records",
            }
            for name, fn in cases.items():
                # The fastest of a few runs: the machine is shared, and noise only ever adds time.
                seconds, outcome = min(timed(fn) for _ in range(args.repeat))
                results[name].append(seconds)
                print(f"{size // MB:>4} MB  {name:<13} {seconds:8.3f} s  {outcome}", flush=True)
            path.unlink()
    print()
    print("ratios between consecutive sizes (each step is 10x the bytes; linear is ~10):")
    for name, times in results.items():
        steps = [f"{b / a:5.1f}x" for a, b in zip(times, times[1:])]
        per_mb = [f"{t / (s / MB) * 1000:.1f}" for t, s in zip(times, sizes)]
        print(f"  {name:<13} {'  '.join(steps)}   (ms per MB: {', '.join(per_mb)})")
        # Linear: the biggest line costs (size ratio) x the smallest one's time; 3x that is noise, not quadratic.
        predicted = times[0] * sizes[-1] / sizes[0]
        record(
            "longline",
            f"{name}, {sizes[-1] // MB} MB line vs {sizes[0] // MB} MB x {sizes[-1] // sizes[0]}",
            times[-1],
            predicted,
            "s",
            "<= 3x (linear)",
            times[-1] <= 3 * predicted,
        )


if __name__ == "__main__":
    main()
