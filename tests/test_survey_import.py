"""Large survey imports: the bulk path and the line-by-line path agree, and every anomaly
falls back to the line-by-line path, which words the error exactly."""

from __future__ import annotations

import sqlite3

import pytest
from edition_helpers import fails_unchanged, make_edition, ok, run, state, workspace

import nrikit.importers.bulk as bulk

TOPICS = "id,title\nt01,Uno\nt02,Dos\nt03,Tres\n"
GROUPS = ("Sociedad civil", "Academia", "Comunidad técnica", "Gobierno")


def survey(n=300):
    rows = ["id,submitted_at,stakeholder,choices"]
    for i in range(n):
        rows.append(
            f"s{i:04d},2017-04-{10 + i % 18:02d}T{10 + i % 13:02d}:{i % 60:02d}:00Z,{GROUPS[i % 4]},"
            + ";".join(["t01", "t02", "t03"][: 1 + i % 3])
        )
    return "\n".join(rows) + "\n"


@pytest.fixture
def paths(monkeypatch):
    """Record which path each import took."""
    taken = []
    original = bulk.import_ballots

    def spy(*args):
        result = original(*args)
        taken.append("bulk" if result is not None else "lines")
        return result

    monkeypatch.setattr(bulk, "import_ballots", spy)
    return taken


def contents(config):
    conn = sqlite3.connect(str(workspace(config)))
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("survey_ballots", "survey_tally", "topic_decisions")
        }
    finally:
        conn.close()


def test_bulk_and_line_by_line_store_the_same(tmp_path, monkeypatch, paths):
    results = {}
    for mode in ("bulk", "lines"):
        folder = tmp_path / mode
        folder.mkdir()
        config = make_edition(folder, {"topics": TOPICS, "survey": survey()})
        if mode == "lines":
            monkeypatch.setattr(bulk, "applicable", lambda s: False)
        result = run("run", config)
        assert result.exit_code == 0, result.output
        assert "survey         300 read, 300 imported, 0 skipped" in result.output
        results[mode] = contents(config)
    assert paths == ["bulk", "lines"]
    assert results["bulk"] == results["lines"]
    assert results["bulk"]["survey_ballots"][0] == ("s0000", "2017-04-10T10:00:00Z", "civil_society", '["t01"]')


@pytest.mark.parametrize(
    "case, bad_tail, expected",
    [
        (
            "unknown topic",
            "s9999,2017-04-10T10:00:00Z,Academia,t09\n",
            "{path}: row 301 (line 302), column \"choices\": unknown topic 't09'; topics: t01, t02, t03; "
            'map an option with values.choices = {{ "t09" = "TOPIC ID" }}',
        ),
        (
            "bad id",
            "s 99,2017-04-10T10:00:00Z,Academia,t01\n",
            "{path}: row 301 (line 302), column \"id\": 's 99' is not a valid identifier; use letters, digits, '-', '_' "
            "or '.', starting with a letter or digit",
        ),
        (
            "duplicate id",
            "s0007,2017-04-10T10:00:00Z,Academia,t01\n",
            "{path}: row 301 (line 302), column \"id\": duplicate ballot id 's0007'",
        ),
        (
            "impossible date",
            "s9999,2017-02-30T10:00:00Z,Academia,t01\n",
            "{path}: row 301 (line 302), column \"submitted_at\": '2017-02-30T10:00:00Z' is not a real date and time "
            "(day is out of range for month)",
        ),
        (
            "unknown group",
            "s9999,2017-04-10T10:00:00Z,Iglesia,t01\n",
            "{path}: row 301 (line 302), column \"stakeholder\": unknown stakeholder group 'Iglesia'; allowed: "
            "government (Government), private_sector (Private sector), civil_society (Civil society), technical_community "
            "(Technical community), academia (Academia), intergovernmental (Intergovernmental organisations); or add it "
            "under [stakeholders] synonyms or this input's values.stakeholder",
        ),
        (
            "ragged",
            "s9999,2017-04-10T10:00:00Z,Academia\n",
            "{path}: row 301 (line 302): expected 4 fields (as in the header), found 3",
        ),
        (
            "ragged, long",
            "s9999,2017-04-10T10:00:00Z,Academia,t01,t02\n",
            "{path}: row 301 (line 302): expected 4 fields (as in the header), found 5",
        ),
        (
            "impossible hour",
            "s9999,2017-04-10T24:00:00Z,Academia,t01\n",
            "{path}: row 301 (line 302), column \"submitted_at\": '2017-04-10T24:00:00Z' is not a real date and time "
            "(hour must be in 0..23)",
        ),
        (
            "NUL",
            "s9999,2017-04-10T10:00:00Z,Acad\x00emia,t01\n",
            "{path}: line 302: NUL byte at character 32; the file may be UTF-16 without a byte-order mark: "
            'set encoding = "utf-16-le" under [inputs.survey] (like --encoding utf-16-le)',
        ),
    ],
)
def test_a_bad_last_ballot_is_named_exactly_and_nothing_is_written(tmp_path, case, bad_tail, expected, paths):
    config = make_edition(tmp_path, {"topics": TOPICS, "survey": survey()})
    fails_unchanged(config, "survey", survey() + bad_tail, expected)
    assert paths == ["bulk", "lines"]  # the good file in bulk; the bad one explained line by line


def test_blank_rows_and_cleaning_fall_back_and_are_counted(tmp_path, paths):
    text = survey().replace("Academia", "Academia\u00a0", 1) + ",,,\n\n"
    config = make_edition(tmp_path, {"topics": TOPICS, "survey": text})
    result = run("run", config)
    assert result.exit_code == 0, result.output
    assert "survey         302 read, 300 imported, 2 skipped (2 blank row)" in result.output
    assert paths == ["lines"]
    conn = sqlite3.connect(str(workspace(config)))
    assert conn.execute("SELECT count(*) FROM survey_ballots WHERE stakeholder = 'academia'").fetchone() == (75,)


def test_an_empty_line_in_a_clean_file_is_counted(tmp_path, paths):
    lines = survey().splitlines(keepends=True)
    config = make_edition(tmp_path, {"topics": TOPICS, "survey": "".join(lines[:100] + ["\n"] + lines[100:])})
    result = run("run", config)
    assert result.exit_code == 0, result.output
    assert "survey         301 read, 300 imported, 1 skipped (1 blank row)" in result.output
    assert paths == ["lines"]


def test_foreign_keys_hold_after_a_bulk_import(tmp_path, paths):
    config = make_edition(tmp_path, {"topics": TOPICS, "survey": survey()})
    assert run("run", config).exit_code == 0
    conn = sqlite3.connect(str(workspace(config)))
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert paths == ["bulk"]


# Odd values at the edges of each column's checks: the bulk path must store exactly what
# the line-by-line path stores, or fail with exactly its message (by falling back to it).
EDGES = (
    [("id", v) for v in ("s-1.x_2", "a" * 81, "a" * 82, "sé1", "")]
    + [
        ("submitted_at", v)
        for v in (
            "",
            " 2017-04-10T10:00:00Z",
            "2017-04-10",
            "2017-04-10T10:00:00+00:00",
            "2017-04-10T10:00:60Z",
            "0000-04-10T10:00:00Z",
            "2017-04-10T10:00:00z",
        )
    ]
    + [("stakeholder", v) for v in ("", "ACADEMIA", '"Academia, x"')]
    + [("choices", v) for v in ("", "t01|t02", "t01; t02", "t01;t01", "t01;")]
)


@pytest.mark.parametrize("column, value", EDGES)
def test_bulk_and_line_by_line_agree_on_odd_values(tmp_path, monkeypatch, column, value):
    outcome = {}
    for mode in ("bulk", "lines"):
        folder = tmp_path / mode
        folder.mkdir()
        lines = survey().splitlines()
        cells = lines[150].split(",")
        cells[lines[0].split(",").index(column)] = value
        lines[150] = ",".join(cells)
        config = make_edition(folder, {"topics": TOPICS, "survey": "\n".join(lines) + "\n"})
        if mode == "lines":
            monkeypatch.setattr(bulk, "applicable", lambda s: False)
        result = run("run", config)
        outcome[mode] = (
            result.exit_code,
            result.output.replace(str(folder), "DIR"),
            contents(config)["survey_ballots"] if result.exit_code == 0 else None,
        )
    assert outcome["bulk"] == outcome["lines"]


# What real exports hold, in one file that the bulk path takes (so its fix-ups run): a
# byte-order mark and CRLF line ends (Excel's "CSV UTF-8"), a cell typed with Alt+Enter (a
# quoted newline), a blank ballot, topics named by title, "|" and "; " separators, and the
# same ballot many times. The rows follow tests/fixtures/exports' Google Forms / plain CSV
# shape: id, ISO time, the group's label, the choices.
ODD_ROWS = [
    "s9001,2017-04-10T10:00:00Z,Academia,t01;t02",
    's9002,2017-04-10T10:00:00Z,Academia,"t01;\r\nt03"',
    "s9003,,Gobierno,",
    "s9004,2017-04-11T09:30:00Z,Sociedad civil,Uno;Tres",
    "s9005,2017-04-11T09:30:00Z,Sociedad civil,t01|t02",
    "s9006,2017-04-11T09:30:00Z,Sociedad civil,t02; t03",
    *[f"s91{i:02d},2017-04-12T08:00:{i:02d}Z,Comunidad técnica,t03;t01" for i in range(20)],
]


def odd_survey(extra=()):
    lines = survey().splitlines()
    return "\ufeff" + "\r\n".join(lines[:100] + ODD_ROWS + lines[100:] + list(extra)) + "\r\n"


@pytest.mark.parametrize("spill", [None, 3], ids=["counts in memory", "counts spilled every 3 distinct"])
def test_bulk_and_line_by_line_agree_on_a_file_with_every_oddity(tmp_path, monkeypatch, paths, spill):
    if spill:
        monkeypatch.setattr(bulk, "SPILL", spill)
    outcome = {}
    for mode in ("bulk", "lines"):
        folder = tmp_path / mode
        folder.mkdir()
        config = make_edition(folder, {"topics": TOPICS, "survey": odd_survey()})
        if mode == "lines":
            monkeypatch.setattr(bulk, "applicable", lambda s: False)
        result = run("run", config)
        assert result.exit_code == 0, result.output
        outcome[mode] = (result.output.replace(str(folder), "DIR"), contents(config))
    assert paths == ["bulk", "lines"]  # the bulk path took the file, fix-ups and all
    assert outcome["bulk"] == outcome["lines"]
    ballots = {b[0]: b[3] for b in outcome["bulk"][1]["survey_ballots"]}
    assert ballots["s9002"] == '["t01", "t03"]' and ballots["s9003"] == "[]" and ballots["s9004"] == '["t01", "t03"]'
    assert f"survey         {300 + len(ODD_ROWS)} read, {300 + len(ODD_ROWS)} imported" in outcome["bulk"][0]


@pytest.mark.parametrize(
    "bad, column",
    [
        ('s9999,2017-04-10T10:00:00Z,Academia,"t01;\r\nt01"', "choices"),  # a topic twice, across a quoted newline
        ("s9999,2017-04-10T10:00:00Z,Academia,Uno;Cuatro", "choices"),  # an unknown title
        ("s9999,2017-04-31T10:00:00Z,Academia,t01", "submitted_at"),
    ],
)
def test_a_bad_ballot_among_oddities_is_named_and_nothing_is_written(tmp_path, monkeypatch, paths, bad, column):
    """Whichever path meets it, the error names file, row, line and column, the same words
    both ways, and the workspace is as it was."""
    outputs = []
    for mode in ("bulk", "lines"):
        folder = tmp_path / mode
        folder.mkdir()
        config = make_edition(folder, {"topics": TOPICS, "survey": odd_survey()})
        if mode == "lines":
            monkeypatch.setattr(bulk, "applicable", lambda s: False)
        assert run("run", config).exit_code == 0
        before = state(workspace(config))
        (folder / "survey.csv").write_text(odd_survey([bad]), encoding="utf-8", newline="")
        result = run("run", config)
        assert result.exit_code == 1, result.output
        assert state(workspace(config)) == before
        row = 300 + len(ODD_ROWS) + 1
        assert f'row {row} (line {row + 2}), column "{column}"' in result.output  # +1 header, +1 quoted newline
        outputs.append(result.output.replace(str(folder), "DIR"))
    assert outputs[0] == outputs[1]
    assert paths == ["bulk", "lines", "lines", "lines"]  # the good file in bulk; the bad one fell back


def test_generated_ballots_import_the_same_in_both_layouts_and_both_paths(tmp_path, monkeypatch, paths):
    """`nrikit generate` writes the same ballots as one choices column and as a LimeSurvey wide
    export: the tally, the decisions and the ballots (group, choices) come out the same, by the
    bulk path and by the line-by-line path."""
    results = {}
    for layout, mode in (("csv", "bulk"), ("limesurvey", "bulk"), ("limesurvey", "lines")):
        folder = tmp_path / f"{layout}-{mode}"
        out = run(
            "generate", "--size", "nri", "--seed", "5", "--no-compose", "--survey-layout", layout, "--out", folder
        )
        assert out.exit_code == 0, out.output
        config = folder / "nri-5.toml"
        if mode == "lines":
            monkeypatch.setattr(bulk, "wide_applicable", lambda s: False)
        output = ok(config)
        assert "2000 imported" in output
        found = contents(config)
        results[(layout, mode)] = (
            found["survey_tally"],
            found["topic_decisions"],
            sorted((b[2], b[3]) for b in found["survey_ballots"]),
            sorted(b[1] for b in found["survey_ballots"]) if layout == "limesurvey" else None,
        )
    assert paths == ["bulk", "bulk", "lines"]
    assert results[("limesurvey", "bulk")] == results[("limesurvey", "lines")]
    assert results[("csv", "bulk")][:3] == results[("limesurvey", "bulk")][:3]
    assert len(set(results[("csv", "bulk")][2])) > 1000  # diverse ballots, as real surveys' are
