"""`nrikit compose` and `nrikit generate` through the real CLI, on the Peru example and generated editions."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import nrikit.plugins
from nrikit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PERU_2017 = ROOT / "configs" / "peru" / "2017.toml"
STATED = {"woman", "man", "non_binary"}


@pytest.fixture(autouse=True)
def all_plugins(monkeypatch):
    monkeypatch.delenv("NRIKIT_LOAD_PLUGINS", raising=False)
    nrikit.plugins.reset()
    yield
    nrikit.plugins.reset()


def _people(db):
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT p.id, p.gender, o.stakeholder FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id"
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def test_peru_2017_composer_proposes_seven_balanced_panels(tmp_path):
    db = tmp_path / "peru.db"
    result = CliRunner().invoke(cli, ["compose", str(PERU_2017), "--json", "--db", str(db), "--time-limit", "20"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["status"] == "optimal" and out["violations"] == []
    assert len(out["panels"]) == 7
    people = _people(db)
    for panel, members in out["panels"].items():
        genders = {people[m["person"]][0] for m in members} & STATED
        groups = {people[m["person"]][1] for m in members}
        assert len(genders) >= 2, panel  # no single-gender panel
        assert len(groups) >= 2, panel  # [panels] min_stakeholder_groups = 2
        assert sum(m["role"] == "moderator" for m in members) == 1
        assert 3 <= len(members) <= 7


def test_peru_2017_check_flags_the_all_male_drafts(tmp_path):
    db = tmp_path / "peru.db"
    result = CliRunner().invoke(
        cli, ["compose", str(PERU_2017), "--check", "--round", "draft-1", "--json", "--db", str(db)]
    )
    assert result.exit_code == 1, result.output
    out = json.loads(result.output)
    all_male = {v["subject"] for v in out["violations"] if v["rule"] == "gender" and "no women" in v["message"]}
    assert {"panel:2017-d1-p1", "panel:2017-d1-p3", "panel:2017-d1-p6"} <= all_male
    assert all(v["suggestion"] for v in out["violations"] if v["rule"] == "gender")
    text = CliRunner().invoke(cli, ["compose", str(PERU_2017), "--check", "--round", "draft-1", "--db", str(db)])
    assert "no women" in text.output and "fix: swap" in text.output


def test_unknown_round_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(
        cli, ["compose", str(PERU_2017), "--check", "--round", "draft-9", "--db", str(tmp_path / "w.db")]
    )
    assert result.exit_code == 1
    assert "no round 'draft-9'" in result.output and "draft-1" in result.output


def test_write_logs_the_seed_and_writes_a_draft(tmp_path):
    db = tmp_path / "peru.db"
    result = CliRunner().invoke(cli, ["compose", str(PERU_2017), "--seed", "42", "--write", "--db", str(db)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    tally = json.loads(conn.execute("SELECT tally FROM decision_log WHERE action = 'panels.composed'").fetchone()[0])
    assert tally["seed"] == 42 and len(tally["panels"]) == 7
    assert (tmp_path / "peru-proposal-panellists.csv").read_text().startswith("panel,person,role,remote")


def test_generated_ballots_are_realistic_and_their_own_random_stream(tmp_path):
    """The survey's ballots: Zipf-like topic popularity, a handful of choices per ballot, about
    half of them distinct (real approval surveys over many topics are that diverse), drawn
    from a stream of their own; the LimeSurvey layout holds the same ballots, one Y/blank
    column per topic, plus incomplete responses."""
    import csv
    from collections import Counter

    runner = CliRunner()
    for layout in ("csv", "limesurvey"):
        out = tmp_path / layout
        args = ["generate", "--size", "global", "--seed", "1", "--no-compose", "--ballots", "20000"]
        assert runner.invoke(cli, [*args, "--survey-layout", layout, "--out", str(out)]).exit_code == 0
    with open(tmp_path / "csv" / "data" / "survey.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 20000
    ballots = [r["choices"].split(";") for r in rows]
    assert 0.4 < len({r["choices"] for r in rows}) / len(rows) < 0.9
    sizes = Counter(len(b) for b in ballots)
    assert min(sizes) == 1 and max(sizes) == 10 and 3 <= sum(len(b) for b in ballots) / len(ballots) <= 5
    popularity = sorted(Counter(t for b in ballots for t in b).values(), reverse=True)
    assert len(popularity) == 40 and popularity[0] > 5 * popularity[-1]  # a long tail, not uniform
    assert all(b == sorted(b) for b in ballots)  # in the form's order, as exports list them

    with open(tmp_path / "limesurvey" / "data" / "survey.csv", newline="", encoding="utf-8") as f:
        wide = list(csv.reader(f))
    header, responses = wide[0], wide[1:]
    assert header[:3] == ["id", "token", "submitdate"] and header[11] == "726613X995X33060SQ001"
    complete = [r for r in responses if r[2]]
    assert 0.01 < 1 - len(complete) / len(responses) < 0.03
    topics = [f"t{int(h[-3:]):02d}" for h in header[11:]]
    assert [";".join(t for t, cell in zip(topics, r[11:]) if cell == "Y") for r in complete] == [
        r["choices"] for r in rows
    ]
    assert [r[10] for r in complete] == [r["stakeholder"] for r in rows]

    # the first ballots do not depend on how many are drawn
    small = tmp_path / "small"
    runner.invoke(
        cli, ["generate", "--size", "global", "--seed", "1", "--no-compose", "--ballots", "50", "--out", str(small)]
    )
    head = (small / "data" / "survey.csv").read_text(encoding="utf-8").splitlines()
    assert head == (tmp_path / "csv" / "data" / "survey.csv").read_text(encoding="utf-8").splitlines()[:51]
    # drawn alone, with nothing else of the edition drawn before, they are the same ballots
    from dataclasses import replace

    from nrikit.composer.generate import SIZES, _write_ballots

    alone = tmp_path / "alone"
    alone.mkdir()
    _write_ballots(alone, replace(SIZES["global"], ballots=50), 1, [f"t{j:02d}" for j in range(1, 41)], 2030, "csv")
    assert (alone / "survey.csv").read_text(encoding="utf-8").splitlines() == head


def test_generator_is_deterministic_and_the_edition_runs_with_the_composer(tmp_path):
    runner = CliRunner()
    for name in ("a", "b"):
        assert (
            runner.invoke(cli, ["generate", "--size", "nri", "--seed", "5", "--out", str(tmp_path / name)]).exit_code
            == 0
        )
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(files) == 14
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    other = tmp_path / "c"
    runner.invoke(cli, ["generate", "--size", "nri", "--seed", "6", "--out", str(other)])
    assert (other / "data" / "people.csv").read_bytes() != (tmp_path / "a" / "data" / "people.csv").read_bytes()

    config = tmp_path / "a" / "nri-5.toml"
    result = runner.invoke(cli, ["run", str(config)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(tmp_path / "a" / ".nrikit" / "nri-5.db")
    assert conn.execute("SELECT count(*) FROM survey_ballots").fetchone()[0] == 2000
    finals = conn.execute(
        "SELECT count(DISTINCT pp.panel_id) FROM panellists pp JOIN panels p ON p.id = pp.panel_id "
        "WHERE p.round = 'final'"
    ).fetchone()[0]
    assert finals == 12
    # The composed final panels break none of the panels stage's rules (only the draft round does).
    errors = conn.execute("SELECT count(*) FROM findings WHERE stage = 'panels' AND severity = 'error'").fetchone()[0]
    assert errors == 0
    tally = json.loads(conn.execute("SELECT tally FROM decision_log WHERE action = 'panels.composed'").fetchone()[0])
    assert tally["seed"] == 5 and tally["status"] == "optimal"


def test_help_does_not_import_the_solver():
    code = (
        "import sys; from click.testing import CliRunner; from nrikit.cli import cli; "
        "CliRunner().invoke(cli, ['--help']); CliRunner().invoke(cli, ['compose', '--help']); "
        "print(sorted(m for m in ('highspy', 'numpy', 'ortools') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_infeasible_rules_are_explained_not_just_a_status(tmp_path):
    # Peru 2017 with four stakeholder groups per panel: some topics' experts span only three.
    text = PERU_2017.read_text(encoding="utf-8").replace('= "2017/', f'= "{PERU_2017.parent / "2017"}/')
    text = text.replace("min_stakeholder_groups = 2\n", "min_stakeholder_groups = 4\n")
    config = tmp_path / "hard.toml"
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["compose", str(config), "--json", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 1
    out = json.loads(result.output)
    assert out["status"] == "infeasible" and out["panels"] == {}
    assert out["relaxations"]
    for r in out["relaxations"]:
        assert r["subject"].startswith("panel:2017-f-") and r["rule"] in {"expertise", "stakeholder_groups"}
    assert any(
        "min_stakeholder_groups = 4" in r["context"] or "min_stakeholder_groups from 4" in r["message"]
        for r in out["relaxations"]
    )


def test_suggested_swaps_really_fix_the_draft(tmp_path):
    """Apply every suggested swap of Peru's draft-1 on its own: the rule it targets holds afterwards on
    that panel, and no rule that held on the panel breaks."""
    from nrikit import config, pipeline
    from nrikit.composer import check
    from nrikit.composer.model import Instance
    from nrikit.composer.pool import build_pool

    edition = config.load(PERU_2017)
    edition.data["edition"]["workspace"] = str(tmp_path / "w.db")
    pl = pipeline.Pipeline(edition)
    for stage in pl.stages[:3]:
        pl.run_stage(stage)
    pool = build_pool(pl.context("panels"))
    inst = Instance(pool.rounds["draft-1"], pool.instance.candidates, pool.instance.rules, pool.instance.home_country)
    draft = pool.drafts["draft-1"]
    before = check(inst, draft)
    swaps = [v for v in before if v.suggestion.startswith("swap ")]
    assert len(swaps) >= 5
    for v in swaps:
        _, out, _, new = v.suggestion.split()
        panel = v.subject.split(":", 1)[1]
        fixed = dict(draft)
        fixed[panel] = [(new if p == out else p, r) for p, r in draft[panel]]
        after = check(inst, fixed)
        held = {(w.rule, w.subject) for w in before}
        on_panel_after = {(w.rule, w.subject) for w in after if w.subject == v.subject}
        if v.rule != "expertise":
            assert (v.rule, v.subject) not in on_panel_after, v
        assert on_panel_after <= held, (v, on_panel_after - held)


def test_panels_stage_findings_come_from_the_composer_rules(tmp_path):
    db = tmp_path / "w.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(PERU_2017), "--db", str(db)]).exit_code == 0
    conn = sqlite3.connect(db)
    gender = conn.execute(
        "SELECT subject, severity, message, hint FROM findings WHERE rule = 'panel_gender' ORDER BY subject"
    ).fetchall()
    assert [g[0] for g in gender if "has no women" in g[2]] == [
        "panel:2017-d1-p1",
        "panel:2017-d1-p3",
        "panel:2017-d1-p6",
    ]
    assert all(g[1] == "warning" and g[3].startswith("swap ") for g in gender)
    # The same violations, found by `nrikit compose --check`.
    out = json.loads(
        runner.invoke(
            cli, ["compose", str(PERU_2017), "--check", "--round", "draft-1", "--json", "--db", str(db)]
        ).output
    )
    assert sorted(v["subject"] for v in out["violations"] if v["rule"] == "gender") == sorted(g[0] for g in gender)


def test_plugin_composer_rule_reaches_the_solver_and_the_panels_stage(tmp_path):
    """A country plugin's rule through the real plugin manager: the composer obeys it and the panels
    stage reports drafts that break it."""
    from test_composer import _OnePerOrganisationPlugin  # pytest puts tests/ on sys.path

    from nrikit import config, pipeline
    from nrikit.composer import compose as run_composer
    from nrikit.composer.pool import build_pool, plugin_constraints

    pm = nrikit.plugins.make_plugin_manager()
    pm.register(_OnePerOrganisationPlugin(), name="one-org")
    edition = config.load(PERU_2017, pm=pm)
    edition.data["edition"]["workspace"] = str(tmp_path / "w.db")
    pl = pipeline.Pipeline(edition, pm=pm)
    pl.run()
    rows = pl.db.execute("SELECT subject, severity FROM findings WHERE rule = 'panel_plugin_rules'").fetchall()
    assert rows, "some Peru drafts seat two people of one organisation"
    pool = build_pool(pl.context("panels"))
    result = run_composer(pool.instance, seed=1, time_limit=20, plugins=plugin_constraints(pm))
    assert result.status == "optimal" and len(result.panels) == 7
    orgs = {c.id: c.organisation for c in pool.instance.candidates}
    for members in result.panels.values():
        seated = [orgs[p] for p, _ in members if orgs[p]]
        assert len(seated) == len(set(seated))


def test_generator_with_fewer_topics_than_choices_per_ballot(tmp_path):
    """A ballot picks up to five topics; with three topics the draw must stop at three."""
    import dataclasses
    import threading

    from nrikit.composer.generate import SIZES, generate_edition

    size = dataclasses.replace(SIZES["nri"], name="tiny", topics=3, ballots=200, registrations=50)
    done = []
    worker = threading.Thread(target=lambda: done.append(generate_edition(tmp_path, size, seed=2)), daemon=True)
    worker.start()
    worker.join(60)  # a bound, not a timing: the old draw loops forever
    assert done, "generate_edition did not finish with 3 topics"
    with open(tmp_path / "data" / "survey.csv", newline="", encoding="utf-8") as f:
        ballots = list(csv.DictReader(f))
    assert len(ballots) == 200
    assert max(len(b["choices"].split(";")) for b in ballots) == 3


def test_a_gap_lets_the_composer_stop_within_it_with_every_rule_holding(tmp_path):
    """--gap (or [panels] compose_gap) trades proof of the very best for time on large pools: the
    panels still break no rule, and the score is proven within the gap of the bound."""
    db = tmp_path / "peru.db"
    args = ["compose", str(PERU_2017), "--json", "--db", str(db), "--time-limit", "20", "--gap", "0.01"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["violations"] == [] and len(out["panels"]) == 7
    assert out["status"] in ("optimal", "feasible") and out["gap"] is not None and out["gap"] <= 0.01
    refused = CliRunner().invoke(cli, [*args[:-1], "0.9"])
    assert refused.exit_code == 2 and "--gap" in refused.output


def test_compose_gap_is_checked_in_the_config(tmp_path):
    from nrikit import config as config_mod
    from nrikit.errors import ConfigError

    shutil.copytree(PERU_2017.parent, tmp_path / "peru", ignore=shutil.ignore_patterns(".nrikit"))
    cfg = tmp_path / "peru" / PERU_2017.name
    text = cfg.read_text(encoding="utf-8").replace("[panels]\n", "[panels]\ncompose_gap = 0.9\n", 1)
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="compose_gap"):
        config_mod.load(cfg)
