"""Opening workspace databases, and the migrations that build their schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from . import schema
from .files import private_database

migrations = Migrations("nrikit")


@migrations(name="0001_initial")
def _initial(db: sqlite_utils.Database) -> None:
    for table in schema.TABLES:
        db.execute(schema.create_sql(table))
        for columns in table.indexes:
            db[table.name].create_index(list(columns))
    # The decision log is append-only: an edit or deletion would rewrite history.
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER decision_log_no_{event.lower()} BEFORE {event} ON decision_log "
            f"BEGIN SELECT RAISE(ABORT, 'decision_log is append-only'); END"
        )


@migrations(name="0002_public_ids")
def _public_ids(db: sqlite_utils.Database) -> None:
    # Workspaces created after the publish feature already have it from 0001 (which reads schema.TABLES).
    if "public_ids" not in db.table_names():
        db.execute(schema.create_sql(schema.PUBLIC_IDS))


@migrations(name="0003_topic_scores")
def _topic_scores(db: sqlite_utils.Database) -> None:
    # 0001 creates every declared table, so a new workspace already has it.
    if "topic_scores" not in db.table_names():
        db.execute(schema.create_sql(schema.BY_NAME["topic_scores"]))


@migrations(name="0004_annual_reports")
def _annual_reports(db: sqlite_utils.Database) -> None:
    # Workspaces created after the report feature already have it from 0001 (which reads schema.TABLES).
    if "annual_reports" not in db.table_names():
        db.execute(schema.create_sql(schema.ANNUAL_REPORTS))


@migrations(name="0005_import_log")
def _import_log(db: sqlite_utils.Database) -> None:
    # 0001 builds every table in schema.TABLES, so a database made after this
    # migration was written already has them: only add what is missing.
    if "import_log" not in db.table_names():
        db.execute(schema.create_sql(schema.IMPORT_LOG))
        db["import_log"].create_index(["source"])
    if "gender_text" not in db["registrations"].columns_dict:
        db.execute('ALTER TABLE "registrations" ADD COLUMN "gender_text" TEXT')
    # The import log is the audit trail of what replaced what: append-only too.
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS import_log_no_{event.lower()} BEFORE {event} ON import_log "
            f"BEGIN SELECT RAISE(ABORT, 'import_log is append-only'); END"
        )


@migrations(name="0006_committee")
def _committee(db: sqlite_utils.Database) -> None:
    # 0001 builds every table in schema.TABLES: only add what is missing.
    for table in schema.COMMITTEE_TABLES:
        if table.name not in db.table_names():
            db.execute(schema.create_sql(table))
            for columns in table.indexes:
                db[table.name].create_index(list(columns))
    # The committee's activity log is its audit trail: append-only, like the decision log.
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS committee_activity_no_{event.lower()} BEFORE {event} ON committee_activity "
            f"BEGIN SELECT RAISE(ABORT, 'committee_activity is append-only'); END"
        )
    # One account per person, and a login names one account.
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS committee_accounts_person ON committee_accounts (person_id)")
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS committee_accounts_login ON committee_accounts (login)")
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS panel_drafts_round ON panel_drafts (topic_id, round)")


@migrations(name="0007_form_fields")
def _form_fields(db: sqlite_utils.Database) -> None:
    # 0001 builds every table in schema.TABLES: only add what an older workspace lacks.
    import secrets

    if "roles_sought" not in db["expressions_of_interest"].columns_dict:
        db.execute('ALTER TABLE "expressions_of_interest" ADD COLUMN "roles_sought" TEXT')
    if "proposer_id" not in db["topics"].columns_dict:
        db.execute('ALTER TABLE "topics" ADD COLUMN "proposer_id" TEXT')
    if "person_id" not in db["registrations"].columns_dict:
        db.execute('ALTER TABLE "registrations" ADD COLUMN "person_id" TEXT')
    for table in (schema.MATCH_REVIEWS, schema.WORKSPACE_SECRET):
        if table.name not in db.table_names():
            db.execute(schema.create_sql(table))
    # One salt per workspace, made once: generated ids stay stable across re-imports.
    db.execute("INSERT OR IGNORE INTO workspace_secret (name, value) VALUES ('salt', ?)", [secrets.token_hex(16)])


@migrations(name="0008_privacy_log")
def _privacy_log(db: sqlite_utils.Database) -> None:
    # 0001 builds every table in schema.TABLES, so a database made after this migration has it.
    if "privacy_log" not in db.table_names():
        db.execute(schema.create_sql(schema.PRIVACY_LOG))
        db["privacy_log"].create_index(["subject_type", "subject_id"])
    # A record of erasures must not itself be erasable.
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS privacy_log_no_{event.lower()} BEFORE {event} ON privacy_log "
            f"BEGIN SELECT RAISE(ABORT, 'privacy_log is append-only'); END"
        )


@migrations(name="0009_finding_messages")
def _finding_messages(db: sqlite_utils.Database) -> None:
    # Findings are kept language-neutral: the message id and its parameters beside the English
    # text, so that `nrikit findings --lang es` and the report show them in the reader's language.
    # Findings stored before this have only English: their id is their text, with no parameters.
    columns = db["findings"].columns_dict
    for name in ("message_id", "hint_id", "params"):
        if name not in columns:
            db.execute(f'ALTER TABLE "findings" ADD COLUMN "{name}" TEXT')
    db.execute("UPDATE findings SET message_id = message, hint_id = hint, params = '{}' WHERE message_id IS NULL")
    # ...and the session reports the IGF Secretariat receives (0001 builds it in a new workspace)
    if "session_reports" not in db.table_names():
        db.execute(schema.create_sql(schema.SESSION_REPORTS))


def open_workspace(
    path: Path | str, *, pm=None, create: bool = True, check_same_thread: bool = True
) -> sqlite_utils.Database:
    """Open (and migrate) a workspace database.

    WAL keeps readers (nrikit status, a publish) from blocking a running stage;
    busy_timeout makes a second writer wait briefly instead of failing at once.
    """
    path = Path(path)
    if not create and not path.exists():
        from ..errors import StageError

        raise StageError(f"{path}: no workspace yet; run `nrikit run` first")
    if str(path) not in (":memory:", ""):  # a throw-away database (inputs check) has no file
        private_database(path)  # 0600 before SQLite writes a byte; its -wal/-shm get the same mode
    # check_same_thread=False only for a caller that keeps each connection to one thread and closes
    # it from another once that thread is gone (the committee app's store).
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=check_same_thread)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    migrations.apply(db)
    if pm is not None:
        from ..plugins import call_each

        for _ in call_each(pm, "prepare_connection", conn=conn):
            pass
    return db


def content_snapshot(db: sqlite_utils.Database, *, exclude=("stage_runs",)) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: for comparing a database before and after."""
    out = {}
    for name in sorted(db.table_names()):
        if name in exclude:
            continue
        out[name] = sorted(db.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
    return out
