"""Bulk import of survey ballots at the speed of csv + executemany.

A topic survey can hold hundreds of thousands of ballots, and nearly every real file
is well formed. So the fast path hands csv's rows straight to survey_ballots with one
executemany, through a generator that does little per row: the id is checked by the
line-by-line path's own pattern, a time by two set look-ups (its day and its clock
time, each checked once), stakeholder groups and choices by dicts that check and
convert each distinct value once with the line-by-line path's own accessors, and the
choices are counted as they pass. A duplicate id fails the primary key. The whole file
is read twice: for its sha256 (which also rules out NUL bytes) and to import it.

Anything unusual (a decoding or quoting error, a ragged or blank row, a duplicate id,
a value that needs cleaning or a date format, a mapping in the config) rolls the
fast path back to a savepoint and returns None: the caller then imports the file
line by line, which names any problem exactly. So the fast path can never accept
what the careful path would refuse, nor word an error differently.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections import Counter

from ..context import is_slug
from ..dates import ISO_UTC
from ..errors import NrikitError
from ..progress import Progress
from .csvread import _MOJIBAKE, clean_text


class _Bail(Exception):
    pass


def applicable(s) -> bool:
    table = s.table
    reader = getattr(table, "_reader", None)
    if not getattr(table, "streaming", False) or table.format != "csv" or reader is None:
        return False
    if reader.skipped_blank or reader._codec != "utf-8" or s.spec.limits or getattr(table, "has_nul", True):
        return False
    used = {s.columns[f] for f in ("id", "choices", "submitted_at", "stakeholder") if f in s.columns}
    # Every column must be one we store, so a blank or odd row is visible in the table.
    return set(table.header) == used and all(s.plain(f) for f in ("id", "choices", "submitted_at", "stakeholder"))


def wide_applicable(s) -> bool:
    """A LimeSurvey wide export (importers/limesurvey.py stream()) whose every field is plain but
    the collapsed choices, and whose id, time and group are ours to check."""
    table = s.table
    reader = getattr(table, "_reader", None)
    plan = getattr(table, "wide", None)
    if plan is None or reader is None or not getattr(table, "streaming", False):
        return False
    if reader._codec != "utf-8" or s.spec.limits or getattr(table, "has_nul", True):
        return False
    if "choices" not in s.columns or s.columns["choices"] not in plan["questions"]:
        return False
    return len(plan["questions"]) == 1 and s.plain("id") and s.plain("submitted_at")


def import_ballots(ctx, s, topics, parse_choices) -> Counter | None:
    """Insert every ballot and return the Counter of ballots, or None to go line by line."""
    wide = wide_applicable(s)
    if not wide and not applicable(s):
        return None
    conn = ctx.db.conn
    conn.execute("SAVEPOINT nrikit_bulk")
    try:
        counts = (_import_wide if wide else _import)(ctx, conn, s, topics, parse_choices)
    except (_Bail, csv.Error, UnicodeError, sqlite3.Error, ValueError, IndexError, NrikitError):
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
    at = {f: header.index(s.columns[f]) for f in ("id", "submitted_at", "stakeholder", "choices") if f in s.columns}
    # Rows keep the file's column order and numbered parameters pick the columns, so a
    # row of the wrong width (ragged, or a blank line, which must be counted) fails to bind.
    param = {f: f"?{i + 1}" for f, i in at.items()}
    when = f"nullif({param['submitted_at']}, '')" if "submitted_at" in at else "NULL"
    insert = (
        f"INSERT INTO survey_ballots (id, submitted_at, stakeholder, choices) "
        f"VALUES ({param['id']}, {when}, {param.get('stakeholder', 'NULL')}, {param['choices']})"
    )

    def record(field, value):
        """A record holding `value`, for the line-by-line path's own accessors (an
        InputError from one of them: go line by line, for the error with its row)."""
        values = [""] * len(header)
        values[at[field]] = value
        return s.record(0, 0, values)

    ballots = {}  # canonical JSON -> the ballot's tuple, for the count

    def choices(value):
        ballot, text = parse_choices(s, record("choices", value), value, topics)
        ballots[text] = ballot
        return text

    def new_time(value):
        # Kept as it is, as the line-by-line path keeps a canonical time of a real day;
        # anything else (a date format, a 30 February...) goes line by line.
        if not ISO_UTC.fullmatch(value) or s.date(record("submitted_at", value), "submitted_at") != value:
            raise _Bail
        days.add(value[:10])
        clocks.add(value[10:])

    choice_of = _Checked(choices)
    group_of = _Checked(lambda value: s.stakeholder(record("stakeholder", value), "stakeholder", required=False))
    # Times are too many to remember each one, but a canonical time is a day that exists
    # (10 characters) and a valid clock time ("Thh:mm:ssZ"): each is checked once, then
    # two set look-ups tell a canonical time, as the line-by-line path's pattern would.
    days, clocks = set(), set()
    seen = {}  # raw choices -> number of ballots
    i_id, i_choices, i_group, i_time = at["id"], at["choices"], at.get("stakeholder"), at.get("submitted_at")
    with open(s.spec.path, "rb") as raw:
        raw.read(reader._skip)
        text = io.TextIOWrapper(raw, encoding=reader._codec, errors="strict", newline="")
        rows = csv.reader(text, delimiter=reader.delimiter, strict=True)
        next(rows)  # the header, already checked

        def ballot_rows():
            # The only Python per row, with the line-by-line path's own tests: the id by
            # its regular expression (then it is printable ASCII: nothing to clean), a
            # look-up per repeating column, and the count. A blank id (so an all-empty
            # row, which must be counted as skipped) goes line by line.
            get = seen.get
            for fields in rows:
                if not is_slug(fields[i_id]):
                    raise _Bail
                value = fields[i_choices]
                seen[value] = get(value, 0) + 1
                fields[i_choices] = choice_of[value]
                if i_group is not None:
                    fields[i_group] = group_of[fields[i_group]]
                if i_time is not None:
                    value = fields[i_time]
                    if value and not (value[:10] in days and value[10:] in clocks):
                        new_time(value)
                yield fields

        progress = Progress(f"reading {s.spec.path.name}")
        if progress.enabled:
            size = s.spec.path.stat().st_size
            # SQLite calls this every so many steps of its own work: cheap, and no Python per row.
            conn.set_progress_handler(lambda: progress.share(raw.tell(), size) or 0, 200_000)
        try:
            total = conn.executemany(insert, ballot_rows()).rowcount  # a duplicate id: IntegrityError
        finally:
            conn.set_progress_handler(None, 0)
            progress.done()
        text.detach()
    if total < 1:
        raise _Bail
    counts = Counter()
    for value, n in seen.items():
        counts[ballots[choice_of[value]]] += n
    s.imported = total
    return counts


def _import_wide(ctx, conn, s, topics, parse_choices) -> Counter:
    """The bulk path for one column per option: the ticks of a row, as a tuple, are a key
    checked and converted once (there are few distinct ballots); times through the
    line-by-line path's own memoised parser; incomplete responses counted and left out."""
    from ..taxonomy import fold
    from .limesurvey import _TICKED, _UNTICKED, INCOMPLETE, _other_warning

    reader, plan, table = s.table._reader, s.table.wide, s.table
    original = plan["original"]
    question = s.columns["choices"]
    options, cols, ranking, other_cols, mapped = plan["questions"][question]
    n_options = len(cols)
    cols = cols + [i for i, _ in other_cols]  # [other] cells ride in the key: counted, never stored
    i_submit = plan["submit"]
    at = {h: i for i, h in enumerate(original)}
    i_id = at[s.columns["id"]]
    i_group = at[s.columns["stakeholder"]] if "stakeholder" in s.columns else None
    header = s.table.header

    def record(field, value):
        values = [""] * len(header)
        values[header.index(s.columns[field])] = value
        return s.record(0, 0, values)

    ballots = {}

    def choices_of(key):
        key, others = key[:n_options], key[n_options:]
        if ranking:
            joined = ";".join(v for v in key if v.strip())
        else:
            for cell in key:
                if cell not in _TICKED and cell.casefold() not in _TICKED | _UNTICKED:
                    raise _Bail
            picked = [o for o, cell in zip(options, key) if cell.casefold() in _TICKED]
            picked += [mapped[fold(t)] for t in others if t.strip() and fold(t.strip()) in mapped]
            joined = ";".join(picked)
        rec = record("choices", joined)
        ballot, text = parse_choices(s, rec, s.text(rec, "choices"), topics)
        ballots[text] = ballot
        return text

    choice_of = _TupleChecked(choices_of)
    group_of = _Checked(lambda value: s.stakeholder(record("stakeholder", value), "stakeholder", required=False))
    times = _Checked(lambda value: s.date(record("submitted_at", value), "submitted_at"))
    seen: dict = {}
    incomplete = 0
    width = len(original)
    with open(s.spec.path, "rb") as raw:
        raw.read(reader._skip)
        text = io.TextIOWrapper(raw, encoding=reader._codec, errors="strict", newline="")
        rows = csv.reader(text, delimiter=reader.delimiter, strict=True)
        next(rows)

        def ballot_rows():
            nonlocal incomplete
            get = seen.get
            for fields in rows:
                if len(fields) != width:
                    raise _Bail  # ragged or blank: the careful path words it
                when = fields[i_submit]
                if not when:
                    incomplete += 1
                    continue
                ident = fields[i_id]
                if not is_slug(ident):
                    raise _Bail
                key = tuple([fields[i] for i in cols])
                seen[key] = get(key, 0) + 1
                yield (
                    ident,
                    times[when],
                    group_of[fields[i_group]] if i_group is not None else None,
                    choice_of[key],
                )

        progress = Progress(f"reading {s.spec.path.name}")
        try:
            total = conn.executemany(
                "INSERT INTO survey_ballots (id, submitted_at, stakeholder, choices) VALUES (?, ?, ?, ?)", ballot_rows()
            ).rowcount
        finally:
            progress.done()
        text.detach()
    if total < 1:
        raise _Bail
    counts = Counter()
    for key, n in seen.items():
        counts[ballots[choice_of[key]]] += n
    s.imported = total
    table.skipped[INCOMPLETE] = incomplete
    warned = plan.get("warned", {})
    for j, (_, h) in enumerate(other_cols, n_options):
        n = sum(c for key, c in seen.items() if key[j].strip() and (ranking or fold(key[j].strip()) not in mapped))
        if n and h in warned:
            table.warnings.append(_other_warning(question, h, n))
    return counts


class _TupleChecked(dict):
    """A row's option cells -> stored choices: each distinct combination checked once."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, key):
        for value in key:
            _check_clean(value)
        stored = self[key] = self.convert(key)
        return stored


class _Checked(dict):
    """Raw value -> stored value: each distinct raw value checked and converted once."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        _check_clean(value)
        stored = self[value] = self.convert(value)
        return stored


def _check_clean(value) -> None:
    if value is None or len(value) > 10_000 or "\x00" in value or clean_text(value) != value or _MOJIBAKE.search(value):
        raise _Bail  # needs cleaning, or a warning or an error with its row: the careful path does those
