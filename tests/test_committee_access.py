"""Every permission boundary of the committee workspace, through Datasette's ASGI client.

The edition is the test fixture's (tests/conftest.py): p1 is the secretariat, p2 and p3
members of its committee. Accounts are made with the real `nrikit committee invite`;
requests go through the real Datasette instance, its CSRF middleware and the
committee's hooks. Another edition (its own workspace and secret) provides "a member
of another edition".
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import time

import pytest
from committee_helpers import Visitor, invite, invoke

from nrikit import config
from nrikit.committee.accounts import MAX_FAILURES
from nrikit.committee.app import CommitteeApp
from nrikit.committee.secret import secret_path
from nrikit.committee.sessions import NAMESPACE
from nrikit.errors import CommitteeError
from nrikit.pipeline import Pipeline

# Datasette's own routes (0.65): none may answer anybody, signed in or not.
BUILT_IN = [
    "/-/versions.json",
    "/-/plugins.json",
    "/-/settings.json",
    "/-/metadata.json",
    "/-/databases.json",
    "/-/actor.json",
    "/-/threads.json",
    "/-/permissions",
    "/-/allow-debug",
    "/-/messages",
    "/-/patterns",
    "/-/static/app.css",
    "/-/logout",
    "/_memory",
    "/_memory.json?sql=select+1",
    "/.json",
    "/workspace",
    "/workspace/people",
    "/workspace/people.json",
    "/workspace/committee_accounts.csv",
    "/2025",
    "/2025/people.json",
]


@pytest.fixture
def committee(edition, tmp_path):
    invoke("run", edition.config)
    passwords = {
        "p1": invite(edition.config, "p1", "secretariat"),
        "p2": invite(edition.config, "p2", "member"),
        "p3": invite(edition.config, "p3", "observer"),
    }
    app = CommitteeApp(Pipeline(config.load(edition.config)))
    yield {"app": app, "edition": edition, "passwords": passwords}
    app.close()


def logins():
    return {"p1": "ana@example.org", "p2": "ben@example.org", "p3": "cai@example.org"}


async def signed_in(committee, person) -> Visitor:
    v = Visitor(committee["app"])
    r = await v.sign_in(logins()[person], committee["passwords"][person])
    assert r.status_code == 302 and r.headers["location"] == "/", r.text
    return v


def rows(committee, sql, params=()):
    with sqlite3.connect(committee["edition"].db_path) as conn:
        return conn.execute(sql, params).fetchall()


async def open_vote(committee, topic="t1"):
    sec = await signed_in(committee, "p1")
    await sec.get("/topics")
    r = await sec.post(f"/topics/{topic}/open")
    assert r.status_code == 302
    return sec


# ------------------------------------------------------------------ anonymous


@pytest.mark.asyncio
async def test_anonymous_sees_only_the_sign_in_page(committee):
    v = Visitor(committee["app"])
    for path in ["/", "/topics", *BUILT_IN]:
        r = await v.get(path)
        assert r.status_code == 302, path
        assert r.headers["location"].startswith("/sign-in"), path
    r = await v.get("/sign-in")
    assert r.status_code == 200
    assert 'name="csrftoken"' in r.text
    assert r.headers["x-frame-options"] == "DENY"
    assert "private" in r.headers["cache-control"]


@pytest.mark.asyncio
async def test_anonymous_post_changes_nothing(committee):
    await open_vote(committee)
    v = Visitor(committee["app"])
    await v.get("/sign-in")
    r = await v.post("/topics/t1/vote", {"vote": "yes"})
    assert r.status_code == 403
    assert rows(committee, "SELECT * FROM member_votes") == []


@pytest.mark.asyncio
async def test_sign_in_post_without_the_form_cookie_is_refused(committee):
    # Login CSRF: a cross-site form would post without the page's CSRF cookie.
    r = await committee["app"].datasette.client.post(
        "/sign-in", data={"login": "ben@example.org", "password": committee["passwords"]["p2"]}
    )
    assert r.status_code == 403
    assert "nrikit_committee" not in r.cookies


@pytest.mark.asyncio
async def test_sign_in_never_redirects_off_site(committee):
    v = Visitor(committee["app"])
    await v.get("/sign-in")
    r = await v.post(
        "/sign-in",
        {"login": "ben@example.org", "password": committee["passwords"]["p2"], "next": "//evil.example/x"},
    )
    assert r.status_code == 302 and r.headers["location"] == "/"


# ------------------------------------------------------------------ roles


@pytest.mark.asyncio
async def test_member_votes_but_cannot_open_or_close(committee):
    await open_vote(committee, "t1")
    member = await signed_in(committee, "p2")
    assert (await member.get("/")).status_code == 200
    page = await member.get("/topics")
    assert page.status_code == 200 and "Privacy online" in page.text
    r = await member.post("/topics/t1/vote", {"vote": "yes"})
    assert r.status_code == 302
    r = await member.post("/topics/t1/vote", {"vote": "no"})  # changeable while open
    assert rows(committee, "SELECT person_id, vote FROM member_votes") == [("p2", "no")]
    for action in ("close", "open"):
        r = await member.post(f"/topics/t2/{action}")
        assert r.status_code == 403, action
    assert rows(committee, "SELECT topic_id, status FROM vote_rounds") == [("t1", "open")]


@pytest.mark.asyncio
async def test_observer_reads_but_cannot_vote(committee):
    await open_vote(committee, "t1")
    observer = await signed_in(committee, "p3")
    page = await observer.get("/topics")
    assert page.status_code == 200
    assert 'name="vote"' not in page.text
    r = await observer.post("/topics/t1/vote", {"vote": "yes"})
    assert r.status_code == 403
    assert rows(committee, "SELECT * FROM member_votes") == []


@pytest.mark.asyncio
async def test_secretariat_opens_and_closes_into_the_decision_log(committee):
    sec = await open_vote(committee, "t3")
    member = await signed_in(committee, "p2")
    await member.get("/topics")
    await member.post("/topics/t3/vote", {"vote": "yes"})
    await sec.post("/topics/t3/vote", {"vote": "yes"})
    before = rows(committee, "SELECT count(*) FROM decision_log")[0][0]
    r = await sec.post("/topics/t3/close")
    assert r.status_code == 302
    assert rows(committee, "SELECT status, outcome FROM vote_rounds WHERE topic_id = 't3'") == [("closed", "approved")]
    assert rows(committee, "SELECT count(*) FROM decision_log")[0][0] == before + 1
    # closed: no more votes, even from the secretariat
    await member.post("/topics/t3/vote", {"vote": "no"})
    assert rows(committee, "SELECT vote FROM member_votes WHERE person_id = 'p2'") == [("yes",)]


@pytest.mark.asyncio
async def test_signed_in_members_cannot_browse_the_workspace_raw(committee):
    for person in ("p1", "p2", "p3"):
        v = await signed_in(committee, person)
        for path in BUILT_IN:
            r = await v.get(path)
            assert r.status_code == 403, (person, path)
            assert "example.org" not in r.text


@pytest.mark.asyncio
async def test_api_tokens_are_refused(committee):
    member = await signed_in(committee, "p2")
    r = await member.get("/", headers={"authorization": "Bearer dstok_anything"})
    assert r.status_code == 403


# ------------------------------------------------------------------ another edition, revoked accounts


@pytest.fixture
def other_edition(tmp_path_factory):
    from conftest import EditionFiles

    other = EditionFiles(tmp_path_factory.mktemp("other"))
    committee_rows = other.rows["committee"] + [["p4", "gov1", "member", "2025-03-05"]]
    other.write("committee", committee_rows)
    invoke("run", other.config)
    password = invite(other.config, "p4", "member")
    app = CommitteeApp(Pipeline(config.load(other.config)))
    yield {"app": app, "password": password}
    app.close()


@pytest.mark.asyncio
async def test_member_of_another_edition_gets_nothing_here(committee, other_edition):
    outsider = Visitor(other_edition["app"])
    r = await outsider.sign_in("dee@example.org", other_edition["password"])
    assert r.status_code == 302
    assert (await outsider.get("/")).status_code == 200  # at home
    # the same cookies, carried to this edition's workspace
    here = Visitor(committee["app"])
    here.cookies = dict(outsider.cookies)
    r = await here.get("/")
    assert r.status_code == 302 and r.headers["location"].startswith("/sign-in")
    # their password does not open this edition, and this edition cannot invite them
    r = await Visitor(committee["app"]).sign_in("dee@example.org", other_edition["password"])
    assert r.status_code == 401
    result = invoke("committee", "invite", committee["edition"].config, "p4", expect=1)
    assert "'p4' is not on this edition's committee" in result.output


@pytest.mark.asyncio
async def test_revoked_account_is_signed_out_at_once(committee):
    member = await signed_in(committee, "p2")
    assert (await member.get("/")).status_code == 200
    invoke("committee", "revoke", committee["edition"].config, "p2")
    r = await member.get("/")
    assert r.status_code == 302 and r.headers["location"].startswith("/sign-in")
    r = await Visitor(committee["app"]).sign_in("ben@example.org", committee["passwords"]["p2"])
    assert r.status_code == 401
    listed = invoke("committee", "accounts", committee["edition"].config).output
    assert "revoked" in listed


# ------------------------------------------------------------------ CSRF


@pytest.mark.asyncio
async def test_post_without_or_with_a_wrong_csrf_token_is_403(committee):
    await open_vote(committee, "t1")
    member = await signed_in(committee, "p2")
    await member.get("/topics")
    r = await member.post("/topics/t1/vote", {"vote": "yes"}, csrf=False)
    assert r.status_code == 403
    r = await member.post("/topics/t1/vote", {"vote": "yes", "csrftoken": "forged"})
    assert r.status_code == 403
    r = await member.post("/sign-out", {"csrftoken": member.csrf[:-2] + "xx"})
    assert r.status_code == 403
    assert rows(committee, "SELECT * FROM member_votes") == []
    # a JSON body is no way around it
    r = await member.client.post(
        "/topics/t1/vote",
        content=b'{"vote": "yes"}',
        headers={**member._headers({}), "content-type": "application/json"},
    )
    assert r.status_code in (400, 403)
    assert rows(committee, "SELECT * FROM member_votes") == []


# ------------------------------------------------------------------ cookies


@pytest.mark.asyncio
async def test_forged_and_foreign_cookies_are_anonymous(committee):
    from datasette.app import Datasette

    app = committee["app"]
    member = await signed_in(committee, "p2")
    real = member.cookies["nrikit_committee"]
    token = app.token_from(real)
    forgeries = [
        "garbage",
        real[:-3] + ("AAA" if not real.endswith("AAA") else "BBB"),
        # right payload, signed with another secret
        Datasette([], secret="not-the-secret").sign(
            {"t": token, "e": app.edition.id, "i": int(time.time())}, NAMESPACE
        ),
        # right secret, another namespace (Datasette's own actor cookie)
        app.datasette.sign({"a": {"id": "root"}}, "actor"),
    ]
    for forged in forgeries:
        v = Visitor(app)
        v.cookies = {"nrikit_committee": forged, "ds_actor": app.datasette.sign({"a": {"id": "root"}}, "actor")}
        r = await v.get("/")
        assert r.status_code == 302 and r.headers["location"].startswith("/sign-in"), forged


@pytest.mark.asyncio
async def test_expired_sessions_and_old_cookies_are_refused(committee):
    app = committee["app"]
    member = await signed_in(committee, "p2")
    token = app.token_from(member.cookies["nrikit_committee"])
    # a cookie issued 13 hours ago (sessions last 12), for a live session
    old = Visitor(app)
    old.cookies = {
        "nrikit_committee": app.datasette.sign(
            {"t": token, "e": app.edition.id, "i": int(time.time()) - 13 * 3600}, NAMESPACE
        )
    }
    assert (await old.get("/")).status_code == 302
    # the session itself past its expiry
    past = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with sqlite3.connect(committee["edition"].db_path) as conn:
        conn.execute("UPDATE committee_sessions SET expires_at = ?", [past])
    r = await member.get("/")
    assert r.status_code == 302 and r.headers["location"].startswith("/sign-in")


@pytest.mark.asyncio
async def test_sign_out_ends_the_session_server_side(committee):
    member = await signed_in(committee, "p2")
    kept = dict(member.cookies)
    r = await member.post("/sign-out")
    assert r.status_code == 302 and r.headers["location"] == "/sign-in?bye=1"
    replay = Visitor(committee["app"])
    replay.cookies = kept
    assert (await replay.get("/")).status_code == 302


# ------------------------------------------------------------------ wrong passwords


@pytest.mark.asyncio
async def test_repeated_wrong_passwords_lock_the_account_for_a_while(committee):
    app = committee["app"]
    v = Visitor(app)
    for _ in range(MAX_FAILURES - 1):
        r = await v.sign_in("ben@example.org", "wrong password")
        assert r.status_code == 401
        assert "do not match" in r.text
    r = await v.sign_in("ben@example.org", "wrong again")
    assert r.status_code == 429
    # now even the right password is refused until the lock ends
    r = await v.sign_in("ben@example.org", committee["passwords"]["p2"])
    assert r.status_code == 429
    assert "paused" in r.text
    assert (
        rows(committee, "SELECT count(*) FROM committee_activity WHERE action = 'signin.failed'")[0][0] == MAX_FAILURES
    )
    past = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with sqlite3.connect(committee["edition"].db_path) as conn:
        conn.execute("UPDATE committee_accounts SET locked_until = ? WHERE person_id = 'p2'", [past])
    r = await v.sign_in("ben@example.org", committee["passwords"]["p2"])
    assert r.status_code == 302


@pytest.mark.asyncio
async def test_unknown_login_gets_the_same_answer_as_a_wrong_password(committee):
    r = await Visitor(committee["app"]).sign_in("nobody@example.org", "whatever")
    assert r.status_code == 401 and "do not match" in r.text


# ------------------------------------------------------------------ accounts on the command line, the secret


def test_passwords_are_stored_hashed_and_shown_once(committee):
    stored = rows(committee, "SELECT password_hash FROM committee_accounts WHERE person_id = 'p2'")[0][0]
    assert stored.startswith("$argon2id$")
    assert committee["passwords"]["p2"] not in stored
    listed = invoke("committee", "accounts", committee["edition"].config, "--json").output
    assert "argon2" not in listed and committee["passwords"]["p2"] not in listed
    result = invoke("committee", "invite", committee["edition"].config, "p2", expect=1)
    assert "already has an active account" in result.output
    result = invoke("committee", "invite", committee["edition"].config, "p9", "--role", "member", expect=1)
    assert result.output.count("\n") == 1  # one line, no traceback


def test_revoked_member_can_be_invited_again_with_a_new_password(committee):
    invoke("committee", "revoke", committee["edition"].config, "p2")
    again = invite(committee["edition"].config, "p2", "observer")
    assert again != committee["passwords"]["p2"]
    assert rows(committee, "SELECT role, revoked_at FROM committee_accounts WHERE person_id = 'p2'") == [
        ("observer", None)
    ]
    invoke("committee", "revoke", committee["edition"].config, "p2")
    result = invoke("committee", "revoke", committee["edition"].config, "p2", expect=1)
    assert "no active committee account" in result.output


def test_the_activity_log_is_append_only(committee):
    with sqlite3.connect(committee["edition"].db_path) as conn:
        for sql in ("UPDATE committee_activity SET action = 'x'", "DELETE FROM committee_activity"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(sql)


def test_the_secret_is_owner_only_and_a_readable_one_is_refused(committee):
    path = secret_path(committee["edition"].db_path.resolve())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o644)
    with pytest.raises(CommitteeError, match="chmod 600"):
        CommitteeApp(Pipeline(config.load(committee["edition"].config)))
    os.chmod(path, 0o600)


def test_no_workspace_yet_is_one_line(edition):
    result = invoke("committee", "accounts", edition.config)
    assert "No accounts yet" in result.output  # load_edition creates and migrates the workspace
    shutil.rmtree(edition.db_path.parent)
    with pytest.raises(CommitteeError, match="run `nrikit run` first"):
        CommitteeApp(Pipeline(config.load(edition.config), db=sqlite3.connect(":memory:")))


def test_a_workspace_from_before_the_committee_gains_its_tables(tmp_path):
    """A workspace made before migration 0006_committee (0001-0005) gets the committee's tables,
    their unique indexes and the activity log's append-only triggers when next opened."""
    from nrikit.workspace import schema
    from nrikit.workspace.db import open_workspace

    db = open_workspace(tmp_path / "old.db")
    for table in schema.COMMITTEE_TABLES:
        db.execute(f'DROP TABLE "{table.name}"')
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_committee'")
    db.conn.close()
    reopened = open_workspace(tmp_path / "old.db")
    assert {t.name for t in schema.COMMITTEE_TABLES} <= set(reopened.table_names())
    reopened["committee_activity"].insert({"action": "x"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        reopened.execute("DELETE FROM committee_activity")
    reopened["committee_accounts"].insert({"person_id": "p1", "login": "a"})
    with pytest.raises(sqlite3.IntegrityError):
        reopened["committee_accounts"].insert({"person_id": "p1", "login": "b"})
    reopened.conn.close()


@pytest.mark.asyncio
async def test_a_member_replaces_the_initial_password_and_other_sessions_end(committee):
    initial = committee["passwords"]["p2"]
    phone = await signed_in(committee, "p2")
    laptop = await signed_in(committee, "p2")
    await laptop.get("/account")
    new = "a long new passphrase 42"
    for form, error in (
        ({"current": "wrong", "new": new, "confirm": new}, "error.password_current"),
        ({"current": initial, "new": new, "confirm": new + "x"}, "error.password_confirm"),
        ({"current": initial, "new": "short", "confirm": "short"}, "error.password_short"),
    ):
        r = await laptop.post("/account", form)
        assert error in r.headers["location"]
    r = await laptop.post("/account", {"current": initial, "new": new, "confirm": new})
    assert r.headers["location"] == "/account?done=1"
    assert (await laptop.get("/")).status_code == 200  # this session stays
    assert (await phone.get("/")).status_code == 302  # the other one ended
    assert (await Visitor(committee["app"]).sign_in("ben@example.org", initial)).status_code == 401
    assert (await Visitor(committee["app"]).sign_in("ben@example.org", new)).status_code == 302
    assert rows(committee, "SELECT count(*) FROM committee_activity WHERE action = 'account.password_changed'") == [
        (1,)
    ]


@pytest.mark.asyncio
async def test_one_address_guessing_across_accounts_is_throttled(committee):
    """The per-account lock cannot see one password tried on every account: the address is counted."""
    app = committee["app"]
    app.throttle.limit = 6  # the production LIMIT is larger; the rule is the same
    v = Visitor(app)
    for i in range(6):  # spread over accounts, so no account reaches its own lock
        login = ("ana@example.org", "ben@example.org", "cai@example.org")[i % 3]
        r = await v.sign_in(login, "Summer2025!")
        assert r.status_code == 401, r.text
    hashed_before = rows(committee, "SELECT count(*) FROM committee_activity WHERE action = 'signin.failed'")[0][0]
    r = await v.sign_in("ben@example.org", committee["passwords"]["p2"])  # even the right password
    assert r.status_code == 429
    assert "from this network" in r.text
    # refused before any password was checked: nothing recorded, no account locked
    assert rows(committee, "SELECT count(*) FROM committee_activity WHERE action = 'signin.failed'")[0][0] == (
        hashed_before
    )
    assert rows(committee, "SELECT count(*) FROM committee_accounts WHERE locked_until IS NOT NULL")[0][0] == 0
    # another address is not affected
    app.throttle._failures.clear()
    r = await Visitor(app).sign_in("ben@example.org", committee["passwords"]["p2"])
    assert r.status_code == 302


def test_the_throttle_forgets_old_failures_and_bounds_its_memory():
    from nrikit.committee.throttle import SignInThrottle

    now = [1000.0]
    t = SignInThrottle(limit=3, window=60, clock=lambda: now[0], max_clients=2)
    for _ in range(3):
        t.failed("10.0.0.1")
    assert t.blocked("10.0.0.1") and t.minutes_left("10.0.0.1") == 1
    assert not t.blocked("10.0.0.2") and not t.blocked(None)
    now[0] += 61  # the failures left the window
    assert not t.blocked("10.0.0.1")
    for client in ("a", "b", "c"):
        t.failed(client)
    assert set(t._failures) == {"b", "c"}  # the least recently seen address was forgotten


@pytest.mark.asyncio
async def test_ended_and_expired_sessions_are_pruned_at_sign_in(committee):
    first = await signed_in(committee, "p2")
    await first.post("/sign-out")
    await signed_in(committee, "p3")
    past = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with sqlite3.connect(committee["edition"].db_path) as conn:
        conn.execute("UPDATE committee_sessions SET expires_at = ?", [past])
    await signed_in(committee, "p1")
    live = rows(
        committee, "SELECT a.person_id FROM committee_sessions s JOIN committee_accounts a ON a.id = s.account_id"
    )
    assert live == [("p1",)]
    assert rows(committee, "SELECT count(*) FROM committee_activity WHERE action = 'signout'")[0][0] == 1
