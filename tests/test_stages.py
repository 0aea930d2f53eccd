"""Every stage and every built-in rule, on the tiny edition and variants of it."""

import json


def findings(cli_run, edition, rule=None):
    cli_run("run", edition.config)
    rows = json.loads(cli_run("findings", edition.config, "--json").stdout)
    return [r for r in rows if rule is None or r["rule"] == rule]


def query(pipeline_of, edition, sql, params=()):
    return list(pipeline_of(edition).db.query(sql, params))


# --- call -----------------------------------------------------------------


def test_call_stage_maps_stakeholders_and_deadline(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    rows = {r["id"]: r for r in query(pipeline_of, edition, "select * from expressions_of_interest")}
    assert rows["e1"]["stakeholder"] == "civil_society"
    assert rows["e1"]["on_time"] == 1 and rows["e5"]["on_time"] == 0  # after the deadline
    orgs = {r["id"]: r["stakeholder"] for r in query(pipeline_of, edition, "select * from organisations")}
    assert orgs["cs2"] == "civil_society"  # "ONG" synonym
    person = query(pipeline_of, edition, "select * from people where id = 'p8'")[0]
    assert person["gender"] == "self_described" and person["gender_text"] == "agender"
    assert query(pipeline_of, edition, "select phone from people where id = 'p1'")[0]["phone"] == "0900 000 001"


def test_unknown_stakeholder_lists_allowed_values(edition, cli_run):
    rows = edition.rows["organisations"]
    rows[1][2] = "Gobernment"
    edition.write("organisations", rows)
    out = cli_run("run", edition.config, expect=1).output
    assert "organisations.csv: row 1 (line 2), column \"stakeholder\": unknown stakeholder group 'Gobernment'" in out
    assert "did you mean 'government'?" in out and "allowed: government (Government)" in out


def test_edition_synonyms_extend_the_taxonomy(edition, cli_run):
    rows = edition.rows["organisations"]
    rows[1][2] = "Poder público"
    edition.write("organisations", rows)
    cli_run("run", edition.config, expect=1)
    edition.edit_config("[inputs]", '[stakeholders]\nsynonyms = { "Poder público" = "government" }\n\n[inputs]')
    cli_run("run", edition.config)


def test_invalid_email_is_rejected(edition, cli_run):
    rows = edition.rows["people"]
    rows[2][2] = "ben at example"
    edition.write("people", rows)
    assert 'column "email": invalid e-mail address' in cli_run("run", edition.config, expect=1).output


def test_call_rules(edition, cli_run):
    assert not findings(cli_run, edition, "call_public")
    reach = findings(cli_run, edition, "call_reach")
    assert reach == []  # every expected group answered
    edition.edit_config('channels = ["website", "mailing list"]\n', "")
    assert [f["message"] for f in findings(cli_run, edition, "call_public")] == [
        "no channels are recorded for the open call"
    ]


def test_call_reach_names_silent_groups(edition, cli_run):
    edition.write("interest", edition.rows["interest"][:3])
    messages = {f["message"] for f in findings(cli_run, edition, "call_reach")}
    assert "the open call received no expression of interest from government" in messages


# --- committee ---------------------------------------------------------------


def test_committee_rules_on_the_base_edition(edition, cli_run):
    found = findings(cli_run, edition)
    missing = {f["subject"] for f in found if f["rule"] == "committee_missing_group"}
    assert missing == {"stakeholder:government", "stakeholder:academia"}
    assert not [
        f
        for f in found
        if f["rule"] in ("committee_min_groups", "committee_dual_representation", "committee_secretariat")
    ]


def test_committee_too_few_groups_and_dual_representation(edition, cli_run):
    edition.edit_config('votes = "in/votes.csv"\n', "")
    edition.write(
        "committee",
        [
            ["person", "organisation", "role", "joined"],
            ["p1", "cs1", "secretariat", ""],
            ["p1", "cs2", "member", ""],
            ["p2", "biz1", "", ""],
        ],
    )
    found = findings(cli_run, edition)
    assert [f["message"] for f in found if f["rule"] == "committee_min_groups"] == [
        "the committee has 2 stakeholder groups, fewer than the 3 required"
    ]
    assert [f["message"] for f in found if f["rule"] == "committee_dual_representation"] == [
        "Ana Example represents 2 organisations: Civil One and Civil Two"  # names, not ids (workspace: private)
    ]


def test_committee_gender_and_secretariat(edition, cli_run):
    edition.write(
        "committee",
        [
            ["person", "organisation", "role"],
            ["p2", "biz1", "member"],
            ["p3", "tech1", "member"],
            ["p5", "uni1", "member"],
        ],
    )
    edition.edit_config('secretariat_method = "without_opposition"\n', "")
    edition.edit_config('votes = "in/votes.csv"\n', "")
    found = findings(cli_run, edition)
    assert [f["message"] for f in found if f["rule"] == "committee_gender"] == [
        "every committee member with a stated gender is a man"
    ]
    assert {f["message"] for f in found if f["rule"] == "committee_secretariat"} == {
        "no organisation holds the secretariat",
        "how the secretariat was chosen is not recorded",
    }


def test_committee_secretariat_decision_logged(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    row = query(pipeline_of, edition, "select * from decision_log where action = 'committee.secretariat_appointed'")[0]
    assert row["subject_id"] == "cs1" and row["method"] == "without_opposition" and row["decided_on"] == "2025-03-05"


# --- survey ------------------------------------------------------------------


def test_non_binding_survey_decided_by_committee_votes(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    tally = {r["topic_id"]: r for r in query(pipeline_of, edition, "select * from survey_tally")}
    assert tally["t1"]["score"] == 3 and tally["t1"]["rank"] == 1 and tally["t1"]["in_survey_top"] == 1
    assert tally["t2"]["in_survey_top"] == 1 and tally["t3"]["in_survey_top"] == 0
    decided = {r["topic_id"]: r for r in query(pipeline_of, edition, "select * from topic_decisions")}
    assert (decided["t1"]["approved"], decided["t2"]["approved"], decided["t3"]["approved"]) == (1, 0, 1)
    assert decided["t2"]["decided_by"] == "simple_majority" and (decided["t2"]["yes"], decided["t2"]["no"]) == (1, 2)
    entry = query(pipeline_of, edition, "select * from decision_log where subject_id = 't2'")[0]
    assert entry["action"] == "topic.rejected" and entry["binding"] == 0
    assert json.loads(entry["tally"])["no"] == 2


def test_survey_rules_when_committee_overrides(edition, cli_run):
    found = findings(cli_run, edition)
    assert [f["message"] for f in found if f["rule"] == "survey_adopted"] == [
        "the committee adopted 1 of the survey's top 2 topics (not adopted: Meaningful access)"
    ]
    assert [f["rule"] for f in found if f["rule"] == "survey_binding"] == ["survey_binding"]


def test_binding_survey_selects_topics_itself(edition, cli_run, pipeline_of):
    edition.edit_config("binding = false", "binding = true")
    found = findings(cli_run, edition)
    decided = {r["topic_id"]: r["approved"] for r in query(pipeline_of, edition, "select * from topic_decisions")}
    assert decided == {"t1": 1, "t2": 1, "t3": 0}
    assert not [f for f in found if f["rule"] in ("survey_adopted", "survey_binding")]


def test_approval_method_changes_the_outcome(edition, cli_run, pipeline_of):
    edition.edit_config('approval = "simple_majority"', 'approval = "consensus"')
    cli_run("run", edition.config)
    decided = {r["topic_id"]: r["approved"] for r in query(pipeline_of, edition, "select * from topic_decisions")}
    assert decided == {"t1": 0, "t2": 0, "t3": 1}  # t1 had an abstention


def test_unknown_tally_method_suggests(edition, cli_run):
    edition.edit_config('method = "approval"', 'method = "bordа"')
    assert "unknown survey method" in cli_run("run", edition.config, expect=1).output


def test_missing_votes_on_non_binding_survey(edition, cli_run):
    edition.edit_config('votes = "in/votes.csv"\n', "")
    found = findings(cli_run, edition)
    assert [f["severity"] for f in found if f["rule"] == "survey_votes"] == ["error"]
    assert [f["message"] for f in found if f["rule"] == "survey_topics"] == [
        "0 topics were approved, but the programme takes 2"
    ]


def test_ballot_with_unknown_topic(edition, cli_run):
    rows = edition.rows["survey"]
    rows[2][3] = "t1;t9"
    edition.write("survey", rows)
    assert (
        "survey.csv: row 2 (line 3), column \"choices\": unknown topic 't9'"
        in cli_run("run", edition.config, expect=1).output
    )


# --- panels ------------------------------------------------------------------


def test_panel_rules_on_the_base_edition(edition, cli_run):
    found = [f for f in findings(cli_run, edition) if f["stage"] == "panels"]
    assert [(f["rule"], f["severity"], f["subject"]) for f in found] == [("panel_gender", "warning", "panel:d1")]
    assert found[0]["hint"] == "swap Eli Example for Fay Example: fixes it without breaking another panel rule"


def test_all_male_final_panel_is_an_error(edition, cli_run):
    rows = edition.rows["panellists"]
    rows[7] = ["f2", "p3", "moderator", "no"]  # replaces Fay: Cybersecurity becomes all-male
    edition.write("panellists", rows)
    found = [f for f in findings(cli_run, edition, "panel_gender") if f["subject"] == "panel:f2"]
    assert found[0]["severity"] == "error"
    assert found[0]["message"] == "panel “Cybersecurity” has no women: all 3 panellists are men"


def test_parity_rule(edition, cli_run):
    edition.edit_config('gender_rule = "mixed"', 'gender_rule = "parity"')
    found = findings(cli_run, edition, "panel_gender")
    assert {f["subject"] for f in found} == {"panel:d1", "panel:f1", "panel:f2"}


def test_stakeholder_expertise_size_moderator(edition, cli_run):
    rows = edition.rows["panellists"]
    rows[4] = ["f1", "p1", "speaker", "no"]  # no moderator left
    rows[5] = ["f1", "p3", "speaker", "no"]  # no privacy expertise, technical community
    rows[6] = ["f1", "p2", "speaker", "no"]  # access only
    edition.write("panellists", rows)
    edition.edit_config("min_stakeholder_groups = 2", "min_stakeholder_groups = 4")
    found = [f for f in findings(cli_run, edition) if f["subject"] == "panel:f1"]
    rules = sorted(f["rule"] for f in found)
    assert rules == ["panel_composition", "panel_expertise", "panel_expertise", "panel_stakeholders"]
    assert any(
        "has 0 moderators, needs exactly one" in f["message"] and f["hint"].startswith("make Ana Example the moderator")
        for f in found
    )


def test_sessions_per_speaker_and_availability(edition, cli_run):
    edition.edit_config("max_sessions_per_speaker = 2", "max_sessions_per_speaker = 1")
    panels = edition.rows["panels"]
    panels[3][4] = "2025-06-10T10:00"  # f2 now overlaps f1
    edition.write("panels", panels)
    found = findings(cli_run, edition)
    assert [f["message"] for f in found if f["rule"] == "speaker_sessions"] == [
        "Eli Example sits on 2 panels (“Privacy online” and “Cybersecurity”), more than 1"
    ]
    assert [f["message"] for f in found if f["rule"] == "panel_availability"] == [
        "Eli Example is on “Privacy online” and “Cybersecurity” at the same time"
    ]


def test_panel_on_unapproved_topic(edition, cli_run):
    panels = edition.rows["panels"]
    panels[2][1] = "t2"
    edition.write("panels", panels)
    messages = {f["message"] for f in findings(cli_run, edition, "panel_topic")}
    # panels and topics are named by their titles, which are public
    assert "panel “Privacy online” is on topic “Meaningful access”, which was not approved" in messages
    assert "approved topic “Privacy online” has no final panel" in messages


def test_panel_size_bounds(edition, cli_run):
    edition.edit_config("min_size = 3", "min_size = 4")
    assert len(findings(cli_run, edition, "panel_composition")) == 2


def test_bad_round_and_times(edition, cli_run):
    panels = edition.rows["panels"]
    panels[2][5] = "2025-06-10T08:00"
    edition.write("panels", panels)
    assert "panel ends (2025-06-10T08:00) before it starts" in cli_run("run", edition.config, expect=1).output
    panels[2][5] = "2025-06-10T10:30"
    panels[1][2] = "sketch"
    edition.write("panels", panels)
    assert "unknown round 'sketch'" in cli_run("run", edition.config, expect=1).output


def test_panel_selection_logged(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    rows = query(pipeline_of, edition, "select subject_id from decision_log where action = 'panel.selected'")
    assert [r["subject_id"] for r in rows] == ["f1", "f2"]


# --- event -------------------------------------------------------------------


def test_event_facts(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    facts = {r["key"]: r["value"] for r in query(pipeline_of, edition, "select * from event_facts")}
    assert facts["sessions"] == "2" and facts["speakers"] == "5"
    assert facts["speakers_international"] == "1" and facts["speakers_remote"] == "1"
    assert facts["attendees"] == "11" and facts["attendees_women"] == "6" and facts["attendees_remote"] == "2"
    assert facts["days"] == "2"


def test_event_rules(edition, cli_run):
    assert not [f for f in findings(cli_run, edition) if f["stage"] == "event"]
    edition.write("sponsors", [edition.rows["sponsors"][0], ["Example Corp", "funding", "yes", "no", "", ""]])
    edition.edit_config('budget = "in/budget.csv"\n', "")
    edition.write(
        "attendance",
        [edition.rows["attendance"][0]] + [[f"r{i}", "", "", "man", "", "in_person", "yes"] for i in range(10)],
    )
    edition.edit_config("remote_participation = true", "remote_participation = false")
    rules = sorted(f["rule"] for f in findings(cli_run, edition) if f["stage"] == "event")
    assert rules == ["attendance", "budget_published", "remote_participation", "sponsor_content"]


def test_budget_needs_amounts(edition, cli_run):
    edition.write("budget", edition.rows["budget"] + [["Catering", "lots", "USD", ""]])
    assert 'column "amount": expected a number' in cli_run("run", edition.config, expect=1).output


# --- report ------------------------------------------------------------------


def test_report_summary_and_stats(edition, cli_run, pipeline_of):
    cli_run("run", edition.config)
    text = (edition.root / ".nrikit" / "2025-summary.md").read_text()
    assert text.startswith("# TLIGF 2025: edition summary")
    for heading in ("Open call", "Organising committee", "Topic survey", "Panel proposals", "The event"):
        assert f"## {heading}" in text
    assert "no government on the committee" in text
    stats = {r["metric"]: r["value"] for r in query(pipeline_of, edition, "select * from edition_stats")}
    assert stats["committee_members"] == 3 and stats["topics_approved"] == 2 and stats["attendees"] == 11


def test_duplicate_ids_are_refused(edition, cli_run):
    rows = edition.rows["topics"]
    rows.append(["t2", "Again", "", ""])
    edition.write("topics", rows)
    assert (
        "topics.csv: row 4 (line 5), column \"id\": duplicate topic id 't2'"
        in cli_run("run", edition.config, expect=1).output
    )
