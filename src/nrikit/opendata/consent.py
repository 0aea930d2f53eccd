"""Consent across editions: a withdrawal in a later edition takes effect in every edition at the next publish.

Consent is given per edition (the 2017 form asks again), but a person who
agreed in 2016 and said no in 2017 has withdrawn: their name must leave the
2016 pages too. For each person (matched by e-mail address, case and spaces
ignored) the flags of the latest edition of the same NRI that has a
workspace, among the ones published and the configs beside them, cap the
flags of every earlier edition: effective = own AND latest. An agreement in a
later edition does not extend to an earlier one where the person said no.
"""

from __future__ import annotations

FLAGS = ("consent_name", "consent_org", "consent_bio")


def latest_consents(config_paths, pm=None) -> dict[str, dict[str, dict]]:
    """{nri slug: {e-mail: flags of the latest edition holding it}} over the NRIs' editions."""
    from ..workspace.db import open_workspace
    from ..workspace.persons import nri_editions

    seen: dict[str, object] = {}
    for path in config_paths:
        for ws in nri_editions(path, pm=pm):
            seen.setdefault(ws.id, ws)
    latest: dict[str, dict[str, dict]] = {}
    for ws in sorted(seen.values(), key=lambda w: w.edition.year):  # later editions overwrite earlier ones
        db = open_workspace(ws.path, create=False)
        try:
            per_nri = latest.setdefault(ws.edition.slug, {})
            for row in db.query(f"SELECT email, {', '.join(FLAGS)} FROM people WHERE email IS NOT NULL"):
                key = row["email"].strip().casefold()
                if key:
                    per_nri[key] = {f: int(bool(row[f])) for f in FLAGS}
        finally:
            db.close()
    return latest


def effective(people: dict[str, dict], latest: dict[str, dict]) -> tuple[dict[str, dict], set[str]]:
    """People rows with each consent capped by the person's latest answer; and the ids that lost one."""
    out, withdrawn = {}, set()
    for pid, row in people.items():
        later = latest.get((row.get("email") or "").strip().casefold())
        if later and any(row[f] and not later[f] for f in FLAGS):
            row = {**row, **{f: int(bool(row[f]) and bool(later[f])) for f in FLAGS}}
            withdrawn.add(pid)
        out[pid] = row
    return out, withdrawn
