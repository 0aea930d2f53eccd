"""The brazil plugin on small editions written to tmp_path, through the real pipeline."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import nrikit.plugins
from nrikit import ConfigError, InputError
from nrikit.cli import cli
from nrikit.config import load
from nrikit.pipeline import Pipeline
from nrikit.workspace.db import content_snapshot
from nrikit_brazil import BRAZIL_TAXONOMY, ranking, select

FILES = {
    "organisations.csv": "id,name,stakeholder\ngov,Ministério,Setor governamental\nemp,Empresa,Setor empresarial\n"
    "ong,ONG,Terceiro setor\nuni,Universidade,Academia\nnic,NIC,Comunidade técnica\n",
    "people.csv": "id,name,gender,organisation,expertise\n"
    "a,Ana,woman,gov,ai\nb,Bruno,man,emp,ai\nc,Carla,woman,ong,ai\nd,Diego,man,uni,ai\ne,Elisa,woman,nic,ai\n",
    "committee.csv": "person,organisation,role\na,gov,member\nb,emp,member\nc,ong,member\nd,uni,member\ne,nic,secretariat\n",
    "topics.csv": "id,title,tags\nw1,IA,ai\nw2,Dados,ai\nw3,Redes,ai\nw4,Acesso,ai\n",
    "scores.csv": "topic,evaluator,score\nw1,a,5\nw1,b,4\nw2,a,4\nw2,b,4\nw3,a,4\nw3,b,4\nw4,a,1\nw4,b,2\n",
}

CONFIG = """
[nri]
name = "Fórum de teste"
acronym = "FT"
country = "BR"
kind = "national"

[edition]
year = 2025
start = 2025-05-26

[plugins.brazil]
{settings}

[survey]
topics_to_select = {n}

[inputs]
organisations = "organisations.csv"
people = "people.csv"
committee = "committee.csv"
topics = "topics.csv"
scores = "scores.csv"
"""


@pytest.fixture
def edition(tmp_path, monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "brazil")
    nrikit.plugins.reset()

    def write(settings="", n=3, **files):
        for name, text in {**FILES, **{k + ".csv": v for k, v in files.items()}}.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        path = tmp_path / "ft.toml"
        path.write_text(CONFIG.format(settings=settings, n=n), encoding="utf-8")
        return path

    yield write
    nrikit.plugins.reset()


def test_taxonomy_merges_academia_and_technical_community():
    assert {BRAZIL_TAXONOMY.resolve(v) for v in ("Academia", "Comunidade técnica", "comunidade cientifica")} == {
        "scientific_technological"
    }
    assert BRAZIL_TAXONOMY.resolve("Sociedade civil") == "third_sector"
    assert BRAZIL_TAXONOMY.resolve("Setor empresarial") == "business"


def test_ranking_and_selection_leave_a_tie_at_the_cut_undecided():
    means, ranks = ranking({("w1", "a"): 5, ("w2", "a"): 4, ("w3", "a"): 4, ("w4", "a"): 1})
    assert ranks == {"w1": 1, "w2": 2, "w3": 2, "w4": 4}
    assert select(means, ranks, 3) == (["w1", "w2", "w3"], [])
    assert select(means, ranks, 2) == (["w1"], ["w2", "w3"])


def test_proposals_are_selected_by_mean_score(edition):
    pipeline = Pipeline(load(edition()))
    pipeline.run()
    rows = pipeline.db.execute(
        "SELECT topic_id, approved, decided_by FROM topic_decisions ORDER BY topic_id"
    ).fetchall()
    assert rows == [("w1", 1, "mean_score"), ("w2", 1, "mean_score"), ("w3", 1, "mean_score"), ("w4", 0, "mean_score")]
    log = pipeline.db.execute("SELECT outcome, binding, rationale FROM decision_log WHERE subject_id = 'w4'").fetchone()
    assert log == ("rejected", 1, "mean score 1.5 from 2 evaluator(s), rank 4")
    rules = {(f["rule"], f["subject"]) for f in pipeline.findings()}
    # Default seats are 2 per sector; each sector has one member (science and technology: two).
    assert {s for r, s in rules if r == "brazil_committee_seats"} == {
        "stakeholder:government",
        "stakeholder:business",
        "stakeholder:third_sector",
    }
    assert not any(r in ("brazil_scores", "brazil_score_tie", "survey_votes") for r, _ in rules)


def test_tie_at_the_cut_is_a_finding(edition):
    pipeline = Pipeline(load(edition(n=2)))
    pipeline.run()
    assert pipeline.db.execute("SELECT topic_id FROM topic_decisions WHERE approved").fetchall() == [("w1",)]
    ties = [f for f in pipeline.findings() if f["rule"] == "brazil_score_tie"]
    assert [f["message"] for f in ties] == ["proposals w2 and w3 tie at the cut-off of 2, so none of them was selected"]


def test_seats_setting_and_too_few_evaluators(edition):
    settings = (
        "seats = { government = 1, business = 1, third_sector = 1, scientific_technological = 1 }\nmin_evaluators = 3"
    )
    pipeline = Pipeline(load(edition(settings)))
    pipeline.run()
    found = {(f["rule"], f["severity"], f["subject"]) for f in pipeline.findings() if f["rule"].startswith("brazil")}
    assert found == {
        ("brazil_committee_seats", "error", "stakeholder:scientific_technological"),
        *{("brazil_scores", "warning", f"topic:w{i}") for i in range(1, 5)},
    }


@pytest.mark.parametrize(
    "settings, key",
    [
        ("seats = { academia = 2 }", "plugins.brazil.seats"),
        ("seats = { government = -1 }", "plugins.brazil.seats"),
        ("score_max = 0", "plugins.brazil.score_max"),
        ('colour = "green"', "plugins.brazil"),
    ],
)
def test_bad_settings_fail_at_load(edition, settings, key):
    with pytest.raises(ConfigError) as err:
        load(edition(settings))
    assert err.value.key == key


def test_score_outside_the_scale_names_file_row_and_column_and_changes_nothing(edition, tmp_path):
    pipeline = Pipeline(load(edition()))
    pipeline.run()
    before = content_snapshot(pipeline.db)
    (tmp_path / "scores.csv").write_text("topic,evaluator,score\nw1,a,5\nw1,b,9\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        Pipeline(load(tmp_path / "ft.toml")).run()
    assert 'scores.csv: row 2 (line 3), column "score": score 9 is outside 1-5' in str(err.value)
    assert content_snapshot(pipeline.db) == before


def test_evaluator_must_sit_on_the_committee_cli_says_so_in_one_line(edition):
    path = edition(scores="topic,evaluator,score\nw1,zz,5\n")
    result = CliRunner().invoke(cli, ["run", str(path)])
    assert result.exit_code == 1
    assert "scores.csv: row 1 (line 2), column \"evaluator\": unknown programme committee member 'zz'" in result.output
    assert "Traceback" not in result.output
