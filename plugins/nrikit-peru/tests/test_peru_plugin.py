"""The Peru plugin's own behaviour: taxonomy, defaults by edition, and its streaming rule."""

import pytest

import nrikit_peru
from nrikit import config, plugins

BASE = """\
[nri]
name = "Foro de Gobernanza de Internet del Perú"
acronym = "IGF Perú"
country = "PE"
kind = "national"

[edition]
year = {year}
start = {year}-06-06
city = "Lima"

{plugins}
"""


@pytest.fixture(autouse=True)
def only_peru(monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()
    yield
    plugins.reset()


def edition(tmp_path, year, plugins_block="[plugins.peru]"):
    path = tmp_path / f"{year}.toml"
    path.write_text(BASE.format(year=year, plugins=plugins_block), encoding="utf-8")
    return config.load(path)


@pytest.mark.parametrize(
    "value, group",
    [
        ("Gobierno", "government"),
        ("Sector Privado", "private_sector"),
        ("ONG", "civil_society"),
        ("Comunidad Técnica", "technical_community"),
        ("comunidad tecnica", "technical_community"),
        ("Academia", "academia"),
        ("Universidad", "academia"),
    ],
)
def test_taxonomy_maps_spanish_labels(value, group):
    assert nrikit_peru.PERU_TAXONOMY.resolve(value) == group


def test_taxonomy_refuses_unknown_values():
    assert nrikit_peru.PERU_TAXONOMY.resolve("Otros") is None
    assert len(nrikit_peru.PERU_TAXONOMY.expected_ids) == 5


def test_2016_survey_binds_and_2017_does_not(tmp_path):
    e2016, e2017 = edition(tmp_path, 2016), edition(tmp_path, 2017)
    assert e2016["survey"]["binding"] is True
    assert e2017["survey"]["binding"] is False and e2017["survey"]["approval"] == "simple_majority"
    for e in (e2016, e2017):
        assert e["stakeholders"]["taxonomy"] == "peru"
        assert e["committee"]["secretariat_method"] == "without_opposition"
        assert e["panels"]["gender_rule"] == "mixed" and e["panels"]["require_expertise"] is True


def test_config_wins_over_plugin_defaults(tmp_path):
    e = edition(tmp_path, 2017, '[plugins.peru]\n\n[survey]\nbinding = true\napproval = "consensus"')
    assert e["survey"]["binding"] is True and e["survey"]["approval"] == "consensus"


def test_setting_overrides_the_known_history(tmp_path):
    e = edition(tmp_path, 2016, "[plugins.peru]\nsurvey_binding = false")
    assert e["survey"]["binding"] is False


def test_editions_without_the_plugin_get_no_peru_rules(tmp_path):
    e = edition(tmp_path, 2017, "")
    assert e["stakeholders"]["taxonomy"] == "igf" and e["committee"]["secretariat_method"] == "not_recorded"


def test_streaming_rule(tmp_path):
    e = edition(tmp_path, 2016)

    class Ctx:
        edition = e

    found = list(nrikit_peru.check_streaming(Ctx))
    assert [f.rule for f in found] == ["peru_streaming"]
    assert "outside Lima" in found[0].text() and "fuera de Lima" in found[0].text("es")
    e.data["event"]["streamed"] = True
    assert list(nrikit_peru.check_streaming(Ctx)) == []
