"""Data-subject rights across an NRI's editions: what the workspaces hold on a person, erasure, retention.

A person is found by e-mail address (case and surrounding spaces ignored) in
`people` and `registrations` of every edition of the NRI: the configs beside
the one named (same folder, same NRI slug) whose workspace exists.

Erasure keeps every row and its pseudonymous workspace id (p017, r0042), so
counts, committee seats, panels, findings and the decision log stay as they
were and the hash chain still verifies; it blanks what identifies the person
(name, e-mail, phone, self-described gender, bio, expertise, submission time)
and withdraws every consent. Each erased row is recorded in the append-only
`privacy_log` by id only, and `reapply_erasures` erases those ids again after
every stage run: the input files still hold the person until the organiser
deletes them there, and a re-run must not bring them back.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ERASED = "[erased]"
# Per table: the columns an erasure blanks (None) or replaces, and the consent flags it clears.
ERASE = {
    "people": {
        "name": ERASED,
        "email": None,
        "phone": None,
        "gender_text": None,
        "bio": None,
        "expertise": None,
        "consent_name": 0,
        "consent_org": 0,
        "consent_bio": 0,
    },
    "registrations": {"name": ERASED, "email": None, "gender_text": None},
}
# Rows that refer to a person by id, shown by `person show`.
BY_PERSON = ("expressions_of_interest", "committee_members", "committee_votes", "panellists")


@dataclass
class EditionWorkspace:
    edition: object  # config.Edition
    path: Path

    @property
    def id(self) -> str:
        return self.edition.id


@dataclass
class Erasure:
    request: str
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # edition id -> {table: rows erased}
    inputs: list[str] = field(default_factory=list)  # input files that still hold the person


def nri_editions(config_path: Path, pm=None) -> list[EditionWorkspace]:
    """Every edition of the NRI of this config whose workspace exists: the configs in its folder."""
    from .. import config as config_mod
    from ..errors import NrikitError

    first = config_mod.load(Path(config_path), pm=pm, check_files=False)
    found = {first.id: first}
    for other in sorted(Path(config_path).resolve().parent.glob("*.toml")):
        try:
            edition = config_mod.load(other, pm=pm, check_files=False)
        except NrikitError:
            continue  # not an edition config (or a broken one): it holds no workspace we can read
        if edition.slug == first.slug:
            found.setdefault(edition.id, edition)
    return [
        EditionWorkspace(e, e.workspace) for e in sorted(found.values(), key=lambda e: e.year) if e.workspace.exists()
    ]


def _open(path: Path):
    from .db import open_workspace

    return open_workspace(path, create=False)


def _norm(email: str) -> str:
    return email.strip().casefold()


def _matches(db, email: str) -> dict[str, list[str]]:
    key = _norm(email)
    out = {}
    for table in ERASE:
        if table in db.table_names():
            out[table] = [
                r["id"] for r in db.query(f'SELECT id FROM "{table}" WHERE lower(trim(email)) = ? ORDER BY id', [key])
            ]
    return out


def show(editions: list[EditionWorkspace], email: str) -> dict:
    """Everything the NRI's workspaces hold on the person with this e-mail address, per edition."""
    result = {"email": email.strip(), "editions": []}
    for ws in editions:
        db = _open(ws.path)
        try:
            ids = _matches(db, email)
            entry: dict = {"edition": ws.id, "workspace": str(ws.path)}
            for table, found in ids.items():
                entry[table] = [dict(r) for r in db.query(f'SELECT * FROM "{table}" WHERE id IN ({_q(found)})', found)]
            people = ids.get("people", [])
            for table in BY_PERSON:
                if people and table in db.table_names():
                    entry[table] = [
                        dict(r) for r in db.query(f'SELECT * FROM "{table}" WHERE person_id IN ({_q(people)})', people)
                    ]
            if people:
                entry["public_ids"] = [
                    dict(r)
                    for r in db.query(
                        f"SELECT private_id, public_id, created_at FROM public_ids WHERE kind = 'person' "
                        f"AND private_id IN ({_q(people)})",
                        people,
                    )
                ]
            if any(ids.values()):
                result["editions"].append(entry)
        finally:
            db.close()
    return result


def _q(values) -> str:
    return ", ".join("?" for _ in values)


def _erase_rows(db, table: str, ids: list[str]) -> int:
    if not ids or table not in db.table_names():
        return 0
    changes = ERASE[table]
    sets = ", ".join(f'"{c}" = ?' for c in changes)
    cursor = db.execute(f'UPDATE "{table}" SET {sets} WHERE id IN ({_q(ids)})', [*changes.values(), *ids])
    if table == "people" and "expressions_of_interest" in db.table_names():
        db.execute(f"UPDATE expressions_of_interest SET submitted_at = NULL WHERE person_id IN ({_q(ids)})", ids)
    return cursor.rowcount


def _record(db, action: str, table: str, ids: list[str], request: str) -> None:
    from .. import __version__

    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    db["privacy_log"].insert_all(
        {
            "ts_utc": now,
            "action": action,
            "subject_type": table,
            "subject_id": i,
            "request": request,
            "nrikit_version": __version__,
        }
        for i in ids
    )


def forget(editions: list[EditionWorkspace], email: str) -> Erasure:
    """Erase the person's personal data in every edition; every erased row recorded by id only."""
    erasure = Erasure(request=secrets.token_hex(8))
    for ws in editions:
        db = _open(ws.path)
        try:
            ids = _matches(db, email)
            if not any(ids.values()):
                continue
            with db.atomic():
                counts = {}
                for table, found in ids.items():
                    if found:
                        _record(db, "forget", table, found, erasure.request)
                        counts[table] = _erase_rows(db, table, found)
                erasure.rows[ws.id] = counts
            for table, found in ids.items():
                if found:
                    source = "attendance" if table == "registrations" else "people"
                    spec = ws.edition.input(source)
                    if spec is not None:
                        erasure.inputs.append(f"{spec.path} ({table} ids {', '.join(found)})")
        finally:
            db.close()
    return erasure


def expire(ws: EditionWorkspace, today: dt.date | None = None, *, force: bool = False) -> dict[str, int] | None:
    """Erase everyone's personal data in an edition past its keep_personal_data_until; None if not due."""
    until = ws.edition["privacy"].get("keep_personal_data_until")
    today = today or dt.date.today()
    if not force and (until is None or today <= until):
        return None
    db = _open(ws.path)
    try:
        request = secrets.token_hex(8)
        counts = {}
        with db.atomic():
            for table in ERASE:
                if table not in db.table_names():
                    continue
                ids = [
                    r["id"]
                    for r in db.query(f'SELECT id FROM "{table}" WHERE email IS NOT NULL OR name != ?', [ERASED])
                ]
                _record(db, "retention", table, ids, request)
                counts[table] = _erase_rows(db, table, ids)
        return counts
    finally:
        db.close()


def holds_personal_data(db) -> int:
    """How many people/registrations rows still identify someone."""
    total = 0
    for table in ERASE:
        if table in db.table_names():
            total += db.execute(
                f'SELECT count(*) FROM "{table}" WHERE email IS NOT NULL OR (name IS NOT NULL AND name != ?)', [ERASED]
            ).fetchone()[0]
    return total


def reapply_erasures(db, tables: list[str]) -> None:
    """Erase again, after a stage rewrote its tables from the input files, every id the privacy log erased."""
    if "privacy_log" not in db.table_names():
        return
    for table in tables:
        if table not in ERASE:
            continue
        ids = [
            r["subject_id"]
            for r in db.query("SELECT DISTINCT subject_id FROM privacy_log WHERE subject_type = ?", [table])
        ]
        for start in range(0, len(ids), 500):
            _erase_rows(db, table, ids[start : start + 500])
