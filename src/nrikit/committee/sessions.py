"""Signed-in sessions: made at sign-in, ended by sign-out, revocation or time.

The cookie carries a random token signed with the workspace's secret; the database
keeps only the token's sha256, its account and its expiry. Every request looks the
session up again, so a revoked account or a member dropped from the committee is
signed out at their next click, not when their cookie runs out.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from pathlib import Path

from .accounts import ROLES, token_id
from .activity import log_activity, now_utc

TEMPLATES = Path(__file__).parent / "templates"
COOKIE = "nrikit_committee"
LANG_COOKIE = "nrikit_lang"
NAMESPACE = "nrikit-committee-session"
SESSION_HOURS = 12


def sign_cookie(datasette, edition_id: str, token: str) -> str:
    """The cookie value: the token, the edition and the issue time, signed with the workspace's secret."""
    return datasette.sign({"t": token, "e": edition_id, "i": int(time.time())}, NAMESPACE)


def token_from_cookie(datasette, edition_id: str, cookie: str | None) -> str | None:
    """The session token of a cookie signed for this edition within SESSION_HOURS, else None."""
    if not cookie:
        return None
    from itsdangerous import BadSignature

    try:
        value = datasette.unsign(cookie, NAMESPACE)
    except BadSignature:
        return None
    if not isinstance(value, dict) or value.get("e") != edition_id:
        return None
    issued = value.get("i")
    if not isinstance(issued, int) or not 0 <= time.time() - issued <= SESSION_HOURS * 3600:
        return None
    token = value.get("t")
    return token if isinstance(token, str) else None


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def create_session(db, account: dict, hours: int) -> str:
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.timezone.utc)
    # Ended and expired sessions can never sign anyone in again: pruned at each sign-in, so the table
    # holds live sessions only (sign-ins and sign-outs stay in committee_activity).
    db.execute("DELETE FROM committee_sessions WHERE expires_at <= ? OR ended_at IS NOT NULL", [_iso(now)])
    db["committee_sessions"].insert(
        {
            "id": token_id(token),
            "account_id": account["id"],
            "created_at": _iso(now),
            "expires_at": _iso(now + dt.timedelta(hours=hours)),
            "ended_at": None,
        }
    )
    actor = {"account_id": account["id"], "person_id": account["person_id"]}
    log_activity(db, actor, "signin.ok", "account", str(account["id"]), {})
    return token


def actor_for_token(db, token: str, edition_id: str) -> dict | None:
    """The actor of a live session whose account is active and whose person is still on the committee."""
    rows = list(
        db.query(
            "SELECT a.id, a.person_id, a.role, p.name FROM committee_sessions s "
            "JOIN committee_accounts a ON a.id = s.account_id LEFT JOIN people p ON p.id = a.person_id "
            "WHERE s.id = ? AND s.ended_at IS NULL AND s.expires_at > ? AND a.revoked_at IS NULL",
            [token_id(token), now_utc()],
        )
    )
    if not rows or rows[0]["role"] not in ROLES:
        return None
    row = rows[0]
    on_committee = db.execute("SELECT 1 FROM committee_members WHERE person_id = ?", [row["person_id"]]).fetchone()
    if not on_committee:
        return None
    return {
        "id": f"committee-account:{row['id']}",
        "account_id": row["id"],
        "person_id": row["person_id"],
        "name": row["name"] or row["person_id"],
        "role": row["role"],
        "edition": edition_id,
        "nrikit_committee": True,
    }


def end_session(db, token: str, actor: dict | None) -> None:
    db.execute(
        "UPDATE committee_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", [now_utc(), token_id(token)]
    )
    if actor:
        log_activity(db, actor, "signout", "account", str(actor["account_id"]), {})
