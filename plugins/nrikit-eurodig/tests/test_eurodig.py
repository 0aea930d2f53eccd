"""The eurodig plugin on small editions written to tmp_path, through the real pipeline."""

from __future__ import annotations

import pytest

import nrikit.plugins
from nrikit import ConfigError
from nrikit.config import load
from nrikit.pipeline import Pipeline

FILES = {
    "organisations.csv": "id,name,stakeholder,country\nmin,Ministry,Government,LT\nngo,NGO,Civil society,DE\n"
    "tld,Registry,Technical community,LV\nyouthdig,YOUthDIG,Civil society,\n",
    "people.csv": "id,name,gender,organisation,country,expertise\n"
    "a,Aiste,woman,min,LT,ai\nb,Bram,man,ngo,DE,ai\nc,Chiara,woman,tld,LV,ai\n"
    "d,Dawid,man,ngo,DE,ai\ne,Elena,woman,youthdig,RS,ai\nf,Florian,man,ngo,DE,ai\n",
    "committee.csv": "person,organisation,role\na,min,secretariat\nb,ngo,member\nc,tld,member\n",
    "topics.csv": "id,title,tags\nhr,Human rights,ai\nsec,Security and crime,ai\nmedia,Media & content,ai\n",
    "survey.csv": "id,choices\ns1,hr\ns2,hr\ns3,sec\ns4,media\n",
    "panels.csv": "id,topic,round,title\nws1,hr,final,Human rights online\nws2,sec,final,Cybercrime\n",
    "panellists.csv": "panel,person,role\nws1,a,moderator\nws1,b,speaker\nws1,c,speaker\nws1,e,speaker\n"
    "ws2,b,moderator\nws2,d,speaker\nws2,f,speaker\n",
}

CONFIG = """
[nri]
name = "Test Dialogue"
acronym = "TestDIG"
country = "LT"
kind = "regional"

[edition]
year = 2024
start = 2024-06-17

[plugins.eurodig]
{settings}

[survey]
topics_to_select = 3

[inputs]
organisations = "organisations.csv"
people = "people.csv"
committee = "committee.csv"
topics = "topics.csv"
survey = "survey.csv"
panels = "panels.csv"
panellists = "panellists.csv"
"""


@pytest.fixture
def edition(tmp_path, monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "eurodig")
    nrikit.plugins.reset()

    def run(settings="", **files):
        for name, text in {**FILES, **{k + ".csv": v for k, v in files.items()}}.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        path = tmp_path / "dig.toml"
        path.write_text(CONFIG.format(settings=settings), encoding="utf-8")
        pipeline = Pipeline(load(path))
        pipeline.run()
        return pipeline

    yield run
    nrikit.plugins.reset()


def eurodig_findings(pipeline):
    return {(f["rule"], f["severity"], f["subject"]) for f in pipeline.findings() if f["rule"].startswith("eurodig")}


def test_defaults_make_the_call_binding_and_sessions_small(edition):
    pipeline = edition()
    assert pipeline.edition["survey"]["binding"] is True
    assert pipeline.edition["panels"]["max_size"] == 5
    assert [r[0] for r in pipeline.db.execute("SELECT topic_id FROM topic_decisions WHERE approved ORDER BY 1")] == [
        "hr",
        "media",
        "sec",
    ]


def test_issue_without_session_countries_and_youth(edition):
    assert eurodig_findings(edition()) == {
        # "media" had a public submission but no session.
        ("eurodig_issues_accommodated", "error", "topic:media"),
        # ws2 is all German.
        ("eurodig_countries", "error", "panel:ws2"),
        # ws2 has no YOUthDIG participant.
        ("eurodig_youth", "warning", "panel:ws2"),
    }


def test_thresholds_come_from_settings(edition):
    found = edition('min_countries = 1\nmax_country_share = 0.4\nyouth_organisations = ["youthdig", "ngo"]')
    assert eurodig_findings(found) == {
        ("eurodig_issues_accommodated", "error", "topic:media"),
        ("eurodig_countries", "warning", "panel:ws2"),  # 3 of 3 from DE > 40%
    }


def test_committee_from_one_country(edition):
    people = FILES["people.csv"].replace(",LV,ai", ",LT,ai").replace("b,Bram,man,ngo,DE", "b,Bram,man,ngo,LT")
    assert ("eurodig_committee_countries", "warning", "committee") in eurodig_findings(edition(people=people))
    assert not any(r == "eurodig_committee_countries" for r, _, _ in eurodig_findings(edition()))


@pytest.mark.parametrize(
    "settings, key",
    [
        ("min_countries = 0", "plugins.eurodig.min_countries"),
        ("max_country_share = 1.5", "plugins.eurodig.max_country_share"),
        ('youth_organisations = "youthdig"', "plugins.eurodig.youth_organisations"),
        ("max_countries = 3", "plugins.eurodig"),
    ],
)
def test_bad_settings_fail_at_load(edition, settings, key):
    with pytest.raises(ConfigError) as err:
        edition(settings)
    assert err.value.key == key
