"""The committee's overview: stages, every current finding as `nrikit findings` lists them, what is due.

Same fixture edition as tests/test_committee_access.py, run and served through Datasette's ASGI client.
"""

from __future__ import annotations

import html
import json

import pytest
from committee_helpers import Visitor, invite, invoke

from nrikit import config
from nrikit.committee.app import CommitteeApp
from nrikit.committee.dashboard import with_names
from nrikit.pipeline import Pipeline
from nrikit.report.status import report_status


@pytest.fixture
def served(edition):
    invoke("run", edition.config)
    passwords = {"p1": invite(edition.config, "p1", "secretariat"), "p3": invite(edition.config, "p3", "observer")}
    app = CommitteeApp(Pipeline(config.load(edition.config)), report_status=report_status)
    yield {"app": app, "edition": edition, "passwords": passwords}
    app.close()


def named(edition) -> dict:
    import sqlite3

    from nrikit.committee.dashboard import display_names

    with sqlite3.connect(edition.db_path) as conn:
        return display_names(conn)


def cli_findings(edition) -> list[dict]:
    return json.loads(invoke("findings", edition.config, "--json").output)


async def page_text(visitor, path="/") -> str:
    r = await visitor.get(path)
    assert r.status_code == 200
    return html.unescape(r.text)


@pytest.mark.asyncio
async def test_overview_shows_every_finding_the_cli_lists(served):
    observer = Visitor(served["app"])
    await observer.sign_in("cai@example.org", served["passwords"]["p3"])
    text = await page_text(observer)
    findings = cli_findings(served["edition"])
    assert findings, "the fixture edition has findings"
    names = named(served["edition"])
    for f in findings:
        assert with_names(f["message"], names) in text, f["message"]
        if f["hint"]:
            assert with_names(f["hint"], names) in text
    # names, not ids: the CLI's "swap p5 for p6" on the all-male draft reads with the people's names
    assert "swap Eli Example for Fay Example" in text
    assert "Security draft" in text and "has no women" in text  # the all-male draft, by its title
    assert text.count('class="finding ') == len(findings)
    for stage in ("Open call for expressions of interest", "Topic survey and the committee's approval"):
        assert stage in text
    # the report's due date, handed in by the command line: event ends 2025-06-11, due 3 months later
    assert "2025-09-11" in text


@pytest.mark.asyncio
async def test_a_closed_vote_reruns_the_checks_and_the_overview_follows(served):
    edition = served["edition"]
    sec = Visitor(served["app"])
    await sec.sign_in("ana@example.org", served["passwords"]["p1"])
    before = cli_findings(edition)
    assert any(f["rule"] == "survey_adopted" for f in before)  # t2 was in the survey's top 2 but rejected
    assert "No topic vote is open." in await page_text(sec)
    await sec.get("/topics")
    await sec.post("/topics/t2/open")
    assert "Topic votes open: 1" in await page_text(sec)
    await sec.post("/topics/t2/vote", {"vote": "yes"})
    r = await sec.post("/topics/t2/close")
    assert r.status_code == 302
    after = cli_findings(edition)
    rules = {f["rule"] for f in after}
    assert "survey_adopted" not in rules  # the committee now follows the survey
    assert "survey_topics" in rules  # ...but three topics are approved for two places
    text = await page_text(sec)
    for f in after:
        assert with_names(f["message"], named(edition)) in text
    assert "the committee adopted" not in text
    assert "Approved topics without a final panel: 1" in text  # t2 has no final panel
