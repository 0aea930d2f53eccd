"""Accessibility: axe-core (from npm, tests/a11y/package.json) run in headless Chromium finds no
serious or critical violation on the four-NRI demo site's home, table and row pages (a real
`nrikit serve`) and on the Peru 2017 HTML report in Spanish.

axe is appended to a saved copy of each page (with a <base> so the page's own stylesheets load
from the server; the report's Content-Security-Policy, which forbids any script, is dropped from
the copy only). CI installs axe-core with `npm install --prefix tests/a11y` (.ci/run).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest
from test_chart_layout import CHROMIUM, FLAGS, demo, served  # noqa: F401  (fixtures)

from nrikit import plugins

AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.skipif(
    (CHROMIUM is None or not AXE.is_file()) and not os.environ.get("CI"),
    reason="needs chromium and axe-core (npm install --prefix tests/a11y); required in CI",
)
RUN = """<script>
document.addEventListener("DOMContentLoaded", async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const pre = document.createElement("pre");
  pre.id = "axe-result";
  pre.textContent = JSON.stringify(bad.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))})));
  document.body.appendChild(pre);
});
</script>"""


def _axe(html: str, tmp_path: Path, name: str, base: str | None = None) -> list[dict]:
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    if base:
        html = html.replace("<head>", f'<head><base href="{base}">', 1)
    page = tmp_path / f"{name}.html"
    script = f"<script>{AXE.read_text(encoding='utf-8')}</script>{RUN}"
    page.write_text(html.replace("</body>", script + "</body>"), encoding="utf-8")
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, "--virtual-time-budget=20000", "--window-size=1280,2000", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
    ).stdout
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
    assert found, f"axe did not report on {name}"
    text = found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return json.loads(text)


@pytest.mark.parametrize(
    "path",
    ["", "public/committee_members", "public/demographics?dimension=gender", "public/editions/igf-peru-2017"],
    ids=["home", "table", "table-filtered", "row"],
)
def test_site_pages_have_no_serious_or_critical_violation(served, tmp_path, path):  # noqa: F811
    html = urllib.request.urlopen(served + path).read().decode("utf-8")
    assert _axe(html, tmp_path, "page", base=served) == []


def test_the_html_report_has_no_serious_or_critical_violation(demo, tmp_path):  # noqa: F811
    from nrikit.report import build

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru,brazil,eurodig")
        plugins.reset()
        html = build(demo / "peru" / "2017.toml", fmt="html", lang="es", site=demo / "site", record=False).text
        plugins.reset()
    assert _axe(html, tmp_path, "report") == []
