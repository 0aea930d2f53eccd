"""SIGKILL at random moments during imports: the workspace is never half-written.

A child process imports a large edition over and over, alternating between two
versions of its inputs (so each run replaces the previous rows); the parent kills it
at random moments. After every kill, SQLite's integrity check passes AND every
table fed by an input holds exactly the rows the import log says its latest import
wrote: integrity_check alone would pass even on a half-written import.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from edition_helpers import make_edition

TRIALS = 20
TABLE_OF = {"topics": "topics", "survey": "survey_ballots", "attendance": "registrations", "people": "people"}
STAKEHOLDERS = ("Sociedad civil", "Academia", "Gobierno", "Sector privado", "Comunidad técnica")

CHILD = r"""
import os, shutil, sys
from pathlib import Path
os.environ["NRIKIT_LOAD_PLUGINS"] = ""
from nrikit import config
from nrikit.pipeline import Pipeline
root = Path(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    variant = "ab"[i % 2]
    for name in ("survey", "attendance"):
        shutil.copyfile(root / f"{name}.{variant}", root / f"{name}.tmp")
        os.replace(root / f"{name}.tmp", root / f"{name}.csv")
    Pipeline(config.load(root / "edition.toml")).run()
    print("done", i, flush=True)
    i += 1
"""


def survey(n, seed):
    rng = random.Random(seed)
    lines = ["id,submitted_at,stakeholder,choices"]
    for i in range(n):
        picks = ";".join(sorted(rng.sample([f"t{k:02d}" for k in range(1, 13)], rng.randint(1, 4))))
        lines.append(
            f"s{i:06d},2017-04-{rng.randint(10, 28)}T{rng.randint(10, 23)}:{rng.randint(10, 59)}:00Z,"
            f"{rng.choice(STAKEHOLDERS)},{picks}"
        )
    return "\n".join(lines) + "\n"


def attendance(n, seed):
    rng = random.Random(seed)
    rows = ["id,name,email,gender,stakeholder,mode,attended"]
    for i in range(n):
        rows.append(
            f"r{i:05d},Persona {i},p{i}@example.org,{rng.choice(['woman', 'man', ''])},"
            f"{rng.choice(STAKEHOLDERS)},{rng.choice(['in_person', 'remote'])},yes"
        )
    return "\n".join(rows) + "\n"


def check(db: Path) -> str:
    """'' when the workspace is consistent, else what is wrong."""
    conn = sqlite3.connect(str(db))
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return "integrity_check failed"
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            return "orphan rows"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "import_log" not in tables:
            return (
                ""
                if not tables & set(TABLE_OF.values())
                or all(
                    conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0
                    for t in TABLE_OF.values()
                    if t in tables
                )
                else "rows without an import log"
            )
        for source, table in TABLE_OF.items():
            logged = conn.execute(
                "SELECT rows_imported FROM import_log WHERE source = ? ORDER BY id DESC LIMIT 1", [source]
            ).fetchone()
            count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if count != (logged[0] if logged else 0):
                return f"{table} holds {count} rows, the import log says {logged}"
        return ""
    finally:
        conn.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_imports_never_half_writes(tmp_path):
    topics = "id,title\n" + "".join(f"t{k:02d},Topic {k}\n" for k in range(1, 13))
    make_edition(
        tmp_path,
        {
            "topics": topics,
            "people": "id,name\np1,Ana\n",
            "survey": survey(20_000, 1),
            "attendance": attendance(2_000, 1),
        },
    )
    for name, a, b in (
        ("survey", survey(20_000, 1), survey(18_500, 2)),
        ("attendance", attendance(2_000, 1), attendance(1_700, 2)),
    ):
        (tmp_path / f"{name}.a").write_text(a, encoding="utf-8")
        (tmp_path / f"{name}.b").write_text(b, encoding="utf-8")
    db = tmp_path / ".nrikit" / "edition.db"
    rng = random.Random(4)
    env = {**os.environ, "NRIKIT_LOAD_PLUGINS": ""}

    def start():
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        if child.stdout.readline().strip() != b"ready":  # its imports done, whatever the machine's load
            child.kill()
            pytest.fail(f"the importer did not start: {child.communicate()[1].decode()}")
        return child

    # Calibrate on this machine: how long one whole import takes once the child is ready, so that
    # every kill below lands during an import, not before the first one or long after.
    child = start()
    t0 = time.monotonic()
    assert child.stdout.readline().startswith(b"done"), child.communicate()[1].decode()
    one_run = time.monotonic() - t0
    child.send_signal(signal.SIGKILL)
    child.communicate()
    completed_runs, killed_with_db = 1, 0
    for trial in range(TRIALS):
        child = start()
        time.sleep(rng.uniform(0, 2 * one_run))
        if child.poll() is not None:
            pytest.fail(f"the importer stopped by itself: {child.stderr.read().decode()}")
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        completed_runs += out.count(b"done")
        if db.exists():
            killed_with_db += 1
            problem = check(db)
            assert problem == "", f"trial {trial}: {problem}"
    assert killed_with_db == TRIALS  # the calibration run made the workspace: every kill found one
