"""`nrikit inputs suggest FILE --config EDITION` then `nrikit run` with no edits, on the realistic
exports of tests/fixtures/exports (each fixture's source is in that folder's README and in the
tests that use it), and the exact counts per stakeholder group, gender, topic and role."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from edition_helpers import HEAD, ok, query, run

FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def suggest_and_run(tmp_path, fixture, name, extra="", as_=None):
    shutil.copy(FIXTURES / fixture, tmp_path / name)
    config = tmp_path / "edition.toml"
    config.write_text(HEAD + extra, encoding="utf-8")
    args = ["inputs", "suggest", tmp_path / name, "--config", config] + (["--as", as_] if as_ else [])
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "needs a decision" not in result.output, result.output
    config.write_text(config.read_text(encoding="utf-8") + "\n" + result.output, encoding="utf-8")
    ok(config)
    return config, result.output


def counts(config, sql):
    return dict(query(config, sql))


def test_spanish_google_forms_call(tmp_path):
    config, toml = suggest_and_run(
        tmp_path, "google-forms-es-interest.csv", "eoi.csv", "\n[call]\ndeadline = 2017-03-31\n"
    )
    assert 'feeds = ["people", "organisations"]' in toml and 'name = ["Nombre", "Apellido"]' in toml
    assert 'timezone = "America/Lima"' in toml
    assert counts(config, "SELECT stakeholder, count(*) FROM expressions_of_interest GROUP BY 1") == {
        "civil_society": 2,
        "private_sector": 1,
        "academia": 2,
        "technical_community": 1,
        "government": 1,
    }
    assert counts(config, "SELECT gender, count(*) FROM people GROUP BY 1") == {
        "woman": 2,
        "man": 3,
        "not_stated": 1,
        "non_binary": 1,
    }
    assert counts(config, "SELECT role_sought, count(*) FROM expressions_of_interest GROUP BY 1") == {
        "committee": 2,
        "speaker": 3,
        "participant": 2,
    }
    assert counts(config, "SELECT consent_name, count(*) FROM people GROUP BY 1") == {1: 5, 0: 2}
    assert query(config, "SELECT count(*) FROM organisations") == [(7,)]


def test_portuguese_proposals_form(tmp_path):
    head = HEAD.replace('country = "PE"', 'country = "BR"').replace("2017", "2025")
    shutil.copy(FIXTURES / "google-forms-pt-proposals.csv", tmp_path / "proposals.csv")
    config = tmp_path / "edition.toml"
    config.write_text(head, encoding="utf-8")
    result = run("inputs", "suggest", tmp_path / "proposals.csv", "--config", config)
    assert result.exit_code == 0 and "needs a decision" not in result.output, result.output
    assert 'timezone = "America/Sao_Paulo"' in result.output and "[inputs.topics]" in result.output
    config.write_text(head + "\n" + result.output, encoding="utf-8")
    ok(config)
    assert query(config, "SELECT count(*), count(DISTINCT proposer_id) FROM topics") == [(5, 4)]
    assert counts(config, "SELECT gender, count(*) FROM people GROUP BY 1") == {
        "woman": 1,
        "man": 1,
        "not_stated": 1,
        "non_binary": 1,
    }


def test_limesurvey_full_text_survey(tmp_path):
    (tmp_path / "topics.csv").write_text(
        "id,title\nt01,Privacidad y protección de datos\nt02,Acceso y conectividad\nt03,Ciberseguridad\n"
        "t04,Gobierno digital\n",
        encoding="utf-8",
    )
    config, toml = suggest_and_run(
        tmp_path, "limesurvey-fulltext-wide.csv", "survey.csv", '\n[inputs]\ntopics = "topics.csv"\n'
    )
    assert 'format = "limesurvey"' in toml and 'choices = "¿Qué temas deberían discutirse?"' in toml
    ballots = [json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots")]
    assert len(ballots) == 8  # two incomplete responses left out
    assert Counter(t for b in ballots for t in b) == {"t01": 3, "t02": 6, "t03": 3, "t04": 3}
    assert counts(config, "SELECT stakeholder, count(*) FROM survey_ballots GROUP BY 1") == {
        "civil_society": 3,
        "private_sector": 2,
        "academia": 1,
        "government": 1,
        "technical_community": 1,
    }


def test_an_option_code_no_topic_matches_is_left_for_a_human(tmp_path):
    (tmp_path / "topics.csv").write_text("id,title\nt01,Privacidad\n", encoding="utf-8")
    shutil.copy(FIXTURES / "limesurvey-code-wide.csv", tmp_path / "survey.csv")
    config = tmp_path / "edition.toml"
    config.write_text(HEAD + '\n[inputs]\ntopics = "topics.csv"\n', encoding="utf-8")
    result = run("inputs", "suggest", tmp_path / "survey.csv", "--config", config)
    assert '#   - option "SQ001" matches no topic id or title: map it with values.choices' in result.output
    assert 'stakeholder answer "A1": map it with values.stakeholder' in result.output


def test_ms_forms_registrations_and_an_excel_registration_list(tmp_path):
    from test_ms_forms import workbook

    workbook(tmp_path / "registrations.xlsx")
    config = tmp_path / "edition.toml"
    head = HEAD.replace("2017", "2025")
    config.write_text(head, encoding="utf-8")
    result = run("inputs", "suggest", tmp_path / "registrations.xlsx", "--config", config)
    assert result.exit_code == 0, result.output
    # no attendance column: said, not assumed
    assert "these are registrations, not attendees" in result.output
    config.write_text(head + "\n" + result.output, encoding="utf-8")
    ok(config)
    assert counts(config, "SELECT gender, count(*) FROM registrations GROUP BY 1") == {
        "woman": 1,
        "man": 1,
        "not_stated": 1,
        "non_binary": 1,
    }
    assert counts(config, "SELECT mode, count(*) FROM registrations GROUP BY 1") == {"in_person": 1, "remote": 3}
    facts = counts(config, "SELECT key, value FROM event_facts")
    assert facts["registrations"] == "4" and "attendees" not in facts

    # a list re-saved by Excel: cp1252, ";", the name in two columns, no id column
    (tmp_path / "inscritos.csv").write_bytes(
        "Nombre;Apellidos;Correo;Sexo;Modalidad;Asistió\r\n"
        "Lucía;Vargas;lucia@example.org;Femenino;Presencial;Sí\r\n"
        "José;Pérez;jose@example.org;Masculino;Virtual;No\r\n"
        "Lucía;Vargas;LUCIA@example.org;Femenino;Presencial;Sí\r\n".encode("cp1252")
    )
    config.write_text(HEAD, encoding="utf-8")
    result = run("inputs", "suggest", tmp_path / "inscritos.csv", "--config", config)
    assert 'encoding = "cp1252"' in result.output and 'name = ["Nombre", "Apellidos"]' in result.output, result.output
    config.write_text(HEAD + "\n" + result.output, encoding="utf-8")
    ok(config)
    assert counts(config, "SELECT gender, count(*) FROM registrations GROUP BY 1") == {"woman": 1, "man": 1}
    assert counts(config, "SELECT attended, count(*) FROM registrations GROUP BY 1") == {1: 1, 0: 1}


def test_limesurvey_codes_with_the_structure_file_beside_the_export(tmp_path):
    """Question-code and SGQA headings with answer codes: the .lss beside the export names them."""
    for fixture in ("limesurvey-code-wide.csv", "limesurvey-sgqa-wide.csv"):
        folder = tmp_path / fixture[:-4]
        folder.mkdir()
        shutil.copy(FIXTURES / "limesurvey-survey.lss", folder / "survey.lss")
        (folder / "topics.csv").write_text(
            "id,title\nt01,Privacidad y protección de datos\nt02,Acceso y conectividad\nt03,Ciberseguridad\n"
            "t04,Gobierno digital\n",
            encoding="utf-8",
        )
        config, toml = suggest_and_run(folder, fixture, "survey.csv", '\n[inputs]\ntopics = "topics.csv"\n')
        assert 'structure = "survey.lss"' in toml
        ballots = [json.loads(c) for (c,) in query(config, "SELECT choices FROM survey_ballots")]
        assert Counter(t for b in ballots for t in b) == {"t01": 3, "t02": 6, "t03": 3, "t04": 3}
        assert counts(config, "SELECT stakeholder, count(*) FROM survey_ballots GROUP BY 1") == {
            "civil_society": 3,
            "private_sector": 2,
            "academia": 1,
            "government": 1,
            "technical_community": 1,
        }


def test_a_real_pretalx_schedule(tmp_path):
    from test_pretalx_schedules import HEAD as SCHEDULE_HEAD
    from test_pretalx_schedules import PRETALX, RC3_TRACKS

    shutil.copy(PRETALX / "pretalx-rc3.json", tmp_path / "schedule.json")
    (tmp_path / "topics.csv").write_text(
        "id,title\n" + "".join(f"{t},{name}\n" for name, t in RC3_TRACKS.items()), encoding="utf-8"
    )
    config = tmp_path / "edition.toml"
    head = SCHEDULE_HEAD.format(start="2020-12-27", end="2020-12-30") + '\n[inputs]\ntopics = "topics.csv"\n'
    config.write_text(head, encoding="utf-8")
    result = run("inputs", "suggest", tmp_path / "schedule.json", "--config", config)
    assert result.exit_code == 0, result.output
    # the only decision: where speakers live and their consent, which a schedule does not say
    assert "the schedule does not say where speakers live" in result.output
    assert "track" not in result.output.split("needs a decision")[1]
    config.write_text(head + "\n" + result.output, encoding="utf-8")
    ok(config)
    assert query(config, "SELECT count(*) FROM panels") == [(48,)]
    assert query(config, "SELECT count(DISTINCT person_id) FROM panellists") == [(56,)]
    # sessions per topic, counted from the schedule itself
    data = json.loads((PRETALX / "pretalx-rc3.json").read_text(encoding="utf-8"))
    expected = Counter(
        RC3_TRACKS[talk["track"]]
        for day in data["schedule"]["conference"]["days"]
        for talks in day["rooms"].values()
        for talk in talks
    )
    assert counts(config, "SELECT topic_id, count(*) FROM panels GROUP BY 1") == dict(expected)
