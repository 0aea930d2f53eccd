"""The bundled Peru editions reproduce the review's facts, and their findings differ where the facts differ."""

import json
import shutil
from pathlib import Path

import pytest

from nrikit import plugins

PERU = Path(__file__).resolve().parents[1] / "configs" / "peru"


@pytest.fixture
def peru(tmp_path, monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()
    target = tmp_path / "peru"
    shutil.copytree(PERU, target, ignore=shutil.ignore_patterns(".nrikit"))
    return target


def run(cli_run, config):
    cli_run("run", config)
    return json.loads(cli_run("findings", config, "--json").stdout)


def facts(config):
    import sqlite_utils

    db = sqlite_utils.Database(config.parent / ".nrikit" / f"{config.stem}.db")
    out = {r["key"]: r["value"] for r in db.query("select * from event_facts")}
    out["committee_orgs"] = sorted(
        r["organisation_id"] for r in db.query("select organisation_id from committee_members")
    )
    out["secretariat"] = [
        r["organisation_id"]
        for r in db.query("select organisation_id from committee_members where role = 'secretariat'")
    ]
    out["sponsors"] = sorted(r["name"] for r in db.query("select name from sponsors"))
    out["approved"] = db.execute("select count(*) from topic_decisions where approved").fetchone()[0]
    out["decided_by"] = {r["decided_by"] for r in db.query("select decided_by from topic_decisions")}
    db.close()
    return out


def test_peru_2017_reproduces_the_review(peru, cli_run):
    found = run(cli_run, peru / "2017.toml")
    f = facts(peru / "2017.toml")
    assert (f["sessions"], f["speakers"], f["attendees"], f["attendees_men"], f["attendees_women"]) == (
        "7",
        "36",
        "173",
        "105",
        "68",
    )
    assert int(f["speakers_international"]) > 0 and int(f["speakers_remote"]) > 0 and f["streamed"] == "1"
    assert f["committee_orgs"] == ["ddi", "dn-consultores", "hiperderecho", "isoc-peru", "rcp"]
    assert f["secretariat"] == ["isoc-peru"]
    assert f["sponsors"] == ["Asociación Latinoamericana de Internet (ALAI)", "Facebook", "Google", "ICANN"]
    assert f["approved"] == 7 and f["decided_by"] == {"simple_majority"}

    messages = {(x["rule"], x["message"]) for x in found}
    assert ("committee_missing_group", "no government on the committee") in messages
    assert any(
        r == "committee_dual_representation" and "(ISOC Perú)" in m and "Democracia y Desarrollo Internacional" in m
        for r, m in messages
    )
    all_male = [x for x in found if x["rule"] == "panel_gender" and "has no women" in x["message"]]
    assert len(all_male) >= 2 and all(x["subject"].startswith("panel:2017-d1") for x in all_male)
    assert all(x["severity"] == "warning" for x in all_male)
    assert not [x for x in found if x["severity"] == "error"]  # the final list respects every rule
    assert ("survey_binding", "the topic survey did not bind the committee") in messages


def test_peru_2016_differs_where_the_facts_differ(peru, cli_run):
    found = run(cli_run, peru / "2016.toml")
    f = facts(peru / "2016.toml")
    assert (f["sessions"], f["speakers"], f["attendees"]) == ("4", "21", "40")
    assert len(f["committee_orgs"]) == 7 and f["secretariat"] == ["hiperderecho"]
    assert f["sponsors"] == ["Google"] and f["decided_by"] == {"survey"}  # the survey bound
    rules = {x["rule"] for x in found}
    assert "committee_dual_representation" not in rules and "survey_binding" not in rules
    missing = {x["subject"] for x in found if x["rule"] == "committee_missing_group"}
    assert missing == {"stakeholder:technical_community"}  # government sat on the 2016 committee
    assert "peru_streaming" in rules  # not streamed in 2016; streamed in 2017


def test_peru_configs_need_the_plugin(peru, cli_run, monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "")
    plugins.reset()
    assert "plugin 'peru' is not installed" in cli_run("validate", peru / "2017.toml", expect=1).output


def test_example_generator_matches_committed_files():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(PERU / "make_examples.py"), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
