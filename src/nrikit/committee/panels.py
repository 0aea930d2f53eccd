"""Panels in the committee workspace: proposal rounds per approved topic, checked live by the composer.

Each approved topic has rounds (draft-1, draft-2, ...); all are kept, and members
change only the latest open one. Every view of a round runs the composer's check
mode (composer.check: gender rule, stakeholder groups, expertise, size, moderator,
sessions per speaker, plugin constraints) on it, with the swaps that would fix each
violation, and can run the composer itself for a balanced proposal of the same panel.
The secretariat finalises a round: it becomes the topic's final panel in the panels
stage's own tables (panels, panellists), with a decision-log entry, and the panels
stage's rules run again.
"""

from __future__ import annotations

import json
import re

from ..errors import CommitteeError
from ..model import Decision
from .activity import log_activity, now_utc
from .dashboard import with_names

SEATED = ("moderator", "speaker")
CONSENT = ("not_asked", "asked", "given", "refused")
GENDERS = ("woman", "man", "non_binary", "self_described", "not_stated")
POOL_SHOWN = 60  # candidates listed under a draft
SWAP = re.compile(r"swap (\S+) for (\S+)")
ADD = re.compile(r"(?:^|: )add (\S+)")


def approved_topics(db) -> list[dict]:
    return list(
        db.query(
            "SELECT t.id, t.title FROM topic_decisions d JOIN topics t ON t.id = d.topic_id WHERE d.approved "
            "ORDER BY t.title"
        )
    )


def _topic(db, topic_id: str) -> dict:
    rows = list(
        db.query(
            "SELECT t.id, t.title, t.tags FROM topics t JOIN topic_decisions d ON d.topic_id = t.id "
            "WHERE t.id = ? AND d.approved",
            [topic_id],
        )
    )
    if not rows:
        raise CommitteeError("error.topic_not_approved")
    return rows[0]


def rounds_of(db, topic_id: str) -> list[dict]:
    drafts = list(db.query("SELECT * FROM panel_drafts WHERE topic_id = ? ORDER BY id", [topic_id]))
    for d in drafts:
        d["members"] = [
            (m["person_id"], m["role"])
            for m in db.query(
                "SELECT person_id, role FROM panel_draft_members WHERE draft_id = ? "
                "ORDER BY role != 'moderator', added_at, person_id",
                [d["id"]],
            )
        ]
    return drafts


def _current(db, topic_id: str, *, create_by: dict | None = None) -> dict | None:
    """The latest round of the topic; a first round is started when `create_by` is given and there is none."""
    drafts = rounds_of(db, topic_id)
    if drafts:
        return drafts[-1]
    if create_by is None:
        return None
    topic = _topic(db, topic_id)
    return _new_round(db, topic_id, topic["title"], [], create_by)


def _new_round(db, topic_id, title, members, actor) -> dict:
    n = db.execute("SELECT count(*) FROM panel_drafts WHERE topic_id = ?", [topic_id]).fetchone()[0] + 1
    db.execute("UPDATE panel_drafts SET status = 'closed' WHERE topic_id = ? AND status = 'open'", [topic_id])
    now = now_utc()
    draft_id = (
        db["panel_drafts"]
        .insert(
            {
                "topic_id": topic_id,
                "round": f"draft-{n}",
                "title": title,
                "status": "open",
                "created_at": now,
                "created_by": actor["person_id"],
            }
        )
        .last_pk
    )
    for person, role in members:
        db["panel_draft_members"].insert(
            {"draft_id": draft_id, "person_id": person, "role": role, "added_by": actor["person_id"], "added_at": now}
        )
    log_activity(db, actor, "draft.started", "topic", topic_id, {"round": f"draft-{n}", "members": len(members)})
    return rounds_of(db, topic_id)[-1]


# ------------------------------------------------------------------ the composer on one panel


def _instance(db, pipeline, topic: dict, people_on: list[str]):
    from ..composer.model import Instance, Session
    from ..composer.pool import PERSON_SQL, build_pool, person_candidate

    pool = build_pool(pipeline.context("panels"))
    candidates = {c.id: c for c in pool.instance.candidates}
    missing = [p for p in people_on if p not in candidates]
    if missing:
        marks = ",".join("?" * len(missing))
        for r in db.query(f"{PERSON_SQL} WHERE p.id IN ({marks})", missing):
            candidates[r["id"]] = person_candidate(r)
    session = Session(f"{topic['id']}-draft", topic["id"], topic["title"], frozenset(json.loads(topic["tags"] or "[]")))
    instance = Instance(
        [session], sorted(candidates.values(), key=lambda c: c.id), pool.instance.rules, pool.instance.home_country
    )
    return instance, session


def check_members(db, pipeline, topic: dict, members: list[tuple[str, str]], built=None):
    """What the composer's check mode finds on this panel: [Violation], each with its fixing swap.
    `built` is an (instance, session) from _instance() for these members, when the caller has one."""
    from ..composer import check
    from ..composer.pool import plugin_constraints

    if not members:
        return []
    instance, session = built or _instance(db, pipeline, topic, [p for p, _ in members])
    return check(instance, {session.id: list(members)}, plugins=plugin_constraints(pipeline.pm))


def propose(db, pipeline, topic: dict, members: list[tuple[str, str]], built=None) -> dict:
    """The composer's balanced proposal for this one panel: {"members": [(person, role)], "problems": [text]}."""
    from ..composer import compose
    from ..composer.pool import plugin_constraints, seed_of

    instance, session = built or _instance(db, pipeline, topic, [p for p, _ in members])
    cfg = pipeline.edition["panels"]
    result = compose(
        instance,
        seed=seed_of(pipeline.edition),
        time_limit=min(cfg["compose_time_limit"], 20.0),
        plugins=plugin_constraints(pipeline.pm),
    )
    return {
        "members": result.panels.get(session.id, []),
        "status": result.status,
        "problems": [r.message for r in result.relaxations],
        "session": session.id,
    }


# ------------------------------------------------------------------ what a page shows


def people_info(db) -> dict[str, dict]:
    return {
        r["id"]: r
        for r in db.query(
            "SELECT p.id, p.name, p.gender, o.name AS organisation, o.stakeholder FROM people p "
            "LEFT JOIN organisations o ON o.id = p.organisation_id"
        )
    }


def panels_overview(db) -> list[dict]:
    out = []
    for t in approved_topics(db):
        drafts = rounds_of(db, t["id"])
        last = drafts[-1] if drafts else None
        out.append(
            {
                **t,
                "rounds": len(drafts),
                "round": last and last["round"],
                "status": last["status"] if last else "none",
                "members": len(last["members"]) if last else 0,
            }
        )
    return out


def panel_page(db, pipeline, topic_id: str, *, with_proposal: bool = False) -> dict:
    topic = _topic(db, topic_id)
    info = people_info(db)
    drafts = rounds_of(db, topic_id)
    current = drafts[-1] if drafts else None
    members = current["members"] if current else []
    built = _instance(db, pipeline, topic, [p for p, _ in members])  # the pool, built once for the page
    violations = check_members(db, pipeline, topic, members, built)
    names = {pid: r["name"] or pid for pid, r in info.items()}
    names[f"{topic_id}-draft"] = f"“{topic['title']}”"
    shown = []
    for v in violations:
        swap = SWAP.search(v.suggestion or "")
        add = ADD.search(v.suggestion or "")
        shown.append(
            {
                "rule": v.rule,
                "message": with_names(v.message, names),
                "suggestion": with_names(v.suggestion, names),
                "swap": swap.groups() if swap else None,
                "add": add.group(1) if add and not swap else None,
            }
        )
    instance, session = built
    on = {p for p, _ in members}
    # Those the composer could seat on this topic, best suited first (nominated, offered, shared
    # expertise): at global scale the pool holds thousands, a phone screen a few dozen.
    suited = sorted(
        (c for c in instance.candidates if c.id not in on and c.id in info and instance.eligible(c, session)),
        key=lambda c: (-instance.weight(c, session), (info[c.id]["name"] or c.id).lower()),
    )
    pool = [{**info[c.id], "offered": c.offered, "expertise": sorted(c.expertise)} for c in suited[:POOL_SHOWN]]
    proposal = None
    if with_proposal:
        proposal = propose(db, pipeline, topic, members, built)
        proposal["people"] = [{**info.get(p, {"id": p, "name": p}), "role": role} for p, role in proposal["members"]]
        proposal["problems"] = [with_names(p, names) for p in proposal["problems"]]
    return {
        "topic": topic,
        "drafts": [
            {**d, "people": [{**info.get(p, {"id": p, "name": p}), "role": r} for p, r in d["members"]]} for d in drafts
        ],
        "current": current,
        "violations": shown,
        "pool": pool,
        "pool_size": len(suited),
        "proposal": proposal,
        "nominees": list(db.query("SELECT * FROM committee_nominations WHERE topic_id = ? ORDER BY id", [topic_id])),
        "names": names,
    }


# ------------------------------------------------------------------ changes


def _open_round(db, topic_id: str, actor: dict) -> dict:
    _topic(db, topic_id)
    current = _current(db, topic_id, create_by=actor)
    if current["status"] == "final":
        raise CommitteeError("error.panel_final")
    if current["status"] != "open":
        raise CommitteeError("error.round_closed")
    return current


def _person(db, person_id: str) -> None:
    if not db.execute("SELECT 1 FROM people WHERE id = ?", [person_id]).fetchone():
        raise CommitteeError("error.unknown_person")


def add_member(db, pipeline, actor, topic_id, person_id, role="speaker") -> None:
    if role not in SEATED:
        raise CommitteeError("error.bad_role")
    _person(db, person_id)
    draft = _open_round(db, topic_id, actor)
    if any(p == person_id for p, _ in draft["members"]):
        return
    if role == "moderator":
        db.execute(
            "UPDATE panel_draft_members SET role = 'speaker' WHERE draft_id = ? AND role = 'moderator'", [draft["id"]]
        )
    db["panel_draft_members"].insert(
        {
            "draft_id": draft["id"],
            "person_id": person_id,
            "role": role,
            "added_by": actor["person_id"],
            "added_at": now_utc(),
        }
    )
    log_activity(
        db, actor, "draft.added", "topic", topic_id, {"round": draft["round"], "person": person_id, "role": role}
    )


def remove_member(db, pipeline, actor, topic_id, person_id) -> None:
    draft = _open_round(db, topic_id, actor)
    gone = db.execute(
        "DELETE FROM panel_draft_members WHERE draft_id = ? AND person_id = ?", [draft["id"], person_id]
    ).rowcount
    if gone:
        log_activity(db, actor, "draft.removed", "topic", topic_id, {"round": draft["round"], "person": person_id})


def swap_member(db, pipeline, actor, topic_id, out_person, in_person) -> None:
    """Swap as the check suggests: the newcomer takes the leaver's role."""
    _person(db, in_person)
    draft = _open_round(db, topic_id, actor)
    role = next((r for p, r in draft["members"] if p == out_person), None)
    if role is None:
        raise CommitteeError("error.not_on_panel")
    if any(p == in_person for p, _ in draft["members"]):
        raise CommitteeError("error.already_on_panel")
    db.execute("DELETE FROM panel_draft_members WHERE draft_id = ? AND person_id = ?", [draft["id"], out_person])
    db["panel_draft_members"].insert(
        {
            "draft_id": draft["id"],
            "person_id": in_person,
            "role": role,
            "added_by": actor["person_id"],
            "added_at": now_utc(),
        }
    )
    log_activity(
        db, actor, "draft.swapped", "topic", topic_id, {"round": draft["round"], "out": out_person, "in": in_person}
    )


def next_round(db, pipeline, actor, topic_id, members=None) -> dict:
    """Start a new round: a copy of the latest (or the composer's proposal); the earlier one is kept, closed."""
    topic = _topic(db, topic_id)
    current = _current(db, topic_id)
    if current and current["status"] == "final":
        raise CommitteeError("error.panel_final")
    if members is None:
        members = current["members"] if current else []
    return _new_round(db, topic_id, current["title"] if current else topic["title"], members, actor)


def adopt_proposal(db, pipeline, actor, topic_id) -> dict:
    topic = _topic(db, topic_id)
    current = _current(db, topic_id)
    proposal = propose(db, pipeline, topic, current["members"] if current else [])
    if not proposal["members"]:
        raise CommitteeError("error.no_proposal")
    return next_round(db, pipeline, actor, topic_id, proposal["members"])


def nominate(db, pipeline, actor, topic_id, name, organisation, gender, consent) -> None:
    _topic(db, topic_id)
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise CommitteeError("error.nominee_name")
    if gender not in GENDERS or consent not in CONSENT:
        raise CommitteeError("error.bad_choice")
    nid = (
        db["committee_nominations"]
        .insert(
            {
                "topic_id": topic_id,
                "name": name,
                "organisation": (organisation or "").strip()[:200] or None,
                "gender": gender,
                "consent": consent,
                "nominated_by": actor["person_id"],
                "nominated_at": now_utc(),
            }
        )
        .last_pk
    )
    # The log names the nomination, not the person: names stay in the nominations table.
    log_activity(db, actor, "nominee.added", "topic", topic_id, {"nomination": nid, "consent": consent})


def finalise(db, pipeline, actor, topic_id) -> str:
    """The latest round becomes the topic's final panel in the panels stage's tables; returns the panel id."""
    topic = _topic(db, topic_id)
    current = _current(db, topic_id)
    if current is None or not current["members"]:
        raise CommitteeError("error.empty_panel")
    if current["status"] == "final":
        raise CommitteeError("error.panel_final")
    existing = list(db.query("SELECT * FROM panels WHERE topic_id = ? AND round = 'final' ORDER BY id", [topic_id]))
    panel = existing[0] if existing else {"id": f"{topic_id}-final", "starts": None, "ends": None, "room": None}
    for old in existing:
        db.execute("DELETE FROM panellists WHERE panel_id = ?", [old["id"]])
        db.execute("DELETE FROM panels WHERE id = ?", [old["id"]])
    db["panels"].insert(
        {
            "id": panel["id"],
            "topic_id": topic_id,
            "round": "final",
            "title": current["title"] or topic["title"],
            "starts": panel["starts"],
            "ends": panel["ends"],
            "room": panel["room"],
        }
    )
    db["panellists"].insert_all(
        {"panel_id": panel["id"], "person_id": p, "role": r, "remote": 0} for p, r in current["members"]
    )
    now = now_utc()
    db.execute(
        "UPDATE panel_drafts SET status = 'final', finalised_at = ?, finalised_by = ?, panel_id = ? WHERE id = ?",
        [now, actor["person_id"], panel["id"], current["id"]],
    )
    n = len(current["members"])
    pipeline.append_decisions(
        "panels",
        [
            Decision(
                "panel.finalised",
                "panel",
                panel["id"],
                outcome="final",
                method="secretariat, from the committee's proposal rounds",
                tally={"panellists": n, "topic": topic_id, "round": current["round"]},
                rationale=f"round {current['round']} of topic {topic_id} made final in the committee workspace",
            )
        ],
    )
    log_activity(db, actor, "panel.finalised", "topic", topic_id, {"round": current["round"], "panel": panel["id"]})
    pipeline.recheck("panels")
    return panel["id"]
