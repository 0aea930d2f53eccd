"""The public site speaks its language, and its charts are drawn once, at publish time.

The four-NRI demo (Peru 2016 and 2017, FIB 2025, EuroDIG 2024: the bundled example configs, which
follow the Hiperderecho 2017 review, FIB's and EuroDIG's public programmes; see each configs/<nri>/
README.md) is published with the real CLI (`nrikit publish ... --lang es`, and `--lang pt`) and read
through Datasette's own ASGI client, the way `nrikit serve` serves it. The English check is the
Spanish report's (tests/test_i18n.py): a text node with a word of English that is not Spanish or
Portuguese is an English sentence left in the page, once the organisers' own words (edition and NRI
names, sources, table names) are taken out. In a browser (when chromium is there): the Spanish home
page's charts fit at 1280 and 360 px, and axe-core finds no serious or critical violation.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_server import serve_site
from test_chart_layout import EDITIONS, _check, _measure, needs_chromium
from test_i18n import _english_nodes

from nrikit import i18n, plugins

ROOT = Path(__file__).resolve().parents[1]
# What Datasette 0.65 itself writes on the home page that nrikit leaves as it is: its name and version
# (a proper name), the database's name and the API's query string.
DATASETTE_WORDS = {"Datasette", "Datasette v0.65.5", ".json?_shape=array", "agenda.ics", "iCalendar", "JSON", "CSV"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """{lang: site folder} of the four-NRI demo published in English, Spanish and Portuguese."""
    from nrikit.cli import cli

    root = tmp_path_factory.mktemp("lang")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru,brazil,eurodig")
        plugins.reset()
        for nri in ("peru", "brazil", "eurodig"):
            shutil.copytree(ROOT / "configs" / nri, root / nri, ignore=shutil.ignore_patterns(".nrikit"))
        configs = [str(root / e) for e in EDITIONS]
        for n, lang in enumerate(("es", "pt", "en")):
            args = ["publish", *configs, "--out", str(root / f"site-{lang}"), "--lang", lang]
            result = CliRunner().invoke(cli, args + (["--run"] if n == 0 else []))
            assert result.exit_code == 0, result.output
            out[lang] = root / f"site-{lang}"
        plugins.reset()
    out["root"] = root
    return out


async def _get(site: Path, path: str, **settings) -> str:
    from datasette.app import Datasette

    response = await Datasette(config_dir=site, settings=settings or None).client.get(path)
    assert response.status_code == 200, path
    return response.text


def _site_words(site: Path) -> set[str]:
    """The organisers' own words and the data's names, shown as they are in every language."""
    conn = sqlite3.connect(site / "public.db")
    values = set(DATASETTE_WORDS) | {"public"}
    for sql in ("SELECT label FROM editions", "SELECT nri_name FROM editions", "SELECT source FROM editions"):
        values |= {r[0] for r in conn.execute(sql) if r[0]}
    values |= {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    meta = json.loads((site / "metadata.json").read_text(encoding="utf-8"))
    return values | {meta["license"]}  # the licence's name ("CC BY 4.0")


@pytest.mark.asyncio
@pytest.mark.parametrize("lang", ["es", "pt"])
async def test_the_home_page_has_no_english_sentence(sites, lang):
    html = await _get(sites[lang], "/")
    english = await _get(sites["en"], "/")
    words = _site_words(sites[lang])
    assert _english_nodes(english, words), "the check must find English on the English home page"
    assert _english_nodes(html, words) == []
    assert f'<html lang="{lang}">' in html
    title = i18n.gettext(lang, "Internet Governance Forum initiatives: open data of {n} NRIs", n=3)
    assert f"<h1>{title}</h1>" in html and title != "Internet Governance Forum initiatives: open data of 3 NRIs"


@pytest.mark.asyncio
async def test_charts_have_spanish_titles_legends_and_tooltips(sites):
    from nrikit.opendata.datasette_plugin import charts

    html = await _get(sites["es"], "/")
    gender = html[html.index('id="gender-share"') :]
    gender = gender[: gender.index("</figure>")]
    assert "<strong>Mujeres entre ponentes y asistentes</strong>" in gender
    assert f'aria-label="{i18n.translate("es", charts.LABELS["gender.title"])}"' in gender
    legend = re.findall(r'<g class="legend-item"><rect[^>]*/><text[^>]*>([^<]+)</text></g>', gender)
    assert legend[:2] == ["ponentes", "asistentes"]
    assert "<title>IGF Perú 2017, ponentes: 52,8% de mujeres</title>" in gender  # tooltip, Spanish decimals
    committee = html[html.index('id="committee"') :]
    committee = committee[: committee.index("</figure>")]
    legend = re.findall(r'<g class="legend-item"><rect[^>]*/><text[^>]*>([^<]+)</text></g>', committee)
    assert {"Gobierno", "Sector privado", "Sociedad civil", "Comunidad técnica"} <= set(legend)
    growth = html[html.index('id="growth-igf-peru"') :]
    growth = growth[: growth.index("</figure>")]
    assert "de una edición a la siguiente" in growth and ">Asistentes</text>" in growth  # axis label
    assert "Los datos de este gráfico" in growth
    pt = await _get(sites["pt"], "/")
    assert "As iniciativas" in pt and ">palestrantes</text>" in pt and ">Governo</text>" in pt


@pytest.mark.asyncio
async def test_cells_read_si_no_and_coded_values_in_spanish(sites):
    panels = await _get(sites["es"], "/public/panels")
    flags = re.findall(r'<span class="nrikit-flag" title="([01])">([^<]+)</span>', panels)
    assert flags and all(word == ("sí" if code == "1" else "no") for code, word in flags)
    assert '<html lang="es">' in panels and "<summary>Acerca de las columnas (" in panels
    assert "Paneles en borrador y finales, con su composición en recuentos." in panels  # the table's description
    assert "<dt>has_woman</dt><dd>1 si al menos una persona panelista es mujer" in panels  # a column's
    demo = await _get(sites["es"], "/public/demographics?dimension=gender")
    assert f'title="non_binary">{i18n.translate("es", "Non-binary")}</span>' in demo
    assert i18n.translate("es", "Non-binary") != "Non-binary"
    groups = await _get(sites["es"], "/public/igf_stakeholder_groups")
    assert 'title="Government">Gobierno</span>' in groups  # the taxonomy's label, code in the title
    # the API and the CSV keep the codes
    api = await _get(sites["es"], "/public/panels.json?_shape=array&_col=has_woman")
    assert {row["has_woman"] for row in json.loads(api)} <= {0, 1}


def test_published_findings_read_in_the_site_language_with_their_ids_kept(sites):
    def findings(lang):
        conn = sqlite3.connect(sites[lang] / "public.db")
        return {
            (r[0], r[1], r[2]): (r[3], r[4], r[5])
            for r in conn.execute("SELECT edition_id, rule, subject, message, message_id, params FROM findings")
        }

    en, es, pt = findings("en"), findings("es"), findings("pt")
    assert en and en.keys() == es.keys() == pt.keys()
    translated = 0
    for key, (message, message_id, params) in es.items():
        assert (message_id, params) == en[key][1:] == pt[key][1:]  # the same language-neutral record
        expected = i18n.render_stored("es", {"message_id": message_id, "params": params})[0]
        assert message == expected
        translated += message != en[key][0]
    assert translated >= len(es) // 2  # most findings differ from the English text (names and ids do not)
    assert any(m != en[k][0] and m != es[k][0] for k, (m, _, _) in pt.items())  # and Portuguese is its own


@pytest.mark.asyncio
async def test_the_home_page_reads_its_charts_from_the_site_not_from_the_chart_views(sites):
    conn = sqlite3.connect(sites["es"] / "public.db")
    stored = dict(conn.execute("SELECT key, value FROM _nrikit_site"))
    assert json.loads(stored["lang"]) == "es"
    home = json.loads(stored["home"])
    assert [c["id"] for c in home["charts"]] == ["gender-share", "committee", "growth-igf-peru"]
    assert all(c["svg"].startswith('<div class="nrikit-wide"><svg') for c in home["charts"])
    meta = json.loads((sites["es"] / "metadata.json").read_text(encoding="utf-8"))
    assert meta["databases"]["public"]["tables"]["_nrikit_site"] == {"hidden": True}
    # Every SQL statement Datasette ran for one home page (its trace): none reads a chart's view or table.
    html = await _get(sites["es"], "/?_trace=1", trace_debug=True)
    statements = [s.replace("&#39;", "'") for s in re.findall(r"&#34;sql&#34;: &#34;(.*?)&#34;", html)]
    assert statements, "the trace lists the page's SQL"
    charted = re.compile(r"\bfrom\s+\"?(gender_share|committee_igf_balance|edition_stats|editions)\b", re.I)
    assert [s for s in statements if charted.search(s)] == []
    assert 'id="gender-share"' in html


def test_the_language_comes_from_the_report_lang_and_an_unknown_one_is_refused(sites, tmp_path):
    from nrikit.cli import cli

    root = sites["root"]
    config = root / "peru" / "2017.toml"
    text = config.read_text(encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru,brazil,eurodig")
        plugins.reset()
        try:
            bad = CliRunner().invoke(cli, ["publish", str(config), "--out", str(tmp_path / "bad"), "--lang", "xx"])
            assert bad.exit_code != 0 and "xx" in bad.output
            # no --lang and no [publish] lang: the edition's [report] lang
            config.write_text(text.replace("[report]\n", '[report]\nlang = "pt"\n', 1), encoding="utf-8")
            assert "[report]\n" in text
            ok = CliRunner().invoke(cli, ["publish", str(config), "--out", str(tmp_path / "pt"), "--run"])
            assert ok.exit_code == 0, ok.output
        finally:
            config.write_text(text, encoding="utf-8")
            plugins.reset()
    conn = sqlite3.connect(tmp_path / "pt" / "public.db")
    assert json.loads(conn.execute("SELECT value FROM _nrikit_site WHERE key = 'lang'").fetchone()[0]) == "pt"


@pytest.fixture(scope="module")
def served_es(sites):
    with serve_site(sites["es"], ready="-/versions.json") as site:
        yield site.url


@needs_chromium
@pytest.mark.parametrize("width", [1280, 360])
def test_spanish_home_page_charts_fit_at_desktop_and_phone_width(served_es, tmp_path, width):
    html = urllib.request.urlopen(served_es).read().decode("utf-8")
    _check(_measure(html, tmp_path, width, base=served_es), width, 3)


@needs_chromium
def test_spanish_home_page_has_no_serious_or_critical_accessibility_violation(served_es, tmp_path):
    from test_accessibility import AXE, _axe

    if not AXE.is_file():
        pytest.skip("axe-core not installed (npm install --prefix tests/a11y)")
    html = urllib.request.urlopen(served_es).read().decode("utf-8")
    assert _axe(html, tmp_path, "home-es", base=served_es) == []
