"""Topics and the committee's votes: cast and change a vote while it is open, close it into a decision.

Closing counts the members' votes with the edition's own vote method (the
pipeline's tally methods: [survey] approval, with [survey] qualified_threshold),
appends the decision and its tally to the decision log exactly as the survey
stage would, and writes the result into the survey stage's tables
(committee_votes, topic_decisions) so that findings, `nrikit publish` and the
report see it at once. The rules of the survey stage are then run again.
"""

from __future__ import annotations

import datetime as dt
import json

from ..errors import CommitteeError
from ..model import Decision
from .activity import log_activity, now_utc

VOTES = ("yes", "no", "abstain")


def committee_ids(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT DISTINCT person_id FROM committee_members")}


def topics_data(db, pipeline, person_id: str) -> dict:
    cfg = pipeline.edition["survey"]
    rows = list(
        db.query(
            "SELECT t.id, t.title, t.description, s.score, s.rank, s.in_survey_top FROM topics t "
            "LEFT JOIN survey_tally s ON s.topic_id = t.id ORDER BY s.rank IS NULL, s.rank, t.title"
        )
    )
    rounds = {r["topic_id"]: r for r in db.query("SELECT * FROM vote_rounds")}
    mine = {
        r["topic_id"]: r["vote"]
        for r in db.query("SELECT topic_id, vote FROM member_votes WHERE person_id = ?", [person_id])
    }
    members = committee_ids(db)
    cast: dict[str, int] = {}
    for topic_id, who in db.execute("SELECT topic_id, person_id FROM member_votes"):
        if who in members:
            cast[topic_id] = cast.get(topic_id, 0) + 1
    for row in rows:
        r = rounds.get(row["id"])
        row["status"] = r["status"] if r else "not_open"
        row["tally"] = json.loads(r["tally"]) if r and r["tally"] else None
        row["outcome"] = r["outcome"] if r else None
        row["my_vote"] = mine.get(row["id"])
        row["cast"] = cast.get(row["id"], 0)
        row["score"] = format(row["score"], "g") if row["score"] is not None else None
    return {
        "topics": rows,
        "binding": cfg["binding"],
        "top_n": cfg["topics_to_select"],
        "method": cfg["approval"],
        "members": len(members),
    }


def _round(db, topic_id: str) -> dict | None:
    if not db.execute("SELECT 1 FROM topics WHERE id = ?", [topic_id]).fetchone():
        raise CommitteeError("error.unknown_topic")
    rows = list(db.query("SELECT * FROM vote_rounds WHERE topic_id = ?", [topic_id]))
    return rows[0] if rows else None


def cast_vote(db, pipeline, actor: dict, topic_id: str, vote: str) -> None:
    if vote not in VOTES:
        raise CommitteeError("error.bad_choice")
    r = _round(db, topic_id)
    if r is None:
        raise CommitteeError("error.vote_not_open")
    if r["status"] != "open":
        raise CommitteeError("error.vote_closed")
    person = actor["person_id"]
    previous = db.execute(
        "SELECT vote FROM member_votes WHERE topic_id = ? AND person_id = ?", [topic_id, person]
    ).fetchone()
    db.execute(
        "INSERT INTO member_votes (topic_id, person_id, vote, cast_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (topic_id, person_id) DO UPDATE SET vote = excluded.vote, cast_at = excluded.cast_at",
        [topic_id, person, vote, now_utc()],
    )
    log_activity(db, actor, "vote.cast", "topic", topic_id, {"vote": vote, "previous": previous and previous[0]})


def survey_decides(db, pipeline, topic_id: str) -> bool:
    """A binding survey decides every topic except those tied at the cut (as the survey stage decides)."""
    if not pipeline.edition["survey"]["binding"]:
        return False
    counted = db.execute(
        "SELECT tally FROM decision_log WHERE action = 'survey.counted' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    tied = json.loads(counted[0]).get("tied_at_cutoff", []) if counted else []
    return topic_id not in tied


def open_vote(db, pipeline, actor: dict, topic_id: str) -> None:
    if survey_decides(db, pipeline, topic_id):
        raise CommitteeError("error.survey_decides")
    r = _round(db, topic_id)
    if r is not None:
        if r["status"] == "closed":
            raise CommitteeError("error.vote_closed")
        return  # already open: nothing changes, nothing to log
    db["vote_rounds"].insert(
        {"topic_id": topic_id, "status": "open", "opened_at": now_utc(), "opened_by": actor["person_id"]}
    )
    log_activity(db, actor, "vote.opened", "topic", topic_id, {})


def count_votes(pipeline, votes: dict[str, str], members: int):
    """The edition's vote method applied to {member: vote}, as the survey stage applies it."""
    cfg = pipeline.edition["survey"]
    method = pipeline.tally_methods.get(cfg["approval"])
    if method is None or method.kind != "vote":
        from ..errors import ConfigError

        raise ConfigError(f"unknown vote method {cfg['approval']!r}", path=pipeline.edition.path, key="survey.approval")
    kwargs = {"threshold": cfg["qualified_threshold"]} if method.name == "qualified_majority" else {}
    return method, method.count(votes, max(members, 1), **kwargs)


def close_vote(db, pipeline, actor: dict, topic_id: str) -> dict:
    r = _round(db, topic_id)
    if r is None:
        raise CommitteeError("error.vote_not_open")
    if r["status"] != "open":
        raise CommitteeError("error.vote_closed")
    members = committee_ids(db)
    votes = {
        person: vote
        for person, vote in db.execute("SELECT person_id, vote FROM member_votes WHERE topic_id = ?", [topic_id])
        if person in members
    }
    method, result = count_votes(pipeline, votes, len(members))
    tally = result.as_dict()
    outcome = "approved" if result.passed else "rejected"
    binding = pipeline.edition["survey"]["binding"]
    pipeline.append_decisions(
        "survey",
        [
            Decision(
                f"topic.{outcome}",
                "topic",
                topic_id,
                outcome=outcome,
                method=method.name,
                binding=binding,
                tally=tally,
                rationale=tally.get("rule") or "",
            )
        ],
    )
    now = now_utc()
    db.execute(
        "UPDATE vote_rounds SET status = 'closed', closed_at = ?, closed_by = ?, method = ?, outcome = ?, tally = ? "
        "WHERE topic_id = ?",
        [now, actor["person_id"], method.name, outcome, json.dumps(tally, sort_keys=True), topic_id],
    )
    # The survey stage's tables, so findings, publish and the report see the decision now.
    db.execute("DELETE FROM committee_votes WHERE topic_id = ?", [topic_id])
    db["committee_votes"].insert_all(
        {"topic_id": topic_id, "person_id": p, "vote": v} for p, v in sorted(votes.items())
    )
    db.execute("DELETE FROM topic_decisions WHERE topic_id = ?", [topic_id])
    db["topic_decisions"].insert(
        {
            "topic_id": topic_id,
            "approved": int(result.passed),
            "decided_by": method.name,
            "yes": result.yes,
            "no": result.no,
            "abstain": result.abstain,
            "members": len(members),
        }
    )
    log_activity(
        db,
        actor,
        "vote.closed",
        "topic",
        topic_id,
        {"outcome": outcome, "yes": result.yes, "no": result.no, "abstain": result.abstain, "votes": len(votes)},
    )
    pipeline.recheck("survey")
    return {"outcome": outcome, "tally": tally, "decided_on": dt.date.today().isoformat()}
