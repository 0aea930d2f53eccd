"""The events' agendas as iCalendar (RFC 5545), published with the open data as release/agenda.ics.

One VEVENT per final panel that has a start time, built from public.db only (so it holds nothing
the site does not): title, room, venue and city, the panellists who consented to be named, and
the edition. Times are written as the event recorded them, local and without a time zone
("floating" in RFC 5545): nrikit does not know the venue's zone, and guessing one would move
every session. A panel without a recorded time is left out rather than given one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

PRODID = "-//nrikit//NRI agenda//EN"


def _when(value: str | None) -> dt.datetime | dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    except ValueError:
        return None


def build_calendar(db_path: Path, title: str) -> bytes:
    """The iCalendar text of every edition's final panels in public.db."""
    import icalendar

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        names: dict[str, list[str]] = {}
        for r in conn.execute(
            "SELECT pp.panel_id, p.name, pp.role FROM panellists pp JOIN people p ON p.id = pp.person_id "
            "WHERE p.name IS NOT NULL ORDER BY pp.panel_id, pp.role DESC, p.name"
        ):
            names.setdefault(r["panel_id"], []).append(f"{r['name']} ({r['role'].replace('_', ' ')})")
        panels = conn.execute(
            "SELECT p.id, p.title, p.starts, p.ends, p.room, e.label, e.venue, e.city FROM panels p "
            "JOIN editions e ON e.id = p.edition_id WHERE p.round = 'final' ORDER BY p.starts, p.id"
        ).fetchall()
    finally:
        conn.close()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    for p in panels:
        start = _when(p["starts"])
        if start is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{p['id']}@nrikit")
        event.add("summary", p["title"])
        event.add("dtstart", start)
        end = _when(p["ends"])
        if end is not None and end > start:
            event.add("dtend", end)
        event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))  # fixed: a re-publish is byte-identical
        where = ", ".join(x for x in (p["room"], p["venue"], p["city"]) if x)
        if where:
            event.add("location", where)
        lines = [p["label"]]
        if names.get(p["id"]):
            lines.append("; ".join(names[p["id"]]))
        event.add("description", "\n".join(lines))
        event.add("categories", [p["label"]])
        cal.add_component(event)
    return cal.to_ical()


def write_agenda(db_path: Path, out: Path, title: str) -> Path:
    out.write_bytes(build_calendar(db_path, title))
    return out
