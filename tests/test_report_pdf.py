"""What the IGF Secretariat receives on paper: the Peru 2017 report (`nrikit report
configs/peru/2017.toml --format html`, with 2016 to compare) printed to PDF by headless Chromium
is compact: at most 8 A4 pages, every page numbered "n / N", no page left mostly empty, and no
amount split over two lines. In English, Spanish and Portuguese.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nrikit import plugins

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium not installed (apt-get install -y chromium); required in CI",
)


@pytest.fixture(scope="module")
def peru(tmp_path_factory):
    from nrikit.opendata.publish import publish

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru")
        plugins.reset()
        root = tmp_path_factory.mktemp("pdf") / "peru"
        shutil.copytree(ROOT / "configs" / "peru", root, ignore=shutil.ignore_patterns(".nrikit"))
        pm = plugins.make_plugin_manager()
        publish([root / "2016.toml", root / "2017.toml"], root.parent / "site", run=True, pm=pm)
        plugins.reset()
    return root, root.parent / "site", pm


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_the_printed_report_is_compact_and_numbered(peru, tmp_path, lang):
    from pypdf import PdfReader

    from nrikit.report import build

    root, site, pm = peru
    html = build(root / "2017.toml", fmt="html", lang=lang, site=site, pm=pm, record=False).text
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    reader = PdfReader(pdf)
    pages = [p.extract_text() for p in reader.pages]
    assert 1 < len(pages) <= 8, len(pages)
    assert all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in reader.pages)
    for n, text in enumerate(pages, 1):
        assert f"{n} / {len(pages)}" in text, f"page {n} has no page number"
    # no page but the last is left mostly empty (forced breaks used to leave half pages); a page of
    # charts holds less text, hence the low bar
    full = max(len(t) for t in pages)
    assert all(len(t) > 0.3 * full for t in pages[:-1]), [len(t) for t in pages]
    # every amount of the budget and sponsors tables is on one line
    amounts = set(re.findall(r"<td class=\"num\">([\d.,]+ (?:USD|PEN))</td>", html))
    assert amounts
    text = "\n".join(pages)
    assert all(a in text for a in amounts), sorted(a for a in amounts if a not in text)
