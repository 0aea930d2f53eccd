"""Bulk import of survey ballots at close to the speed of csv + executemany.

A topic survey can hold hundreds of thousands of ballots, and nearly every real file
is well formed. So the fast path hands csv's rows straight to survey_ballots with
executemany, 4,096 rows at a time, each chunk checked column by column with the
line-by-line path's own rules at C level (ids, times as set look-ups with each day
checked once, each new stakeholder group checked once and mapped by SQLite); the raw
choices are counted, and each distinct value is checked and converted once, when its
count leaves memory (a dict of at most SPILL values, then a temp table: memory does not
grow with the file). SQLite writes the stored JSON list; values that are not plain ids
are put right by one UPDATE. A duplicate id fails the primary key. The whole file is
read twice: for its sha256 (which also rules out NUL bytes) and to import it.

Anything unusual (a decoding or quoting error, a ragged or blank row, a duplicate id,
a value that needs cleaning or a date format, a mapping in the config) rolls the
fast path back to a savepoint and returns None: the caller then imports the file
line by line, which names any problem exactly. So the fast path can never accept
what the careful path would refuse, nor word an error differently.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections import Counter
from itertools import compress, islice
from operator import itemgetter

from ..context import is_slug
from ..dates import ISO_UTC
from ..errors import NrikitError
from ..progress import Progress
from ..tally import Weighted
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


def import_ballots(ctx, s, topics, parse_choices) -> Weighted | None:
    """Insert every ballot and return them counted (for the tally), or None to go line by line."""
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


CACHE = 4096  # entries of each memo: a memo keyed by distinct value must not grow with the file
SPILL = 65_536  # distinct ballots counted in memory (about 10 MB) before they go to a temp table
CHUNK = 4096  # rows checked together, column by column


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def stored_ballot(choices: str) -> tuple[str, ...]:
    """A stored choices value (jsonlist(): '["t01", "t07"]') as the ballot's tuple. Without a
    backslash (an escape) every '", "' separates two ids, so a split reads it as json.loads."""
    if "\\" in choices or len(choices) < 4:
        import json

        return tuple(json.loads(choices))
    return tuple(choices[2:-2].split('", "'))


class _Counts:
    """How many ballots made each choices value, counted as the rows pass: in a dict of at
    most SPILL entries, added to a temp table whenever it is full, so memory stays flat
    however diverse the ballots. A value may then have several partial counts: every survey
    method is a sum over (ballot, count) pairs, so they add up. ballots() is the tally's input.

    convert, if given, turns each counted (raw) key into its stored value as it leaves the
    dict, so a value is checked once per spill, not once per row."""

    def __init__(self, conn, convert=None):
        self.conn, self.convert = conn, convert
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS nrikit_ballot_counts (choices TEXT, n INTEGER)")
        conn.execute("DELETE FROM temp.nrikit_ballot_counts")
        self.seen: Counter = Counter()
        self.kept: list[tuple[str, int]] = []

    def _stored(self):
        convert = self.convert
        return [(convert(k), n) for k, n in self.seen.items()] if convert else list(self.seen.items())

    def spill(self) -> None:
        self.conn.executemany("INSERT INTO temp.nrikit_ballot_counts VALUES (?, ?)", self._stored())
        self.seen.clear()

    def finish(self) -> None:
        """The last counts, converted (and so checked), kept in memory for the tally."""
        self.kept = self._stored()
        self.seen.clear()

    def ballots(self) -> Weighted:
        conn, kept = self.conn, self.kept

        def items():
            for choices, n in kept:
                yield stored_ballot(choices), n
            for choices, n in conn.execute("SELECT choices, n FROM temp.nrikit_ballot_counts"):
                yield stored_ballot(choices), n

        return Weighted(items, checked=True)


_LOCAL = re.compile(r"\d{4}-\d\d-\d\d (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d")  # LimeSurvey's submitdate


def _stored_choices(s, topics, parse_choices, record):
    """raw choices -> the stored JSON list, as the line-by-line path would store it.

    A value that is only topic ids joined by ";", each once (nearly every ballot), is
    converted by string operations per row, with no memo: real ballots are so diverse
    (about one distinct value in two) that a memo would only grow. Anything else (labels,
    spaces, "|", a blank ballot, an unknown topic) goes through the line-by-line path's own
    parser, memoised in a bounded dict."""
    import json

    known = set(topics)
    # Slug ids (no ";", "|" or space) that JSON writes as they are: then '["a", "b"]' is
    # exactly what the careful parser stores for "a;b".
    simple = all(is_slug(t) and json.dumps(t, ensure_ascii=False) == f'"{t}"' for t in topics)
    careful = _Checked(lambda value: parse_choices(s, record("choices", value), value, topics)[1])

    def stored(value):
        parts = value.split(";")
        if simple and len(known.intersection(parts)) == len(parts) and len(value) <= 10_000:
            return '["' + '", "'.join(parts) + '"]'
        return careful[value]

    stored.known, stored.simple = known, simple
    return stored


def _import(ctx, conn, s, topics, parse_choices) -> Weighted:
    reader = s.table._reader
    header = s.table.header
    at = {f: header.index(s.columns[f]) for f in ("id", "submitted_at", "stakeholder", "choices") if f in s.columns}
    # Rows keep the file's column order and numbered parameters pick the columns, so a
    # row of the wrong width (ragged, or a blank line, which must be counted) fails to bind.
    param = {f: f"?{i + 1}" for f, i in at.items()}
    when = f"nullif({param['submitted_at']}, '')" if "submitted_at" in at else "NULL"
    # The stored JSON list of topic ids is written by SQLite ("a;b" -> '["a", "b"]'); values
    # that are not plain ids are put right after, from what the careful parser stored.
    stored = f"""'["' || replace({param["choices"]}, ';', '", "') || '"]'"""
    insert = (
        f"INSERT INTO survey_ballots (id, submitted_at, stakeholder, choices) "
        f"VALUES ({param['id']}, {when}, {'{group}' if 'stakeholder' in param else 'NULL'}, {stored})"
    )

    def record(field, value):
        """A record holding `value`, for the line-by-line path's own accessors (an
        InputError from one of them: go line by line, for the error with its row)."""
        values = [""] * len(header)
        values[at[field]] = value
        return s.record(0, 0, values)

    choices = _stored_choices(s, topics, parse_choices, record)
    if not choices.simple:
        raise _Bail  # topic ids that SQLite's conversion below could not write as jsonlist() does
    fixes = {}  # what SQLite wrote for a value that is not plain ids -> what the careful parser stores

    def convert(value):
        stored = choices(value)
        written = '["' + value.replace(";", '", "') + '"]'  # what SQLite wrote for it
        if written != stored:
            if '"' in value:
                raise _Bail  # then another value might be written the same
            fixes[written] = stored
            if len(fixes) > CACHE:
                raise _Bail  # a file of labels, not ids: the line-by-line path
        return stored

    counts = _Counts(conn, convert)

    def new_day(value):
        # Kept as it is, as the line-by-line path keeps a canonical time of a real day;
        # anything else (a date format, a 30 February...) goes line by line.
        if not ISO_UTC.fullmatch(value) or s.date(record("submitted_at", value), "submitted_at") != value:
            raise _Bail
        days.add(value[:10])

    group_of = _Checked(lambda value: s.stakeholder(record("stakeholder", value), "stakeholder", required=False))
    # A canonical time is a day that exists (each day checked once, by the line-by-line
    # path's parser), a valid "Thh:mm:" and a valid "ssZ": three set look-ups, as the
    # line-by-line path's pattern would tell.
    days = set()
    clocks = {f"T{h:02d}:{m:02d}:" for h in range(24) for m in range(60)}
    seconds = {f"{sec:02d}Z" for sec in range(60)}
    i_id, i_choices, i_group, i_time = at["id"], at["choices"], at.get("stakeholder"), at.get("submitted_at")
    width = len(header)
    day, clock, second = itemgetter(slice(0, 10)), itemgetter(slice(10, 17)), itemgetter(slice(17, None))
    statements = {}  # the groups met so far -> the INSERT that maps them

    def statement():
        """The INSERT, the stakeholder column mapped by a CASE of the groups met so far (each
        checked once by the line-by-line path's accessor), so SQLite maps them at C speed."""
        key = frozenset(group_of)
        sql = statements.get(key)
        if sql is None:
            when = " ".join(f"WHEN {_literal(raw)} THEN {_literal(code)}" for raw, code in group_of.items() if code)
            sql = statements[key] = insert.replace(
                "{group}", f"CASE {param['stakeholder']} {when} ELSE NULL END" if when else "NULL"
            )
        return sql

    with open(s.spec.path, "rb") as raw:
        raw.read(reader._skip)
        text = io.TextIOWrapper(raw, encoding=reader._codec, errors="strict", newline="")
        rows = csv.reader(text, delimiter=reader.delimiter, strict=True)
        next(rows)  # the header, already checked

        def chunks():
            """Rows CHUNK at a time, each column checked with the line-by-line path's own rules
            by C-level passes (map, set, Counter) rather than Python per row: ids printable ASCII
            letters and digits (else its pattern), a canonical time as three set look-ups (a day
            that exists, each day checked once by the line-by-line parser, a valid "Thh:mm:", a
            valid "ssZ"), each new group checked once, the raw choices counted (each distinct
            value is checked and converted when its count leaves memory). A row of another
            width (ragged, or a blank line, which must be counted as skipped) goes line by line."""
            seen = counts.seen
            while chunk := list(islice(rows, CHUNK)):
                if len(set(map(len, chunk))) != 1 or len(chunk[0]) != width:
                    raise _Bail
                columns = list(zip(*chunk))
                ids = columns[i_id]
                plain = all(map(str.isalnum, ids)) and all(map(str.isascii, ids)) and max(map(len, ids)) <= 81
                if not (plain or all(map(is_slug, ids))):
                    raise _Bail
                seen.update(columns[i_choices])
                if len(seen) >= SPILL:
                    counts.spill()
                if i_group is not None:
                    present = set(columns[i_group])
                    new = present.difference(group_of)
                    if len(new) > 256:
                        raise _Bail  # not a list of groups
                    for value in new:
                        group_of[value]
                    if not present.issubset(group_of):
                        raise _Bail  # the memo was cleared on the way: statement() would miss some
                if i_time is not None:
                    times = list(filter(None, columns[i_time]))
                    for value in set(map(day, times)).difference(days):
                        new_day(next(t for t in times if t[:10] == value))
                    if not (clocks.issuperset(map(clock, times)) and seconds.issuperset(map(second, times))):
                        raise _Bail
                yield chunk

        progress = Progress(f"reading {s.spec.path.name}")
        if progress.enabled:
            size = s.spec.path.stat().st_size
            # SQLite calls this every so many steps of its own work: cheap, and no Python per row.
            conn.set_progress_handler(lambda: progress.share(raw.tell(), size) or 0, 200_000)
        try:
            total = 0
            for chunk in chunks():
                total += conn.executemany(statement(), chunk).rowcount  # a duplicate id: IntegrityError
        finally:
            conn.set_progress_handler(None, 0)
            progress.done()
        text.detach()
    if total < 1:
        raise _Bail
    counts.finish()
    if fixes:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS nrikit_choice_fixes (written TEXT PRIMARY KEY, stored TEXT)")
        conn.execute("DELETE FROM temp.nrikit_choice_fixes")
        conn.executemany("INSERT INTO temp.nrikit_choice_fixes VALUES (?, ?)", fixes.items())
        conn.execute(
            "UPDATE survey_ballots SET choices = f.stored FROM temp.nrikit_choice_fixes f "
            "WHERE survey_ballots.choices = f.written"
        )
    s.imported = total
    return counts.ballots()


def _local_times(s, record):
    """LimeSurvey's local submitdate -> the stored UTC time, as the line-by-line path stores it.

    The line-by-line path converts each time in the input's zone. Here each local hour
    ("2030-04-03 09") is converted once, by that path's own parser, at its first and last
    second: when both are on the same whole-hour offset (no DST change within the hour),
    every time in that hour converts by replacing its hour part. Other times (another
    format, a half-hour zone, an hour with a change of offset) go through the parser, with
    a bounded memo."""
    careful = _Checked(lambda value: s.date(record("submitted_at", value), "submitted_at"))
    hours: dict[str, str | None] = {}
    local = _LOCAL.fullmatch

    def hour(prefix):
        first, last = careful[prefix + ":00:00"], careful[prefix + ":59:59"]
        if first and last and first[:13] == last[:13] and first[13:] == ":00:00Z" and last[13:] == ":59:59Z":
            return first[:13]
        return None

    def stored(value):
        if local(value):
            prefix = value[:13]
            utc = hours.get(prefix, False)
            if utc is False:
                if len(hours) >= CACHE:
                    hours.clear()
                utc = hours[prefix] = hour(prefix)
            if utc is not None:
                return utc + value[13:] + "Z"
        return careful[value]

    return stored


def _import_wide(ctx, conn, s, topics, parse_choices) -> Weighted:
    """The bulk path for one column per option: a row's option cells, when they are all "Y"
    or blank (LimeSurvey's own export), give the ticked options in header order at C speed;
    other cells go through the line-by-line path's checks with a bounded memo. Times by
    _local_times(); incomplete responses counted and left out."""
    from ..taxonomy import fold
    from .limesurvey import _TICKED, _UNTICKED, INCOMPLETE, _other_warning

    reader, plan, table = s.table._reader, s.table.wide, s.table
    original = plan["original"]
    question = s.columns["choices"]
    options, cols, ranking, other_cols, mapped = plan["questions"][question]
    n_options = len(cols)
    i_submit = plan["submit"]
    at = {h: i for i, h in enumerate(original)}
    i_id = at[s.columns["id"]]
    i_group = at[s.columns["stakeholder"]] if "stakeholder" in s.columns else None
    header = s.table.header

    def record(field, value):
        values = [""] * len(header)
        values[header.index(s.columns[field])] = value
        return s.record(0, 0, values)

    def choices_of(key):
        key, others = key[:n_options], key[n_options:]
        if ranking:
            joined = ";".join(v for v in key if v.strip())
        else:
            # As limesurvey.stream() reads a cell: folded ("Sí" is "si"), ticked or not, else an error.
            if any(fold(cell) not in _TICKED | _UNTICKED for cell in key):
                raise _Bail
            picked = [o for o, cell in zip(options, key) if fold(cell) in _TICKED]
            picked += [mapped[fold(t)] for t in others if t.strip() and fold(t.strip()) in mapped]
            joined = ";".join(picked)
        rec = record("choices", joined)
        return parse_choices(s, rec, s.text(rec, "choices"), topics)[1]

    careful = _TupleChecked(choices_of)

    # Each option's stored topic when ticked ('"t01"'), for the rows whose cells are all "Y" or "".
    def stored_option(o):
        rec = record("choices", o)
        stored = parse_choices(s, rec, s.text(rec, "choices"), topics)[1]
        return stored[1:-1] if stored.count('"') == 2 and "\\" not in stored else None

    try:
        quoted = [stored_option(o) for o in options]
    except NrikitError:
        quoted = None
    if quoted is not None and (None in quoted or len(set(quoted)) != len(quoted)):
        quoted = None
    plain = {"Y", ""}
    contiguous = cols == list(range(cols[0], cols[0] + n_options)) if cols else False
    first, stop = (cols[0], cols[0] + n_options) if contiguous else (0, 0)
    other_at = [i for i, _ in other_cols]
    group_of = _Checked(lambda value: s.stakeholder(record("stakeholder", value), "stakeholder", required=False))
    times = _local_times(s, record)
    counts = _Counts(conn)
    incomplete = 0
    uncounted = [0] * len(other_cols)
    width = len(original)
    fast = quoted is not None and contiguous and not ranking
    with open(s.spec.path, "rb") as raw:
        raw.read(reader._skip)
        text = io.TextIOWrapper(raw, encoding=reader._codec, errors="strict", newline="")
        rows = csv.reader(text, delimiter=reader.delimiter, strict=True)
        next(rows)

        def ballot_rows():
            nonlocal incomplete
            seen = counts.seen
            get = seen.get
            for fields in rows:
                if len(fields) != width:
                    raise _Bail  # ragged or blank: the careful path words it
                when = fields[i_submit]
                if not when:
                    incomplete += 1
                    continue
                ident = fields[i_id]
                if not (ident.isalnum() and ident.isascii() and len(ident) <= 81 or is_slug(ident)):
                    raise _Bail
                others = [fields[i] for i in other_at] if other_at else ()
                if fast and not any(others) and plain.issuperset(cells := fields[first:stop]):
                    stored = "[" + ", ".join(compress(quoted, cells)) + "]"
                else:
                    for j, text_ in enumerate(others):
                        if text_.strip() and (ranking or fold(text_.strip()) not in mapped):
                            uncounted[j] += 1
                    stored = careful[tuple([fields[i] for i in cols]) + tuple(others)]
                n = get(stored)
                if n is None:
                    if len(seen) >= SPILL:
                        counts.spill()
                    seen[stored] = 1
                else:
                    seen[stored] = n + 1
                yield (
                    ident,
                    times(when),
                    group_of[fields[i_group]] if i_group is not None else None,
                    stored,
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
    s.imported = total
    table.skipped[INCOMPLETE] = incomplete
    warned = plan.get("warned", {})
    for n, (_, h) in zip(uncounted, other_cols):
        if n and h in warned:
            table.warnings.append(_other_warning(question, h, n))
    counts.finish()
    return counts.ballots()


class _TupleChecked(dict):
    """A row's option cells -> stored choices: each distinct combination checked once (up to
    CACHE of them are remembered)."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, key):
        for value in key:
            _check_clean(value)
        if len(self) >= CACHE:
            self.clear()
        stored = self[key] = self.convert(key)
        return stored


class _Checked(dict):
    """Raw value -> stored value: each distinct raw value checked and converted once (up to
    CACHE of them are remembered)."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        _check_clean(value)
        if len(self) >= CACHE:
            self.clear()
        stored = self[value] = self.convert(value)
        return stored


def _check_clean(value) -> None:
    if value is None or len(value) > 10_000 or "\x00" in value or clean_text(value) != value or _MOJIBAKE.search(value):
        raise _Bail  # needs cleaning, or a warning or an error with its row: the careful path does those
