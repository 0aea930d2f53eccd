"""Shared fixtures: a tiny, complete edition written into tmp_path, and a CLI runner.

Tests never auto-load installed plugins: NRIKIT_LOAD_PLUGINS is empty unless a
test asks for a plugin by name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrikit import plugins

CONFIG = """\
[nri]
name = "Testland Internet Governance Forum"
acronym = "TLIGF"
country = "TL"
kind = "national"

[edition]
year = 2025
start = 2025-06-10
end = 2025-06-11
city = "Capital"
venue = "Main hall"
coordinator = "Civil One"

[inputs]
organisations = "in/organisations.csv"
people = "in/people.csv"
interest = "in/interest.csv"
committee = "in/committee.csv"
topics = "in/topics.csv"
survey = "in/survey.csv"
votes = "in/votes.csv"
panels = "in/panels.csv"
panellists = "in/panellists.csv"
attendance = "in/attendance.csv"
sponsors = "in/sponsors.csv"
budget = "in/budget.csv"

[call]
opened = 2025-01-10
deadline = 2025-02-28
channels = ["website", "mailing list"]

[committee]
formed = 2025-03-05
min_stakeholder_groups = 3
secretariat_method = "without_opposition"

[survey]
method = "approval"
binding = false
approval = "simple_majority"
topics_to_select = 2

[panels]
min_size = 3
max_size = 5
min_stakeholder_groups = 2
gender_rule = "mixed"
max_sessions_per_speaker = 2

[event]
streamed = true
remote_participation = true

[privacy]
k = 5
"""

FILES = {
    "organisations": [
        ["id", "name", "stakeholder", "country"],
        ["gov1", "Ministry of Examples", "Government", "TL"],
        ["biz1", "Example Telecom", "Private sector", "TL"],
        ["cs1", "Civil One", "Civil society", "TL"],
        ["cs2", "Civil Two", "ONG", "TL"],
        ["tech1", "Example NIC", "Technical community", "TL"],
        ["uni1", "University of Examples", "Academia", "TL"],
        ["abroad", "Foreign Institute", "Technical community", "XA"],
    ],
    "people": [
        [
            "id",
            "name",
            "email",
            "phone",
            "gender",
            "gender_text",
            "organisation",
            "country",
            "expertise",
            "bio",
            "consent_name",
            "consent_org",
            "consent_bio",
        ],
        [
            "p1",
            "Ana Example",
            "ana@example.org",
            "0900 000 001",
            "woman",
            "",
            "cs1",
            "TL",
            "privacy;rights",
            "Bio A",
            "yes",
            "yes",
            "yes",
        ],
        [
            "p2",
            "Ben Example",
            "ben@example.org",
            "0900 000 002",
            "man",
            "",
            "biz1",
            "TL",
            "access",
            "Bio B",
            "yes",
            "yes",
            "no",
        ],
        [
            "p3",
            "Cai Example",
            "cai@example.org",
            "",
            "man",
            "",
            "tech1",
            "TL",
            "access;security",
            "",
            "yes",
            "yes",
            "yes",
        ],
        ["p4", "Dee Example", "dee@example.org", "", "woman", "", "gov1", "TL", "privacy", "", "no", "no", "no"],
        [
            "p5",
            "Eli Example",
            "eli@example.org",
            "",
            "man",
            "",
            "uni1",
            "TL",
            "security;privacy",
            "",
            "yes",
            "yes",
            "yes",
        ],
        [
            "p6",
            "Fay Example",
            "fay@example.org",
            "",
            "woman",
            "",
            "uni1",
            "TL",
            "access;security",
            "",
            "yes",
            "yes",
            "yes",
        ],
        ["p7", "Gus Example", "gus@example.org", "", "man", "", "abroad", "XA", "security", "", "yes", "yes", "yes"],
        [
            "p8",
            "Hal Example",
            "hal@example.org",
            "",
            "self_described",
            "agender",
            "cs2",
            "TL",
            "rights;access",
            "",
            "yes",
            "yes",
            "yes",
        ],
    ],
    "interest": [
        ["id", "submitted_at", "person", "organisation", "stakeholder", "role_sought", "expertise"],
        ["e1", "2025-01-15T10:00:00Z", "p1", "cs1", "Civil society", "committee", ""],
        ["e2", "2025-01-20T10:00:00Z", "p2", "biz1", "Private sector", "committee", ""],
        ["e3", "2025-02-01T10:00:00Z", "p3", "tech1", "Technical community", "committee", ""],
        ["e4", "2025-02-10T10:00:00Z", "p5", "uni1", "Academia", "speaker", "security"],
        ["e5", "2025-03-10T10:00:00Z", "", "gov1", "Government", "participant", ""],
    ],
    "committee": [
        ["person", "organisation", "role", "joined"],
        ["p1", "cs1", "secretariat", "2025-03-05"],
        ["p2", "biz1", "member", "2025-03-05"],
        ["p3", "tech1", "member", "2025-03-05"],
    ],
    "topics": [
        ["id", "title", "tags", "description"],
        ["t1", "Privacy online", "privacy;rights", ""],
        ["t2", "Meaningful access", "access", ""],
        ["t3", "Cybersecurity", "security", ""],
    ],
    "survey": [
        ["id", "submitted_at", "stakeholder", "choices"],
        ["s1", "2025-04-01T10:00:00Z", "Civil society", "t1;t2"],
        ["s2", "2025-04-01T11:00:00Z", "Academia", "t1;t3"],
        ["s3", "2025-04-01T12:00:00Z", "Private sector", "t2"],
        ["s4", "2025-04-02T12:00:00Z", "Government", "t1"],
    ],
    "votes": [
        ["topic", "member", "vote"],
        ["t1", "p1", "yes"],
        ["t1", "p2", "yes"],
        ["t1", "p3", "abstain"],
        ["t2", "p1", "no"],
        ["t2", "p2", "no"],
        ["t2", "p3", "yes"],
        ["t3", "p1", "yes"],
        ["t3", "p2", "yes"],
        ["t3", "p3", "yes"],
    ],
    "panels": [
        ["id", "topic", "round", "title", "starts", "ends", "room"],
        ["d1", "t3", "draft-1", "Security draft", "", "", ""],
        ["f1", "t1", "final", "Privacy online", "2025-06-10T09:00", "2025-06-10T10:30", "A"],
        ["f2", "t3", "final", "Cybersecurity", "2025-06-10T11:00", "2025-06-10T12:30", "A"],
    ],
    "panellists": [
        ["panel", "person", "role", "remote"],
        ["d1", "p3", "moderator", "no"],
        ["d1", "p5", "speaker", "no"],
        ["d1", "p7", "speaker", "no"],
        ["f1", "p1", "moderator", "no"],
        ["f1", "p4", "speaker", "no"],
        ["f1", "p5", "speaker", "no"],
        ["f2", "p6", "moderator", "no"],
        ["f2", "p5", "speaker", "no"],
        ["f2", "p7", "speaker", "yes"],
    ],
    "attendance": [["id", "name", "email", "gender", "stakeholder", "mode", "attended"]]
    + [
        [
            f"r{i}",
            f"Attendee {i}",
            f"a{i}@example.org",
            "woman" if i % 2 else "man",
            "Civil society",
            "remote" if i % 5 == 0 else "in_person",
            "no" if i == 12 else "yes",
        ]
        for i in range(1, 13)
    ],
    "sponsors": [
        ["name", "role", "content_role", "in_kind", "amount", "currency"],
        ["Example Corp", "funding", "no", "no", "1000", "USD"],
    ],
    "budget": [
        ["item", "amount", "currency", "funded_by"],
        ["Venue", "600", "USD", "Example Corp"],
        ["Streaming", "400", "USD", "Example Corp"],
    ],
}


def to_csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


class EditionFiles:
    """A tiny edition on disk that a test may change before running it."""

    def __init__(self, root: Path):
        self.root = root
        self.config = root / "2025.toml"
        self.config.write_text(CONFIG, encoding="utf-8")
        (root / "in").mkdir()
        self.rows = {name: [list(r) for r in rows] for name, rows in FILES.items()}
        for name in FILES:
            self.write(name)

    def write(self, name, rows=None):
        if rows is not None:
            self.rows[name] = rows
        (self.root / "in" / f"{name}.csv").write_text(to_csv(self.rows[name]), encoding="utf-8")

    def edit_config(self, old: str, new: str):
        text = self.config.read_text(encoding="utf-8")
        assert old in text, old
        self.config.write_text(text.replace(old, new, 1), encoding="utf-8")

    @property
    def db_path(self) -> Path:
        return self.root / ".nrikit" / "2025.db"


@pytest.fixture(autouse=True)
def no_installed_plugins(monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "")
    monkeypatch.setenv("NRIKIT_NO_PROGRESS", "1")  # tests of the progress line unset it
    plugins.reset()
    yield
    plugins.reset()


@pytest.fixture
def edition(tmp_path) -> EditionFiles:
    return EditionFiles(tmp_path)


@pytest.fixture
def cli_run():
    from nrikit.cli import cli

    def run(*args, expect=0):
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code == expect, result.output
        return result

    return run


@pytest.fixture
def pipeline_of():
    from nrikit import config
    from nrikit.pipeline import Pipeline

    opened = []

    def make(edition_files: EditionFiles):
        p = Pipeline(config.load(edition_files.config))
        opened.append(p)
        return p

    yield make
    for p in opened:
        p.db.close()
