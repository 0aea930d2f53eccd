"""Field mapping that covers real form exports, configured in the edition alone.

The Spanish Google Forms export (tests/fixtures/exports/google-forms-es-interest.csv) follows
Google's help page "View & manage form responses" (support.google.com/docs/answer/139706):
responses downloaded as .csv, first column the timestamp ("Marca temporal" in Spanish), then the
collected e-mail address, then one column per question with a checkbox question's answers joined
by ", ". It holds a duplicate submission (same address, typed differently, later), multi-select
roles, a name split over two questions and "Prefiero no decirlo" as a gender answer.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from edition_helpers import HEAD, make_edition, ok, query, run, workspace

FIXTURES = Path(__file__).parent / "fixtures" / "exports"

EOI_PEOPLE = """
[inputs.people]
path = "eoi.csv"
format = "google_forms"
date_format = "%d/%m/%Y %H:%M:%S"
timezone = "America/Lima"
columns = { name = ["Nombre", "Apellido"], email = "Dirección de correo electrónico", gender = "Género", consent_name = "¿Autoriza la publicación de su nombre?" }
ignore = ["¿A qué sector pertenece?", "Organización", "¿Cómo le gustaría participar?", "Temas de interés"]

[inputs.interest]
path = "eoi.csv"
format = "google_forms"
date_format = "%d/%m/%Y %H:%M:%S"
timezone = "America/Lima"
columns = { person = "id", stakeholder = "¿A qué sector pertenece?", role_sought = "¿Cómo le gustaría participar?", expertise = "Temas de interés" }
ignore = ["Nombre", "Apellido", "Género", "Organización", "¿Autoriza la publicación de su nombre?"]
"""


def eoi_edition(tmp_path, extra=EOI_PEOPLE) -> Path:
    shutil.copy(FIXTURES / "google-forms-es-interest.csv", tmp_path / "eoi.csv")
    config = tmp_path / "edition.toml"
    config.write_text(HEAD + "\n[call]\ndeadline = 2017-03-31\n" + extra, encoding="utf-8")
    return config


def counts(config, sql):
    return dict(query(config, sql))


def test_spanish_google_forms_call_imports_from_config_alone(tmp_path):
    config = eoi_edition(tmp_path)
    out = ok(config)
    # 8 submissions, one an earlier one by the same person: dropped by default (e-mail column), in both inputs
    assert "people         8 read, 7 imported, 1 skipped" in out
    assert "interest       8 read, 7 imported, 1 skipped" in out
    people = {r[0]: r[1:] for r in query(config, "SELECT name, gender, consent_name, email FROM people")}
    assert set(people) == {
        "Ana Quispe Mamani",  # the latest submission wins, name joined from Nombre + Apellido
        "Luis Rojas",
        "María Torres",
        "Jorge Huamán",
        "Rosa Flores",
        "Kai Ramos",
        "Pedro Díaz",
    }
    assert people["Ana Quispe Mamani"][2] == "ANA.Quispe@Example.org"
    assert counts(config, "SELECT gender, count(*) FROM people GROUP BY 1") == {
        "woman": 2,
        "man": 3,
        "not_stated": 1,  # "Prefiero no decirlo"
        "non_binary": 1,
    }
    # "Sí, acepto" / "Sí" consent; "No" and "No, prefiero que no" do not
    assert counts(config, "SELECT consent_name, count(*) FROM people GROUP BY 1") == {1: 5, 0: 2}
    assert counts(config, "SELECT stakeholder, count(*) FROM expressions_of_interest GROUP BY 1") == {
        "civil_society": 2,
        "private_sector": 1,
        "academia": 2,
        "technical_community": 1,
        "government": 1,
    }
    # multi-select roles: the most involved one is role_sought, every one is kept
    assert counts(config, "SELECT role_sought, count(*) FROM expressions_of_interest GROUP BY 1") == {
        "committee": 2,
        "speaker": 3,
        "participant": 2,
    }
    pedro = query(
        config,
        "SELECT e.roles_sought, e.expertise FROM expressions_of_interest e JOIN people p ON p.id = e.person_id "
        "WHERE p.name = 'Pedro Díaz'",
    )[0]
    assert json.loads(pedro[0]) == ["committee", "speaker", "participant"]
    assert json.loads(pedro[1]) == ["infraestructura", "acceso"]
    # every answer links to its person through the generated response id
    assert query(config, "SELECT count(*) FROM expressions_of_interest WHERE person_id IS NULL") == [(0,)]
    logged = query(config, "SELECT source, duplicates_resolved FROM import_log ORDER BY source")
    assert ("interest", 1) in logged and ("people", 1) in logged
    assert "earlier submission by the same person" in (workspace(config).parent / "edition-summary.md").read_text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "gender = ",
            "gendre = ",
            "inputs.people.columns.gendre: unknown field 'gendre'; did you mean 'gender'?",
        ),
        (
            'columns = { person = "id"',
            'values.stakehlder = { "ONG" = "civil_society" }\ncolumns = { person = "id"',
            "inputs.interest.values.stakehlder: unknown field 'stakehlder'; did you mean 'stakeholder'?",
        ),
        (
            'ignore = ["¿A qué sector pertenece?"',
            'ignore = ["¿A qué sector pertenece", "X"',
            "inputs.people.ignore: '¿A qué sector pertenece' is not a header of eoi.csv; "
            "did you mean '¿A qué sector pertenece?'?",
        ),
    ],
)
def test_a_misspelt_field_in_the_mapping_is_an_error_with_a_suggestion(tmp_path, old, new, message):
    config = eoi_edition(tmp_path, EOI_PEOPLE.replace(old, new, 1))
    result = run("run", config)
    assert result.exit_code == 1
    assert message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not workspace(config).exists() or query(config, "SELECT count(*) FROM people") == [(0,)]


def test_dedupe_email_is_honoured_stated_off_or_missing(tmp_path):
    # dedupe = "email" on the call's answers, which have no e-mail field of their own: it used to be ignored
    config = eoi_edition(
        tmp_path, EOI_PEOPLE.replace('format = "google_forms"', 'format = "google_forms"\ndedupe = "email"')
    )
    assert "interest       8 read, 7 imported, 1 skipped" in ok(config)
    off = eoi_edition(
        tmp_path,
        EOI_PEOPLE.replace('[inputs.interest]\npath = "eoi.csv"', '[inputs.interest]\npath = "eoi.csv"\ndedupe = ""'),
    )
    out = run("run", off).output
    # the people input still dedupes, so the earlier answer's person is unknown: an error, not a guess
    assert "unknown person 'gf-00001'" in out


def test_dedupe_on_a_column_the_export_lacks_is_a_config_error(tmp_path):
    config = make_edition(
        tmp_path,
        {"attendance": "id,name\nr1,Ana\n"},
        {"attendance": {"dedupe": "email"}},
    )
    result = run("run", config)
    assert result.exit_code == 1
    assert "inputs.attendance.dedupe: dedupe = 'email' but attendance.csv has no such column" in result.output


def test_default_dedupe_by_email_on_a_plain_csv(tmp_path):
    config = make_edition(
        tmp_path,
        {
            "attendance": "id,name,Correo electrónico,attended\n"
            "r1,Ana,ana@example.org,yes\nr2,Beto,beto@example.org,no\nr3,Ana P.,Ana@Example.org ,yes\n"
        },
    )
    out = ok(config)
    assert "attendance     3 read, 2 imported, 1 skipped" in out
    assert query(config, "SELECT id, email FROM registrations ORDER BY id") == [
        ("r2", "beto@example.org"),
        ("r3", "Ana@Example.org"),
    ]


VOCAB = """id,name,gender,mode,attended,stakeholder
r01,A,Mujer,Presencial,Sí,Sociedad civil
r02,B,Homem,Remoto,Não,Terceiro setor
r03,C,Prefiero no decirlo,Virtual,Asistió,Setor privado
r04,D,Prefiro não dizer,En línea,x,Sector académico
r05,E,Prefer not to say,In person,Yes,Comunidade técnica
r06,F,Não binário,Online,No,Governo
r07,G,Female,On-site,Presente,Organismo internacional
r08,H,Prefiro não informar,presencial,sim,ONG
"""


def test_built_in_vocabularies_in_english_spanish_and_portuguese(tmp_path):
    config = make_edition(tmp_path, {"attendance": VOCAB})
    ok(config)
    rows = {r[0]: r[1:] for r in query(config, "SELECT id, gender, mode, attended, stakeholder FROM registrations")}
    assert [rows[f"r0{i}"][0] for i in range(1, 9)] == [
        "woman",
        "man",
        "not_stated",
        "not_stated",
        "not_stated",
        "non_binary",
        "woman",
        "not_stated",
    ]
    assert [rows[f"r0{i}"][1] for i in range(1, 9)] == ["in_person", "remote", "remote", "remote"] + [
        "in_person",
        "remote",
        "in_person",
        "in_person",
    ]
    assert [rows[f"r0{i}"][2] for i in range(1, 9)] == [1, 0, 1, 1, 1, 0, 1, 1]
    assert [rows[f"r0{i}"][3] for i in range(1, 9)] == [
        "civil_society",
        "civil_society",  # "Terceiro setor" is civil society, not the private sector
        "private_sector",
        "academia",
        "technical_community",
        "government",
        "intergovernmental",
        "civil_society",
    ]


def test_an_unknown_answer_names_the_codes_and_the_mapping_line(tmp_path):
    config = make_edition(tmp_path, {"attendance": "id,mode\nr1,Híbrido\n"})
    result = run("run", config)
    assert result.exit_code == 1
    assert "unknown value 'Híbrido'" in result.output
    assert 'values.mode = { "Híbrido" = "in_person" }' in result.output


def test_separators_constants_and_joined_columns_on_a_plain_csv(tmp_path):
    config = make_edition(
        tmp_path,
        {
            "people": "id,first,last\np1,Ana,Prueba\np2,Beto,\n",
            "interest": "id,who,sector,topics\ne1,p1,ONG,privacy | access\ne2,p2,academia,access\n",
        },
        {
            "people": {"columns": {"name": ["first", "last"]}},
            "interest": {
                "separator": " | ",
                "columns": {
                    "person": "who",
                    "stakeholder": "sector",
                    "expertise": "topics",
                    "role_sought": {"value": "speaker"},
                },
            },
        },
    )
    ok(config)
    assert query(config, "SELECT id, name FROM people ORDER BY id") == [("p1", "Ana Prueba"), ("p2", "Beto")]
    assert query(config, "SELECT id, role_sought, expertise FROM expressions_of_interest ORDER BY id") == [
        ("e1", "speaker", '["privacy", "access"]'),
        ("e2", "speaker", '["access"]'),
    ]


def test_per_field_separator(tmp_path):
    config = make_edition(
        tmp_path,
        {"interest": "id,stakeholder,role_sought,expertise\ne1,ONG,Panelista/Participante,a;b\n"},
        {"interest": {"separators": {"role_sought": "/"}}},
    )
    ok(config)
    assert query(config, "SELECT role_sought, roles_sought FROM expressions_of_interest") == [
        ("speaker", '["speaker", "participant"]')
    ]


def test_a_call_without_a_role_column_records_no_invented_role(tmp_path):
    config = make_edition(tmp_path, {"interest": "id,stakeholder\ne1,ONG\n"})
    ok(config)
    assert query(config, "SELECT role_sought FROM expressions_of_interest") == [(None,)]


def test_bad_column_mappings_are_config_errors(tmp_path):
    config = make_edition(tmp_path, {"people": "id,name\np1,A\n"}, {"people": {"columns": {"name": {"val": "x"}}}})
    result = run("validate", config)
    assert result.exit_code == 1
    assert "columns.name: expected a header name, a list of headers to join" in result.output


# -- no invented figures: registrations are not attendees ---------------------------------------

REGISTRATIONS = "id,name,gender,mode\n" + "".join(
    f"r{i:02d},P{i},{'woman' if i % 2 else 'man'},Presencial\n" for i in range(1, 13)
)


def published_stats(tmp_path, config) -> dict:
    import sqlite3

    result = run("publish", config, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(tmp_path / "site" / "public.db")
    try:
        stats = dict(conn.execute("SELECT metric, value FROM edition_stats"))
        populations = {r[0] for r in conn.execute("SELECT DISTINCT population FROM demographics")}
    finally:
        conn.close()
    return stats, populations


def test_a_registration_list_without_attendance_is_published_as_registrations(tmp_path):
    config = make_edition(tmp_path, {"attendance": REGISTRATIONS})
    ok(config)
    assert query(config, "SELECT count(*), count(attended) FROM registrations") == [(12, 0)]
    facts = dict(query(config, "SELECT key, value FROM event_facts"))
    assert facts["registrations"] == "12" and facts["attendance_recorded"] == "0"
    assert "attendees" not in facts and "attendees_women" not in facts
    summary = (workspace(config).parent / "edition-summary.md").read_text()
    assert "Registrations: 12 (attendance not recorded: these are registrations, not attendees)" in summary
    assert "12 registrations are recorded but not who attended" in summary
    stats, populations = published_stats(tmp_path, config)
    assert stats["registrations"] == 12 and stats["attendance_recorded"] == 0
    assert "attendees" not in stats and "attendees" not in populations


def test_attendance_declared_in_the_config_counts_attendees(tmp_path):
    config = make_edition(
        tmp_path, {"attendance": REGISTRATIONS}, {"attendance": {"columns": {"attended": {"value": "yes"}}}}
    )
    ok(config)
    facts = dict(query(config, "SELECT key, value FROM event_facts"))
    assert (facts["attendees"], facts["attendees_women"], facts["attendance_recorded"]) == ("12", "6", "1")
    stats, populations = published_stats(tmp_path, config)
    assert stats["attendees"] == 12 and stats["attendance_recorded"] == 1 and "attendees" in populations


def test_the_annual_report_says_registrations_not_attendees(tmp_path):
    config = make_edition(tmp_path, {"attendance": REGISTRATIONS})
    ok(config)
    published_stats(tmp_path, config)
    out = tmp_path / "report.md"
    result = run("report", config, "--site", tmp_path / "site", "--out", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "12 people registered; who attended was not recorded, so there are no attendance figures." in text
    assert "12 registrations (who attended was not recorded)" in text and "total attendance" not in text


# -- one export feeding several tables -------------------------------------------------------

FEEDS = """
[inputs.organisations]
path = "organisations.csv"

[inputs.people]
path = "people.csv"

[inputs.interest]
path = "eoi.csv"
format = "google_forms"
feeds = ["people", "organisations"]
date_format = "%d/%m/%Y %H:%M:%S"
timezone = "America/Lima"
columns = { name = ["Nombre", "Apellido"], gender = "Género", organisation = "Organización", stakeholder = "¿A qué sector pertenece?", role_sought = "¿Cómo le gustaría participar?", expertise = "Temas de interés", consent_name = "¿Autoriza la publicación de su nombre?" }
"""
ORGANISATIONS = (
    "id,name,stakeholder\n"
    "hd,Hiperderecho,civil society\n"
    "rcp,Red Científica Peruana,technical community\n"
    "uni,Universidad Nacional de Ingeniería UNI,academia\n"
    "mtc,Ministerio de Transportes y Comunicaciones,government\n"
)
# Ana is known from an earlier list (her e-mail in another case): the call's answer is hers.
PEOPLE = "id,name,email,organisation\np001,Ana Quispe,Ana.Quispe@example.org,hd\n"


def feeds_edition(tmp_path, extra="") -> Path:
    (tmp_path / "organisations.csv").write_text(ORGANISATIONS, encoding="utf-8")
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    return eoi_edition(tmp_path, FEEDS + extra)


def test_one_call_export_feeds_people_organisations_and_interest(tmp_path):
    config = feeds_edition(tmp_path)
    out = ok(config)
    assert "interest       8 read, 7 imported, 1 skipped" in out
    # Ana matched by e-mail to p001; six new people with generated ids
    people = dict(query(config, "SELECT name, id FROM people"))
    assert len(people) == 7 and people["Ana Quispe"] == "p001"
    new_ids = [i for n, i in people.items() if n != "Ana Quispe"]
    assert all(i.startswith("p-") and len(i) == 14 for i in new_ids)
    import hashlib

    # salted: not a bare hash of the e-mail that anyone could recompute
    assert hashlib.sha256(b"luis.rojas@example.org").hexdigest()[:12] not in people["Luis Rojas"]
    assert query(config, "SELECT count(*) FROM expressions_of_interest WHERE person_id IS NULL") == [(0,)]
    assert query(config, "SELECT e.id LIKE 'eoi-%' FROM expressions_of_interest e LIMIT 1") == [(1,)]
    assert counts(config, "SELECT gender, count(*) FROM people WHERE id != 'p001' GROUP BY 1") == {
        "woman": 1,
        "man": 3,
        "not_stated": 1,
        "non_binary": 1,
    }
    # organisations: four known (exact, accents and case aside) plus three typed ones created
    orgs = dict(query(config, "SELECT name, stakeholder FROM organisations"))
    assert len(orgs) == 7
    assert orgs["Telefónica del Perú"] == "private_sector" and orgs["PUCP"] == "academia"
    linked = dict(
        query(
            config,
            "SELECT p.name, o.id FROM people p JOIN organisations o ON o.id = p.organisation_id",
        )
    )
    assert linked["Jorge Huamán"] == "rcp" and linked["Rosa Flores"] == "mtc"
    # "Universidad Nacional de Ingeniería" is close to, not equal to, the known "... UNI": listed for review
    assert linked["Pedro Díaz"] == "uni"
    findings = query(config, "SELECT message, hint FROM findings WHERE rule = 'uncertain_match'")
    assert len(findings) == 1
    message, hint = findings[0]
    assert (
        "organisation 'Universidad Nacional de Ingeniería' was taken to be 'Universidad Nacional de Ingeniería UNI'"
        in message
    )
    assert (
        'values.organisation = { "Universidad Nacional de Ingeniería" = "Universidad Nacional de Ingeniería UNI" }'
        in hint
    )
    checked = run("inputs", "check", config)
    assert checked.exit_code == 0 and "Universidad Nacional de Ingeniería" in checked.output, checked.output


def test_generated_ids_are_stable_across_a_corrected_export(tmp_path):
    config = feeds_edition(tmp_path)
    ok(config)
    before = dict(query(config, "SELECT name, id FROM people"))
    answers = dict(query(config, "SELECT person_id, id FROM expressions_of_interest"))
    # the organiser deletes Luis's answer and fixes a typo in Kai's organisation: a corrected export
    lines = (tmp_path / "eoi.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if "luis.rojas" not in line).replace(
        "Colectivo Digital", "Colectivo Digital Lima"
    )
    (tmp_path / "eoi.csv").write_text(text, encoding="utf-8")
    ok(config)
    after = dict(query(config, "SELECT name, id FROM people"))
    assert set(after) == set(before) - {"Luis Rojas"}
    assert all(after[n] == before[n] for n in after)
    again = dict(query(config, "SELECT person_id, id FROM expressions_of_interest"))
    assert all(answers[p] == e for p, e in again.items())


@pytest.mark.parametrize(
    ("mapping", "organisations", "reviews"),
    [
        ('"Universidad Nacional de Ingeniería UNI"', 7, 0),  # confirmed: the same university
        ('"Universidad Nacional de Ingeniería"', 8, 0),  # split: a different one, created
    ],
)
def test_an_uncertain_organisation_is_confirmed_or_split_in_the_config(tmp_path, mapping, organisations, reviews):
    config = feeds_edition(tmp_path, f'values.organisation = {{ "Universidad Nacional de Ingeniería" = {mapping} }}\n')
    ok(config)
    assert query(config, "SELECT count(*) FROM organisations") == [(organisations,)]
    assert query(config, "SELECT count(*) FROM match_reviews") == [(reviews,)]


def test_a_registration_form_links_registrants_to_known_people(tmp_path):
    config = feeds_edition(
        tmp_path,
        '\n[inputs.attendance]\npath = "registrations.csv"\nencoding = "cp1252"\nfeeds = ["people"]\n'
        'columns = { name = ["Nombre", "Apellidos"], email = "Correo", gender = "Sexo" }\n',
    )
    # an Excel-saved registration list: cp1252, ";", names split in two, no id column, no attendance
    (tmp_path / "registrations.csv").write_bytes(
        "Nombre;Apellidos;Correo;Sexo\r\n"
        "Jorge;Huamán;JORGE.HUAMAN@example.org;Masculino\r\n"
        "Lucía;Vargas;lucia@example.org;Femenino\r\n"
        "Jorge;Huamán;jorge.huaman@example.org ;Masculino\r\n".encode("cp1252")
    )
    out = ok(config)
    assert "attendance     3 read, 2 imported, 1 skipped" in out
    rows = dict(query(config, "SELECT name, person_id FROM registrations"))
    jorge = dict(query(config, "SELECT name, id FROM people"))["Jorge Huamán"]
    assert rows == {"Jorge Huamán": jorge, "Lucía Vargas": None}
    assert all(i.startswith("reg-") for (i,) in query(config, "SELECT id FROM registrations"))
    assert query(config, "SELECT count(attended) FROM registrations") == [(0,)]


def test_feeds_names_only_tables_an_input_can_describe(tmp_path):
    config = eoi_edition(tmp_path, FEEDS.replace('feeds = ["people", "organisations"]', 'feeds = ["topics"]'))
    result = run("validate", config)
    assert result.exit_code == 1
    assert "feeds: inputs.interest cannot feed 'topics'; it can feed: people, organisations" in result.output


# -- a proposal form: topics and their proposers ------------------------------------------------
# tests/fixtures/exports/google-forms-pt-proposals.csv: a Portuguese Google Forms export (same help
# page as above; Portuguese headers "Carimbo de data/hora", "Endereço de e-mail"); Joana proposes
# two sessions with her address typed in two cases.

PROPOSALS = """
[inputs.topics]
path = "proposals.csv"
format = "google_forms"
feeds = ["people"]
date_format = "%d/%m/%Y %H:%M:%S"
columns = { title = "Título da proposta", description = "Descrição da proposta", tags = "Temas", name = "Nome completo", gender = "Gênero", consent_name = "Autorizo a publicação do meu nome" }
ignore = ["Setor"]
"""


def test_a_portuguese_proposal_form_feeds_topics_and_proposers(tmp_path):
    shutil.copy(FIXTURES / "google-forms-pt-proposals.csv", tmp_path / "proposals.csv")
    config = tmp_path / "edition.toml"
    config.write_text(HEAD + PROPOSALS, encoding="utf-8")
    out = ok(config)
    assert "topics         5 read, 5 imported, 0 skipped" in out  # several proposals per person: no dedupe
    people = {r[0]: r[1:] for r in query(config, "SELECT name, gender, consent_name, id FROM people")}
    assert {n: p[:2] for n, p in people.items()} == {
        "Joana Silva": ("woman", 1),
        "Carlos Souza": ("man", 0),
        "Ana Lima": ("not_stated", 1),  # "Prefiro não dizer"
        "Rafa Costa": ("non_binary", 1),  # "Concordo"
    }
    by_proposer = counts(config, "SELECT proposer_id, count(*) FROM topics GROUP BY 1")
    assert by_proposer[people["Joana Silva"][2]] == 2 and len(by_proposer) == 4
    tags = query(config, "SELECT tags FROM topics WHERE title = 'Segurança de redes comunitárias'")
    assert json.loads(tags[0][0]) == ["segurança", "infraestrutura"]


def test_organisations_of_an_earlier_edition_keep_their_ids(tmp_path):
    earlier = tmp_path / "2016.toml"
    (tmp_path / "orgs-2016.csv").write_text(
        "id,name,stakeholder\ntel,Telefónica del Perú S.A.A.,private sector\npucp,PUCP,academia\n", encoding="utf-8"
    )
    earlier.write_text(
        HEAD.replace("year = 2017\nstart = 2017-06-06", "year = 2016\nstart = 2016-06-06")
        + '\n[inputs]\norganisations = "orgs-2016.csv"\n',
        encoding="utf-8",
    )
    ok(earlier)
    config = feeds_edition(tmp_path)
    ok(config)
    orgs = dict(query(config, "SELECT name, id FROM organisations"))
    assert orgs["PUCP"] == "pucp"  # exactly as in 2016
    assert orgs["Telefónica del Perú"] != "tel"  # 83% like "Telefónica del Perú S.A.A.": below 85, a new one
    reviews = query(config, "SELECT value, matched_id FROM match_reviews WHERE kind = 'organisation'")
    assert ("Universidad Nacional de Ingeniería", "uni") in reviews


# -- a nomination form: nominees by e-mail, topics by title ------------------------------------


def test_a_nomination_form_adds_nominees_and_names_them_by_email(tmp_path):
    from nrikit import config as config_mod
    from nrikit.composer.pool import read_nominations
    from nrikit.pipeline import Pipeline
    from nrikit.workspace.db import open_workspace

    (tmp_path / "people.csv").write_text("id,name,email\np1,Ana Prueba,ana@example.org\n", encoding="utf-8")
    (tmp_path / "topics.csv").write_text("id,title\nt1,Acceso\nt2,Privacidad\n", encoding="utf-8")
    (tmp_path / "nominations.csv").write_text(
        "Timestamp,Email Address,Nominee,Nominee e-mail,Gender,Topic,Score\n"
        "4/2/2025 10:00:00,committee1@example.org,Ana Prueba,ANA@example.org,Female,Acceso,8\n"
        "4/3/2025 10:00:00,committee2@example.org,Beto Nuevo,beto@example.org,Male,Privacidad,6\n",
        encoding="utf-8",
    )
    config = make_edition(
        tmp_path,
        {},
        extra='[inputs]\npeople = "people.csv"\ntopics = "topics.csv"\n\n[inputs.nominations]\n'
        'path = "nominations.csv"\nformat = "google_forms"\nfeeds = ["people"]\ndate_format = "%m/%d/%Y %H:%M:%S"\n'
        'timezone = "UTC"\ndedupe = ""\n'
        'columns = { name = "Nominee", email = "Nominee e-mail", gender = "Gender", topic = "Topic", '
        'score = "Score", nominated_by = "Email Address" }\n',
    )
    config.write_text(config.read_text().replace("\n[inputs]\n\n", "\n", 1))
    ok(config)
    people = dict(query(config, "SELECT name, id FROM people"))
    assert people["Ana Prueba"] == "p1" and people["Beto Nuevo"].startswith("p-")
    assert dict(query(config, "SELECT name, gender FROM people"))["Beto Nuevo"] == "man"
    edition = config_mod.load(config)
    pipeline = Pipeline(edition, db=open_workspace(workspace(config)))
    nominations = read_nominations(pipeline.context("panels"), {"t1", "t2"}, set(people.values()))
    assert [(n["person"], n["topic"], n["score"]) for n in nominations] == [
        ("p1", "t1", 8.0),
        (people["Beto Nuevo"], "t2", 6.0),
    ]


def test_a_registration_matched_by_name_only_is_a_finding(tmp_path):
    config = feeds_edition(
        tmp_path,
        '\n[inputs.attendance]\npath = "registrations.csv"\nfeeds = ["people"]\n',
    )
    (tmp_path / "registrations.csv").write_text(
        "id,name,email\nr1,Jorge Huamán,\nr2,Lucía Vargas,lucia@example.org\n", encoding="utf-8"
    )
    ok(config)
    jorge = dict(query(config, "SELECT name, id FROM people"))["Jorge Huamán"]
    assert dict(query(config, "SELECT id, person_id FROM registrations")) == {"r1": jorge, "r2": None}
    assert query(config, "SELECT message FROM findings WHERE rule = 'registration_match'") == [
        ("1 registrations were linked to a known person by name only (no e-mail to confirm it)",)
    ]


def test_a_hand_made_people_list_keeps_every_row(tmp_path):
    # two ids, one address: others may refer to either id, so neither is dropped by default
    config = make_edition(
        tmp_path,
        {"people": "id,name,email\np1,Ana,ana@example.org\np2,Ana P.,ANA@example.org\n"},
    )
    ok(config)
    assert query(config, "SELECT id FROM people ORDER BY id") == [("p1",), ("p2",)]
