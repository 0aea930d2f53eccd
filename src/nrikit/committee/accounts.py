"""Committee accounts: invitations, passwords, revocation, sign-in with a lock after wrong passwords.

Passwords are hashed with argon2id (argon2-cffi, imported only when a password is
hashed or checked). The initial password is printed once by `nrikit committee invite`
and never stored in clear. After MAX_FAILURES wrong passwords in a row an account
refuses every sign-in, right or wrong, for LOCK_MINUTES: a guesser gets five tries
per quarter of an hour, the member a clear message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from ..errors import CommitteeError
from .activity import log_activity, now_utc

ROLES = ("secretariat", "member", "observer")
MAX_FAILURES = 5
LOCK_MINUTES = 15


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    if not stored:
        # Same work as a real check, so a missing account does not answer faster.
        _hasher().hash(password)
        return False
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    """Twenty characters from an alphabet without look-alikes (0/O, 1/l): easy to copy from a message."""
    alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def committee_people(db) -> dict[str, dict]:
    """{person id: {name, email, role on the committee}} of the edition's committee (the committee stage's rows)."""
    rows = db.execute(
        "SELECT m.person_id, p.name, p.email, group_concat(DISTINCT m.role) FROM committee_members m "
        "LEFT JOIN people p ON p.id = m.person_id GROUP BY m.person_id"
    ).fetchall()
    return {r[0]: {"name": r[1] or r[0], "email": r[2], "roles": (r[3] or "").split(",")} for r in rows}


def invite(db, person_id: str, role: str, *, by: str = "command line") -> tuple[dict, str]:
    """Create (or re-open) the account of a committee member; return it and its one-time initial password."""
    if role not in ROLES:
        raise CommitteeError(f"role {role!r}: expected one of {', '.join(ROLES)}")
    people = committee_people(db)
    if person_id not in people:
        known = ", ".join(sorted(people)) or "none: run `nrikit run` first"
        raise CommitteeError(
            f"{person_id!r} is not on this edition's committee (committee members: {known}); "
            "add them to the committee input and run `nrikit run`"
        )
    person = people[person_id]
    login = (person["email"] or person_id).strip().lower()
    password = new_password()
    hashed = hash_password(password)
    now = now_utc()
    with db.atomic():
        existing = db.execute(
            "SELECT id, revoked_at FROM committee_accounts WHERE person_id = ?", [person_id]
        ).fetchone()
        if existing and existing[1] is None:
            raise CommitteeError(f"{person_id} already has an active account; revoke it first to issue a new password")
        row = {
            "person_id": person_id,
            "login": login,
            "role": role,
            "password_hash": hashed,
            "created_at": now,
            "created_by": by,
            "revoked_at": None,
            "failed_signins": 0,
            "locked_until": None,
        }
        if existing:
            db["committee_accounts"].update(existing[0], row)
            account_id = existing[0]
        else:
            account_id = db["committee_accounts"].insert(row).last_pk
        log_activity(db, None, "account.invited", "account", str(account_id), {"person": person_id, "role": role})
    return {"id": account_id, "person_id": person_id, "name": person["name"], "login": login, "role": role}, password


def revoke(db, person_id: str, *, by: str = "command line") -> dict:
    """Revoke a member's account and end every session it has open."""
    with db.atomic():
        row = db.execute(
            "SELECT id FROM committee_accounts WHERE person_id = ? AND revoked_at IS NULL", [person_id]
        ).fetchone()
        if row is None:
            raise CommitteeError(f"{person_id!r} has no active committee account (see `nrikit committee accounts`)")
        now = now_utc()
        db.execute("UPDATE committee_accounts SET revoked_at = ? WHERE id = ?", [now, row[0]])
        db.execute(
            "UPDATE committee_sessions SET ended_at = ? WHERE account_id = ? AND ended_at IS NULL", [now, row[0]]
        )
        log_activity(db, None, "account.revoked", "account", str(row[0]), {"person": person_id, "by": by})
    return {"id": row[0], "person_id": person_id, "revoked_at": now}


def list_accounts(db) -> list[dict]:
    people = committee_people(db)
    out = []
    for r in db.query(
        "SELECT id, person_id, login, role, created_at, revoked_at, last_signin_at, locked_until "
        "FROM committee_accounts ORDER BY id"
    ):
        r["name"] = people.get(r["person_id"], {}).get("name", r["person_id"])
        r["status"] = "revoked" if r["revoked_at"] else "active"
        out.append(r)
    return out


def _parse(ts: str) -> dt.datetime:
    return dt.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


def check_sign_in(db, login: str, password: str, *, now: dt.datetime | None = None) -> tuple[str, dict | None]:
    """("ok", account) | ("wrong", None) | ("locked", account). Records the failure or the success."""
    now = now or dt.datetime.now(dt.timezone.utc)
    rows = list(
        db.query(
            "SELECT id, person_id, role, password_hash, failed_signins, locked_until FROM committee_accounts "
            "WHERE login = ? AND revoked_at IS NULL",
            [login.strip().lower()],
        )
    )
    account = rows[0] if rows else None
    if account and account["locked_until"] and _parse(account["locked_until"]) > now:
        return "locked", account
    if not password_matches(account and account["password_hash"], password):
        if account:
            failures = (account["failed_signins"] or 0) + 1
            locked = None
            if failures >= MAX_FAILURES:
                locked = (now + dt.timedelta(minutes=LOCK_MINUTES)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                failures = 0
            with db.atomic():
                db.execute(
                    "UPDATE committee_accounts SET failed_signins = ?, locked_until = ? WHERE id = ?",
                    [failures, locked, account["id"]],
                )
                log_activity(db, None, "signin.failed", "account", str(account["id"]), {"locked": bool(locked)})
            if locked:
                return "locked", account
        return "wrong", None
    with db.atomic():
        db.execute(
            "UPDATE committee_accounts SET failed_signins = 0, locked_until = NULL, last_signin_at = ? WHERE id = ?",
            [now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), account["id"]],
        )
    return "ok", account


def token_id(token: str) -> str:
    """Sessions are stored by the sha256 of their token: a copy of the database signs nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


MIN_PASSWORD = 12


def change_password(db, actor: dict, current: str, new: str, confirm: str, keep_session: str) -> None:
    """A member replaces their password (the initial one, say); every other session of theirs ends."""
    row = db.execute(
        "SELECT password_hash FROM committee_accounts WHERE id = ? AND revoked_at IS NULL", [actor["account_id"]]
    ).fetchone()
    if row is None or not password_matches(row[0], current):
        raise CommitteeError("error.password_current")
    if new != confirm:
        raise CommitteeError("error.password_confirm")
    if len(new) < MIN_PASSWORD or new == current:
        raise CommitteeError("error.password_short")
    db.execute(
        "UPDATE committee_accounts SET password_hash = ? WHERE id = ?", [hash_password(new), actor["account_id"]]
    )
    db.execute(
        "UPDATE committee_sessions SET ended_at = ? WHERE account_id = ? AND id != ? AND ended_at IS NULL",
        [now_utc(), actor["account_id"], token_id(keep_session)],
    )
    log_activity(db, actor, "account.password_changed", "account", str(actor["account_id"]), {})
