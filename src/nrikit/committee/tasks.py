"""Tasks and responsibilities, and the committee's comments on a topic, a panel round or a task.

The seed review found "no clear-cut responsibilities for members. Nor were there
standardised processes" for the venue, the speakers and the funding: each task
names its area, an owner (a committee member or an organisation), a status and a
due date, and `nrikit publish` publishes the list (a member's name only with their
consent), so the next edition inherits it. Comments stay in the private workspace.
"""

from __future__ import annotations

import datetime as dt

from ..errors import CommitteeError
from .activity import log_activity, now_utc

AREAS = ("venue", "speakers", "funding", "outreach", "report", "other")
STATUSES = ("to_do", "doing", "done")
SUBJECTS = ("topic", "draft", "task")
MAX_COMMENT = 5000


def owners(db) -> dict:
    members = list(
        db.query(
            "SELECT DISTINCT m.person_id AS id, coalesce(p.name, m.person_id) AS name FROM committee_members m "
            "LEFT JOIN people p ON p.id = m.person_id ORDER BY 2"
        )
    )
    orgs = list(db.query("SELECT id, name FROM organisations ORDER BY name"))
    return {"people": members, "organisations": orgs}


def tasks_data(db) -> dict:
    today = dt.date.today().isoformat()
    rows = list(
        db.query(
            "SELECT t.*, coalesce(p.name, t.owner_person_id) AS owner_person, o.name AS owner_organisation "
            "FROM committee_tasks t LEFT JOIN people p ON p.id = t.owner_person_id "
            "LEFT JOIN organisations o ON o.id = t.owner_organisation_id "
            "ORDER BY t.status = 'done', t.due_date IS NULL, t.due_date, t.id"
        )
    )
    for r in rows:
        r["overdue"] = bool(r["due_date"] and r["due_date"] < today and r["status"] != "done")
    return {"tasks": rows, "areas": AREAS, "statuses": STATUSES, **owners(db)}


def _owner(db, owner: str) -> tuple[str | None, str | None]:
    """'person:ID' (a committee member) or 'org:ID' (an organisation)."""
    kind, _, ident = (owner or "").partition(":")
    if kind == "person" and db.execute("SELECT 1 FROM committee_members WHERE person_id = ?", [ident]).fetchone():
        return ident, None
    if kind == "org" and db.execute("SELECT 1 FROM organisations WHERE id = ?", [ident]).fetchone():
        return None, ident
    raise CommitteeError("error.bad_owner")


def _due(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise CommitteeError("error.bad_date") from None


def add_task(db, pipeline, actor, area, title, owner, due) -> int:
    title = (title or "").strip()
    if area not in AREAS:
        raise CommitteeError("error.bad_choice")
    if not title or len(title) > 300:
        raise CommitteeError("error.task_title")
    person, org = _owner(db, owner)
    now = now_utc()
    task_id = (
        db["committee_tasks"]
        .insert(
            {
                "area": area,
                "title": title,
                "owner_person_id": person,
                "owner_organisation_id": org,
                "status": "to_do",
                "due_date": _due(due),
                "created_by": actor["person_id"],
                "created_at": now,
                "updated_at": now,
            }
        )
        .last_pk
    )
    log_activity(db, actor, "task.added", "task", str(task_id), {"area": area, "owner": owner, "due": _due(due)})
    return task_id


def set_status(db, pipeline, actor, task_id, status) -> None:
    if status not in STATUSES:
        raise CommitteeError("error.bad_choice")
    old = db.execute("SELECT status FROM committee_tasks WHERE id = ?", [task_id]).fetchone()
    if old is None:
        raise CommitteeError("error.unknown_task")
    if old[0] == status:
        return
    db.execute("UPDATE committee_tasks SET status = ?, updated_at = ? WHERE id = ?", [status, now_utc(), task_id])
    log_activity(db, actor, "task.status", "task", str(task_id), {"from": old[0], "to": status})


def add_comment(db, pipeline, actor, subject_type, subject_id, body) -> int:
    body = (body or "").strip()
    if subject_type not in SUBJECTS:
        raise CommitteeError("error.bad_choice")
    if not body or len(body) > MAX_COMMENT:
        raise CommitteeError("error.comment_length")
    table, column = {"topic": ("topics", "id"), "draft": ("panel_drafts", "id"), "task": ("committee_tasks", "id")}[
        subject_type
    ]
    if not db.execute(f'SELECT 1 FROM "{table}" WHERE "{column}" = ?', [subject_id]).fetchone():
        raise CommitteeError("error.unknown_subject")
    comment_id = (
        db["committee_comments"]
        .insert(
            {
                "subject_type": subject_type,
                "subject_id": str(subject_id),
                "person_id": actor["person_id"],
                "body": body,
                "created_at": now_utc(),
            }
        )
        .last_pk
    )
    # The log records that a comment was made, not what it says.
    log_activity(db, actor, "comment.added", subject_type, str(subject_id), {"comment": comment_id})
    return comment_id


def comments_on(db, subject_type: str, ids) -> dict[str, list[dict]]:
    ids = [str(i) for i in ids]
    if not ids:
        return {}
    out: dict[str, list[dict]] = {}
    for r in db.query(
        "SELECT c.subject_id, c.body, c.created_at, coalesce(p.name, c.person_id) AS author FROM committee_comments c "
        f"LEFT JOIN people p ON p.id = c.person_id WHERE c.subject_type = ? AND c.subject_id IN ({','.join('?' * len(ids))}) "
        "ORDER BY c.id",
        [subject_type, *ids],
    ):
        out.setdefault(r["subject_id"], []).append(r)
    return out
