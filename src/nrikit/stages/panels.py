"""Stage 4, panel selection: draft proposals and the final panels, checked against the edition's rules.

Every round is checked, so the findings show how drafts improved; a finding on
a final panel is an error, on a draft a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..hookspecs import hookimpl
from ..i18n import N_, Msg, Person, T
from ..model import Decision, Finding, Rule, Stage
from .markdown import md_text


def load(ctx):
    # The composer package is imported when a stage runs, not when plugins load (`nrikit --help`).
    from ..composer.drafts import parse

    panels, panellists = parse(ctx)
    if ctx.edition["panels"]["compose"]:
        panellists = composed(ctx, panels, panellists)
    return panels, panellists


def composed(ctx, panels, panellists):
    """[panels] compose = true: the composer's proposal replaces the final panels' seated panellists
    (moderator and speakers); drafts and supporting roles (online moderator, rapporteur) stay as given.
    Runs in load, so an infeasible composition stops the stage before anything is written."""
    from ..composer import compose
    from ..composer.drafts import SEATED
    from ..composer.pool import build_pool, plugin_constraints, seed_of
    from ..errors import StageError

    pool = build_pool(ctx, panels, panellists)
    seed = seed_of(ctx.edition)
    result = compose(
        pool.instance,
        seed=seed,
        time_limit=ctx.edition["panels"]["compose_time_limit"],
        mip_gap=ctx.edition["panels"]["compose_gap"],
        plugins=plugin_constraints(ctx.pm),
    )
    if not result.panels:
        detail = "; ".join(r.message for r in result.relaxations) or (
            f"no solution within compose_time_limit ({ctx.edition['panels']['compose_time_limit']} s)"
            if result.status == "no_solution"
            else result.status
        )
        raise StageError(f"stage panels: [panels] compose = true, but the rules cannot all hold: {detail}")
    finals = {s.id for s in pool.instance.sessions}
    kept = [m for m in panellists if not (m["panel_id"] in finals and m["role"] in SEATED)]
    remote = {c.id for c in pool.instance.candidates if c.remote}
    seats = [
        {"panel_id": s, "person_id": p, "role": role, "remote": int(p in remote)}
        for s, members in result.panels.items()
        for p, role in members
    ]
    taken = {(m["panel_id"], m["person_id"]) for m in seats}
    ctx.decide(
        Decision(
            "panels.composed",
            "edition",
            ctx.edition.id,
            outcome=f"{len(finals)} panels composed",
            method="composer (HiGHS MILP) with seeded lottery tie-break",
            tally={
                "status": result.status,
                "score": result.score,
                "gap": result.gap,
                "seed": seed,
                "lottery_sha256": result.lottery,
                "candidates": len(pool.instance.candidates),
            },
            rationale=f"lottery seed {seed} is published; rerunning with it reproduces the panels",
        )
    )
    return seats + [m for m in kept if (m["panel_id"], m["person_id"]) not in taken]


def write(ctx, data):
    panels, panellists = data
    ctx.db["panels"].insert_all(panels.values())
    ctx.db["panellists"].insert_all(panellists)
    for panel in panels.values():
        if panel["round"] == "final":
            members = sorted(p["person_id"] for p in panellists if p["panel_id"] == panel["id"])
            method = "composer" if ctx.edition["panels"]["compose"] else "committee"
            ctx.decide(
                Decision(
                    "panel.selected",
                    "panel",
                    panel["id"],
                    outcome="final",
                    method=method,
                    tally={"panellists": len(members), "topic": panel["topic_id"]},
                    rationale=f"final panel on topic {panel['topic_id']} with {len(members)} panellists",
                )
            )


@dataclass
class PanelView:  # used by summary()
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
    views = {
        r["id"]: PanelView(
            r["id"], r["round"], r["title"], r["topic_id"], topics.get(r["topic_id"], set()), r["starts"], r["ends"]
        )
        for r in ctx.rows("SELECT * FROM panels ORDER BY id")
    }
    for m in ctx.rows(
        "SELECT pp.panel_id, pp.person_id, pp.role, pp.remote, p.gender, p.expertise, p.country, "
        "o.stakeholder FROM panellists pp JOIN people p ON p.id = pp.person_id "
        "LEFT JOIN organisations o ON o.id = p.organisation_id ORDER BY pp.panel_id, pp.person_id"
    ):
        m["expertise"] = set(json.loads(m["expertise"] or "[]"))
        views[m["panel_id"]].members.append(m)
    return list(views.values())


# The panel rules are the composer's rules (nrikit.composer.model): one definition, used by the solver
# to propose panels, by `nrikit compose --check`, and here to check every round of the panels input.
STAGE_RULE = {
    "gender": "panel_gender",
    "stakeholder_groups": "panel_stakeholders",
    "expertise": "panel_expertise",
    "size": "panel_composition",
    "moderator": "panel_composition",
    "sessions_per_person": "speaker_sessions",
    "availability": "panel_availability",
    "sessions_per_organisation": "organisation_sessions",
    "quota_international": "panel_quotas",
    "quota_remote": "panel_quotas",
    "quota_newcomers": "panel_quotas",
}
# Drafts are proposals under discussion: only the make-up of each panel is checked, not the programme.
FINAL_ONLY = {"size", "moderator", "sessions_per_person", "availability", "sessions_per_organisation"}
DEFAULT_HINTS = {
    "gender": N_("the global IGF asks for at least one speaker of a different gender from the rest"),
    "expertise": N_("choose a speaker with matching expertise"),
    "moderator": N_("give one panellist the moderator role"),
    "sessions_per_person": N_("spread the sessions over more people"),
    "availability": N_("move one of the sessions or the person"),
}


def _panel_name(title: str, pid: str, round_: str) -> str:
    """A panel by its title (public), with the draft round it belongs to: data, not a sentence."""
    name = f"“{title}”" if title else pid
    return name if round_ == "final" else f"{name} ({round_})"


def rule_findings(ctx) -> list[Finding]:
    """Every round of the panels table checked by the composer's check mode, once per stage run."""
    cached = ctx.__dict__.get("_panel_rule_findings")
    if cached is not None:
        return cached
    from ..composer import check
    from ..composer.model import Instance
    from ..composer.pool import build_pool, plugin_constraints

    panels = {r["id"]: r for r in ctx.rows("SELECT * FROM panels")}
    pool = build_pool(ctx, panels, ctx.rows("SELECT * FROM panellists"))
    constraints = plugin_constraints(ctx.pm)
    titles = {pid: r["title"] for pid, r in panels.items()}
    people = {r["id"]: r["name"] for r in ctx.rows("SELECT id, name FROM people")}
    organisations = {r["id"]: r["name"] or r["id"] for r in ctx.rows("SELECT id, name FROM organisations")}

    def named(params: dict, round_: str) -> dict:
        """What may be named is named: people (by name where consented, at publishing), panels by
        title, organisations and groups by name; also inside a suggestion's own parameters."""
        out = {}
        for key, v in params.items():
            if isinstance(v, dict) and "msg" in v:
                v = {"msg": v["msg"], "params": named(v["params"], round_)}
            elif key in ("person", "out_person", "in_person") and isinstance(v, str):
                v = Person(v, people.get(v), "panel")
            elif key == "moderators" and isinstance(v, list):
                v = [Person(p, people.get(p), "panel") for p in v]
            elif key == "panels" and isinstance(v, list):
                v = [_panel_name(titles.get(p, ""), p, round_) for p in v]
            elif key == "panel" and isinstance(v, str) and v in titles:
                v = _panel_name(titles[v], v, round_)
            elif key == "organisation" and isinstance(v, str):
                v = organisations.get(v, v)
            elif key == "groups" and isinstance(v, list):
                v = [T(ctx.taxonomy.label(g)) for g in v]
            out[key] = v
        return out

    out = []
    for round_, sessions in sorted(pool.rounds.items()):
        final = round_ == "final"
        draft = pool.drafts.get(round_, {})
        staffed = [s for s in sessions if draft.get(s.id)]
        if final:
            # An empty final panel is only a size problem; its make-up has nothing to check yet.
            out += [
                Finding(
                    "panel_composition",
                    "error",
                    f"panel:{s.id}",
                    N_("panel {panel} has {n} panellists, outside {min_size}-{max_size}"),
                    "",
                    {
                        "panel": _panel_name(s.title, s.id, round_),
                        "n": 0,
                        "min_size": pool.instance.rules.min_size,
                        "max_size": pool.instance.rules.max_size,
                    },
                )
                for s in sessions
                if not draft.get(s.id)
            ]
        inst = Instance(staffed, pool.instance.candidates, pool.instance.rules, pool.instance.home_country)
        for v in check(inst, {s.id: draft[s.id] for s in staffed}, plugins=constraints):
            if not final and v.rule in FINAL_ONLY:
                continue
            message, params = v.message_id or v.message, dict(v.params)
            hint = DEFAULT_HINTS.get(v.rule, "")
            if v.suggestion:
                fix = v.suggestion.param() if isinstance(v.suggestion, Msg) else v.suggestion
                hint, params["fix"] = N_("{fix}: fixes it without breaking another panel rule"), fix
            params = named(params, round_)
            out.append(
                Finding(
                    STAGE_RULE.get(v.rule, "panel_plugin_rules"),
                    "error" if final else "warning",
                    v.subject,
                    message,
                    hint,
                    params,
                )
            )
    ctx.__dict__["_panel_rule_findings"] = out
    return out


def _findings_of(rule):
    def check(ctx):
        return [f for f in rule_findings(ctx) if f.rule == rule]

    check.__name__ = f"check_{rule}"
    return check


def check_topic_approved(ctx):
    approved = {r["topic_id"] for r in ctx.rows("SELECT topic_id FROM topic_decisions WHERE approved")}
    topics = {r["id"]: f"“{r['title']}”" if r["title"] else r["id"] for r in ctx.rows("SELECT id, title FROM topics")}
    final_topics = set()
    for panel in panel_views(ctx):
        if panel.final:
            final_topics.add(panel.topic_id)
            if approved and panel.topic_id not in approved:
                yield Finding(
                    "panel_topic",
                    "warning",
                    f"panel:{panel.id}",
                    N_("panel {panel} is on topic {topic}, which was not approved"),
                    "",
                    {
                        "panel": _panel_name(panel.title, panel.id, "final"),
                        "topic": topics.get(panel.topic_id, panel.topic_id),
                    },
                )
    for topic in sorted(approved - final_topics):
        if final_topics:
            yield Finding(
                "panel_topic",
                "warning",
                f"topic:{topic}",
                N_("approved topic {topic} has no final panel"),
                "",
                {"topic": topics.get(topic, topic)},
            )


def summary(ctx) -> str:
    views = panel_views(ctx)
    finals = [v for v in views if v.final]
    rounds = sorted({v.round for v in views if not v.final})
    t = ctx.gettext
    head = [
        t(N_("Panel")),
        t(N_("Topic")),
        t(N_("Panellists")),
        t(N_("Women")),
        t(N_("Men")),
        t(N_("Stakeholder groups")),
    ]
    lines = [
        (
            t(
                N_("Panels: {n} final panels, after {rounds} draft round(s) ({names})."),
                n=len(finals),
                rounds=len(rounds),
                names=", ".join(rounds),
            )
            if rounds
            else t(N_("Panels: {n} final panels."), n=len(finals))
        ),
        "",
        "| " + " | ".join(md_text(h, cell=True) for h in head) + " |",
        "|---|---|---|---|---|---|",
    ]
    for v in finals:
        genders = [m["gender"] for m in v.members]
        lines.append(
            f"| {md_text(v.title, cell=True)} | {md_text(v.topic_id, cell=True)} | {len(v.members)} | {genders.count('woman')} | {genders.count('man')} | "
            f"{len({m['stakeholder'] for m in v.members if m['stakeholder']})} |"
        )
    return "\n".join(lines)


@hookimpl
def register_stages(register):
    register(
        Stage("panels", 40, N_("Panel proposals and the final panels"), ("panels", "panellists"), load, write, summary)
    )


def local_days(ctx) -> dict[str, str]:
    """{final panel id: the day it takes place}, on the event's own calendar, not UTC's: a
    schedule export's local date of each session, else the start in the panels input's
    timezone (the zone its times were read in), else the stored (UTC) date."""
    import datetime as dt

    rows = ctx.rows("SELECT id, starts FROM panels WHERE round = 'final' AND starts IS NOT NULL ORDER BY id")
    spec = ctx.edition.input("panels")
    if spec is not None and spec.format == "pretalx" and spec.path.exists():
        from ..importers.pretalx import local_dates

        schedule = local_dates(spec.path)
        return {p["id"]: schedule.get(p["id"], p["starts"][:10]) for p in rows}
    zone = getattr(spec, "timezone", None) if spec is not None else None
    if not zone:
        return {p["id"]: p["starts"][:10] for p in rows}
    from ..dates import parse_timezone

    tz = parse_timezone(zone)
    return {
        p["id"]: dt.datetime.fromisoformat(p["starts"].replace("Z", "+00:00")).astimezone(tz).date().isoformat()
        for p in rows
    }


def check_schedule(ctx):
    """Sessions dated outside the edition, and sessions without speakers (a schedule export keeps both)."""
    e = ctx.edition["edition"]
    first, last = e["start"].isoformat(), e["end"].isoformat()
    days = local_days(ctx)
    for p in ctx.rows("SELECT id, title, starts FROM panels WHERE round = 'final' AND starts IS NOT NULL ORDER BY id"):
        if not first <= days[p["id"]] <= last:
            yield Finding(
                "panel_schedule",
                "warning",
                f"panel:{p['id']}",
                N_("session {title} is dated {day}, outside the edition ({first} to {last})"),
                N_("check the schedule export, or the edition's start and end"),
                {"title": repr(p["title"]), "day": days[p["id"]], "first": first, "last": last},
            )
    for p in ctx.rows(
        "SELECT id, title FROM panels WHERE round = 'final' AND id NOT IN (SELECT panel_id FROM panellists) ORDER BY id"
    ):
        yield Finding(
            "panel_schedule",
            "warning",
            f"panel:{p['id']}",
            N_("session {title} has no speakers"),
            N_("add its speakers, or remove it from the programme if it did not take place"),
            {"title": repr(p["title"])},
        )


@hookimpl
def register_rules(register):
    for name, description in (
        ("panel_gender", "No all-male panel; the [panels] gender_rule holds."),
        ("panel_stakeholders", "Each panel draws on [panels] min_stakeholder_groups groups."),
        ("panel_expertise", "Speakers have expertise in their panel's topic (or a nomination for it)."),
        ("panel_composition", "Final panels have exactly one moderator and a size within bounds."),
        ("speaker_sessions", "No one sits on more than [panels] max_sessions_per_speaker final panels."),
        ("panel_availability", "No one is on two final panels at the same time."),
        (
            "organisation_sessions",
            "No organisation holds more than [panels] max_sessions_per_organisation final seats.",
        ),
        ("panel_quotas", "Each panel meets the [panels] quotas (international, remote, newcomers)."),
        ("panel_plugin_rules", "Panel rules added by plugins through register_composer_constraints."),
    ):
        register(Rule(name, "panels", description, _findings_of(name)))
    register(
        Rule("panel_topic", "panels", "Final panels cover the approved topics and only those.", check_topic_approved)
    )
    register(
        Rule(
            "panel_schedule",
            "panels",
            "Sessions are dated within the edition and have speakers.",
            check_schedule,
        )
    )
