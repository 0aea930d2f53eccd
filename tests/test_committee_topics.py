"""Topics in the committee workspace: the survey's tally, members' votes, and closing a vote into a decision.

Closing must count exactly as nrikit's tally methods count (checked against nrikit.tally
for every built-in vote method), append one hash-chained decision, and, for an edition
whose votes come from the workspace ([committee] workspace_inputs = ["votes"]), be what
`nrikit run` and `nrikit publish` read afterwards. Fixture edition: tests/conftest.py.
"""

from __future__ import annotations

import html
import json
import sqlite3

import pytest
from committee_helpers import Visitor, invite, invoke

from nrikit import config, tally
from nrikit.committee.app import CommitteeApp
from nrikit.pipeline import Pipeline, verify_decision_log

LOGINS = {"p1": "ana@example.org", "p2": "ben@example.org", "p3": "cai@example.org"}


def make_app(edition):
    invoke("run", edition.config)
    passwords = {p: invite(edition.config, p, "secretariat" if p == "p1" else "member") for p in LOGINS}
    return CommitteeApp(Pipeline(config.load(edition.config))), passwords


async def visitors(app, passwords) -> dict[str, Visitor]:
    out = {}
    for person, login in LOGINS.items():
        v = Visitor(app)
        r = await v.sign_in(login, passwords[person])
        assert r.status_code == 302
        await v.get("/topics")
        out[person] = v
    return out


def query(edition, sql, params=()):
    with sqlite3.connect(edition.db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "method, votes",
    [
        ("simple_majority", {"p1": "yes", "p2": "no"}),
        ("simple_majority", {"p1": "yes", "p2": "yes", "p3": "no"}),
        ("qualified_majority", {"p1": "yes", "p2": "yes", "p3": "abstain"}),
        ("qualified_majority", {"p1": "yes", "p3": "abstain"}),
        ("consensus", {"p1": "yes", "p2": "yes", "p3": "abstain"}),
        ("consensus", {"p1": "yes", "p2": "yes", "p3": "yes"}),
        ("without_opposition", {"p1": "yes", "p3": "abstain"}),
        ("without_opposition", {"p1": "yes", "p2": "no"}),
    ],
)
async def test_closing_counts_under_the_declared_method(edition, method, votes):
    edition.edit_config('approval = "simple_majority"', f'approval = "{method}"')
    app, passwords = make_app(edition)
    try:
        people = await visitors(app, passwords)
        await people["p1"].post("/topics/t3/open")
        for person, vote in votes.items():
            await people[person].post("/topics/t3/vote", {"vote": "abstain"})  # changed below: only the last counts
            await people[person].post("/topics/t3/vote", {"vote": vote})
        r = await people["p1"].post("/topics/t3/close")
        assert r.status_code == 302
    finally:
        app.close()
    expected = tally.METHODS[method].count(votes, 3).as_dict()
    # (an outcome and tally identical to the last one logged for t3 adds no entry: the log dedups)
    entry = query(edition, "SELECT * FROM decision_log WHERE subject_id = 't3' ORDER BY id DESC LIMIT 1")[0]
    assert entry["subject_id"] == "t3" and entry["stage"] == "survey" and entry["method"] == method
    assert json.loads(entry["tally"]) == expected
    assert entry["outcome"] == ("approved" if expected["passed"] else "rejected")
    assert entry["action"] == f"topic.{entry['outcome']}"
    assert entry["binding"] == 0
    assert verify_decision_log(Pipeline(config.load(edition.config)).db)
    decision = query(edition, "SELECT * FROM topic_decisions WHERE topic_id = 't3'")[0]
    assert (decision["yes"], decision["no"], decision["abstain"], decision["members"]) == (
        expected["yes"],
        expected["no"],
        expected["abstain"],
        3,
    )
    assert query(edition, "SELECT count(*) AS n FROM committee_activity WHERE action = 'vote.cast'")[0]["n"] == 2 * len(
        votes
    )


@pytest.mark.asyncio
async def test_topics_page_shows_the_survey_and_whether_it_binds(edition):
    app, passwords = make_app(edition)
    try:
        people = await visitors(app, passwords)
        text = html.unescape((await people["p2"].get("/topics")).text)
        assert "The public survey advises the committee; the committee decides each topic by simple majority." in text
        # t1: 3 approval points, rank 1, in the top 2 (tests/conftest.py survey)
        assert "Survey rank 1 (score 3)" in text
        assert "The vote is not open." in text
        assert "Open the vote" not in text  # members cannot open
        await people["p2"].get("/language?to=es&next=/topics")
        text = html.unescape((await people["p2"].get("/topics")).text)
        assert "Puesto 1 en la encuesta (puntuación 3)" in text
        assert "mayoría simple" in text
        await people["p2"].get("/language?to=pt&next=/topics")
        text = html.unescape((await people["p2"].get("/topics")).text)
        assert '<html lang="pt">' in text
        assert "Posição 1 na consulta (pontuação 3)" in text
        assert "maioria simples" in text
    finally:
        app.close()
    edition.edit_config("binding = false", "binding = true")
    app, _ = CommitteeApp(Pipeline(config.load(edition.config))), None
    try:
        v = Visitor(app)
        await v.sign_in("ben@example.org", passwords["p2"])
        text = html.unescape((await v.get("/topics")).text)
        assert "The public survey binds: its top 2 topics enter the programme" in text
        # the survey decided every topic (no tie at the cut): no committee vote can open
        s = Visitor(app)
        await s.sign_in("ana@example.org", passwords["p1"])
        await s.get("/topics")
        r = await s.post("/topics/t1/open")
        assert "error.survey_decides" in r.headers["location"]
    finally:
        app.close()


@pytest.mark.asyncio
async def test_a_refused_vote_writes_nothing_and_says_why(edition):
    app, passwords = make_app(edition)
    try:
        people = await visitors(app, passwords)
        r = await people["p2"].post("/topics/t1/vote", {"vote": "yes"})
        assert r.status_code == 302 and "error=error.vote_not_open" in r.headers["location"]
        text = html.unescape((await people["p2"].get(r.headers["location"])).text)
        assert "The secretariat has not opened this vote yet." in text
        await people["p1"].post("/topics/t1/open")
        r = await people["p2"].post("/topics/t1/vote", {"vote": "maybe"})
        assert "error.bad_choice" in r.headers["location"]
        r = await people["p2"].post("/topics/nope/vote", {"vote": "yes"})
        assert "error.unknown_topic" in r.headers["location"]
        # a message from the URL is never shown: only catalogue keys
        text = (await people["p2"].get("/topics?error=Your+account+is+hacked")).text
        assert "hacked" not in text
    finally:
        app.close()
    assert query(edition, "SELECT * FROM member_votes") == []
    assert query(edition, "SELECT count(*) AS n FROM committee_activity WHERE action = 'vote.cast'")[0]["n"] == 0


WORKSPACE_VOTES = 'votes = "in/votes.csv"\n'


@pytest.mark.asyncio
async def test_votes_from_the_workspace_are_what_run_and_publish_read(edition, tmp_path):
    edition.edit_config(WORKSPACE_VOTES, "")
    edition.edit_config(
        'secretariat_method = "without_opposition"',
        'secretariat_method = "without_opposition"\nworkspace_inputs = ["votes"]',
    )
    app, passwords = make_app(edition)
    findings = json.loads(invoke("findings", edition.config, "--json").output)
    assert any(f["rule"] == "survey_votes" for f in findings)  # no votes yet: the survey rule says so
    try:
        people = await visitors(app, passwords)
        for topic, votes in {"t1": ("yes", "yes", "no"), "t2": ("no", "no", "abstain")}.items():
            await people["p1"].post(f"/topics/{topic}/open")
            for person, vote in zip(("p1", "p2", "p3"), votes):
                await people[person].post(f"/topics/{topic}/vote", {"vote": vote})
            await people["p1"].post(f"/topics/{topic}/close")
    finally:
        app.close()
    decided = query(edition, "SELECT topic_id, approved, yes, no, abstain FROM topic_decisions ORDER BY topic_id")
    log_before = query(edition, "SELECT count(*) AS n FROM decision_log")[0]["n"]
    out = invoke("run", edition.config).output
    assert "survey     ok" in out  # the closed votes changed the survey stage's input
    after = query(edition, "SELECT topic_id, approved, yes, no, abstain FROM topic_decisions ORDER BY topic_id")
    assert [d for d in after if d["topic_id"] in ("t1", "t2")] == [d for d in decided if d["topic_id"] in ("t1", "t2")]
    # t1 and t2 were logged when the votes closed; the run adds only t3 (no votes: rejected) and the recount
    new = query(edition, "SELECT action, subject_id FROM decision_log WHERE id > ?", [log_before])
    assert ("t1" not in {d["subject_id"] for d in new}) and ("t2" not in {d["subject_id"] for d in new})
    assert "survey     unchanged" in invoke("run", edition.config).output

    site = tmp_path / "site"
    invoke("publish", edition.config, "--out", site)
    pub = sqlite3.connect(site / "public.db")
    assert pub.execute(
        "SELECT approved, yes, no, abstain FROM topic_decisions WHERE topic_id LIKE '%/t1'"
    ).fetchone() == (
        1,
        2,
        1,
        0,
    )
    assert pub.execute("SELECT count(*) FROM member_votes").fetchone() == (0,)  # off by default
    pub.close()

    edition.edit_config("workspace_inputs", "publish_votes = true\nworkspace_inputs")
    invoke("run", edition.config)
    invoke("publish", edition.config, "--out", site)
    pub = sqlite3.connect(site / "public.db")
    published = pub.execute("SELECT topic_id, person_id, vote FROM member_votes ORDER BY topic_id, vote").fetchall()
    names = dict(pub.execute("SELECT id, name FROM people").fetchall())
    pub.close()
    assert len(published) == 6
    assert {names.get(p) for _, p, _ in published} == {"Ana Example", "Ben Example", "Cai Example"}
    assert not {p for _, p, _ in published} & {"p1", "p2", "p3"}  # public ids, never the workspace's


def test_workspace_inputs_are_checked(edition):
    edition.edit_config(
        'secretariat_method = "without_opposition"',
        'secretariat_method = "without_opposition"\nworkspace_inputs = ["votes"]',
    )
    result = invoke("validate", edition.config, expect=1)
    assert "committee.workspace_inputs" in result.output and "[inputs] votes must go" in result.output
    edition.edit_config('workspace_inputs = ["votes"]', 'workspace_inputs = ["ballots"]')
    result = invoke("validate", edition.config, expect=1)
    assert "'ballots': expected one of votes, panels" in result.output


@pytest.mark.asyncio
async def test_nothing_of_the_committee_workspace_reaches_public_db(edition, tmp_path):
    """The privacy canary for the committee's tables: logins, password hashes, session ids and the
    activity log stay in the workspace, even after votes closed and the edition was published."""
    app, passwords = make_app(edition)
    try:
        people = await visitors(app, passwords)
        await people["p1"].post("/topics/t3/open")
        await people["p2"].post("/topics/t3/vote", {"vote": "yes"})
        await people["p1"].post("/topics/t3/close")
    finally:
        app.close()
    site = tmp_path / "site"
    invoke("publish", edition.config, "--out", site)
    raw = (site / "public.db").read_bytes()
    secrets_ = [r["password_hash"] for r in query(edition, "SELECT password_hash FROM committee_accounts")]
    secrets_ += [r["id"] for r in query(edition, "SELECT id FROM committee_sessions")]
    secrets_ += list(passwords.values()) + list(LOGINS.values())
    for value in secrets_:
        assert value.encode() not in raw, value
    with sqlite3.connect(site / "public.db") as pub:
        names = {r[0] for r in pub.execute("SELECT name FROM sqlite_master")}
    assert not names & {"committee_accounts", "committee_sessions", "committee_activity", "member_votes_private"}
    assert "vote_rounds" not in names
