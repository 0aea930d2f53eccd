import sqlite3

import pytest

from nrikit.pipeline import verify_decision_log
from nrikit.workspace import db as dbmod


def test_runs_all_six_stages(edition, cli_run):
    out = cli_run("run", edition.config).output
    for stage in ("call", "committee", "survey", "panels", "event", "report"):
        assert f"{stage:<10} ok" in out
    assert (edition.root / ".nrikit" / "2025-summary.md").exists()


def test_second_run_changes_nothing_but_the_run_log(edition, cli_run):
    cli_run("run", edition.config)
    db = sqlite3.connect(edition.db_path)
    before = dbmod.content_snapshot(__import__("sqlite_utils").Database(db))
    runs_before = db.execute("select count(*) from stage_runs").fetchone()[0]
    out = cli_run("run", edition.config).output
    assert out.count("unchanged (same inputs)") == 6
    after = dbmod.content_snapshot(__import__("sqlite_utils").Database(db))
    assert before == after
    assert db.execute("select count(*) from stage_runs").fetchone()[0] == runs_before + 6


def test_changed_input_replaces_the_stage_outputs(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    rows = edition.rows["attendance"]
    edition.write("attendance", rows[:5])
    out = cli_run("run", edition.config).output
    assert "event      ok" in out and "call       unchanged" in out
    p = pipeline_of(edition)
    assert p.db["registrations"].count == 4
    assert (
        dict(p.db.execute("select key, value from event_facts where key = 'attendees'").fetchall())["attendees"] == "4"
    )


def test_force_reruns(edition, cli_run):
    cli_run("run", edition.config)
    assert "unchanged" not in cli_run("run", edition.config, "--force").output


def test_single_stage_needs_earlier_stages(edition, cli_run):
    out = cli_run("run", edition.config, "--stage", "panels", expect=1).output
    assert "needs stage 'call'" in out
    cli_run("run", edition.config)
    assert "panels     unchanged" in cli_run("run", edition.config, "--stage", "panels").output


def test_unknown_stage_suggests(edition, cli_run):
    assert "did you mean 'panels'?" in cli_run("run", edition.config, "--stage", "panel", expect=1).output


def test_decision_log_is_append_only_and_chained(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    p = pipeline_of(edition)
    assert verify_decision_log(p.db)
    actions = {r["action"] for r in p.db.query("select action from decision_log")}
    assert {
        "committee.secretariat_appointed",
        "committee.formed",
        "survey.counted",
        "topic.approved",
        "topic.rejected",
        "panel.selected",
    } <= actions
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        p.db.execute("update decision_log set outcome = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        p.db.execute("delete from decision_log")


def test_tampering_breaks_the_chain(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    p = pipeline_of(edition)
    p.db.execute("drop trigger decision_log_no_update")
    p.db.execute("update decision_log set outcome = 'forged' where id = 2")
    assert not verify_decision_log(p.db)


def test_changed_votes_append_new_decisions_only_for_what_changed(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    p = pipeline_of(edition)
    before = p.db["decision_log"].count
    votes = edition.rows["votes"]
    votes[4] = ["t2", "p1", "yes"]  # t2 now passes 2-1
    edition.write("votes", votes)
    cli_run("run", edition.config)
    new = list(p.db.query("select action, subject_id from decision_log where id > ?", [before]))
    assert {"action": "topic.approved", "subject_id": "t2"} in new
    assert all(r["subject_id"] != "t1" for r in new)


def snapshot(path):
    import sqlite_utils

    db = sqlite_utils.Database(path)
    try:
        return dbmod.content_snapshot(db, exclude=())
    finally:
        db.close()


def test_bad_input_leaves_the_database_as_it_was(edition, cli_run):
    cli_run("run", edition.config)
    before = snapshot(edition.db_path)
    rows = edition.rows["panellists"]
    rows.append(["f1", "nobody", "speaker", "no"])
    edition.write("panellists", rows)
    out = cli_run("run", edition.config, expect=1).output
    assert out.strip() == (
        f"Error: {edition.root / 'in' / 'panellists.csv'}: row 10 (line 11), column \"person\": unknown person 'nobody'"
    )
    # not even the run log of the stages before panels changed
    assert snapshot(edition.db_path) == before


def test_failure_in_a_later_stage_rolls_back_earlier_ones(edition, cli_run):
    rows = edition.rows["sponsors"]
    rows.append(["Bad Sponsor", "funding", "maybe", "no", "", ""])
    edition.write("sponsors", rows)
    assert 'column "content_role": expected yes or no' in cli_run("run", edition.config, expect=1).output
    import sqlite_utils

    db = sqlite_utils.Database(edition.db_path)
    assert db["stage_runs"].count == 0 and db["people"].count == 0


def test_status_and_findings_json(edition, cli_run):
    import json

    cli_run("run", edition.config)
    status = json.loads(cli_run("status", edition.config, "--json").output)
    assert [s["stage"] for s in status["stages"]] == ["call", "committee", "survey", "panels", "event", "report"]
    assert status["stages"][0]["inputs"].keys() == {"organisations", "people", "interest"}
    findings = json.loads(cli_run("findings", edition.config, "--json").output)
    assert {"stage", "rule", "severity", "subject", "message", "hint"} <= findings[0].keys()
    text = cli_run("findings", edition.config, "--severity", "error").output
    assert "warning" not in text


def test_unwritable_workspace_is_a_one_line_error(edition, cli_run, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a folder should be")
    edition.edit_config('coordinator = "Civil One"', f'coordinator = "Civil One"\nworkspace = "{blocker}/ws.db"')
    out = cli_run("run", edition.config, expect=1).output
    assert len(out.strip().splitlines()) == 1 and "Traceback" not in out and "not-a-dir" in out
