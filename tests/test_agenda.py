"""The events' agendas as iCalendar (release/agenda.ics), read back with the icalendar library:
one event per final panel with a time, named panellists only where they consented, local times
left as recorded (no invented time zone), served by `nrikit serve` with the rest of the release.
Built from the four-NRI demo (fixtures in tests/test_chart_layout.py).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import urllib.request

import icalendar
from test_chart_layout import demo, served  # noqa: F401  (fixtures)


def test_agenda_holds_every_timed_final_panel(demo):  # noqa: F811
    cal = icalendar.Calendar.from_ical((demo / "site" / "release" / "agenda.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    conn = sqlite3.connect(demo / "site" / "public.db")
    timed = conn.execute("SELECT id, title, starts FROM panels WHERE round = 'final' AND starts IS NOT NULL").fetchall()
    assert sorted(str(e["uid"]) for e in events) == sorted(f"{pid}@nrikit" for pid, _t, _s in timed)
    first = next(e for e in events if str(e["uid"]).startswith("igf-peru-2017/") and "Acceso" in str(e["summary"]))
    start = first.decoded("dtstart")
    assert start == dt.datetime(2017, 6, 6, 9, 30) and start.tzinfo is None  # floating: as recorded
    assert first.decoded("dtend") > start
    assert "Sala principal" in str(first["location"]) and "Lima" in str(first["location"])
    described = str(first["description"])
    named = {r[0] for r in conn.execute("SELECT name FROM people WHERE name IS NOT NULL")}
    assert "IGF Perú 2017" in described and any(n in described for n in named)


def test_agenda_is_served_and_linked_from_the_home_page(served):  # noqa: F811
    body = urllib.request.urlopen(served + "release/agenda.ics").read()
    assert body.startswith(b"BEGIN:VCALENDAR")
    home = urllib.request.urlopen(served).read().decode("utf-8")
    assert 'href="/release/agenda.ics"' in home
