"""What organisers read in their language: `nrikit compose` (explanations, check mode), `nrikit status`,
and the workspace summary, through the real CLI.

Fixtures: the Peru 2017 example (configs/peru, fictional people; the Peruvian IGF as documented in
configs/peru/README.md) made infeasible by asking four stakeholder groups per panel, as
tests/test_compose_cli.py does; and conftest's tiny edition.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrikit import plugins
from nrikit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PERU_2017 = ROOT / "configs" / "peru" / "2017.toml"

# English sentences of the composer's explanations: none may be left in a translated output.
ENGLISH = (
    "The rules cannot all hold",
    "Smallest relaxation",
    "who has none of the topic's expertise",
    "candidate(s) have the topic's expertise",
    "the candidates who may sit on this panel",
    "stakeholder groups:",
    "pool:",
)


@pytest.fixture
def peru_plugin(monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()


def _hard_peru(tmp_path) -> Path:
    text = PERU_2017.read_text(encoding="utf-8").replace('= "2017/', f'= "{PERU_2017.parent / "2017"}/')
    text = text.replace("min_stakeholder_groups = 2\n", "min_stakeholder_groups = 4\n")
    config = tmp_path / "hard.toml"
    config.write_text(text, encoding="utf-8")
    return config


def _cli(*args, expect=0):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == expect, result.output
    return result.output


def test_compose_explains_infeasible_rules_in_spanish_and_portuguese(tmp_path, peru_plugin):
    config = _hard_peru(tmp_path)
    db = tmp_path / "w.db"
    english = _cli("compose", config, "--db", db, expect=1)
    assert all(s in english for s in ENGLISH[:3])
    spanish = _cli("compose", config, "--db", db, "--lang", "es", expect=1)
    assert spanish.splitlines()[0].startswith("Las reglas no pueden cumplirse todas a la vez (no factible).")
    assert "conflicto: las candidaturas que pueden integrar este panel no pueden cumplir" in spanish
    assert "min_stakeholder_groups = 4" in spanish  # config keys and ids stay as written
    assert "géneros: " in spanish and "grupos de partes interesadas: " in spanish
    assert not [s for s in ENGLISH if s in spanish], spanish

    # the same relaxations (subject and rule), line for line: only the language changed
    def subjects(text):
        return [line.split("]")[0] for line in text.splitlines()[1:] if not line.startswith("      ")]

    assert subjects(spanish) == subjects(english) and subjects(english)
    out = json.loads(_cli("compose", config, "--db", db, "--json", "--lang", "pt", expect=1))
    assert out["status"] == "infeasible" and out["relaxations"]
    for r in out["relaxations"]:
        assert r["message"].startswith("painel 2017-f-"), r["message"]
        assert "setores: " in r["context"] and not [s for s in ENGLISH if s in r["context"]], r["context"]


def test_compose_prints_its_proposal_in_portuguese(tmp_path, peru_plugin):
    english = _cli("compose", PERU_2017, "--db", tmp_path / "w.db", "--time-limit", "20")
    out = _cli("compose", PERU_2017, "--db", tmp_path / "w.db", "--time-limit", "20", "--lang", "pt")
    first, *panels = out.splitlines()
    assert first.startswith("7 painéis a partir de ") and "ótimo comprovado" in first and "semente do sorteio" in first
    assert len(panels) == 7 and all(line.endswith(" setores") for line in panels), out
    assert "(mulher)" in out and "(woman)" not in out and "(woman)" in english
    assert "stakeholder groups" not in out and "proven optimal" not in out


def test_compose_check_prints_violations_and_fixes_in_spanish(tmp_path, peru_plugin):
    out = _cli(
        "compose", PERU_2017, "--check", "--round", "draft-1", "--db", tmp_path / "w.db", "--lang", "es", expect=1
    )
    first, *rest = out.splitlines()
    assert first.startswith("Ronda draft-1: ") and "incumplimiento(s)" in first
    fixes = [line for line in rest if line.strip().startswith("corrección: ")]
    assert fixes, out
    assert "panellists are men" not in out and "swap " not in out and "fix:" not in out


def test_an_unknown_language_is_refused(tmp_path, peru_plugin):
    out = _cli("compose", PERU_2017, "--db", tmp_path / "w.db", "--lang", "xx", expect=2)
    assert "no catalogue for 'xx'" in out


def test_status_in_spanish(edition, cli_run):
    cli_run("run", edition.config)
    english = cli_run("status", edition.config).output
    spanish = cli_run("status", edition.config, "--lang", "es").output
    assert "findings:" in english and "inputs:" in english
    assert "hallazgos:" in spanish and "entradas:" in spanish and "findings:" not in spanish
    report = spanish.splitlines()[-1]
    assert report.startswith("report     ") and "produced" not in report and "due" not in report
    assert "vence" in report or "vencía" in report
    assert len(spanish.splitlines()) == len(english.splitlines())


def test_workspace_summary_in_the_organisers_language(edition, cli_run, pipeline_of):
    """[report] lang = "pt": the summary nrikit run writes beside the workspace is in Portuguese,
    the findings too; values from the inputs (names, titles) stay as written."""
    edition.edit_config("[privacy]\nk = 5\n", '[privacy]\nk = 5\n\n[report]\nlang = "pt"\n')
    cli_run("run", edition.config)
    pipeline = pipeline_of(edition)
    summary = pipeline.summary_path.read_text(encoding="utf-8")
    assert summary.startswith("# TLIGF 2025: resumo da edição\n")
    for heading in ("Chamada aberta", "Comitê organizador", "Consulta de temas", "Propostas de painéis", "O evento"):
        assert f"\n## {heading}" in summary, heading
    assert "| Posição | Tema |" in summary and "| Painel | Tema |" in summary
    findings = pipeline.findings("pt")
    assert findings and all(f["message"] in summary for f in findings)
    for english in (
        "edition summary",
        "Generated by nrikit",
        "Findings:",
        "Imports:",
        "rows read",
        "Expressions of interest",
        "Committee:",
        "Topic survey:",
        "Panels:",
        "Invited speakers",
        "Streamed:",
        "no government on the committee",
    ):
        assert english not in summary, english
    assert "Testland Internet Governance Forum" in summary  # the NRI's own name, verbatim
