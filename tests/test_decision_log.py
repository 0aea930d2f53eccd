"""`nrikit log verify`: the decision log's hash chain, recomputed; tampering with the triggers dropped is caught.

Real workspaces from the tiny edition of conftest.py, the real CLI, and the re-check recipe of
docs/publishing.md run as written against a real public.db.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from nrikit.errors import StageError
from nrikit.model import Decision

DOCS = Path(__file__).resolve().parents[1] / "docs" / "publishing.md"


def _tamper(db_path: Path, *sql: str) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER decision_log_no_update")
    conn.execute("DROP TRIGGER decision_log_no_delete")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _head(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT hash FROM decision_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def test_log_verify_passes_on_an_untouched_log(edition, cli_run):
    cli_run("run", edition.config)
    out = cli_run("log", "verify", edition.config).output
    assert "decision log verified" in out and f"chain head {_head(edition.db_path)}" in out
    assert "entries" in out


def test_an_edited_entry_is_named(edition, cli_run):
    cli_run("run", edition.config)
    _tamper(edition.db_path, "UPDATE decision_log SET outcome = 'rejected' WHERE id = 3")
    out = cli_run("log", "verify", edition.config, expect=1).output
    assert "decision log entry 3 " in out and "no longer matches its hash (it was edited)" in out
    assert "2 entries before it verify" in out and len(out.strip().splitlines()) == 1


def test_a_deleted_entry_is_named_by_the_one_after_it(edition, cli_run):
    cli_run("run", edition.config)
    _tamper(edition.db_path, "DELETE FROM decision_log WHERE id = 2")
    out = cli_run("log", "verify", edition.config, expect=1).output
    assert "decision log entry 3 " in out and "prev_hash is not the previous entry's hash" in out


def test_a_truncated_log_is_caught_against_the_published_head(edition, cli_run):
    cli_run("run", edition.config)
    head = _head(edition.db_path)
    _tamper(edition.db_path, "DELETE FROM decision_log WHERE id = (SELECT max(id) FROM decision_log)")
    cli_run("log", "verify", edition.config)  # a shorter chain is still a chain
    out = cli_run("log", "verify", edition.config, "--head", head, expect=1).output
    assert "published head" in out and "is not in the log" in out


def test_publish_refuses_a_log_that_does_not_verify(edition, cli_run, tmp_path):
    cli_run("run", edition.config)
    _tamper(edition.db_path, "UPDATE decision_log SET rationale = 'forged' WHERE id = 1")
    out = cli_run("publish", edition.config, "--out", tmp_path / "site", expect=1).output
    assert "decision log does not verify at entry 1" in out
    assert not (tmp_path / "site" / "public.db").exists()


def _docs_recipe() -> str:
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- decision-log-check", 1)[1]
    return re.search(r"```python\n(.*?)```", block, re.S).group(1)


def test_anyone_can_recheck_the_published_log_with_the_documented_recipe(edition, cli_run, tmp_path, capsys):
    cli_run("run", edition.config)
    site = tmp_path / "site"
    cli_run("publish", edition.config, "--out", site)
    conn = sqlite3.connect(site / "public.db")
    head, count = conn.execute("SELECT decision_log_head, (SELECT count(*) FROM decisions) FROM editions").fetchone()
    assert head == _head(edition.db_path) and count >= 5
    assert conn.execute("SELECT sum(rewritten) FROM decisions").fetchone()[0] == 0
    conn.close()
    recipe = _docs_recipe().replace('check("public.db")', "check()").replace("print(check())", "")
    namespace: dict = {}
    exec(compile(recipe, str(DOCS), "exec"), namespace)  # the documented recipe, run as written
    assert namespace["check"](str(site / "public.db")) == "decision log verified"
    # A forged public copy fails the same recipe.
    forged = tmp_path / "forged.db"
    shutil.copyfile(site / "public.db", forged)
    conn = sqlite3.connect(forged)
    conn.execute("UPDATE decisions SET outcome = 'approved' WHERE seq = (SELECT max(seq) FROM decisions)")
    conn.commit()
    conn.close()
    with pytest.raises(AssertionError, match="content does not match its hash"):
        namespace["check"](str(forged))


def test_a_decision_holding_personal_data_is_refused(edition, pipeline_of):
    pipeline = pipeline_of(edition)
    pipeline.run()
    before = pipeline.db["decision_log"].count
    for text, found in (
        ("chosen after a call with ana@example.org", "an e-mail address"),
        ("proposed by Ana Example", "the name of person p1"),
        ("call 0900 000 001", "the phone of person p1"),
    ):
        decision = Decision("test.decided", "topic", "t1", outcome="ok", rationale=text)
        with pytest.raises(StageError, match=found):
            pipeline._append_decisions("survey", [decision])
    assert pipeline.db["decision_log"].count == before
    # By id it is fine: ids are pseudonyms.
    assert pipeline._append_decisions("survey", [Decision("test.decided", "person", "p1", outcome="ok")]) == 1
