"""Each importer on a fixture written to mirror the real tool's export."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
from edition_helpers import make_edition, ok, query, run, state, workspace

import nrikit.plugins

ROOT = Path(__file__).resolve().parents[1]


TOPICS = 'id,title\nt01,Access and connectivity\nt02,"Privacy, data protection and security"\nt03,Online harms\n'


# -- Google Forms ---------------------------------------------------------------------------


def test_google_forms_english_survey_with_checkbox_answers(tmp_path):
    survey = (
        "Timestamp,Email Address,Which topics should the forum discuss?,Which sector are you from?\n"
        '4/18/2017 14:49:46,a@example.org,"Access and connectivity, Privacy, data protection and security",Civil society\n'
        "4/19/2017 9:01:02,b@example.org,Online harms,Academia\n"
        '4/20/2017 23:30:00,c@example.org,"Privacy, data protection and security, Online harms",Government\n'
    )
    config = make_edition(
        tmp_path,
        {"topics": TOPICS, "survey": survey},
        {
            "survey": {
                "format": "google_forms",
                "date_format": "%m/%d/%Y %H:%M:%S",
                "timezone": "America/Lima",
                "columns": {
                    "choices": "Which topics should the forum discuss?",
                    "stakeholder": "Which sector are you from?",
                },
                "values": {
                    "choices": {
                        "Access and connectivity": "t01",
                        "Privacy, data protection and security": "t02",
                        "Online harms": "t03",
                    }
                },
            }
        },
    )
    ok(config)
    assert query(config, "SELECT id, submitted_at, stakeholder, choices FROM survey_ballots ORDER BY id") == [
        ("gf-00001", "2017-04-18T19:49:46Z", "civil_society", '["t01", "t02"]'),
        ("gf-00002", "2017-04-19T14:01:02Z", "academia", '["t03"]'),
        ("gf-00003", "2017-04-21T04:30:00Z", "government", '["t02", "t03"]'),
    ]
    assert query(config, "SELECT topic_id, score FROM survey_tally ORDER BY topic_id") == [
        ("t01", 1.0),
        ("t02", 2.0),
        ("t03", 2.0),
    ]


def test_google_forms_portuguese_headers(tmp_path):
    data = (
        "Carimbo de data/hora,Endereço de e-mail,Nome,Gênero,Setor\n"
        "18/04/2017 14:49:46,ana@example.org,Ana,Mulher,Sociedade civil\n"
    )
    config = make_edition(
        tmp_path,
        {"attendance": data},
        {
            "attendance": {
                "format": "google_forms",
                "date_format": "%d/%m/%Y %H:%M:%S",
                "timezone": "GMT-3",
                "columns": {"name": "Nome", "gender": "Gênero", "stakeholder": "Setor"},
            }
        },
    )
    ok(config)
    assert query(config, "SELECT id, name, email, gender, stakeholder FROM registrations") == [
        ("gf-00001", "Ana", "ana@example.org", "woman", "civil_society")
    ]


def test_google_forms_format_on_another_export_is_an_error(tmp_path):
    config = make_edition(tmp_path, {"attendance": "id,name\nr1,Ana\n"}, {"attendance": {"format": "google_forms"}})
    result = run("run", config)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f'Error: {tmp_path / "attendance.csv"}: line 1: no "Timestamp" / "Marca temporal" '
        'column: this does not look like a Google Forms export; use format = "csv" with '
        "a columns mapping instead"
    )


def test_peru_registrations_from_a_google_forms_export_give_the_same_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    nrikit.plugins.reset()
    shutil.copytree(ROOT / "configs" / "peru", tmp_path / "peru", ignore=shutil.ignore_patterns(".nrikit"))
    figures = {}
    for name in ("2017", "2017-google-forms"):
        config = tmp_path / "peru" / f"{name}.toml"
        output = ok(config)
        figures[name] = dict(query(config, "SELECT key, value FROM event_facts"))
    assert "attendance     195 read, 193 imported, 2 skipped" in output
    assert figures["2017"] == figures["2017-google-forms"]
    assert (figures["2017"]["attendees"], figures["2017"]["attendees_men"], figures["2017"]["attendees_women"]) == (
        "173",
        "105",
        "68",
    )


# -- LimeSurvey -----------------------------------------------------------------------------

LIMESURVEY = (
    "id,token,submitdate,lastpage,startlanguage,seed,startdate,datestamp,ipaddr,refurl,726613X995X33066,726613X995X33067\n"
    "1,tok123secret,2017-04-18 14:49:46,3,es,1234,2017-04-18 14:40:00,2017-04-18 14:49:46,203.0.113.45,"
    "https://t.co/abc,Sociedad civil,t01;t02\n"
    "2,tokSECRET2,,1,es,5678,2017-04-18 15:00:00,2017-04-18 15:01:00,198.51.100.7,https://t.co/def,Academia,\n"
    "3,tokSECRET3,2017-04-19 09:00:00,3,es,9012,2017-04-19 08:55:00,2017-04-19 09:00:00,192.0.2.99,,Gobierno,t03\n"
)


def test_limesurvey_drops_identifiers_and_excludes_incomplete_responses(tmp_path):
    config = make_edition(
        tmp_path,
        {"topics": TOPICS, "survey": LIMESURVEY},
        {
            "survey": {
                "format": "limesurvey",
                "timezone": "America/Lima",
                "columns": {"stakeholder": "726613X995X33066", "choices": "726613X995X33067"},
                "values": {"stakeholder": {"Sociedad civil": "civil_society", "Gobierno": "government"}},
            }
        },
    )
    output = ok(config)
    assert query(config, "SELECT id, submitted_at, stakeholder, choices FROM survey_ballots ORDER BY id") == [
        ("1", "2017-04-18T19:49:46Z", "civil_society", '["t01", "t02"]'),
        ("3", "2017-04-19T14:00:00Z", "government", '["t03"]'),
    ]
    assert "survey         3 read, 2 imported, 1 skipped (1 incomplete response (no submitdate))" in output
    assert query(config, "SELECT rows_read, rows_imported, skipped FROM import_log WHERE source = 'survey'") == [
        (3, 2, '{"incomplete response (no submitdate)": 1}')
    ]
    state(workspace(config))  # checkpoint: everything is in the main file now
    stored = workspace(config).read_bytes()
    for secret in (b"203.0.113.45", b"192.0.2.99", b"tok123secret", b"tokSECRET3", b"t.co"):
        assert secret not in stored


def test_limesurvey_reader_never_returns_the_dropped_columns(tmp_path):
    from nrikit.importers.limesurvey import LimeSurveyImporter
    from nrikit.importers.suggest import _Spec

    path = tmp_path / "ls.csv"
    path.write_text(LIMESURVEY, encoding="utf-8")
    source = LimeSurveyImporter().read(_Spec(path, "limesurvey", "survey"))
    assert not {"ipaddr", "refurl", "token"} & set(source.header)
    assert all(not {"ipaddr", "refurl", "token"} & set(r.values) for r in source.records)


# -- xlsx (Microsoft Forms) ------------------------------------------------------------------


def _ms_forms_workbook(path: Path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form1"
    ws.append(
        ["ID", "Start time", "Completion time", "Email", "Name", "Gender", "Stakeholder group", "Phone", "Attended"]
    )
    ws.append(
        [
            1,
            dt.datetime(2017, 5, 2, 10, 0),
            dt.datetime(2017, 5, 2, 10, 3, 5),
            "ana@example.org",
            "Ana Prueba",
            "Woman",
            "Civil society",
            "012345678",
            True,
        ]
    )
    ws.append([None] * 9)  # a blank row left by a deleted response
    ws.append(
        [
            2,
            dt.datetime(2017, 5, 3, 11, 0),
            dt.datetime(2017, 5, 3, 11, 4),
            "beto@example.org",
            "Beto Prueba",
            "Prefer not to say",
            "Academia",
            "0051999",
            False,
        ]
    )
    wb.save(path)


def test_xlsx_microsoft_forms_export(tmp_path):
    config = make_edition(
        tmp_path,
        {"attendance": b""},
        {
            "attendance": {
                "_suffix": ".xlsx",
                "format": "xlsx",
                "columns": {"stakeholder": "Stakeholder group"},
                "ignore": ["Phone"],
            }
        },
    )
    _ms_forms_workbook(tmp_path / "attendance.xlsx")
    output = ok(config)
    assert query(config, "SELECT id, name, email, gender, stakeholder, attended FROM registrations ORDER BY id") == [
        ("1", "Ana Prueba", "ana@example.org", "woman", "civil_society", 1),
        ("2", "Beto Prueba", "beto@example.org", "not_stated", "academia", 0),
    ]
    assert "attendance     3 read, 2 imported, 1 skipped (1 blank row)" in output


def test_xlsx_keeps_text_cells_with_leading_zeros(tmp_path):
    from nrikit.importers.suggest import _Spec
    from nrikit.importers.xlsx import XlsxImporter

    path = tmp_path / "f.xlsx"
    _ms_forms_workbook(path)
    source = XlsxImporter().read(_Spec(path, "xlsx", "people"))
    assert [r.values["Phone"] for r in source.records] == ["012345678", "0051999"]
    assert source.records[0].values["Completion time"] == "2017-05-02T10:03:05"
    assert [(r.row, r.line) for r in source.records] == [(1, 2), (2, 4)]


def test_xlsx_that_is_not_a_workbook(tmp_path):
    config = make_edition(
        tmp_path, {"attendance": "id,name\nr1,Ana\n"}, {"attendance": {"_suffix": ".xlsx", "format": "xlsx"}}
    )
    result = run("run", config)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {tmp_path / 'attendance.xlsx'}: not an .xlsx file (not a zip archive); "
        'it looks like CSV: use format = "csv"'
    )


def test_help_does_not_import_openpyxl():
    code = "import sys; from nrikit.cli import cli; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- pretalx ----------------------------------------------------------------------------------

SCHEDULE = {
    "schedule": {
        "version": "1.0",
        "base_url": "https://pretalx.example.org/igf-peru-2017/schedule/",
        "conference": {
            "acronym": "igf-peru-2017",
            "title": "IGF Perú 2017",
            "start": "2017-06-06",
            "end": "2017-06-07",
            "daysCount": 2,
            "timeslot_duration": "00:15",
            "days": [
                {
                    "index": 1,
                    "date": "2017-06-06",
                    "day_start": "2017-06-06T04:00:00-05:00",
                    "day_end": "2017-06-07T03:59:00-05:00",
                    "rooms": {
                        "Auditorio": [
                            {
                                "id": 11,
                                "guid": "0b1e7c2a-0000-4000-8000-000000000011",
                                "code": "ABC7QX",
                                "logo": "",
                                "date": "2017-06-06T09:00:00-05:00",
                                "start": "09:00",
                                "duration": "01:30",
                                "room": "Auditorio",
                                "slug": "igf-peru-2017-11-acceso",
                                "url": "",
                                "title": "Acceso y conectividad",
                                "subtitle": "",
                                "track": "Acceso",
                                "type": "Panel",
                                "language": "es",
                                "abstract": "",
                                "description": "",
                                "recording_license": "",
                                "do_not_record": False,
                                "persons": [
                                    {
                                        "code": "P1AAAA",
                                        "name": "Ana Prueba",
                                        "public_name": "Ana Prueba",
                                        "biography": "Ingeniera.",
                                        "answers": [],
                                    },
                                    {
                                        "code": "P2BBBB",
                                        "name": "Beto Prueba",
                                        "public_name": "Beto Prueba",
                                        "biography": None,
                                        "answers": [],
                                    },
                                ],
                                "links": [],
                                "attachments": [],
                                "answers": [],
                            }
                        ]
                    },
                },
                {
                    "index": 2,
                    "date": "2017-06-07",
                    "day_start": "2017-06-07T04:00:00-05:00",
                    "day_end": "2017-06-08T03:59:00-05:00",
                    "rooms": {
                        "Sala 2": [
                            {
                                "id": 12,
                                "guid": "0b1e7c2a-0000-4000-8000-000000000012",
                                "code": "DEF8RY",
                                "date": "2017-06-07T11:00:00-05:00",
                                "start": "11:00",
                                "duration": "01:00",
                                "room": "Sala 2",
                                "title": "Privacidad",
                                "track": "Privacidad",
                                "type": "Panel",
                                "language": "es",
                                "persons": [
                                    {"code": "P1AAAA", "public_name": "Ana Prueba", "biography": "Ingeniera."},
                                    {"code": "P3CCCC", "public_name": "Carla Prueba", "biography": ""},
                                ],
                            }
                        ]
                    },
                },
            ],
        },
    }
}


def test_pretalx_schedule_feeds_panels_panellists_and_people(tmp_path):
    sched = json.dumps(SCHEDULE, ensure_ascii=False)
    config = make_edition(
        tmp_path,
        {"topics": TOPICS, "people": sched, "panels": sched, "panellists": sched},
        {
            "people": {"_suffix": ".json", "format": "pretalx"},
            "panels": {
                "_suffix": ".json",
                "format": "pretalx",
                "values": {"topic": {"Acceso": "t01", "Privacidad": "t02"}},
            },
            "panellists": {"_suffix": ".json", "format": "pretalx"},
        },
    )
    ok(config)
    assert query(config, "SELECT id, topic_id, round, title, starts, ends, room FROM panels ORDER BY id") == [
        (
            "ABC7QX",
            "t01",
            "final",
            "Acceso y conectividad",
            "2017-06-06T14:00:00Z",
            "2017-06-06T15:30:00Z",
            "Auditorio",
        ),
        ("DEF8RY", "t02", "final", "Privacidad", "2017-06-07T16:00:00Z", "2017-06-07T17:00:00Z", "Sala 2"),
    ]
    assert query(config, "SELECT panel_id, person_id, role FROM panellists ORDER BY 1, 2") == [
        ("ABC7QX", "P1AAAA", "speaker"),
        ("ABC7QX", "P2BBBB", "speaker"),
        ("DEF8RY", "P1AAAA", "speaker"),
        ("DEF8RY", "P3CCCC", "speaker"),
    ]
    assert query(config, "SELECT id, name, bio, consent_name FROM people ORDER BY id") == [
        ("P1AAAA", "Ana Prueba", "Ingeniera.", 0),
        ("P2BBBB", "Beto Prueba", None, 0),
        ("P3CCCC", "Carla Prueba", None, 0),
    ]


def test_pretalx_invalid_json_names_the_line(tmp_path):
    config = make_edition(
        tmp_path,
        {"panels": '{"schedule": {\n  "conference": [,]\n}}'},
        {"panels": {"_suffix": ".json", "format": "pretalx"}},
    )
    result = run("run", config)
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: {tmp_path / 'panels.json'}: line 2: invalid JSON: Expecting value; at character 18"
    )


# -- a country plugin's importer ---------------------------------------------------------------


class PipeImporter:
    """What a country plugin might add: its ministry's pipe-separated export, headers upper-case."""

    name = "ministerio"

    def read(self, spec):
        from nrikit.importers import Source
        from nrikit.importers.csvread import read_table

        table = read_table(spec.path, delimiter="|")
        source = Source.from_table(table, format=self.name)
        source.columns = {h.lower(): h for h in table.header}
        return source


class TestlandPlugin:
    from nrikit import hookimpl

    @staticmethod
    @hookimpl
    def register_importers(register):
        register(PipeImporter())


def test_a_country_plugin_adds_an_importer(tmp_path):
    from nrikit import config as config_mod
    from nrikit.pipeline import Pipeline
    from nrikit.plugins import make_plugin_manager

    pm = make_plugin_manager(load_entrypoints=False)
    pm.register(TestlandPlugin, name="testland")
    path = make_edition(
        tmp_path, {"budget": "ITEM|AMOUNT|CURRENCY\nLocal|500|PEN\n"}, {"budget": {"format": "ministerio"}}
    )
    edition = config_mod.load(path, pm=pm)
    pipeline = Pipeline(edition, pm=pm)
    outcomes = pipeline.run()
    event = next(o for o in outcomes if o.stage == "event")
    assert event.imports[0]["format"] == "ministerio"
    assert list(pipeline.db.query("SELECT item, amount, currency FROM budget_lines")) == [
        {"item": "Local", "amount": 500.0, "currency": "PEN"}
    ]


# -- idempotency, replacement, audit ------------------------------------------------------------

REGS = (
    "id,name,email,gender,stakeholder,mode,attended\n"
    "r1,Ana,ana@example.org,woman,academia,in_person,yes\n"
    "r2,Beto,beto@example.org,man,academia,in_person,yes\n"
    "r3,Carla,carla@example.org,woman,academia,remote,yes\n"
)


def test_same_file_twice_is_a_no_op(tmp_path):
    config = make_edition(tmp_path, {"attendance": REGS})
    ok(config)
    before = state(workspace(config))[2]
    output = ok(config)
    assert "event      unchanged (same inputs)" in output
    after = state(workspace(config))[2]
    assert {k: v for k, v in after.items() if k != "stage_runs"} == {
        k: v for k, v in before.items() if k != "stage_runs"
    }
    assert len(after["import_log"]) == 1


def test_a_corrected_file_replaces_the_sources_rows_with_an_audit_entry(tmp_path):
    config = make_edition(tmp_path, {"attendance": REGS})
    ok(config)
    import hashlib

    old_sha = hashlib.sha256((tmp_path / "attendance.csv").read_bytes()).hexdigest()
    corrected = REGS.replace("r2,Beto,beto@example.org,man,academia,in_person,yes\n", "")
    (tmp_path / "attendance.csv").write_text(corrected, encoding="utf-8")
    output = ok(config)
    assert "attendance     2 read, 2 imported, 0 skipped; replaced the rows of the previous file" in output
    assert query(config, "SELECT id FROM registrations ORDER BY id") == [("r1",), ("r3",)]
    log = query(config, "SELECT action, previous_sha256, rows_imported, sha256 FROM import_log ORDER BY id")
    new_sha = hashlib.sha256(corrected.encode()).hexdigest()
    assert log == [("import", None, 3, old_sha), ("replace", old_sha, 2, new_sha)]
    with pytest.raises(sqlite3.IntegrityError):
        conn = sqlite3.connect(str(workspace(config)))
        conn.execute("DELETE FROM import_log")


def test_workspace_from_before_the_import_log_gains_it(tmp_path):
    """A workspace made before migration 0005_import_log (main's 0001-0004) gets the import log,
    its append-only triggers and registrations.gender_text when next opened."""
    from nrikit.workspace.db import migrations, open_workspace

    names = [m.name for m in migrations._migrations]
    assert len(set(names)) == len(names) and names == sorted(names), names
    assert "0005_import_log" in names  # later migrations (0006_committee...) follow it
    db = open_workspace(tmp_path / "old.db")
    db.execute("DROP TABLE import_log")
    db.execute("ALTER TABLE registrations DROP COLUMN gender_text")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_import_log'")
    db.conn.close()
    reopened = open_workspace(tmp_path / "old.db")
    assert "gender_text" in reopened["registrations"].columns_dict
    assert [c.name for c in reopened["import_log"].columns][:3] == ["id", "ts_utc", "stage"]
    reopened["import_log"].insert({"stage": "event", "source": "attendance"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        reopened.execute("DELETE FROM import_log")


# -- progress ---------------------------------------------------------------------------------


class FakeTTY:
    def __init__(self, tty):
        self.tty, self.text = tty, ""

    def isatty(self):
        return self.tty

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_progress_only_on_a_terminal(monkeypatch):
    from nrikit import progress

    monkeypatch.delenv("NRIKIT_NO_PROGRESS", raising=False)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    for tty, expect in ((True, True), (False, False)):
        stream = FakeTTY(tty)
        p = progress.Progress("reading survey.csv", stream=stream)
        for _ in range(5000):
            p.tick()
        p.done()
        assert ("reading survey.csv: 5,000 rows\n" in stream.text) is expect
        assert ("\rreading survey.csv: 1,024 rows" in stream.text) is expect


def test_run_prints_no_progress_when_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.delenv("NRIKIT_NO_PROGRESS", raising=False)
    survey = "id,choices\n" + "".join(f"s{i},t01\n" for i in range(3000))
    config = make_edition(tmp_path, {"topics": TOPICS, "survey": survey})
    output = ok(config)
    assert " rows" not in output.replace("rows,", "")


# -- nrikit inputs ------------------------------------------------------------------------------


def test_inputs_check_reads_everything_and_writes_nothing(tmp_path):
    config = make_edition(tmp_path, {"attendance": REGS, "topics": TOPICS, "survey": "id,choices\ns1,t01\n"})
    result = run("inputs", "check", config)
    assert result.exit_code == 0, result.output
    assert "attendance     3 read, 3 imported, 0 skipped" in result.output
    assert result.output.strip().endswith("all 3 inputs ok; nothing was written")
    assert not (tmp_path / ".nrikit").exists()


def test_inputs_check_lists_every_bad_input(tmp_path):
    config = make_edition(tmp_path, {"attendance": REGS, "topics": TOPICS, "budget": "item,amount\n"})
    (tmp_path / "attendance.csv").write_bytes(b"")
    result = run("inputs", "check", config)
    assert result.exit_code == 1
    assert f"attendance: error: {tmp_path / 'attendance.csv'}: file is empty" in result.output
    assert f"budget: error: {tmp_path / 'budget.csv'}: no data rows after the header" in result.output
    assert "Error: 2 of 3 inputs cannot be read; nothing was written" in result.output
    assert not (tmp_path / ".nrikit").exists()


def test_inputs_check_lists_every_bad_value_not_only_the_first(tmp_path):
    regs = REGS.replace(
        "r2,Beto,beto@example.org,man,academia,in_person", "r2,Beto,beto@example.org,man,academia,teleport"
    )
    config = make_edition(tmp_path, {"attendance": regs, "topics": TOPICS, "survey": "id,choices\ns1,t09\n"})
    result = run("inputs", "check", config)
    assert result.exit_code == 1
    assert "survey: error:" in result.output and "unknown topic 't09'" in result.output
    assert "event: error:" in result.output and "teleport" in result.output, result.output
    assert "2 of " in result.output and "stages found bad values; nothing was written" in result.output
    assert not (tmp_path / ".nrikit").exists() and not Path(":memory:").exists()


def test_inputs_check_names_a_missing_file_a_folder_a_fifo_and_a_symlink_loop(tmp_path):
    import os

    config = make_edition(
        tmp_path, {"attendance": REGS, "topics": TOPICS, "survey": "id,choices\ns1,t01\n", "budget": "item,amount\n"}
    )
    (tmp_path / "attendance.csv").unlink()
    (tmp_path / "topics.csv").unlink()
    (tmp_path / "topics.csv").mkdir()
    (tmp_path / "survey.csv").unlink()
    os.mkfifo(tmp_path / "survey.csv")
    (tmp_path / "budget.csv").unlink()
    (tmp_path / "loop").symlink_to(tmp_path / "budget.csv")
    (tmp_path / "budget.csv").symlink_to(tmp_path / "loop")
    result = run("inputs", "check", config)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        f"attendance: error: {config}: inputs.attendance: file not found: {tmp_path / 'attendance.csv'}"
        in result.output
    )
    assert "topics.csv is a folder, not a file" in result.output
    assert "survey.csv is a named pipe (FIFO), not a file" in result.output
    assert "budget.csv is a symbolic link loop" in result.output
    assert "4 of 4 inputs cannot be read" in result.output
    for command in ("validate", "run"):  # the same words, on one line, from the other commands
        out = run(command, config)
        assert out.exit_code == 1 and len(out.output.strip().splitlines()) == 1, out.output
        assert "file not found" in out.output


def test_inputs_check_runs_cross_file_checks(tmp_path):
    config = make_edition(tmp_path, {"topics": TOPICS, "survey": "id,choices\ns1,t09\n"})
    result = run("inputs", "check", config)
    assert result.exit_code == 1
    assert "column \"choices\": unknown topic 't09'" in result.output
    assert not (tmp_path / ".nrikit").exists()


def test_inputs_suggest_for_a_spanish_google_forms_export():
    export = ROOT / "configs" / "peru" / "2017" / "forms" / "registrations-google-forms.csv"
    result = run("inputs", "suggest", export)
    assert result.exit_code == 0, result.output
    parsed = tomllib.loads(result.output)["inputs"]["attendance"]
    assert parsed["format"] == "google_forms"
    assert parsed["date_format"] == "%d/%m/%Y %I:%M:%S %p"
    assert parsed["columns"] == {
        "name": "Nombre y apellidos",
        "gender": "Género",
        "stakeholder": "¿A qué sector pertenece?",
        "mode": "Modalidad de participación",
        "attended": "Asistió",
    }
    assert parsed["values"]["mode"] == {"Presencial": "in_person", "Virtual (transmisión en vivo)": "remote"}
    # pasted into the Peru config, it is the mapping 2017-google-forms.toml uses
    peru = tomllib.loads((ROOT / "configs" / "peru" / "2017-google-forms.toml").read_text(encoding="utf-8"))
    mine = peru["inputs"]["attendance"]
    assert {k: mine[k] for k in ("format", "date_format", "columns", "values")} == {
        k: parsed[k] for k in ("format", "date_format", "columns", "values")
    }


def test_inputs_suggest_a_cp1252_semicolon_export(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Nombre;Correo;Sector;Género\nAna Católica;ana@example.org;ONG;Mujer\n".encode("cp1252"))
    result = run("inputs", "suggest", path, "--as", "attendance")
    assert result.exit_code == 0, result.output
    parsed = tomllib.loads(result.output)["inputs"]["attendance"]
    assert parsed["encoding"] == "cp1252" and parsed["delimiter"] == ";"
    assert parsed["columns"] == {"name": "Nombre", "email": "Correo", "stakeholder": "Sector", "gender": "Género"}


# -- counting large surveys -----------------------------------------------------------------


@pytest.mark.parametrize("method", ["plurality", "approval", "borda", "schulze"])
def test_counting_identical_ballots_once_gives_the_same_result(method):
    import random
    from collections import Counter

    from nrikit import tally

    rng = random.Random(method)
    options = [f"t{i}" for i in range(6)]
    ballots = [tuple(rng.sample(options, rng.randint(0, 4))) for _ in range(400)]
    expanded = tally.METHODS[method].count(ballots, options)
    counted = tally.METHODS[method].count(Counter(ballots), options)
    assert counted == expanded


def test_bulk_import_shows_progress_on_a_terminal(tmp_path, monkeypatch):
    """A bulk survey import reports how far through the file it is, on a terminal only."""
    from nrikit import progress
    from nrikit.importers import bulk

    monkeypatch.delenv("NRIKIT_NO_PROGRESS", raising=False)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    stream = FakeTTY(True)
    monkeypatch.setattr(progress.sys, "stderr", stream)
    taken = []
    original = bulk.import_ballots
    monkeypatch.setattr(bulk, "import_ballots", lambda *a: taken.append(1) or original(*a))
    survey = "id,choices\n" + "".join(f"s{i},t01\n" for i in range(20000))
    config = make_edition(tmp_path, {"topics": TOPICS, "survey": survey})
    from nrikit import config as config_mod
    from nrikit.pipeline import Pipeline

    Pipeline(config_mod.load(config)).run()  # not through CliRunner, which replaces stderr
    assert taken and "\rreading survey.csv: " in stream.text and "%" in stream.text
    assert stream.text.endswith("reading survey.csv: done\n")


def test_a_plugin_registered_later_replaces_an_importer_of_the_same_name():
    """Later plugins replace earlier ones: the built-in csv importer replaces the core one,
    and a country plugin's "csv" would replace both (pluggy lists hooks in registration order)."""
    from nrikit.importers.generic_csv import CsvImporter
    from nrikit.plugins import collect, make_plugin_manager

    pm = make_plugin_manager(load_entrypoints=False)
    assert isinstance(collect(pm, "register_importers")["csv"][1], CsvImporter)

    class Replacement:
        name = "csv"

    class Country:
        from nrikit import hookimpl

        @staticmethod
        @hookimpl
        def register_importers(register):
            register(Replacement())

    pm.register(Country, name="country")
    plugin, importer = collect(pm, "register_importers")["csv"]
    assert plugin == "country" and isinstance(importer, Replacement)
