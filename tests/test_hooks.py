"""One test per hook in hookspecs.py: a tiny plugin implements it and the effect shows.

tests/test_docs.py fails when a hook has no test here (or elsewhere): it looks
for an implementation `def <hook>(` or a call of the hook in the test files.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import nrikit.plugins
from nrikit import Decision, Finding, Group, Rule, Stage, Taxonomy, hookimpl
from nrikit.config import load
from nrikit.importers.csvread import read_table
from nrikit.pipeline import Pipeline
from nrikit.plugins import call_each, make_plugin_manager
from nrikit.tally import SurveyResult, TallyMethod
from nrikit.workspace.db import open_workspace

FILES = {
    "organisations.csv": "id,name,stakeholder\ngov,Ministry,government\nngo,An NGO,civil_society\nuni,University,academia\n",
    "people.csv": "id,name,gender,organisation,expertise\np1,Ana,woman,gov,access\np2,Ben,man,ngo,access\n"
    "p3,Caro,woman,uni,access\n",
    "committee.csv": "person,organisation,role\np1,gov,secretariat\np2,ngo,member\np3,uni,member\n",
    "topics.csv": "id,title,tags\nt1,Access,access\nt2,Privacy,privacy\n",
    "survey.csv": "id,choices\ns1,t2;t1\ns2,t2;t1\ns3,t2\n",
    "panels.csv": "id,topic,round,title\npanel-1,t1,final,Closing the access gap\n",
    "panellists.csv": "panel,person,role\npanel-1,p1,moderator\npanel-1,p2,speaker\npanel-1,p3,speaker\n",
}

CONFIG = """
[nri]
name = "Example IGF"
acronym = "ExIGF"
country = "XX"
kind = "national"

[edition]
year = 2025
start = 2025-06-01
{extra_edition}
[survey]
binding = true
topics_to_select = 1
{extra}
[inputs]
organisations = "organisations.csv"
people = "people.csv"
committee = "committee.csv"
topics = "topics.csv"
survey = "survey.csv"
panels = "panels.csv"
panellists = {panellists}
"""


def edition(tmp_path: Path, *, extra="", extra_edition="", panellists='"panellists.csv"', files=None) -> Path:
    for name, text in {**FILES, **(files or {})}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = tmp_path / "edition.toml"
    config.write_text(CONFIG.format(extra=extra, extra_edition=extra_edition, panellists=panellists), encoding="utf-8")
    return config


@pytest.fixture
def pm(monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "")
    nrikit.plugins.reset()
    yield make_plugin_manager(load_entrypoints=False)
    nrikit.plugins.reset()


def run(pm, config):
    pipeline = Pipeline(load(config, pm=pm), pm=pm)
    pipeline.run()
    return pipeline


def test_register_stages_adds_a_stage_and_replaces_a_builtin(pm, tmp_path):
    class Plugin:
        @hookimpl
        def register_stages(self, register):
            register(
                Stage(
                    "audit",
                    55,
                    "An extra stage",
                    (),
                    lambda ctx: None,
                    lambda ctx, data: ctx.decide(Decision("audit.done", "edition", ctx.edition.id, "done")),
                )
            )
            # Same name as the built-in: registered later, so it replaces it.
            register(Stage("report", 60, "A plugin's report", (), lambda ctx: None, lambda ctx, data: None))

    pm.register(Plugin(), name="extra")
    pipeline = run(pm, edition(tmp_path))
    assert [s.name for s in pipeline.stages] == ["call", "committee", "survey", "panels", "event", "audit", "report"]
    assert pipeline.stage("report").description == "A plugin's report"
    assert pipeline.db.execute("SELECT count(*) FROM decision_log WHERE action = 'audit.done'").fetchone()[0] == 1
    assert pipeline.db["reports"].count == 0  # the built-in report stage did not run


def test_register_rules_findings_are_stored_with_the_plugin_name(pm, tmp_path):
    def check(ctx):
        for row in ctx.rows("SELECT id FROM panels WHERE round = 'final'"):
            yield Finding("every_panel", "info", f"panel:{row['id']}", "seen")

    class Plugin:
        @hookimpl
        def register_rules(self, register):
            register(Rule("every_panel", "panels", "Reports every final panel.", check))

    pm.register(Plugin(), name="ruler")
    pipeline = run(pm, edition(tmp_path))
    assert [(f["rule"], f["subject"], f["plugin"]) for f in pipeline.findings() if f["rule"] == "every_panel"] == [
        ("every_panel", "panel:panel-1", "ruler")
    ]


def test_register_taxonomies_resolves_the_editions_labels(pm, tmp_path):
    class Plugin:
        @hookimpl
        def register_taxonomies(self, register):
            register(
                Taxonomy("two", [Group("public", "Public", ("ministry",)), Group("people", "People", ("ngo", "uni"))])
            )

    pm.register(Plugin(), name="two")
    orgs = "id,name,stakeholder\ngov,Ministry,Ministry\nngo,An NGO,NGO\nuni,University,uni\n"
    config = edition(tmp_path, extra='[stakeholders]\ntaxonomy = "two"\n', files={"organisations.csv": orgs})
    pipeline = run(pm, config)
    assert dict(pipeline.db.execute("SELECT id, stakeholder FROM organisations").fetchall()) == {
        "gov": "public",
        "ngo": "people",
        "uni": "people",
    }


def test_register_tally_methods_counts_the_survey(pm, tmp_path):
    def last_choice(ballots, options):
        # Counts only each ballot's LAST choice: t1 wins, where approval would pick t2.
        scores = dict.fromkeys(options, 0)
        for ballot in ballots:
            scores[ballot[-1]] += 1
        ranking = [[o] for o in sorted(options, key=lambda o: -scores[o])]
        return SurveyResult("last_choice", scores, ranking, len(ballots))

    class Plugin:
        @hookimpl
        def register_tally_methods(self, register):
            register(TallyMethod("last_choice", "survey", "One point for each ballot's last choice.", last_choice))

    pm.register(Plugin(), name="counting")
    pipeline = run(pm, edition(tmp_path, extra='method = "last_choice"\n'))
    assert pipeline.db.execute("SELECT topic_id FROM topic_decisions WHERE approved").fetchall() == [("t1",)]
    other = tmp_path / "approval"
    other.mkdir()
    approval = run(make_plugin_manager(load_entrypoints=False), edition(other))
    assert approval.db.execute("SELECT topic_id FROM topic_decisions WHERE approved").fetchall() == [("t2",)]


def test_register_importers_reads_an_input_format(pm, tmp_path):
    class SemicolonImporter:
        name = "semicolon"

        def read(self, spec):
            return read_table(spec.path, delimiter=";")

    class Plugin:
        @hookimpl
        def register_importers(self, register):
            register(SemicolonImporter())

    pm.register(Plugin(), name="importer")
    (tmp_path / "panellists.txt").write_text(
        "panel;person;role\npanel-1;p1;moderator\npanel-1;p2;speaker\n", encoding="utf-8"
    )
    pipeline = run(pm, edition(tmp_path, panellists='{ path = "panellists.txt", format = "semicolon" }'))
    assert pipeline.db["panellists"].count == 2


def test_edition_defaults_fill_what_the_config_leaves_out(pm, tmp_path):
    class Plugin:
        @hookimpl
        def edition_defaults(self, nri, year, settings):
            if "house" not in settings:
                return None
            return {"panels": {"max_size": 4, "min_size": 2}, "event": {"streamed": year >= 2020}}

    pm.register(Plugin(), name="house")
    ed = load(edition(tmp_path, extra="[plugins.house]\n[panels]\nmin_size = 3\n"), pm=pm)
    assert (ed["panels"]["max_size"], ed["panels"]["min_size"], ed["event"]["streamed"]) == (4, 3, True)
    plain = load(edition(tmp_path), pm=pm)  # an edition that does not name the plugin
    assert plain["panels"]["max_size"] == 7


def test_register_commands_adds_a_command(pm):
    class Plugin:
        @hookimpl
        def register_commands(self, cli):
            @cli.command()
            def hello():
                """Say hello."""
                click.echo("hello from a plugin")

    pm.register(Plugin(), name="talker")
    group = click.Group("nrikit")
    for _ in call_each(pm, "register_commands", cli=group):
        pass
    result = CliRunner().invoke(group, ["hello"])
    assert result.exit_code == 0 and result.output == "hello from a plugin\n"


def test_prepare_connection_registers_sql_functions(pm, tmp_path):
    class Plugin:
        @hookimpl
        def prepare_connection(self, conn):
            conn.create_function("shout", 1, lambda s: s.upper() + "!")

    pm.register(Plugin(), name="sql")
    db = open_workspace(tmp_path / "w.db", pm=pm)
    assert db.execute("SELECT shout('hi')").fetchone()[0] == "HI!"
    with pytest.raises(sqlite3.OperationalError):
        open_workspace(tmp_path / "w.db").execute("SELECT shout('hi')")
