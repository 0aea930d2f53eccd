"""The panels and panellists inputs: every round of draft panels and the final ones, read and validated.

Both the panels stage (which writes them) and the composer's pool (which checks and fills them)
read them through parse(), so the two cannot disagree on what a draft is.

Roles: moderator and speaker sit on the panel (SEATED); online_moderator and rapporteur
support it and are not seats, so check mode leaves them out.
"""

from __future__ import annotations

from ..people import normalise_email

ROLES = ("moderator", "speaker", "online_moderator", "rapporteur")
SEATED = ("moderator", "speaker")


def _people_by_email(ctx) -> dict[str, str]:
    """{normalised e-mail: person id} of the people the call knows (nrikit.people)."""
    out = {}
    for p in ctx.rows("SELECT id, email FROM people WHERE email IS NOT NULL"):
        out.setdefault(normalise_email(p["email"]), p["id"])
    return out


def parse(ctx):
    """Read and validate the panels and panellists inputs (no writes)."""
    if "panels" in ctx.edition["committee"]["workspace_inputs"]:
        return workspace_panels(ctx)
    p = ctx.read("panels", required=("id", "topic", "title"), optional=("round", "starts", "ends", "room"))
    topics = ctx.ids("topics")
    panels = {}
    for rec in p or ():
        pid = p.slug(rec, "id")
        if pid in panels:
            raise p.error(rec, "id", f"duplicate panel id {pid!r}")
        round_ = p.text(rec, "round", default="final").lower()
        if round_ != "final" and not round_.startswith("draft"):
            raise p.error(rec, "round", f"unknown round {round_!r}", "use final, or draft-1, draft-2, ...")
        starts, ends = p.date(rec, "starts"), p.date(rec, "ends")
        if starts and ends and ends < starts:
            raise p.error(rec, "ends", f"panel ends ({ends}) before it starts ({starts})")
        panels[pid] = {
            "id": pid,
            "topic_id": p.ref(rec, "topic", topics, "topic"),
            "round": round_,
            "title": p.text(rec, "title", required=True),
            "starts": starts,
            "ends": ends,
            "room": p.text(rec, "room") or None,
        }
    pp = ctx.read("panellists", required=("panel", "person"), optional=("role", "remote", "email"))
    people = ctx.ids("people")
    by_email = _people_by_email(ctx) if pp is not None and pp.has("email") else {}
    panellists, seen = [], set()
    for rec in pp or ():
        panel = pp.ref(rec, "panel", panels, "panel")
        # A schedule names speakers by its own code; one with a known e-mail is that person.
        known = by_email.get(normalise_email(pp.text(rec, "email")) or "")
        person = known if known and pp.text(rec, "person") not in people else pp.ref(rec, "person", people, "person")
        if (panel, person) in seen:
            raise pp.error(rec, "person", f"{person} is listed twice on {panel}")
        seen.add((panel, person))
        panellists.append(
            {
                "panel_id": panel,
                "person_id": person,
                "role": pp.choice(rec, "role", ROLES, required=False, default="speaker"),
                "remote": int(pp.boolean(rec, "remote")),
            }
        )
    return panels, panellists


def workspace_panels(ctx):
    """[committee] workspace_inputs = ["panels"]: the committee workspace's rounds, as the two inputs would give them.

    A finalised round is its topic's final panel; every other round is a draft panel named
    after its topic and round. People or topics dropped from the inputs since are left out.
    Their sha256 stands in for the files' in the stage's fingerprint."""
    import hashlib
    import json

    topics, people = ctx.ids("topics"), ctx.ids("people")
    panels, ids = {}, {}
    for d in ctx.rows("SELECT * FROM panel_drafts ORDER BY topic_id, id"):
        if d["topic_id"] not in topics:
            continue
        final = d["status"] == "final"
        pid = d["panel_id"] if final else f"{d['topic_id']}-{d['round']}"
        ids[d["id"]] = pid
        panels[pid] = {
            "id": pid,
            "topic_id": d["topic_id"],
            "round": "final" if final else d["round"],
            "title": d["title"],
            "starts": None,
            "ends": None,
            "room": None,
        }
    panellists = [
        {"panel_id": ids[m["draft_id"]], "person_id": m["person_id"], "role": m["role"], "remote": 0}
        for m in ctx.rows("SELECT * FROM panel_draft_members ORDER BY draft_id, person_id")
        if m["draft_id"] in ids and m["person_id"] in people
    ]
    blob = json.dumps([sorted(panels.items()), panellists], sort_keys=True)
    ctx.input_hashes["panels"] = "workspace:" + hashlib.sha256(blob.encode()).hexdigest()
    return panels, panellists
