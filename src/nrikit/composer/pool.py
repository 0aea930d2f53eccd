"""From an edition's workspace and inputs to a composer Instance: sessions, candidate pool, drafts.

The pool is everyone who offered to speak in the open call (interest with
role_sought = speaker), everyone the committee nominated (the optional
`nominations` input: person, topic, nominated_by, score, remote, newcomer), and
everyone already on a draft or final panel. The sessions to fill are the final
panels of the `panels` input (their topic, time and room), or, when it lists
none, one panel per approved topic.

Draft roles are those of composer.drafts (SEATED: the roles that take a seat).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from .drafts import SEATED, parse
from .model import Candidate, Instance, Rules, Session


@dataclass
class Pool:
    instance: Instance  # sessions = the panels to compose
    rounds: dict = field(default_factory=dict)  # round -> [Session]
    drafts: dict = field(default_factory=dict)  # round -> {panel: [(person, role)]}
    nominations: int = 0


NOMINATION_FIELDS = ("person", "topic", "nominated_by", "score", "remote", "newcomer")


def read_nominations(ctx, topics, people) -> list[dict]:
    """The committee's nominations. A nomination form (feeds = ["people"]) names the nominee by
    e-mail (the call stage added them to people) and the topic by id or title."""
    from ..people import PERSON_FIELDS, normalise_email
    from ..taxonomy import fold

    spec = ctx.edition.input("nominations")
    form = spec is not None and "people" in spec.feeds
    n = ctx.read(
        "nominations",
        required=("topic",) if form else ("person", "topic"),
        optional=(*NOMINATION_FIELDS, *(PERSON_FIELDS if form else ())),
    )
    by_email, titles = {}, {}
    if form:
        for r in ctx.rows("SELECT id, email FROM people WHERE email IS NOT NULL"):
            by_email.setdefault(normalise_email(r["email"]), r["id"])
        titles = {fold(r["title"]): r["id"] for r in ctx.rows("SELECT id, title FROM topics")}
    out = []
    for rec in n or ():
        score = n.number(rec, "score")
        if score is not None and not 0 <= score <= 10:
            raise n.error(rec, "score", f"score {score:g} is outside 0-10")
        if form and not n.has("person"):
            person = by_email.get(normalise_email(n.text(rec, "email")) or "")
            if person is None:
                raise n.error(
                    rec, "email", "the nominee has no e-mail address nrikit knows", "add the nominee's e-mail"
                )
        else:
            person = n.ref(rec, "person", people, "person")
        topic_text = n.text(rec, "topic")
        topic = titles.get(fold(topic_text)) if form and topic_text not in topics else None
        out.append(
            {
                "person": person,
                "topic": topic or n.ref(rec, "topic", topics, "topic"),
                "nominated_by": n.text(rec, "nominated_by"),
                "score": score if score is not None else 0.0,
                "remote": n.boolean(rec, "remote"),
                "newcomer": n.boolean(rec, "newcomer"),
            }
        )
    return out


PERSON_SQL = (
    "SELECT p.id, p.gender, p.country, p.expertise, p.organisation_id, o.stakeholder FROM people p "
    "LEFT JOIN organisations o ON o.id = p.organisation_id"
)


def person_candidate(r: dict) -> Candidate:
    """A candidate from a PERSON_SQL row: what the workspace knows of a person the composer may seat."""
    return Candidate(
        r["id"],
        gender=r["gender"] or "not_stated",
        stakeholder=r["stakeholder"],
        organisation=r["organisation_id"],
        country=r["country"],
        expertise=frozenset(json.loads(r["expertise"] or "[]")),
    )


def build_pool(ctx, panels: dict | None = None, panellists: list | None = None) -> Pool:
    """Needs the call and survey stages' tables. `panels`/`panellists` are the parsed panels input
    (drafts.parse, as the panels stage reads it); read here when not given."""
    if panels is None:
        panels, panellists = parse(ctx)
    topics = {r["id"]: frozenset(json.loads(r["tags"] or "[]")) for r in ctx.rows("SELECT id, tags FROM topics")}
    people = {r["id"]: r for r in ctx.rows(PERSON_SQL)}
    nominations = read_nominations(ctx, topics, people)

    pool: dict[str, Candidate] = {}

    def candidate(pid) -> Candidate:
        if pid not in pool:
            pool[pid] = person_candidate(people[pid])
        return pool[pid]

    for r in ctx.rows(
        "SELECT person_id, stakeholder, expertise FROM expressions_of_interest "
        "WHERE role_sought = 'speaker' AND person_id IS NOT NULL ORDER BY id"
    ):
        c = candidate(r["person_id"])
        c.offered = True
        c.expertise = c.expertise | frozenset(json.loads(r["expertise"] or "[]"))
        c.stakeholder = c.stakeholder or r["stakeholder"]
    for n in nominations:
        c = candidate(n["person"])
        c.nominations[n["topic"]] = max(n["score"], c.nominations.get(n["topic"], 0.0))
        c.remote = c.remote or n["remote"]
        c.newcomer = c.newcomer or n["newcomer"]
    rounds: dict[str, list[Session]] = defaultdict(list)
    for p in (panels or {}).values():
        rounds[p["round"]].append(
            Session(
                p["id"],
                p["topic_id"],
                p["title"],
                topics.get(p["topic_id"], frozenset()),
                p["starts"],
                p["ends"],
                p["room"],
            )
        )
    drafts: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for m in panellists or ():
        c = candidate(m["person_id"])
        if m["remote"]:
            c.remote = True
        round_ = panels[m["panel_id"]]["round"]
        if m["role"] in SEATED:
            drafts[round_][m["panel_id"]].append((m["person_id"], m["role"]))
    for round_, sessions in rounds.items():
        for s in sessions:
            drafts[round_].setdefault(s.id, [])
    sessions = rounds.get("final")
    if not sessions:
        approved = [
            r["topic_id"]
            for r in ctx.rows(
                "SELECT d.topic_id, t.title FROM topic_decisions d JOIN topics t ON t.id = d.topic_id "
                "WHERE d.approved ORDER BY d.topic_id"
            )
        ]
        titles = {r["id"]: r["title"] for r in ctx.rows("SELECT id, title FROM topics")}
        sessions = [Session(f"{ctx.edition.id}-{t}", t, titles[t], topics[t]) for t in approved]
    instance = Instance(
        list(sessions),
        sorted(pool.values(), key=lambda c: c.id),
        Rules.from_config(ctx.edition["panels"]),
        ctx.edition["nri"]["country"],
    )
    return Pool(instance, dict(rounds), {r: dict(d) for r, d in drafts.items()}, len(nominations))


def plugin_constraints(pm) -> list:
    from ..plugins import collect

    return [obj for _, (_, obj) in sorted(collect(pm, "register_composer_constraints").items())]


def seed_of(edition, override: int | None = None) -> int:
    if override is not None:
        return override
    seed = edition["panels"].get("lottery_seed")
    return edition.year if seed is None else seed
