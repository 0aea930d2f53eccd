"""The decision log's hash chain: how an entry's hash is computed, and checking a whole log.

Each entry's hash is the sha256 of its content and the previous entry's hash
(`prev_hash`, "" for the first), as canonical JSON:

    sha256(json.dumps({ts_utc, stage, action, subject_type, subject_id, method, outcome,
                       tally, binding, rationale, decided_on, prev_hash}, sort_keys=True))

(Python's json.dumps defaults: ASCII only, ", " and ": " separators.) Triggers make
the table append-only; the chain catches what a trigger cannot: an edit made with
the triggers dropped, a deleted or reordered entry. Truncating the end of the log
is caught against a head published earlier (`nrikit log verify --head`, the
`editions.decision_log_head` column of public.db). The same formula is
documented in docs/publishing.md, so anyone can re-check the published log.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

FIELDS = (
    "ts_utc",
    "stage",
    "action",
    "subject_type",
    "subject_id",
    "method",
    "outcome",
    "tally",
    "binding",
    "rationale",
    "decided_on",
    "prev_hash",
)


def entry_hash(entry: dict) -> str:
    """The hash of one entry: its FIELDS (with prev_hash) as canonical JSON."""
    return hashlib.sha256(json.dumps({k: entry.get(k) for k in FIELDS}, sort_keys=True).encode()).hexdigest()


@dataclass
class ChainCheck:
    entries: int
    head: str  # hash of the last entry ("" for an empty log)
    broken_id: int | None = None  # first entry that does not verify
    problem: str = ""
    entry: dict | None = None

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.problem


def verify_chain(db, *, head: str | None = None) -> ChainCheck:
    """Recompute every hash in id order; name the first entry that is not what was written.

    `head`, when given, is a hash published earlier: it must still be in the chain.
    """
    prev, count, hashes = "", 0, set()
    for row in db.query("SELECT * FROM decision_log ORDER BY id"):
        count += 1
        if row["prev_hash"] != prev:
            return ChainCheck(
                count,
                prev,
                row["id"],
                "its prev_hash is not the previous entry's hash (an entry before it was deleted, inserted or reordered)",
                row,
            )
        if entry_hash(row) != row["hash"]:
            return ChainCheck(count, prev, row["id"], "its content no longer matches its hash (it was edited)", row)
        prev = row["hash"]
        hashes.add(prev)
    check = ChainCheck(count, prev)
    if head and head not in hashes:
        check.problem = f"the published head {head[:16]}... is not in the log (entries were removed from its end, or it was rebuilt)"
    return check
