"""Declarations of the workspace tables: columns, keys, owning stage, privacy.

Migrations create tables from these declarations, the schema reference in
docs/ is generated from them, and publishing reads the `private` flags: a
column marked private never leaves the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # TEXT, INTEGER, REAL
    doc: str
    private: bool = False  # personal data: stays in the workspace


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    stage: str | None  # the stage whose run replaces this table's rows; None: nrikit's own bookkeeping
    columns: tuple[Column, ...]
    pk: tuple[str, ...] = ("id",)
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)
    indexes: tuple[tuple[str, ...], ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _cols(*specs) -> tuple[Column, ...]:
    out = []
    for spec in specs:
        name, type_, doc, *rest = spec
        out.append(Column(name, type_, doc, private=bool(rest and rest[0] == "private")))
    return tuple(out)


TABLES: tuple[Table, ...] = (
    Table(
        "edition",
        "The edition this workspace holds (one row).",
        "call",
        _cols(
            ("id", "TEXT", "Edition identifier, e.g. igf-peru-2017."),
            ("nri_name", "TEXT", "Full name of the initiative."),
            ("acronym", "TEXT", "Short name of the initiative."),
            ("country", "TEXT", "ISO 3166-1 alpha-2 code of the host country."),
            ("kind", "TEXT", "national, regional, subregional or youth."),
            ("year", "INTEGER", "Year of the edition."),
            ("start_date", "TEXT", "First day of the event."),
            ("end_date", "TEXT", "Last day of the event."),
            ("city", "TEXT", "City of the event."),
            ("venue", "TEXT", "Venue of the event."),
            ("coordinator", "TEXT", "Organisation acting as focal point."),
            ("config_sha256", "TEXT", "sha256 of the config file the stage ran with."),
        ),
    ),
    Table(
        "organisations",
        "Organisations taking part in any stage.",
        "call",
        _cols(
            ("id", "TEXT", "Identifier from the input file."),
            ("name", "TEXT", "Name of the organisation."),
            ("stakeholder", "TEXT", "Stakeholder group id from the edition's taxonomy."),
            ("country", "TEXT", "ISO 3166-1 alpha-2 code."),
        ),
    ),
    Table(
        "people",
        "People: committee members, candidates, panellists. Private.",
        "call",
        _cols(
            ("id", "TEXT", "Identifier from the input file."),
            ("name", "TEXT", "Full name.", "private"),
            ("email", "TEXT", "E-mail address.", "private"),
            ("phone", "TEXT", "Phone number, kept as text.", "private"),
            ("gender", "TEXT", "woman, man, non_binary, self_described or not_stated."),
            ("gender_text", "TEXT", "Self-described gender, as typed.", "private"),
            ("organisation_id", "TEXT", "Organisation the person belongs to."),
            ("country", "TEXT", "ISO 3166-1 alpha-2 code of residence."),
            ("expertise", "TEXT", "JSON array of expertise tags."),
            ("bio", "TEXT", "Short biography.", "private"),
            ("consent_name", "INTEGER", "1 if the person agreed to their name being published."),
            ("consent_org", "INTEGER", "1 if the person agreed to their organisation being published."),
            ("consent_bio", "INTEGER", "1 if the person agreed to their bio being published."),
        ),
        foreign_keys=(("organisation_id", "organisations", "id"),),
    ),
    Table(
        "open_call",
        "The open call for expressions of interest (one row).",
        "call",
        _cols(
            ("id", "INTEGER", "Always 1."),
            ("opened", "TEXT", "Date the call opened."),
            ("deadline", "TEXT", "Deadline of the call."),
            ("channels", "TEXT", "JSON array of channels the call was announced through."),
        ),
    ),
    Table(
        "expressions_of_interest",
        "Answers to the open call.",
        "call",
        _cols(
            ("id", "TEXT", "Identifier from the input file."),
            ("submitted_at", "TEXT", "ISO 8601 UTC time of submission.", "private"),
            ("person_id", "TEXT", "Person who answered, if known."),
            ("organisation_id", "TEXT", "Organisation the answer came from."),
            ("stakeholder", "TEXT", "Stakeholder group id."),
            ("role_sought", "TEXT", "committee, speaker or participant."),
            ("expertise", "TEXT", "JSON array of expertise tags."),
            ("on_time", "INTEGER", "1 if received by the deadline."),
            ("roles_sought", "TEXT", "JSON array of every role a multi-select answer named (role_sought: the first)."),
        ),
        foreign_keys=(("person_id", "people", "id"), ("organisation_id", "organisations", "id")),
    ),
    Table(
        "committee_members",
        "Organising committee: one row per person and organisation represented.",
        "committee",
        _cols(
            ("person_id", "TEXT", "Member."),
            ("organisation_id", "TEXT", "Organisation represented."),
            ("stakeholder", "TEXT", "Stakeholder group of that organisation."),
            ("role", "TEXT", "secretariat, coordinator or member."),
            ("joined", "TEXT", "Date the member joined."),
        ),
        pk=("person_id", "organisation_id"),
        foreign_keys=(("person_id", "people", "id"), ("organisation_id", "organisations", "id")),
    ),
    Table(
        "topics",
        "Candidate topics.",
        "survey",
        _cols(
            ("id", "TEXT", "Identifier from the input file."),
            ("title", "TEXT", "Title of the topic."),
            ("tags", "TEXT", "JSON array of expertise tags the topic calls for."),
            ("description", "TEXT", "Description."),
            ("proposer_id", "TEXT", "Person who proposed it, from a proposal form (feeds), if known."),
        ),
    ),
    Table(
        "survey_ballots",
        "Public topic survey ballots (anonymous).",
        "survey",
        _cols(
            ("id", "TEXT", "Identifier from the input file."),
            ("submitted_at", "TEXT", "ISO 8601 time of submission.", "private"),
            ("stakeholder", "TEXT", "Stakeholder group the respondent declared."),
            ("choices", "TEXT", "JSON array of topic ids, in preference order.", "private"),
        ),
    ),
    Table(
        "survey_tally",
        "The survey counted by the declared method.",
        "survey",
        _cols(
            ("topic_id", "TEXT", "Topic."),
            ("method", "TEXT", "Counting method."),
            ("score", "REAL", "Score under that method."),
            ("rank", "INTEGER", "Rank (tied topics share a rank)."),
            ("in_survey_top", "INTEGER", "1 if the survey alone would select the topic."),
        ),
        pk=("topic_id",),
        foreign_keys=(("topic_id", "topics", "id"),),
    ),
    Table(
        "committee_votes",
        "Committee members' votes on topics.",
        "survey",
        _cols(
            ("topic_id", "TEXT", "Topic voted on."),
            ("person_id", "TEXT", "Voting member."),
            ("vote", "TEXT", "yes, no or abstain."),
        ),
        pk=("topic_id", "person_id"),
        foreign_keys=(("topic_id", "topics", "id"), ("person_id", "people", "id")),
    ),
    Table(
        "topic_decisions",
        "Whether each topic entered the programme, and by what decision.",
        "survey",
        _cols(
            ("topic_id", "TEXT", "Topic."),
            ("approved", "INTEGER", "1 if the topic is in the programme."),
            ("decided_by", "TEXT", "survey (binding) or the committee's approval method."),
            ("yes", "INTEGER", "Committee yes votes."),
            ("no", "INTEGER", "Committee no votes."),
            ("abstain", "INTEGER", "Committee abstentions."),
            ("members", "INTEGER", "Committee members eligible to vote."),
        ),
        pk=("topic_id",),
        foreign_keys=(("topic_id", "topics", "id"),),
    ),
    Table(
        "panels",
        "Draft and final panels.",
        "panels",
        _cols(
            ("id", "TEXT", "Identifier from the input file."),
            ("topic_id", "TEXT", "Topic of the panel."),
            ("round", "TEXT", "draft-1, draft-2, ... or final."),
            ("title", "TEXT", "Title."),
            ("starts", "TEXT", "Local start time."),
            ("ends", "TEXT", "Local end time."),
            ("room", "TEXT", "Room."),
        ),
        foreign_keys=(("topic_id", "topics", "id"),),
    ),
    Table(
        "panellists",
        "People on each panel.",
        "panels",
        _cols(
            ("panel_id", "TEXT", "Panel."),
            ("person_id", "TEXT", "Panellist."),
            ("role", "TEXT", "moderator, speaker, online_moderator or rapporteur."),
            ("remote", "INTEGER", "1 if taking part remotely."),
        ),
        pk=("panel_id", "person_id"),
        foreign_keys=(("panel_id", "panels", "id"), ("person_id", "people", "id")),
    ),
    Table(
        "registrations",
        "Registrations and attendance. Private.",
        "event",
        _cols(
            ("id", "TEXT", "Identifier from the input file."),
            ("name", "TEXT", "Name.", "private"),
            ("email", "TEXT", "E-mail address.", "private"),
            ("gender", "TEXT", "Gender category."),
            ("stakeholder", "TEXT", "Stakeholder group id."),
            ("mode", "TEXT", "in_person or remote."),
            ("attended", "INTEGER", "1 if the person attended, 0 if not; empty when the list records no attendance."),
            ("gender_text", "TEXT", "Self-described gender, as typed.", "private"),
            ("person_id", "TEXT", "The person this registration matched (by e-mail, else name), if any.", "private"),
        ),
    ),
    Table(
        "event_facts",
        "Facts about the event as held.",
        "event",
        _cols(
            ("key", "TEXT", "Fact name."),
            ("value", "TEXT", "Value."),
        ),
        pk=("key",),
    ),
    Table(
        "sponsors",
        "Sponsors and their role.",
        "event",
        _cols(
            ("name", "TEXT", "Sponsor."),
            ("role", "TEXT", "What the sponsor contributed."),
            ("content_role", "INTEGER", "1 if the sponsor had any say on content."),
            ("in_kind", "INTEGER", "1 for in-kind support."),
            ("amount", "REAL", "Amount, if published."),
            ("currency", "TEXT", "ISO 4217 currency code."),
        ),
        pk=("name",),
    ),
    Table(
        "budget_lines",
        "Budget lines.",
        "event",
        _cols(
            ("id", "INTEGER", "Line number."),
            ("item", "TEXT", "What the money paid for."),
            ("amount", "REAL", "Amount."),
            ("currency", "TEXT", "ISO 4217 currency code."),
            ("funded_by", "TEXT", "Sponsor or source."),
        ),
    ),
    Table(
        "edition_stats",
        "Headline figures of the edition, computed by the report stage.",
        "report",
        _cols(
            ("metric", "TEXT", "Figure name."),
            ("value", "REAL", "Value."),
        ),
        pk=("metric",),
    ),
    Table(
        "reports",
        "Generated summaries.",
        "report",
        _cols(
            ("name", "TEXT", "Report name."),
            ("format", "TEXT", "md or html."),
            ("content", "TEXT", "The report."),
        ),
        pk=("name",),
    ),
    Table(
        "findings",
        "Rule violations and risks to the IGF principles, per stage.",
        None,
        _cols(
            ("id", "INTEGER", "Row id."),
            ("stage", "TEXT", "Stage that produced it."),
            ("rule", "TEXT", "Rule name."),
            ("severity", "TEXT", "error, warning or info."),
            ("subject", "TEXT", "What it is about (a panel id, the committee...)."),
            ("message", "TEXT", "What is wrong, in English."),
            ("hint", "TEXT", "How to fix it, in English."),
            ("plugin", "TEXT", "Plugin that registered the rule."),
            ("message_id", "TEXT", "The message's catalogue id (English source with {placeholders})."),
            ("hint_id", "TEXT", "The hint's catalogue id."),
            ("params", "TEXT", "JSON object filling the placeholders; shown in the reader's language."),
        ),
        indexes=(("stage",),),
    ),
    Table(
        "decision_log",
        "Append-only record of every decision, hash-chained.",
        None,
        _cols(
            ("id", "INTEGER", "Sequence number."),
            ("ts_utc", "TEXT", "When nrikit recorded it."),
            ("stage", "TEXT", "Stage that recorded it."),
            ("action", "TEXT", "What was decided, e.g. topic.approved."),
            ("subject_type", "TEXT", "topic, panel, committee..."),
            ("subject_id", "TEXT", "Identifier of the subject."),
            ("method", "TEXT", "Decision method."),
            ("outcome", "TEXT", "The decision."),
            ("tally", "TEXT", "JSON tally."),
            ("binding", "INTEGER", "1 if binding, 0 if advisory, null if not applicable."),
            ("rationale", "TEXT", "Why."),
            ("decided_on", "TEXT", "Date of the decision, when known."),
            ("prev_hash", "TEXT", "hash of the previous entry."),
            ("hash", "TEXT", "sha256 over this entry and prev_hash."),
        ),
    ),
    Table(
        "stage_runs",
        "Log of stage runs.",
        None,
        _cols(
            ("id", "INTEGER", "Run number."),
            ("stage", "TEXT", "Stage."),
            ("status", "TEXT", "ok (outputs written) or unchanged (same inputs: nothing written)."),
            ("started_at", "TEXT", "UTC start."),
            ("finished_at", "TEXT", "UTC end."),
            ("fingerprint", "TEXT", "sha256 over inputs, config, plugins and earlier stages."),
            ("inputs", "TEXT", "JSON {input name: sha256}."),
            ("config_sha256", "TEXT", "sha256 of the config file."),
            ("nrikit_version", "TEXT", "nrikit version."),
            ("plugins", "TEXT", "JSON {plugin: version} of the plugins that took part."),
            ("rows_written", "INTEGER", "Rows written to the stage's tables."),
            ("findings", "INTEGER", "Findings produced."),
        ),
        indexes=(("stage",),),
    ),
)

# Tables added after the first release: each also has its own migration in db.py.
TABLES += (
    Table(
        "topic_scores",
        "Evaluators' scores for candidate topics or session proposals (score-based selection).",
        "survey",
        _cols(
            ("topic_id", "TEXT", "Topic or proposal scored."),
            # Not marked private: the id is a person id like any other (the audit would hunt for
            # it as a secret). Which evaluator gave which score is kept back by publishing, which
            # publishes the tally (survey_tally), not this table.
            ("evaluator_id", "TEXT", "Evaluator (a committee member)."),
            ("score", "REAL", "Score given."),
        ),
        pk=("topic_id", "evaluator_id"),
        foreign_keys=(("topic_id", "topics", "id"), ("evaluator_id", "people", "id")),
    ),
)

BY_NAME = {t.name: t for t in TABLES}


def tables_of_stage(stage: str) -> list[Table]:
    return [t for t in TABLES if t.stage == stage]


def create_sql(table: Table) -> str:
    cols = []
    for c in table.columns:
        ref = next(((o, oc) for col, o, oc in table.foreign_keys if col == c.name), None)
        line = f'"{c.name}" {c.type}'
        if ref:
            line += f' REFERENCES "{ref[0]}"("{ref[1]}") DEFERRABLE INITIALLY DEFERRED'
        cols.append(line)
    if table.pk == ("id",) and table.column("id").type == "INTEGER":
        cols[0] = '"id" INTEGER PRIMARY KEY'
    else:
        cols.append("PRIMARY KEY (" + ", ".join(f'"{p}"' for p in table.pk) + ")")
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


# Appended by the publish feature: the private half of the public identifiers.
PUBLIC_IDS = Table(
    "public_ids",
    "Random public identifiers given to people at publish time. Private: the only link "
    "between a public id and a person.",
    None,
    _cols(
        ("kind", "TEXT", "What the id stands for: person."),
        ("private_id", "TEXT", "Identifier in the workspace (from the input file)."),
        ("public_id", "TEXT", "Random identifier published instead (secrets.token_hex, per edition)."),
        ("created_at", "TEXT", "UTC time the id was drawn."),
    ),
    pk=("kind", "private_id"),
)
TABLES = TABLES + (PUBLIC_IDS,)
BY_NAME = {t.name: t for t in TABLES}

# Appended by the annual report feature: each report `nrikit report` produced, so `nrikit status`
# can say whether this year's report (due 3 months after the event) exists.
ANNUAL_REPORTS = Table(
    "annual_reports",
    "Annual reports produced by `nrikit report` (the record, not the text).",
    None,
    _cols(
        ("id", "INTEGER", "Row id."),
        ("produced_at", "TEXT", "UTC time the report was produced."),
        ("format", "TEXT", "md or html."),
        ("lang", "TEXT", "Language code."),
        ("path", "TEXT", "File written, or '-' for standard output."),
        ("sha256", "TEXT", "sha256 of the report text."),
        ("editions", "TEXT", "JSON array of the editions in the public data it read."),
        ("nrikit_version", "TEXT", "nrikit version."),
    ),
)
TABLES = TABLES + (ANNUAL_REPORTS,)
BY_NAME = {t.name: t for t in TABLES}

# Appended by the importers feature, migration 0005_import_log (databases made before it lack it;
# new ones get it from 0001 too). Never published: publish.py copies no table it does not name.
IMPORT_LOG = Table(
    "import_log",
    "Append-only record of every input file a stage imported.",
    None,
    _cols(
        ("id", "INTEGER", "Sequence number."),
        ("ts_utc", "TEXT", "When the import was committed."),
        ("stage", "TEXT", "Stage that read the file."),
        ("source", "TEXT", "Input name in the edition config, e.g. attendance."),
        # Private: an export is often named after the person who made it ("respuestas-maria.csv").
        ("file", "TEXT", "File name, relative to the config file when inside its folder.", "private"),
        ("format", "TEXT", "Importer that read it."),
        ("sha256", "TEXT", "sha256 of the file's bytes."),
        ("action", "TEXT", "import (first time), replace (a different file replaced the source's rows) or reload."),
        ("previous_sha256", "TEXT", "sha256 of the file whose rows were replaced."),
        ("rows_read", "INTEGER", "Data rows read, blank rows included."),
        ("rows_imported", "INTEGER", "Rows written to the stage's tables."),
        ("rows_skipped", "INTEGER", "Rows not imported."),
        ("skipped", "TEXT", "JSON {reason: count} of the rows not imported."),
        ("duplicates_resolved", "INTEGER", "Earlier submissions replaced by a later one from the same person."),
        ("warnings", "INTEGER", "Warnings raised while reading (mojibake...)."),
        ("nrikit_version", "TEXT", "nrikit version."),
        ("config_sha256", "TEXT", "sha256 of the config file."),
    ),
    indexes=(("source",),),
)
# Matches a person or an organisation was given on weak evidence, for a human to confirm or split.
MATCH_REVIEWS = Table(
    "match_reviews",
    "Uncertain matches made while importing: a person matched by name only, an organisation by a close spelling.",
    "call",
    _cols(
        ("id", "INTEGER", "Sequence number."),
        ("kind", "TEXT", "person or organisation."),
        ("source", "TEXT", "Input the row came from."),
        ("row", "INTEGER", "Row of that input."),
        ("value", "TEXT", "The organisation's name as the export has it (empty for a person: names stay private)."),
        ("matched_id", "TEXT", "Id it was matched to."),
        ("matched_name", "TEXT", "Name of the organisation it was matched to."),
        ("score", "REAL", "Similarity 0-100 (rapidfuzz), or empty for a name match."),
    ),
)
# The salt of generated ids (people.generated_id): secret, so an id cannot be recomputed from a guessed e-mail.
WORKSPACE_SECRET = Table(
    "workspace_secret",
    "Secrets of this workspace (the salt of generated ids). Private; never published.",
    None,
    _cols(("name", "TEXT", "What the secret is for."), ("value", "TEXT", "The secret.", "private")),
    pk=("name",),
)

TABLES = TABLES + (IMPORT_LOG, MATCH_REVIEWS, WORKSPACE_SECRET)
BY_NAME = {t.name: t for t in TABLES}

# Appended by the data-subject rights feature, migration 0008_privacy_log (`nrikit person forget`,
# `nrikit person expire`). It records what was done, never to whom beyond the workspace's own
# pseudonymous id: a person's name or e-mail written here could never be erased.
PRIVACY_LOG = Table(
    "privacy_log",
    "Append-only record of every erasure (a person's request, or the retention date): what, when, which ids.",
    None,
    _cols(
        ("id", "INTEGER", "Sequence number."),
        ("ts_utc", "TEXT", "When it was done."),
        ("action", "TEXT", "forget (a person's request) or retention (keep_personal_data_until passed)."),
        ("subject_type", "TEXT", "Table whose row was erased: people or registrations."),
        ("subject_id", "TEXT", "Workspace id of the row (a pseudonym: the row no longer says whose it was)."),
        ("request", "TEXT", "Random id shared by the entries of one request, across editions."),
        ("nrikit_version", "TEXT", "nrikit version."),
    ),
    indexes=(("subject_type", "subject_id"),),
)
TABLES = TABLES + (PRIVACY_LOG,)
# Session reports (the IGF's workshop report template), added with migration 0009_finding_messages.
SESSION_REPORTS = Table(
    "session_reports",
    "Rapporteurs' reports of the final panels (IGF workshop report template), each due two weeks after its session.",
    "event",
    _cols(
        ("panel_id", "TEXT", "The final panel reported on."),
        ("moderator_id", "TEXT", "Who moderated it (a person id)."),
        ("rapporteur_id", "TEXT", "Who wrote the report (a person id)."),
        ("key_issues", "TEXT", "Key issues raised."),
        ("summary", "TEXT", "Summary of the discussion."),
        ("way_forward", "TEXT", "Way forward: recommendations and next steps."),
        ("submitted_on", "TEXT", "Date the report was received (ISO)."),
    ),
    pk=("panel_id",),
)
TABLES = TABLES + (SESSION_REPORTS,)
BY_NAME = {t.name: t for t in TABLES}

# Appended by the committee workspace (nrikit committee serve), migration 0006_committee (databases
# made before it lack them; new ones get them from 0001 too). None of them is published as is:
# publish.py copies no table it does not name. No foreign key points at a stage's table (people,
# topics), so a re-run that drops a person or a topic never fails because of the committee's rows.
COMMITTEE_TABLES = (
    Table(
        "committee_accounts",
        "Sign-in accounts of the committee workspace, one per committee member invited.",
        None,
        _cols(
            ("id", "INTEGER", "Account number."),
            ("person_id", "TEXT", "Committee member (a person id of the committee stage)."),
            ("login", "TEXT", "What the member types to sign in: their e-mail, else their person id.", "private"),
            ("role", "TEXT", "secretariat, member or observer."),
            ("password_hash", "TEXT", "argon2id hash of the password.", "private"),
            ("created_at", "TEXT", "UTC time of the invitation."),
            ("created_by", "TEXT", "Who invited (the command line, or an account)."),
            ("revoked_at", "TEXT", "UTC time the account was revoked; null while it is active."),
            ("failed_signins", "INTEGER", "Wrong passwords in a row since the last good sign-in."),
            ("locked_until", "TEXT", "UTC time until which sign-in is refused after repeated wrong passwords."),
            ("last_signin_at", "TEXT", "UTC time of the last good sign-in."),
        ),
    ),
    Table(
        "committee_sessions",
        "Signed-in sessions of the committee workspace (sign-out and revocation end them).",
        None,
        _cols(
            ("id", "TEXT", "sha256 of the session token the signed cookie carries."),
            ("account_id", "INTEGER", "Account signed in."),
            ("created_at", "TEXT", "UTC sign-in time."),
            ("expires_at", "TEXT", "UTC time after which the session is refused."),
            ("ended_at", "TEXT", "UTC time of sign-out or revocation."),
        ),
        foreign_keys=(("account_id", "committee_accounts", "id"),),
    ),
    Table(
        "committee_activity",
        "Append-only private log of every change made in the committee workspace: who, what, when.",
        None,
        _cols(
            ("id", "INTEGER", "Sequence number."),
            ("ts_utc", "TEXT", "UTC time of the change."),
            ("account_id", "INTEGER", "Account that made it (null: the command line)."),
            ("person_id", "TEXT", "Person behind the account."),
            ("action", "TEXT", "What was done, e.g. vote.cast, vote.closed, account.invited."),
            ("subject_type", "TEXT", "topic, account, ..."),
            ("subject_id", "TEXT", "Identifier of the subject."),
            ("detail", "TEXT", "JSON detail of the change (never a password)."),
        ),
        indexes=(("action",),),
    ),
    Table(
        "member_votes",
        "Each committee member's current vote on a topic, changeable until the secretariat closes the vote.",
        None,
        _cols(
            ("topic_id", "TEXT", "Topic voted on."),
            ("person_id", "TEXT", "Voting member."),
            ("vote", "TEXT", "yes, no or abstain."),
            ("cast_at", "TEXT", "UTC time of the latest change."),
        ),
        pk=("topic_id", "person_id"),
    ),
    Table(
        "vote_rounds",
        "The committee's vote on each topic: open or closed, and the outcome computed when it closed.",
        None,
        _cols(
            ("topic_id", "TEXT", "Topic."),
            ("status", "TEXT", "open or closed."),
            ("opened_at", "TEXT", "UTC time the secretariat opened the vote."),
            ("opened_by", "TEXT", "Person who opened it."),
            ("closed_at", "TEXT", "UTC time the secretariat closed it."),
            ("closed_by", "TEXT", "Person who closed it."),
            ("method", "TEXT", "Vote method applied (the edition's [survey] approval)."),
            ("outcome", "TEXT", "approved or rejected."),
            ("tally", "TEXT", "JSON tally: yes, no, abstain, members, the rule in words."),
        ),
        pk=("topic_id",),
    ),
    Table(
        "panel_drafts",
        "The committee's proposal rounds for each approved topic's panel (draft-1, draft-2, ...), all kept.",
        None,
        _cols(
            ("id", "INTEGER", "Draft number."),
            ("topic_id", "TEXT", "Topic of the panel."),
            ("round", "TEXT", "draft-1, draft-2, ..."),
            ("title", "TEXT", "Working title of the panel."),
            ("status", "TEXT", "open (members may change it), closed (a later round replaced it) or final."),
            ("created_at", "TEXT", "UTC time the round was started."),
            ("created_by", "TEXT", "Person who started it."),
            ("finalised_at", "TEXT", "UTC time the secretariat made it final."),
            ("finalised_by", "TEXT", "Person who made it final."),
            ("panel_id", "TEXT", "Final panel it became (panels.id)."),
        ),
    ),
    Table(
        "panel_draft_members",
        "Who is proposed on each draft, in which role, and by whom.",
        None,
        _cols(
            ("draft_id", "INTEGER", "Draft."),
            ("person_id", "TEXT", "Proposed panellist."),
            ("role", "TEXT", "moderator or speaker."),
            ("added_by", "TEXT", "Member who proposed them."),
            ("added_at", "TEXT", "UTC time."),
        ),
        pk=("draft_id", "person_id"),
        foreign_keys=(("draft_id", "panel_drafts", "id"),),
    ),
    Table(
        "committee_nominations",
        "Someone new a member nominated for a topic's panel, with whether they consented. Private.",
        None,
        _cols(
            ("id", "INTEGER", "Nomination number."),
            ("topic_id", "TEXT", "Topic."),
            ("name", "TEXT", "Name of the person nominated.", "private"),
            ("organisation", "TEXT", "Their organisation, as typed.", "private"),
            ("gender", "TEXT", "woman, man, non_binary, self_described or not_stated."),
            ("consent", "TEXT", "not_asked, asked, given or refused: whether they agreed to be proposed."),
            ("nominated_by", "TEXT", "Member who nominated them."),
            ("nominated_at", "TEXT", "UTC time."),
        ),
    ),
    Table(
        "committee_tasks",
        "Who is responsible for what: the edition's tasks (venue, speakers, funding, outreach, report...).",
        None,
        _cols(
            ("id", "INTEGER", "Task number."),
            ("area", "TEXT", "venue, speakers, funding, outreach, report or other."),
            ("title", "TEXT", "What is to be done (published)."),
            ("owner_person_id", "TEXT", "Committee member responsible, if a person."),
            ("owner_organisation_id", "TEXT", "Organisation responsible, if an organisation."),
            ("status", "TEXT", "to_do, doing or done."),
            ("due_date", "TEXT", "Date it is due (YYYY-MM-DD), if any."),
            ("created_by", "TEXT", "Member who added it."),
            ("created_at", "TEXT", "UTC time."),
            ("updated_at", "TEXT", "UTC time of the last change."),
        ),
    ),
    Table(
        "committee_comments",
        "The committee's discussion on a topic, a panel round or a task, in place of the e-mail thread. Private.",
        None,
        _cols(
            ("id", "INTEGER", "Comment number."),
            ("subject_type", "TEXT", "topic, draft or task."),
            ("subject_id", "TEXT", "The topic id, draft number or task number."),
            ("person_id", "TEXT", "Member who wrote it."),
            ("body", "TEXT", "The comment.", "private"),
            ("created_at", "TEXT", "UTC time."),
        ),
        indexes=(("subject_type", "subject_id"),),
    ),
)
TABLES = TABLES + COMMITTEE_TABLES
BY_NAME = {t.name: t for t in TABLES}
