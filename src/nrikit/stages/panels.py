"""Stage 4, panel selection: draft proposals and the final panels, checked against the edition's rules.

Every round is checked, so the findings show how drafts improved; a finding on
a final panel is an error, on a draft a warning.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from ..hookspecs import hookimpl
from ..model import Decision, Finding, Rule, Stage

ROLES = ("moderator", "speaker", "online_moderator", "rapporteur")
SPEAKING_ROLES = ("moderator", "speaker")


def load(ctx):
    panels, panellists = parse(ctx)
    if ctx.edition["panels"]["compose"]:
        panellists = composed(ctx, panels, panellists)
    return panels, panellists


def composed(ctx, panels, panellists):
    """[panels] compose = true: the composer's proposal replaces the final panels' seated panellists
    (moderator and speakers); drafts and supporting roles (online moderator, rapporteur) stay as given.
    Runs in load, so an infeasible composition stops the stage before anything is written."""
    from ..composer import compose
    from ..composer.pool import build_pool, plugin_constraints, seed_of
    from ..errors import StageError

    pool = build_pool(ctx, panels, panellists)
    seed = seed_of(ctx.edition)
    result = compose(pool.instance, seed=seed, time_limit=ctx.edition["panels"]["compose_time_limit"],
                     plugins=plugin_constraints(ctx.pm))
    if not result.panels:
        detail = "; ".join(r.message for r in result.relaxations) or result.status
        raise StageError(f"stage panels: [panels] compose = true, but the rules cannot all hold: {detail}")
    finals = {s.id for s in pool.instance.sessions}
    kept = [m for m in panellists if not (m["panel_id"] in finals and m["role"] in SPEAKING_ROLES)]
    remote = {c.id for c in pool.instance.candidates if c.remote}
    seats = [{"panel_id": s, "person_id": p, "role": role, "remote": int(p in remote)}
             for s, members in result.panels.items() for p, role in members]
    taken = {(m["panel_id"], m["person_id"]) for m in seats}
    ctx.decide(Decision("panels.composed", "edition", ctx.edition.id, outcome=f"{len(finals)} panels composed",
                        method="composer (HiGHS MILP) with seeded lottery tie-break",
                        tally={"status": result.status, "score": result.score, "gap": result.gap, "seed": seed,
                               "lottery_sha256": result.lottery, "candidates": len(pool.instance.candidates)},
                        rationale=f"lottery seed {seed} is published; rerunning with it reproduces the panels"))
    return seats + [m for m in kept if (m["panel_id"], m["person_id"]) not in taken]


def parse(ctx):
    """Read and validate the panels and panellists inputs (no writes)."""
    p = ctx.read("panels", required=("id", "topic", "title"), optional=("round", "starts", "ends", "room"))
    topics = {r["id"] for r in ctx.rows("SELECT id FROM topics")}
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
        panels[pid] = {"id": pid, "topic_id": p.ref(rec, "topic", topics, "topic"), "round": round_,
                       "title": p.text(rec, "title", required=True), "starts": starts, "ends": ends,
                       "room": p.text(rec, "room") or None}
    pp = ctx.read("panellists", required=("panel", "person"), optional=("role", "remote"))
    people = {r["id"] for r in ctx.rows("SELECT id FROM people")}
    panellists, seen = [], set()
    for rec in pp or ():
        panel = pp.ref(rec, "panel", panels, "panel")
        person = pp.ref(rec, "person", people, "person")
        if (panel, person) in seen:
            raise pp.error(rec, "person", f"{person} is listed twice on {panel}")
        seen.add((panel, person))
        panellists.append({"panel_id": panel, "person_id": person,
                           "role": pp.choice(rec, "role", ROLES, required=False, default="speaker"),
                           "remote": int(pp.boolean(rec, "remote"))})
    return panels, panellists


def write(ctx, data):
    panels, panellists = data
    ctx.db["panels"].insert_all(panels.values())
    ctx.db["panellists"].insert_all(panellists)
    for panel in panels.values():
        if panel["round"] == "final":
            members = sorted(p["person_id"] for p in panellists if p["panel_id"] == panel["id"])
            ctx.decide(Decision("panel.selected", "panel", panel["id"], outcome="final", method="committee",
                                tally={"panellists": len(members), "topic": panel["topic_id"]},
                                rationale=f"final panel on topic {panel['topic_id']} with {len(members)} panellists"))


@dataclass
class PanelView:
    id: str
    round: str
    title: str
    topic_id: str
    topic_tags: set
    starts: str | None
    ends: str | None
    members: list = field(default_factory=list)  # dicts: person_id, role, gender, stakeholder, expertise, remote

    @property
    def final(self) -> bool:
        return self.round == "final"

    @property
    def severity(self) -> str:
        return "error" if self.final else "warning"

    @property
    def label(self) -> str:
        return f"{'final' if self.final else self.round} panel {self.id} ({self.title})"


def panel_views(ctx) -> list[PanelView]:
    """Panels with their members' gender, stakeholder group and expertise, joined once."""
    topics = {r["id"]: set(json.loads(r["tags"] or "[]")) for r in ctx.rows("SELECT id, tags FROM topics")}
    views = {r["id"]: PanelView(r["id"], r["round"], r["title"], r["topic_id"], topics.get(r["topic_id"], set()),
                                r["starts"], r["ends"]) for r in ctx.rows("SELECT * FROM panels ORDER BY id")}
    for m in ctx.rows("SELECT pp.panel_id, pp.person_id, pp.role, pp.remote, p.gender, p.expertise, p.country, "
                      "o.stakeholder FROM panellists pp JOIN people p ON p.id = pp.person_id "
                      "LEFT JOIN organisations o ON o.id = p.organisation_id ORDER BY pp.panel_id, pp.person_id"):
        m["expertise"] = set(json.loads(m["expertise"] or "[]"))
        views[m["panel_id"]].members.append(m)
    return list(views.values())


def candidate_pool(ctx) -> list[dict]:
    rows = ctx.rows("SELECT p.id, p.gender, p.expertise, o.stakeholder FROM people p "
                    "LEFT JOIN organisations o ON o.id = p.organisation_id ORDER BY p.id")
    for r in rows:
        r["expertise"] = set(json.loads(r["expertise"] or "[]"))
    return rows


def suggest_swap(ctx, panel: PanelView, want) -> str:
    """A pool member who would fix the panel if swapped in for a speaker, or ''."""
    on_panel = {m["person_id"] for m in panel.members}
    for person in candidate_pool(ctx):
        if person["id"] in on_panel or not want(person):
            continue
        if panel.topic_tags and not (person["expertise"] & panel.topic_tags):
            continue
        speakers = [m for m in panel.members if m["role"] == "speaker"]
        out = speakers[-1]["person_id"] if speakers else None
        return f"swapping {out} for {person['id']} would satisfy it" if out else f"adding {person['id']} would satisfy it"
    return ""


def _stated(members):
    return [m["gender"] for m in members if m["gender"] in ("woman", "man", "non_binary")]


def check_gender(ctx):
    rule = ctx.edition["panels"]["gender_rule"]
    for panel in panel_views(ctx):
        genders = _stated(panel.members)
        if not panel.members:
            continue
        if genders and all(g == "man" for g in genders):
            hint = suggest_swap(ctx, panel, lambda p: p["gender"] in ("woman", "non_binary"))
            yield Finding("panel_gender", panel.severity, f"panel:{panel.id}",
                          f"{panel.label} has no women: all {len(genders)} panellists are men", hint or "add a woman to the panel")
        elif rule == "mixed" and len(set(genders)) == 1 and len(genders) > 1:
            other = "man" if genders[0] != "man" else "woman"
            yield Finding("panel_gender", panel.severity, f"panel:{panel.id}",
                          f"{panel.label} has panellists of one gender only ({genders[0]})",
                          suggest_swap(ctx, panel, lambda p: p["gender"] == other) or "the global IGF asks for at least one speaker of a different gender")
        elif rule == "parity" and genders:
            top = max(genders.count(g) for g in set(genders))
            if top / len(genders) > 0.6:
                yield Finding("panel_gender", panel.severity, f"panel:{panel.id}",
                              f"{panel.label} is not gender-balanced: {top} of {len(genders)} panellists share one gender",
                              "parity asks that no gender holds more than 60% of the seats")


def check_stakeholders(ctx):
    minimum = ctx.edition["panels"]["min_stakeholder_groups"]
    for panel in panel_views(ctx):
        groups = {m["stakeholder"] for m in panel.members if m["stakeholder"]}
        if panel.members and len(groups) < minimum:
            hint = suggest_swap(ctx, panel, lambda p: p["stakeholder"] and p["stakeholder"] not in groups)
            yield Finding("panel_stakeholders", panel.severity, f"panel:{panel.id}",
                          f"{panel.label} draws on {len(groups)} stakeholder group(s) "
                          f"({', '.join(sorted(groups)) or 'none'}), fewer than {minimum}", hint)


def check_expertise(ctx):
    if not ctx.edition["panels"]["require_expertise"]:
        return
    for panel in panel_views(ctx):
        if not panel.topic_tags:
            continue
        for m in panel.members:
            if m["role"] == "speaker" and not (m["expertise"] & panel.topic_tags):
                yield Finding("panel_expertise", panel.severity, f"panel:{panel.id}",
                              f"speaker {m['person_id']} on {panel.label} has none of the topic's expertise "
                              f"({', '.join(sorted(panel.topic_tags))})",
                              suggest_swap(ctx, panel, lambda p: True) or "choose a speaker with matching expertise")


def check_composition(ctx):
    cfg = ctx.edition["panels"]
    for panel in panel_views(ctx):
        if not panel.final:
            continue
        n = len(panel.members)
        if n < cfg["min_size"] or n > cfg["max_size"]:
            yield Finding("panel_composition", "error", f"panel:{panel.id}",
                          f"{panel.label} has {n} panellists, outside {cfg['min_size']}-{cfg['max_size']}")
        if cfg["require_moderator"] and not any(m["role"] in ("moderator", "online_moderator") for m in panel.members):
            yield Finding("panel_composition", "error", f"panel:{panel.id}", f"{panel.label} has no moderator",
                          "give one panellist the moderator role")


def check_sessions_per_speaker(ctx):
    limit = ctx.edition["panels"]["max_sessions_per_speaker"]
    count = defaultdict(list)
    for panel in panel_views(ctx):
        if panel.final:
            for m in panel.members:
                count[m["person_id"]].append(panel.id)
    for person, panels in sorted(count.items()):
        if len(panels) > limit:
            yield Finding("speaker_sessions", "error", f"person:{person}",
                          f"{person} sits on {len(panels)} final panels ({', '.join(panels)}), more than {limit}",
                          "spread the sessions over more people")


def check_availability(ctx):
    slots = defaultdict(list)
    for panel in panel_views(ctx):
        if panel.final and panel.starts and panel.ends:
            for m in panel.members:
                slots[m["person_id"]].append((panel.starts, panel.ends, panel.id))
    for person, items in sorted(slots.items()):
        items.sort()
        for (s1, e1, p1), (s2, e2, p2) in zip(items, items[1:]):
            if s2 < e1:
                yield Finding("panel_availability", "error", f"person:{person}",
                              f"{person} is on {p1} and {p2} at the same time", "move one of the sessions or the person")


def check_topic_approved(ctx):
    approved = {r["topic_id"] for r in ctx.rows("SELECT topic_id FROM topic_decisions WHERE approved")}
    final_topics = set()
    for panel in panel_views(ctx):
        if panel.final:
            final_topics.add(panel.topic_id)
            if approved and panel.topic_id not in approved:
                yield Finding("panel_topic", "warning", f"panel:{panel.id}",
                              f"{panel.label} is on topic {panel.topic_id}, which was not approved")
    for topic in sorted(approved - final_topics):
        if final_topics:
            yield Finding("panel_topic", "warning", f"topic:{topic}", f"approved topic {topic} has no final panel")


def summary(ctx) -> str:
    views = panel_views(ctx)
    finals = [v for v in views if v.final]
    rounds = sorted({v.round for v in views if not v.final})
    lines = [f"Panels: {len(finals)} final panels"
             + (f", after {len(rounds)} draft round(s) ({', '.join(rounds)})" if rounds else "") + ".", "",
             "| Panel | Topic | Panellists | Women | Men | Stakeholder groups |", "|---|---|---|---|---|---|"]
    for v in finals:
        genders = [m["gender"] for m in v.members]
        lines.append(f"| {v.title} | {v.topic_id} | {len(v.members)} | {genders.count('woman')} | {genders.count('man')} | "
                     f"{len({m['stakeholder'] for m in v.members if m['stakeholder']})} |")
    return "\n".join(lines)


@hookimpl
def register_stages(register):
    register(Stage("panels", 40, "Panel proposals and the final panels", ("panels", "panellists"), load, write, summary))


@hookimpl
def register_rules(register):
    register(Rule("panel_gender", "panels", "No all-male panel; the [panels] gender_rule holds.", check_gender))
    register(Rule("panel_stakeholders", "panels", "Each panel draws on [panels] min_stakeholder_groups groups.", check_stakeholders))
    register(Rule("panel_expertise", "panels", "Speakers have expertise in their panel's topic.", check_expertise))
    register(Rule("panel_composition", "panels", "Final panels have a moderator and a size within bounds.", check_composition))
    register(Rule("speaker_sessions", "panels", "No one sits on more than [panels] max_sessions_per_speaker final panels.", check_sessions_per_speaker))
    register(Rule("panel_availability", "panels", "No one is on two final panels at the same time.", check_availability))
    register(Rule("panel_topic", "panels", "Final panels cover the approved topics and only those.", check_topic_approved))
