"""Every taxonomy maps onto the IGF's stakeholder groups, as declared by its author: public.db carries
the NRI's own group and the IGF group(s) it counts as, the site compares NRIs on the IGF groups,
and each group has one colour-blind-safe colour on the site and in the report.

Built from real runs of the bundled Peru 2017 and Brazil (FIB) 2025 editions.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from nrikit import Group, Taxonomy, plugins
from nrikit.taxonomy import IGF_COLOURS, IGF_GROUPS, IGF_TAXONOMY

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from nrikit.opendata.publish import publish

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru,brazil")
        plugins.reset()
        root = tmp_path_factory.mktemp("igf")
        for nri in ("peru", "brazil"):
            shutil.copytree(ROOT / "configs" / nri, root / nri, ignore=shutil.ignore_patterns(".nrikit"))
        pm = plugins.make_plugin_manager()
        configs = [root / "peru" / "2017.toml", root / "brazil" / "2025.toml"]
        publish(configs, root / "site", run=True, pm=pm)
        plugins.reset()
    return {"root": root, "site": root / "site", "pm": pm, "configs": configs}


def test_the_igf_groups_and_their_colours_are_colour_blind_safe_and_distinct():
    assert list(IGF_GROUPS) == [g.id for g in IGF_TAXONOMY.groups]
    assert len(set(IGF_COLOURS.values())) == len(IGF_COLOURS)
    okabe_ito = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}
    assert set(IGF_COLOURS.values()) <= okabe_ito
    assert all(g.igf == (g.id,) for g in IGF_TAXONOMY.groups)


def test_a_taxonomy_cannot_declare_a_group_the_igf_does_not_have():
    with pytest.raises(ValueError, match="unknown IGF group.*youth_sector.*IGF groups: government"):
        Taxonomy("x", [Group("youth", "Youth", igf=("youth_sector",))])


def test_brazil_declares_its_sectors_on_the_igf_groups(site):
    conn = sqlite3.connect(site["site"] / "public.db")
    mapping = conn.execute(
        "SELECT stakeholder, igf_group, weight FROM stakeholder_igf_groups WHERE edition_id = 'fib-2025' "
        "ORDER BY stakeholder, igf_group"
    ).fetchall()
    assert mapping == [
        ("business", "private_sector", 1.0),
        ("government", "government", 1.0),
        ("scientific_technological", "academia", 0.5),
        ("scientific_technological", "technical_community", 0.5),
        ("third_sector", "civil_society", 1.0),
    ]
    # the NRI's own group stays on its rows; the cross-NRI view counts them on the IGF groups
    own = dict(
        conn.execute("SELECT stakeholder, count(*) FROM committee_members WHERE edition_id = 'fib-2025' GROUP BY 1")
    )
    assert set(own) == {"business", "government", "scientific_technological", "third_sector"}
    igf = dict(conn.execute("SELECT igf_group, seats FROM committee_igf_balance WHERE edition_id = 'fib-2025'"))
    assert igf["civil_society"] == own["third_sector"]
    assert igf["technical_community"] == igf["academia"] == own["scientific_technological"] / 2
    assert sum(igf.values()) == sum(own.values())  # a split seat is still one seat
    colours = dict(conn.execute("SELECT id, colour FROM igf_stakeholder_groups"))
    assert colours == IGF_COLOURS


@pytest.mark.asyncio
async def test_the_site_compares_nris_on_igf_groups_with_their_colours(site):
    from datasette.app import Datasette

    ds = Datasette(config_dir=site["site"])
    html = (await ds.client.get("/")).text
    chart = html[html.index('id="committee"') :]
    chart = chart[: chart.index("</svg>")]
    assert "Third sector" not in chart and "Civil society" in chart
    assert "FIB 2025: Civil society" in chart and "IGF Perú 2017: Civil society" in chart
    fills = set(re.findall(r'fill="(#[0-9A-Fa-f]{6})"', chart))
    assert {IGF_COLOURS["civil_society"], IGF_COLOURS["academia"], IGF_COLOURS["technical_community"]} <= fills


def test_each_nris_report_keeps_its_own_labels_in_the_igf_colours(site):
    from nrikit.report import build

    brazil = site["configs"][1]
    html = build(brazil, fmt="html", lang="pt", site=site["site"], pm=site["pm"], record=False).text
    committee = html[html.index("<svg") :]
    assert "Terceiro setor" in committee and "Sociedade civil" not in committee
    # Terceiro setor is drawn in civil society's colour, the same as on the site and in Peru's report
    swatch = re.search(r'<rect[^>]*fill="(#[0-9A-Fa-f]{6})"/><text[^>]*>Terceiro setor<', committee)
    assert swatch and swatch.group(1) == IGF_COLOURS["civil_society"]
    peru = build(site["configs"][0], fmt="html", lang="es", site=site["site"], pm=site["pm"], record=False).text
    swatch = re.search(r'<rect[^>]*fill="(#[0-9A-Fa-f]{6})"/><text[^>]*>Sociedad civil<', peru)
    assert swatch and swatch.group(1) == IGF_COLOURS["civil_society"]


@pytest.mark.asyncio
async def test_a_site_of_several_nris_is_described_as_one_with_each_nris_source(site):
    from datasette.app import Datasette

    ds = Datasette(config_dir=site["site"])
    html = (await ds.client.get("/")).text
    # not the first config's "Foro de Gobernanza de Internet del Perú: datos abiertos"
    assert "datos abiertos" not in html and "open data of 2 NRIs" in html
    assert "Fórum da Internet no Brasil" in html and "Foro de Gobernanza de Internet del Perú" in html
    nris = html[html.index('<ul class="nrikit-nris">') : html.index("</ul>", html.index('<ul class="nrikit-nris">'))]
    peru = next(li for li in nris.split("<li>") if "Perú" in li)
    brazil = next(li for li in nris.split("<li>") if "Brasil" in li)
    assert 'href="https://www.giswatch.org/"' in peru and "giswatch" not in brazil
    assert "IGF Perú 2017" in peru and "FIB 2025" in brazil
    editions = (await ds.client.get("/public/editions.json?_shape=array")).json()
    sources = {e["id"]: e["source_url"] for e in editions}
    assert sources == {"igf-peru-2017": "https://www.giswatch.org/", "fib-2025": None}
    # and no table page claims Peru's source for Brazil's rows
    table = (await ds.client.get("/public/committee_members")).text
    assert "giswatch" not in table
