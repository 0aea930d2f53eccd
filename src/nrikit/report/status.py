"""When the annual report is due, and whether it was produced.

The IGF Secretariat asks for the report within three months of the event
([report] due_months, default 3): due = the event's last day plus that many
calendar months (31 August + 3 months = 30 November). Each `nrikit report` run
records one row in the workspace's `annual_reports` table (migration
0003_annual_reports): when, format, language, file and its sha256. A report of
an edition whose workspace does not exist yet is produced but not recorded.
`nrikit status` reads that table through report_status().
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json


def due_date(end: dt.date, months: int) -> dt.date:
    month0 = end.month - 1 + months
    year, month = end.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(end.day, calendar.monthrange(year, month)[1]))


def record_production(edition, result, out) -> bool:
    from .. import __version__
    from ..pipeline import now_utc
    from ..workspace.db import open_workspace

    if not edition.workspace.exists():
        return False
    db = open_workspace(edition.workspace)
    try:
        db["annual_reports"].insert(
            {
                "produced_at": now_utc(),
                "format": result.format,
                "lang": result.lang,
                "path": str(out) if out is not None else "-",
                "sha256": hashlib.sha256(result.text.encode("utf-8")).hexdigest(),
                "editions": json.dumps(result.editions),
                "nrikit_version": __version__,
            }
        )
    finally:
        db.close()
    return True


def report_status(pipeline, today: dt.date | None = None) -> dict:
    """{"report": {due, produced, last_produced_at, path, overdue, days_left}} for `nrikit status`."""
    edition = pipeline.edition
    today = today or dt.datetime.now(dt.timezone.utc).date()
    due = due_date(edition["edition"]["end"], edition["report"]["due_months"])
    last = None
    if "annual_reports" in pipeline.db.table_names():
        rows = list(
            pipeline.db.query("SELECT produced_at, format, lang, path FROM annual_reports ORDER BY id DESC LIMIT 1")
        )
        last = rows[0] if rows else None
    return {
        "session_reports": session_reports_status(pipeline, today),
        "report": {
            "due": due.isoformat(),
            "produced": last is not None,
            "last_produced_at": last and last["produced_at"],
            "path": last and last["path"],
            "format": last and last["format"],
            "lang": last and last["lang"],
            "overdue": last is None and today > due,
            "days_left": (due - today).days,
        },
    }


SESSION_REPORT_DAYS = 14  # the IGF asks for each workshop report within two weeks of the session


def session_reports_status(pipeline, today: dt.date) -> dict:
    """Each final panel's report: received, or due two weeks after the session (from its end, else start)."""
    db = pipeline.db
    if "session_reports" not in db.table_names() or "panels" not in db.table_names():
        return {"sessions": 0, "received": 0, "missing": []}
    received = {r["panel_id"] for r in db.query("SELECT panel_id FROM session_reports")}
    panels = list(db.query("SELECT id, title, starts, ends FROM panels WHERE round = 'final' ORDER BY starts, id"))
    missing = []
    for p in panels:
        if p["id"] in received:
            continue
        held = (p["ends"] or p["starts"] or "")[:10]
        try:
            due = dt.date.fromisoformat(held) + dt.timedelta(days=SESSION_REPORT_DAYS)
        except ValueError:
            due = None  # no recorded time: no due date is invented
        missing.append(
            {
                "panel": p["id"],
                "title": p["title"],
                "due": due and due.isoformat(),
                "overdue": bool(due and today > due),
            }
        )
    return {"sessions": len(panels), "received": len(received & {p["id"] for p in panels}), "missing": missing}


def status_line(info: dict, lang: str = "en") -> str:
    """The session reports' and the annual report's lines of `nrikit status`, in `lang`."""
    from ..i18n import N_, gettext

    lines = []
    s = info.get("session_reports") or {}
    if s.get("sessions"):
        late = [m for m in s["missing"] if m["overdue"]]
        text = "sessions   " + gettext(
            lang,
            N_("{received} of {sessions} session reports received"),
            received=s["received"],
            sessions=s["sessions"],
        )
        if s["missing"]:
            first = min((m["due"] for m in s["missing"] if m["due"]), default=None)
            text += "; " + gettext(lang, N_("{n} missing"), n=len(s["missing"]))
            if late:
                text += " " + gettext(lang, N_("({n} overdue, first due {due})"), n=len(late), due=str(first))
            text += ": " + ", ".join(m["panel"] for m in s["missing"])
        lines.append(text)
    lines.append("report     " + _report_line(info, lang))
    return "\n".join(lines)


def _report_line(info: dict, lang: str) -> str:
    from ..i18n import N_, gettext

    r = info["report"]
    if r["produced"]:
        return gettext(
            lang,
            N_("produced {produced_at} ({format}, {lang}, {path}); due {due}"),
            produced_at=r["last_produced_at"],
            format=r["format"],
            lang=r["lang"],
            path=r["path"],
            due=r["due"],
        )
    if r["overdue"]:
        return gettext(
            lang,
            N_("NOT produced; was due {due} ({days} days overdue): run `nrikit report`"),
            due=r["due"],
            days=-r["days_left"],
        )
    return gettext(lang, N_("not produced yet; due {due} (in {days} days)"), due=r["due"], days=r["days_left"])
