"""What the IGF Secretariat receives about each session: the rapporteurs' reports (`[inputs]
session_reports`, the IGF's workshop report template: session, moderator, rapporteur, key issues,
summary, way forward, date received) fill the report's session-outcomes section, are published with
consented names only, and `nrikit status` tracks the missing ones, each due two weeks after its
session. The bundled Peru 2017 example has five of its seven sessions reported (illustrative).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrikit import plugins

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def peru(tmp_path, monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()
    root = tmp_path / "peru"
    shutil.copytree(ROOT / "configs" / "peru", root, ignore=shutil.ignore_patterns(".nrikit"))
    return root


def _cli(*args, expect=0):
    from nrikit.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == expect, result.output
    return result.output


def test_session_reports_reach_the_report_the_open_data_and_the_status(peru, tmp_path):
    config = peru / "2017.toml"
    _cli("run", config)
    status = _cli("status", config)
    assert "sessions   5 of 7 session reports received; 2 missing (2 overdue, first due 2017-06-20)" in status
    assert "2017-f-p4, 2017-f-p6" in status
    info = json.loads(_cli("status", config, "--json"))["session_reports"]
    assert [m["due"] for m in info["missing"]] == ["2017-06-20", "2017-06-21"]
    _cli("publish", config, "--out", tmp_path / "site")
    pub = sqlite3.connect(tmp_path / "site" / "public.db")
    rows = pub.execute("SELECT panel_id, rapporteur_id, submitted_on FROM session_reports ORDER BY panel_id").fetchall()
    assert len(rows) == 5 and rows[0][0] == "igf-peru-2017/2017-f-p1" and rows[0][2] == "2017-06-15"
    people = {r[0] for r in pub.execute("SELECT id FROM people")}
    assert all(r[1] is None or r[1] in people for r in rows)  # a public id, and only with consent
    md = _cli("report", config, "--site", tmp_path / "site", "--lang", "es")
    section = md[md.index("### Resultados de las sesiones") :]
    assert "La relatoría informó sobre 5 de las 7 sesiones" in section
    assert "**Próximos pasos**: Publicar los datos de cobertura por distrito" in section


def test_a_report_for_an_unknown_session_fails_in_one_line_and_writes_nothing(peru):
    config = peru / "2017.toml"
    path = peru / "2017" / "session_reports.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2017-f-p3,", "2017-f-p9,", 1), encoding="utf-8")
    out = _cli("run", config, expect=1)
    line = next(x for x in out.splitlines() if "session_reports.csv" in x)
    assert "row 3 (line 4), column \"session\": unknown final panel '2017-f-p9'" in line
    ws = peru / ".nrikit" / "2017.db"
    if ws.exists():
        assert sqlite3.connect(ws).execute("SELECT count(*) FROM session_reports").fetchone()[0] == 0
