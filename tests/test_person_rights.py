"""A person's rights across an NRI's editions: access (`person show`), erasure (`person forget`),
consent withdrawn in a later edition, and the retention date (`person expire`, a finding when overdue).

Two editions of the tiny NRI of conftest.py (2024 and 2025) sit side by side in one folder, as
configs/peru/2016.toml and 2017.toml do, each with its own input files; Ana (p1, ana@example.org)
sits on the committee and chairs a final panel in both.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

EMAIL = "ana@example.org"


@pytest.fixture
def two_editions(edition, cli_run):
    root = edition.root
    shutil.copytree(root / "in", root / "in2024")
    text = edition.config.read_text(encoding="utf-8").replace("2025", "2024").replace('"in/', '"in2024/')
    (root / "2024.toml").write_text(text, encoding="utf-8")
    # In 2025 Ana no longer agrees to her name being published: a withdrawal.
    people = edition.rows["people"]
    people[1][10:13] = ["no", "no", "no"]
    edition.write("people", people)
    cli_run("run", root / "2024.toml")
    cli_run("run", edition.config)
    return edition


def _rows(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def _workspaces(edition):
    return [edition.root / ".nrikit" / "2024.db", edition.db_path]


def test_person_show_answers_an_access_request_across_editions(two_editions, cli_run):
    out = cli_run("person", "show", two_editions.config, "  ANA@Example.org ").stdout
    data = json.loads(out)
    assert [e["edition"] for e in data["editions"]] == ["tligf-2024", "tligf-2025"]
    for entry in data["editions"]:
        assert entry["people"][0]["name"] == "Ana Example" and entry["people"][0]["phone"] == "0900 000 001"
        assert entry["committee_members"][0]["role"] == "secretariat"
        assert any(p["panel_id"] == "f1" for p in entry["panellists"])
    assert json.loads(cli_run("person", "show", two_editions.config, "nobody@example.org").stdout)["editions"] == []


def test_a_consent_withdrawn_later_removes_the_name_from_every_edition(two_editions, cli_run, tmp_path):
    site = tmp_path / "site"
    cli_run("publish", two_editions.root / "2024.toml", two_editions.config, "--out", site)
    names = {r["name"] for r in _rows(site / "public.db", "SELECT name FROM people")}
    assert "Ben Example" in names and "Ana Example" not in names  # Ana said yes in 2024, no in 2025
    assert b"Ana Example" not in (site / "public.db").read_bytes()
    # Publishing 2024 alone still honours the 2025 withdrawal (the edition beside it is read too).
    alone = tmp_path / "alone"
    cli_run("publish", two_editions.root / "2024.toml", "--out", alone)
    assert "Ana Example" not in {r["name"] for r in _rows(alone / "public.db", "SELECT name FROM people")}


def test_person_forget_erases_across_editions_and_keeps_counts_decisions_and_the_chain(two_editions, cli_run, tmp_path):
    before = {
        str(db): (
            _rows(db, "SELECT metric, value FROM edition_stats ORDER BY metric"),
            _rows(db, "SELECT * FROM committee_members ORDER BY person_id"),
            _rows(db, "SELECT hash FROM decision_log ORDER BY id"),
        )
        for db in _workspaces(two_editions)
    }
    out = cli_run("person", "forget", two_editions.config, EMAIL, "--yes").output
    assert "tligf-2024: erased 1 people rows" in out and "tligf-2025: erased 1 people rows" in out
    assert "Still in an input file" in out and "people.csv (people ids p1)" in out
    for db in _workspaces(two_editions):
        ana = _rows(db, "SELECT * FROM people WHERE id = 'p1'")[0]
        assert ana["name"] == "[erased]" and ana["email"] is None and ana["phone"] is None and ana["bio"] is None
        assert (ana["consent_name"], ana["consent_org"], ana["consent_bio"]) == (0, 0, 0)
        stats, committee, hashes = before[str(db)]
        assert _rows(db, "SELECT metric, value FROM edition_stats ORDER BY metric") == stats
        assert _rows(db, "SELECT * FROM committee_members ORDER BY person_id") == committee  # p1 still sits, by id
        assert _rows(db, "SELECT hash FROM decision_log ORDER BY id") == hashes
        log = _rows(db, "SELECT * FROM privacy_log")
        assert [(r["action"], r["subject_type"], r["subject_id"]) for r in log] == [("forget", "people", "p1")]
        assert "ana" not in json.dumps(log).lower()  # the record of an erasure holds no personal data
        conn = sqlite3.connect(db, isolation_level=None)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM privacy_log")
        conn.close()
    for config in (two_editions.root / "2024.toml", two_editions.config):
        assert "decision log verified" in cli_run("log", "verify", config).output
    assert json.loads(cli_run("person", "show", two_editions.config, EMAIL).stdout)["editions"] == []
    # The input files still name her; a re-run (here after an input changed) must not bring her back.
    people = two_editions.rows["people"]
    people[2][9] = "Bio B, updated"
    two_editions.write("people", people)
    cli_run("run", two_editions.config)
    assert _rows(two_editions.db_path, "SELECT name, email FROM people WHERE id = 'p1'") == [
        {"name": "[erased]", "email": None}
    ]
    site = tmp_path / "site"
    cli_run("publish", two_editions.root / "2024.toml", two_editions.config, "--out", site)
    assert b"Ana Example" not in (site / "public.db").read_bytes()
    assert b"ana@example.org" not in (site / "public.db").read_bytes()


def test_retention_date_gives_a_finding_and_person_expire_enforces_it(edition, cli_run):
    edition.edit_config("[privacy]", "[privacy]\nkeep_personal_data_until = 2025-12-31")
    cli_run("run", edition.config)
    findings = _rows(edition.db_path, "SELECT rule, severity, message FROM findings WHERE rule = 'retention'")
    assert findings and findings[0]["severity"] == "error" and "2025-12-31" in findings[0]["message"]
    out = cli_run("person", "expire", edition.config).output
    assert "tligf-2025: erased" in out and "people rows" in out and "registrations rows" in out
    assert _rows(edition.db_path, "SELECT count(*) AS n FROM people WHERE email IS NOT NULL")[0]["n"] == 0
    assert _rows(edition.db_path, "SELECT count(*) AS n FROM registrations WHERE email IS NOT NULL")[0]["n"] == 0
    actions = {r["action"] for r in _rows(edition.db_path, "SELECT action FROM privacy_log")}
    assert actions == {"retention"}
    # A forced re-run of every stage keeps them erased, and the finding is gone.
    attendance = edition.rows["attendance"]
    attendance[1][1] = "Attendee one, renamed"
    edition.write("attendance", attendance)
    people = edition.rows["people"]
    people[2][9] = "Bio B, updated"
    edition.write("people", people)
    cli_run("run", edition.config)
    assert _rows(edition.db_path, "SELECT count(*) AS n FROM registrations WHERE email IS NOT NULL")[0]["n"] == 0
    assert not _rows(edition.db_path, "SELECT rule FROM findings WHERE rule = 'retention'")
    assert "decision log verified" in cli_run("log", "verify", edition.config).output


def test_expire_does_nothing_before_the_date(edition, cli_run):
    edition.edit_config("[privacy]", "[privacy]\nkeep_personal_data_until = 2999-01-01")
    cli_run("run", edition.config)
    assert "not due (kept until 2999-01-01)" in cli_run("person", "expire", edition.config).output
    assert _rows(edition.db_path, "SELECT count(*) AS n FROM people WHERE email IS NOT NULL")[0]["n"] > 0


def test_a_workspace_from_before_the_privacy_log_gains_it_append_only(tmp_path):
    from nrikit.workspace.db import open_workspace

    db = open_workspace(tmp_path / "old.db")
    db.execute("DROP TABLE privacy_log")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0008_privacy_log'")
    db.conn.close()
    reopened = open_workspace(tmp_path / "old.db")
    reopened["privacy_log"].insert({"action": "forget", "subject_type": "people", "subject_id": "p1"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        reopened.execute("UPDATE privacy_log SET subject_id = 'p2'")
    reopened.conn.close()
