"""Charts that read well, measured in headless Chromium at 1280 and 360 px: every SVG text box (legend
entries, labels, values) lies inside its chart, the chart fits the window, and its text is drawn at
11 px or more. Pages: the four-NRI demo site's home page from a real `nrikit serve`, and the Peru
2017 report in Spanish. Also, without a browser: the growth charts compare the editions of one NRI,
a figure an edition lacks reads "n/a", and withheld groups keep their share of the speakers' bar.

Chromium has no driver here: the page is saved with a measuring script appended (and a <base> so
its stylesheets still load from the server), and `--dump-dom` returns what the script wrote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_server import serve_site

from nrikit import plugins

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--virtual-time-budget=3000",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium not installed (apt-get install -y chromium); required in CI",
)
EDITIONS = ["peru/2016.toml", "peru/2017.toml", "brazil/2025.toml", "eurodig/2024.toml"]

# Appended to the page: one JSON line per visible chart, with every text box that leaves it.
MEASURE = """
<script>
document.addEventListener("DOMContentLoaded", () => {
  const out = [];
  for (const svg of document.querySelectorAll("svg.nrikit-chart")) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;  // the other layout (wide or narrow) of the same chart
    const scale = box.width / svg.viewBox.baseVal.width;
    const bad = [];
    for (const text of svg.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        bad.push(text.textContent);
    }
    out.push({label: svg.getAttribute("aria-label"), left: box.left, right: box.right, width: box.width,
              px: 12 * scale, texts: svg.querySelectorAll("text").length, outside: bad});
  }
  parent.postMessage(JSON.stringify({window: window.innerWidth, scroll: document.documentElement.scrollWidth, charts: out}), "*");
});
</script>
"""
# Headless Chromium will not open a window narrower than 500 px: the page is measured in an iframe
# of the width under test, which posts its measurements to this frame.
HARNESS = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="width:{width}px;height:3000px;border:0"></iframe>
<script>
window.addEventListener("message", (e) => {{
  const pre = document.createElement("pre");
  pre.id = "nrikit-measure";
  pre.textContent = e.data;
  document.body.appendChild(pre);
}});
</script></body></html>"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The four-NRI demo (Peru 2016 and 2017, FIB 2025, EuroDIG 2024) published as one site and served."""
    from nrikit.cli import cli

    root = tmp_path_factory.mktemp("layout")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru,brazil,eurodig")
        plugins.reset()
        for nri in ("peru", "brazil", "eurodig"):
            shutil.copytree(ROOT / "configs" / nri, root / nri, ignore=shutil.ignore_patterns(".nrikit"))
        configs = [str(root / e) for e in EDITIONS]
        result = CliRunner().invoke(cli, ["publish", *configs, "--out", str(root / "site"), "--run"])
        assert result.exit_code == 0, result.output
        plugins.reset()
    return root


@pytest.fixture(scope="module")
def served(demo):
    with serve_site(demo / "site", ready="-/versions.json") as site:
        yield site.url


def _measure(html: str, tmp_path: Path, width: int, base: str | None = None) -> dict:
    # the report forbids scripts (its Content-Security-Policy): the measuring copy drops that line only
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    if base:
        html = html.replace("<head>", f'<head><base href="{base}">', 1)
    page = tmp_path / f"measure-{width}.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    harness = tmp_path / f"harness-{width}.html"
    harness.write_text(HARNESS.format(src=page.name, width=width), encoding="utf-8")
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--window-size={width + 100},3100", "--dump-dom", harness.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    found = re.search(r'<pre id="nrikit-measure">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<"))


def _check(result: dict, width: int, charts: int):
    assert result["window"] == width
    assert len(result["charts"]) == charts, [c["label"] for c in result["charts"]]
    for chart in result["charts"]:
        assert chart["outside"] == [], f"{chart['label']} at {width}px: text outside the chart: {chart['outside']}"
        assert chart["right"] <= width + 0.5, f"{chart['label']} at {width}px is wider than the window"
        assert chart["px"] >= 11, f"{chart['label']} at {width}px draws its text at {chart['px']:.1f}px"
        assert chart["texts"] > 3


@needs_chromium
@pytest.mark.parametrize("width", [1280, 360])
def test_demo_home_page_charts_fit_at_desktop_and_phone_width(served, tmp_path, width):
    html = urllib.request.urlopen(served).read().decode("utf-8")
    # gender, committee on IGF groups, and one growth chart per NRI with several editions (Peru)
    _check(_measure(html, tmp_path, width, base=served), width, 3)


@needs_chromium
@pytest.mark.parametrize("width", [1280, 360])
def test_report_charts_fit_at_desktop_and_phone_width(demo, tmp_path, width):
    from nrikit.report import build

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru,brazil,eurodig")
        plugins.reset()
        html = build(demo / "peru" / "2017.toml", fmt="html", lang="es", site=demo / "site", record=False).text
        plugins.reset()
    result = _measure(html, tmp_path, width)
    _check(result, width, 4)
    # wide tables scroll inside their own region: the page itself never scrolls sideways
    assert result["scroll"] <= width, f"the report is {result['scroll']} px wide at {width} px"


# ------------------------------------------------------------------ without a browser


@pytest.mark.asyncio
async def test_growth_is_per_nri_and_a_missing_figure_reads_na(demo):
    from datasette.app import Datasette

    html = (await Datasette(config_dir=demo / "site").client.get("/")).text
    growth = re.findall(r'<figure class="nrikit-figure" id="(growth-[\w-]+)"', html)
    assert growth == ["growth-igf-peru"]  # the only NRI with two editions; FIB and EuroDIG have one each
    chart = html[html.index('id="growth-igf-peru"') :]
    chart = chart[: chart.index("</figure>")]
    assert "FIB" not in chart and "EuroDIG" not in chart
    assert "The data of this chart" in chart  # a link to the table under every chart
    conn = __import__("sqlite3").connect(demo / "site" / "public.db")
    fib = dict(conn.execute("SELECT metric, value FROM edition_stats WHERE edition_id = 'fib-2025'"))
    assert "survey_ballots" not in fib  # FIB has no public survey: unknown, not 0


def test_a_figure_an_edition_lacks_reads_na_never_0():
    from nrikit.opendata.datasette_plugin import charts

    rows = [
        {"label": "A 2024", "metric": "survey_ballots", "value": 40},
        {"label": "A 2025", "metric": "survey_ballots", "value": None},
        {"label": "A 2025", "metric": "attendees", "value": 120},
    ]
    svg = charts.growth(rows, ("attendees", "survey_ballots"))
    assert ">n/a</text>" in svg and "A 2025: Survey ballots not recorded" in svg  # the metric's label
    assert ">0</text>" not in svg


def test_legends_wrap_and_long_names_are_shortened_with_the_full_name_in_a_tooltip():
    from nrikit.opendata.datasette_plugin import charts

    long = "Foro de Gobernanza de Internet del Perú, edición especial del décimo aniversario 2026"
    rows = [
        {"label": f"{long} {i}", "stakeholder": f"g{i}", "stakeholder_label": f"Group {i} " * 4, "seats": 1}
        for i in range(8)
    ]
    svg = charts.committee_composition(rows, width=charts.NARROW)
    assert f"<title>{long} 0</title>" in svg and "…" in svg
    lines = set(re.findall(r"<g class=\"legend-item\"><rect x=\"[\d.]+\" y=\"([\d.]+)\"", svg))
    assert len(lines) > 2  # eight legend entries wrap onto several lines at phone width
    height = float(re.search(r'height="(\d+)"', svg).group(1))
    assert all(float(y) + 12 <= height for y in lines)  # ...and the SVG grows to hold them


def test_the_gender_legend_has_its_words_and_withheld_groups_keep_their_share(tmp_path):
    """The report's gender legend once showed one blue square with no text, and the speakers' bar
    stretched the published groups over the whole width when some were withheld."""
    from nrikit.opendata.publish import publish
    from nrikit.report import build

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru")
        plugins.reset()
        root = tmp_path / "peru"
        shutil.copytree(ROOT / "configs" / "peru", root, ignore=shutil.ignore_patterns(".nrikit"))
        pm = plugins.make_plugin_manager()
        publish([root / "2017.toml"], tmp_path / "site", run=True, pm=pm)
        html = build(root / "2017.toml", fmt="html", lang="es", site=tmp_path / "site", pm=pm, record=False).text
        plugins.reset()
    gender = html[html.index('id="chart-gender"') :]
    gender = gender[: gender.index("</figure>")]
    legend = re.findall(r'<g class="legend-item"><rect[^>]*/><text[^>]*>([^<]+)</text></g>', gender)
    assert legend[:2] == ["ponentes", "asistentes"]
    # Peru 2017's speakers: government and technical community are withheld (fewer than k = 5)
    conn = __import__("sqlite3").connect(tmp_path / "site" / "public.db")
    cells = conn.execute(
        "SELECT category, count, suppressed FROM demographics WHERE edition_id = 'igf-peru-2017' "
        "AND population = 'speakers' AND dimension = 'stakeholder'"
    ).fetchall()
    assert any(s for _c, _n, s in cells)
    shown = sum(n for _c, n, s in cells if not s)
    total = conn.execute(
        "SELECT value FROM edition_stats WHERE edition_id = 'igf-peru-2017' AND metric = 'speakers'"
    ).fetchone()[0]
    bars = html[html.index('id="chart-attendees"') :]
    bars = bars[: bars.index("</div>")]  # the wide layout
    speakers = re.findall(
        r'<rect class="bar" x="[\d.]+" y="(\d+)" width="([\d.]+)"[^>]*><title>ponentes: ([^<]+)</title>', bars
    )
    widths = {title: float(w) for _y, w, title in speakers}
    assert f"reservado, {int(total - shown)} de {int(total)}" in widths
    plot = sum(widths.values())
    published = sum(w for title, w in widths.items() if not title.startswith("reservado"))
    assert abs(published / plot - shown / total) < 0.01  # the published groups fill only their share
