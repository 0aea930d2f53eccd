"""Small-count suppression and the privacy audit run at every publish.

Suppression (see docs/publishing.md): a demographic count from 1 to k-1 is
withheld (primary suppression). Because the population total is published,
one withheld cell in a group could be recomputed as total minus the others,
so while exactly one cell of a group is withheld the smallest other cell is
withheld too (secondary suppression). Zero is published: it names nobody.

The audit does not trust the allowlist that built public.db: it collects every
private value of every workspace (schema.py's private columns, plus names and
bios published without consent) and fails if any of them, or anything shaped
like an e-mail address, phone number or IP address, appears anywhere in the
database file, FTS shadow tables and free pages included.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PrivacyError

MIN_K = 3
# Values shorter than this are not searched for as substrings (a gender text "x" or a
# name "Li" would match innocent words); they cannot identify anyone on their own either.
MIN_AUDIT_LENGTH = 4

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# International numbers (+51 900 017 001) and grouped local ones (900-017-001, (01) 555 1234).
PHONE_RE = re.compile(r"(?<![\w.])(?:\+\d[\d ()./-]{6,}\d|\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4})(?![\w.])")
IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
IPV6_RE = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){4,7}[0-9a-fA-F]{1,4}(?![\w:])")
PATTERNS = {"e-mail address": EMAIL_RE, "phone number": PHONE_RE, "IP address": IPV4_RE, "IPv6 address": IPV6_RE}


@dataclass(frozen=True)
class Cell:
    category: str
    count: int | None
    suppressed: bool


def check_k(k: int) -> int:
    if k < MIN_K:
        raise PrivacyError(f"privacy.k is {k}; it may not be below {MIN_K}")
    return k


def suppress_small_counts(counts: dict[str, int], k: int) -> list[Cell]:
    """Withhold counts from 1 to k-1, then enough further cells that none can be recomputed from the total.

    `counts` is one group whose total is public (e.g. attendees by gender);
    the returned cells keep its order.
    """
    check_k(k)
    withheld = {cat for cat, n in counts.items() if 0 < n < k}
    # One withheld cell = total - the others. Withhold the smallest remaining cell (zeros
    # included: "0 men" plus the total would give the women) until that no longer holds.
    while len(withheld) == 1 and len(counts) > 1:
        rest = sorted((n, i, cat) for i, (cat, n) in enumerate(counts.items()) if cat not in withheld)
        withheld.add(rest[0][2])
    return [Cell(cat, None if cat in withheld else n, cat in withheld) for cat, n in counts.items()]


@dataclass(frozen=True)
class PrivateValue:
    value: str
    where: str  # e.g. "people.email of person p003 (igf-peru-2017)": names the field, never the value


FTS_SHADOW = re.compile(r"_fts_(data|idx|docsize|config|content)$")
# Cells are searched as one text, one cell a line: no pattern above matches a line break, so none
# can match across two cells, and "\n" is no word character, so a value at a cell's edge has the
# same boundaries as in the cell alone.
CELL_SEP = "\n"


def _inside(ch: str, boundary: str = "") -> bool:
    """Whether `ch` counts as part of a word (`boundary`: more such characters, e.g. "-" for ids)."""
    return ch.isalnum() or ch == "_" or ch in boundary


def bounded(text: str, start: int, end: int, boundary: str = "") -> bool:
    """Whether text[start:end] stands alone: a value that begins (ends) with a word character may
    not continue a word of the text before (after) it. "Person 41" is not found in "Person 410",
    "p1" (with boundary "-") not in "2017-d1-p1"; a value beginning with "+" or "[" needs nothing."""
    if start > 0 and _inside(text[start], boundary) and _inside(text[start - 1], boundary):
        return False
    return not (end < len(text) and _inside(text[end - 1], boundary) and _inside(text[end], boundary))


class TextCells:
    """Every text value of public.db with its table, column and row, as flat lists (no object per cell)."""

    def __init__(self, conn: sqlite3.Connection):
        self.texts: list[str] = []
        self.rowids: list[int | None] = []
        self.columns: list[tuple[str, str]] = []  # (table, column) of each block of cells
        self.column_starts: list[int] = []  # index of each block's first cell
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            for col in [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]:
                where = f"WHERE typeof(\"{col}\") IN ('text', 'blob')"
                try:
                    try:
                        rows = conn.execute(f'SELECT rowid, "{col}" FROM "{name}" {where}').fetchall()
                    except sqlite3.OperationalError:  # a WITHOUT ROWID table: cells without a row number
                        rows = [(None, v) for (v,) in conn.execute(f'SELECT "{col}" FROM "{name}" {where}')]
                except sqlite3.OperationalError:  # virtual tables whose module is unavailable
                    continue
                if not rows:
                    continue
                self.columns.append((name, col))
                self.column_starts.append(len(self.texts))
                self.rowids.extend(r for r, _ in rows)
                self.texts.extend(v.decode("utf-8", "replace") if isinstance(v, bytes) else v for _, v in rows)

    def table(self, i: int) -> str:
        return self.columns[bisect.bisect_right(self.column_starts, i) - 1][0]

    def column(self, i: int) -> str:
        table, col = self.columns[bisect.bisect_right(self.column_starts, i) - 1]
        return f"{table}.{col}"

    def place(self, i: int) -> str:
        """Where cell i is: "people.name row 12" (names the cell, never its value)."""
        row = f" row {self.rowids[i]}" if self.rowids[i] is not None else ""
        return self.column(i) + row


class Haystack:
    """Every text cell (one a line, case-folded) followed by the database file's raw bytes.

    Offsets in the text map back to the cell they fall in, to say where a value was found.
    """

    def __init__(self, cells: TextCells, raw: str):
        self.cells = cells
        folded = [t.casefold() for t in cells.texts]  # may change lengths ("ß" -> "ss"): offsets are the folded text's
        self.starts = list(itertools.accumulate((len(t) + len(CELL_SEP) for t in folded[:-1]), initial=0))
        self.ends = [start + len(t) for start, t in zip(self.starts, folded)]
        self.cells_end = self.ends[-1] if folded else 0
        self.text = CELL_SEP.join(folded) + CELL_SEP + raw.casefold()

    def cell_at(self, offset: int) -> int | None:
        """The index of the cell holding text[offset], or None in the file's bytes (or between cells)."""
        if offset >= self.cells_end:
            return None
        i = bisect.bisect_right(self.starts, offset) - 1
        return i if offset < self.ends[i] else None


# The automaton holds the values' first PREFIX characters (a few thousand distinct ones where the
# values are a hundred thousand); where one occurs, the text is compared with every value of that
# beginning by a set lookup per value length. Building it is what costs, and that grows with PREFIX.
PREFIX = 12


def audit(
    db_path: Path | str, private: list[PrivateValue], *, private_ids: list[str] = (), consented: Iterable[str] = ()
) -> None:
    """Raise PrivacyError if public.db holds any private value, e-mail, phone or IP address.

    Searched: every text cell of every table (FTS shadow tables included) and the raw bytes of
    the file (text that SQLite stores outside the cells a query returns), case-insensitively, a
    value matching only where it stands alone (`bounded`). `private_ids` are workspace
    identifiers of people (e.g. p001): they link to the private workspace, so they may not
    appear as words ("-" counting as part of a word) in any published text cell either.

    One pass finds them all: the values' and ids' beginnings go into one Aho-Corasick automaton
    (pyahocorasick) that walks the text once and yields every occurrence, overlapping ones
    included; where one occurs, the whole values of that beginning are looked up in a set and
    checked for their boundaries. The shapes are one regular expression pass each over the
    distinct cell texts. The error names the field and the table, column and row where it was
    found, never the value.

    `consented` are texts published with their owner's consent (a speaker's name): their
    occurrences are blanked before the private values are searched, because a private value
    inside one is that text, not a leak (a registrant "María García", who did not consent, and a
    speaker "Ana María García", who did). Shapes and person ids are still searched everywhere.
    """
    import ahocorasick

    db_path = Path(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        cells = TextCells(conn)
    finally:
        conn.close()
    hay = Haystack(cells, db_path.read_bytes().decode("utf-8", "replace"))
    text = hay.text
    masked = _mask(text, consented)
    values = _search_values(private)
    ids = {pid.casefold() for pid in private_ids if pid}
    keys = values | ids
    found: dict[str, str] = {}  # value -> where its first standalone occurrence is
    found_ids: dict[str, str] = {}
    if keys:
        automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for prefix in set(map(operator.itemgetter(slice(PREFIX)), keys)):
            automaton.add_word(prefix)
        automaton.make_automaton()
        long_lengths = sorted(n for n in set(map(len, keys)) if n >= PREFIX)
        for last, length in automaton.iter(text):
            start = last + 1 - length
            # a shorter match is a whole key; one of PREFIX characters begins keys of these lengths
            candidates = (
                (text[start : start + n] for n in long_lengths if start + n <= len(text))
                if length == PREFIX
                else (text[start : last + 1],)
            )
            for key in candidates:
                end = start + len(key)
                if (
                    key in values
                    and key not in found
                    and bounded(text, start, end)
                    # a hit wholly inside a consented text is that text; partly inside still counts
                    and (masked is text or masked[start:end] != "\x00" * (end - start))
                ):
                    i = hay.cell_at(start)
                    found[key] = cells.place(i) if i is not None else "the file's bytes"
                # Ids are short words ("p1"): FTS5's binary index blocks hold the words of indexed text (a
                # panel "2017-d1-p1" gives "p1"), so ids are searched in the text cells, shadow tables left out.
                if key in ids and key not in found_ids and bounded(text, start, end, "-"):
                    i = hay.cell_at(start)
                    if i is not None and not FTS_SHADOW.search(cells.table(i)):
                        found_ids[key] = cells.place(i)
    problems: list[str] = []
    if found:
        for item in private:
            value = (item.value or "").strip().casefold()
            if value in found:
                problems.append(f"{item.where} appears in {found[value]}")
    problems += [f"a workspace person id appears in {place}" for place in found_ids.values()]
    problems += _shapes(cells)
    if problems:
        unique = list(dict.fromkeys(problems))
        more = f" (and {len(unique) - 5} more)" if len(unique) > 5 else ""
        raise PrivacyError(f"privacy audit failed, nothing published: {'; '.join(unique[:5])}{more}")


def _mask(text: str, consented: Iterable[str]) -> str:
    """`text` with every standalone occurrence of a consented text blanked (same length, so offsets
    hold); `text` itself when there is none. One more automaton pass over the text."""
    import ahocorasick

    words = {w for w in (c.strip().casefold() for c in consented if c) if len(w) >= MIN_AUDIT_LENGTH}
    if not words:
        return text
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for w in words:
        automaton.add_word(w)
    automaton.make_automaton()
    spans = []
    for last, length in automaton.iter(text):
        start = last + 1 - length
        if bounded(text, start, last + 1):
            spans.append((start, last + 1))
    if not spans:
        return text
    spans.sort()
    out, at = [], 0
    for start, end in spans:
        if end <= at:
            continue
        start = max(start, at)
        out += [text[at:start], "\x00" * (end - start)]
        at = end
    out.append(text[at:])
    return "".join(out)


def _search_values(private: list[PrivateValue]) -> set[str]:
    """The distinct values searched for: stripped, case-folded, MIN_AUDIT_LENGTH characters or more.

    A hundred thousand of them: str.strip, str.casefold and the length test are mapped at C speed.
    """
    folded = list(map(str.casefold, map(str.strip, [item.value or "" for item in private])))
    return set(itertools.compress(folded, map(MIN_AUDIT_LENGTH.__le__, map(len, folded))))


def _shapes(cells: TextCells) -> list[str]:
    """Anything shaped like an e-mail, phone or IP address in a text cell: its first row per column.

    Cells repeat (labels, FTS copies): each distinct text is searched once, in one joined text.
    """
    first: dict[str, int] = {}  # distinct text -> index of the first cell holding it
    for i, t in enumerate(cells.texts):
        first.setdefault(t, i)
    distinct = list(first)
    text = CELL_SEP.join(distinct)
    starts = list(itertools.accumulate((len(t) + len(CELL_SEP) for t in distinct[:-1]), initial=0))
    out: dict[tuple[str, str], str] = {}
    holding: dict[str, list[int]] = {}  # built on the first hit only: every cell of each text
    for label, pattern in PATTERNS.items():
        if label == "e-mail address" and "@" not in text:
            continue  # the one character every e-mail address has
        seen: set[str] = set()
        for m in pattern.finditer(text):
            t = distinct[bisect.bisect_right(starts, m.start()) - 1]
            if t in seen:
                continue
            seen.add(t)
            if not holding:
                for i, u in enumerate(cells.texts):
                    holding.setdefault(u, []).append(i)
            for i in holding[t]:  # every column holding this text, named by its first such row
                key = (label, cells.column(i))
                if key not in out:
                    article = "an" if label[0] in "aeiouI" else "a"
                    out[key] = f"something shaped like {article} {label} appears in {cells.place(i)}"
    return list(out.values())
