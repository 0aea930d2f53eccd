#!/usr/bin/env python3
"""Import speed and memory of the survey stage, on the ballots `nrikit generate` writes.

Inputs (seeded, fixed across runs): `nrikit generate --size global --seed 0` writes 200,000
approval ballots over 40 topics with Zipf-like topic popularity and 1 to 10 choices each, so
about 100,000 distinct `choices` values, as real surveys have; `--survey-layout limesurvey`
writes the same ballots as LimeSurvey's wide export (one Y/blank column per topic, SGQA codes
726613X995X33060SQ001..., plus about 2 % incomplete responses). A minimal edition (its topics
and its survey, a binding approval survey) is imported from each.

1. Realistic file, today's layout (one choices column): nrikit's pipeline (every stage: read,
   check every value, write the ballots, count them, log the decisions) against, in the same
   run, a baseline doing the same work with no checks: Python's csv module plus sqlite3
   executemany of THE SAME ROWS (group ids, choices as the JSON list nrikit stores; the benchmark
   compares the two tables and stops if one row differs) into the survey_ballots table of a fresh
   workspace created the same way (same schema, WAL, one transaction), and each topic's
   approvals counted.
2. The same ballots in LimeSurvey's wide layout; the baseline reads the same file with csv,
   leaves out incomplete responses, converts submitdate from the survey's time zone to UTC (once
   per local hour), takes the ticked options with itertools.compress and stores the same rows,
   again with no checks.
3. The easy file of earlier runs (12 topics, sorted choices, 793 distinct values), labelled.
4. Peak memory (ru_maxrss of a fresh process running the pipeline) at 100,000 and 1,000,000
   realistic ballots (`--ballots`). Goal: flat, at most 1.2x.

Goal for 1-3: nrikit at most 1.5x the baseline. The ratio recorded is IN-PROCESS (the
pipeline's run against the baseline's load, both timed after the workspace schema exists,
alternating, min/median/max over --runs runs; the figure is the median); the whole-process
ratio (`nrikit run` against `python baseline.py`, start-up included) is printed beside it.

Usage: python benchmarks/bench_import.py [--runs 3] [--memory-rows 1000000] [--skip-memory]
       [--only realistic limesurvey easy]
"""

from __future__ import annotations

import argparse
import csv
import functools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import alternate, exit_code, record

NRIKIT = str(Path(sys.executable).with_name("nrikit"))
TOPICS = [f"t{k:02d}" for k in range(1, 13)]
STAKEHOLDERS = ("Sociedad civil", "Academia", "Gobierno", "Sector privado", "Comunidad técnica")
# the easy file's Spanish labels, as the default taxonomy's vocabulary maps them
EASY_GROUPS = dict(
    zip(STAKEHOLDERS, ("civil_society", "academia", "government", "private_sector", "technical_community"))
)
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


def run_limesurvey_baseline(survey_csv: Path, db_path: Path) -> float:
    """The same work as nrikit's survey stage on the wide file, with no checks: csv + executemany of
    the complete responses, their ticked options' topics (itertools.compress, at C speed) stored as
    nrikit stores them, the groups mapped, the approvals counted."""
    import datetime as dt
    from itertools import compress
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Tokyo")  # the generated edition's [inputs.survey] timezone
    hours: dict[str, str] = {}  # "2030-04-03 09" -> "2030-04-03T00": local hour to UTC, once per hour

    def utc(local: str) -> str:
        hour = hours.get(local[:13])
        if hour is None:
            start = dt.datetime.fromisoformat(local[:13] + ":00").replace(tzinfo=tz).astimezone(dt.timezone.utc)
            hour = hours[local[:13]] = start.strftime("%Y-%m-%dT%H")
        return f"{hour}{local[13:]}Z"

    def rows(reader):
        header = next(reader)
        first = 11  # id ... refurl, the group, then one column per topic (...SQ001)
        topics = [f"t{int(h[-3:]):02d}" for h in header[first:]]
        for r in reader:
            if r[2]:  # submitdate: incomplete responses have none
                yield r[0], utc(r[2]), r[10], list(compress(topics, r[first:]))

    return _same_work(survey_csv, db_path, rows)


def run_nrikit(config: Path, bulk: bool = True) -> float:
    os.environ["NRIKIT_LOAD_PLUGINS"] = ""
    from nrikit import config as config_mod
    from nrikit.importers import bulk as bulk_mod
    from nrikit.pipeline import Pipeline

    if not hasattr(bulk_mod, "_applicable"):
        bulk_mod._applicable = bulk_mod.applicable
        bulk_mod._wide_applicable = bulk_mod.wide_applicable
    # bulk=False measures the line-by-line path, which any unusual file takes
    bulk_mod.applicable = bulk_mod._applicable if bulk else (lambda s: False)
    bulk_mod.wide_applicable = bulk_mod._wide_applicable if bulk else (lambda s: False)

    from nrikit.workspace.db import open_workspace

    edition = config_mod.load(config)
    shutil.rmtree(edition.workspace.parent, ignore_errors=True)
    db = open_workspace(edition.workspace)  # creating the schema is not timed, as for the baseline
    started = time.perf_counter()
    pipeline = Pipeline(edition, db=db)
    outcomes = pipeline.run()
    elapsed = time.perf_counter() - started
    survey = next(o for o in outcomes if o.stage == "survey")
    assert survey.imports[1]["rows_imported"] > 0
    pipeline.db.conn.close()
    return elapsed


def run_baseline(survey_csv: Path, db_path: Path, groups: dict[str, str] | None = None) -> float:
    """The same work as nrikit's survey stage, with no checks: csv + executemany of the same rows into
    the same table of a workspace created the same way, and the approvals counted."""

    def rows(reader):
        next(reader)
        for ballot, submitted, group, choices in reader:
            yield ballot, submitted, group, choices.split(";") if choices else []

    return _same_work(survey_csv, db_path, rows, groups)


def _same_work(survey_csv: Path, db_path: Path, rows, groups: dict[str, str] | None = None) -> float:
    """Store the ballots exactly as nrikit does (group ids, choices as a JSON list; main() checks the
    two tables are identical), then count each topic's approvals: what any survey import must do."""
    import sqlite3
    from collections import Counter

    from nrikit.workspace.db import open_workspace

    open_workspace(db_path).conn.close()  # same schema, not timed
    started = time.perf_counter()
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    approvals: Counter = Counter()
    group_ids = dict(groups or {})  # "Civil society" -> civil_society, worked out once per label

    def stored(reader):
        for ballot, submitted, group, choices in rows(reader):
            approvals.update(choices)
            gid = group_ids.get(group)
            if gid is None:
                gid = group_ids[group] = group.strip().lower().replace(" ", "_")
            # json.dumps's own layout, by a join: the ids are plain (the same-rows check would catch it)
            yield ballot, submitted, gid, '["' + '", "'.join(choices) + '"]' if choices else "[]"

    with open(survey_csv, encoding="utf-8", newline="") as f:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO survey_ballots (id, submitted_at, stakeholder, choices) VALUES (?, ?, ?, ?)",
            stored(csv.reader(f, strict=True)),
        )
        conn.execute("CREATE TEMP TABLE approvals (topic TEXT, votes INTEGER)")
        conn.executemany("INSERT INTO approvals VALUES (?, ?)", approvals.items())
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def check_same_rows(config: Path, baseline, survey: Path, root: Path) -> None:
    """The baseline must store exactly nrikit's rows, or its time says nothing."""
    import sqlite3

    from nrikit import config as config_mod

    db = root / "same-rows.db"
    baseline(survey, db)
    conn = sqlite3.connect(str(db))
    conn.execute("ATTACH ? AS n", [str(config_mod.load(config).workspace)])
    one_way = conn.execute("SELECT count(*) FROM (SELECT * FROM survey_ballots EXCEPT SELECT * FROM n.survey_ballots)")
    other = conn.execute("SELECT count(*) FROM (SELECT * FROM n.survey_ballots EXCEPT SELECT * FROM survey_ballots)")
    differ = one_way.fetchone()[0] + other.fetchone()[0]
    total = conn.execute("SELECT count(*) FROM n.survey_ballots").fetchone()[0]
    conn.close()
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    if differ:
        raise SystemExit(f"the baseline's rows differ from nrikit's in {differ} rows: its time would not compare")
    print(f"  same rows: the baseline stores exactly nrikit's {total:,} ballots")


MEMORY_CHILD = r"""
import os, resource, sys, time
os.environ["NRIKIT_LOAD_PLUGINS"] = ""
from nrikit import config
from nrikit.pipeline import Pipeline
t = time.perf_counter()
Pipeline(config.load(sys.argv[1])).run()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - t)
"""

BASELINE_CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
import bench_import
from pathlib import Path
layout, survey, db = sys.argv[2:5]
(bench_import.run_baseline if layout == "csv" else bench_import.run_limesurvey_baseline)(Path(survey), Path(db))
"""

REALISTIC_CONFIG = """[nri]
name = "Benchmark IGF"
acronym = "BIGF"
country = "JP"
kind = "national"

[edition]
year = 2030
start = 2030-06-10

[survey]
method = "approval"
binding = true

[inputs]
topics = "data/topics.csv"
"""


def generate(folder: Path, layout: str, ballots: int | None = None) -> Path:
    """`nrikit generate --size global --seed 0` (the real CLI), then a minimal edition of its
    topics and survey: the survey input exactly as the generated config declares it."""
    command = [NRIKIT, "generate", "--size", "global", "--seed", "0", "--no-compose", "--survey-layout", layout]
    if ballots:
        command += ["--ballots", str(ballots)]
    subprocess.run([*command, "--out", str(folder)], check=True, capture_output=True)
    text = (folder / "global-0.toml").read_text(encoding="utf-8")
    if layout == "csv":
        survey = '\n[inputs.survey]\npath = "data/survey.csv"\nmax_bytes = 1_000_000_000\n'
    else:
        block = text[text.index("[inputs.survey]") :]
        survey = "\n" + block[: block.index("\n\n")].replace("max_bytes = 500_000_000", "max_bytes = 2_000_000_000")
    config = folder / "bench.toml"
    config.write_text(REALISTIC_CONFIG + survey + "\n", encoding="utf-8")
    return config


def distinct_choices(config: Path) -> int:
    from nrikit import config as config_mod
    from nrikit.workspace.db import open_workspace

    db = open_workspace(config_mod.load(config).workspace)
    n = db.conn.execute("SELECT count(DISTINCT choices) FROM survey_ballots").fetchone()[0]
    db.conn.close()
    return n


def peak_memory(config: Path) -> tuple[float, float]:
    from nrikit import config as config_mod

    shutil.rmtree(config_mod.load(config).workspace.parent, ignore_errors=True)
    out = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(config)], capture_output=True, text=True, check=True)
    kb, seconds = out.stdout.split()
    return int(kb) / 1024, float(seconds)


def whole_process(config: Path, layout: str, survey: Path, db: Path) -> tuple[float, float]:
    """Wall time of `nrikit run` and of the baseline as a fresh process, start-up included."""
    from nrikit import config as config_mod

    shutil.rmtree(config_mod.load(config).workspace.parent, ignore_errors=True)
    env = {**os.environ, "NRIKIT_LOAD_PLUGINS": ""}
    started = time.perf_counter()
    subprocess.run([NRIKIT, "run", str(config)], check=True, capture_output=True, env=env)
    nrikit = time.perf_counter() - started
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    started = time.perf_counter()
    here = str(Path(__file__).resolve().parent)
    subprocess.run([sys.executable, "-c", BASELINE_CHILD, here, layout, str(survey), str(db)], check=True, env=env)
    return nrikit, time.perf_counter() - started


def compare(label: str, config: Path, baseline, runs: int, layout: str | None, survey: Path, root: Path) -> None:
    counter = iter(range(10_000))

    def base() -> float:
        db = root / f"baseline{next(counter)}.db"
        try:
            return baseline(survey, db)
        finally:
            for p in db.parent.glob(db.name + "*"):
                p.unlink()

    run_nrikit(config)
    check_same_rows(config, baseline, survey, root)
    ours, theirs = alternate(lambda: run_nrikit(config), base, runs)
    ratio = ours.median / theirs.median
    met = ratio <= 1.5
    print(f"{label}:")
    print(f"  baseline (csv + executemany of the same rows, approvals counted, no checks), min/median/max: {theirs} s")
    print(f"  nrikit pipeline (read, check, write, count, log), min/median/max: {ours} s")
    print(f"  in-process ratio (medians): {ratio:.2f}x (goal <= 1.5x)")
    record("import", f"{label}, in-process", ours, theirs, "s", "<= 1.5x", met)
    if layout is not None:
        n, b = whole_process(config, layout, survey, root / "whole.db")
        print(f"  whole process (start-up included, one run): nrikit run {n:.2f} s, baseline {b:.2f} s, {n / b:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--only", nargs="*", choices=("realistic", "limesurvey", "easy"))
    args = parser.parse_args()
    cases = args.only or ("realistic", "limesurvey", "easy")
    print(
        f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min), {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if "realistic" in cases:
            folder = root / "realistic"
            config = generate(folder, "csv")
            run_nrikit(config)
            n = distinct_choices(config)
            compare(
                f"survey import, 200,000 realistic ballots ({n:,} distinct choices), one choices column",
                config,
                run_baseline,
                args.runs,
                "csv",
                folder / "data" / "survey.csv",
                root,
            )
            lines = run_nrikit(config, bulk=False)
            print(f"  line-by-line path (files needing cleaning, date formats, mappings), one run: {lines:.2f} s")
        if "limesurvey" in cases:
            folder = root / "limesurvey"
            config = generate(folder, "limesurvey")
            compare(
                "survey import, the same 200,000 ballots as a LimeSurvey wide export (40 Y/blank columns)",
                config,
                run_limesurvey_baseline,
                args.runs,
                "limesurvey",
                folder / "data" / "survey.csv",
                root,
            )
        if "easy" in cases:
            folder = root / "easy"
            folder.mkdir()
            config = write_edition(folder, 200_000)
            compare(
                "survey import, EASY file of earlier runs (200,000 ballots, 12 topics, 793 distinct choices)",
                config,
                functools.partial(run_baseline, groups=EASY_GROUPS),
                args.runs,
                None,
                folder / "survey.csv",
                root,
            )
        if not args.skip_memory:
            small = max(args.memory_rows // 10, 1000)
            peaks = []
            for rows in (small, args.memory_rows):
                folder = root / f"memory{rows}"
                mb, seconds = peak_memory(generate(folder, "csv", rows))
                print(f"  peak memory (ru_maxrss), {rows:,} realistic ballots: {mb:.0f} MB ({seconds:.1f} s)")
                peaks.append(mb)
                shutil.rmtree(folder)
            flat = peaks[1] <= 1.2 * peaks[0]
            record(
                "import",
                f"peak memory, {args.memory_rows:,} vs {small:,} realistic ballots",
                peaks[1],
                peaks[0],
                "MB",
                "<= 1.2x",
                flat,
            )
    return exit_code()


if __name__ == "__main__":
    sys.exit(main())
