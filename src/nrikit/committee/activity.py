"""The committee's private activity log: one append-only row per change (who, what, when)."""

from __future__ import annotations

import json

from ..pipeline import now_utc

__all__ = ["log_activity", "now_utc"]


def log_activity(db, actor: dict | None, action: str, subject_type: str, subject_id: str, detail: dict) -> None:
    """Append one entry; call it inside the transaction of the change it records, so both land or neither."""
    db["committee_activity"].insert(
        {
            "ts_utc": now_utc(),
            "account_id": actor["account_id"] if actor else None,
            "person_id": actor["person_id"] if actor else None,
            "action": action,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "detail": json.dumps(detail, sort_keys=True, ensure_ascii=False),
        }
    )
