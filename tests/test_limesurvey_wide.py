"""LimeSurvey exports in their wide layouts, imported from config alone.

The fixtures in tests/fixtures/exports/limesurvey-*.csv follow the LimeSurvey manual's
"Exporting results" page (manual.limesurvey.org/Exporting_results): CSV, every field quoted;
the fixed columns id, token, submitdate, lastpage, startlanguage, seed, startdate, datestamp,
ipaddr, refurl (or, under "Full question text" headings, Response ID, Token, Date submitted...);
a multiple-choice question as one column per option, headed `TOPICS[SQ001]` ("Question code"),
`726613X995X33060SQ001` (the SGQA codes of LimeSurvey 2) or `¿Qué temas...? [Privacidad]` (full
text), ticked as Y (or 1 / 0 with "Convert Y to 1, N to 0", or "Sí" under "Full answers");
a list question as answer codes (A1...) or full answers; a ranking question as `RANK[1]`,
`RANK[2]`... holding answer codes. Two of ten responses were abandoned (no submitdate).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from edition_helpers import HEAD, ok, query, workspace

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
TOPICS = (
    "id,title\n"
    "t01,Privacidad y protección de datos\n"
    "t02,Acceso y conectividad\n"
    "t03,Ciberseguridad\n"
    "t04,Gobierno digital\n"
)
CODES = (
    'values.choices = { SQ001 = "t01", SQ002 = "t02", SQ003 = "t03", SQ004 = "t04" }\n'
    'values.stakeholder = { A1 = "civil_society", A2 = "private_sector", A3 = "academia", A4 = "government", '
    'A5 = "technical_community" }\n'
)
LAYOUTS = {
    "limesurvey-code-wide.csv": 'columns = { choices = "TOPICS", stakeholder = "SECTOR" }\n' + CODES,
    "limesurvey-sgqa-wide.csv": 'columns = { choices = "726613X995X33060", stakeholder = "726613X995X33059" }\n'
    + CODES,
    # options named by their label: matched to the topics' titles, no mapping needed
    "limesurvey-fulltext-wide.csv": 'columns = { choices = "¿Qué temas deberían discutirse?", '
    'stakeholder = "¿A qué sector pertenece?" }\n',
}


def edition(tmp_path, fixture, mapping, extra=""):
    shutil.copy(FIXTURES / fixture, tmp_path / "survey.csv")
    (tmp_path / "topics.csv").write_text(TOPICS, encoding="utf-8")
    config = tmp_path / "edition.toml"
    config.write_text(
        HEAD + extra + '\n[inputs]\ntopics = "topics.csv"\n\n[inputs.survey]\npath = "survey.csv"\n'
        'format = "limesurvey"\n' + mapping,
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize("fixture", sorted(LAYOUTS))
def test_multiple_choice_one_column_per_option(tmp_path, fixture):
    config = edition(tmp_path, fixture, LAYOUTS[fixture])
    out = ok(config)
    assert "survey         10 read, 8 imported, 2 skipped (2 incomplete response (no submitdate))" in out
    ballots = [json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots")]
    assert Counter(t for b in ballots for t in b) == {"t01": 3, "t02": 6, "t03": 3, "t04": 3}
    assert dict(query(config, "SELECT stakeholder, count(*) FROM survey_ballots GROUP BY 1")) == {
        "civil_society": 3,
        "private_sector": 2,
        "academia": 1,
        "government": 1,
        "technical_community": 1,
    }
    # ipaddr, refurl and token never reach the workspace; nor does the free text of [other]
    raw = workspace(config).read_bytes()
    for private in (b"190.12.3.", b"igf.example.pe", b"tok001x"):
        assert private not in raw


def test_ranking_columns_in_rank_order(tmp_path):
    config = edition(
        tmp_path,
        "limesurvey-ranking.csv",
        'columns = { choices = "RANK" }\nvalues.choices = { A1 = "t01", A2 = "t02", A3 = "t03", A4 = "t04" }\n',
        extra='\n[survey]\nmethod = "borda"\n',
    )
    out = ok(config)
    assert "survey         6 read, 5 imported, 1 skipped" in out
    ballots = sorted(json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots"))
    assert ballots == sorted(
        [["t02", "t01", "t03"], ["t01", "t02"], ["t02", "t03", "t01"], ["t03", "t02", "t01"], ["t02"]]
    )


def test_an_odd_cell_in_an_option_column_is_named(tmp_path):
    config = edition(tmp_path, "limesurvey-code-wide.csv", LAYOUTS["limesurvey-code-wide.csv"])
    text = (tmp_path / "survey.csv").read_text(encoding="utf-8").replace('"A2","","Y"', '"A2","","maybe"', 1)
    (tmp_path / "survey.csv").write_text(text, encoding="utf-8")
    from edition_helpers import run

    result = run("run", config)
    assert result.exit_code == 1
    assert "column \"TOPICS[SQ002]\": unexpected answer 'maybe' in a multiple-choice column" in result.output


# -- Google Forms grids: "Question [Row]" columns ------------------------------------------------
# Google Forms help "Choose a type of question for your form" (multiple choice grid, checkbox grid)
# and "View & manage form responses": a grid exports one column per row, headed "Question [Row]".

GRID_APPROVAL = (
    "Marca temporal,¿Qué temas le interesan? [Privacidad y protección de datos],"
    "¿Qué temas le interesan? [Acceso y conectividad],¿Qué temas le interesan? [Ciberseguridad],"
    "¿Qué temas le interesan? [Gobierno digital]\r\n"
    "01/05/2017 10:00:00,Sí,No,Sí,No\r\n"
    "01/05/2017 11:00:00,No,Sí,,No\r\n"
    "02/05/2017 09:30:00,Sí,Sí,Sí,Sí\r\n"
)
GRID_RANKING = (
    "Timestamp,Rank the topics [Privacidad y protección de datos],Rank the topics [Acceso y conectividad],"
    "Rank the topics [Ciberseguridad],Rank the topics [Gobierno digital]\r\n"
    "5/1/2017 10:00:00,2nd,1st,3rd,\r\n"
    "5/1/2017 11:00:00,1st,,2nd,3rd\r\n"
)


@pytest.mark.parametrize(
    ("export", "question", "date_format", "ballots"),
    [
        (
            GRID_APPROVAL,
            "¿Qué temas le interesan?",
            "%d/%m/%Y %H:%M:%S",
            [["t01", "t02", "t03", "t04"], ["t01", "t03"], ["t02"]],
        ),
        (GRID_RANKING, "Rank the topics", "%m/%d/%Y %H:%M:%S", [["t01", "t03", "t04"], ["t02", "t01", "t03"]]),
    ],
)
def test_google_forms_grids_approval_and_ranking(tmp_path, export, question, date_format, ballots):
    config = grid_edition(tmp_path, export, question, date_format)
    ok(config)
    got = sorted(json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots"))
    assert got == sorted(ballots)


def grid_edition(tmp_path, export, question, date_format, extra=""):
    (tmp_path / "survey.csv").write_text(export, encoding="utf-8")
    (tmp_path / "topics.csv").write_text(TOPICS, encoding="utf-8")
    config = tmp_path / "edition.toml"
    config.write_text(
        HEAD + '\n[inputs]\ntopics = "topics.csv"\n\n[inputs.survey]\npath = "survey.csv"\nformat = "google_forms"\n'
        f'timezone = "America/Lima"\ndate_format = "{date_format}"\ncolumns = {{ choices = "{question}" }}\n' + extra,
        encoding="utf-8",
    )
    return config


# A checkbox grid lets a respondent tick several columns in a row: the cell holds them all, joined by ", ".
GRID_CHECKBOX = (
    "Marca temporal,¿Qué temas le interesan cada día? [Lunes],¿Qué temas le interesan cada día? [Martes]\r\n"
    '01/05/2017 10:00:00,"Privacidad y protección de datos, Ciberseguridad",Acceso y conectividad\r\n'
    '01/05/2017 11:00:00,,"Ciberseguridad, Privacidad y protección de datos"\r\n'
    '02/05/2017 09:30:00,"Alta, Media",Gobierno digital\r\n'
)
# Rows as ranks, one topic per cell: Google's usual way to ask for a ranking.
GRID_RANKED_ROWS = (
    "Timestamp,Rank the topics [1st],Rank the topics [2nd],Rank the topics [3rd]\r\n"
    "5/1/2017 10:00:00,Ciberseguridad,Privacidad y protección de datos,\r\n"
    "5/1/2017 11:00:00,Gobierno digital,Acceso y conectividad,Ciberseguridad\r\n"
)


def test_google_forms_checkbox_grid_cells_are_multi_select(tmp_path):
    question = "¿Qué temas le interesan cada día?"
    # "Alta" and "Media" are no topics: mapped by values.choices like any checkbox answer
    config = grid_edition(
        tmp_path, GRID_CHECKBOX, question, "%d/%m/%Y %H:%M:%S", 'values.choices = { Alta = "t01", Media = "t03" }\n'
    )
    ok(config)
    got = sorted(json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots"))
    assert got == sorted([["t01", "t03", "t02"], ["t03", "t01"], ["t01", "t03", "t04"]])

    # a separator of the input's own (separator = "|") splits the cells instead of ", "
    export = GRID_CHECKBOX.replace("datos, Ciber", "datos|Ciber").replace("Ciberseguridad, Priv", "Ciberseguridad|Priv")
    export = export.replace('"Alta, Media"', "Alta|Media")
    config = grid_edition(
        tmp_path,
        export,
        question,
        "%d/%m/%Y %H:%M:%S",
        'separator = "|"\nvalues.choices = { Alta = "t01", Media = "t03" }\n',
    )
    ok(config)
    assert sorted(json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots")) == got


def test_google_forms_ranking_grid_one_answer_per_cell(tmp_path):
    config = grid_edition(tmp_path, GRID_RANKED_ROWS, "Rank the topics", "%m/%d/%Y %H:%M:%S")
    ok(config)
    got = sorted(json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots"))
    assert got == sorted([["t03", "t01"], ["t04", "t02", "t03"]])

    from edition_helpers import run

    bad = GRID_RANKED_ROWS.replace(",Acceso y conectividad,", ',"Acceso y conectividad, Ciberseguridad",', 1)
    config = grid_edition(tmp_path, bad, "Rank the topics", "%m/%d/%Y %H:%M:%S")
    result = run("run", config)
    assert result.exit_code == 1
    assert (
        'survey.csv: row 2 (line 3), column "Rank the topics [2nd]": a ranking grid takes one answer per row, '
        "got 2 ('Acceso y conectividad, Ciberseguridad')" in result.output
    )
    # ranks in the cells: two ranks for one row is the same mistake
    config = grid_edition(
        tmp_path, GRID_RANKING.replace(",2nd,1st,", ',"2nd, 3rd",1st,', 1), "Rank the topics", "%m/%d/%Y %H:%M:%S"
    )
    result = run("run", config)
    assert result.exit_code == 1
    assert (
        'column "Rank the topics [Privacidad y protección de datos]": a ranking grid takes one answer per row'
        in result.output
    )


# -- the survey structure file (.lss): codes read as their labels --------------------------------
# tests/fixtures/exports/limesurvey-survey.lss follows the manual's "Display/Export survey" page
# (survey structure .lss, LimeSurvey 3+ layout); it is the survey of the wide exports above.


@pytest.mark.parametrize(
    ("fixture", "columns"),
    [
        ("limesurvey-code-wide.csv", 'columns = { choices = "TOPICS", stakeholder = "SECTOR" }\n'),
        (
            "limesurvey-sgqa-wide.csv",
            'columns = { choices = "726613X995X33060", stakeholder = "726613X995X33059" }\n',
        ),
    ],
)
def test_option_and_answer_codes_from_the_structure_file(tmp_path, fixture, columns):
    shutil.copy(FIXTURES / "limesurvey-survey.lss", tmp_path / "survey.lss")
    config = edition(tmp_path, fixture, 'structure = "survey.lss"\n' + columns)  # no values mapping at all
    ok(config)
    ballots = [json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots")]
    assert Counter(t for b in ballots for t in b) == {"t01": 3, "t02": 6, "t03": 3, "t04": 3}
    assert dict(query(config, "SELECT stakeholder, count(*) FROM survey_ballots GROUP BY 1")) == {
        "civil_society": 3,
        "private_sector": 2,
        "academia": 1,
        "government": 1,
        "technical_community": 1,
    }


# -- [other]: free text, kept out of the ballots but never dropped silently ----------------------
OTHER = {
    "limesurvey-code-wide.csv": "TOPICS[other]",  # the fixture has it: one answer, "Gobernanza de datos"
    "limesurvey-sgqa-wide.csv": "726613X995X33060other",
    "limesurvey-fulltext-wide.csv": "¿Qué temas deberían discutirse? [Other]",
}
QUESTION = {
    "limesurvey-code-wide.csv": "TOPICS",
    "limesurvey-sgqa-wide.csv": "726613X995X33060",
    "limesurvey-fulltext-wide.csv": "¿Qué temas deberían discutirse?",
}


def with_other(path, header, encoding="utf-8"):
    """The export with an [other] column answered on responses 4 and 5 (the code layout has 4's already).
    Written with a byte-order mark, the file goes through the line-by-line path instead of the bulk one."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if header not in lines[0]:
        lines = [lines[0] + f',"{header}"'] + [line + ',""' for line in lines[1:]]
        lines[4] = lines[4][:-2] + '"Gobernanza de datos"'
    lines[5] = lines[5][:-2] + '"Mi propio proyecto, Juan Pérez"'
    path.write_text("\n".join(lines) + "\n", encoding=encoding)


@pytest.mark.parametrize("fixture", sorted(LAYOUTS))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_other_answers_are_counted_out_and_reported(tmp_path, fixture, encoding):
    question, header = QUESTION[fixture], OTHER[fixture]
    config = edition(tmp_path, fixture, LAYOUTS[fixture])
    with_other(tmp_path / "survey.csv", header, encoding)
    out = ok(config)
    warning = f'2 "other" answers to {question} (column "{header}") were not counted; map them with values.choices or ignore the column'
    assert warning in out
    assert query(config, "SELECT warnings FROM import_log WHERE source = 'survey'") == [(1,)]
    ballots = [json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots")]
    assert Counter(t for b in ballots for t in b) == {"t01": 3, "t02": 6, "t03": 3, "t04": 3}
    raw = workspace(config).read_bytes()
    assert "Juan Pérez".encode() not in raw and b"Gobernanza de datos" not in raw

    # mapped through values.choices, an [other] text counts as that choice (t02); the rest is still reported
    mapped = LAYOUTS[fixture] + 'values.choices = { "Gobernanza de datos" = "t02" }\n'
    if "values.choices" in LAYOUTS[fixture]:
        mapped = LAYOUTS[fixture].replace('SQ004 = "t04" }', 'SQ004 = "t04", "Gobernanza de datos" = "t02" }')
    config = edition(tmp_path, fixture, mapped)
    with_other(tmp_path / "survey.csv", header, encoding)
    out = ok(config)
    assert f'1 "other" answer to {question} (column "{header}") was not counted' in out
    ballots = [json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots")]
    assert Counter(t for b in ballots for t in b) == {"t01": 3, "t02": 7, "t03": 3, "t04": 3}

    # listed under ignore: silent
    config = edition(tmp_path, fixture, LAYOUTS[fixture] + f"ignore = [{json.dumps(header, ensure_ascii=False)}]\n")
    with_other(tmp_path / "survey.csv", header, encoding)
    out = ok(config)
    assert '"other" answer' not in out


@pytest.mark.parametrize("fixture", sorted(LAYOUTS))
def test_bulk_and_line_by_line_agree_on_spanish_exports_with_other(tmp_path, monkeypatch, fixture):
    """The Spanish exports with an answered [Otro]/[other] column (one mapped through
    values.choices, one free text): same ballots, tally, counts and warnings either way."""
    import nrikit.importers.bulk as bulk

    taken = []
    original = bulk.import_ballots
    monkeypatch.setattr(bulk, "import_ballots", lambda *a: taken.append(r := original(*a)) or r)
    mapped = LAYOUTS[fixture] + 'values.choices = { "Gobernanza de datos" = "t02" }\n'
    if "values.choices" in LAYOUTS[fixture]:
        mapped = LAYOUTS[fixture].replace('SQ004 = "t04" }', 'SQ004 = "t04", "Gobernanza de datos" = "t02" }')
    outcome = {}
    for mode in ("bulk", "lines"):
        folder = tmp_path / mode
        folder.mkdir()
        config = edition(folder, fixture, mapped)
        with_other(folder / "survey.csv", OTHER[fixture])
        if mode == "lines":
            monkeypatch.setattr(bulk, "wide_applicable", lambda s: False)
        out = ok(config).replace(str(folder), "DIR")
        tables = {
            t: query(config, f"SELECT * FROM {t} ORDER BY 1")
            for t in ("survey_ballots", "survey_tally", "topic_decisions")
        }
        outcome[mode] = (out, tables)
    assert taken[0] is not None and taken[1] is None  # the first import was the bulk one
    assert outcome["bulk"] == outcome["lines"]
    assert "8 imported, 2 skipped" in outcome["bulk"][0]
