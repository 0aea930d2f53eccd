"""Bulk import of survey ballots at the speed of csv + executemany.

A topic survey can hold hundreds of thousands of ballots, and nearly every real file
is well formed. So the fast path hands csv's rows straight to SQLite (no Python per
row), then checks in SQL what the line-by-line path checks in Python: identifiers,
canonical UTC times, clean text, lengths, NUL bytes; values that repeat (stakeholder
groups, choices) are checked once per distinct value in Python and mapped back with
one UPDATE ... FROM.

Anything unusual (a decoding or quoting error, a ragged or blank row, a duplicate id,
a value that needs cleaning or a date format, a mapping in the config) rolls the
fast path back to a savepoint and returns None: the caller then imports the file
line by line, which names any problem exactly. So the fast path can never accept
what the careful path would refuse, nor word an error differently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from collections import Counter

from ..csvread import _MOJIBAKE, clean_text
from ..errors import NrikitError
from ..progress import Progress

ISO_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"
SLUG_OK = ("{c} GLOB '[A-Za-z0-9]*' AND {c} NOT GLOB '*[^A-Za-z0-9_.-]*' AND length({c}) <= 81")


class _Bail(Exception):
    pass


def applicable(s) -> bool:
    table = s.table
    reader = getattr(table, "_reader", None)
    if not getattr(table, "streaming", False) or table.format != "csv" or reader is None:
        return False
    if reader.skipped_blank or reader._codec != "utf-8" or s.spec.limits or not _nul_free(s.spec.path):
        return False
    used = {s.columns[f] for f in ("id", "choices", "submitted_at", "stakeholder") if f in s.columns}
    # Every column must be one we store, so a blank or odd row is visible in the table.
    return set(table.header) == used and all(s.plain(f) for f in ("id", "choices", "submitted_at", "stakeholder"))


def _nul_free(path) -> bool:
    """SQLite's text functions stop at a NUL, so a file holding one goes line by line."""
    with open(path, "rb") as f:
        return not any(b"\x00" in chunk for chunk in iter(lambda: f.read(1 << 20), b""))


def import_ballots(ctx, s, topics, parse_choices) -> Counter | None:
    """Insert every ballot and return the Counter of ballots, or None to go line by line."""
    if not applicable(s):
        return None
    conn = ctx.db.conn
    conn.execute("SAVEPOINT nrikit_bulk")
    try:
        counts = _import(ctx, conn, s, topics, parse_choices)
    except (_Bail, csv.Error, UnicodeError, sqlite3.Error, ValueError, NrikitError):
        conn.execute("ROLLBACK TO nrikit_bulk")
        conn.execute("RELEASE nrikit_bulk")
        return None
    except BaseException:
        conn.execute("ROLLBACK TO nrikit_bulk")
        conn.execute("RELEASE nrikit_bulk")
        raise
    conn.execute("RELEASE nrikit_bulk")
    return counts


def _import(ctx, conn, s, topics, parse_choices) -> Counter:
    reader = s.table._reader
    header = s.table.header
    fields = [f for f in ("id", "submitted_at", "stakeholder", "choices") if f in s.columns]
    position = {name: i + 1 for i, name in enumerate(header)}
    params = ", ".join(f"?{position[s.columns[f]]}" for f in fields)
    # Staged in a temporary table first: checked there, then copied in one INSERT ... SELECT.
    # The staging table lives in SQLite's temporary file, not in memory: a million
    # ballots must not cost a million ballots' worth of RAM.
    conn.execute("PRAGMA temp_store = FILE")
    conn.execute("DROP TABLE IF EXISTS temp.nrikit_stage")
    conn.execute(f"CREATE TEMP TABLE nrikit_stage ({', '.join(fields)})")
    try:
        return _stage_and_copy(conn, s, reader, fields, params, topics, parse_choices)
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.nrikit_stage")
        conn.execute("DROP TABLE IF EXISTS temp.nrikit_map_group")
        conn.execute("DROP TABLE IF EXISTS temp.nrikit_map_choices")


def _stage_and_copy(conn, s, reader, fields, params, topics, parse_choices) -> Counter:
    with open(s.spec.path, "rb") as raw:
        raw.read(reader._skip)
        text = io.TextIOWrapper(raw, encoding=reader._codec, errors="strict", newline="")
        rows = csv.reader(text, delimiter=reader.delimiter, strict=True)
        next(rows)  # the header, already checked
        # An empty line (csv gives []) or a ragged row makes executemany raise: blank rows
        # must be counted, so those files go line by line.
        progress = Progress(f"reading {s.spec.path.name}")
        if progress.enabled:
            size = s.spec.path.stat().st_size
            # SQLite calls this every so many steps of its own work: cheap, and no Python per row.
            conn.set_progress_handler(lambda: progress.share(raw.tell(), size) or 0, 200_000)
        try:
            cursor = conn.executemany(f"INSERT INTO nrikit_stage VALUES ({params})", rows)
        finally:
            conn.set_progress_handler(None, 0)
            progress.done()
        text.detach()
    total = cursor.rowcount
    if total < 1:
        raise _Bail
    # The high-cardinality columns are checked by the INSERT ... SELECT itself: a row
    # failing a check is not copied, and a short count sends the file line by line. A
    # valid identifier is printable ASCII without spaces, and so is a canonical time:
    # neither needs cleaning. (An all-empty row fails too: it must be skipped and counted.)
    valid = [SLUG_OK.format(c="st.id")]
    if "submitted_at" in fields:
        valid.append(f"(st.submitted_at = '' OR (st.submitted_at GLOB '{ISO_GLOB}' "
                     "AND substr(st.submitted_at, 12, 8) BETWEEN '00:00:00' AND '23:59:59' "
                     "AND substr(st.submitted_at, 15, 2) < '60' AND substr(st.submitted_at, 18, 2) < '60'))")
    when = "NULL"
    if "submitted_at" in fields:
        when = "nullif(st.submitted_at, '')"
        for (day,) in conn.execute("SELECT DISTINCT substr(submitted_at, 1, 10) FROM nrikit_stage "
                                   "WHERE submitted_at != ''"):
            dt.date.fromisoformat(day)  # ValueError (a 30 February...) means: go line by line
    # Stakeholder groups and choices repeat: count the distinct pairs in one pass (a
    # Counter over the cursor, in C) and check each distinct value once.
    pairs = Counter(conn.execute(
        f"SELECT {'stakeholder' if 'stakeholder' in fields else 'NULL'}, choices FROM nrikit_stage"))
    group, join = "NULL", ""
    if "stakeholder" in fields:
        mapping = []
        for value in {g for g, _ in pairs}:
            _check_clean(value)
            resolved = s.ctx.taxonomy.resolve(value) if value else None
            if value and resolved is None:
                raise _Bail
            mapping.append((value, resolved))
        _map_table(conn, "nrikit_map_group", mapping)
        group, join = "g.value", "JOIN nrikit_map_group AS g ON g.raw = st.stakeholder"
    probe = s.record(0, 0, [""] * len(s.table.header))
    mapping, counts, parsed = [], Counter(), {}
    for (_, value), n in pairs.items():
        if value not in parsed:
            _check_clean(value)
            parsed[value] = parse_choices(s, probe, value, topics)  # InputError: go line by line for its row
            mapping.append((value, parsed[value][1]))
        counts[parsed[value][0]] += n
    _map_table(conn, "nrikit_map_choices", mapping)
    conn.execute(f"INSERT INTO survey_ballots (id, submitted_at, stakeholder, choices) "
                 f"SELECT st.id, {when}, {group}, c.value FROM nrikit_stage AS st {join} "
                 f"JOIN nrikit_map_choices AS c ON c.raw = st.choices WHERE {' AND '.join(valid)} ORDER BY st.rowid")
    if conn.execute("SELECT changes()").fetchone()[0] != total:
        raise _Bail
    s.imported = total
    return counts


def _check_clean(value) -> None:
    if value is None or len(value) > 10_000 or "\x00" in value or clean_text(value) != value or _MOJIBAKE.search(value):
        raise _Bail  # needs cleaning, or a warning or an error with its row: the careful path does those


def _map_table(conn, name: str, mapping: list[tuple]) -> None:
    conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    conn.execute(f"CREATE TEMP TABLE {name} (raw TEXT PRIMARY KEY, value TEXT)")
    conn.executemany(f"INSERT INTO {name} VALUES (?, ?)", mapping)
