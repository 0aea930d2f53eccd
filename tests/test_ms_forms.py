"""A Microsoft Forms registration workbook, imported from config alone.

The workbook is built here the way Microsoft's support page "View and manage responses in
Microsoft Forms" / "Open in Excel" describes the export (support.microsoft.com, Microsoft
Forms): one sheet, columns ID, Start time, Completion time, Email, Name, Last modified time,
then one column per question; a multiple-choice (multi-select) answer lists the options
joined by ";" with a trailing ";"; Email and Name read "anonymous" when not collected.
"""

from __future__ import annotations

import datetime as dt

from edition_helpers import HEAD, ok, query

ROWS = [
    # ID, start, completion, Email, Name, Last modified, Gender, Attendance, Sessions, Sector
    (1, "ana@example.org", "Ana Prueba", "Female", "In person", "Opening;Youth track;", "Civil society"),
    (2, "beto@example.org", "Beto Prueba", "Male", "Online", "Opening;", "Private sector"),
    (3, "anonymous", "anonymous", "Prefer not to say", "Online", "Youth track;", "Academia"),
    (4, "cleo@example.org", "Cleo Prueba", "Non-binary", "In person", "Opening;Closing;", "Technical community"),
    (5, "ANA@example.org", "Ana Prueba", "Female", "Online", "Closing;", "Civil society"),  # answered again
]


def workbook(path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Form1"
    ws.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "Gender",
            "How will you attend?",
            "Which sessions will you attend?",
            "Which sector do you belong to?",
        ]
    )
    for i, email, name, gender, mode, sessions, sector in ROWS:
        start = dt.datetime(2025, 5, i, 9, 0, 0)
        ws.append([i, start, start + dt.timedelta(minutes=3), email, name, "", gender, mode, sessions, sector])
    wb.save(path)


def test_ms_forms_registrations_with_people_matched_by_email(tmp_path):
    workbook(tmp_path / "registrations.xlsx")
    (tmp_path / "people.csv").write_text("id,name,email\np1,Ana Prueba,ana@example.org\n", encoding="utf-8")
    config = tmp_path / "edition.toml"
    config.write_text(
        HEAD.replace("2017", "2025")
        + '\n[inputs]\npeople = "people.csv"\n\n[inputs.attendance]\npath = "registrations.xlsx"\nformat = "xlsx"\n'
        'feeds = ["people"]\ntimezone = "UTC"\n'
        'columns = { gender = "Gender", mode = "How will you attend?", stakeholder = "Which sector do you belong to?", '
        'attended = { value = "yes" } }\nignore = ["Which sessions will you attend?"]\n',
        encoding="utf-8",
    )
    out = ok(config)
    assert "attendance     5 read, 4 imported, 1 skipped" in out  # Ana's second answer replaces her first
    rows = {r[0]: r[1:] for r in query(config, "SELECT name, email, gender, mode, person_id FROM registrations")}
    assert rows["Ana Prueba"] == ("ANA@example.org", "woman", "remote", "p1")
    assert rows[None] == (None, "not_stated", "remote", None)  # "anonymous" is no name and no address
    assert dict(query(config, "SELECT gender, count(*) FROM registrations GROUP BY 1")) == {
        "woman": 1,
        "man": 1,
        "not_stated": 1,
        "non_binary": 1,
    }
    assert dict(query(config, "SELECT stakeholder, count(*) FROM registrations GROUP BY 1")) == {
        "civil_society": 1,
        "private_sector": 1,
        "academia": 1,
        "technical_community": 1,
    }
    assert dict(query(config, "SELECT key, value FROM event_facts WHERE key LIKE 'attend%'"))["attendees"] == "4"
