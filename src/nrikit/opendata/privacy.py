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

import re
import sqlite3
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


WORD = re.compile(r"\w+")
FTS_SHADOW = re.compile(r"_fts_(data|idx|docsize|config|content)$")


class TextIndex:
    """Positions of every word of a text, to find many values in it without scanning it once per value.

    A value matches where it occurs with word boundaries on both sides ("Person 41" is not found
    in "Person 410"); `boundary` adds characters that also count as part of a word (ids: "-").
    """

    def __init__(self, text: str):
        self.text = text
        self.positions: dict[str, list[int]] = {}
        for m in WORD.finditer(text):
            self.positions.setdefault(m.group(), []).append(m.start())

    def _inside(self, ch: str, boundary: str) -> bool:
        return ch.isalnum() or ch == "_" or ch in boundary

    def contains(self, value: str, boundary: str = "") -> bool:
        tokens = [(m.group(), m.start()) for m in WORD.finditer(value)]
        if not tokens:
            return value in self.text
        # Look only where the value's rarest word occurs; usually nowhere.
        token, offset = min(tokens, key=lambda t: len(self.positions.get(t[0], ())))
        text, n = self.text, len(value)
        for pos in self.positions.get(token, ()):
            start = pos - offset
            if start < 0 or not text.startswith(value, start):
                continue
            if start > 0 and self._inside(value[0], boundary) and self._inside(text[start - 1], boundary):
                continue
            end = start + n
            if end < len(text) and self._inside(value[-1], boundary) and self._inside(text[end], boundary):
                continue
            return True
        return False


def audit(db_path: Path | str, private: list[PrivateValue], *, private_ids: list[str] = ()) -> None:
    """Raise PrivacyError if public.db holds any private value, e-mail, phone or IP address.

    Searched: every text cell of every table (FTS shadow tables included) and the raw bytes of
    the file (text that SQLite stores outside the cells a query returns), case-insensitively.
    `private_ids` are workspace identifiers of people (e.g. p001): they link to the private
    workspace, so they may not appear as words in any published text either.
    """
    db_path = Path(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        cells = _text_cells(conn)
    finally:
        conn.close()
    raw_text = db_path.read_bytes().decode("utf-8", "replace")
    index = TextIndex("\n".join(text for _, text in cells).casefold() + "\n" + raw_text.casefold())
    problems: list[str] = []

    def where(value: str, boundary: str = "") -> str:
        for table, text in cells:
            if TextIndex(text.casefold()).contains(value, boundary):
                return table
        return "the file's bytes"

    for item in private:
        value = (item.value or "").strip().casefold()
        if len(value) >= MIN_AUDIT_LENGTH and index.contains(value):
            problems.append(f"{item.where} appears in {where(value)}")
    # Ids are short words ("p1"): FTS5's binary index blocks hold the words of indexed text (a panel
    # "2017-d1-p1" gives "p1"), so ids are searched in the text cells, shadow tables left out.
    id_index = TextIndex(
        "\n".join(text for table, text in cells if not FTS_SHADOW.search(table.split(".")[0])).casefold()
    )
    for pid in private_ids:
        if pid and id_index.contains(pid.casefold(), boundary="-"):
            problems.append(f"a workspace person id appears in {where(pid.casefold(), '-')}")
    for table, text in cells:
        for label, pattern in PATTERNS.items():
            if pattern.search(text):
                article = "an" if label[0] in "aeiouI" else "a"
                problems.append(f"something shaped like {article} {label} appears in {table}")
    if problems:
        unique = list(dict.fromkeys(problems))
        more = f" (and {len(unique) - 5} more)" if len(unique) > 5 else ""
        raise PrivacyError(f"privacy audit failed, nothing published: {'; '.join(unique[:5])}{more}")


def _text_cells(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table.column, text) for every text value of every table, FTS shadow tables included."""
    out = []
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for name in names:
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
        for col in cols:
            try:
                rows = conn.execute(f'SELECT "{col}" FROM "{name}" WHERE typeof("{col}") IN (\'text\', \'blob\')')
            except sqlite3.OperationalError:  # virtual tables whose module is unavailable
                continue
            for (value,) in rows:
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
                out.append((f"{name}.{col}", text))
    return out
