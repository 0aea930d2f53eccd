#!/usr/bin/env python3
"""Import speed and memory of the survey stage.

1. A 200,000-row topic-survey export is imported by nrikit (strict CSV reading, every
   value checked, ballots written, then counted) and, in the same run, by a baseline:
   Python's csv module plus sqlite3 executemany into the same survey_ballots table of
   a fresh workspace, with no checks at all. Goal: nrikit at most 1.5x the baseline.
2. Peak memory (ru_maxrss of a fresh process) importing 100,000 and 1,000,000 rows.
   Goal: bounded, not growing with the file.

3. The same ballots as a LimeSurvey wide export (--layout limesurvey): the fixed columns
   (id, token, submitdate, ..., ipaddr, refurl), a list question for the stakeholder group
   and one Y/blank column per topic (TOPICS[SQ001]...), 2% incomplete responses. The
   baseline reads the same file with csv and inserts the columns it needs with executemany
   (the ticked options joined), again with no checks.

Usage: python benchmarks/bench_import.py [--rows 200000] [--memory-rows 1000000] [--skip-memory]
       [--layout today|limesurvey]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record

TOPICS = [f"t{k:02d}" for k in range(1, 13)]
STAKEHOLDERS = ("Sociedad civil", "Academia", "Gobierno", "Sector privado", "Comunidad técnica")
CONFIG = """[nri]
name = "Benchmark IGF"
acronym = "BIGF"
country = "PE"
kind = "national"

[edition]
year = 2017
start = 2017-06-06

[survey]
method = "approval"
binding = true

[inputs]
topics = "topics.csv"

[inputs.survey]
path = "survey.csv"
max_bytes = 1_000_000_000   # a million ballots are about 55 MB; the default limit is 50 MB
"""


def write_edition(folder: Path, rows: int) -> Path:
    rng = random.Random(2017)
    (folder / "topics.csv").write_text("id,title\n" + "".join(f"{t},Topic {t}\n" for t in TOPICS), encoding="utf-8")
    with open(folder / "survey.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "submitted_at", "stakeholder", "choices"])
        for i in range(rows):
            w.writerow(
                [
                    f"s{i:07d}",
                    f"2017-04-{rng.randint(10, 28)}T{rng.randint(10, 23)}:{rng.randint(10, 59)}:00Z",
                    rng.choice(STAKEHOLDERS),
                    ";".join(sorted(rng.sample(TOPICS, rng.randint(1, 4)))),
                ]
            )
    config = folder / "edition.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return config


LIMESURVEY_CONFIG = CONFIG.replace(
    '[inputs.survey]\npath = "survey.csv"\n',
    '[inputs.survey]\npath = "survey.csv"\nformat = "limesurvey"\ntimezone = "America/Lima"\n'
    'columns = { choices = "TOPICS", stakeholder = "SECTOR" }\n'
    "values.choices = { " + ", ".join(f'SQ{k:03d} = "t{k:02d}"' for k in range(1, 13)) + " }\n",
)
FIXED = ["id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl"]


def write_limesurvey_edition(folder: Path, rows: int) -> Path:
    rng = random.Random(2017)
    (folder / "topics.csv").write_text("id,title\n" + "".join(f"{t},Topic {t}\n" for t in TOPICS), encoding="utf-8")
    with open(folder / "survey.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(FIXED + ["SECTOR"] + [f"TOPICS[SQ{k:03d}]" for k in range(1, 13)])
        for i in range(rows):
            done = rng.random() > 0.02
            when = f"2017-04-{rng.randint(10, 28)} {rng.randint(10, 23)}:{rng.randint(10, 59)}:00"
            ticked = set(rng.sample(range(1, 13), rng.randint(1, 4)))
            w.writerow(
                [str(i + 1), f"tok{i}", when if done else "", "2", "es", str(i), when, when, "10.0.0.1", ""]
                + [rng.choice(STAKEHOLDERS)]
                + ["Y" if k in ticked else "" for k in range(1, 13)]
            )
    config = folder / "edition.toml"
    config.write_text(LIMESURVEY_CONFIG, encoding="utf-8")
    return config


def run_limesurvey_baseline(survey_csv: Path, db_path: Path) -> float:
    """csv + executemany of the wide file's needed columns, options joined, no checks."""
    import sqlite3

    from nrikit.workspace.db import open_workspace

    open_workspace(db_path).conn.close()
    started = time.perf_counter()
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    with open(survey_csv, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = (
            (r[0], r[2], r[10], ";".join(TOPICS[k] for k, v in enumerate(r[11:23]) if v == "Y")) for r in reader if r[2]
        )
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO survey_ballots (id, submitted_at, stakeholder, choices) VALUES (?, ?, ?, ?)", rows
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def run_nrikit(config: Path, bulk: bool = True) -> float:
    os.environ["NRIKIT_LOAD_PLUGINS"] = ""
    from nrikit import config as config_mod
    from nrikit.importers import bulk as bulk_mod
    from nrikit.pipeline import Pipeline

    if not hasattr(bulk_mod, "_applicable"):
        bulk_mod._applicable = bulk_mod.applicable
    # bulk=False measures the line-by-line path, which any unusual file takes
    bulk_mod.applicable = bulk_mod._applicable if bulk else (lambda s: False)

    from nrikit.workspace.db import open_workspace

    edition = config_mod.load(config)
    db = open_workspace(edition.workspace)  # creating the schema is not timed, as for the baseline
    started = time.perf_counter()
    pipeline = Pipeline(edition, db=db)
    outcomes = pipeline.run()
    elapsed = time.perf_counter() - started
    survey = next(o for o in outcomes if o.stage == "survey")
    assert survey.imports[1]["rows_imported"] > 0
    pipeline.db.conn.close()
    return elapsed


def run_baseline(survey_csv: Path, db_path: Path) -> float:
    """csv + executemany into the same table, created the same way, with no checks."""
    import sqlite3

    from nrikit.workspace.db import open_workspace

    open_workspace(db_path).conn.close()  # same schema, not timed
    started = time.perf_counter()
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    with open(survey_csv, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO survey_ballots (id, submitted_at, stakeholder, choices) VALUES (?, ?, ?, ?)", reader
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


MEMORY_CHILD = r"""
import os, resource, sys, time
os.environ["NRIKIT_LOAD_PLUGINS"] = ""
from nrikit import config
from nrikit.pipeline import Pipeline
t = time.perf_counter()
Pipeline(config.load(sys.argv[1])).run()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - t)
"""


def peak_memory(rows: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        config = write_edition(Path(tmp), rows)
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, str(config)], capture_output=True, text=True, check=True
        )
        kb, seconds = out.stdout.split()
        return int(kb) / 1024, float(seconds)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--layout", choices=("today", "limesurvey"), default="today")
    args = parser.parse_args()
    if args.layout == "limesurvey":
        return limesurvey(args)

    best_n, best_b, best_l = float("inf"), float("inf"), float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        config = write_edition(root, args.rows)
        for i in range(args.repeat):
            ws = root / ".nrikit"
            if ws.exists():
                for p in ws.iterdir():
                    p.unlink()
            best_n = min(best_n, run_nrikit(config))
            best_b = min(best_b, run_baseline(root / "survey.csv", root / f"baseline{i}.db"))
            for p in ws.iterdir():
                p.unlink()
            best_l = min(best_l, run_nrikit(config, bulk=False))
    print(f"survey import, {args.rows:,} rows (best of {args.repeat}):")
    print(f"  baseline csv + sqlite3 executemany: {best_b:.3f} s")
    print(f"  nrikit run, every stage (read, check, write, count, log): {best_n:.3f} s")
    print(f"  ratio nrikit / baseline: {best_n / best_b:.2f}x (goal <= 1.5x)")
    met = best_n / best_b <= 1.5
    record(
        "import",
        f"survey import, {args.rows:,} ballots (easy file), best of {args.repeat}",
        best_n,
        best_b,
        "s",
        "<= 1.5x",
        met,
    )
    print(
        f"  line-by-line path (files needing cleaning, date formats, mappings): {best_l:.3f} s, {best_l / best_b:.2f}x"
    )
    if args.skip_memory:
        return 0 if met else 1
    small = max(args.memory_rows // 10, 1000)
    peaks = []
    for rows in (small, args.memory_rows):
        mb, seconds = peak_memory(rows)
        print(f"  peak memory (ru_maxrss), {rows:,} rows: {mb:.0f} MB ({seconds:.1f} s)")
        peaks.append(mb)
    flat = peaks[1] <= 1.2 * peaks[0]
    record(
        "import", f"peak memory, {args.memory_rows:,} vs {small:,} ballots", peaks[1], peaks[0], "MB", "<= 1.2x", flat
    )
    return 0 if met and flat else 1


def limesurvey(args) -> None:
    best_n, best_b = float("inf"), float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        config = write_limesurvey_edition(root, args.rows)
        for i in range(args.repeat):
            ws = root / ".nrikit"
            if ws.exists():
                for p in ws.iterdir():
                    p.unlink()
            best_n = min(best_n, run_nrikit(config))
            best_b = min(best_b, run_limesurvey_baseline(root / "survey.csv", root / f"baseline{i}.db"))
    print(f"LimeSurvey wide survey import, {args.rows:,} rows (best of {args.repeat}):")
    print(f"  baseline csv + sqlite3 executemany (needed columns, options joined): {best_b:.3f} s")
    print(f"  nrikit run, every stage: {best_n:.3f} s")
    print(f"  ratio nrikit / baseline: {best_n / best_b:.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    sys.exit(main())
