"""Tasks and responsibilities, and comments, in the committee workspace; the published
`responsibilities` table, and comments (private) kept out of public.db. Fixture: tests/conftest.py."""

from __future__ import annotations

import html
import sqlite3

import pytest
from committee_helpers import Visitor, invite, invoke

from nrikit import config
from nrikit.committee.app import CommitteeApp
from nrikit.pipeline import Pipeline

CANARY = "canary-comment-7c1f kept inside the committee"


@pytest.fixture
def served(edition):
    invoke("run", edition.config)
    passwords = {"p2": invite(edition.config, "p2", "member"), "p3": invite(edition.config, "p3", "observer")}
    app = CommitteeApp(Pipeline(config.load(edition.config)))
    yield {"app": app, "edition": edition, "passwords": passwords}
    app.close()


async def member_of(served, person="p2", login="ben@example.org"):
    v = Visitor(served["app"])
    assert (await v.sign_in(login, served["passwords"][person])).status_code == 302
    await v.get("/tasks")
    return v


def query(edition, sql):
    with sqlite3.connect(edition.db_path) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.asyncio
async def test_members_record_who_is_responsible_and_the_overview_lists_open_tasks(served):
    member = await member_of(served)
    r = await member.post(
        "/tasks/add", {"area": "venue", "title": "Book the main hall", "owner": "person:p2", "due": "2025-05-01"}
    )
    assert r.status_code == 302 and "error" not in r.headers["location"]
    await member.post("/tasks/add", {"area": "funding", "title": "Ask two sponsors", "owner": "org:cs1", "due": ""})
    r = await member.post("/tasks/add", {"area": "venue", "title": "x", "owner": "person:p9", "due": ""})
    assert "error.bad_owner" in r.headers["location"]
    r = await member.post("/tasks/add", {"area": "venue", "title": "x", "owner": "person:p2", "due": "31/05/2025"})
    assert "error.bad_date" in r.headers["location"]
    text = html.unescape((await member.get("/tasks")).text)
    assert "Venue: Book the main hall" in text and "Ben Example" in text and "overdue" in text
    assert "Funding: Ask two sponsors" in text and "Civil One" in text
    task_id = query(served["edition"], "SELECT id FROM committee_tasks WHERE area = 'venue'")[0][0]
    await member.post(f"/tasks/{task_id}/status", {"status": "done"})
    overview = html.unescape((await member.get("/")).text)
    assert "Open tasks: 1" in overview and "Ask two sponsors" in overview and "Book the main hall" not in overview
    assert [
        a for (a,) in query(served["edition"], "SELECT action FROM committee_activity WHERE action LIKE 'task.%'")
    ] == [
        "task.added",
        "task.added",
        "task.status",
    ]


@pytest.mark.asyncio
async def test_observers_neither_add_tasks_nor_comment(served):
    observer = await member_of(served, "p3", "cai@example.org")
    assert 'action="/tasks/add"' not in (await observer.get("/tasks")).text
    assert (await observer.post("/tasks/add", {"area": "venue", "title": "x", "owner": "person:p2"})).status_code == 403
    r = await observer.post("/comments", {"subject_type": "topic", "subject_id": "t1", "body": "hi", "next": "/topics"})
    assert r.status_code == 403
    assert query(served["edition"], "SELECT count(*) FROM committee_tasks") == [(0,)]
    assert query(served["edition"], "SELECT count(*) FROM committee_comments") == [(0,)]


@pytest.mark.asyncio
async def test_comments_on_a_topic_a_panel_round_and_a_task_stay_private(served, tmp_path):
    member = await member_of(served)
    await member.post("/tasks/add", {"area": "outreach", "title": "Announce the survey", "owner": "person:p2"})
    await member.get("/panels/t3")
    await member.post("/panels/t3/add", {"person": "p6", "role": "speaker"})
    draft = query(served["edition"], "SELECT id FROM panel_drafts")[0][0]
    task = query(served["edition"], "SELECT id FROM committee_tasks")[0][0]
    for subject_type, subject_id, back in (
        ("topic", "t1", "/topics#topic-t1"),
        ("draft", draft, "/panels/t3"),
        ("task", task, "/tasks"),
    ):
        r = await member.post(
            "/comments",
            {
                "subject_type": subject_type,
                "subject_id": subject_id,
                "body": f"{CANARY} ({subject_type})",
                "next": back,
            },
        )
        assert r.status_code == 302 and r.headers["location"] == back
        page = html.unescape((await member.get(back.split("#")[0])).text)
        assert f"{CANARY} ({subject_type})" in page
    r = await member.post("/comments", {"subject_type": "task", "subject_id": "999", "body": "x", "next": "/tasks"})
    assert "error.unknown_subject" in r.headers["location"]
    r = await member.post(
        "/comments", {"subject_type": "topic", "subject_id": "t1", "body": "x", "next": "//evil.example"}
    )
    assert r.headers["location"] == "/"
    logged = query(served["edition"], "SELECT detail FROM committee_activity WHERE action = 'comment.added'")
    assert len(logged) == 4 and not any(CANARY in d for (d,) in logged)

    site = tmp_path / "site"
    invoke("publish", served["edition"].config, "--out", site)
    raw = (site / "public.db").read_bytes()
    assert CANARY.encode() not in raw
    with sqlite3.connect(site / "public.db") as pub:
        published = pub.execute(
            "SELECT area, task, person_id, organisation_id, status FROM responsibilities"
        ).fetchall()
        names = dict(pub.execute("SELECT id, name FROM people").fetchall())
    assert len(published) == 1
    area, title, person, org, status = published[0]
    assert (area, title, status, org) == ("outreach", "Announce the survey", "to_do", None)
    assert names[person] == "Ben Example" and person != "p2"  # a public id, the name by consent


@pytest.mark.asyncio
async def test_a_task_owner_without_consent_is_published_without_a_name(served, tmp_path):
    edition = served["edition"]
    rows = [list(r) for r in edition.rows["committee"]] + [["p4", "gov1", "member", "2025-03-05"]]
    edition.write("committee", rows)  # p4 (Dee) did not consent to her name being published
    invoke("run", edition.config)
    member = await member_of(served)
    await member.post("/tasks/add", {"area": "report", "title": "Write the annual report", "owner": "person:p4"})
    site = tmp_path / "site"
    invoke("publish", edition.config, "--out", site)
    with sqlite3.connect(site / "public.db") as pub:
        assert pub.execute("SELECT task, person_id FROM responsibilities").fetchall() == [
            ("Write the annual report", None)
        ]
    assert b"Dee Example" not in (site / "public.db").read_bytes()
