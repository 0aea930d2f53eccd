"""Panels in the committee workspace: rounds per approved topic, the composer's live check with its
swaps, the composer's proposal, finalising into the panels stage's tables, nominations of someone new.

Fixture edition: tests/conftest.py (t1 and t3 approved; p3, p5, p7 are men, p6 a woman, all with
security expertise; p1 secretariat, p2 member, p3 observer here).
"""

from __future__ import annotations

import html
import json
import re
import sqlite3

import pytest
from committee_helpers import Visitor, invite, invoke

from nrikit import config
from nrikit.committee.app import CommitteeApp
from nrikit.pipeline import Pipeline

SWAP_FORM = re.compile(r'name="out" value="([^"]+)"><input type="hidden" name="in" value="([^"]+)"')


@pytest.fixture
def served(edition):
    invoke("run", edition.config)
    passwords = {
        "p1": invite(edition.config, "p1", "secretariat"),
        "p2": invite(edition.config, "p2", "member"),
        "p3": invite(edition.config, "p3", "observer"),
    }
    app = CommitteeApp(Pipeline(config.load(edition.config)))
    yield {"app": app, "edition": edition, "passwords": passwords}
    app.close()


async def visitor(served, person, login):
    v = Visitor(served["app"])
    assert (await v.sign_in(login, served["passwords"][person])).status_code == 302
    await v.get("/panels/t3")
    return v


def query(edition, sql, params=()):
    with sqlite3.connect(edition.db_path) as conn:
        return conn.execute(sql, params).fetchall()


async def all_male_draft(member):
    for person, role in (("p3", "moderator"), ("p5", "speaker"), ("p7", "speaker")):
        r = await member.post("/panels/t3/add", {"person": person, "role": role})
        assert r.status_code == 302 and "error" not in r.headers["location"]


@pytest.mark.asyncio
async def test_an_all_male_draft_shows_the_gender_finding_and_the_suggested_swap_mends_it(served):
    member = await visitor(served, "p2", "ben@example.org")
    await all_male_draft(member)
    page = await member.get("/panels/t3")
    text = html.unescape(page.text)
    assert "has no women: all 3 panellists are men" in text
    assert "Swap Eli Example for Fay Example" in text  # names, not ids
    out, into = SWAP_FORM.search(page.text).groups()
    assert (out, into) == ("p5", "p6")
    r = await member.post("/panels/t3/swap", {"out": out, "in": into})
    assert r.status_code == 302
    text = html.unescape((await member.get("/panels/t3")).text)
    assert "has no women" not in text
    assert "The checks find nothing to fix on this proposal." in text
    assert query(served["edition"], "SELECT person_id, role FROM panel_draft_members ORDER BY person_id") == [
        ("p3", "moderator"),
        ("p6", "speaker"),
        ("p7", "speaker"),
    ]
    actions = [
        a
        for (a,) in query(
            served["edition"], "SELECT action FROM committee_activity WHERE action LIKE 'draft.%' ORDER BY id"
        )
    ]
    assert actions == ["draft.started", "draft.added", "draft.added", "draft.added", "draft.swapped"]


@pytest.mark.asyncio
async def test_the_live_check_is_the_composers_check_mode(served):
    """Same violations as composer.check on the same draft, through the pool the CLI builds."""
    from nrikit.committee.panels import check_members

    member = await visitor(served, "p2", "ben@example.org")
    await all_male_draft(member)
    pipeline = Pipeline(config.load(served["edition"].config))
    topic = dict(
        zip(("id", "title", "tags"), query(served["edition"], "SELECT id, title, tags FROM topics WHERE id = 't3'")[0])
    )
    found = check_members(pipeline.db, pipeline, topic, [("p3", "moderator"), ("p5", "speaker"), ("p7", "speaker")])
    assert [(v.rule, v.suggestion) for v in found] == [("gender", "swap p5 for p6")]
    pipeline.db.close()


@pytest.mark.asyncio
async def test_rounds_are_kept_and_only_the_latest_changes(served):
    member = await visitor(served, "p2", "ben@example.org")
    await all_male_draft(member)
    await member.post("/panels/t3/round")
    await member.post("/panels/t3/swap", {"out": "p5", "in": "p6"})
    rounds = query(served["edition"], "SELECT round, status FROM panel_drafts ORDER BY id")
    assert rounds == [("draft-1", "closed"), ("draft-2", "open")]
    by_round = query(
        served["edition"],
        "SELECT d.round, m.person_id FROM panel_draft_members m JOIN panel_drafts d ON d.id = m.draft_id ORDER BY 1, 2",
    )
    assert by_round == [
        ("draft-1", "p3"), ("draft-1", "p5"), ("draft-1", "p7"),
        ("draft-2", "p3"), ("draft-2", "p6"), ("draft-2", "p7"),
    ]  # fmt: skip
    text = html.unescape((await member.get("/panels/t3")).text)
    assert "Earlier rounds" in text and "draft-1: 3 panellists (kept, replaced by a later round)" in text


@pytest.mark.asyncio
async def test_the_composers_proposal_is_shown_beside_the_draft_and_can_become_a_round(served):
    member = await visitor(served, "p2", "ben@example.org")
    await all_male_draft(member)
    page = await member.get("/panels/t3?propose=1")
    text = html.unescape(page.text)
    assert "The composer's balanced proposal" in text
    assert "has no women" in text  # the draft's own finding stays beside it
    await member.post("/panels/t3/adopt")
    assert query(served["edition"], "SELECT round, status FROM panel_drafts ORDER BY id")[-1] == ("draft-2", "open")
    text = html.unescape((await member.get("/panels/t3")).text)
    assert "The checks find nothing to fix on this proposal." in text  # the composer's panel meets every rule


@pytest.mark.asyncio
async def test_only_the_secretariat_finalises_and_the_panel_lands_in_the_panels_tables(served):
    edition = served["edition"]
    member = await visitor(served, "p2", "ben@example.org")
    observer = await visitor(served, "p3", "cai@example.org")
    await all_male_draft(member)
    assert (await observer.post("/panels/t3/add", {"person": "p6"})).status_code == 403
    assert (await member.post("/panels/t3/finalise")).status_code == 403
    await member.post("/panels/t3/swap", {"out": "p5", "in": "p6"})
    sec = await visitor(served, "p1", "ana@example.org")
    r = await sec.post("/panels/t3/finalise")
    assert r.status_code == 302 and "error" not in r.headers["location"]
    # the fixture's final panel of t3 (f2) now holds the committee's panellists
    assert query(edition, "SELECT person_id, role FROM panellists WHERE panel_id = 'f2' ORDER BY person_id") == [
        ("p3", "moderator"),
        ("p6", "speaker"),
        ("p7", "speaker"),
    ]
    entry = query(edition, "SELECT action, subject_id, tally FROM decision_log ORDER BY id DESC LIMIT 1")[0]
    assert entry[:2] == ("panel.finalised", "f2")
    assert json.loads(entry[2]) == {"panellists": 3, "topic": "t3", "round": "draft-1"}
    # final: nobody changes it any more
    r = await member.post("/panels/t3/remove", {"person": "p6"})
    assert "error.panel_final" in r.headers["location"]
    assert len(query(edition, "SELECT * FROM panellists WHERE panel_id = 'f2'")) == 3


@pytest.mark.asyncio
async def test_someone_new_is_nominated_with_their_consent_status_and_stays_private(served, tmp_path):
    member = await visitor(served, "p2", "ben@example.org")
    r = await member.post(
        "/panels/t3/nominate",
        {"name": "Zoe Newcomer", "organisation": "Canary Org", "gender": "woman", "consent": "asked"},
    )
    assert r.status_code == 302
    text = html.unescape((await member.get("/panels/t3")).text)
    assert "Zoe Newcomer · Canary Org · woman · asked, no answer yet" in text
    r = await member.post("/panels/t3/nominate", {"name": " ", "gender": "woman", "consent": "asked"})
    assert "error.nominee_name" in r.headers["location"]
    detail = query(served["edition"], "SELECT detail FROM committee_activity WHERE action = 'nominee.added'")
    assert "Zoe" not in detail[0][0]
    site = tmp_path / "site"
    invoke("publish", served["edition"].config, "--out", site)
    assert b"Zoe Newcomer" not in (site / "public.db").read_bytes()


@pytest.mark.asyncio
async def test_panels_are_only_for_approved_topics(served):
    member = await visitor(served, "p2", "ben@example.org")
    assert (await member.get("/panels/t2")).status_code == 404  # t2 was rejected
    r = await member.post("/panels/t2/add", {"person": "p6"})
    assert "error.topic_not_approved" in r.headers["location"]
    assert query(served["edition"], "SELECT count(*) FROM panel_drafts") == [(0,)]


@pytest.mark.asyncio
async def test_panels_from_the_workspace_are_what_run_and_publish_read(edition, tmp_path):
    edition.edit_config('panels = "in/panels.csv"\npanellists = "in/panellists.csv"\n', "")
    edition.edit_config(
        'secretariat_method = "without_opposition"',
        'secretariat_method = "without_opposition"\nworkspace_inputs = ["panels"]',
    )
    invoke("run", edition.config)
    passwords = {"p1": invite(edition.config, "p1", "secretariat"), "p2": invite(edition.config, "p2", "member")}
    app = CommitteeApp(Pipeline(config.load(edition.config)))
    try:
        served = {"app": app, "passwords": passwords}
        member = await visitor(served, "p2", "ben@example.org")
        await all_male_draft(member)
        await member.post("/panels/t3/round")
        await member.post("/panels/t3/swap", {"out": "p5", "in": "p6"})
        sec = await visitor(served, "p1", "ana@example.org")
        await sec.post("/panels/t3/finalise")
    finally:
        app.close()
    out = invoke("run", edition.config).output
    assert "panels     ok" in out
    rows = query(edition, "SELECT id, topic_id, round FROM panels ORDER BY id")
    assert rows == [("t3-draft-1", "t3", "draft-1"), ("t3-final", "t3", "final")]
    findings = json.loads(invoke("findings", edition.config, "--json").output)
    # the kept all-male round is a draft the panels stage's gender rule reports, the final one is not
    gender = [f["subject"] for f in findings if f["rule"] == "panel_gender"]
    assert any("t3-draft-1" in s for s in gender) and not any("t3-final" in s for s in gender)
    site = tmp_path / "site"
    invoke("publish", edition.config, "--out", site)
    with sqlite3.connect(site / "public.db") as pub:
        final = pub.execute("SELECT id FROM panels WHERE round = 'final'").fetchall()
        names = pub.execute(
            "SELECT pe.name FROM panellists pl JOIN people pe ON pe.id = pl.person_id "
            "WHERE pl.panel_id LIKE '%t3-final' ORDER BY pe.name"
        ).fetchall()
    assert [r[0].split("/")[-1] for r in final] == ["t3-final"]
    assert names == [("Cai Example",), ("Fay Example",), ("Gus Example",)]
