"""nrikit's hand-made SVG charts against Vega-Lite specs rendered to static SVG by vl-convert-python.

    python benchmarks/bench_charts.py        (make bench installs vl-convert-python, the `bench` extra)

Issue 13 asked to replace the hand-made chart code with a maintained library unless ours measures
better. Both draw the three home-page charts (women among speakers and attendees, committee seats by
IGF group, growth of one NRI) from the same rows of the four-NRI demo's public.db, each at desktop
width and at phone width (the site shows one or the other by CSS). Measured side by side:

- render time for the three charts at both widths (alternating runs, min/median/max);
- in headless Debian Chromium, at 1280 and 360 px: text drawn outside its chart (clipped labels and
  legends, the bug that started issue 13) and the smallest text size on screen;
- what a reader without sight or colour gets: marks that carry their words (<title> tooltips,
  aria-label), and the SVG bytes a page carries.

The Vega-Lite specs are written the way their documentation recommends for these charts (grouped and
stacked horizontal bars, `labelLimit` for long names, legends in columns), with the same colours.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import alternate, exit_code, record

from nrikit.opendata.datasette_plugin import GROWTH_METRICS, charts

ROOT = Path(__file__).resolve().parents[1]

EDITIONS = ["peru/2016.toml", "peru/2017.toml", "brazil/2025.toml", "eurodig/2024.toml"]
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


def demo_site(root: Path) -> Path:
    for nri in ("peru", "brazil", "eurodig"):
        shutil.copytree(ROOT / "configs" / nri, root / nri, ignore=shutil.ignore_patterns(".nrikit"))
    subprocess.run(
        [sys.executable, "-m", "nrikit", "publish", *(str(root / e) for e in EDITIONS), "--out", str(root / "site")]
        + ["--run"],
        check=True,
        capture_output=True,
        env={**os.environ, "NRIKIT_LOAD_PLUGINS": "peru,brazil,eurodig"},
    )
    return root / "site" / "public.db"


def chart_rows(db: Path) -> dict:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row

    def rows(sql):
        return [dict(r) for r in conn.execute(sql)]

    gender = rows(
        "SELECT e.label, g.population, g.women_pct FROM gender_share g JOIN editions e ON e.id = g.edition_id "
        "WHERE g.population IN ('speakers', 'attendees') ORDER BY e.nri, e.year"
    )
    committee = rows(
        "SELECT e.label, c.igf_group AS stakeholder, c.igf_label AS stakeholder_label, c.seats, c.colour "
        "FROM committee_igf_balance c JOIN editions e ON e.id = c.edition_id ORDER BY e.nri, e.year"
    )
    stats = rows(
        "SELECT e.nri, e.label, s.metric, s.value FROM edition_stats s JOIN editions e ON e.id = s.edition_id "
        "WHERE e.nri = (SELECT nri FROM editions GROUP BY nri HAVING count(*) > 1 LIMIT 1) ORDER BY e.year"
    )
    return {"gender": gender, "committee": committee, "growth": stats}


def ours(data: dict, width: int) -> list[str]:
    colours = {r["stakeholder"]: r["colour"] for r in data["committee"]}
    return [
        charts.gender_share(data["gender"], width=width),
        charts.committee_composition(data["committee"], colours=colours, width=width),
        charts.growth(data["growth"], GROWTH_METRICS, width=width),
    ]


def vega_specs(data: dict, width: int) -> list[dict]:
    label_limit = 150 if width >= 600 else 90
    base = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {"font": "system-ui, sans-serif", "axis": {"labelFontSize": 12}, "legend": {"labelFontSize": 12}},
    }
    series = {"speakers": charts.SERIES_COLOURS["speakers"], "attendees": charts.SERIES_COLOURS["attendees"]}
    gender = {
        **base,
        "title": charts.LABELS["gender.title"],
        "data": {"values": data["gender"]},
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "y": {"field": "label", "type": "nominal", "title": None, "axis": {"labelLimit": label_limit}},
                    "yOffset": {"field": "population"},
                    "x": {"field": "women_pct", "type": "quantitative", "scale": {"domain": [0, 100]}, "title": "%"},
                    "color": {
                        "field": "population",
                        "scale": {"domain": list(series), "range": list(series.values())},
                        "legend": {"orient": "bottom", "columns": 2 if width < 600 else 4, "title": None},
                    },
                    "tooltip": [{"field": "label"}, {"field": "population"}, {"field": "women_pct"}],
                },
            },
            {"mark": {"type": "rule", "strokeDash": [4, 3]}, "encoding": {"x": {"datum": 50}}},
        ],
    }
    committee = {
        **base,
        "title": charts.LABELS["committee.title"],
        "data": {"values": data["committee"]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None, "axis": {"labelLimit": label_limit}},
            "x": {"field": "seats", "type": "quantitative", "aggregate": "sum", "stack": "normalize", "title": None},
            "color": {
                "field": "stakeholder_label",
                "scale": {
                    "domain": list(dict.fromkeys(r["stakeholder_label"] for r in data["committee"])),
                    "range": list(dict.fromkeys(r["colour"] for r in data["committee"])),
                },
                "legend": {"orient": "bottom", "columns": 2 if width < 600 else 3, "title": None},
            },
            "tooltip": [{"field": "label"}, {"field": "stakeholder_label"}, {"field": "seats"}],
        },
    }
    growth = {
        **base,
        "title": charts.LABELS["growth.title"],
        "data": {"values": [r for r in data["growth"] if r["metric"] in GROWTH_METRICS]},
        "transform": [{"joinaggregate": [{"op": "max", "field": "value", "as": "top"}], "groupby": ["metric"]}]
        + [{"calculate": "datum.top ? datum.value / datum.top : 0", "as": "share"}],
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "y": {"field": "metric", "type": "nominal", "title": None, "axis": {"labelLimit": label_limit}},
                    "yOffset": {"field": "label"},
                    "x": {"field": "share", "type": "quantitative", "axis": None},
                    "color": {
                        "field": "label",
                        "scale": {"range": list(charts.PALETTE)},
                        "legend": {"orient": "bottom", "columns": 2 if width < 600 else 4, "title": None},
                    },
                    "tooltip": [{"field": "label"}, {"field": "metric"}, {"field": "value"}],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3},
                "encoding": {
                    "y": {"field": "metric", "type": "nominal"},
                    "yOffset": {"field": "label"},
                    "x": {"field": "share", "type": "quantitative"},
                    "text": {"field": "value", "type": "quantitative", "format": ",.0f"},
                },
            },
        ],
    }
    return [gender, committee, growth]


def vega(data: dict, width: int) -> list[str]:
    import vl_convert

    return [vl_convert.vegalite_to_svg(spec) for spec in vega_specs(data, width)]


# Appended to each page: for every chart, the text boxes that leave it and its smallest text on screen.
MEASURE = """<script>
document.addEventListener("DOMContentLoaded", () => {
  const out = [];
  for (const svg of document.querySelectorAll("svg[data-chart]")) {
    const box = svg.getBoundingClientRect();
    const bad = [];
    let px = 1e9;
    for (const text of svg.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (!text.textContent.trim()) continue;
      px = Math.min(px, parseFloat(getComputedStyle(text).fontSize) * box.width / (svg.viewBox.baseVal.width || box.width));
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        bad.push(text.textContent);
    }
    out.push({chart: svg.getAttribute("data-chart"), outside: bad, px: px, right: box.right});
  }
  parent.postMessage(JSON.stringify(out), "*");
});
</script>"""
HARNESS = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="width:{width}px;height:6000px;border:0"></iframe>
<script>window.addEventListener("message", (e) => {{
  const pre = document.createElement("pre"); pre.id = "m"; pre.textContent = e.data; document.body.appendChild(pre);
}});</script></body></html>"""


def measure(svgs: list[str], width: int, folder: Path, name: str) -> list[dict]:
    """Lay the charts out as the site does (max-width 100%, height auto) in a window `width` px wide."""
    tagged = [re.sub(r"<svg\b", f'<svg data-chart="{name}-{i}"', s, count=1) for i, s in enumerate(svgs)]
    page = folder / f"{name}-{width}.html"
    style = "svg { max-width: 100%; height: auto; display: block; margin: 8px 0 }"
    page.write_text(
        f"<!DOCTYPE html><html><head><style>body{{margin:8px}} {style}</style></head><body>"
        + "".join(tagged)
        + MEASURE
        + "</body></html>",
        encoding="utf-8",
    )
    harness = folder / f"harness-{name}-{width}.html"
    harness.write_text(HARNESS.format(src=page.name, width=width), encoding="utf-8")
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--window-size={width + 100},3000", "--dump-dom", harness.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    found = re.search(r'<pre id="m">(.*?)</pre>', dom, re.S)
    if not found:
        raise SystemExit(f"chromium gave no measurement for {page}")
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<"))


def words_per_mark(svgs: list[str]) -> tuple[int, int]:
    """(bars and other marks, marks that carry their words as a <title> or an aria-label)."""
    marks = worded = 0
    for svg in svgs:
        for m in re.finditer(r"<(rect|path)\b([^>]*)>(\s*<title>)?", svg):
            attrs = m.group(2)
            if m.group(1) == "path" and "aria-roledescription" not in attrs:
                continue  # axis lines and legend symbols, not data
            if m.group(1) == "rect" and 'class="bar"' not in attrs:
                continue
            marks += 1
            worded += bool(m.group(3) or "aria-label=" in attrs)
    return marks, worded


def main() -> int:
    try:
        import vl_convert  # noqa: F401
    except ImportError:
        print("vl-convert-python is not installed: pip install -e '.[bench]' (make bench does)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = chart_rows(demo_site(root))
        vega(data, charts.WIDTH)  # the first call starts vl-convert's JavaScript engine: not counted

        def timed(draw):
            def run():
                t = time.perf_counter()
                for width in (charts.WIDTH, charts.NARROW):
                    draw(data, width)
                return time.perf_counter() - t

            return run

        a, b = alternate(timed(ours), timed(vega), runs=7)
        print(f"render 3 charts x 2 widths: nrikit {a} s, vl-convert {b} s")
        record(
            "charts",
            "render the 3 home-page charts at 2 widths vs Vega-Lite + vl-convert",
            a,
            b,
            "s",
            "<= 1x",
            a.median <= b.median,
        )
        for width, layout in ((1280, charts.WIDTH), (360, charts.NARROW)):
            mine = measure(ours(data, layout), width, root, "nrikit")
            theirs = measure(vega(data, layout), width, root, "vega")
            out_mine = sum(len(c["outside"]) for c in mine)
            out_theirs = sum(len(c["outside"]) for c in theirs)
            px_mine = min(c["px"] for c in mine)
            px_theirs = min(c["px"] for c in theirs)
            print(f"{width}px: text outside its chart: nrikit {out_mine}, vega {out_theirs}; ", end="")
            print(f"smallest text: nrikit {px_mine:.1f}px, vega {px_theirs:.1f}px")
            for c in theirs:
                if c["outside"]:
                    print(f"  vega {c['chart']}: {c['outside'][:6]}")
            record(
                "charts",
                f"text outside its chart at {width} px (nrikit vs Vega-Lite)",
                out_mine,
                out_theirs,
                "labels",
                "0, and <= Vega-Lite",
                out_mine == 0 and out_mine <= out_theirs,
            )
            record(
                "charts",
                f"smallest text on screen at {width} px (nrikit vs Vega-Lite)",
                px_mine,
                px_theirs,
                "px",
                ">= 11 px",
                px_mine >= 11,
            )
        marks_a, worded_a = words_per_mark(ours(data, charts.WIDTH))
        marks_b, worded_b = words_per_mark(vega(data, charts.WIDTH))
        print(f"marks with their words: nrikit {worded_a}/{marks_a}, vega {worded_b}/{marks_b}")
        record(
            "charts",
            "share of bars that carry their words (tooltip / aria-label), nrikit vs Vega-Lite",
            worded_a / marks_a if marks_a else 0,
            worded_b / marks_b if marks_b else None,
            "",
            "every bar",
            marks_a > 0 and worded_a == marks_a,
        )
        size_a = sum(len(s.encode()) for w in (charts.WIDTH, charts.NARROW) for s in ours(data, w))
        size_b = sum(len(s.encode()) for w in (charts.WIDTH, charts.NARROW) for s in vega(data, w))
        record(
            "charts",
            "SVG bytes on the home page (both widths), nrikit vs Vega-Lite",
            size_a,
            size_b,
            "B",
            "<= 1x",
            size_a <= size_b,
        )
    return exit_code()


if __name__ == "__main__":
    sys.exit(main())
