"""The public site's HTML pages read as words: 1/0 flags as yes/no, codes such as `non_binary` as
"Non-binary", and the column descriptions folded away under the table's description so the data
starts near the top. The JSON API and CSV keep the codes. Real Datasette (its ASGI client) on a
site published from the bundled Peru 2017 edition.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from nrikit import plugins

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from nrikit.opendata.publish import publish

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru")
        plugins.reset()
        root = tmp_path_factory.mktemp("pages") / "peru"
        shutil.copytree(ROOT / "configs" / "peru", root, ignore=shutil.ignore_patterns(".nrikit"))
        publish([root / "2017.toml"], root.parent / "site", run=True, pm=plugins.make_plugin_manager())
        plugins.reset()
    return root.parent / "site"


@pytest.fixture
def client(site):
    from datasette.app import Datasette

    return Datasette(config_dir=site).client


@pytest.mark.asyncio
async def test_flags_read_yes_or_no_and_codes_read_as_words(client):
    panels = (await client.get("/public/panels")).text
    flags = re.findall(r'<span class="nrikit-flag" title="([01])">(yes|no)</span>', panels)
    assert flags and all((code == "1") == (word == "yes") for code, word in flags)
    demo = (await client.get("/public/demographics?dimension=gender")).text
    assert '<span class="nrikit-code" title="non_binary">Non-binary</span>' in demo
    assert '<span class="nrikit-code" title="woman">Women</span>' in demo
    row = (await client.get("/public/editions/igf-peru-2017")).text
    assert re.search(r'title="1">yes</span>', row)  # streamed, on the row page too
    # the API keeps the codes
    api = (await client.get("/public/demographics.json?_shape=array&dimension=gender&category=non_binary")).json()
    assert api and api[0]["category"] == "non_binary"
    csv = (await client.get("/public/panels.csv")).text
    assert "has_woman" in csv.splitlines()[0] and ",yes," not in csv


@pytest.mark.asyncio
async def test_column_descriptions_are_folded_away_above_the_data(client):
    page = (await client.get("/public/panels")).text
    details = page.index('<details class="nrikit-columns">')
    assert "<summary>About the columns" in page[details : details + 200]
    assert page.index("</details>", details) < page.index('<table class="rows-and-columns">')
    assert "dl.column-descriptions { display: none; }" in page
