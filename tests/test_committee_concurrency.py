"""Many members at once on a real `nrikit committee serve`, and a SIGKILL in the middle of their writes.

Twenty committee members (the fixture edition of tests/conftest.py with seventeen more people
on its committee) act at the same time over HTTP on 127.0.0.1, 50 actions each (votes and vote
changes, comments, panellists added to and removed from one shared draft), at most 20 requests
in flight. Afterwards no write is lost and no vote is counted twice, checked against the
append-only activity log, whose entries are written in the same transaction as each change.
Then the server is killed with SIGKILL while members write, and the workspace must pass SQLite's
integrity check with every table agreeing with the activity log.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import signal
import sqlite3
import threading
import time

import pytest
from committee_helpers import invoke
from test_committee_browser import free_port, start_server, stop_server

MEMBERS = 20
ACTIONS = 50
TOPICS = ("t1", "t2", "t3")
CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


@pytest.fixture
def crowd(edition):
    """The edition with 20 committee members (p1-p3 and q04-q20), each with an account."""
    from nrikit import config
    from nrikit.committee.accounts import invite
    from nrikit.pipeline import Pipeline

    people = edition.rows["people"]
    committee = edition.rows["committee"]
    for i in range(4, MEMBERS + 1):
        pid = f"q{i:02d}"
        people.append([pid, f"Member {i:02d}", f"{pid}@example.org", "", "woman" if i % 2 else "man", "", "cs2",
                       "TL", "rights", "", "yes", "yes", "no"])  # fmt: skip
        committee.append([pid, "cs2", "member", "2025-03-05"])
    edition.write("people", people)
    edition.write("committee", committee)
    invoke("run", edition.config)
    pipeline = Pipeline(config.load(edition.config))
    logins = {}
    for person in ["p1", "p2", "p3", *(f"q{i:02d}" for i in range(4, MEMBERS + 1))]:
        account, password = invite(pipeline.db, person, "secretariat" if person == "p1" else "member")
        logins[person] = (account["login"], password)
    pipeline.db.close()
    return {"edition": edition, "logins": logins}


async def signed_in_client(url, login, password):
    import httpx

    client = httpx.AsyncClient(base_url=url, follow_redirects=False, timeout=60)
    page = await client.get("/sign-in")
    token = CSRF.search(page.text).group(1)
    r = await client.post("/sign-in", data={"login": login, "password": password, "csrftoken": token})
    assert r.status_code == 302, r.text
    return client, token


def query(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def open_votes_and_draft(url, logins):
    async def go():
        client, token = await signed_in_client(url, *logins["p1"])
        for topic in TOPICS:
            assert (await client.post(f"/topics/{topic}/open", data={"csrftoken": token})).status_code == 302
        # the shared draft of topic t3, started by the secretariat
        r = await client.post("/panels/t3/add", data={"csrftoken": token, "person": "p6", "role": "moderator"})
        assert r.status_code == 302 and "error" not in r.headers["location"]
        await client.aclose()

    asyncio.run(go())


async def member_actions(url, person, login, password, rng, limit, sent, stop=None):
    """One member's actions, one after another; returns nothing, records what the server accepted."""
    client, token = await signed_in_client(url, login, password)
    try:
        for _ in range(ACTIONS):
            if stop is not None and stop.is_set():
                return
            kind = rng.choice(("vote", "vote", "comment", "add", "remove"))
            topic = rng.choice(TOPICS)
            if kind == "vote":
                path, data = f"/topics/{topic}/vote", {"vote": rng.choice(("yes", "no", "abstain"))}
            elif kind == "comment":
                path, data = "/comments", {"subject_type": "topic", "subject_id": topic, "body": f"{person} says hi"}
                data["next"] = "/topics"
            else:
                path, data = f"/panels/t3/{kind}", {"person": rng.choice(("p3", "p5", "p7", "p4", "p1"))}
            async with limit:
                try:
                    r = await client.post(path, data={**data, "csrftoken": token})
                except Exception:
                    if stop is not None:
                        return
                    raise
            if r.status_code == 302 and "error=" not in r.headers["location"]:
                sent.append((person, kind, topic, data))
    finally:
        await client.aclose()


def check_against_the_activity_log(db_path):
    """Every table the members wrote agrees with the activity log, entry by entry."""
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    log = query(db_path, "SELECT person_id, action, subject_id, detail FROM committee_activity ORDER BY id")
    # votes: the last vote each member cast on each topic, per the log, is exactly what is stored
    last = {}
    for person, action, subject, detail in log:
        if action == "vote.cast":
            last[(subject, person)] = json.loads(detail)["vote"]
    stored = {(t, p): v for t, p, v in query(db_path, "SELECT topic_id, person_id, vote FROM member_votes")}
    assert stored == last
    # comments: one row per comment.added entry
    comments = sum(1 for _, action, _, _ in log if action == "comment.added")
    assert query(db_path, "SELECT count(*) FROM committee_comments") == [(comments,)]
    # the shared draft: replaying the log's additions and removals gives its members
    members = set()
    for _, action, subject, detail in log:
        d = json.loads(detail)
        if subject == "t3" and action == "draft.added":
            members.add(d["person"])
        elif subject == "t3" and action == "draft.removed":
            members.discard(d["person"])
    assert {p for (p,) in query(db_path, "SELECT person_id FROM panel_draft_members")} == members
    return last


def test_twenty_members_at_once_lose_no_write_and_count_no_vote_twice(crowd):
    edition, logins = crowd["edition"], crowd["logins"]
    proc, url = start_server(edition.config, free_port())
    sent: list = []
    try:
        open_votes_and_draft(url, logins)

        async def everyone():
            limit = asyncio.Semaphore(20)
            await asyncio.gather(
                *(
                    member_actions(url, person, login, password, random.Random(i), limit, sent)
                    for i, (person, (login, password)) in enumerate(logins.items())
                )
            )

        asyncio.run(everyone())
        db = edition.db_path
        last = check_against_the_activity_log(db)
        # no write lost: every accepted request left its entry in the log
        votes_sent = [s for s in sent if s[1] == "vote"]
        assert query(db, "SELECT count(*) FROM committee_activity WHERE action = 'vote.cast'") == [(len(votes_sent),)]
        comments_sent = [s for s in sent if s[1] == "comment"]
        assert query(db, "SELECT count(*) FROM committee_comments") == [(len(comments_sent),)]
        # each member's own requests were sequential: their last vote per topic is the stored one
        mine = {}
        for person, kind, topic, data in sent:
            if kind == "vote":
                mine[(topic, person)] = data["vote"]
        assert mine == last
        assert (
            len(sent) > MEMBERS * ACTIONS * 0.9
        )  # almost every action is accepted (a removal of someone absent is not)

        # closing counts each voter once
        async def close_all():
            client, token = await signed_in_client(url, *logins["p1"])
            for topic in TOPICS:
                assert (await client.post(f"/topics/{topic}/close", data={"csrftoken": token})).status_code == 302
            await client.aclose()

        asyncio.run(close_all())
        for topic in TOPICS:
            voters = {p for (t, p) in last if t == topic}
            (tally,) = query(db, "SELECT tally FROM vote_rounds WHERE topic_id = ?", [topic])[0]
            counted = json.loads(tally)
            assert counted["yes"] + counted["no"] + counted["abstain"] == len(voters)
            assert counted["members"] == MEMBERS
    finally:
        stop_server(proc)


def test_a_sigkill_during_writes_leaves_the_workspace_consistent(crowd):
    edition, logins = crowd["edition"], crowd["logins"]
    proc, url = start_server(edition.config, free_port())
    try:
        open_votes_and_draft(url, logins)
    except BaseException:
        stop_server(proc)
        raise
    sent: list = []
    stop = threading.Event()

    def crowd_writes():
        async def everyone():
            limit = asyncio.Semaphore(10)
            await asyncio.gather(
                *(
                    member_actions(url, person, login, password, random.Random(i), limit, sent, stop)
                    for i, (person, (login, password)) in enumerate(list(logins.items())[:10])
                ),
                return_exceptions=True,
            )

        asyncio.run(everyone())

    worker = threading.Thread(target=crowd_writes)
    worker.start()
    # kill once writes are flowing (bounded wait: the crowd may finish first on a fast machine)
    for _ in range(300):
        if len(sent) >= 40:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    stop.set()
    worker.join(timeout=120)
    assert not worker.is_alive()
    proc.stdout.close()
    assert sent, "no write went through before the kill"
    check_against_the_activity_log(edition.db_path)
    # and the app starts again on the same workspace
    proc, url = start_server(edition.config, free_port())
    stop_server(proc)
