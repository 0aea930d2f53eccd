"""Declarations of the public database: tables, views, descriptions, facets, canned queries.

`publish.py` creates public.db from these declarations, and the Datasette
metadata (metadata.json, datasette.yaml) and the Data Package descriptor are
generated from them, so a column cannot be published without a description.
Nothing here reads a workspace: what may be copied into each column is
decided in publish.py, from an allowlist.

Table and view names are a public API (the annual report and outside users
read them); see the list in publish.py's docstring. Do not rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import N_

DATABASE_NAME = "public"  # public.db, served at /public


@dataclass(frozen=True)
class PublicColumn:
    name: str
    type: str  # TEXT, INTEGER, REAL
    doc: str


@dataclass(frozen=True)
class PublicTable:
    name: str
    doc: str
    columns: tuple[PublicColumn, ...]
    pk: tuple[str, ...] = ()  # () -> rowid table
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    label_column: str | None = None
    facets: tuple[str, ...] = ()
    sort: str | None = None
    sort_desc: str | None = None
    fts: tuple[str, ...] = ()  # columns indexed for full-text search

    def column(self, name: str) -> PublicColumn:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class PublicView:
    name: str
    doc: str
    sql: str
    columns: tuple[PublicColumn, ...]
    facets: tuple[str, ...] = ()


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    sql: str
    params: tuple[str, ...] = field(default=())


def _c(*specs) -> tuple[PublicColumn, ...]:
    return tuple(PublicColumn(*s) for s in specs)


ED = ("edition_id", "TEXT", N_("Edition, e.g. igf-peru-2017."))
ED_FK = ("edition_id", "editions", "id")
SUPPRESSED = (
    "suppressed",
    "INTEGER",
    N_("1 if the count was withheld (fewer than k people, or it would reveal such a cell); count is then null."),
)

TABLES: tuple[PublicTable, ...] = (
    PublicTable(
        "editions",
        N_("One row per published edition of each national or regional IGF initiative (NRI)."),
        _c(
            ("id", "TEXT", N_("Edition identifier: NRI slug and year.")),
            ("label", "TEXT", N_("Short name of the edition.")),
            ("nri", "TEXT", N_("Slug of the initiative; editions of the same NRI share it.")),
            ("nri_name", "TEXT", N_("Full name of the initiative.")),
            ("acronym", "TEXT", N_("Short name of the initiative.")),
            ("country", "TEXT", N_("ISO 3166-1 alpha-2 code of the host country.")),
            ("kind", "TEXT", N_("national, regional, subregional or youth.")),
            ("year", "INTEGER", N_("Year of the edition.")),
            ("start_date", "TEXT", N_("First day of the event.")),
            ("end_date", "TEXT", N_("Last day of the event.")),
            ("city", "TEXT", N_("City of the event.")),
            ("venue", "TEXT", N_("Venue of the event.")),
            ("coordinator", "TEXT", N_("Organisation acting as focal point.")),
            ("streamed", "INTEGER", N_("1 if the event was streamed online.")),
            ("remote_participation", "INTEGER", N_("1 if remote participation was offered.")),
            ("survey_method", "TEXT", N_("How the public topic survey was counted.")),
            (
                "survey_binding",
                "INTEGER",
                N_("1 if the survey decided the topics, 0 if it only advised the committee."),
            ),
            ("approval_method", "TEXT", N_("How the committee approved topics when the survey did not bind.")),
            ("k", "INTEGER", N_("Small-count threshold: demographic counts from 1 to k-1 are withheld.")),
            (
                "decision_log_head",
                "TEXT",
                N_("Hash of the last entry of the edition's decision log (the chain head; see decisions.hash)."),
            ),
            ("source", "TEXT", N_("Who publishes this edition's data (its [publish] source).")),
            ("source_url", "TEXT", N_("Link to that publisher.")),
        ),
        pk=("id",),
        label_column="label",
        facets=("nri", "kind", "country"),
        sort="year",
    ),
    PublicTable(
        "stakeholder_groups",
        N_("Stakeholder groups of the taxonomies the editions use."),
        _c(
            ("id", "TEXT", N_("Group identifier.")),
            ("label", "TEXT", N_("Name of the group.")),
        ),
        pk=("id",),
        label_column="label",
    ),
    PublicTable(
        "igf_stakeholder_groups",
        N_(
            "The IGF's stakeholder groups, on which editions of different NRIs are compared, each with the "
            "one colour it has in every chart (Okabe-Ito, colour-blind safe)."
        ),
        _c(
            ("id", "TEXT", N_("IGF group identifier.")),
            ("label", "TEXT", N_("Its name.")),
            ("colour", "TEXT", N_("Its colour in charts (hex).")),
            ("position", "INTEGER", N_("Order in which charts and tables list the groups.")),
        ),
        pk=("id",),
        label_column="label",
        sort="position",
    ),
    PublicTable(
        "stakeholder_igf_groups",
        N_(
            "Which IGF stakeholder group(s) each of an edition's own groups counts as, as the NRI's taxonomy "
            "declares it (Brazil's scientific and technological community counts as technical community and "
            "academia). A seat of a group that counts as n IGF groups weighs 1/n in each."
        ),
        _c(
            ED,
            ("stakeholder", "TEXT", N_("The edition's own stakeholder group.")),
            ("igf_group", "TEXT", N_("An IGF group it counts as.")),
            ("weight", "REAL", N_("1 divided by the number of IGF groups the group counts as.")),
        ),
        pk=("edition_id", "stakeholder", "igf_group"),
        foreign_keys=(
            ED_FK,
            ("stakeholder", "stakeholder_groups", "id"),
            ("igf_group", "igf_stakeholder_groups", "id"),
        ),
        facets=("edition_id", "igf_group"),
    ),
    PublicTable(
        "edition_stakeholder_groups",
        N_(
            "The stakeholder taxonomy each edition uses: its groups, and which ones the "
            "IGF expects its committee to grow towards."
        ),
        _c(
            ED,
            ("stakeholder", "TEXT", N_("Stakeholder group.")),
            ("label", "TEXT", N_("The group's name in this edition's taxonomy.")),
            ("expected", "INTEGER", N_("1 if the committee is expected to include this group.")),
        ),
        pk=("edition_id", "stakeholder"),
        foreign_keys=(ED_FK, ("stakeholder", "stakeholder_groups", "id")),
        facets=("edition_id",),
    ),
    PublicTable(
        "organisations",
        N_("Organisations taking part in an edition (committee, panels, open call, sponsors)."),
        _c(
            ("id", "TEXT", N_("Edition id, '/', and the organisation's id in that edition.")),
            ED,
            ("name", "TEXT", N_("Name of the organisation.")),
            ("stakeholder", "TEXT", N_("Stakeholder group.")),
            ("country", "TEXT", N_("ISO 3166-1 alpha-2 code.")),
        ),
        pk=("id",),
        foreign_keys=(ED_FK, ("stakeholder", "stakeholder_groups", "id")),
        label_column="name",
        facets=("edition_id", "stakeholder", "country"),
        sort="name",
        fts=("name",),
    ),
    PublicTable(
        "people",
        N_(
            "People in a public role (committee member, panellist) who consented to their name being "
            "published. Organisation and bio only with their own consent. Ids are random and differ per edition."
        ),
        _c(
            ("id", "TEXT", N_("Random public identifier (per edition; not derived from any personal data).")),
            ED,
            ("name", "TEXT", N_("Name, published with the person's consent.")),
            ("organisation_id", "TEXT", N_("Organisation, published with the person's consent.")),
            ("bio", "TEXT", N_("Short biography, published with the person's consent.")),
        ),
        pk=("id",),
        foreign_keys=(ED_FK, ("organisation_id", "organisations", "id")),
        label_column="name",
        facets=("edition_id",),
        sort="name",
        fts=("name", "bio"),
    ),
    PublicTable(
        "committee_members",
        N_(
            "Organising committee: one row per member and organisation represented. "
            "person_id is empty when the member did not consent to their name being published."
        ),
        _c(
            ED,
            ("person_id", "TEXT", N_("Member (only with consent to publish the name).")),
            ("organisation_id", "TEXT", N_("Organisation represented.")),
            ("stakeholder", "TEXT", N_("Stakeholder group of that organisation.")),
            ("role", "TEXT", N_("secretariat, coordinator or member.")),
            ("joined", "TEXT", N_("Date the member joined.")),
        ),
        foreign_keys=(
            ED_FK,
            ("person_id", "people", "id"),
            ("organisation_id", "organisations", "id"),
            ("stakeholder", "stakeholder_groups", "id"),
        ),
        facets=("edition_id", "stakeholder", "role"),
    ),
    PublicTable(
        "open_call",
        N_("The open call for expressions of interest, one row per edition."),
        _c(
            ("edition_id", "TEXT", N_("Edition.")),
            ("opened", "TEXT", N_("Date the call opened.")),
            ("deadline", "TEXT", N_("Deadline.")),
            ("channels", "TEXT", N_("JSON array of channels the call was announced through.")),
            ("expressions", "INTEGER", N_("Expressions of interest received.")),
            ("on_time", "INTEGER", N_("Of which received by the deadline.")),
        ),
        pk=("edition_id",),
        foreign_keys=(ED_FK,),
    ),
    PublicTable(
        "open_call_counts",
        N_(
            "Expressions of interest per stakeholder group and role sought. The stakeholder "
            "group is the organisation's, so these counts are not suppressed."
        ),
        _c(
            ED,
            ("stakeholder", "TEXT", N_("Stakeholder group.")),
            ("role_sought", "TEXT", N_("committee, speaker or participant.")),
            ("expressions", "INTEGER", N_("Expressions of interest.")),
            ("organisations", "INTEGER", N_("Distinct organisations they came from.")),
        ),
        foreign_keys=(ED_FK, ("stakeholder", "stakeholder_groups", "id")),
        facets=("edition_id", "stakeholder", "role_sought"),
    ),
    PublicTable(
        "topics",
        N_("Candidate topics for the programme."),
        _c(
            ("id", "TEXT", N_("Edition id, '/', and the topic's id in that edition.")),
            ED,
            ("topic", "TEXT", N_("Topic id in the edition's input.")),
            ("title", "TEXT", N_("Title.")),
            ("tags", "TEXT", N_("JSON array of expertise tags.")),
            ("description", "TEXT", N_("Description.")),
        ),
        pk=("id",),
        foreign_keys=(ED_FK,),
        label_column="title",
        facets=("edition_id",),
        fts=("title", "description"),
    ),
    PublicTable(
        "survey_tally",
        N_(
            "The public topic survey, counted by the edition's declared method. Individual ballots are never published."
        ),
        _c(
            ED,
            ("topic_id", "TEXT", N_("Topic.")),
            ("method", "TEXT", N_("Counting method.")),
            ("score", "REAL", N_("Score under that method.")),
            ("rank", "INTEGER", N_("Rank (tied topics share a rank).")),
            ("in_survey_top", "INTEGER", N_("1 if the survey alone would select the topic.")),
        ),
        foreign_keys=(ED_FK, ("topic_id", "topics", "id")),
        facets=("edition_id", "in_survey_top"),
        sort="rank",
    ),
    PublicTable(
        "topic_decisions",
        N_(
            "Whether each topic entered the programme, by what decision, and the committee's "
            "vote counts (individual votes only in member_votes, for editions that publish them)."
        ),
        _c(
            ED,
            ("topic_id", "TEXT", N_("Topic.")),
            ("approved", "INTEGER", N_("1 if the topic is in the programme.")),
            ("decided_by", "TEXT", N_("survey (binding) or the committee's approval method.")),
            ("yes", "INTEGER", N_("Committee yes votes.")),
            ("no", "INTEGER", N_("Committee no votes.")),
            ("abstain", "INTEGER", N_("Committee abstentions.")),
            ("members", "INTEGER", N_("Committee members eligible to vote.")),
        ),
        foreign_keys=(ED_FK, ("topic_id", "topics", "id")),
        facets=("edition_id", "approved", "decided_by"),
    ),
    PublicTable(
        "member_votes",
        N_(
            "Each committee member's vote on each topic, published only by editions whose [committee] "
            "publish_votes is on (otherwise only topic_decisions' counts). person_id is empty when the member "
            "did not consent to their name being published."
        ),
        _c(
            ED,
            ("topic_id", "TEXT", N_("Topic voted on.")),
            ("person_id", "TEXT", N_("Member (public id), or empty without consent.")),
            ("vote", "TEXT", N_("yes, no or abstain.")),
        ),
        foreign_keys=(ED_FK, ("topic_id", "topics", "id"), ("person_id", "people", "id")),
        facets=("edition_id", "vote"),
    ),
    PublicTable(
        "responsibilities",
        N_(
            "Who was responsible for what in the edition (venue, speakers, funding, outreach, report...), as the "
            "committee recorded it in its workspace. person_id is empty when the member did not consent to their "
            "name being published."
        ),
        _c(
            ED,
            ("area", "TEXT", N_("venue, speakers, funding, outreach, report or other.")),
            ("task", "TEXT", N_("What was to be done.")),
            ("person_id", "TEXT", N_("Committee member responsible (public id), or empty.")),
            ("organisation_id", "TEXT", N_("Organisation responsible, if an organisation.")),
            ("status", "TEXT", N_("to_do, doing or done, when published.")),
            ("due_date", "TEXT", N_("Date it was due.")),
        ),
        foreign_keys=(ED_FK, ("person_id", "people", "id"), ("organisation_id", "organisations", "id")),
        facets=("edition_id", "area", "status"),
    ),
    PublicTable(
        "panels",
        N_("Draft and final panels, with their composition in counts."),
        _c(
            ("id", "TEXT", N_("Edition id, '/', and the panel's id in that edition.")),
            ED,
            ("topic_id", "TEXT", N_("Topic of the panel.")),
            ("round", "TEXT", N_("draft-1, draft-2, ... or final.")),
            ("title", "TEXT", N_("Title.")),
            ("starts", "TEXT", N_("Local start time.")),
            ("ends", "TEXT", N_("Local end time.")),
            ("room", "TEXT", N_("Room.")),
            ("panellists", "INTEGER", N_("Number of panellists.")),
            ("stakeholder_groups", "INTEGER", N_("Distinct stakeholder groups among the panellists.")),
            ("has_woman", "INTEGER", N_("1 if at least one panellist is a woman (the IGF's minimum gender rule).")),
            ("remote_panellists", "INTEGER", N_("Panellists taking part remotely.")),
        ),
        pk=("id",),
        foreign_keys=(ED_FK, ("topic_id", "topics", "id")),
        label_column="title",
        facets=("edition_id", "round", "has_woman"),
        fts=("title",),
    ),
    PublicTable(
        "panellists",
        N_(
            "People on each panel. person_id is empty when the panellist did not consent to their name being published."
        ),
        _c(
            ED,
            ("panel_id", "TEXT", N_("Panel.")),
            ("person_id", "TEXT", N_("Panellist (only with consent to publish the name).")),
            ("role", "TEXT", N_("moderator, speaker, online_moderator or rapporteur.")),
            ("remote", "INTEGER", N_("1 if taking part remotely.")),
        ),
        foreign_keys=(ED_FK, ("panel_id", "panels", "id"), ("person_id", "people", "id")),
        facets=("edition_id", "role", "remote"),
    ),
    PublicTable(
        "panel_stakeholders",
        N_("Panellists per panel and stakeholder group (the group of the organisation they represent)."),
        _c(
            ED,
            ("panel_id", "TEXT", N_("Panel.")),
            ("stakeholder", "TEXT", N_("Stakeholder group.")),
            ("panellists", "INTEGER", N_("Panellists from that group.")),
        ),
        foreign_keys=(ED_FK, ("panel_id", "panels", "id"), ("stakeholder", "stakeholder_groups", "id")),
        facets=("edition_id", "stakeholder"),
    ),
    PublicTable(
        "demographics",
        N_(
            "Aggregate counts of people by gender, stakeholder group or mode of attendance. "
            "Counts from 1 to k-1 are withheld, and so is any further cell that would let a reader "
            "recompute a withheld one from the total."
        ),
        _c(
            ED,
            (
                "population",
                "TEXT",
                N_("attendees, registrations, speakers (final panels), committee or survey_respondents."),
            ),
            ("dimension", "TEXT", N_("gender, stakeholder or mode.")),
            ("category", "TEXT", N_("The category counted.")),
            ("count", "INTEGER", N_("People in the category; null when withheld.")),
            SUPPRESSED,
        ),
        foreign_keys=(ED_FK,),
        facets=("edition_id", "population", "dimension", "suppressed"),
    ),
    PublicTable(
        "sponsors",
        N_("Sponsors, what they contributed, and whether they had any say on content."),
        _c(
            ED,
            ("name", "TEXT", N_("Sponsor.")),
            ("role", "TEXT", N_("What the sponsor contributed.")),
            ("content_role", "INTEGER", N_("1 if the sponsor had any say on content.")),
            ("in_kind", "INTEGER", N_("1 for in-kind support.")),
            ("amount", "REAL", N_("Amount, if published.")),
            ("currency", "TEXT", N_("ISO 4217 currency code.")),
        ),
        foreign_keys=(ED_FK,),
        facets=("edition_id", "content_role", "currency"),
        fts=("name", "role"),
    ),
    PublicTable(
        "budget_lines",
        N_("Budget lines of each edition."),
        _c(
            ED,
            ("line", "INTEGER", N_("Line number.")),
            ("item", "TEXT", N_("What the money paid for.")),
            ("amount", "REAL", N_("Amount.")),
            ("currency", "TEXT", N_("ISO 4217 currency code.")),
            ("funded_by", "TEXT", N_("Sponsor or source.")),
        ),
        foreign_keys=(ED_FK,),
        facets=("edition_id", "currency", "funded_by"),
        fts=("item",),
    ),
    PublicTable(
        "session_reports",
        N_(
            "The rapporteurs' reports of the final panels, in the IGF's workshop report template: what the IGF "
            "Secretariat receives as each session's outcome. Moderator and rapporteur only with their consent."
        ),
        _c(
            ED,
            ("panel_id", "TEXT", N_("The panel reported on.")),
            ("moderator_id", "TEXT", N_("Its moderator (people.id; empty without consent to be named).")),
            ("rapporteur_id", "TEXT", N_("Its rapporteur (people.id; empty without consent to be named).")),
            ("key_issues", "TEXT", N_("Key issues raised.")),
            ("summary", "TEXT", N_("Summary of the discussion.")),
            ("way_forward", "TEXT", N_("Way forward: recommendations and next steps.")),
            ("submitted_on", "TEXT", N_("Date the report was received.")),
        ),
        pk=("panel_id",),
        foreign_keys=(
            ED_FK,
            ("panel_id", "panels", "id"),
            ("moderator_id", "people", "id"),
            ("rapporteur_id", "people", "id"),
        ),
        facets=("edition_id",),
        fts=("key_issues", "summary", "way_forward"),
    ),
    PublicTable(
        "decisions",
        N_(
            "The decision log: every decision the process recorded, with its method, tally and "
            "rationale. Person identifiers are replaced by public ids or '[person]'."
        ),
        _c(
            ED,
            ("seq", "INTEGER", N_("Sequence number in the edition's log.")),
            ("logged_at", "TEXT", N_("When the entry was written to the log (UTC).")),
            ("stage", "TEXT", N_("Stage that recorded it.")),
            ("action", "TEXT", N_("What was decided, e.g. topic.approved.")),
            ("subject_type", "TEXT", N_("topic, panel, committee...")),
            ("subject_id", "TEXT", N_("Identifier of the subject.")),
            ("method", "TEXT", N_("Decision method.")),
            ("outcome", "TEXT", N_("The decision.")),
            ("tally", "TEXT", N_("JSON tally (counts).")),
            ("binding", "INTEGER", N_("1 if binding, 0 if advisory, null if not applicable.")),
            ("rationale", "TEXT", N_("Why.")),
            ("decided_on", "TEXT", N_("Date of the decision, when known.")),
            ("prev_hash", "TEXT", N_("Hash of the previous entry of the log ('' for the first).")),
            (
                "hash",
                "TEXT",
                N_(
                    "sha256 of the entry and prev_hash, as in the organisers' append-only log (re-computable: docs/publishing.md)."
                ),
            ),
            (
                "rewritten",
                "INTEGER",
                N_("1 if a person id in it was replaced for publishing: its hash then covers the original."),
            ),
        ),
        foreign_keys=(ED_FK,),
        facets=("edition_id", "stage", "action", "method"),
        fts=("outcome", "rationale"),
    ),
    PublicTable(
        "findings",
        N_(
            "nrikit's findings: rule violations and risks to the IGF principles, per stage. "
            "Person identifiers are replaced by public ids or '[person]'."
        ),
        _c(
            ED,
            ("stage", "TEXT", N_("Stage that produced it.")),
            ("rule", "TEXT", N_("Rule name.")),
            ("severity", "TEXT", N_("error, warning or info.")),
            ("subject", "TEXT", N_("What it is about.")),
            ("message", "TEXT", N_("What is wrong, in English.")),
            ("hint", "TEXT", N_("How to fix it, in English.")),
            (
                "message_id",
                "TEXT",
                N_("The message's id in nrikit's translation catalogues (English, with {placeholders})."),
            ),
            ("hint_id", "TEXT", N_("The hint's id in the catalogues.")),
            (
                "params",
                "TEXT",
                N_("JSON object filling the placeholders; the report shows the finding in its language."),
            ),
        ),
        foreign_keys=(ED_FK,),
        facets=("edition_id", "severity", "rule", "stage"),
        fts=("message", "hint"),
    ),
    PublicTable(
        "edition_stats",
        N_("Headline figures of each edition (totals only; gender figures are in demographics)."),
        _c(
            ED,
            ("metric", "TEXT", N_("Figure name.")),
            ("value", "REAL", N_("Value.")),
        ),
        foreign_keys=(ED_FK,),
        facets=("edition_id", "metric"),
    ),
)

VIEWS: tuple[PublicView, ...] = (
    PublicView(
        "gender_share",
        N_(
            "Share of women among speakers (final panels), attendees and committee members, "
            "per edition. Null where a count was withheld."
        ),
        """
SELECT d.edition_id, e.year, d.population,
  sum(CASE WHEN d.category = 'woman' THEN d.count END) AS women,
  sum(CASE WHEN d.category = 'man' THEN d.count END) AS men,
  max(d.suppressed) AS any_suppressed,
  (SELECT value FROM edition_stats s WHERE s.edition_id = d.edition_id AND s.metric = CASE d.population
     WHEN 'speakers' THEN 'speakers' WHEN 'attendees' THEN 'attendees' WHEN 'committee' THEN 'committee_members' END) AS total,
  round(100.0 * sum(CASE WHEN d.category = 'woman' THEN d.count END) /
    nullif((SELECT value FROM edition_stats s WHERE s.edition_id = d.edition_id AND s.metric = CASE d.population
     WHEN 'speakers' THEN 'speakers' WHEN 'attendees' THEN 'attendees' WHEN 'committee' THEN 'committee_members' END), 0), 1)
    AS women_pct
FROM demographics d JOIN editions e ON e.id = d.edition_id
WHERE d.dimension = 'gender' AND d.population IN ('speakers', 'attendees', 'committee')
GROUP BY d.edition_id, d.population
ORDER BY e.year, d.population""",
        _c(
            ED,
            ("year", "INTEGER", N_("Year.")),
            ("population", "TEXT", N_("speakers, attendees or committee.")),
            ("women", "INTEGER", N_("Women (null if withheld).")),
            ("men", "INTEGER", N_("Men (null if withheld).")),
            ("any_suppressed", "INTEGER", N_("1 if any gender count of this population was withheld.")),
            ("total", "REAL", N_("Everyone in the population.")),
            ("women_pct", "REAL", N_("Women as a percentage of the total.")),
        ),
        facets=("population",),
    ),
    PublicView(
        "committee_igf_balance",
        N_(
            "Each edition's organising committee on the IGF's stakeholder groups, so that NRIs with different "
            "taxonomies compare (a seat of a group counting as two IGF groups weighs half in each)."
        ),
        """
SELECT c.edition_id, coalesce(m.igf_group, 'not_mapped') AS igf_group,
  coalesce(i.label, 'Not mapped to an IGF group') AS igf_label, coalesce(i.colour, '#999999') AS colour,
  round(sum(coalesce(m.weight, 1)), 2) AS seats,
  round(100.0 * sum(coalesce(m.weight, 1))
    / (SELECT count(*) FROM committee_members x WHERE x.edition_id = c.edition_id), 1) AS seats_pct
FROM committee_members c
LEFT JOIN stakeholder_igf_groups m ON m.edition_id = c.edition_id AND m.stakeholder = c.stakeholder
LEFT JOIN igf_stakeholder_groups i ON i.id = m.igf_group
GROUP BY c.edition_id, coalesce(m.igf_group, 'not_mapped')
ORDER BY c.edition_id, coalesce(i.position, 99)""",
        _c(
            ED,
            ("igf_group", "TEXT", N_("IGF stakeholder group (not_mapped when the taxonomy declares none).")),
            ("igf_label", "TEXT", N_("Its name.")),
            ("colour", "TEXT", N_("Its chart colour.")),
            ("seats", "REAL", N_("Committee seats counted on this IGF group.")),
            ("seats_pct", "REAL", N_("Share of the committee's seats.")),
        ),
        facets=("edition_id", "igf_group"),
    ),
    PublicView(
        "committee_balance",
        N_("Stakeholder balance of each edition's organising committee."),
        """
SELECT c.edition_id, c.stakeholder, g.label AS stakeholder_label,
  count(*) AS seats, count(DISTINCT c.organisation_id) AS organisations,
  round(100.0 * count(*) / (SELECT count(*) FROM committee_members x WHERE x.edition_id = c.edition_id), 1) AS seats_pct
FROM committee_members c LEFT JOIN stakeholder_groups g ON g.id = c.stakeholder
GROUP BY c.edition_id, c.stakeholder ORDER BY c.edition_id, seats DESC""",
        _c(
            ED,
            ("stakeholder", "TEXT", N_("Stakeholder group.")),
            ("stakeholder_label", "TEXT", N_("Its name.")),
            ("seats", "INTEGER", N_("Committee seats (member and organisation pairs).")),
            ("organisations", "INTEGER", N_("Distinct organisations.")),
            ("seats_pct", "REAL", N_("Share of the committee's seats.")),
        ),
        facets=("edition_id", "stakeholder"),
    ),
    PublicView(
        "panel_balance",
        N_("Stakeholder balance of each final panel."),
        """
SELECT p.edition_id, p.id AS panel_id, p.title, ps.stakeholder, g.label AS stakeholder_label, ps.panellists,
  round(100.0 * ps.panellists / nullif(p.panellists, 0), 1) AS panellists_pct
FROM panels p JOIN panel_stakeholders ps ON ps.panel_id = p.id
LEFT JOIN stakeholder_groups g ON g.id = ps.stakeholder
WHERE p.round = 'final' ORDER BY p.edition_id, p.id, ps.panellists DESC""",
        _c(
            ED,
            ("panel_id", "TEXT", N_("Panel.")),
            ("title", "TEXT", N_("Title.")),
            ("stakeholder", "TEXT", N_("Stakeholder group.")),
            ("stakeholder_label", "TEXT", N_("Its name.")),
            ("panellists", "INTEGER", N_("Panellists from that group.")),
            ("panellists_pct", "REAL", N_("Share of the panel.")),
        ),
        facets=("edition_id", "stakeholder"),
    ),
    PublicView(
        "panels_without_women",
        N_("Final panels on which no woman sat."),
        """
SELECT p.edition_id, p.id AS panel_id, p.title, p.panellists, p.stakeholder_groups
FROM panels p WHERE p.round = 'final' AND p.has_woman = 0 ORDER BY p.edition_id, p.id""",
        _c(
            ED,
            ("panel_id", "TEXT", N_("Panel.")),
            ("title", "TEXT", N_("Title.")),
            ("panellists", "INTEGER", N_("Panellists.")),
            ("stakeholder_groups", "INTEGER", N_("Distinct stakeholder groups.")),
        ),
        facets=("edition_id",),
    ),
    PublicView(
        "edition_growth",
        N_("Year-over-year change of each headline figure, between consecutive published editions of the same NRI."),
        """
SELECT e.nri, e.id AS edition_id, e.year, prev.id AS previous_edition_id, s.metric, s.value,
  ps.value AS previous_value, s.value - ps.value AS change,
  round(100.0 * (s.value - ps.value) / nullif(ps.value, 0), 1) AS change_pct
FROM editions e
JOIN editions prev ON prev.nri = e.nri AND prev.year = (SELECT max(year) FROM editions x WHERE x.nri = e.nri AND x.year < e.year)
JOIN edition_stats s ON s.edition_id = e.id
JOIN edition_stats ps ON ps.edition_id = prev.id AND ps.metric = s.metric
ORDER BY e.nri, e.year, s.metric""",
        _c(
            ("nri", "TEXT", N_("Initiative.")),
            ED,
            ("year", "INTEGER", N_("Year.")),
            ("previous_edition_id", "TEXT", N_("Previous published edition of the same NRI.")),
            ("metric", "TEXT", N_("Figure.")),
            ("value", "REAL", N_("This edition's value.")),
            ("previous_value", "REAL", N_("Previous edition's value.")),
            ("change", "REAL", N_("Difference.")),
            ("change_pct", "REAL", N_("Difference as a percentage of the previous value.")),
        ),
        facets=("nri", "metric"),
    ),
)

QUERIES: tuple[CannedQuery, ...] = (
    CannedQuery(
        "editions_side_by_side",
        N_("Editions side by side"),
        N_("Headline figures of every edition, one column per figure."),
        """
SELECT e.id AS edition, e.year,
  max(CASE WHEN s.metric = 'committee_members' THEN s.value END) AS committee_members,
  max(CASE WHEN s.metric = 'committee_stakeholder_groups' THEN s.value END) AS committee_groups,
  max(CASE WHEN s.metric = 'survey_ballots' THEN s.value END) AS survey_ballots,
  max(CASE WHEN s.metric = 'topics_approved' THEN s.value END) AS topics_approved,
  max(CASE WHEN s.metric = 'sessions' THEN s.value END) AS sessions,
  max(CASE WHEN s.metric = 'speakers' THEN s.value END) AS speakers,
  max(CASE WHEN s.metric = 'attendees' THEN s.value END) AS attendees,
  max(CASE WHEN s.metric = 'sponsors' THEN s.value END) AS sponsors
FROM editions e LEFT JOIN edition_stats s ON s.edition_id = e.id
GROUP BY e.id ORDER BY e.nri, e.year""",
    ),
    CannedQuery(
        "how_topics_were_chosen",
        N_("How topics were chosen"),
        N_(
            "For one edition: each topic's survey score and rank, "
            "whether the survey alone would have picked it, and the decision with its vote counts."
        ),
        """
SELECT t.title, st.score, st.rank, st.in_survey_top, d.approved, d.decided_by, d.yes, d.no, d.abstain, d.members
FROM topics t LEFT JOIN survey_tally st ON st.topic_id = t.id LEFT JOIN topic_decisions d ON d.topic_id = t.id
WHERE t.edition_id = :edition ORDER BY st.rank, t.title""",
        ("edition",),
    ),
    CannedQuery(
        "who_was_on_the_committee",
        N_("Who was on the committee"),
        N_(
            "Committee seats of one edition: organisation, "
            "stakeholder group, role, and the member's name where they consented."
        ),
        """
SELECT o.name AS organisation, g.label AS stakeholder, c.role, p.name AS member
FROM committee_members c JOIN organisations o ON o.id = c.organisation_id
LEFT JOIN stakeholder_groups g ON g.id = c.stakeholder LEFT JOIN people p ON p.id = c.person_id
WHERE c.edition_id = :edition ORDER BY c.role DESC, o.name""",
        ("edition",),
    ),
    CannedQuery(
        "where_the_money_came_from",
        N_("Where the money came from"),
        N_("Sponsors and budget lines of one edition."),
        """
SELECT 'sponsor' AS kind, name AS item, role AS detail, amount, currency, content_role FROM sponsors WHERE edition_id = :edition
UNION ALL
SELECT 'budget line', item, funded_by, amount, currency, NULL FROM budget_lines WHERE edition_id = :edition""",
        ("edition",),
    ),
    CannedQuery(
        "findings_by_severity",
        N_("Findings by severity"),
        N_("How many findings each edition has, by severity."),
        """
SELECT edition_id, severity, count(*) AS findings FROM findings GROUP BY edition_id, severity
ORDER BY edition_id, CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END""",
    ),
)

TABLE_NAMES = tuple(t.name for t in TABLES)
VIEW_NAMES = tuple(v.name for v in VIEWS)
BY_NAME = {t.name: t for t in TABLES}


# -------------------------------------------------------------------------- labels of coded values
# The site's HTML pages show these labels for coded values (JSON and CSV keep the codes): a column
# whose description starts "1 if" reads yes/no, and the codes below read as words.


def boolean_columns() -> dict[str, list[str]]:
    """{table or view: [columns holding 1/0 flags]}, from the column descriptions."""
    out: dict[str, list[str]] = {}
    for t in (*TABLES, *VIEWS):
        cols = [c.name for c in t.columns if c.type == "INTEGER" and c.doc.startswith("1 if")]
        if cols:
            out[t.name] = cols
    return out


CODE_LABELS = {
    "category": {
        "woman": N_("Women"),
        "man": N_("Men"),
        "non_binary": N_("Non-binary"),
        "self_described": N_("Self-described"),
        "not_stated": N_("Not stated"),
        "in_person": N_("In person"),
        "remote": N_("Remote"),
        "unknown": N_("Unknown"),
    },
    "dimension": {"gender": N_("Gender"), "stakeholder": N_("Stakeholder group"), "mode": N_("Mode of attendance")},
    "population": {
        "speakers": N_("Speakers"),
        "attendees": N_("Attendees"),
        "committee": N_("Committee members"),
        "registrations": N_("Registrations"),
        "survey_respondents": N_("Survey respondents"),
    },
    "role": {
        "secretariat": N_("Secretariat"),
        "coordinator": N_("Coordinator"),
        "member": N_("Member"),
        "moderator": N_("Moderator"),
        "speaker": N_("Speaker"),
        "online_moderator": N_("Online moderator"),
        "rapporteur": N_("Rapporteur"),
    },
    "severity": {"error": N_("Error"), "warning": N_("Warning"), "info": N_("Note")},
}
