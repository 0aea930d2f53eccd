"""The overview: the edition's stages, every current finding, what is due."""

from __future__ import annotations

import re


def display_names(db) -> dict[str, str]:
    """What a committee member calls each thing a finding may name by its id: people, organisations,
    topics and panels (the rules' messages use ids, the overview shows names)."""
    names: dict[str, str] = {}
    for sql in (
        "SELECT id, name FROM organisations",
        "SELECT id, '“' || title || '”' FROM topics",
        "SELECT id, '“' || title || '”' FROM panels",
        "SELECT id, name FROM people",
    ):
        names.update({i: n for i, n in db.execute(sql) if i and n})
    return names


def with_names(text: str | None, names: dict[str, str]) -> str | None:
    if not text:
        return text
    return re.sub(r"[\w.-]+", lambda m: names.get(m.group(0), m.group(0)), text)


def dashboard_data(db, pipeline, report_status=None) -> dict:
    open_votes = db.execute("SELECT count(*) FROM vote_rounds WHERE status = 'open'").fetchone()[0]
    not_final = db.execute(
        "SELECT count(*) FROM topic_decisions d WHERE d.approved AND NOT EXISTS "
        "(SELECT 1 FROM panels p WHERE p.topic_id = d.topic_id AND p.round = 'final')"
    ).fetchone()[0]
    from .tasks import tasks_data

    open_tasks = [t for t in tasks_data(db)["tasks"] if t["status"] != "done"]
    names = display_names(db)
    findings = [
        {**f, "message": with_names(f["message"], names), "hint": with_names(f["hint"], names)}
        for f in pipeline.findings()
    ]
    by_severity = {s: [f for f in findings if f["severity"] == s] for s in ("error", "warning", "info")}
    return {
        "stages": pipeline.status(),
        "findings": findings,
        "by_severity": by_severity,
        "open_votes": open_votes,
        "panels_not_final": not_final,
        "tasks": open_tasks,
        # report/ sits above this wing; the CLI hands in its report_status (None in a bare app).
        "report": report_status(pipeline)["report"] if report_status else None,
    }
