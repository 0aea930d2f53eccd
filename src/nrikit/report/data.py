"""ReportData: everything the annual report says about one edition, read from public.db only.

The report is built from the published database (see publish.py and
public_schema.py), never from the private workspace, so it cannot contain
anything the open data may not: names only of people in a public role who
consented, demographic counts with small cells withheld (None here).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StageError

# Headline figures compared from one edition to the next (edition_stats metrics).
HEADLINE = (
    "sessions",
    "speakers",
    "attendees",
    "registrations",
    "committee_members",
    "committee_stakeholder_groups",
    "expressions_of_interest",
    "survey_ballots",
    "topics_approved",
    "sponsors",
)


@dataclass
class ReportData:
    edition: dict
    groups: dict[str, str]  # stakeholder group id -> label (every taxonomy in the data)
    stats: dict[str, float]
    call: dict | None
    call_counts: list[dict]
    committee: list[dict]  # seats: organisation, group, role, member name (consented)
    committee_balance: list[dict]
    secretariat: list[str]  # organisations holding the secretariat
    secretariat_method: str | None
    topics: list[dict]  # survey score/rank and the decision, by survey rank
    panels: list[dict]  # final panels, with panellists (names only with consent)
    draft_rounds: list[str]
    draft_panels: int
    findings: list[dict]
    sponsors: list[dict]
    budget: list[dict]
    decisions: int
    demographics: dict[str, dict[str, list[dict]]]  # population -> dimension -> [{category, count, suppressed}]
    gender_share: list[dict]
    history: list[dict]  # this NRI's editions up to this one: {edition, stats}
    others: list[dict]  # other NRIs' editions in the same data (latest each)
    history_gender: list[dict] = field(default_factory=list)  # gender_share rows of history, with label
    session_reports: list[dict] = field(default_factory=list)  # rapporteurs' reports, with titles and consented names
    group_colours: dict[str, str] = field(default_factory=dict)  # stakeholder id -> its IGF group's colour
    history_committee: list[dict] = field(default_factory=list)  # committee_balance rows of history, with label
    criteria: dict = field(default_factory=dict)  # the edition's [panels] rules (config, not data)
    settings: dict = field(default_factory=dict)  # the edition's [report] config section
    expected_groups: list[str] = field(
        default_factory=list
    )  # this edition's taxonomy: groups a committee grows towards
    t: object = None  # the report's Translator, for indicators' evidence text (set by build())

    @property
    def id(self) -> str:
        return self.edition["id"]

    def stat(self, metric: str):
        return self.stats.get(metric)

    def cells(self, population: str, dimension: str) -> list[dict]:
        return self.demographics.get(population, {}).get(dimension, [])

    def count(self, population: str, dimension: str, category: str):
        """A demographic count, or None when withheld or absent."""
        for c in self.cells(population, dimension):
            if c["category"] == category:
                return c["count"]
        return None

    def women_pct(self, population: str):
        row = next((r for r in self.gender_share if r["population"] == population), None)
        return row["women_pct"] if row else None

    @property
    def previous(self) -> dict | None:
        return self.history[-2] if len(self.history) > 1 else None

    @property
    def selection_method(self) -> str | None:
        """How candidate topics were ranked (survey_tally.method; a plugin may rank by other means than ballots)."""
        return next((x["method"] for x in self.topics if x.get("method")), None) or self.edition.get("survey_method")

    @property
    def public_survey(self) -> bool:
        """Whether a public survey with ballots took place (not only a ranking by the organisers or evaluators)."""
        return bool(self.stat("survey_ballots"))

    @property
    def survey_top(self) -> list[dict]:
        return [t for t in self.topics if t["in_survey_top"]]


def _rows(conn, sql, params=()):
    return [dict(r) for r in conn.execute(sql, params).fetchall()]


def connect(path: Path) -> sqlite3.Connection:
    path = Path(path)
    if not path.is_file():
        raise StageError(f"{path}: no public database; run `nrikit publish` first")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("SELECT id FROM editions LIMIT 1")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StageError(f"{path}: not an nrikit public database ({exc})") from None
    return conn


def load(db_path: Path, edition_id: str, settings: dict | None = None) -> ReportData:
    conn = connect(db_path)
    try:
        return _load(conn, edition_id, settings or {})
    finally:
        conn.close()


def _stats(conn, eid) -> dict[str, float]:
    return {
        r["metric"]: r["value"]
        for r in _rows(conn, "SELECT metric, value FROM edition_stats WHERE edition_id = ?", [eid])
    }


def _load(conn, eid: str, settings: dict) -> ReportData:
    found = _rows(conn, "SELECT * FROM editions WHERE id = ?", [eid])
    if not found:
        known = [r["id"] for r in _rows(conn, "SELECT id FROM editions ORDER BY id")]
        raise StageError(f"edition {eid} is not in the public database (it holds: {', '.join(known) or 'none'})")
    edition = found[0]
    groups = {r["id"]: r["label"] for r in _rows(conn, "SELECT id, label FROM stakeholder_groups")}
    # Several NRIs share one public database, each with its own taxonomy: judge this edition by its own.
    own = _rows(
        conn,
        "SELECT stakeholder, label, expected FROM edition_stakeholder_groups WHERE edition_id = ? ORDER BY stakeholder",
        [eid],
    )
    groups.update({r["stakeholder"]: r["label"] for r in own})
    # each own group is drawn in the colour of the IGF group it counts as, the same on the site
    colours = {}
    for r in _rows(
        conn,
        "SELECT m.stakeholder, i.colour FROM stakeholder_igf_groups m JOIN igf_stakeholder_groups i "
        "ON i.id = m.igf_group JOIN editions e ON e.id = m.edition_id WHERE e.nri = ? ORDER BY i.position",
        [edition["nri"]],
    ):
        colours.setdefault(r["stakeholder"], r["colour"])
    expected = [r["stakeholder"] for r in own if r["expected"]]
    call = (_rows(conn, "SELECT * FROM open_call WHERE edition_id = ?", [eid]) or [None])[0]
    if call and call.get("channels"):
        try:
            call["channels"] = json.loads(call["channels"])
        except ValueError:
            call["channels"] = [call["channels"]]
    committee = _rows(
        conn,
        """
        SELECT c.role, c.stakeholder, c.joined, o.name AS organisation, p.name AS member
        FROM committee_members c LEFT JOIN organisations o ON o.id = c.organisation_id
        LEFT JOIN people p ON p.id = c.person_id
        WHERE c.edition_id = ? ORDER BY c.role = 'member', o.name""",
        [eid],
    )
    secretariat_rows = _rows(
        conn,
        "SELECT method, subject_id FROM decisions WHERE edition_id = ? AND "
        "action = 'committee.secretariat_appointed' ORDER BY seq",
        [eid],
    )
    topics = _rows(
        conn,
        """
        SELECT t.id, t.title, st.method, st.score, st.rank, coalesce(st.in_survey_top, 0) AS in_survey_top, d.approved,
               d.decided_by, d.yes, d.no, d.abstain, d.members
        FROM topics t LEFT JOIN survey_tally st ON st.topic_id = t.id LEFT JOIN topic_decisions d ON d.topic_id = t.id
        WHERE t.edition_id = ? ORDER BY st.rank IS NULL, st.rank, t.title""",
        [eid],
    )
    panels = _rows(conn, "SELECT * FROM panels WHERE edition_id = ? AND round = 'final' ORDER BY starts, id", [eid])
    seats = _rows(
        conn,
        """
        SELECT pl.panel_id, pl.role, pl.remote, p.name FROM panellists pl LEFT JOIN people p ON p.id = pl.person_id
        WHERE pl.edition_id = ? ORDER BY pl.panel_id, pl.role = 'speaker', pl.role, p.name""",
        [eid],
    )
    stake = _rows(conn, "SELECT panel_id, stakeholder, panellists FROM panel_stakeholders WHERE edition_id = ?", [eid])
    by_panel: dict[str, list] = {}
    for s in seats:
        by_panel.setdefault(s["panel_id"], []).append(s)
    groups_of: dict[str, dict] = {}
    for s in stake:
        groups_of.setdefault(s["panel_id"], {})[s["stakeholder"]] = s["panellists"]
    for p in panels:
        p["people"] = by_panel.get(p["id"], [])
        p["groups"] = groups_of.get(p["id"], {})
    drafts = _rows(
        conn,
        "SELECT round, count(*) AS n FROM panels WHERE edition_id = ? AND round != 'final' "
        "GROUP BY round ORDER BY round",
        [eid],
    )
    demographics: dict = {}
    for r in _rows(
        conn,
        "SELECT population, dimension, category, count, suppressed FROM demographics "
        "WHERE edition_id = ? ORDER BY rowid",
        [eid],
    ):
        demographics.setdefault(r["population"], {}).setdefault(r["dimension"], []).append(
            {"category": r["category"], "count": r["count"], "suppressed": bool(r["suppressed"])}
        )
    history = [
        {"edition": e, "stats": _stats(conn, e["id"])}
        for e in _rows(
            conn, "SELECT * FROM editions WHERE nri = ? AND year <= ? ORDER BY year", [edition["nri"], edition["year"]]
        )
    ]
    others = [
        {"edition": e, "stats": _stats(conn, e["id"])}
        for e in _rows(
            conn,
            """
        SELECT * FROM editions e WHERE e.nri != ? AND e.year = (SELECT max(year) FROM editions x
          WHERE x.nri = e.nri AND x.year <= ?) ORDER BY e.nri""",
            [edition["nri"], edition["year"]],
        )
    ]
    return ReportData(
        edition=edition,
        groups=groups,
        group_colours=colours,
        expected_groups=expected,
        stats=_stats(conn, eid),
        call=call,
        call_counts=_rows(
            conn,
            "SELECT stakeholder, role_sought, expressions, organisations FROM open_call_counts "
            "WHERE edition_id = ? ORDER BY stakeholder, role_sought",
            [eid],
        ),
        committee=committee,
        committee_balance=_rows(
            conn,
            "SELECT stakeholder, stakeholder_label, seats, organisations, seats_pct "
            "FROM committee_balance WHERE edition_id = ?",
            [eid],
        ),
        secretariat=[c["organisation"] for c in committee if c["role"] == "secretariat"],
        secretariat_method=secretariat_rows[0]["method"] if secretariat_rows else None,
        topics=topics,
        panels=panels,
        session_reports=_session_reports(conn, eid),
        draft_rounds=[d["round"] for d in drafts],
        draft_panels=sum(d["n"] for d in drafts),
        findings=_rows(
            conn,
            "SELECT stage, rule, severity, subject, message, hint, message_id, hint_id, params FROM findings "
            "WHERE edition_id = ? "
            "ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, stage, rowid",
            [eid],
        ),
        sponsors=_rows(
            conn,
            "SELECT name, role, content_role, in_kind, amount, currency FROM sponsors "
            "WHERE edition_id = ? ORDER BY name",
            [eid],
        ),
        budget=_rows(
            conn,
            "SELECT line, item, amount, currency, funded_by FROM budget_lines WHERE edition_id = ? ORDER BY line",
            [eid],
        ),
        decisions=conn.execute("SELECT count(*) FROM decisions WHERE edition_id = ?", [eid]).fetchone()[0],
        demographics=demographics,
        gender_share=_rows(
            conn,
            "SELECT population, women, men, total, women_pct, any_suppressed FROM gender_share WHERE edition_id = ?",
            [eid],
        ),
        history=history,
        others=others,
        settings=dict(settings),
        history_gender=_rows(
            conn,
            """
            SELECT e.label, g.population, g.women_pct FROM gender_share g JOIN editions e ON e.id = g.edition_id
            WHERE e.nri = ? AND e.year <= ? AND g.population IN ('speakers', 'attendees') ORDER BY e.year""",
            [edition["nri"], edition["year"]],
        ),
        history_committee=_rows(
            conn,
            """
            SELECT e.label, c.stakeholder, c.stakeholder_label, c.seats FROM committee_balance c
            JOIN editions e ON e.id = c.edition_id WHERE e.nri = ? AND e.year <= ? ORDER BY e.year, c.seats DESC""",
            [edition["nri"], edition["year"]],
        ),
    )


def _session_reports(conn, eid: str) -> list[dict]:
    tables = {r["name"] for r in _rows(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "session_reports" not in tables:  # a public.db published before session reports existed
        return []
    return _rows(
        conn,
        """
        SELECT p.title, p.starts, r.key_issues, r.summary, r.way_forward, r.submitted_on,
          m.name AS moderator, w.name AS rapporteur
        FROM session_reports r JOIN panels p ON p.id = r.panel_id
        LEFT JOIN people m ON m.id = r.moderator_id LEFT JOIN people w ON w.id = r.rapporteur_id
        WHERE r.edition_id = ? ORDER BY p.starts, p.id""",
        [eid],
    )
