"""The three NRI plugins side by side: each edition runs with its own plugin, all three
installed at once, and the same-shaped data gives different results where their rules differ.

Needs the plugins installed: pip install -e plugins/nrikit-peru -e plugins/nrikit-brazil
-e plugins/nrikit-eurodig.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import nrikit.plugins
from nrikit.cli import cli
from nrikit.config import load
from nrikit.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
ALL = "peru,brazil,eurodig"


@pytest.fixture
def plugins(monkeypatch):
    def use(names: str):
        monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", names)
        nrikit.plugins.reset()
        missing = set(names.split(",")) - {n for n, _ in nrikit.plugins.get_plugin_manager().list_name_plugin()}
        if missing:
            pytest.fail(f"plugins not installed: {', '.join(sorted(missing))} (pip install -e plugins/nrikit-...)")

    yield use
    nrikit.plugins.reset()


def example(tmp_path, nri) -> Path:
    shutil.copytree(ROOT / "configs" / nri, tmp_path / nri, ignore=shutil.ignore_patterns(".nrikit"))
    return tmp_path / nri


def findings(pipeline) -> set[tuple[str, str]]:
    return {(f["rule"], f["subject"]) for f in pipeline.findings()}


@pytest.mark.parametrize(
    "nri, config, expected",
    [
        (
            "brazil",
            "2025.toml",
            {
                ("brazil_committee_seats", "stakeholder:business"),
                ("panel_stakeholders", "panel:fib15-w05"),
                ("budget_published", "budget"),
            },
        ),
        (
            "eurodig",
            "2024.toml",
            {
                ("eurodig_countries", "panel:eurodig24-6"),
                ("eurodig_youth", "panel:eurodig24-7"),
                ("budget_published", "budget"),
            },
        ),
    ],
)
def test_example_edition_runs_end_to_end_with_its_plugin(tmp_path, plugins, nri, config, expected):
    plugins(ALL)
    path = example(tmp_path, nri) / config
    runner = CliRunner()
    for command in (["validate", str(path)], ["run", str(path)], ["findings", str(path)], ["status", str(path)]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, (command, result.output)
    pipeline = Pipeline(load(path))
    assert findings(pipeline) == expected
    plugin_of = {f["rule"]: f["plugin"] for f in pipeline.findings()}
    assert {plugin_of[r] for r, _ in expected if r.startswith(nri)} == {nri}
    # A second run with the same inputs writes nothing.
    assert {o.status for o in pipeline.run()} == {"unchanged"}


def test_brazil_example_selects_workshops_by_mean_score(tmp_path, plugins):
    plugins(ALL)
    pipeline = Pipeline(load(example(tmp_path, "brazil") / "2025.toml"))
    pipeline.run()
    assert pipeline.stage("survey").description.endswith("(FIB)")
    rows = pipeline.db.execute(
        "SELECT topic_id, decided_by FROM topic_decisions WHERE approved ORDER BY topic_id"
    ).fetchall()
    assert rows == [(f"w0{i}", "mean_score") for i in range(1, 7)]
    means = dict(pipeline.db.execute("SELECT topic_id, score FROM survey_tally").fetchall())
    assert min(means[f"w0{i}"] for i in range(1, 7)) > max(means[t] for t in ("w07", "w08", "w09", "w10"))


def test_installing_more_plugins_leaves_peru_as_it_was(tmp_path, plugins):
    """Brazil replaces the survey stage, but only for editions that name it."""
    results = {}
    for names in ("peru", ALL):
        plugins(names)
        path = example(tmp_path / names.replace(",", "-"), "peru") / "2017.toml"
        pipeline = Pipeline(load(path))
        pipeline.run()
        assert pipeline.stage("survey").description == "Topic survey and the committee's approval"
        results[names] = (
            findings(pipeline),
            pipeline.db.execute(
                "SELECT topic_id, approved, decided_by FROM topic_decisions ORDER BY topic_id"
            ).fetchall(),
        )
    assert results["peru"] == results[ALL]


# --- the same-shaped data under each NRI's rules ------------------------------------------------

SHARED = {
    "organisations.csv": "id,name,stakeholder\ngov,A ministry,government\nbiz,A company,private sector\n"
    "ngo,An NGO,civil society\nuni,A university,academia\n",
    "people.csv": "id,name,gender,organisation,country,expertise\n"
    "p1,Ana,woman,gov,XX,access\np2,Ben,man,biz,XX,access\np3,Caro,woman,ngo,XX,access\n"
    "p4,Dan,man,uni,XX,access\np5,Eva,woman,gov,XX,access\np6,Fer,man,ngo,XX,access\n"
    "p7,Gil,man,uni,XX,access\n",
    "committee.csv": "person,organisation,role\np1,gov,secretariat\np2,biz,member\np3,ngo,member\n",
    "topics.csv": "id,title,tags\nt1,Access,access\nt2,Privacy,access\nt3,Security,access\n",
    # The public prefers t2; the committee votes t1 and t3 through; the evaluators score t3 best.
    "survey.csv": "id,choices\ns1,t2\ns2,t2;t3\ns3,t2;t1\n",
    "votes.csv": "topic,member,vote\nt1,p1,yes\nt1,p2,yes\nt1,p3,no\nt2,p1,no\nt2,p2,no\nt2,p3,yes\n"
    "t3,p1,yes\nt3,p2,yes\nt3,p3,yes\n",
    "scores.csv": "topic,evaluator,score\nt1,p1,2\nt1,p2,3\nt2,p1,3\nt2,p2,3\nt3,p1,5\nt3,p2,4\n",
    # Six panellists, all from one country, from government, civil society and academia only.
    "panels.csv": "id,topic,round,title\npanel-1,t3,final,Security for all\n",
    "panellists.csv": "panel,person,role\npanel-1,p1,moderator\npanel-1,p3,speaker\npanel-1,p4,speaker\n"
    "panel-1,p5,speaker\npanel-1,p6,speaker\npanel-1,p7,speaker\n",
}

SHARED_CONFIG = """
[nri]
name = "Same-shaped IGF"
acronym = "SIGF"
country = "XX"
kind = "national"

[edition]
year = 2025
start = 2025-06-01

[plugins.{plugin}]

[survey]
topics_to_select = 1

[inputs]
organisations = "organisations.csv"
people = "people.csv"
committee = "committee.csv"
topics = "topics.csv"
survey = "survey.csv"
votes = "votes.csv"
scores = "scores.csv"
panels = "panels.csv"
panellists = "panellists.csv"
"""


def run_shared(tmp_path, plugin) -> Pipeline:
    folder = tmp_path / plugin
    folder.mkdir()
    for name, text in SHARED.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "edition.toml").write_text(SHARED_CONFIG.format(plugin=plugin), encoding="utf-8")
    pipeline = Pipeline(load(folder / "edition.toml"))
    pipeline.run()
    return pipeline


def test_same_data_different_rules(tmp_path, plugins):
    plugins(ALL)
    peru, brazil, eurodig = (run_shared(tmp_path, p) for p in ("peru", "brazil", "eurodig"))

    def approved(p):
        return [r[0] for r in p.db.execute("SELECT topic_id FROM topic_decisions WHERE approved ORDER BY topic_id")]

    def rules(p):
        return {f["rule"] for f in p.findings()}

    # Who decides the topics: Peru's committee by simple majority, Brazil's evaluators by
    # mean score, EuroDIG's public call (binding approval count).
    assert approved(peru) == ["t1", "t3"]
    assert approved(brazil) == ["t3"]
    assert approved(eurodig) == ["t2"]

    # Stakeholder taxonomies: academia is its own group in Peru, part of the scientific and
    # technological community in Brazil.
    stake = lambda p: p.db.execute("SELECT stakeholder FROM organisations WHERE id = 'uni'").fetchone()[0]  # noqa: E731
    assert (stake(peru), stake(brazil), stake(eurodig)) == ("academia", "scientific_technological", "academia")

    # Committee: Brazil counts seats per sector; Peru asks for its five groups.
    assert "brazil_committee_seats" in rules(brazil) and "brazil_committee_seats" not in rules(peru)
    assert {f["subject"] for f in peru.findings() if f["rule"] == "committee_missing_group"} == {
        "stakeholder:technical_community",
        "stakeholder:academia",
    }
    # Panel of three sectors: enough for Peru (2 groups), not for Brazil (all 4 sectors).
    assert "panel_stakeholders" in rules(brazil) and "panel_stakeholders" not in rules(peru)
    # Six panellists from one country: fine in Peru (up to 7), too many and too national for EuroDIG.
    assert {"panel_composition", "eurodig_countries", "eurodig_youth"} <= rules(eurodig)
    assert not {"panel_composition", "eurodig_countries"} & rules(peru)
    # Each plugin's own rules fire only for its own edition.
    for pipeline, own in ((peru, "peru"), (brazil, "brazil"), (eurodig, "eurodig")):
        foreign = {f["plugin"] for f in pipeline.findings()} - {own} - set(nrikit.plugins.DEFAULT_PLUGINS)
        assert foreign == set(), foreign


def test_workspace_from_before_topic_scores_gains_the_table(tmp_path):
    """A workspace created before migration 0002 existed gets topic_scores when next opened."""
    from nrikit.workspace.db import open_workspace

    db = open_workspace(tmp_path / "old.db")
    db.execute("DROP TABLE topic_scores")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0003_topic_scores'")
    db.conn.close()
    reopened = open_workspace(tmp_path / "old.db")
    assert "topic_scores" in reopened.table_names()
    assert [c.name for c in reopened["topic_scores"].columns] == ["topic_id", "evaluator_id", "score"]


@pytest.mark.parametrize("nri, year", [("brazil", "2025"), ("eurodig", "2024")])
def test_example_files_are_what_their_generator_writes(tmp_path, nri, year):
    import runpy

    generator = runpy.run_path(str(ROOT / "configs" / nri / "make_example.py"))
    generator["main"](tmp_path)
    committed = ROOT / "configs" / nri / year
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in committed.glob("*.csv"))
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (committed / path.name).read_bytes(), path.name
